"""A college's own partnership table (CSV/XLSX) → ``PARTNERS_WITH`` and the projects, platforms and
alliances around it.

``kg ingest FILE… --kind partnerships``. One file = one :class:`~ingest.base.Batch` (one transaction);
the template with every column is ``data/templates/partnerships_template.csv`` (documented in
``data/templates/README.md``), a made-up example is ``data/examples/partnerships_example.csv``.

Columns (header cells may be the English key, the Chinese label, or both like ``院校(college)``):

=====================  ===========================================  ==========================================
key                    Chinese                                      meaning
=====================  ===========================================  ==========================================
college *              院校 / 学校                                   name, former name or 学校标识码
group                  专业群                                        group id or name (``通信技术专业群`` or the
                                                                    lead major ``通信技术``); empty = the college
firm *                 企业 / 合作企业                               full name (or a name the graph knows)
firm_city              企业所在地                                    city, for a firm the graph does not know yet
firm_industry          企业行业                                      GB/T 4754 code or name, for a new firm
kind                   合作形式                                      订单班 / 现代学徒制 / 实训基地 / 产业学院 /
                                                                    联合研发 / 技术服务 / …
since, until           开始年份, 结束年份                            year (until empty = ongoing)
status                 状态                                          free text (default active / ended by until)
internship_posts       实习岗位数                                    integer
courses_codeveloped    共建课程数                                    integer
joint_projects         合作项目数                                    integer
ip_output              知识产权数                                    integer (patents, software copyrights …)
evaluation_scores      年度评价                                      ``2022:88;2023:91``; or one column per
                                                                    year: ``评价2023`` / ``score_2023``
project, project_kind, 科研项目, 项目类型, 项目年份, 项目经费(万元),   a ResearchProject INVOLVES the college
project_year,          项目主题                                      (role 承担) and the firm (role 合作);
project_funding,                                                    ON_TOPIC industries (code/name) or skills
project_topics                                                      (other names), separated by ; 、 ,
platform,              共建平台, 平台类型                            Platform: College HOSTS, Firm CO_BUILDS
platform_kind
alliance,              职教集团 / 产教联合体, 联合体类型              EducationAlliance: both MEMBER_OF
alliance_kind
example                示例                                          true marks an invented demonstration row
note                   备注                                          ignored
=====================  ===========================================  ==========================================

Resolution: colleges by 学校标识码, name or alias (a college the graph does not know → the row is
rejected: colleges come from the MOE list); groups within that college by id, name or lead major (an
unknown group is created as a user-defined group, ``source_kind='user'``, and reported); firms by
:func:`ingest.normalize.firm_key` against the graph's firm names, aliases, English names and stock codes
(an unknown firm is created with ``review = true`` and a report line — never merged by a guess).
Several rows for the same firm and group/college are combined into one ``PARTNERS_WITH`` (kinds joined,
counts summed, scores merged, earliest since, latest until). Bad cells become one-line rejects naming
row and field; the rest of the row is still used.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from kg.codes import parse_scores, region_id
from ingest.base import Batch, Reject, sha256_file
from ingest.extractor import table_batches
from ingest.normalize import firm_id, firm_key, major_key
from ingest.vocab.entities import ReviewNodeRecord
from ingest.vocab.partnership_names import PartnershipGazetteer, cell_text
from kg.records import NodeRecord, Provenance, RelRecord

EXTRACTOR = "partnerships@1"
KIND = "partnerships"
SUFFIXES = (".csv", ".xlsx", ".xls", ".tsv")
KNOWN_KINDS = ("订单班", "现代学徒制", "实训基地", "产业学院", "联合研发", "技术服务", "顶岗实习", "共建专业",
               "职工培训", "共建课程", "企业捐赠", "双师型教师培养", "产教融合实践中心")
EXAMPLE_MARK = "[EXAMPLE — invented for demonstration]"

COLUMNS: dict[str, tuple[str, ...]] = {
    "college": ("college", "school", "院校", "学校", "院校名称", "学校名称", "学校标识码", "moe_code"),
    "group": ("group", "professional_group", "专业群", "专业群名称"),
    "firm": ("firm", "company", "enterprise", "企业", "企业名称", "合作企业", "公司"),
    "firm_city": ("firm_city", "city", "企业所在地", "所在城市", "企业所在城市"),
    "firm_industry": ("firm_industry", "industry", "企业行业", "行业", "所属行业"),
    "kind": ("kind", "type", "合作形式", "合作类型", "合作方式"),
    "since": ("since", "start", "开始年份", "起始年份", "合作开始"),
    "until": ("until", "end", "结束年份", "截止年份", "合作结束"),
    "status": ("status", "状态"),
    "internship_posts": ("internship_posts", "实习岗位数", "实习岗位"),
    "courses_codeveloped": ("courses_codeveloped", "共建课程数", "共同开发课程数", "共建课程"),
    "joint_projects": ("joint_projects", "合作项目数", "联合项目数"),
    "ip_output": ("ip_output", "知识产权数", "专利数", "知识产权"),
    "evaluation_scores": ("evaluation_scores", "scores", "年度评价", "评价分数", "年度评价分数"),
    "project": ("project", "科研项目", "项目名称", "合作研发项目"),
    "project_kind": ("project_kind", "项目类型"),
    "project_year": ("project_year", "项目年份"),
    "project_funding": ("project_funding", "项目经费", "项目经费(万元)", "经费(万元)"),
    "project_topics": ("project_topics", "项目主题", "项目领域", "研究方向"),
    "platform": ("platform", "共建平台", "平台", "平台名称"),
    "platform_kind": ("platform_kind", "平台类型"),
    "alliance": ("alliance", "职教集团", "产教联合体", "联合体", "职教集团/联合体"),
    "alliance_kind": ("alliance_kind", "联合体类型", "集团类型"),
    "example": ("example", "示例", "是否示例"),
    "note": ("note", "notes", "备注", "说明"),
}
INT_FIELDS = ("internship_posts", "courses_codeveloped", "joint_projects", "ip_output")
_YEAR_SCORE = re.compile(r"^(?:(?:评价|得分|评分|score|evaluation)[_\s-]*(\d{4})|(\d{4})\s*年?\s*(?:评价|得分|评分|score))$", re.I)
_SPLIT = re.compile(r"[;；、,，/|]+")
_TRUE = {"true", "1", "yes", "y", "是", "示例", "x", "✓"}


def header_key(cell: str) -> str | None:
    """The canonical column key of a header cell ('院校(college)' → 'college'; unknown → None)."""
    h = cell_text(cell).lower()
    if not h:
        return None
    parts = [h, *[p.strip() for p in re.split(r"[()\[\]（）/\s]+", h) if p.strip()]]
    for key, aliases in COLUMNS.items():
        al = {a.lower() for a in aliases}
        if any(p in al for p in parts):
            return key
    return None


def year_score_column(cell: str) -> str | None:
    m = _YEAR_SCORE.match(cell_text(cell))
    return (m.group(1) or m.group(2)) if m else None


# ------------------------------------------------------------------ reading the table
def read_table(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and (row number, {header: text}) of a CSV/TSV (encoding detected; separator from the header
    line: comma, tab, semicolon or bar; ``#`` comment lines skipped) or the first sheet of an XLSX/XLS.
    Row numbers are the file's (1 = header)."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xls"):
        import pandas as pd

        df = pd.read_excel(path, sheet_name=0, header=None, dtype=object)
        raw = [[cell_text(v) if v is not None and not (isinstance(v, float) and v != v) else "" for v in row]
               for row in df.itertuples(index=False)]
    else:
        import csv
        import io

        from ingest.readers import table_delimiter
        from ingest.reference.common import decode_bytes

        text = decode_bytes(path.read_bytes())
        # the header line (the first that is not blank or a # comment) decides the separator
        head = next((ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")), "")
        delim = table_delimiter(head, suffix)
        raw = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delim)]
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for i, vals in enumerate(raw, start=1):
        if not any(str(v).strip() for v in vals):
            continue
        if str(vals[0]).lstrip().startswith("#"):
            continue
        if header is None:
            header = [cell_text(v) for v in vals]
            continue
        vals = [*vals, *[""] * (len(header) - len(vals))]
        rows.append((i, {h: cell_text(v) for h, v in zip(header, vals)}))
    return header or [], rows


# ------------------------------------------------------------------ parsing one file
@dataclass
class _Partnership:
    firm: str
    target_label: str
    target: str
    kinds: list[str] = field(default_factory=list)
    since: list[str] = field(default_factory=list)
    until: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)
    rows: list[int] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    example: bool = False


def _year(v: str) -> str | None:
    m = re.match(r"^\s*(\d{4})(?:[-./年]\d{1,2}(?:[-./月]\d{1,2}日?)?)?\s*年?\s*$", v)
    return m.group(1) if m else None


def _int(v: str) -> int | None:
    v = v.replace(",", "").strip()
    if re.fullmatch(r"\d+(\.0+)?", v):
        return int(float(v))
    return None


def _scores(v: str) -> dict[str, float] | None:
    out = parse_scores(v)
    if v.strip() and not out:
        return None
    return out


def _evidence(row: dict[str, str], limit: int = 400) -> str:
    s = " | ".join(f"{k}={v}" for k, v in row.items() if v)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _slug(*parts: str) -> str:
    return ":".join(re.sub(r"\s+", "", cell_text(p)) for p in parts if p)


def open_table(path: Path, kind: str) -> tuple[Batch, list[str] | None, list | None]:
    """A user table file as (its Batch — one document, keyed by the file's hash —, header, rows); an
    unreadable file gives the Batch with its one-line reject and ``None, None``."""
    doc = sha256_file(path)
    batch = Batch(doc_id=doc, path=str(path), kind=kind, content_hash=doc, title=path.name, language="zh")
    try:
        header, rows = read_table(path)
    except Exception as e:  # unreadable spreadsheet / encoding
        batch.rejects.append(Reject(file=str(path), reason=f"cannot read the table: {str(e).splitlines()[0][:200]}"))
        return batch, None, None
    return batch, header, rows


def parse_file(path: Path, gaz: PartnershipGazetteer) -> Batch:
    """One partnership table → one Batch (records, rejects, a report)."""
    batch, header, rows = open_table(path, KIND)
    file, doc = str(path), batch.doc_id
    if header is None:
        return batch
    seen: dict[str, str] = {}
    for h in header:
        k = header_key(h)
        if k and k in seen:
            batch.rejects.append(Reject(file=file, field=h, reason=f"duplicate column: {seen[k]!r} and {h!r} "
                                                                   f"both mean {k}"))
            return batch
        if k:
            seen[k] = h
    keys = {h: header_key(h) for h in header}
    years = {h: year_score_column(h) for h in header if year_score_column(h)}
    unknown = [h for h in header if h and keys[h] is None and h not in years]
    if "college" not in keys.values() or "firm" not in keys.values():
        missing = [k for k in ("college", "firm") if k not in keys.values()]
        batch.rejects.append(Reject(file=file, reason=f"missing column(s) {', '.join(missing)} "
                                                      f"(see data/templates/partnerships_template.csv)"))
        return batch
    report: dict[str, Any] = {"rows": 0, "partnerships": 0, "firms_created_for_review": [], "groups_created": [],
                              "example_rows": 0, "unknown_columns": unknown, "unknown_kinds": []}
    recs: dict[tuple[str, str, str], NodeRecord | RelRecord] = {}
    parts: dict[tuple[str, str, str], _Partnership] = {}
    new_firms: dict[str, dict] = {}
    new_groups: dict[str, tuple[str, str, int]] = {}

    def prov(row_no: int, ev: str, conf: float = 1.0) -> Provenance:
        return Provenance(source=doc, evidence=ev, extractor=EXTRACTOR, confidence=conf, locator=f"row {row_no}")

    def add(rec: NodeRecord | RelRecord) -> None:
        k = (rec.label, rec.key, "") if isinstance(rec, NodeRecord) else (rec.type, rec.start_key, rec.end_key)
        recs.setdefault(k, rec)

    for row_no, raw in rows:
        batch.rows_read += 1
        report["rows"] += 1
        row = {keys[h]: v for h, v in raw.items() if keys.get(h) and v}
        example = row.get("example", "").lower() in _TRUE
        ev = (EXAMPLE_MARK + " " if example else "") + _evidence(raw)
        if example:
            report["example_rows"] += 1

        def reject(field_: str | None, reason: str) -> None:
            batch.rejects.append(Reject(file=file, row=row_no, field=field_, reason=reason))

        if not row.get("college"):
            reject("college", "no college")
            continue
        if not row.get("firm"):
            reject("firm", "no firm")
            continue
        moe = gaz.college(row["college"])
        if moe is None:
            reject("college", f"college {row['college']!r} is not in the graph (load the reference data first, "
                              f"or use its 学校标识码)")
            continue
        # --- group
        target_label, target = "College", moe
        if row.get("group"):
            gid = gaz.group(moe, row["group"])
            if gid is None:
                name = row["group"] if row["group"].endswith("专业群") else f"{row['group']}专业群"
                gid = f"user:{moe}:{major_key(name)}"
                if gid not in new_groups:
                    new_groups[gid] = (name, moe, row_no)
                    report["groups_created"].append(f"row {row_no}: group {name} of {gaz.college_names.get(moe, moe)} "
                                                    f"is not in the graph — created as a user-defined group")
                    add(NodeRecord(label="ProfessionalGroup", key=gid, props={
                        "name": name, "source_kind": "user", "college_name": gaz.college_names.get(moe)},
                        prov=prov(row_no, ev)))
                    add(RelRecord(type="BELONGS_TO", start_label="ProfessionalGroup", start_key=gid,
                                  end_label="College", end_key=moe, prov=prov(row_no, ev)))
                    gaz.groups.setdefault(moe, {})[major_key(name)] = gid
            target_label, target = "ProfessionalGroup", gid
        # --- firm
        fid = gaz.firm(row["firm"])
        if fid is None:
            fid = firm_id(row["firm"])
            nf = new_firms.setdefault(fid, {"name": row["firm"], "row": row_no, "city": None, "industry": None})
            if nf["row"] == row_no:
                report["firms_created_for_review"].append(
                    f"row {row_no}: firm {row['firm']!r} is not in the graph — created with review=true")
            if row.get("firm_city") and nf["city"] is None:
                hit = gaz.cities.resolve(row["firm_city"])
                if hit:
                    nf["city"] = hit
                else:
                    reject("firm_city", f"city {row['firm_city']!r} not recognised; firm left without a location")
            if row.get("firm_industry") and nf["industry"] is None:
                code = gaz.industry(row["firm_industry"])
                if code:
                    nf["industry"] = code
                else:
                    reject("firm_industry", f"industry {row['firm_industry']!r} is not a GB/T 4754 code or name")
            gaz.firms[firm_key(row["firm"])] = fid
        # --- the partnership (combined per firm and target)
        p = parts.setdefault((fid, target_label, target), _Partnership(fid, target_label, target))
        p.rows.append(row_no)
        p.evidence.append(ev)
        p.example = p.example or example
        if row.get("kind"):
            for k in _SPLIT.split(row["kind"]):
                k = k.strip()
                if k and k not in p.kinds:
                    p.kinds.append(k)
                    if k not in KNOWN_KINDS and k not in report["unknown_kinds"]:
                        report["unknown_kinds"].append(k)
        for f in ("since", "until"):
            if row.get(f):
                y = _year(row[f])
                if y is None:
                    reject(f, f"{row[f]!r} is not a year; ignored")
                else:
                    getattr(p, f).append(y)
        if row.get("since") and row.get("until") and _year(row["since"]) and _year(row["until"]) \
                and _year(row["until"]) < _year(row["since"]):
            reject("until", f"until {row['until']} is before since {row['since']}")
        if row.get("status"):
            p.status.append(row["status"])
        for f in INT_FIELDS:
            if row.get(f):
                n = _int(row[f])
                if n is None:
                    reject(f, f"{row[f]!r} is not a whole number; ignored")
                else:
                    p.counts[f] = p.counts.get(f, 0) + n
        if row.get("evaluation_scores"):
            sc = _scores(row["evaluation_scores"])
            if sc is None:
                reject("evaluation_scores", f"{row['evaluation_scores']!r}: expected year:score;… (e.g. 2023:90)")
            else:
                p.scores.update(sc)
        for h, y in years.items():
            v = raw.get(h, "")
            if v:
                try:
                    p.scores[y] = float(v)
                except ValueError:
                    reject(h, f"{v!r} is not a score")
        # --- research project, platform, alliance
        if row.get("project"):
            pid = "project:" + _slug(moe, row["project"])
            props: dict[str, Any] = {"title": row["project"], "kind": row.get("project_kind")}
            if row.get("project_year"):
                y = _year(row["project_year"])
                props["year"] = int(y) if y else None
                if not y:
                    reject("project_year", f"{row['project_year']!r} is not a year")
            if row.get("project_funding"):
                try:
                    props["funding"] = float(row["project_funding"].replace(",", ""))
                except ValueError:
                    reject("project_funding", f"{row['project_funding']!r} is not a number (万元)")
            add(NodeRecord(label="ResearchProject", key=pid, props={k: v for k, v in props.items() if v is not None},
                           prov=prov(row_no, ev)))
            add(RelRecord(type="INVOLVES", start_label="ResearchProject", start_key=pid, end_label="College",
                          end_key=moe, props={"role": "承担"}, prov=prov(row_no, ev)))
            add(RelRecord(type="INVOLVES", start_label="ResearchProject", start_key=pid, end_label="Firm",
                          end_key=fid, props={"role": "合作"}, prov=prov(row_no, ev)))
            for topic in _SPLIT.split(row.get("project_topics", "")):
                topic = topic.strip()
                if not topic:
                    continue
                code = gaz.industry(topic)
                if code:
                    add(RelRecord(type="ON_TOPIC", start_label="ResearchProject", start_key=pid, end_label="Industry",
                                  end_key=code, prov=prov(row_no, ev)))
                else:
                    sid = gaz.skills.get(topic.lower()) or cell_text(topic)
                    if topic.lower() not in gaz.skills:
                        add(NodeRecord(label="Skill", key=sid, props={"name": topic, "lang": "zh"},
                                       prov=prov(row_no, ev)))
                    add(RelRecord(type="ON_TOPIC", start_label="ResearchProject", start_key=pid, end_label="Skill",
                                  end_key=sid, prov=prov(row_no, ev)))
        if row.get("platform"):
            plid = "platform:" + _slug(moe, row["platform"])
            add(NodeRecord(label="Platform", key=plid, props={"name": row["platform"], "kind": row.get("platform_kind")
                                                              or None}, prov=prov(row_no, ev)))
            add(RelRecord(type="HOSTS", start_label="College", start_key=moe, end_label="Platform", end_key=plid,
                          prov=prov(row_no, ev)))
            add(RelRecord(type="CO_BUILDS", start_label="Firm", start_key=fid, end_label="Platform", end_key=plid,
                          prov=prov(row_no, ev)))
        if row.get("alliance"):
            aid = "alliance:" + _slug(row["alliance"])
            add(NodeRecord(label="EducationAlliance", key=aid, props={"name": row["alliance"],
                                                                      "kind": row.get("alliance_kind") or None},
                           prov=prov(row_no, ev)))
            add(RelRecord(type="MEMBER_OF", start_label="College", start_key=moe, end_label="EducationAlliance",
                          end_key=aid, props={"role": "成员"}, prov=prov(row_no, ev)))
            add(RelRecord(type="MEMBER_OF", start_label="Firm", start_key=fid, end_label="EducationAlliance",
                          end_key=aid, props={"role": "成员"}, prov=prov(row_no, ev)))

    # --- new firms (review queue) first, then the partnerships
    out: list[NodeRecord | RelRecord] = []
    for fid, nf in new_firms.items():
        props: dict[str, Any] = {"name": nf["name"]}
        if nf["city"]:
            props["province"], props["city"] = nf["city"]
        out.append(ReviewNodeRecord(label="Firm", key=fid, props=props,
                                    prov=prov(nf["row"], f"partnership table row {nf['row']}: {nf['name']}", 0.5)))
        if nf["city"]:
            rid = region_id(*nf["city"])
            if rid in gaz.regions:
                out.append(RelRecord(type="LOCATED_IN", start_label="Firm", start_key=fid, end_label="Region",
                                     end_key=rid, prov=prov(nf["row"], nf["city"][1], 0.8)))
        if nf["industry"]:
            out.append(RelRecord(type="IN_INDUSTRY", start_label="Firm", start_key=fid, end_label="Industry",
                                 end_key=nf["industry"], prov=prov(nf["row"], f"企业行业 {nf['industry']}", 0.8)))
    out.extend(recs.values())
    for p in parts.values():
        until = max(p.until) if p.until else None
        props: dict[str, Any] = {
            "kind": "、".join(p.kinds) or None, "since": min(p.since) if p.since else None, "until": until,
            "status": "; ".join(dict.fromkeys(p.status)) or None,
            **{f: p.counts.get(f) for f in INT_FIELDS if f in p.counts},
            "evaluation_scores": ";".join(f"{y}:{v:g}" for y, v in sorted(p.scores.items())) or None}
        ev = " ‖ ".join(p.evidence)
        out.append(RelRecord(type="PARTNERS_WITH", start_label="Firm", start_key=p.firm, end_label=p.target_label,
                             end_key=p.target, props={k: v for k, v in props.items() if v is not None},
                             prov=Provenance(source=doc, evidence=ev[:2000], extractor=EXTRACTOR, confidence=1.0,
                                             locator="rows " + ", ".join(map(str, p.rows)))))
    report["partnerships"] = len(parts)
    if report["example_rows"]:
        batch.title = f"EXAMPLE (invented partnerships) — {path.name}"
    batch.records = out
    batch.report = {k: v for k, v in report.items() if v not in ([], 0) or k in ("rows", "partnerships")}
    return batch


def batches(paths: list[Path], store, options: dict) -> Iterator[Batch]:
    """``kg ingest FILE… --kind partnerships``: one Batch per table (CSV/TSV/XLSX/XLS; folders walked).

    ``store`` is only read (colleges, groups, firms, industries, skills, regions for resolution)."""
    def setup():
        gaz = PartnershipGazetteer.from_store(store)
        return lambda f: parse_file(f, gaz)

    return table_batches(KIND, paths, SUFFIXES, setup)
