"""Industries: GB/T 4754-2017 国民经济行业分类 → ``Industry`` (门类 / 大类 / 中类 / 小类) with ``PART_OF``.

* The file gives 275 中类 rows; a 中类 that is not subdivided has no row of its own, only its single
  小类 whose code ends in 0 (``0190 其他农业`` implies ``019 其他农业``). Those 中类 are created from
  that 小类 row (same name, as the standard does), so all 473 中类 exist.
* A second row with code 374 (飞机制造, carrying the description of aircraft manufacturing) repeats the
  中类 code 374; it is rejected (it is most likely 小类 3741, which the file lacks) — not guessed.
* English names of the 20 门类 come from ISIC Rev.4 sections via :data:`GBT_TO_ISIC` (GB/T 4754 letters
  follow ISIC closely but not exactly; the mapping is by content and checked by a test).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from ingest.base import Batch
from ingest.reference.common import FileResult, RefContext, clean, evidence_of, node, rel
from ingest.reference.sources import GBT4754, ISIC

PART = "industries"
EXTRACTOR = "ref-industries@1"
LEVELS = {"1": "门类", "2": "大类", "3": "中类", "4": "小类"}

#: GB/T 4754-2017 门类 → the ISIC Rev.4 section with the same scope (closest where GB/T regroups):
#: E 建筑业 = ISIC F; F 批发和零售业 = G; G 交通运输、仓储和邮政业 = H; H 住宿和餐饮业 = I;
#: I 信息传输、软件和信息技术服务业 = J; J 金融业 = K; K 房地产业 = L; L 租赁和商务服务业 ≈ N;
#: N 水利、环境和公共设施管理业 ≈ E (water, waste, remediation); O 居民服务、修理和其他服务业 ≈ S;
#: S 公共管理、社会保障和社会组织 ≈ O; T 国际组织 = U. ISIC T (households as employers) has no 门类.
GBT_TO_ISIC: dict[str, str] = {
    "A": "A", "B": "B", "C": "C", "D": "D", "E": "F", "F": "G", "G": "H", "H": "I", "I": "J", "J": "K",
    "K": "L", "L": "N", "M": "M", "N": "E", "O": "S", "P": "P", "Q": "Q", "R": "R", "S": "O", "T": "U",
}


@dataclass
class Industries:
    names: dict[str, str] = field(default_factory=dict)  # code -> name
    levels: dict[str, str] = field(default_factory=dict)  # code -> 门类/大类/中类/小类
    name_en: dict[str, str] = field(default_factory=dict)  # 门类 letter -> ISIC section title
    section_of: dict[str, str] = field(default_factory=dict)  # 大类 code -> 门类 letter
    result: FileResult | None = None

    def parent(self, code: str) -> str | None:
        lvl = self.levels.get(code)
        if lvl == "小类":
            return code[:3]
        if lvl == "中类":
            return code[:2]
        if lvl == "大类":
            return self.section_of.get(code)
        return None


def isic_sections(ctx: RefContext) -> dict[str, str]:
    """{section letter: title} from the ISIC Rev.4 file."""
    if not ctx.exists(ISIC):
        return {}
    _, rows = ctx.csv(ISIC)
    return {r["code"].strip(): r["title"].strip() for r in rows if r and r.get("level", "").strip() == "section"}


def load_industries(ctx: RefContext) -> Industries:
    return ctx.memo(PART, lambda: _read(ctx))


def _read(ctx: RefContext) -> Industries:
    src = ctx.file(GBT4754, EXTRACTOR)
    res = FileResult(src, PART)
    ind = Industries(result=res)
    header, rows = ctx.csv(src.relpath)
    need = {"level", "code", "section", "division", "name_zh"}
    if not need <= set(header):
        res.reject(f"missing columns {sorted(need - set(header))}")
        return ind
    sections = isic_sections(ctx)
    if not sections:
        res.reject(f"{ISIC} missing or empty: 门类 have no English names", None, "name_en")
    first_row: dict[str, int] = {}
    provs = {}
    for i, r in enumerate(rows, start=2):
        if not r:
            continue
        res.rows_read += 1
        lvl, code, name = LEVELS.get(r["level"].strip()), clean(r["code"]), clean(r["name_zh"])
        if not lvl or not code or not name:
            res.reject(f"unreadable industry row (level {r['level']!r}, code {code!r})", i)
            continue
        if code in ind.levels:
            res.reject(f"duplicate code {code} ({name}); the code is already {ind.names[code]} "
                       f"(row {first_row[code]}) — not loaded", i, "code")
            continue
        first_row[code] = i
        ind.names[code], ind.levels[code] = name, lvl
        if lvl == "大类":
            ind.section_of[code] = clean(r["section"])
        p = src.prov(f"row {i}", evidence_of(r.values()))
        provs[code] = p
        props = {"name": name, "level": lvl, "description": clean(r.get("description_zh"))}
        if lvl == "门类" and code in GBT_TO_ISIC and GBT_TO_ISIC[code] in sections:
            props["name_en"] = ind.name_en[code] = sections[GBT_TO_ISIC[code]]
        res.nodes.append(node("Industry", code, props, p))
    # 中类 implied by an undivided 小类 (code ending in 0)
    implied = 0
    for code in [c for c, lv in ind.levels.items() if lv == "小类"]:
        group = code[:3]
        if group in ind.levels:
            continue
        if not code.endswith("0"):
            res.reject(f"小类 {code} has no 中类 {group} row and does not end in 0", first_row[code], "code")
            continue
        implied += 1
        ind.names[group], ind.levels[group] = ind.names[code], "中类"
        p = src.prov(f"row {first_row[code]}", provs[code].evidence, confidence=1.0)
        res.nodes.append(node("Industry", group, {"name": ind.names[code], "level": "中类"}, p))
        provs[group] = p
    for code, lvl in ind.levels.items():
        if lvl == "门类":
            continue
        parent = ind.parent(code)
        if parent not in ind.levels:
            res.reject(f"{lvl} {code} has no parent {parent!r}", first_row.get(code), "code")
            continue
        res.rels.append(rel("PART_OF", "Industry", code, "Industry", parent, provs[code]))
    res.report = {"by_level": {lv: sum(1 for v in ind.levels.values() if v == lv) for lv in LEVELS.values()},
                  "implied_中类": implied, "门类_with_english_name": len(ind.name_en)}
    return ind


def batches(ctx: RefContext) -> Iterator[Batch]:
    yield from load_industries(ctx).result.batches()
