"""Course names and major abilities → the skills they name (``TEACHES`` Course→Skill, ``DEVELOPS`` Major→Skill).

:class:`CourseSkillMatcher` knows two kinds of skill names:

* the curated vocabulary (``ingest/data/tech_terms.csv``: names and aliases, e.g. "Python", "PLC",
  "会计信息化" → 财务软件) — matched with the same mixed-script rules as the job postings (a Latin name not
  inside a longer token, case-exact short names);
* the **demand terms**: skill names that job postings require (Skill nodes with REQUIRES from at least
  ``min_postings`` postings; ``kg eval teaches`` computes them from the reference job files with the
  same extractor) — so a course name that names what employers ask for ("网络推广", "仓配运营") links to it.

A course name is first stripped of course-form words (…技术, …实务, …基础, …应用, …原理, …概论, …实训,
智慧/现代/…) and then matched: the whole core equal to a term (confidence 0.85), or terms found inside the
name (vocabulary 0.8; a demand-only term of at least 4 characters 0.7). Two-character demand-only terms
(成本, 结算) are too vague to stand alone and are not matched inside longer names. Evidence = the course
name (an ability: the ability sentence), with the term's offsets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.nlp import norm_key

_FORM_END = re.compile(r"(?:应用技术|技术应用|实务操作|实务|技术|基础|应用|原理|概论|导论|实训|实践|操作|技能|课程|综合|"
                       r"入门|初步|与实践|与应用|及应用|与管理|管理实务|分析与设计|设计与制作|设计与实现|开发与应用|"
                       r"与操作|与维护|等)$")
_FOLLOW = re.compile(r"管理|与|和|及|、")
#: course-form words and generic category nouns after a term keep it the course's subject ("区块链原理与设计",
#: "嵌入式系统", "云计算应用开发", "质量管理学")
_SUBJECT_NEXT = re.compile(r"(?:原理|理论|引论|方法|技术|基础|应用|概论|导论|入门|系统|平台|实务|实训|实践|综合|课程|学(?:$|与|和|及))")
_LANGUAGE_COURSE = re.compile(r"(?:专业|行业|职场|商务)?(英语|日语|韩语|德语|法语|俄语)(?:口语|写作|阅读|听说|翻译)?(?:等)?$")
_FORM_START = re.compile(r"^(?:智慧|智能|现代|数字|实用|应用|基础|高级|专业|企业|商务|实用型)")


#: vocabulary kinds (``tech_terms.csv``) that name an area, method or domain rather than a tool: as the modifier
#: opening a longer course name they are not what the course teaches
AREA_KINDS = frozenset({"method", "knowledge", "technology", "big-data", "marketing", "standard", "engineering"})


@dataclass(frozen=True)
class Named:
    name: str
    start: int
    end: int
    confidence: float
    method: str  # core | vocabulary | demand


class CourseSkillMatcher:
    def __init__(self, vocab_terms: dict[str, str], demand_terms: dict[str, str], core_terms: dict[str, str] | None = None,
                 tools: set[str] | frozenset = frozenset()):
        """``vocab_terms`` / ``demand_terms`` / ``core_terms`` (matched only as a course's whole subject): norm key
        of a surface form → canonical skill name; ``tools``: canonical names of software, languages and other
        tools (what a course teaches even when its name opens with them as a modifier: "办公软件数据处理")."""
        self.tools = set(tools)
        self.vocab = vocab_terms
        self.demand = {k: v for k, v in demand_terms.items() if k not in vocab_terms}
        self.core_only = {k: v for k, v in (core_terms or {}).items() if k not in vocab_terms and k not in self.demand}
        self.maxlen = max((len(k) for k in [*self.vocab, *self.demand]), default=0)
        # the lengths of the terms find() can match inside a name, by their first two characters: a piece of
        # the name is looked up only where a term of its length starts with the piece's first two characters
        sizes: dict[str, set[int]] = {}
        for k in self.vocab:
            if len(k) >= 2:
                sizes.setdefault(k[:2], set()).add(len(k))
        for k in self.demand:
            if len(k) >= 4:
                sizes.setdefault(k[:2], set()).add(len(k))
        self._sizes = {k: tuple(sorted(v, reverse=True)) for k, v in sizes.items()}

    @classmethod
    def build(cls, demand_names, core_names=()) -> "CourseSkillMatcher":
        from ingest.vocab.entities import load_tech_terms

        vocab: dict[str, str] = {}
        tools: set[str] = set()
        for t in load_tech_terms():
            if t.kind not in AREA_KINDS:
                tools.add(t.name)
            for s in (t.name, *t.aliases):
                k = norm_key(s)
                if len(k) >= 2 or re.fullmatch(r"[a-z]", k or "x") and s in ("C", "R"):
                    vocab.setdefault(k, t.name)
        demand = {norm_key(n): n for n in demand_names if n and len(norm_key(n)) >= 2}
        core = {norm_key(n): n for n in core_names if n and len(norm_key(n)) >= 4}
        return cls(vocab, demand, core, tools)

    def core(self, course: str) -> str:
        c = re.sub(r"[（(][^）)]*[）)]|\s+", "", course or "")
        for _ in range(3):
            c2 = _FORM_START.sub("", _FORM_END.sub("", c))
            if c2 == c or len(c2) < 2:
                break
            c = c2
        return c

    @staticmethod
    def _modifier(piece: str, low: str, end: int, core_len: int) -> bool:
        """Chinese compounds are head-final: a Chinese term that opens a course name and is followed, inside the
        name's core, by more Chinese characters that are not a connector (与/和/及/、) nor a course-form word or generic
        category noun (原理/技术/应用/系统/平台/…学) modifies that head — the
        course teaches the head, not the term ("电子产品检验技术" teaches 检验, "大数据信用评级" 信用评级). A Latin
        tool name opening the name is what the course teaches ("Python程序设计", "PLC控制技术"), and so is a
        Chinese name of a tool (checked by the caller: "办公软件数据处理" teaches Microsoft Office)."""
        if not re.fullmatch(r"[\u4e00-\u9fff]+", piece) or end >= core_len:
            return False
        return re.match(r"[\u4e00-\u9fff]", low[end]) is not None and not _FOLLOW.match(low, end) \
            and not _SUBJECT_NEXT.match(low, end)

    def find(self, text: str, whole: bool = True) -> list[Named]:
        """Skills a course name (``whole``: also try its stripped core) or an ability sentence names."""
        out: list[Named] = []
        m = _LANGUAGE_COURSE.search(text or "") if whole else None
        if m:  # "物流专业英语", "会计英语": a language course for a field teaches the language
            name = self.vocab.get(norm_key(m.group(1)))
            return [Named(name, m.start(1), m.end(1), 0.85, "core")] if name else []
        low = norm_key(text)
        core_len = len(low)
        if whole:
            core = self.core(text)
            k = norm_key(core)
            name = self.vocab.get(k) or self.demand.get(k) or self.core_only.get(k)
            if name and (len(k) >= 3 or k in self.vocab):
                i = text.find(core)
                return [Named(name, max(i, 0), max(i, 0) + len(core), 0.85, "core")]
            core_len = len(k)  # the head-final rule looks inside the core only
        # longest terms first, no overlaps; offsets into the folded text (= the text for these short names)
        taken: list[tuple[int, int]] = []
        n = len(low)
        # (size, start) from the longest size down, each size left to right — as a scan of every size and
        # start would try them, keeping only the pieces that can be a term (see ``_sizes``)
        sizes = self._sizes
        cands = sorted(((size, i) for i in range(n - 1) for size in sizes.get(low[i:i + 2], ()) if size <= n - i),
                       key=lambda c: (-c[0], c[1]))
        for size, i in cands:
            piece = low[i:i + size]
            name = self.vocab.get(piece)
            method, conf = "vocabulary", 0.8
            if name is None:
                name = self.demand.get(piece) if size >= 4 else None
                method, conf = "demand", 0.7
            if name is None or any(a < i + size and i < b for a, b in taken):
                continue
            if norm_key(name) != piece and norm_key(name).startswith(piece) and i + size < n and \
                    re.match(r"[\u4e00-\u9fff]", low[i + size]) and not _FOLLOW.match(low, i + size):
                continue  # a short alias as a modifier ("供应链智慧仓配运营") is not the skill
            if whole and i == 0 and name not in self.tools and self._modifier(piece, low, i + size, core_len):
                continue  # "电子产品检验技术": the domain noun opening the name modifies the head after it
            if re.fullmatch(r"[a-z0-9+#. ]+", piece):  # Latin: not inside a longer Latin token
                if (i and low[i - 1].isascii() and low[i - 1].isalnum()) or \
                        (i + size < n and low[i + size].isascii() and low[i + size].isalnum()):
                    continue
            taken.append((i, i + size))
            out.append(Named(name, i, i + size, conf, method))
        # a name found twice (alias and name) is one skill
        seen: set[str] = set()
        return [x for x in sorted(out, key=lambda x: x.start) if not (x.name in seen or seen.add(x.name))]
