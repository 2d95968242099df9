"""Majors and professional groups → GB/T 4754 industries (``SERVES``), from every signal, with a learned weighting.

Signals, each a distribution over 大类 for one major, each with whole-word evidence:

* ``crosswalk`` — the official 专业—职业 crosswalk (major → occupation codes) through the occupation →
  industry map (:class:`OccupationIndustryMap`: the reviewed table ``ingest/data/occupation_industry_2022.csv``
  for the frequent occupation groups, GB/T terms found in the 大典 name and definition for the rest);
  evidence: the occupation name of the crosswalk row;
* ``profile_occupations`` — occupations the 2022 profile names in 职业面向 (exact 大典 names);
* ``orientation`` / ``practice`` / ``courses`` / ``name`` — GB/T 4754 terms
  (:mod:`ingest.vocab.industry_terms`) in the profile's 职业面向, 实习实训, abilities and courses, and in
  the major's name; evidence: the term as written, with its offsets;
* ``class_crosswalk`` — the crosswalk distribution of the other majors of the same 专业类 (unsupervised);
* ``sibling_profile`` — for a major without a profile (most 中职 and 高职本科 majors), the profile term
  signals of the profiled major of the same 专业类 (at any level) whose name is most similar, scaled by
  that similarity (:func:`add_sibling_profiles`; evidence: the sibling's terms, in the sibling's profile);
* ``category_prior``, ``class_prior``, ``similar_majors``, ``shared_occupations`` — learned from the
  annotated development set (training folds when cross-validating; the whole set for the shipped
  model; a major's own annotation always left out): P(大类 | 专业大类), P(大类 | 专业类), the 大类 of the
  annotated majors with the most similar names, and of the annotated majors sharing crosswalk
  occupations with it (weighted by overlap).

Per (major, 大类) candidate the features are the signal values plus a "this 大类 is the signal's top"
flag; a logistic regression (fitted by :mod:`ingest.major_industry_train`, scikit-learn, grouped k-fold
on ``tests/ingest/gold/industry/dev_majors.csv``) weighs them. The shipped weights are
``ingest/data/major_industry_model.json`` and are applied here with numpy, so the load path imports no
scikit-learn. A major gets its best 大类 always and others above the model's threshold, at most the model's
``max_links`` (both chosen on the training majors for best F1); a 中类
where the evidence names one 中类 of that 大类 clearly. Each link keeps its per-signal contributions
(logit terms), its probability as confidence and its evidence list.

Groups get the links of their majors, the lead major weighted 1 and other majors 0.5.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np

from ingest.vocab.industry_terms import IndustryTerms
from kg.codes import gbt_level, gbt_section

EXTRACTOR = "industry-linker@2"
OCC_TABLE = "occupation_industry_2022.csv"
MODEL_FILE = Path(__file__).resolve().parent / "data" / "major_industry_model.json"
PROFILES_DIR = "curricula/major_profiles_2022"
CROSSWALK = "occupations/major_occupation_crosswalk_2023.xlsx"

TEXT_SIGNALS = ("orientation", "practice", "employers", "courses", "name")
LEARNED = ("category_prior", "class_prior", "similar_majors", "shared_occupations")
SIGNALS = (("crosswalk", "crosswalk_max", "profile_occupations") + TEXT_SIGNALS + ("class_crosswalk", "sibling_profile")
           + LEARNED)
RANKED = ("crosswalk", "profile_occupations", "orientation", "practice", "employers", "courses", "name",
          "class_crosswalk", "sibling_profile") + LEARNED
PROFILE_SIGNALS = ("orientation", "practice", "courses", "employers")  # what a sibling's profile lends
# a term right before one of these names an employer ("在汽车整车制造企业实习", "面向软件行业")
_EMPLOYER = re.compile(r"^[\u4e00-\u9fff]{0,6}?(?:企业|行业|产业|公司|单位|机构|工厂|厂|医院|学校|部门|场所|基地)")
ANCHORS = ("crosswalk", "class_prior", "similar_majors")  # "same 门类 as this signal's best 大类" flags
# for a major with neither crosswalk occupations nor a profile, name and priors are all there is: they
# get their own weights (the values again, only for such majors)
THIN = ("name", "category_prior", "class_prior", "similar_majors")
FEATURES = (SIGNALS + tuple(f"rank_{s}" for s in RANKED) + tuple(f"section_of_top_{s}" for s in ANCHORS)
            + tuple(f"thin_{s}" for s in THIN))
#: signals computed but not in the default features (measured, not kept: docs/industry-links.md); a model
#: fitted with ``kg eval industry-linker --signals hiring`` lists their features after :data:`FEATURES`
OPTIONAL = {"hiring": ("hiring", "rank_hiring"), "similar_profiles": ("similar_profiles", "rank_similar_profiles")}
ALL_SIGNALS = SIGNALS + tuple(OPTIONAL)
ALL_RANKED = RANKED + tuple(OPTIONAL)
ALL_FEATURES = FEATURES + tuple(f for fs in OPTIONAL.values() for f in fs)


def features_with(optional=()) -> tuple[str, ...]:
    """:data:`FEATURES` plus the features of the named :data:`OPTIONAL` signals."""
    unknown = set(optional) - set(OPTIONAL)
    if unknown:
        raise ValueError(f"unknown optional signal(s) {', '.join(sorted(unknown))}; known: {', '.join(OPTIONAL)}")
    return FEATURES + tuple(f for o in OPTIONAL if o in set(optional) for f in OPTIONAL[o])

SIMILAR_K = 5
MAX_LINKS = 3
SIMILARITY_CONFIDENCE = 0.4  # an occupation mapped only by GB/T terms in its definition
GROUP_SHARE = 0.5  # a 中类 is linked when it carries at least this share of its 大类's evidence weight
GROUP_MIN_P = 0.4  # … and its 大类 has at least this probability (best 中类 F1 of 0, 0.4, 0.6, 0.8 on the dev set)


def category_index(major_code: str) -> int:
    """The 专业大类 as 1–19, the same across levels (中职 61–79, 高职专科 41–59, 高职本科 21–39)."""
    return int(major_code[:2]) % 20 or 20


def class_key(major_code: str) -> str:
    """The 专业类 across levels: the 2021 catalogue numbers a class the same within its 大类 at every level
    (4601 / 2601 / 6601 are all 机械设计制造类; checked on the catalogue: 178 of 178 shared numbers agree)."""
    return f"{category_index(major_code)}:{major_code[2:4]}"


def name_bigrams(name: str) -> frozenset[str]:
    n = re.sub(r"[与及和、]", "", name)
    return frozenset(n[i:i + 2] for i in range(len(n) - 1))


@dataclass(frozen=True)
class Evidence:
    signal: str
    source: str  # ref:<relative path>
    locator: str
    text: str  # occurs in the source as written (at the locator)
    division: str
    group: str | None
    weight: float

    def to_json(self) -> str:
        return json.dumps({"signal": self.signal, "source": self.source, "locator": self.locator,
                           "text": self.text, "weight": round(self.weight, 3)}, ensure_ascii=False)


@dataclass
class MajorInput:
    code: str
    name: str
    level: str
    class_code: str
    # crosswalk rows: (occupation code, "sheet S row N", the row's 职业名称 as written)
    occupations: list[tuple[str, str, str]] = field(default_factory=list)
    # profile sections: name → (raw text, offset in file); the file's source id
    sections: dict[str, tuple[str, int]] = field(default_factory=dict)
    profile_occupations: list[tuple[str, str, int]] = field(default_factory=list)  # (code, text, offset)
    profile_source: str | None = None
    profile_fields: dict[str, str] = field(default_factory=dict)  # ProfileFields.field_text() (old linker input)
    name_source: str = ""  # ref:<catalogue file that states the major>
    profile_vector: object = None  # optional signal ``similar_profiles`` only: a TF-IDF row (add_profile_vectors)


@dataclass
class Link:
    code: str
    level: str  # 大类 | 中类
    confidence: float
    signals: dict[str, float]  # signal → logit contribution
    evidence: list[Evidence]


# ------------------------------------------------------------------------------ occupation → industry
class OccupationIndustryMap:
    """Occupation code (2022 大典 细类) → distribution over 大类 (and 中类), with a confidence and how.

    The reviewed table lists occupation groups (小类, ``x-xx-xx-00``: it applies to every 细类 in the
    group) or single occupations; its first 大类 counts most. An occupation outside the table gets the
    GB/T terms found in its name and definition (confidence :data:`SIMILARITY_CONFIDENCE`)."""

    def __init__(self, table: Iterable[Mapping[str, str]], occupations: Mapping[str, tuple[str, str]],
                 terms: IndustryTerms, known_codes: set[str] | None = None):
        self.rows: dict[str, tuple[list[str], list[str], float]] = {}
        self.errors: list[str] = []
        for n, r in enumerate(table, start=2):
            code = (r.get("occupation_code") or "").strip()
            divs = (r.get("divisions") or "").split()
            grps = (r.get("groups") or "").split()
            try:
                conf = float(r.get("confidence") or 0)
                for c in divs + grps:
                    gbt_level(c)
                    if known_codes is not None and c not in known_codes:
                        raise ValueError(f"GB/T code {c} not in the standard")
            except ValueError as e:
                self.errors.append(f"{OCC_TABLE} row {n}: {code}: {e}")
                continue
            if code and divs and (r.get("reviewed") or "").strip().lower() in ("yes", "y", "1", "true"):
                self.rows[code] = (divs, grps, conf)
        self.occupations = occupations
        self.terms = terms
        self._cache: dict[str, tuple[dict[str, float], dict[str, float], float, str]] = {}

    def of(self, code: str) -> tuple[dict[str, float], dict[str, float], float, str]:
        """({大类: share}, {中类: share}, confidence, method "table"/"similarity"/"none")."""
        if code in self._cache:
            return self._cache[code]
        row = self.rows.get(code) or self.rows.get(code[:7] + "-00")
        if row:
            divs, grps, conf = row
            w = [1.0 / (1 + 0.5 * i) for i in range(len(divs))]  # first listed counts most
            dist = {d: x / sum(w) for d, x in zip(divs, w)}
            gd = {g: 1.0 / len(grps) for g in grps} if grps else {}
            out = (dist, gd, conf, "table")
        else:
            name, definition = self.occupations.get(code, ("", ""))
            dist: dict[str, float] = defaultdict(float)
            gd: dict[str, float] = defaultdict(float)
            for text, wt in ((name, 2.0), (definition, 1.0)):
                for h in self.terms.find(text or ""):
                    for d, s in h.divisions:
                        dist[d] += wt * s
                    for g in h.groups:
                        gd[g] += wt / len(h.groups)
            tot = sum(dist.values())
            out = (({d: v / tot for d, v in dist.items()}, dict(gd), SIMILARITY_CONFIDENCE, "similarity")
                   if tot else ({}, {}, 0.0, "none"))
        self._cache[code] = out
        return out


# ------------------------------------------------------------------------------ signals and features
@dataclass
class Signals:
    values: dict[str, dict[str, float]]  # signal → {大类: value}
    evidence: dict[str, list[Evidence]]  # 大类 → evidence (all signals)
    groups: dict[str, dict[str, float]]  # 大类 → {中类: weight}


def _add_terms(sig: str, text: str, offset: int, source: str, where: str, terms: IndustryTerms,
               values: dict, ev: dict, groups: dict, weight: float = 1.0, keep=None) -> None:
    for h in terms.find(text):
        if keep is not None and not keep(h):
            continue
        for d, s in h.divisions:
            values[sig][d] += weight * s
            gs = [g for g in h.groups if g[:2] == d]
            for g in gs:
                groups[d][g] += weight * s / len(gs)
            ev[d].append(Evidence(sig, source, f"{where} chars {offset + h.start}-{offset + h.end}",
                                  h.term, d, gs[0] if len(gs) == 1 else None, weight * s))


def major_signals(m: MajorInput, occ_map: OccupationIndustryMap, terms: IndustryTerms, crosswalk_source: str,
                  catalogue_source: str, hiring=None) -> Signals:
    """Every signal of one major except the class- and category-level ones (see :func:`add_priors`);
    ``hiring`` (an :class:`ingest.occupation_hiring.HiringTable`) adds the ``hiring`` signal."""
    values: dict[str, dict[str, float]] = {s: defaultdict(float) for s in SIGNALS}
    ev: dict[str, list[Evidence]] = defaultdict(list)
    groups: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    # crosswalk occupations: mean distribution (each occupation weighs its confidence)
    seen = set()
    if m.occupations:
        n = len(m.occupations)
        for occ, loc, written in m.occupations:
            seen.add(occ)
            dist, gd, conf, how = occ_map.of(occ)
            for d, s in dist.items():
                values["crosswalk"][d] += conf * s / n
                values["crosswalk_max"][d] = max(values["crosswalk_max"][d], conf * s)
                ev[d].append(Evidence("crosswalk", crosswalk_source, loc, written or occ, d, None, conf * s / n))
            for g, s in gd.items():
                if g[:2] in dist:
                    groups[g[:2]][g] += conf * s / n
    # occupations named in the profile (those the crosswalk lacks count fully, the others half)
    if m.profile_occupations:
        n = len(m.profile_occupations)
        for occ, text, off in m.profile_occupations:
            dist, gd, conf, how = occ_map.of(occ)
            w = 0.5 if occ in seen else 1.0
            for d, s in dist.items():
                values["profile_occupations"][d] += w * conf * s / n
                ev[d].append(Evidence("profile_occupations", m.profile_source or "", f"chars {off}-{off + len(text)}",
                                      text, d, None, w * conf * s / n))
            for g, s in gd.items():
                if g[:2] in dist:
                    groups[g[:2]][g] += w * conf * s / n
    for sig, key in (("orientation", "职业面向"), ("practice", "实习实训"), ("courses", "课程"),
                     ("courses", "能力")):
        if key in m.sections:
            text, off = m.sections[key]
            _add_terms(sig, text, off, m.profile_source or "", key, terms, values, ev, groups)
    for key in ("职业面向", "实习实训"):  # terms that name the employer
        if key in m.sections:
            text, off = m.sections[key]
            _add_terms("employers", text, off, m.profile_source or "", key, terms, values, ev, groups,
                       keep=lambda h, t=text: bool(_EMPLOYER.match(t[h.end:h.end + 12])))
    _add_terms("name", m.name, 0, m.name_source or catalogue_source, f"major {m.code} name", terms, values, ev,
               groups)
    if hiring is not None:
        values["hiring"] = _hiring(m, hiring, crosswalk_source, ev)
    # normalise the text signals to shares (a long text must not outvote a short one by length)
    for sig in TEXT_SIGNALS:
        tot = sum(values[sig].values())
        if tot:
            for d in values[sig]:
                values[sig][d] /= tot
    return Signals(values, ev, groups)


def _hiring(m: MajorInput, hiring, crosswalk_source: str, ev: dict) -> dict[str, float]:
    """The ``hiring`` signal: the mean, over the major's occupations (crosswalk rows, then the profile's
    occupations the crosswalk lacks) that the postings table covers (the 细类 or its 小类/中类 group with
    enough employers), of their employers' 大类 shares. Evidence: the occupation as written in its crosswalk
    row or profile, like ``crosswalk``/``profile_occupations``."""
    items: list[tuple[str, str, str, str]] = []  # (occupation, source, locator, text as written)
    seen = set()
    for occ, loc, written in m.occupations:
        if occ not in seen:
            seen.add(occ)
            items.append((occ, crosswalk_source, loc, written or occ))
    for occ, text, off in m.profile_occupations:
        if occ not in seen:
            seen.add(occ)
            items.append((occ, m.profile_source or "", f"chars {off}-{off + len(text)}", text))
    covered = [(it, hiring.of(it[0])[0]) for it in items]
    covered = [(it, dist) for it, dist in covered if dist]
    out: dict[str, float] = defaultdict(float)
    for (occ, src, loc, text), dist in covered:
        for d, s in dist.items():
            out[d] += s / len(covered)
            ev[d].append(Evidence("hiring", src, loc, text, d, None, s / len(covered)))
    return out


def add_sibling_profiles(sigs: dict[str, Signals], majors: Mapping[str, MajorInput]) -> None:
    """Fill ``sibling_profile`` for every major without a profile: the :data:`PROFILE_SIGNALS` of the
    profiled major of the same 专业类 (across levels, :func:`class_key`) whose name shares most character
    bigrams with it (Jaccard; ties to the lower code), summed, normalised and scaled by that Jaccard. The
    evidence is the sibling's own term evidence (its source and offsets; the locator names the sibling). Unsupervised."""
    by_class: dict[str, list[str]] = defaultdict(list)
    for c, m in sorted(majors.items()):
        if m.sections and c in sigs:
            by_class[class_key(c)].append(c)
    for c, m in majors.items():
        if m.sections or c not in sigs:
            continue
        mine = name_bigrams(m.name)
        best, j_best = None, 0.0
        for o in by_class.get(class_key(c), []):
            bg = name_bigrams(majors[o].name)
            j = len(mine & bg) / len(mine | bg) if mine | bg else 0.0
            if j > j_best:
                best, j_best = o, j
        if best is None:
            continue
        acc: dict[str, float] = defaultdict(float)
        for sig in PROFILE_SIGNALS:
            for d, v in sigs[best].values[sig].items():
                acc[d] += v
        tot = sum(acc.values())
        if not tot:
            continue
        sigs[c].values["sibling_profile"] = defaultdict(float, {d: j_best * v / tot for d, v in acc.items()})
        for d in acc:
            for e in sigs[best].evidence.get(d, []):
                if e.signal in PROFILE_SIGNALS:
                    sigs[c].evidence[d].append(Evidence("sibling_profile", e.source,
                                                        f"profile of {best} {majors[best].name}, {e.locator}",
                                                        e.text, d, e.group, j_best * e.weight))


@dataclass
class Priors:
    """What the linker learns from annotated majors besides the weights: the annotated majors themselves
    (code, name, 大类), from which P(大类 | 专业大类), P(大类 | 专业类) and the similar-name signal are
    computed — leaving a major's own annotation out when it is one of the examples (else the model would
    learn to trust a prior that contains the answer)."""
    examples: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (code, name, 大类)

    @classmethod
    def learn(cls, gold: Mapping[str, list[str]], names: Mapping[str, str]) -> "Priors":
        return cls([(c, names.get(c, ""), list(d)) for c, d in sorted(gold.items())])

    def to_json(self) -> dict:
        return {"examples": [[c, n, d] for c, n, d in self.examples]}

    @classmethod
    def from_json(cls, d: dict) -> "Priors":
        return cls([(c, n, list(v)) for c, n, v in d.get("examples", [])])

    def shares(self, key) -> tuple[dict, dict]:
        """({key: {大类: count}}, {key: n}) over the examples, ``key`` a function of the major code."""
        count: dict = defaultdict(lambda: defaultdict(float))
        n: dict = defaultdict(int)
        for c, _n, divs in self.examples:
            k = key(c)
            n[k] += 1
            for d in divs:
                count[k][d] += 1
        return count, n


def _loo_share(count: dict, n: dict, k, own: list[str] | None) -> dict[str, float]:
    """Share of the examples under key k listing each 大类, without the major's own annotation
    (add-one in the denominator)."""
    nk = n.get(k, 0) - (1 if own is not None else 0)
    out = {}
    for d, v in count.get(k, {}).items():
        v -= 1 if own and d in own else 0
        if v > 0:
            out[d] = v / (nk + 1)
    return out


def add_priors(sigs: dict[str, Signals], majors: Mapping[str, MajorInput], priors: Priors | None) -> None:
    """Fill ``class_crosswalk`` (mean crosswalk distribution of the other majors of the same 专业类) and the
    learned signals: ``category_prior``, ``class_prior`` and ``similar_majors`` (the annotated 大类 of the
    :data:`SIMILAR_K` annotated majors of the same 专业大类 whose names share most character bigrams; a
    major is never its own example)."""
    priors = priors or Priors()
    by_class: dict[str, list[str]] = defaultdict(list)
    for c, m in majors.items():
        by_class[m.class_code].append(c)
    ex_by_cat: dict[int, list[tuple[str, frozenset, list[str]]]] = defaultdict(list)
    own_gold = {c: d for c, _n, d in priors.examples}
    cat_count, cat_n = priors.shares(category_index)
    cls_count, cls_n = priors.shares(class_key)
    for c, n, d in priors.examples:
        ex_by_cat[category_index(c)].append((c, name_bigrams(n), d))
    ex_occ = [(c, {o for o, _l, _w in majors[c].occupations} if c in majors else set(), d)
              for c, _n, d in priors.examples]
    for c, s in sigs.items():
        m = majors[c]
        others = [o for o in by_class[m.class_code] if o != c and o in sigs]
        acc: dict[str, float] = defaultdict(float)
        for o in others:
            for d, v in sigs[o].values["crosswalk"].items():
                acc[d] += v
        tot = sum(acc.values())
        s.values["class_crosswalk"] = defaultdict(float, {d: v / tot for d, v in acc.items()} if tot else {})
        own = own_gold.get(c)
        s.values["category_prior"] = defaultdict(float, _loo_share(cat_count, cat_n, category_index(c), own))
        s.values["class_prior"] = defaultdict(float, _loo_share(cls_count, cls_n, class_key(c), own))
        mine = name_bigrams(m.name)
        sims = []
        for o, bg, d in ex_by_cat.get(category_index(c), []):
            if o == c or not mine or not bg:
                continue
            j = len(mine & bg) / len(mine | bg)
            if j > 0:
                sims.append((j, d))
        sims.sort(key=lambda x: -x[0])
        sm: dict[str, float] = defaultdict(float)
        tot = sum(j for j, _ in sims[:SIMILAR_K])
        for j, d in sims[:SIMILAR_K]:
            for x in d:
                sm[x] += j / tot
        s.values["similar_majors"] = sm
        # annotated majors sharing crosswalk occupations with this one: their 大类, weighted by overlap
        mine_occ = {o for o, _l, _w in m.occupations}
        so: dict[str, float] = defaultdict(float)
        if mine_occ:
            tot = 0.0
            for o, occs, d in ex_occ:
                if o == c or not occs:
                    continue
                j = len(mine_occ & occs) / len(mine_occ | occs)
                if j > 0:
                    tot += j
                    for x in d:
                        so[x] += j
            if tot:
                so = defaultdict(float, {x: v / tot for x, v in so.items()})
        s.values["shared_occupations"] = so
    if any(m.profile_vector is not None for m in majors.values()):
        add_similar_profiles(sigs, majors, priors)


#: ``similar_profiles`` (optional, measured and not kept: docs/industry-links.md, session 14): how many annotated
#: majors with the most similar profile text vote
PROFILE_K = 7


def add_profile_vectors(majors: Mapping[str, MajorInput]) -> None:
    """Set ``profile_vector`` of every profiled major: its L2-normalised TF-IDF row of character 2–3-grams over
    the 职业面向, abilities, courses and 实习实训 text (fitted on all profiled majors; unsupervised — no labels)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    codes = sorted(c for c, m in majors.items() if m.sections)
    texts = [re.sub(r"\s+", "", "".join(majors[c].sections[k][0] for k in sorted(majors[c].sections))) for c in codes]
    if not codes:
        return
    X = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True,
                        min_df=2 if len(codes) > 2 else 1).fit_transform(texts)
    for i, c in enumerate(codes):
        majors[c].profile_vector = X[i]


def add_similar_profiles(sigs: dict[str, Signals], majors: Mapping[str, MajorInput], priors: Priors) -> None:
    """``similar_profiles``: the annotated 大类 of the :data:`PROFILE_K` annotated majors whose profile text is
    most similar (cosine of :func:`add_profile_vectors`' rows), weighted by that similarity; a major is never its
    own example. Majors without a profile get nothing (``sibling_profile`` lends them a sibling's terms)."""
    from scipy.sparse import vstack

    ex = [(c, d) for c, _n, d in priors.examples if c in majors and majors[c].profile_vector is not None]
    mine = sorted(c for c in sigs if majors[c].profile_vector is not None)
    if not ex or not mine:
        return
    S = (vstack([majors[c].profile_vector for c in mine]) @ vstack([majors[c].profile_vector for c, _ in ex]).T).toarray()
    for i, c in enumerate(mine):
        row = S[i]
        order = [j for j in np.argsort(-row, kind="stable") if ex[j][0] != c][:PROFILE_K]
        tot = float(sum(row[j] for j in order))
        sp: dict[str, float] = defaultdict(float)
        if tot > 0:
            for j in order:
                for d in ex[j][1]:
                    sp[d] += float(row[j]) / tot
        sigs[c].values["similar_profiles"] = sp


def candidates(s: Signals, features: tuple[str, ...] = FEATURES) -> tuple[list[str], np.ndarray]:
    """(大类 codes, feature matrix) of one major's candidates: every 大类 with any signal among ``features``'
    signals. Features: each signal's value and, for :data:`RANKED` signals, 1/rank of the 大类 among the
    major's 大类 by it (``features``: :data:`FEATURES` or :func:`features_with` some optional signals)."""
    used = [sig for sig in ALL_SIGNALS if sig in features]
    divs = sorted({d for sig in used for d, x in s.values.get(sig, {}).items() if x > 0})
    col = {f: i for i, f in enumerate(ALL_FEATURES)}
    X = np.zeros((len(divs), len(ALL_FEATURES)))
    for sig in ALL_SIGNALS:
        v = s.values.get(sig, {})
        for i, d in enumerate(divs):
            X[i, col[sig]] = v.get(d, 0.0)
    for sig in ALL_RANKED:
        v = s.values.get(sig, {})
        ranked = sorted((d for d in divs if v.get(d, 0) > 0), key=lambda d: -v[d])
        for r, d in enumerate(ranked):
            X[divs.index(d), col[f"rank_{sig}"]] = 1.0 / (r + 1)
    if not s.values["crosswalk"] and not any(s.values[t] for t in ("orientation", "practice", "courses")):
        for sig in THIN:
            X[:, col[f"thin_{sig}"]] = X[:, col[sig]]
    for sig in ANCHORS:
        v = s.values.get(sig, {})
        top = max((d for d in divs if v.get(d, 0) > 0), key=lambda d: v[d], default=None)
        if top is None:
            continue
        for i, d in enumerate(divs):
            if d != top and _section(d) == _section(top):
                X[i, col[f"section_of_top_{sig}"]] = 1.0
    return divs, X[:, [col[f] for f in features]]


def _section(d: str) -> str | None:
    try:
        return gbt_section(d)
    except ValueError:
        return None


# ------------------------------------------------------------------------------ the model
@dataclass
class Model:
    coef: np.ndarray
    intercept: float
    threshold: float
    priors: Priors
    features: tuple[str, ...] = FEATURES
    meta: dict = field(default_factory=dict)
    max_links: int = MAX_LINKS  # at most this many 大类 per major (chosen with the threshold on training majors)

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> "Model":
        d = json.loads(Path(path).read_text(encoding="utf-8"))
        feats = tuple(d["features"])
        if feats != features_with(tuple(o for o, fs in OPTIONAL.items() if set(fs) <= set(feats))):
            raise ValueError(f"{path}: features {d['features']} differ from the code's {FEATURES}; refit with "
                             f"`kg eval industry-linker --fit`")
        return cls(np.array(d["coef"], dtype=float), float(d["intercept"]), float(d["threshold"]),
                   Priors.from_json(d["priors"]), tuple(d["features"]), d.get("meta", {}),
                   int(d.get("max_links", MAX_LINKS)))

    def save(self, path: Path = MODEL_FILE) -> None:
        Path(path).write_text(json.dumps({
            "features": list(self.features), "coef": [round(float(x), 6) for x in self.coef],
            "intercept": round(self.intercept, 6), "threshold": round(self.threshold, 4),
            "max_links": int(self.max_links),
            "meta": self.meta, "priors": self.priors.to_json()}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @property
    def optional(self) -> tuple[str, ...]:
        """The :data:`OPTIONAL` signals this model's features use."""
        return tuple(o for o, fs in OPTIONAL.items() if set(fs) <= set(self.features))

    def proba(self, X: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(X @ self.coef + self.intercept)))


def select(divs: list[str], p: np.ndarray, threshold: float, max_links: int = MAX_LINKS) -> list[int]:
    """Indices of the chosen 大类: the best always, then others with p ≥ threshold (at most max_links)."""
    if not divs:
        return []
    order = np.argsort(-p, kind="stable")
    out = [int(order[0])]
    for i in order[1:max_links]:
        if p[i] >= threshold:
            out.append(int(i))
    return out


def link_major(s: Signals, model: Model) -> list[Link]:
    divs, X = candidates(s, model.features)
    if not divs:
        return []
    p = model.proba(X)
    out: list[Link] = []
    for i in select(divs, p, model.threshold, model.max_links):
        d = divs[i]
        contrib = {f: round(float(model.coef[j] * X[i, j]), 3) for j, f in enumerate(model.features)
                   if X[i, j] and model.coef[j] * X[i, j] != 0}
        ev = sorted(s.evidence.get(d, []), key=lambda e: -e.weight)
        if not ev and s.values["category_prior"].get(d):
            pass  # a prior-only link has no text evidence; its signals say so
        out.append(Link(d, "大类", round(float(p[i]), 3), contrib, _dedupe(ev)[:8]))
        g = s.groups.get(d) or {}
        tot = sum(g.values())
        if tot:
            best, w = max(g.items(), key=lambda kv: kv[1])
            if w / tot >= GROUP_SHARE and p[i] >= GROUP_MIN_P:
                gev = [e for e in ev if e.group == best or e.signal in ("crosswalk", "profile_occupations")]
                out.append(Link(best, "中类", round(float(p[i]) * w / tot, 3), {"group_share": round(w / tot, 3)},
                                _dedupe(gev)[:5]))
    return out


def _dedupe(ev: list[Evidence]) -> list[Evidence]:
    seen, out = set(), []
    for e in ev:
        k = (e.signal, e.text)
        if k not in seen:
            seen.add(k)
            out.append(e)
    return out


def group_links(group_majors: Mapping[str, list[tuple[str, str]]], major_links: Mapping[str, list[Link]],
                max_links: int = MAX_LINKS) -> dict[str, list[Link]]:
    """Group id → links from its majors ({group: [(major code, role)]}; role "lead" weighs 1, others
    0.5). A group's 大类 confidence is the weighted mean of its majors' confidences (0 for a major without
    that link); its evidence names the majors."""
    out: dict[str, list[Link]] = {}
    for gid, members in group_majors.items():
        weights = {c: (1.0 if role == "lead" else 0.5) for c, role in members if c in major_links}
        tot = sum(weights.values())
        if not tot:
            continue
        acc: dict[str, float] = defaultdict(float)
        ev: dict[str, list[Evidence]] = defaultdict(list)
        sig: dict[str, dict[str, float]] = defaultdict(dict)
        for c, w in weights.items():
            for ln in major_links[c]:
                acc[ln.code] += w * ln.confidence / tot
                sig[ln.code][f"major {c}"] = round(w * ln.confidence / tot, 3)
                ev[ln.code] += ln.evidence[:2]
        divs = sorted((k for k in acc if len(k) == 2), key=lambda k: -acc[k])[:max_links]
        links = []
        for d in divs:
            links.append(Link(d, "大类", round(acc[d], 3), sig[d], ev[d][:6]))
            for g in (k for k in acc if len(k) == 3 and k[:2] == d):
                links.append(Link(g, "中类", round(acc[g], 3), sig[g], ev[g][:4]))
        out[gid] = links
    return out


# ------------------------------------------------------------------------------ reading the inputs
_OCC_NAME_SPLIT = re.compile(r"[、，,；;：:（）()\s]+")


def read_crosswalk(path: Path) -> dict[str, list[tuple[str, str, str]]]:
    """{major code: [(occupation code, "sheet S row N", 职业名称 cell as written)]} from the crosswalk
    workbook (vocational sheets)."""
    from ingest.reference.common import xlsx_rows

    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for title, sheet_rows in xlsx_rows(path):
        if "普通本科" in title:
            continue
        rows = iter(sheet_rows)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        cols = {h: i for i, h in enumerate(header) if h}
        if not {"专业代码", "职业编码"} <= set(cols):
            continue
        ni = cols.get("职业名称")
        for i, vals in enumerate(rows, start=2):
            major = vals[cols["专业代码"]] if cols["专业代码"] < len(vals) else None
            occ = vals[cols["职业编码"]] if cols["职业编码"] < len(vals) else None
            written = vals[ni] if ni is not None and ni < len(vals) and vals[ni] is not None else ""
            if major and occ:
                out[str(major).strip()].append((str(occ).strip(), f"sheet {title} row {i}", str(written)))
    return dict(out)


def read_profiles(folder: Path, majors: Mapping[str, MajorInput], occ_by_name: Mapping[str, str],
                  relroot: Path) -> int:
    """Parse the 2022 major profiles under ``folder`` into ``majors[code].sections`` (raw text of 职业面向,
    实习实训, courses, abilities with their offsets) and ``profile_occupations``; returns majors found."""
    from ingest.curriculum.extract import resolve_majors
    from ingest.curriculum.fields import parse_fields
    from ingest.curriculum.segment import (ABILITIES, BASIC, CORE, COURSES, INTERNSHIP, OCCUPATION, segment)
    from ingest.vocab.curriculum import MajorEntry, CurriculumVocabulary

    vocab = CurriculumVocabulary({c: MajorEntry(c, m.name, m.level) for c, m in majors.items()})
    found = 0
    for f in sorted(Path(folder).glob("*.md")):
        text = f.read_text(encoding="utf-8")
        source = "ref:" + f.relative_to(relroot).as_posix()
        cls = f.name[:4] if f.name[:4].isdigit() else None
        for rm in resolve_majors(segment(text), vocab, cls, text):
            if not rm.code or rm.code not in majors or rm.block.omitted or majors[rm.code].sections:
                continue
            m = majors[rm.code]
            m.profile_source = source
            b = rm.block
            for key, secs in (("职业面向", (OCCUPATION,)), ("实习实训", (INTERNSHIP,)),
                              ("课程", (COURSES, BASIC, CORE)), ("能力", (ABILITIES,))):
                spans = [b.section(s) for s in secs]
                spans = [s for s in spans if s is not None and s.end > s.start]
                if spans:
                    a, z = min(s.start for s in spans), max(s.end for s in spans)
                    m.sections[key] = (text[a:z], a)
            fl = parse_fields(b, text)
            m.profile_fields = fl.field_text()
            for it in fl.occupations:
                raw = text[it.start:it.end]
                code = occ_by_name.get(re.sub(r"\s+", "", raw))
                if code:
                    m.profile_occupations.append((code, raw, it.start))
            found += 1
    return found


# ------------------------------------------------------------------------------ from a reference folder
@dataclass
class LinkInputs:
    majors: dict[str, MajorInput]
    signals: dict[str, Signals]
    occ_map: OccupationIndustryMap
    terms: IndustryTerms
    profiles_found: int
    catalogue_source: str


def load_inputs(ctx, priors: Priors | None = None, optional=()) -> LinkInputs:
    """Everything the linker reads, from the reference folder of a load :class:`Context` (catalogue,
    occupations, crosswalk, GB/T 4754, the 2022 profiles, the reviewed occupation table); ``optional``
    names :data:`OPTIONAL` signals to compute as well (``hiring``: the table written by
    ``python -m ingest.occupation_hiring``, read as a lookup — no postings are read here)."""
    features_with(optional)  # names checked
    from ingest.reference.common import read_data_table
    from ingest.reference.sources import CATALOG_2021, CATALOG_2025, OCCUPATIONS

    def build():
        names = ctx.industries.names
        terms = IndustryTerms(names)
        _h, occ_rows = ctx.csv(OCCUPATIONS)
        occs = {}
        for r in occ_rows:
            if r and r.get("code"):
                nm = re.sub(r"(?<=[\u4e00-\u9fff）)])[SLＳＬ]+$", "", (r.get("name") or "").strip())
                occs[r["code"].strip()] = (nm, (r.get("definition") or "").strip())
        occ_map = OccupationIndustryMap(read_data_table(OCC_TABLE), occs, terms, set(names))
        majors = {c: MajorInput(c, m["name"], m["level"], m.get("class") or c[:4],
                                name_source="ref:" + (CATALOG_2021 if m.get("catalogue") == "2021" else CATALOG_2025))
                  for c, m in ctx.catalogue.majors.items()}
        xw = read_crosswalk(ctx.folder / CROSSWALK) if ctx.exists(CROSSWALK) else {}
        for c, occ in xw.items():
            if c in majors:
                majors[c].occupations = [(o, loc, w) for o, loc, w in occ if o in occs]
        occ_by_name = {re.sub(r"\s+", "", n): c for c, (n, _d) in sorted(occs.items(), reverse=True)
                       if not c.endswith("-00")}
        found = read_profiles(ctx.folder / PROFILES_DIR, majors, occ_by_name, ctx.folder) \
            if (ctx.folder / PROFILES_DIR).is_dir() else 0
        cat_src = "ref:" + CATALOG_2021
        hiring = None
        if "hiring" in optional:
            from ingest.occupation_hiring import HiringTable

            hiring = HiringTable.load()
        sigs = {c: major_signals(m, occ_map, terms, "ref:" + CROSSWALK, cat_src, hiring) for c, m in majors.items()}
        add_sibling_profiles(sigs, majors)
        if "similar_profiles" in optional:
            add_profile_vectors(majors)
        return majors, sigs, occ_map, terms, found, cat_src

    key = "major_industry:inputs" + "".join(f"+{o}" for o in OPTIONAL if o in set(optional))
    majors, sigs, occ_map, terms, found, cat_src = ctx.memo(key, build)
    add_priors(sigs, majors, priors)
    return LinkInputs(majors, sigs, occ_map, terms, found, cat_src)
