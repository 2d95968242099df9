"""Vocabularies for the policy, job-post and firm-profile extractors, and the spaCy matcher over them.

Two sources, merged into one :class:`EntityVocabulary`:

* **the graph** (:meth:`EntityVocabulary.from_store`): names (zh and en, aliases) of Industry, Major,
  Occupation, Region, College, Firm, Skill, Course, Certificate and Post nodes, read with
  ``store.read`` (never written);
* **the repo** (``ingest/data``): the bilingual controlled vocabulary of industry–education
  integration mechanisms (``measures.csv`` → ``Measure``) and the curated technical terms
  (``tech_terms.csv`` → ``Skill``: languages, frameworks, databases, tools, standards, certificates).

:class:`EntityMatcher` turns a vocabulary into a blank spaCy pipeline — ``spacy.blank("zh")`` (with a
tokenizer that keeps Latin words and numbers whole, so "熟悉Python、MySQL" gives the tokens
``Python`` and ``MySQL`` and "Go" never matches inside "Google") or ``spacy.blank("en")`` — with a
``sentencizer`` for evidence sentences and a PhraseMatcher (as an ``entity_ruler`` would hold) of the surface forms:
phrase patterns matched on lower case, token patterns (ORTH) for the few case-sensitive terms (``Go``,
``R``, ``C``, ``Word`` …). English forms get plural/singular and hyphen/space variants. Text is
normalised first (:func:`normalise`: width folding, HTML entities, PDF line breaks) with a map back
to the original offsets, so every match carries character offsets into the document as given.
A trained pipeline (``zh_core_web_sm`` / ``en_core_web_sm``) is used for sentence boundaries only if
it is installed and ``KG_SPACY_TRAINED=1``; the rule pipeline is the default.
"""
from __future__ import annotations

import csv
import functools
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from ingest.nlp import CJK, fold_width, norm_key
from kg.codes import region_parts

DATA = Path(__file__).resolve().parent.parent / "data"
MEASURES_CSV = DATA / "measures.csv"
TECH_TERMS_CSV = DATA / "tech_terms.csv"

#: label priority when one surface form names things of several labels (first wins)
LABEL_PRIORITY = ("_block", "Measure", "College", "Firm", "EducationAlliance", "Region", "Major", "Occupation",
                  "Industry", "Skill", "Certificate", "Course", "Post")

#: graph names that are common words in the texts we read, not mentions of the thing
#: (教育 is an Industry name but every sentence of an education law says it)
GENERIC_NAMES = frozenset({
    "教育", "职业教育", "高等教育", "学前教育", "初等教育", "中等教育", "技能培训", "职业技能培训", "培训",
    "服务", "管理", "其他", "其他服务业", "其他未列明", "综合", "社会工作", "组织管理", "体育", "文化",
    "卫生", "建筑", "金融", "商务服务", "专业技术", "公共管理", "国家机构", "基层群众自治组织", "人民政协",
    "education", "services", "other", "others", "management", "construction", "administration",
    "activities", "service", "training", "research", "design", "sales", "marketing", "finance",
    "中国", "全国", "国家", "本市", "地方", "社会", "工会", "社会保障", "法律", "政府", "人民政府",
})
#: words a Skill/Course/Certificate name from the graph must not be alone (too vague to be a skill)
GENERIC_SKILLS = frozenset({
    "沟通", "管理", "学习", "分析", "设计", "开发", "测试", "运营", "销售", "服务", "研究", "写作", "实践",
    "实习", "培训", "创新", "合作", "项目", "工作", "技术", "能力", "知识", "方法", "应用", "基础", "概论",
    "英语口语", "体育", "军事理论", "形势与政策", "思想道德与法治", "劳动教育", "心理健康教育", "职业规划",
    "就业指导", "大学语文", "高等数学", "计算机应用基础", "信息技术", "毕业设计", "毕业实习", "岗位实习",
    "认识实习", "顶岗实习", "入学教育", "军事技能", "安全教育", "创新创业教育", "职业生涯规划",
})


#: institution types whose names contain a mechanism's wording (职业技能培训机构 ⊃ 职业技能培训): matched as
#: a blocking pseudo-entry so the longest match wins and nothing is reported for them
BLOCKING_SURFACES = ("职业技能培训机构", "职业培训机构", "培训机构", "实习实训机构")

#: English names of GB/T 4754 门类/大类 as papers write them (the graph's English names are ISIC titles),
#: keyed by the industry's code
INDUSTRY_TERMS_EN: dict[str, tuple[str, ...]] = {
    "I": ("information industry", "information technology industry", "IT industry", "ICT industry",
          "information and communication industry"),
    "65": ("software industry", "software and information technology services"),
    "C": ("manufacturing industry", "manufacturing sector"),
    "39": ("electronic information industry", "electronics industry"),
    "A": ("agriculture", "agricultural industry"),
    "E": ("construction industry",),
    "F": ("wholesale and retail industry",),
    "G": ("logistics industry", "transportation industry"),
    "H": ("hospitality industry", "catering industry"),
    "J": ("financial industry", "finance industry", "banking industry"),
    "K": ("real estate industry",),
    "Q": ("health care industry", "healthcare industry"),
    "R": ("cultural industry", "culture industry", "sports industry"),
}
INDUSTRY_TERMS_ZH: dict[str, tuple[str, ...]] = {
    "I": ("信息技术产业", "信息产业", "信息技术服务业"),
    "C": ("制造产业",),
    "39": ("电子信息产业", "电子信息制造业"),
    "J": ("金融业",),
    "A": ("农业产业",),
}


# ------------------------------------------------------------------------------------------ data
@dataclass(frozen=True)
class Measure:
    id: str
    name_zh: str
    name_en: str
    variants_zh: tuple[str, ...]
    variants_en: tuple[str, ...]
    note: str = ""

    @property
    def variants(self) -> list[str]:
        return list(dict.fromkeys([self.name_zh, *self.variants_zh, self.name_en, *self.variants_en]))


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in (cell or "").split("|") if x.strip())


@functools.lru_cache(maxsize=2)
def load_measures(path: str = str(MEASURES_CSV)) -> tuple[Measure, ...]:
    """The controlled vocabulary of industry–education integration mechanisms (ingest/data/measures.csv)."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for r in rows:
        out.append(Measure(r["id"].strip(), r["name_zh"].strip(), r["name_en"].strip(),
                           _split(r.get("variants_zh")), _split(r.get("variants_en")), (r.get("note") or "").strip()))
    ids = [m.id for m in out]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: duplicate measure ids")
    return tuple(out)


@dataclass(frozen=True)
class TechTerm:
    name: str
    kind: str
    aliases: tuple[str, ...]
    case_exact: bool = False


@functools.lru_cache(maxsize=2)
def load_tech_terms(path: str = str(TECH_TERMS_CSV)) -> tuple[TechTerm, ...]:
    """Curated technical terms (ingest/data/tech_terms.csv): canonical name, kind, safe aliases."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = [TechTerm(r["name"].strip(), r["kind"].strip(), _split(r.get("aliases")), (r.get("case") or "") == "exact")
           for r in rows if r.get("name", "").strip()]
    keys = [norm_key(t.name) for t in out]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{path}: duplicate term names")
    return tuple(out)


def skill_id(name: str) -> str:
    """``Skill.id`` for a skill name (the shared name key: case, width and spacing folded)."""
    return norm_key(name)


# ------------------------------------------------------------------------------- English variants
def _plural(w: str) -> str:
    if re.search(r"[^aeiou]y$", w):
        return w[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", w):
        return w + "es"
    return w + "s"


def _singular(w: str) -> str | None:
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if re.search(r"(ss|us|is)$", w):
        return None
    if re.search(r"(xes|ches|shes|sses)$", w):
        return w[:-2]
    if w.endswith("s") and len(w) > 3:
        return w[:-1]
    return None


def english_variants(phrase: str) -> list[str]:
    """Surface variants of an English term: hyphen ↔ space, plural ↔ singular of the head (last) word.

    >>> sorted(english_variants("training base"))
    ['training base', 'training bases']
    >>> "school enterprise cooperation" in english_variants("school-enterprise cooperation")
    True
    """
    base = re.sub(r"[‐-―−]", "-", phrase.strip())
    forms = {base}
    if "-" in base:
        forms.add(re.sub(r"\s*-\s*", " ", base))
    out = set()
    for f in forms:
        out.add(f)
        m = re.match(r"^(.*?)([A-Za-z]+)$", f)
        if not m or len(m.group(2)) < 3 or m.group(2).isupper():
            continue
        head, last = m.groups()
        out.add(head + _plural(last))
        s = _singular(last)
        if s:
            out.add(head + s)
    return sorted(out)


# --------------------------------------------------------------------------------- normalisation
_ENTITY = {"&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&ensp;": " ",
           "&emsp;": " "}
_NORM_EN = re.compile(r"&(?:nbsp|amp|lt|gt|quot|ensp|emsp|#39);|(?<=[A-Za-z])-[ \t]*\n\s*(?=[a-z])|\s+|[‐-―−]")
_NORM_ZH = re.compile(r"&(?:nbsp|amp|lt|gt|quot|ensp|emsp|#39);|[ \t\r\f\v\u3000\xa0]*\n\s*|[ \t\r\f\v\u3000\xa0]+")


def normalise(text: str, lang: str) -> tuple[str, list[int]]:
    """Text ready for matching plus ``offsets``: ``offsets[i]`` is the original index of character ``i``
    (one extra entry for the end). Width folded; HTML entities decoded; dashes → '-' (English); English
    whitespace (PDF line breaks included) → one space and "co-\\noperation" → "co-operation"; Chinese
    line breaks → one newline, other whitespace → one space."""
    src = fold_width(text)
    out: list[str] = []
    offs: list[int] = []
    pos = 0
    pattern = _NORM_EN if lang == "en" else _NORM_ZH
    for m in pattern.finditer(src):
        s, e = m.span()
        if s > pos:
            out.append(src[pos:s])
            offs.extend(range(pos, s))
        g = m.group()
        if g in _ENTITY:
            rep = _ENTITY[g]
        elif g.startswith("-") and "\n" in g:
            rep = "-"
        elif lang == "en":
            rep = "-" if not g.isspace() else " "
        else:
            rep = "\n" if "\n" in g else " "
        out.append(rep)
        offs.append(s)
        pos = e
    out.append(src[pos:])
    offs.extend(range(pos, len(src)))
    offs.append(len(src))
    return "".join(out), offs


# ------------------------------------------------------------------------------------ vocabulary
@dataclass(frozen=True)
class Entry:
    """A thing that can be mentioned: its label, graph key, display name and extra properties."""

    label: str
    key: str
    name: str
    kind: str | None = None  # Skill kind, Region level …
    in_graph: bool = True


@dataclass
class EntityVocabulary:
    """Entries and their surface forms (text → entries), per language."""

    entries: dict[tuple[str, str], Entry] = field(default_factory=dict)
    forms: dict[str, dict[str, set[tuple[str, str]]]] = field(default_factory=lambda: {"zh": {}, "en": {}})
    exact: set[str] = field(default_factory=set)  # case-sensitive surface forms

    def add(self, entry: Entry, surfaces: Iterable[str], lang: str | None = None, case_exact: bool = False,
            english_inflections: bool = True) -> None:
        ek = (entry.label, entry.key)
        if ek not in self.entries or (entry.in_graph and not self.entries[ek].in_graph):
            self.entries[ek] = entry
        for s in surfaces:
            s = fold_width(s or "").strip()
            if not s:
                continue
            langs = [lang] if lang else (["zh"] if re.search(f"[{CJK}]", s) else ["zh", "en"])
            for lg in langs:
                variants = english_variants(s) if (lg == "en" and english_inflections and not case_exact
                                                    and re.search("[A-Za-z]{3}", s) and " " in s.strip()) else [s]
                if lg == "en" and english_inflections and not case_exact and " " not in s and re.fullmatch(
                        r"[A-Za-z][a-z]{3,}", s) and entry.label in ("Measure",):
                    variants = english_variants(s)
                for v in variants:
                    self.forms[lg].setdefault(v if case_exact else v.lower(), set()).add(ek)
                    if case_exact:
                        self.exact.add(v)

    def merge(self, other: "EntityVocabulary") -> "EntityVocabulary":
        for ek, e in other.entries.items():
            if ek not in self.entries or (e.in_graph and not self.entries[ek].in_graph):
                self.entries[ek] = e
        for lg, forms in other.forms.items():
            for s, eks in forms.items():
                self.forms[lg].setdefault(s, set()).update(eks)
        self.exact |= other.exact
        return self

    def fingerprint(self) -> str:
        h = hashlib.sha256()
        for lg in sorted(self.forms):
            for s in sorted(self.forms[lg]):
                h.update(f"{lg}\x1f{s}\x1f{sorted(self.forms[lg][s])}\n".encode())
        return h.hexdigest()[:16]

    def labels(self) -> set[str]:
        return {lbl for lbl, _ in self.entries}

    # ---------------------------------------------------------------- builders
    @classmethod
    def measures(cls) -> "EntityVocabulary":
        v = cls()
        block = Entry("_block", "_block", "_block", in_graph=False)
        v.add(block, BLOCKING_SURFACES, lang="zh")
        for m in load_measures():
            e = Entry("Measure", m.id, m.name_zh, in_graph=False)
            v.add(e, [m.name_zh, *m.variants_zh], lang="zh")
            v.add(e, [m.name_en, *m.variants_en], lang="en")
        return v

    @classmethod
    def tech_terms(cls) -> "EntityVocabulary":
        v = cls()
        for t in load_tech_terms():
            e = Entry("Skill", skill_id(t.name), t.name, kind=t.kind, in_graph=False)
            v.add(e, [t.name, *t.aliases], case_exact=t.case_exact, english_inflections=False)
        return v

    @classmethod
    def from_store(cls, store, labels: Iterable[str]) -> "EntityVocabulary":
        """Names of the graph's nodes of ``labels`` (read-only queries)."""
        v = cls()
        for label in labels:
            reader = _GRAPH_READERS.get(label)
            if reader is None:
                continue
            for entry, zh, en in reader(store):
                zh = [s for s in zh if _usable(s, label)]
                en = [s for s in en if _usable(s, label)]
                v.add(entry, zh, lang="zh")
                v.add(entry, en, lang="en")
        return v


def _usable(surface: str | None, label: str) -> bool:
    if not surface:
        return False
    s = surface.strip()
    if norm_key(s) in GENERIC_NAMES or s.startswith("其他"):
        return False
    if re.search(f"[{CJK}]", s):
        if len(s) < 2:
            return False
        if label in ("Skill", "Course", "Certificate") and (len(s) < 3 or s in GENERIC_SKILLS):
            return False
        if label == "Firm" and len(s) < 4:  # 2–3 character stock short names are common words
            return False
        if label == "Post" and len(s) < 3:
            return False
        return True
    # English: at least 4 letters; single generic words are excluded above
    return len(re.sub(r"[^A-Za-z]", "", s)) >= 4 or (label == "Skill" and len(s) >= 2)


_LIMIT = 10_000_000


def _rows(store, q: str) -> list[dict]:
    return store.read(q, limit=_LIMIT)


def _industries(store) -> Iterator[tuple[Entry, list[str], list[str]]]:
    for r in _rows(store, "MATCH (n:Industry) RETURN n.code AS k, n.name AS name, n.name_en AS en, n.level AS lv"):
        if not r["name"]:
            continue
        zh = [r["name"], *INDUSTRY_TERMS_ZH.get(r["k"], ())]
        en = [*([r["en"]] if r["en"] else []), *INDUSTRY_TERMS_EN.get(r["k"], ())]
        yield Entry("Industry", r["k"], r["name"], kind=r["lv"]), zh, en


def _majors(store):
    for r in _rows(store, "MATCH (n:Major) RETURN n.code AS k, n.name AS name, n.name_en AS en, n.level AS lv"):
        if r["name"]:
            yield Entry("Major", r["k"], r["name"], kind=r["lv"]), [r["name"]], [r["en"]] if r["en"] else []


def _occupations(store):
    for r in _rows(store, "MATCH (n:Occupation) WHERE n.level = '细类' OR n.level = '4' OR n.level IS NULL "
                          "RETURN n.code AS k, n.name AS name"):
        if r["name"]:
            name = re.sub(r"[SL]+$", "", r["name"])
            yield Entry("Occupation", r["k"], name), [name], []


def _regions(store):
    from ingest.normalize import city_stem

    for r in _rows(store, "MATCH (n:Region) RETURN n.id AS k, n.name AS name, n.name_en AS en, n.level AS lv"):
        province, city = region_parts(r["k"])
        name = r["name"] or city or province
        zh = [name]
        level = (r["lv"] or "").lower()
        if level in ("province", "省", "省级", "city", "市", "地级"):
            short = re.sub(r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省)$", "", name)
            if level in ("city", "市", "地级"):
                short = city_stem(name)
            elif short.endswith("市"):
                short = short[:-1]
            if len(short) >= 2 and short != name:
                zh.append(short)
        yield Entry("Region", r["k"], name, kind=r["lv"]), zh, [r["en"]] if r["en"] else []


def _colleges(store):
    for r in _rows(store, "MATCH (n:College) RETURN n.moe_code AS k, n.name AS name, n.aliases AS al, "
                          "n.name_en AS en"):
        if r["name"]:
            yield Entry("College", r["k"], r["name"]), [r["name"], *(r["al"] or [])], [r["en"]] if r["en"] else []


def _firms(store):
    for r in _rows(store, "MATCH (n:Firm) RETURN n.id AS k, n.name AS name, n.aliases AS al, n.name_en AS en"):
        if r["name"]:
            yield Entry("Firm", r["k"], r["name"]), [r["name"], *(r["al"] or [])], [r["en"]] if r["en"] else []


def _named(label: str, key: str, kind: str | None = None):
    def read(store):
        for r in _rows(store, f"MATCH (n:{label}) RETURN n.{key} AS k, n.name AS name"):
            if r["name"]:
                yield Entry(label, r["k"], r["name"], kind=kind), [r["name"]], []
    return read


#: extractors (any version: the name before "@") whose Skill nodes come from the repo vocabulary itself (reading
#: them back would only make the vocabulary — and so the documents' content hashes — depend on earlier runs)
_OWN_SKILL_EXTRACTORS = ("jobs", "jobs-tags", "teaches", "firm-profile")


def _skills(store):
    for r in _rows(store, "MATCH (n:Skill) RETURN n.id AS k, n.name AS name, n.kind AS kind, n.extractor AS x"):
        if r["name"] and str(r["x"] or "").split("@")[0] not in _OWN_SKILL_EXTRACTORS:
            yield Entry("Skill", r["k"], r["name"], kind=r["kind"]), [r["name"]], []


_GRAPH_READERS = {
    "Industry": _industries, "Major": _majors, "Occupation": _occupations, "Region": _regions,
    "College": _colleges, "Firm": _firms, "Skill": _skills, "Course": _named("Course", "id", "knowledge"),
    "Certificate": _named("Certificate", "id", "certificate"), "Post": _named("Post", "id"),
}


# --------------------------------------------------------------------------------------- spaCy
class MixedScriptTokenizer:
    """Tokenizer for Chinese text with Latin words in it: each CJK character is a token, a run of Latin
    letters/digits (with the joiners of names like C++, C#, .NET, Node.js kept as separate tokens) is one
    token, whitespace is not a token except newlines."""

    _TOKEN = re.compile(r"[A-Za-z]+|[0-9]+(?:\.[0-9]+)?|\S|\s")

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str):
        from spacy.tokens import Doc

        words: list[str] = []
        spaces: list[bool] = []
        findall = self._TOKEN.findall
        pieces = text.split(" ")
        last = len(pieces) - 1
        for i, piece in enumerate(pieces):
            toks = findall(piece)
            if toks:
                words.extend(toks)
                spaces.extend([False] * (len(toks) - 1))
                spaces.append(i < last)
            elif i < last:  # a space with no token before it (text start, or after a newline token)
                if words and not spaces[-1]:
                    spaces[-1] = True
                else:
                    words.append(" ")
                    spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts, batch_size=1000):  # noqa: ANN001
        for t in texts:
            yield self(t)

    def to_bytes(self, **_):  # pragma: no cover - spaCy serialisation hooks
        return b""

    def from_bytes(self, _b, **_):  # pragma: no cover
        return self


@dataclass(frozen=True)
class Hit:
    """A vocabulary match: character offsets into the *normalised* text, and what it names."""

    start: int
    end: int
    text: str
    targets: tuple[tuple[str, str], ...]  # (label, key), best label first
    sentence_start: int
    sentence_end: int


def _trained(lang: str):
    if os.environ.get("KG_SPACY_TRAINED") != "1":
        return None
    import importlib.util

    for name in ({"zh": ("zh_core_web_sm",), "en": ("en_core_web_sm",)}[lang]):
        if importlib.util.find_spec(name):
            import spacy

            return spacy.load(name, exclude=["ner", "tagger", "lemmatizer", "attribute_ruler"])
    return None


class EntityMatcher:
    """Blank spaCy pipeline (tokenizer → sentencizer) and a PhraseMatcher over a :class:`EntityVocabulary`.

    :meth:`find` returns :class:`Hit` s (longest non-overlapping; a span naming several things keeps
    them all, best label first) with their sentence bounds.
    """

    def __init__(self, vocab: EntityVocabulary, lang: str, sentence_punct: Iterable[str] | None = None,
                 labels: Iterable[str] | None = None, sentences: bool = True):
        import spacy

        self.lang = lang
        self.vocab = vocab
        keep = set(labels) if labels else None
        nlp = _trained(lang) or spacy.blank(lang)
        if lang == "zh":
            nlp.tokenizer = MixedScriptTokenizer(nlp.vocab)
        punct = list(sentence_punct) if sentence_punct else (
            ["。", "！", "？", "!", "?", "\n"] if lang == "zh" else [".", "!", "?", "。"])
        self.sentences = sentences
        if sentences and not {"sentencizer", "parser", "senter"} & set(nlp.pipe_names):
            nlp.add_pipe("sentencizer", config={"punct_chars": punct})
        self._groups: dict[str, tuple[tuple[str, str], ...]] = {}
        self._exact_groups: dict[str, str] = {}
        patterns = []
        forms = vocab.forms.get(lang, {})
        for i, (surface, eks) in enumerate(sorted(forms.items())):
            if keep is not None:
                eks = {ek for ek in eks if ek[0] in keep}
            if not eks:
                continue
            ordered = tuple(sorted(eks, key=lambda ek: (LABEL_PRIORITY.index(ek[0])
                                                        if ek[0] in LABEL_PRIORITY else 99, ek[1])))
            gid = f"g {i}"  # holds a space: no token of a text is ever its match key (see below)
            self._groups[gid] = ordered
            if surface in vocab.exact:
                self._exact_groups[gid] = surface
            # case-sensitive forms are matched on lower case too and checked in find(): a token-pattern
            # Matcher would cost more than the whole phrase matching
            patterns.append((f"{gid}||{gid}", surface.lower()))
        # the phrase matcher an ``entity_ruler`` (phrase_matcher_attr LOWER) would hold, filled as its
        # add_patterns fills it — one key "label||id" per pattern, in the same order, each pattern made by the
        # tokenizer — without the ruler around it (its pipeline run over every pattern text, its label
        # bookkeeping), which find() never used: it reads the matches and keeps longest spans itself
        from spacy.matcher import PhraseMatcher

        matcher = PhraseMatcher(nlp.vocab, attr="LOWER", validate=False)
        # PhraseMatcher.add makes a lexeme for each match key ("g 12||g 12"), computing its ~20 lexical
        # attributes (most of the time of building the matcher); made here first without them: a key is
        # never a token (it holds a space), so nothing reads them
        lex_attrs = nlp.vocab.lex_attr_getters
        nlp.vocab.lex_attr_getters = {}
        try:
            for key, _text in patterns:
                nlp.vocab[key]
        finally:
            nlp.vocab.lex_attr_getters = lex_attrs
        for key, text in patterns:
            matcher.add(key, [nlp.make_doc(text)])
        self.phrase_matcher = matcher
        self.nlp = nlp
        self.size = len(patterns)

    def __len__(self) -> int:
        return self.size

    def doc(self, norm_text: str):
        return self.nlp(norm_text)

    def find(self, norm_text: str, doc=None) -> list[Hit]:
        """Matches in already :func:`normalise` d text (longest first, non-overlapping)."""
        from spacy.util import filter_spans

        if doc is None:
            doc = self.nlp(norm_text) if self.sentences else self.nlp.make_doc(norm_text)
        spans = []
        for match_id, s, e in self.phrase_matcher(doc):
            gid = self.nlp.vocab.strings[match_id].rpartition("||")[2]
            span = doc[s:e]
            exact = self._exact_groups.get(gid)
            if exact is not None and span.text != exact and span.text != exact.upper():
                continue  # "go" / "word" in running text are not the tools Go / Word
            if self.lang == "en" and not _word_bounded(norm_text, span.start_char, span.end_char):
                continue
            span.label_ = gid
            spans.append(span)
        out = []
        for span in sorted(filter_spans(spans), key=lambda sp: sp.start):
            groups = self._groups[span.label_]
            if self.sentences:
                sent = span.sent
                out.append(Hit(span.start_char, span.end_char, span.text, groups, sent.start_char, sent.end_char))
            else:
                out.append(Hit(span.start_char, span.end_char, span.text, groups, 0, len(norm_text)))
        return out


_SENT_ZH = re.compile(r"[。！？!?]+[”’」』）)]*|\n+")
_SENT_EN = re.compile(r"[.!?。]+[\"'”’)\]]*(?=\s|$)")


def sentence_bounds(text: str, lang: str) -> list[int]:
    """Sentence end offsets of (normalised) ``text`` — the same punctuation the pipeline's ``sentencizer``
    uses (。！？!? and line breaks for Chinese; . ! ? for English), found with one regex pass, which is
    several times faster than building spaCy sentence spans. The last entry is ``len(text)``."""
    rx = _SENT_ZH if lang == "zh" else _SENT_EN
    ends = [m.end() for m in rx.finditer(text)]
    if not ends or ends[-1] != len(text):
        ends.append(len(text))
    return ends


def sentence_at(ends: list[int], pos: int) -> tuple[int, int]:
    """(start, end) of the sentence holding ``pos``, given :func:`sentence_bounds`."""
    import bisect

    i = bisect.bisect_right(ends, pos)
    i = min(i, len(ends) - 1)
    start = ends[i - 1] if i > 0 else 0
    return start, ends[i]


def _word_bounded(text: str, s: int, e: int) -> bool:
    return not (s > 0 and text[s - 1].isalnum() and text[s].isalnum()) and not (
        e < len(text) and text[e].isalnum() and text[e - 1].isalnum())


# ------------------------------------------------------------------------- shared record helpers
from kg.records import NodeRecord, Provenance, RelRecord  # noqa: E402


class ReviewNodeRecord(NodeRecord):
    """A node proposed by an extractor (``review = true``: it waits in the review queue).

    ``NodeRecord.props`` only takes the label's declared properties, and ``review`` is a provenance
    property, so it travels in the row (the store's merge reads it from there)."""

    review: bool = True

    def row(self) -> dict:
        return {**super().row(), "review": self.review}


class ReviewRelRecord(RelRecord):
    """A relationship that may carry the ``review`` flag (see :class:`ReviewNodeRecord`)."""

    review: bool | None = None

    def row(self) -> dict:
        r = super().row()
        if self.review is not None:
            r["review"] = self.review
        return r

    @classmethod
    def make(cls, type_: str, start_label: str, start_key: str, end_label: str, end_key: str, props: dict,
             prov: Provenance, review: bool = False) -> RelRecord:
        if review:
            return cls(type=type_, start_label=start_label, start_key=start_key, end_label=end_label,
                       end_key=end_key, props=props, prov=prov, review=True)
        return RelRecord(type=type_, start_label=start_label, start_key=start_key, end_label=end_label,
                         end_key=end_key, props=props, prov=prov)


_MEASURES_SOURCE = "vocab:ingest/data/measures.csv"


def measure_node_records(ids: Iterable[str]) -> list[NodeRecord]:
    """``Measure`` nodes for the given ids, from the controlled vocabulary (source: the vocabulary file)."""
    by_id = {m.id: m for m in load_measures()}
    out = []
    for i in sorted(set(ids)):
        m = by_id.get(i)
        if m is None:
            continue
        out.append(NodeRecord(label="Measure", key=m.id,
                              props={"name_zh": m.name_zh, "name_en": m.name_en, "variants": m.variants},
                              prov=Provenance(source=_MEASURES_SOURCE, extractor="measures@1", confidence=1.0,
                                              evidence=f"{m.name_zh} / {m.name_en}: {m.note}"[:300],
                                              locator=f"id {m.id}")))
    return out


_SPACES = re.compile(r"\s+")


def clean_sentence(s: str) -> str:
    """Evidence text: whitespace collapsed (a space kept only between Latin words), HTML entities gone."""
    s = re.sub(r"&(?:nbsp|ensp|emsp);", " ", s).replace("&amp;", "&")
    s = _SPACES.sub(" ", s).strip()
    s = re.sub(rf"(?<=[{CJK}，。；：、]) | (?=[{CJK}，。；：、])", "", s)
    return s
