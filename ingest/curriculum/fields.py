"""Field parsing: a :class:`ProfileBlock`'s sections → lists of items, each with its exact span.

Conventions (the gold set follows them; see tests/ingest/gold/curriculum/README.md):

* lists are split at 、，,；; and 以及, never inside brackets （）()【】《》“”; the words 和/及/与 stay inside
  an item ("种子销售及技术服务" is one post);
* 职业面向: "面向 <occupations> (等)职业，<posts> (等)岗位（群）/技术领域。" — the part before 职业 gives
  occupations, the part after gives posts; a sentence without 职业 gives posts only. A leading
  "<industries>(等)行业的 …" names industries (stated), it is not a post;
* abilities: one per numbered item, without the number and the closing punctuation;
* certificates: items after "职业技能等级证书：" (kind 职业技能等级) / "职业资格证书：" (kind 职业资格); "暂无" = none;
* 接续: items after "接续高职本科/职业本科专业举例：" (level 高职本科), "接续普通本科专业举例：" (普通本科),
  "接续…硕士…：" (硕士), "接续高职专科…" (高职专科); a label may follow the previous list on the same line (glued
  or after spaces: the 中职 layout "接续高职专科专业举例：…  接续高职本科专业举例：…"). 高职专科 and 高职本科
  items resolve to catalogue majors (:func:`ingest.curriculum.extract.follow_on_links`);
* internship (实习实训): the sentences about 岗位实习 name the places (where industries are stated).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.curriculum.segment import (ABILITIES, BASIC, CERTIFICATES, CORE, FOLLOW_ON, INTERNSHIP,
                                       OBJECTIVE, OCCUPATION, Line, ProfileBlock, SectionText, classify)
from ingest.nlp import clean_name, fold_width

OPEN, CLOSE = "（(【[《“‘「", "）)】]》”’」"
SEPARATORS = "、，,；;"


@dataclass(frozen=True)
class Item:
    """One extracted value: display text, document span [start, end), the section it came from."""

    text: str
    start: int
    end: int
    section: str
    evidence: str  # the exact document text of the item's line (sentence)
    kind: str | None = None  # course basic/core, certificate kind, follow-on level


@dataclass
class ProfileFields:
    occupations: list[Item] = field(default_factory=list)
    posts: list[Item] = field(default_factory=list)
    industry_context: list[Item] = field(default_factory=list)  # text spans that may name industries
    occupation_spans: list[Item] = field(default_factory=list)  # the whole "面向 … 职业" parts
    abilities: list[Item] = field(default_factory=list)
    courses: list[Item] = field(default_factory=list)
    certificates: list[Item] = field(default_factory=list)
    follow_on: list[Item] = field(default_factory=list)
    internship: list[Item] = field(default_factory=list)  # whole 实习实训 text (one item)
    objective: Item | None = None

    def field_text(self) -> dict[str, str]:
        """Plain text per field, for the industry linker."""
        return {
            "occupations": "、".join(i.text for i in self.occupations),
            "posts": "、".join(i.text for i in self.posts),
            "abilities": "；".join(i.text for i in self.abilities),
            "courses": "、".join(i.text for i in self.courses),
        }


def split_list(text: str, start: int = 0, end: int | None = None,
               separators: str = SEPARATORS) -> list[tuple[int, int]]:
    """[(i, j)] ranges of the list items in text[start:end], split at top-level separators and 以及."""
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    depth = 0
    i = a = start
    while i < end:
        ch = text[i]
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in separators or text.startswith("以及", i)):
            out.append((a, i))
            i += 2 if text.startswith("以及", i) else 1
            a = i
            continue
        i += 1
    out.append((a, end))
    return [(x, y) for x, y in (_trim(text, x, y) for x, y in out) if y > x]


_TRIM = " \t\n。.；;，,、:：!！?？"


def _trim(text: str, i: int, j: int) -> tuple[int, int]:
    while i < j and text[i] in _TRIM:
        i += 1
    while j > i and text[j - 1] in _TRIM:
        j -= 1
    # a lone unbalanced closing bracket at the end, e.g. "等岗位（群）" cut to "（群"
    return i, j


def _item(line: Line, i: int, j: int, section: str, kind: str | None = None,
          doc: str | None = None) -> Item:
    s, e = line.span(i, j)
    ev_s, ev_e = line.start, line.end
    evidence = doc[ev_s:ev_e] if doc is not None else line.text
    return Item(clean_name(line.text[i:j]), s, e, section, evidence, kind)


def _lines(sec: SectionText | None) -> list[Line]:
    return list(sec.lines) if sec else []


# ------------------------------------------------------------------ 职业面向
RE_OCC_END = re.compile(r"(?:等)?职业(?=$|[，,；;。:：])")
RE_POST_END = re.compile(r"(?:等)?(?:相关)?(?:(?:主要)?岗位\s*[（(]\s*群\s*[)）]|岗位群|岗位|技术领域|领域|工作)\s*$")
RE_CONTEXT = re.compile(r"^(?P<ctx>.{2,80}?(?:行业|产业|领域|单位|机构|部门|企业|事务所|机关|公司|业))(?:的|，|,)")
RE_LEAD = re.compile(r"^(?:本专业)?(?:主要)?面向")


def parse_orientation(lines: list[Line], doc: str | None = None,
                      occupation_spans: list[Item] | None = None) -> tuple[list[Item], list[Item], list[Item]]:
    """(occupations, posts, industry_context) from the 职业面向 lines; the whole occupation parts are
    appended to ``occupation_spans`` when given (for vocabulary-aware splitting)."""
    occs: list[Item] = []
    posts: list[Item] = []
    ctx: list[Item] = []
    for ln in lines:
        t = fold_width(ln.text)
        # sentences
        pos = 0
        for m in re.finditer(r"[^。]+", t):
            a, b = m.start(), m.end()
            sent = t[a:b]
            lead = RE_LEAD.match(sent)
            if not lead:
                continue
            a += lead.end()
            sent = t[a:b]
            occ_part = post_part = None
            om = RE_OCC_END.search(sent)
            if om:
                occ_part = (a, a + om.start())
                post_part = (a + om.end(), b)
            else:
                post_part = (a, b)
            # industry context at the start ("面向金融业、软件和信息技术服务业的…")
            first = occ_part or post_part
            cm = RE_CONTEXT.match(t[first[0]:first[1]])
            if cm and not re.search(r"(?:人员|师|员)(?:的|，|,)$", cm.group(0)):
                c_end = first[0] + cm.end("ctx")
                ctx.append(_item(ln, first[0], c_end, OCCUPATION, doc=doc))
                first = (first[0] + cm.end(), first[1])
                if occ_part:
                    occ_part = first
                else:
                    post_part = first
            if occ_part:
                if occupation_spans is not None and occ_part[1] > occ_part[0]:
                    occupation_spans.append(_item(ln, *occ_part, OCCUPATION, doc=doc))
                for i, j in split_list(t, *occ_part):
                    occs.append(_item(ln, i, j, OCCUPATION, doc=doc))
            if post_part and post_part[1] > post_part[0]:
                seg = t[post_part[0]:post_part[1]].lstrip("，,；; ")
                s0 = post_part[1] - len(seg)
                pm = RE_POST_END.search(seg)
                if pm:
                    e0 = s0 + pm.start()
                    for i, j in split_list(t, s0, e0):
                        posts.append(_item(ln, i, j, OCCUPATION, doc=doc))
            pos = b
        del pos
    return occs, posts, ctx


def split_occupations(span: Item, doc: str, matches: list[tuple[int, int]]) -> list[Item]:
    """Occupation items of an occupation part. A known occupation name that contains a separator
    ("航空产品装配、调试人员") stays one item when it covers whole list items; ``matches`` are (start, end)
    offsets, relative to the span, of known names found in it. Other matches are ignored (an item is
    linked as a whole)."""
    raw = doc[span.start:span.end]
    t = fold_width(raw)
    items = split_list(t)
    starts = {i: k for k, (i, _j) in enumerate(items)}
    ends = {j: k for k, (_i, j) in enumerate(items)}
    merged: list[tuple[int, int]] = []
    k = 0
    spans = {}
    for a, b in matches:
        if a in starts and b in ends and ends[b] > starts[a]:
            spans[starts[a]] = ends[b]
    while k < len(items):
        if k in spans:
            merged.append((items[k][0], items[spans[k]][1]))
            k = spans[k] + 1
        else:
            merged.append(items[k])
            k += 1
    out = []
    for i, j in merged:
        text = clean_name(raw[i:j])
        if len(text) < 2:
            continue
        out.append(Item(text, span.start + i, span.start + j, span.section, span.evidence))
    return out


# ------------------------------------------------------------------ abilities
RE_NUM = re.compile(r"\s*[（(]?\d{1,2}\s*[.．、)）]\s*")


def parse_abilities(lines: list[Line], doc: str | None = None) -> list[Item]:
    out: list[Item] = []
    for ln in lines:
        t = fold_width(ln.text)
        # a line may hold several numbered items glued together by OCR
        starts = [0] + [m.start() for m in re.finditer(r"(?<=[；;。])\s*\d{1,2}\s*[.．、]\s*(?=\S)", t)]
        starts.append(len(t))
        for a, b in zip(starts, starts[1:]):
            m = RE_NUM.match(t, a)
            i = m.end() if m else a
            i, j = _trim(t, i, b)
            if j > i:
                out.append(_item(ln, i, j, ABILITIES, doc=doc))
    return out


# ------------------------------------------------------------------ labelled lists
def _label_items(lines: list[Line], section: str, kind_of=None, doc: str | None = None) -> list[Item]:
    out: list[Item] = []
    for ln in lines:
        start = ln.value_at if ln.kind == "label" else 0
        t = fold_width(ln.text)
        kind = kind_of(t) if kind_of else None
        for i, j in split_list(t, start):
            text = t[i:j]
            if text in ("暂无", "无", "略", "(略)"):
                continue
            out.append(_item(ln, i, j, section, kind, doc=doc))
    return out


def certificate_kind(label_line: str) -> str | None:
    if label_line.startswith(("职业资格",)):
        return "职业资格"
    if label_line.startswith(("职业技能等级", "职业技术等级")):
        return "职业技能等级"
    return None


def follow_on_level(label_line: str) -> str | None:
    head = re.split(r"[:：]", label_line, maxsplit=1)[0]
    if "硕士" in head:
        return "硕士"
    if "普通本科" in head:
        return "普通本科"
    if "高职本科" in head or "职业本科" in head or "职教本科" in head:
        return "高职本科"
    if "高职专科" in head or "专科" in head:
        return "高职专科"
    if "本科" in head:
        return "本科"
    return None


def parse_fields(block: ProfileBlock, doc: str | None = None) -> ProfileFields:
    f = ProfileFields()
    f.occupations, f.posts, f.industry_context = parse_orientation(_lines(block.section(OCCUPATION)), doc,
                                                                   f.occupation_spans)
    f.abilities = parse_abilities(_lines(block.section(ABILITIES)), doc)
    for sec, kind in ((BASIC, "basic"), (CORE, "core")):
        f.courses += _label_items(_lines(block.section(sec)), sec, lambda _t, k=kind: k, doc)
    cert_lines = _lines(block.section(CERTIFICATES))
    kinds: list[Item] = []
    current: str | None = None
    for ln in cert_lines:  # unlabelled continuation lines keep the kind of the line above
        if ln.kind == "label":
            current = certificate_kind(fold_width(ln.text))
        kinds += _label_items([ln], CERTIFICATES, lambda _t, k=current: k, doc)
    f.certificates = kinds
    fo: list[Item] = []
    current = None
    for ln in _lines(block.section(FOLLOW_ON)):
        if ln.kind == "label":
            current = follow_on_level(fold_width(ln.text))
        fo += _label_items([ln], FOLLOW_ON, lambda _t, k=current: k, doc)
    f.follow_on = fo
    for ln in _lines(block.section(INTERNSHIP)):
        t = ln.text
        i = ln.value_at if ln.kind == "label" else 0
        i, j = _trim(t, i, len(t))
        if j > i:
            f.internship.append(_item(ln, i, j, INTERNSHIP, doc=doc))
    obj = _lines(block.section(OBJECTIVE))
    if obj:
        ln = obj[0]
        f.objective = _item(ln, 0, len(ln.text), OBJECTIVE, doc=doc)
    return f


def placement_sentences(text: str) -> list[tuple[int, str]]:
    """(offset in text, sentence) of the 实习实训 sentences about where students do placements."""
    out = []
    for m in re.finditer(r"[^。；;]+", text):
        s = m.group(0)
        if "实习" in s or re.search(r"在.+(?:企业|单位|机构|行业|医院|公司)", s) and "实训" not in s[-4:]:
            out.append((m.start(), s))
    return out


__all__ = ["Item", "ProfileFields", "parse_fields", "split_list", "parse_orientation", "parse_abilities",
           "placement_sentences", "classify"]
