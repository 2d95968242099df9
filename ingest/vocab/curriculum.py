"""The reference vocabularies the curriculum extractor links to, read from the graph.

Built once per ingest call with ``store.read`` (never written): the major catalogue (``Major`` nodes,
2021 catalogue + later additions), the 2022 occupations (``Occupation``), the GB/T 4754 industries
(``Industry``) and the certificates already known (``Certificate``). Matching helpers: occupations by
exact name (spaCy PhraseMatcher over all names) then fuzzy (rapidfuzz) above a threshold; majors by
name within a level/class; industries named in text (PhraseMatcher).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.nlp import fold_width, norm_key
from ingest.normalize import major_key
from ingest.vocab.terms import Term, TermMatcher

OCCUPATION_FUZZY_THRESHOLD = 88.0  # rapidfuzz WRatio-like score (0–100) for a fuzzy occupation match
MAJOR_FUZZY_THRESHOLD = 85.0
INDUSTRY_FUZZY_THRESHOLD = 90.0


def _plain(name: str) -> str:
    return re.sub(r"[\s、，,()（）]", "", fold_width(name))


def major_level(code: str) -> str:
    """Level of a catalogue code by its first digit: 2/3 高职本科, 4/5 高职专科, 6/7 中职."""
    d = code[:1]
    return {"2": "高职本科", "3": "高职本科", "4": "高职专科", "5": "高职专科", "6": "中职", "7": "中职"}.get(d, "")


def industry_surfaces(name: str) -> list[str]:
    """How a GB/T 4754 name is written in running text: the name (two-character names only when they
    end in 业, and then only as "农业企业/农业行业" — "教育" or "农业科研院所" say nothing), without a bracketed tail ("社区卫生服务中心（站）" →
    "社区卫生服务中心"), and as "… 行业" ("卫生行业", "文化艺术业" → "文化艺术行业")."""
    n = fold_width(name).strip()
    bare = re.sub(r"\s*[(（][^()（）]*[)）]\s*$", "", n)
    out = []
    for x in dict.fromkeys([n, bare]):
        if len(x) >= 3:
            out.append(x)
        elif len(x) == 2 and x.endswith("业"):  # 农业 alone is often an adjective ("农业科研院所")
            out += [x + "企业", x + "行业", x + "生产企业"]
    if "、" not in bare and not bare.endswith("行业"):
        if bare.endswith("业") and len(bare) >= 4:
            out.append(bare[:-1] + "行业")
        elif not bare.endswith("业"):
            out.append(bare + "行业")
    return out


_RENAMES: dict[str, tuple[str, float]] | None = None


def _renames() -> dict[str, tuple[str, float]]:
    """{major_key(2015 name): (2021 code, confidence)} from the reviewed rename table."""
    global _RENAMES
    if _RENAMES is None:
        from ingest.reference.common import read_data_table

        _RENAMES = {major_key(r["old_name"]): (r["code"].strip(), float(r["confidence"] or 0))
                    for r in read_data_table("major_renames_2015_2021.csv")}
    return _RENAMES


def _strip_occ_suffix(name: str) -> str:
    # the 2022 大典 marks digital/green occupations with a trailing S / L
    return re.sub(r"(?<=[\u4e00-\u9fff）)])[SLＳＬ]+$", "", name.strip())


_SUFFIXES = ("人员", "工作者", "员", "师", "工")


def _suffix_variants(key: str) -> list[str]:
    """Other common endings of an occupation name (员/师/工/人员), and the name without 人员."""
    out = []
    for suf in _SUFFIXES:
        if key.endswith(suf) and len(key) - len(suf) >= 2:
            stem = key[: -len(suf)]
            if suf == "人员":
                out.append(stem)
            out += [stem + s for s in _SUFFIXES if s != suf]
    return out


@dataclass
class MajorEntry:
    code: str
    name: str
    level: str
    catalogue: str | None = None
    year_added: int | None = None

    @property
    def vintage(self) -> str:
        """Which catalogue the major comes from ("2021", "2021+增补 2025" …)."""
        v = self.catalogue or "?"
        return f"{v} {self.year_added}" if self.year_added else v


@dataclass
class OccupationMatch:
    code: str
    name: str
    score: float  # 100 = exact
    method: str  # exact | variant | fuzzy


@dataclass
class CurriculumVocabulary:
    majors: dict[str, MajorEntry] = field(default_factory=dict)
    occupations: dict[str, str] = field(default_factory=dict)  # code -> name
    industries: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (name, description)

    def __post_init__(self) -> None:
        self._major_by_name: dict[tuple[str, str], str] = {}
        for m in self.majors.values():
            self._major_by_name.setdefault((m.level, major_key(m.name)), m.code)
        self._occ_by_name: dict[str, str] = {}
        # prefer the most specific code for a name (细类 over 小类 …): sort so the last wins
        for code, name in sorted(self.occupations.items(), key=lambda kv: (kv[0].count("00"), kv[0]),
                                 reverse=True):
            self._occ_by_name[norm_key(name)] = code
        self._occ_names = list(self._occ_by_name)
        self._occ_matcher: TermMatcher | None = None
        self._ind_matcher: TermMatcher | None = None
        self._ind_names: dict[str, str] | None = None

    # ------------------------------------------------------------- building
    @classmethod
    def from_store(cls, store) -> "CurriculumVocabulary":
        majors = {}
        for r in store.read("MATCH (m:Major) RETURN m.code AS code, m.name AS name, m.catalogue AS catalogue, "
                            "m.year_added AS y", limit=None):
            if r["code"] and r["name"]:
                code = str(r["code"]).strip().upper()
                majors[code] = MajorEntry(code, str(r["name"]).strip(), major_level(code), r.get("catalogue"),
                                          r.get("y"))
        occs = {str(r["code"]): _strip_occ_suffix(str(r["name"]))
                for r in store.read("MATCH (o:Occupation) RETURN o.code AS code, o.name AS name", limit=None)
                if r["code"] and r["name"]}
        inds = {str(r["code"]): (str(r["name"]).strip(), str(r["d"] or ""))
                for r in store.read("MATCH (i:Industry) RETURN i.code AS code, i.name AS name, "
                                    "i.description AS d", limit=None)
                if r["code"] and r["name"]}
        return cls(majors, occs, inds)

    @property
    def empty(self) -> bool:
        return not self.majors

    # ------------------------------------------------------------- majors
    def class_codes(self, class_code: str) -> list[str]:
        return sorted(c for c in self.majors if c[:4] == class_code)

    def major_by_name(self, name: str, level: str | None = None, class_code: str | None = None,
                      fuzzy: bool = True) -> tuple[str, float] | None:
        """(code, score 0–1) of the catalogue major with this name at this level (and class if given)."""
        key = major_key(name)
        levels = [level] if level else ["高职本科", "高职专科", "中职"]
        for lv in levels:
            code = self._major_by_name.get((lv, key))
            if code and (class_code is None or code[:4] == class_code):
                return code, 1.0
        if not fuzzy:
            return None
        from rapidfuzz import fuzz, process

        pool = {c: major_key(m.name) for c, m in self.majors.items()
                if (level is None or m.level == level) and (class_code is None or c[:4] == class_code)}
        if not pool:
            return None
        best = process.extractOne(key, pool, scorer=fuzz.ratio, score_cutoff=MAJOR_FUZZY_THRESHOLD)
        if best:
            return best[2], best[1] / 100.0
        return None

    def follow_on_major(self, name: str, level: str) -> tuple[str, float, str] | None:
        """(code, score 0–1, how) of the ``level`` catalogue major a 接续 item names: the exact name, a 2015
        name renamed in 2021 (``ingest/data/major_renames_2015_2021.csv``, 高职专科 names), the only major of
        that level written with the same characters in another order (OCR/print word swaps such as
        现代纺织技术工程 → 现代纺织工程技术), else a close spelling (rapidfuzz ratio ≥ 85)."""
        key = major_key(name)
        code = self._major_by_name.get((level, key))
        if code:
            return code, 1.0, "name"
        renamed = _renames().get(key)
        if renamed and renamed[0] in self.majors and self.majors[renamed[0]].level == level:
            return renamed[0], renamed[1], "renamed"
        if len(key) >= 4:
            same = [c for c, m in self.majors.items() if m.level == level and sorted(major_key(m.name)) == sorted(key)]
            if len(same) == 1:
                return same[0], 0.9, "same characters"
        hit = self.major_by_name(name, level)
        return (hit[0], hit[1], "fuzzy") if hit else None

    # ------------------------------------------------------------- occupations
    @property
    def occupation_matcher(self) -> TermMatcher:
        if self._occ_matcher is None:
            self._occ_matcher = TermMatcher(
                (Term("Occupation", code, name) for name_key, code in self._occ_by_name.items()
                 for name in {self.occupations[code], name_key}), min_length=3)
        return self._occ_matcher

    def occupation(self, name: str) -> OccupationMatch | None:
        """The Occupation a stated name refers to: exact name, else the best fuzzy match ≥ threshold."""
        key = norm_key(name)
        if not key:
            return None
        code = self._occ_by_name.get(key)
        if code:
            return OccupationMatch(code, self.occupations[code], 100.0, "exact")
        for variant in _suffix_variants(key):  # 翻译人员 → 翻译, 眼镜验光员 → 眼镜验光师
            code = self._occ_by_name.get(variant)
            if code:
                return OccupationMatch(code, self.occupations[code], 92.0, "variant")
        if not self._occ_names:
            return None
        from rapidfuzz import fuzz, process

        best = process.extractOne(key, self._occ_names, scorer=fuzz.ratio,
                                  score_cutoff=OCCUPATION_FUZZY_THRESHOLD)
        if best:
            code = self._occ_by_name[best[0]]
            return OccupationMatch(code, self.occupations[code], float(best[1]), "fuzzy")
        return None

    # ------------------------------------------------------------- industries
    def industry_exact(self, name: str) -> str | None:
        """Code of the 大类/中类/小类 with exactly this name (punctuation and width ignored)."""
        if self._ind_names is None:
            self._ind_names = {}
            for code, (n, _d) in sorted(self.industries.items(), key=lambda kv: (len(kv[0]), kv[0])):
                if not code.isalpha():
                    self._ind_names.setdefault(_plain(n), code)
        return self._ind_names.get(_plain(name))

    def industry_by_name(self, name: str) -> str | None:
        """Code of the 大类/中类/小类 whose name is closest to ``name`` (punctuation ignored), if close."""
        key = _plain(name)
        if len(key) < 3:
            return None
        code = self.industry_exact(name) or self.industry_exact(re.sub(r"[（(][^（()）]*[)）]", "", name))
        if code:
            return code
        assert self._ind_names is not None
        from rapidfuzz import fuzz, process

        best = process.extractOne(key, list(self._ind_names), scorer=fuzz.ratio,
                                  score_cutoff=INDUSTRY_FUZZY_THRESHOLD)
        if best:
            return self._ind_names[best[0]]
        # a shortened name: "纺织服装(行业)" for 纺织服装、服饰业 — the name begins with it and it is most of it
        if len(key) >= 4:
            for n, code in self._ind_names.items():  # general codes first
                if n.startswith(key) and len(key) >= 0.5 * len(n.rstrip("业")):
                    return code
        return None

    @property
    def industry_matcher(self) -> TermMatcher:
        if self._ind_matcher is None:
            by_name: dict[str, str] = {}
            for code, (name, _d) in sorted(self.industries.items(), key=lambda kv: (len(kv[0]), kv[0])):
                for n in industry_surfaces(name):
                    by_name.setdefault(n, code)  # a name used at two levels → the more general code
            terms = [Term("Industry", code, n) for n, code in by_name.items()]
            self._ind_matcher = TermMatcher(terms, min_length=2)
        return self._ind_matcher
