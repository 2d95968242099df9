"""Segmentation of a major-profile / talent-training text into one :class:`ProfileBlock` per major.

Pure functions on text. The text is the OCR'd 职业教育专业简介 (or a college programme with the same
headings); it is noisy: code lines missing or merged with the name, headings with any number of ``#``
or none, headings glued to the end of a line (``（略）# 58 …``), paragraphs broken by page breaks,
full-width punctuation, page furniture (page numbers, running titles).

Approach: the text is cut into physical lines (with offsets), page furniture dropped, lines split
where a heading or label is glued on, then joined into *logical lines* (a line that does not end a
sentence continues on the next one unless that one starts a heading, label or list item). Each
logical line keeps the document offset of every character, so any item found in it maps back to
an exact span of the document. Logical lines are classified (code, name, years, section heading,
labelled field, class heading, content) and grouped into majors. A new major starts at a code line,
at a name line once the current major has content, and — when the code and name lines were lost —
at a section that belongs to the beginning of a profile (职业面向 / 培养目标定位 / 能力要求) appearing
after the current major has reached its courses or later sections.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.nlp import fold_width

# canonical sections and their order in a profile
OCCUPATION, OBJECTIVE, ABILITIES, COURSES, BASIC, CORE, INTERNSHIP, CERTIFICATES, FOLLOW_ON = (
    "职业面向", "培养目标定位", "主要专业能力要求", "主要专业课程与实习实训", "专业基础课程", "专业核心课程",
    "实习实训", "职业类证书举例", "接续专业举例")
ORDER = {OCCUPATION: 3, OBJECTIVE: 4, ABILITIES: 5, COURSES: 6, BASIC: 6, CORE: 7, INTERNSHIP: 8,
         CERTIFICATES: 9, FOLLOW_ON: 10}
PROFILE_START_SECTIONS = (OCCUPATION, OBJECTIVE, ABILITIES)

HEADINGS: dict[str, str] = {
    "职业面向": OCCUPATION,
    "培养目标定位": OBJECTIVE, "培养目标": OBJECTIVE, "培养目标与定位": OBJECTIVE,
    "主要专业能力要求": ABILITIES, "专业能力要求": ABILITIES, "主要能力要求": ABILITIES,
    "主要专业课程与实习实训": COURSES, "主要专业课程和实习实训": COURSES, "主要专业课程和实训实习": COURSES,
    "主要专业课程与实训实习": COURSES, "主要专业课程": COURSES, "专业课程与实习实训": COURSES,
    "职业类证书举例": CERTIFICATES, "职业类证书列举": CERTIFICATES, "职类证书举例": CERTIFICATES,
    "职业资格证书举例": CERTIFICATES, "职业证书类型": CERTIFICATES, "职业类证书": CERTIFICATES,
    "职业证书举例": CERTIFICATES,
    "接续专业举例": FOLLOW_ON, "接续专业": FOLLOW_ON,
}
# labelled lines: "专业基础课程：…" (label, then a colon or a space)
LABELS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"^(?:主要)?专业基础课程?\s*(?:[:：]|\s)\s*"), BASIC),
    (re.compile(r"^(?:主要)?专业核心课程?\s*(?:[:：]|\s)\s*"), CORE),
    (re.compile(r"^(?:实习实训|实训实习)\s*[:：]\s*"), INTERNSHIP),
    (re.compile(r"^(?:职业技能等级证书|职业技术等级证书|职业资格证书|职业资格|职业技能等级)\s*[:：]"), CERTIFICATES),
    (re.compile(r"^接续[^:：]{0,20}?(?:举例|专业|学科|领域)\s*[:：]"), FOLLOW_ON),
)

RE_CODE = re.compile(r"专业代码\s*[:：]?\s*(\d{6}[A-Za-z]?)")
RE_NAME = re.compile(r"^专业名称\s*[:：]?\s*(.*)$")
RE_YEARS = re.compile(r"^(?:基本|专业)?修业年限\s*[:：]?\s*(.*)$")
RE_CLASS = re.compile(r"^(\d{4})\s*([\u4e00-\u9fff、与和及]{1,20}类)$")
RE_CATEGORY = re.compile(r"^(\d{2})\s*([\u4e00-\u9fff、与和及]{1,20}大类)$")
RE_TITLE = re.compile(r"^(?:高等职业教育|中等职业教育|职业教育)?(?:本科|专科)?专业简介")
RE_LIST_ITEM = re.compile(r"^\(?\d{1,2}\s*[.)、\]]\s*|^\d{1,2}\s+(?=[\u4e00-\u9fff])")
RE_FURNITURE = re.compile(
    r"^(?:[-—–_·\s]*\d{1,4}[-—–_·\s]*|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|page\s*\d+)$", re.I)
RE_GLUED_HEADING = re.compile(r"(?<=\S)\s*(?=#{1,6}\s*\S)")
RE_GLUED_LABEL = re.compile(
    r"(?<=\S)\s*(?=专业名称\s*[:：]?\s*\S|基本修业年限\s*[:：]?\s*\S|专业代码\s*[:：]?\s*\d{6}"
    r"|(?:专业基础课程|专业核心课程|实习实训|职业技能等级证书|职业资格证书)\s*[:：]"
    r"|接续(?:高职本科|职业本科|普通本科|专业硕士|硕士|中职|高职专科)[^:：]{0,12}?举例\s*[:：]"
    r"|#*\s*(?:接续专业举例|职业类证书举例|主要专业能力要求|培养目标定位|主要专业课程与实习实训)\s*$)")
TERMINAL = tuple("。；;！？!?")


@dataclass
class Line:
    """A logical line: ``text`` with the document offset of each of its characters."""

    text: str
    offsets: list[int]
    kind: str = "content"  # code | name | years | heading | label | class | category | title | omitted | content
    section: str | None = None  # for heading / label lines, and content lines implying a section
    value: str = ""  # code, name, years, class code, or the content after a label
    value_at: int = 0  # index in text where ``value`` starts

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Document offsets [start, end) of text[i:j]."""
        i = max(0, min(i, len(self.text) - 1))
        j = max(i + 1, min(j, len(self.text)))
        return self.offsets[i], self.offsets[j - 1] + 1

    @property
    def start(self) -> int:
        return self.offsets[0]

    @property
    def end(self) -> int:
        return self.offsets[-1] + 1


@dataclass
class SectionText:
    """The logical lines of one section of one major (a labelled line is its own first line)."""

    name: str
    lines: list[Line] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.lines[0].start if self.lines else 0

    @property
    def end(self) -> int:
        return self.lines[-1].end if self.lines else 0


@dataclass
class ProfileBlock:
    """One major's part of a document."""

    code: str | None = None
    code_span: tuple[int, int] | None = None
    name: str | None = None
    name_span: tuple[int, int] | None = None
    years: str | None = None
    class_code: str | None = None  # from the nearest class heading above
    sections: dict[str, SectionText] = field(default_factory=dict)
    omitted: bool = False  # the source prints "（略）" instead of the profile
    notes: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0
    max_order: int = 0

    def section(self, name: str) -> SectionText | None:
        return self.sections.get(name)

    @property
    def has_content(self) -> bool:
        return bool(self.sections)


def _physical_lines(text: str) -> list[tuple[str, int]]:
    """(line, offset) pairs, furniture dropped, glued headings/labels split off."""
    out: list[tuple[str, int]] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        base = pos
        pos += len(raw)
        pieces: list[tuple[str, int]] = []
        cuts = sorted({0, *(m.start() for m in RE_GLUED_HEADING.finditer(line)),
                       *(m.start() for m in RE_GLUED_LABEL.finditer(line)), len(line)})
        for a, b in zip(cuts, cuts[1:]):
            pieces.append((line[a:b], base + a))
        for piece, off in pieces:
            lead = len(piece) - len(piece.lstrip())
            s = piece.strip()
            if not s:
                continue
            if RE_FURNITURE.match(fold_width(s)):
                continue
            out.append((s, off + lead))
    return out


def _heading_text(s: str) -> tuple[bool, str]:
    """(had '#', text without '#' and without a trailing colon)."""
    hashes = s.startswith("#")
    t = s.lstrip("#").strip()
    t = re.sub(r"^[一二三四五六七八九十]+\s*[、.．]\s*|^[（(][一二三四五六七八九十]+[)）]\s*", "", t)
    return hashes, t.rstrip(":： ")


def classify(s: str) -> tuple[str, str | None, str, int]:
    """(kind, section, value, value_at) of one logical line's text (already stripped)."""
    f = fold_width(s)
    m = RE_CODE.search(f)
    if m and m.start() < 4:
        return "code", None, m.group(1).upper(), m.start(1)
    m = RE_NAME.match(f)
    if m:
        return "name", None, s[m.start(1):].strip(), m.start(1)
    m = RE_YEARS.match(f)
    if m:
        return "years", None, s[m.start(1):].strip(), m.start(1)
    hashes, h = _heading_text(f)
    hs = h.replace(" ", "")
    if hs in HEADINGS:
        return "heading", HEADINGS[hs], "", len(s)
    if RE_TITLE.match(hs):
        return "title", None, hs, 0
    m = RE_CLASS.match(h)
    if m:
        return "class", None, m.group(1), 0
    m = RE_CATEGORY.match(h)
    if m:
        return "category", None, m.group(1), 0
    if hs in ("（略）", "(略)", "略"):
        return "omitted", None, "", 0
    for rx, sec in LABELS:
        m = rx.match(f)
        if m:
            return "label", sec, s[m.end():], m.end()
    if hashes:
        return "heading?", None, h, 0
    # content lines whose shape says which section they open
    if re.match(r"^(?:本专业)?(?:主要)?面向", f):
        return "content", OCCUPATION, s, 0
    if re.match(r"^本专业(?:主要)?培养", f):
        return "content", OBJECTIVE, s, 0
    if re.match(r"^\(?1\s*[.)、]", f):
        return "content", ABILITIES, s, 0
    return "content", None, s, 0


def _starts_new_logical_line(s: str) -> bool:
    kind, section, _, _ = classify(s)
    if kind != "content":
        return True
    if section is not None:
        return True
    return bool(RE_LIST_ITEM.match(fold_width(s)))


def logical_lines(text: str) -> list[Line]:
    """Join physical lines into logical lines and classify them."""
    out: list[Line] = []
    for s, off in _physical_lines(text):
        prev = out[-1] if out else None
        if (prev is not None and prev.kind in ("content", "label")
                and not prev.text.rstrip().endswith(TERMINAL)
                and not _starts_new_logical_line(s)):
            sep_needed = prev.text[-1:].isascii() and prev.text[-1:].isalnum() and s[:1].isascii() and s[:1].isalnum()
            if sep_needed:
                prev.text += " "
                prev.offsets.append(prev.offsets[-1] + 1)
            prev.text += s
            prev.offsets.extend(range(off, off + len(s)))
            if prev.kind == "label":
                prev.value = prev.text[prev.value_at:]
            continue
        kind, section, value, value_at = classify(s)
        out.append(Line(s, list(range(off, off + len(s))), kind, section, value, value_at))
    return [piece for ln in out for piece in _split_glued(ln)]


def _split_glued(ln: Line) -> list[Line]:
    """A joined line can end in a heading or start a label that a line break had hidden
    ("…产后恢复接" + "续专业举例"): cut it there and classify the pieces."""
    if ln.kind not in ("content", "label"):
        return [ln]
    cuts = [m.start() for m in RE_GLUED_LABEL.finditer(ln.text) if m.start() > ln.value_at]
    if not cuts:
        return [ln]
    out: list[Line] = []
    bounds = [0, *cuts, len(ln.text)]
    for a, b in zip(bounds, bounds[1:]):
        while a < b and ln.text[a] == " ":
            a += 1
        if a >= b:
            continue
        text = ln.text[a:b]
        if a == 0:
            piece = Line(text, ln.offsets[a:b], ln.kind, ln.section, ln.text[ln.value_at:b], ln.value_at)
        else:
            kind, section, value, value_at = classify(text)
            piece = Line(text, ln.offsets[a:b], kind, section, value, value_at)
        out.append(piece)
    return out


def segment(text: str) -> list[ProfileBlock]:
    """Split a document's text into majors. Blocks without code and name are kept (the caller resolves
    them against the catalogue); text before the first major is ignored."""
    blocks: list[ProfileBlock] = []
    cur: ProfileBlock | None = None
    class_code: str | None = None
    current_section: str | None = None

    def new_block(at: int) -> ProfileBlock:
        nonlocal cur, current_section
        b = ProfileBlock(class_code=class_code, start=at, end=at)
        blocks.append(b)
        cur = b
        current_section = None
        return b

    def add_to_section(b: ProfileBlock, sec: str, line: Line) -> None:
        nonlocal current_section
        st = b.sections.get(sec)
        if st is None:
            st = b.sections[sec] = SectionText(sec)
        st.lines.append(line)
        b.max_order = max(b.max_order, ORDER.get(sec, 0))
        current_section = sec

    for ln in logical_lines(text):
        if ln.kind == "class":
            class_code = ln.value
            continue
        if ln.kind in ("category", "title"):
            continue
        if ln.kind == "code":
            if cur is not None and cur.code is None and not cur.has_content and not cur.omitted:
                b = cur  # the name came first
            else:
                b = new_block(ln.start)
            b.code = ln.value
            b.code_span = ln.span(ln.value_at, ln.value_at + len(ln.value))
            b.end = ln.end
            continue
        if ln.kind == "name":
            if cur is None or cur.name is not None or cur.has_content or cur.omitted:
                new_block(ln.start)
            assert cur is not None
            cur.name = ln.value or None
            if ln.value:
                cur.name_span = ln.span(ln.value_at, len(ln.text))
            cur.end = ln.end
            continue
        if ln.kind == "years":
            if cur is not None:
                cur.years = ln.value
                cur.end = ln.end
            continue
        if ln.kind == "omitted":
            if cur is not None and not cur.has_content:
                cur.omitted = True
            continue
        sec = ln.section
        if sec is None and ln.kind == "content":
            sec = current_section
        if sec is None:
            continue  # preamble, unknown heading, or text before the first section
        opens_profile = sec in PROFILE_START_SECTIONS and (ln.kind in ("heading", "label") or ln.section)
        if cur is None or (opens_profile and cur.max_order >= ORDER[BASIC]):
            new_block(ln.start)
            assert cur is not None
            cur.notes.append(f"no 专业代码/专业名称 lines before the section {sec} at char {ln.start}")
        if ln.kind == "heading":
            cur.sections.setdefault(sec, SectionText(sec))
            cur.max_order = max(cur.max_order, ORDER.get(sec, 0))
            current_section = sec
        else:
            add_to_section(cur, sec, ln)
        cur.end = ln.end
    return blocks
