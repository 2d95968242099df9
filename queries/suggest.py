"""Partner suggestions for a professional group: ranked firms, a score in named parts, and paths.

Score
-----
``score = Σ WEIGHTS[part] × value[part]`` with every ``value`` in [0, 1] and the weights summing to 1, so
the score is in [0, 1]. Each part's *contribution* (weight × value, rounded to 4 places) is reported and
the score is the sum of the contributions. The parts follow the partner-selection criteria in the
literature on professional groups (industry-chain fit and professional direction first, then the
enterprise's demand for the group's graduates, proximity, existing trust and R&D ties):

``industry`` (0.09)
    best fit between the firm's industries and the industries the group or its majors serve:
    :func:`queries.industry.IndustryTree.match` (1.0 inside a served industry, 0.7 firm coarser, 0.4 same
    大类) × the confidence of the SERVES link (inferred links count less).
``demand`` (0.27)
    the firm's job postings in scope that the :class:`PostingView` lets through, per channel (every
    posting counts 1: a recency weighting measured worse, see RECENCY_HALF_LIFE): x = postings for the
    group's posts (TARGETS_POST) + postings in an occupation the majors prepare for (PREPARES_FOR /
    IN_OCCUPATION) + 0.75 × postings in another occupation of the same 小类 (the job family, PART_OF) as an
    occupation the majors prepare for or as a post they target + 0.25 × postings requiring a skill the group
    covers (DEVELOPS / a course that TEACHES it); measured and weighted 0 (see CHANNEL_WEIGHT): postings in
    another 小类 of the same 中类 (``area``) and every posting of the firm in the college's province
    (``any``: hiring volume) — a posting found by several channels counts once, with the largest
    of their weights; value
    ``log(1 + x) / log(1 + the largest x among the group's candidates)``: continuous, 1 for the group's
    busiest group-specific employer.
``proximity`` (0.0225)
    from the firm's own Region: same city as the college 1.0, same province 0.5 (also when only the
    province is known); or from where it hires: 0.5 + 0.5 × its share of postings in the college's city,
    0.5 when it hires in the province — the larger of the two.
``ties`` (0.15)
    already a partner of another group of the same college 1.0, of the college itself 0.7, or in the
    same education alliance / co-building a platform the college hosts 0.5.
``research`` (0.10)
    a research project with the college 1.0; a project on one of the served industries 0.5.
``tags`` (0.37) — firm standing and hiring activity
    0.3 × (专精特新 / 小巨人 / 单项冠军 tag 1.0, listed company 0.6) + 0.1 × size (log10 of the employee
    range's middle / 4, from the firm's or its postings' size label) + 0.1 × years listed / 30 + 0.5 ×
    activity (``log(1 + the firm's visible postings in scope) / log(1 + the largest among the group's
    candidates)``: continuous, so firms with equal group evidence get different scores; session 7).

The weights of industry, demand, proximity and tags were fitted on the in-sample half of the postings
(``kg eval suggest --fit``, :mod:`queries.suggest_eval`, docs/suggest-eval.md); ties and research keep
their prior share (the data holds too few partnerships to fit them). Equal scores are ordered by
evidence (:func:`tie_break`: demand, industry fit, hiring volume, standing, place, postings of the group's
families anywhere, postings anywhere, size band, a known city, the number of industries), never by name.

Candidates are the firms in scope (the ``region``, default the college's province) whose industry fits
a served industry (≥ 0.4), that post jobs for the group's posts, occupations, families or skills, or
that already have ties with the college (partners of it or its other groups, alliance, platform, joint
research). Firms that already partner with the group are left out unless ``include_partners``. When the
scope yields fewer than :data:`WIDEN_BELOW` (10) candidates, the firms elsewhere that are candidates by the same
rules are listed after the scope's own, each tier by score (:func:`prepare`; session 11: 93 of the 232 双高 groups
with candidates had fewer than 10 in their province).
:func:`why_not` explains why a firm is not higher.

Each suggestion carries 1–3 explanation paths (:class:`queries.paths.Path`) built only from nodes and
relationships read from the graph, e.g. ``通信技术专业群 -[INCLUDES]-> 现代通信技术 -[TARGETS_POST]->
网络优化工程师 <-[FOR_POST]- 5G网络优化工程师 <-[POSTED]- 中兴通讯``.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import pandas as pd

from kg.codes import region_parts
from queries.common import IN_SCOPE
from queries import cache
from queries import industry as ind
from queries import resolve
from queries.context import GroupProfile, group_profiles
from queries.paths import Path
from queries.results import Table

#: THE weights of the suggestion score (sum 1.0). Change them here only. industry, demand, proximity and
#: tags were fitted on the in-sample half of the postings by ``kg eval suggest --fit`` (coordinate search,
#: inner split of the in-sample postings, see docs/suggest-eval.md); ties and research are kept at their
#: prior share because the reference data holds too few partnerships to fit them.
WEIGHTS: dict[str, float] = {
    "industry": 0.017,
    "demand": 0.6107,
    "proximity": 0.0078,
    "ties": 0.15,
    "research": 0.10,
    "tags": 0.1145,
}
PARTS = tuple(WEIGHTS)
#: how much one posting counts in each demand channel (see ``demand`` above)
#: "area" = postings in another 小类 of the same occupation 中类; "any" = every posting of the firm in the college's
#: province (hiring volume). The in-sample fit on the integrated graph prefers volume (any 0.75, area 0: held-out
#: hit@10 0.0333 vs 0.0303 shipped, busiest employers 0.0363) but then puts insurers atop a machinery group, i.e. it
#: turns into the busiest-employers list. "area" 0.25 measured 0.0303 (vs 0.0254 without) but a broad 中类 such as
#: 2-02 工程技术人员 puts software firms atop a machinery group. Shipped: the group's own posts, occupations, 小类
#: families and skills only (docs/suggest-eval.md)
CHANNEL_WEIGHT = {"post": 1.0, "occupation": 1.0, "family": 0.75, "area": 0.0, "skill": 0.25, "any": 0.0}
CHANNELS = tuple(CHANNEL_WEIGHT)
#: THE demand part: the firm's *hiring propensity* — the estimated chance that a held-out half of the postings
#: (a random half, as in ``kg eval suggest``) holds one of its for the group's job families (occupation 小类 of its
#: majors' occupations and posts) in scope. A propensity, not a forecast: the eval's time view shows that the later
#: job files hold mostly other firms. A logistic model
#: ``σ(intercept + Σ coefficient × log(1 + count))`` over three counts of its visible postings: in the group's
#: families in scope, in the group's families anywhere, and all its postings in scope. Coefficients fitted by
#: ``kg eval suggest --fit`` (:func:`queries.suggest_eval.fit_propensity`) on the inner split of the in-sample
#: half only (seed 0); the held-out half was never seen. It replaced the channel-count demand (log(1 + x) / log(1 +
#: the largest x among the candidates)); x itself (:func:`group_postings`) still decides who is a candidate and
#: orders equal scores
PROPENSITY: dict[str, float] = {"intercept": -7.804, "family_here": 1.961, "family_anywhere": 1.995, "volume_here": 2.484}
PROPENSITY_FEATURES = ("family_here", "family_anywhere", "volume_here")
#: years after which a posting counts half (None: every posting counts 1). A 4-year half-life lowered held-out
#: hit@10 of the demand ranking 0.0443 -> 0.0308 (seed 0, integrated graph): the older job files hold firms that
#: still hire, so recency is not applied
RECENCY_HALF_LIFE: float | None = None
UNKNOWN_YEAR_WEIGHT = 0.5
MIN_INDUSTRY_MATCH = ind.MATCH_SAME_DIVISION
QUALITY_TAGS = ("专精特新", "小巨人", "单项冠军")
TIE_OTHER_GROUP, TIE_COLLEGE, TIE_ALLIANCE = 1.0, 0.7, 0.5
RESEARCH_JOINT, RESEARCH_TOPIC = 1.0, 0.5
TAG_QUALITY, TAG_LISTED = 1.0, 0.6
#: the tags ("standing and activity") part: tag/listing × 0.3 + size × 0.1 + years listed × 0.1 + hiring activity
#: in scope × 0.5 (:func:`activity_value`; continuous, it separates firms of equal group evidence)
STANDING_MIX = {"tag": 0.3, "size": 0.1, "age": 0.1, "activity": 0.5}
PROXIMITY_CITY, PROXIMITY_PROVINCE = 1.0, 0.5
#: a leader wants ten suggestions, the nearer first: when the searched region (the college's province by default)
#: holds fewer candidates than this, the candidates elsewhere are listed after its own (:func:`prepare`)
WIDEN_BELOW = 10

assert abs(sum(WEIGHTS.values()) - 1.0) < 1e-9

COLUMNS = ["rank", "firm_id", "firm", "region", "score", *PARTS, "existing_partner", "reasons", "paths"]
WHY_NOT_COLUMNS = ["part", "firm", "last_suggested", "gap", "lacks"]


@dataclass(frozen=True, eq=False, kw_only=True)
class Suggestions(Table):
    """Result of :func:`suggest`: the ranked firms (``rows``, columns :data:`COLUMNS`), ``notes`` and
    what was ranked: the ``group`` id, its ``college`` (name) and ``college_region``, the ``scope``
    searched (a Region id or ``全国``), the ``weights`` of the parts and the number of ``candidates``
    ranked (before ``top``)."""

    group: str
    college: str
    college_region: str | None
    scope: str
    weights: dict[str, float]
    candidates: int


@dataclass(frozen=True, eq=False, kw_only=True)
class WhyNot(Table):
    """Result of :func:`why_not`: one row per part (``rows``, columns :data:`WHY_NOT_COLUMNS`), ``notes``,
    the ``firm`` asked about (name and ``firm_id``), its ``rank`` among all candidates (None when it is
    not one) and ``score``, the ``last`` firm of the ``top`` and its ``last_score``."""

    firm: str
    firm_id: str
    rank: int | None
    score: float
    last: str | None
    last_score: float | None
    top: int


@dataclass(frozen=True)
class PostingView:
    """The job postings the scorer may see: all of them (the product) or all but ``hidden`` (the
    evaluation hides its held-out half, :mod:`queries.suggest_eval`). ``name`` keys the cache."""
    hidden: frozenset = frozenset()
    name: str = "all"
    hidden_firms: frozenset = frozenset()  # firms known only from hidden postings: not candidates

    def sees(self, posting: str) -> bool:
        return posting not in self.hidden


ALL_POSTINGS = PostingView()

# firms located in scope whose industry fits a served industry (≥ MIN_INDUSTRY_MATCH)
_INDUSTRY_FIRMS_Q = f"""
MATCH (i:Industry) WHERE i.code IN $codes
MATCH (i)<-[:IN_INDUSTRY]-(f:Firm)
MATCH (f)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
RETURN f.id AS firm, i.code AS code
"""

# demand: one row per (firm, channel, posting) in scope, filtered by the PostingView in Python. Lists over
# taxonomy tables use IN (LadybugDB plans UNWIND + multi-hop MATCH as a join over whole tables).
_DEMAND_Q = f"""
MATCH (p:Post) WHERE p.id IN $posts
MATCH (p)<-[:FOR_POST]-(j:JobPosting)<-[:POSTED]-(f:Firm)
MATCH (j)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
RETURN f.id AS firm, 'post' AS kind, j.id AS posting, p.id AS key, '' AS via, j.title AS title
UNION ALL
MATCH (o:Occupation) WHERE o.code IN $occupations
MATCH (o)<-[:IN_OCCUPATION]-(p:Post)<-[:FOR_POST]-(j:JobPosting)<-[:POSTED]-(f:Firm)
MATCH (j)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
RETURN f.id AS firm, 'occupation' AS kind, j.id AS posting, o.code AS key, p.id AS via, j.title AS title
UNION ALL
MATCH (fam:Occupation) WHERE fam.code IN $families
MATCH (fam)<-[:PART_OF]-(o:Occupation)<-[:IN_OCCUPATION]-(p:Post)<-[:FOR_POST]-(j:JobPosting)<-[:POSTED]-(f:Firm)
MATCH (j)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
RETURN f.id AS firm, 'family' AS kind, j.id AS posting, o.code AS key, p.id AS via, j.title AS title
UNION ALL
MATCH (s:Skill) WHERE s.id IN $skills
MATCH (s)<-[:REQUIRES]-(j:JobPosting)<-[:POSTED]-(f:Firm)
MATCH (j)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
RETURN f.id AS firm, 'skill' AS kind, j.id AS posting, s.id AS key, '' AS via, j.title AS title
"""

# where firms hire: every posting in scope with its firm and place (proximity, volume, recency)
_HIRING_Q = f"""
MATCH (f:Firm)-[:POSTED]->(j:JobPosting)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
OPTIONAL MATCH (j)-[:FOR_POST]->(p:Post)-[:IN_OCCUPATION]->(o:Occupation)
RETURN f.id AS firm, j.id AS posting, j.date AS date, r.id AS region, r.province AS province,
       j.company_size AS size, j.title AS title, p.id AS post, o.code AS occ
"""

# ties are read from the college's side (a handful of rows), whatever the number of candidates
_TIES_Q = """
MATCH (c:College {moe_code: $college})<-[:BELONGS_TO]-(g:ProfessionalGroup)<-[:PARTNERS_WITH]-(f:Firm)
RETURN f.id AS firm, 'group' AS kind, g.id AS key, g.name AS name, '' AS extra
UNION ALL
MATCH (c:College {moe_code: $college})<-[:PARTNERS_WITH]-(f:Firm)
RETURN f.id AS firm, 'college' AS kind, c.moe_code AS key, c.name AS name, '' AS extra
UNION ALL
MATCH (c:College {moe_code: $college})-[:MEMBER_OF]->(a:EducationAlliance)<-[:MEMBER_OF]-(f:Firm)
RETURN f.id AS firm, 'alliance' AS kind, a.id AS key, a.name AS name, '' AS extra
UNION ALL
MATCH (c:College {moe_code: $college})-[:HOSTS]->(p:Platform)<-[:CO_BUILDS]-(f:Firm)
RETURN f.id AS firm, 'platform' AS kind, p.id AS key, p.name AS name, '' AS extra
UNION ALL
MATCH (c:College {moe_code: $college})<-[:INVOLVES]-(p:ResearchProject)-[:INVOLVES]->(f:Firm)
RETURN f.id AS firm, 'joint_research' AS kind, p.id AS key, p.title AS name, '' AS extra
UNION ALL
MATCH (i:Industry) WHERE i.code IN $topics
MATCH (i)<-[:ON_TOPIC]-(p:ResearchProject)-[:INVOLVES]->(f:Firm)
RETURN f.id AS firm, 'topic_research' AS kind, p.id AS key, p.title AS name, i.code AS extra
"""

_FIRM_CODES_Q = """
UNWIND $firms AS fid
MATCH (f:Firm {id: fid})-[:IN_INDUSTRY]->(i:Industry)
RETURN f.id AS firm, i.code AS code
"""

_DETAILS_Q = """
UNWIND $firms AS fid
MATCH (f:Firm {id: fid})
RETURN f.id AS id, f.name AS name, f.tags AS tags, f.listed_code AS listed_code, f.size AS size,
       f.list_date AS list_date
"""

_LOCATED_Q = """
UNWIND $firms AS fid
MATCH (f:Firm {id: fid})-[:LOCATED_IN]->(r:Region)
RETURN f.id AS firm, r.id AS region, r.province AS province, r.name AS name
"""

_SIZE_NUM = re.compile(r"\d+")
_YEAR = re.compile(r"(?:19|20)\d\d")


def size_score(label: str | None) -> float:
    """0–1 from a company-size label (``50-150人``, ``10000人以上``, ``少于50人``): log10 of the
    range's middle over 4 (10,000 employees → 1); 0 when unknown."""
    nums = [int(x) for x in _SIZE_NUM.findall(label or "")]
    if not nums:
        return 0.0
    mid = nums[0] / 2 if "少于" in label else sum(nums[:2]) / len(nums[:2])
    return max(0.0, min(1.0, math.log10(max(mid, 1.0)) / 4))


def years_listed(list_date: str | None, ref_year: int | None) -> float:
    """Years from a listing date (``19910403``) to the middle of ``ref_year`` (default 2026); 0 when unknown."""
    m = re.fullmatch(r"((?:19|20)\d\d)(\d\d)?(\d\d)?", (list_date or "").strip())
    if not m:
        return 0.0
    y = int(m.group(1)) + (int(m.group(2) or 7) - 1) / 12 + (int(m.group(3) or 1) - 1) / 365.25
    return max(0.0, (ref_year or 2026) + 0.5 - y)


_FIRM_POSTING_OCC_Q = """
MATCH (f:Firm)-[:POSTED]->(j:JobPosting)-[:FOR_POST]->(:Post)-[:IN_OCCUPATION]->(o:Occupation)
RETURN f.id AS firm, j.id AS posting, o.code AS code
"""


def firm_posting_occupations(store) -> dict[str, dict[str, frozenset]]:
    """Firm → its postings anywhere → their occupations (cached while the graph is unchanged)."""
    def compute():
        out: dict[str, dict[str, set]] = {}
        for r in store.read(_FIRM_POSTING_OCC_Q, limit=None):
            out.setdefault(r["firm"], {}).setdefault(r["posting"], set()).add(r["code"])
        return {f: {p: frozenset(o) for p, o in ps.items()} for f, ps in out.items()}
    return cache.memo(store, ("firm_posting_occupations",), compute)


_POST_OCC_Q = """
MATCH (p:Post)-[:IN_OCCUPATION]->(o:Occupation) WHERE p.id IN $posts
RETURN p.id AS post, o.code AS code
"""

_OCC_PARENTS_Q = """
MATCH (o:Occupation)-[:PART_OF]->(f:Occupation)-[:PART_OF]->(a:Occupation)
RETURN o.code AS code, f.code AS family, a.code AS area
"""


def occupation_parents(store) -> dict[str, tuple[str, str]]:
    """Occupation code → (its 小类, its 中类) along the graph's PART_OF links (cached while the graph is unchanged)."""
    return cache.memo(store, ("occupation_parents",), lambda: {
        r["code"]: (r["family"], r["area"]) for r in store.read(_OCC_PARENTS_Q, limit=None)})


def family_code(occupation: str) -> str:
    """The occupation 小类 (job family) of an occupation code: ``2-02-10-03`` → ``2-02-10-00``."""
    return "-".join(occupation.split("-")[:3]) + "-00"


def posting_year(posting: str, date: str | None) -> int | None:
    """The year of a posting: from its date, else from its source id (``job:lagou_2017:…``)."""
    for text in (date or "", posting.split(":")[1] if posting.count(":") >= 2 else ""):
        m = _YEAR.search(text)
        if m:
            return int(m.group())
    return None


@dataclass
class Candidate:
    id: str
    name: str = ""
    region: str | None = None
    region_name: str | None = None
    province: str | None = None
    tags: list[str] = field(default_factory=list)
    listed_code: str | None = None
    size: str | None = None
    list_date: str | None = None
    codes: set[str] = field(default_factory=set)
    located: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # region → (province, name)
    # channel → {posting: (key, via, title)} — the visible postings that put the firm in that channel
    demand: dict[str, dict[str, tuple[str, str, str]]] = field(default_factory=dict)
    hiring: dict[str, int] = field(default_factory=dict)  # region → visible postings in scope
    ties: list[tuple[str, str, str, str]] = field(default_factory=list)  # (kind, key, name, extra)
    values: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, object] = field(default_factory=dict)  # part → what produced the value
    links: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)  # channel → (posting, key, via, title)


def _province(region_id: str | None, province: str | None) -> str | None:
    return province or (region_parts(region_id)[0] if region_id else None)


def _in_scope(region_id: str | None, province: str | None, scope: str) -> bool:
    if not scope:
        return True
    if not region_id:
        return False
    return region_id == scope or region_id.startswith(scope + "/") or province == scope


@dataclass
class Prepared:
    """Every candidate of one (group, scope, view) with its part values (0–1) — what :func:`suggest`
    ranks and what :mod:`queries.suggest_eval` re-weights. Shared through :mod:`queries.cache`: read only."""
    group: resolve.Group
    profile: GroupProfile
    scope: str
    cands: dict[str, Candidate]
    partners_of_group: set[str]
    notes: list[str]
    ranked: list | None = None  # rank(self) with the product weights, computed once (warm calls)
    post_occupations: dict[str, str] = field(default_factory=dict)  # the group's posts → their occupation (细类)

    def values(self) -> dict[str, dict[str, float]]:
        return {fid: cd.values for fid, cd in self.cands.items()}


def prepare(store, g: resolve.Group, scope: str, *, view: PostingView = ALL_POSTINGS, min_confidence: float = 0.0,
            include_partners: bool = False, widen: bool = True) -> Prepared:
    """All candidates of group ``g`` in ``scope`` (a Region id, '' = everywhere) with their part values,
    seeing only the postings ``view`` lets through (cached while the graph is unchanged).

    With ``widen`` (default), when ``scope`` yields fewer than :data:`WIDEN_BELOW` candidates, the firms elsewhere
    that are candidates by the same rules (an industry fit, the group's kind of postings, ties) are added with
    ``evidence["outside"] = True``; :func:`rank` lists them after every firm of the scope. Their parts are read
    with the scope as "here": no place in it → proximity 0, no postings in it → the propensity of a firm that
    posts the group's families elsewhere only, no hiring activity."""
    tok = store.change_token()
    prof = group_profiles(store, [g], min_confidence, tok=tok)[g.id]
    base = (g.id, float(min_confidence), bool(include_partners), view.name, hash(view.hidden), hash(view.hidden_firms))
    tree = ind.tree(store)
    narrow = cache.memo(store, ("suggest_prep", scope, *base),
                        lambda: _prepare(store, g, prof, tree, scope, view, include_partners), tok)
    if not widen or not scope:
        return narrow

    def widened() -> Prepared:
        n_in = len(rank(narrow))
        if n_in >= WIDEN_BELOW:
            return narrow
        wide = _prepare(store, g, prof, tree, "", view, include_partners, home=scope)
        cands = dict(narrow.cands)
        top_vol = max((int(cd.evidence.get("volume") or 0) for cd in narrow.cands.values()), default=0)
        extra = []
        for fid, cd in wide.cands.items():  # (``wide`` is this call's own: its candidates are not shared)
            if fid in cands:
                continue
            cd.evidence["outside"] = True
            cands[fid] = cd
            extra.append(cd)
        _add_activity(extra, top_vol)  # activity relative to the scope's busiest candidate, as in the scope
        notes = list(narrow.notes)
        if extra:
            notes.append(f"only {n_in} candidate firms in {scope}: firms elsewhere that fit the group's industries "
                         f"or post its kind of jobs are listed after them")
        return Prepared(g, prof, scope, cands, narrow.partners_of_group, notes,
                        post_occupations=narrow.post_occupations)
    return cache.memo(store, ("suggest_prep_widened", scope, *base), widened, tok)


def _prepare(store, g, prof: GroupProfile, tree: ind.IndustryTree, scope: str, view: PostingView,
             include_partners: bool, home: str | None = None) -> Prepared:
    """The candidates of ``scope``; ``home`` (default ``scope``) is where a posting counts as "in scope" for the
    propensity's ``family_here`` / ``volume_here`` and for hiring activity — the widened pool
    (:func:`prepare`) reads everywhere (``scope`` '') but keeps the searched region as ``home``."""
    home = scope if home is None else home
    c = g.college
    notes: list[str] = []
    if not prof.serves:
        notes.append("the group's majors have no SERVES links to industries: industry fit is 0 for every firm")
    if not prof.posts and not prof.skills and not prof.occupations:
        notes.append("the group's majors have no posts, occupations or skills: job-posting demand cannot be measured")
    served = sorted(prof.serves)
    serve_conf = {s: max(prof.serves[s].values()) for s in served}
    fit_cache: dict[str, tuple[float, str | None]] = {}

    def fit(code: str) -> tuple[float, str | None]:
        if code not in fit_cache:
            best, arg = 0.0, None
            for s in served:
                m = tree.match(code, s) * serve_conf[s]
                if m > best or (m == best and m > 0 and arg is not None and s < arg):
                    best, arg = m, s
            fit_cache[code] = (best, arg)
        return fit_cache[code]

    cands: dict[str, Candidate] = {}

    def cand(fid: str) -> Candidate:
        cd = cands.get(fid)
        if cd is None:
            cd = cands[fid] = Candidate(fid)
        return cd

    posts, skills, occs = sorted(prof.posts), sorted(prof.skills), sorted(prof.occupations)
    params = {"scope": scope}
    college_prov = c.province or _province(c.region, None)
    # where firms hire (visible postings in scope): proximity by hiring place, recency, size labels
    newest = None
    years: dict[str, int | None] = {}
    hire_size: dict[str, str] = {}
    parents = occupation_parents(store)  # 细类 → (小类, 中类) as the graph's PART_OF links state them
    areas = {parents[o][1] for o in prof.occupations if o in parents}
    fams = {parents[o][0] for o in prof.occupations if o in parents}
    seen_postings: set[str] = set()
    home_postings: set[str] = set()  # visible postings located in ``home``
    home_hiring: dict[str, int] = {}  # firm → its visible postings in ``home``
    for r in store.read(_HIRING_Q, params, limit=None):
        if not view.sees(r["posting"]):
            continue
        occ = r["occ"]
        if occ in parents and parents[occ][1] in areas and parents[occ][0] not in fams:  # same 中类, another 小类
            cand(r["firm"]).demand.setdefault("area", {})[r["posting"]] = (occ, r["post"] or "", r["title"] or r["posting"])
        if r["posting"] in seen_postings:  # one row per occupation link: count the posting once
            continue
        seen_postings.add(r["posting"])
        y = years[r["posting"]] = posting_year(r["posting"], r["date"])
        if y is not None and (newest is None or y > newest):
            newest = y
        cd_ = cand(r["firm"])
        cd_.hiring[r["region"]] = cd_.hiring.get(r["region"], 0) + 1
        if _in_scope(r["region"], r["province"], home):
            home_postings.add(r["posting"])
            home_hiring[r["firm"]] = home_hiring.get(r["firm"], 0) + 1
        if college_prov and _province(r["region"], r["province"]) == college_prov:  # hiring volume near the college
            cd_.demand.setdefault("any", {})[r["posting"]] = (r["region"], "", r["title"] or r["posting"])
        if c.region and r["region"] == c.region:
            cur = cd_.evidence.get("city_posting")
            if cur is None or r["posting"] < cur[0]:
                cd_.evidence["city_posting"] = (r["posting"], r["title"] or r["posting"])
        if r["size"] and r["firm"] not in hire_size:
            hire_size[r["firm"]] = r["size"]
    # job families (小类): of the occupations the majors prepare for and of the occupations of the posts they target
    post_occ = {r["post"]: r["code"] for r in store.read(_POST_OCC_Q, {"posts": posts}, limit=None)} if posts else {}
    families = sorted({family_code(o) for o in occs} | {family_code(o) for o in post_occ.values()})
    group_fams = set(families)
    anywhere = firm_posting_occupations(store)
    if posts or skills or occs:
        for r in store.read(_DEMAND_Q, {**params, "posts": posts, "skills": skills, "occupations": occs,
                                        "families": families}, limit=None):
            if r["kind"] == "family" and r["key"] in prof.occupations:
                continue  # counted in the occupation channel already
            if view.sees(r["posting"]):
                cand(r["firm"]).demand.setdefault(r["kind"], {})[r["posting"]] = (r["key"], r["via"] or "",
                                                                                   r["title"] or r["posting"])
    codes = sorted(tree.related_codes(served, MIN_INDUSTRY_MATCH)) if served else []
    if codes:
        for r in store.read(_INDUSTRY_FIRMS_Q, {**params, "codes": codes}, limit=None):
            cand(r["firm"]).codes.add(r["code"])
    topics = sorted(tree.related_codes(served, ind.MATCH_COARSE_FIRM)) if served else []
    partners_of_group: set[str] = set()
    tied: dict[str, list[tuple[str, str, str, str]]] = {}
    for r in store.read(_TIES_Q, {"college": c.moe_code, "topics": topics}, limit=None):
        if r["kind"] == "group" and r["key"] == g.id:
            partners_of_group.add(r["firm"])
            continue
        t_ = (r["kind"], r["key"], r["name"] or r["key"], r["extra"] or "")
        if t_ not in tied.setdefault(r["firm"], []):
            tied[r["firm"]].append(t_)
    if include_partners:
        for fid in partners_of_group:
            tied.setdefault(fid, [])
    for fid, ts in tied.items():
        cand(fid).ties = sorted(ts)
    ids = sorted(cands)
    if ids:
        for r in store.read(_FIRM_CODES_Q, {"firms": ids}, limit=None):
            cands[r["firm"]].codes.add(r["code"])
        for r in store.read(_LOCATED_Q, {"firms": ids}, limit=None):
            cands[r["firm"]].located[r["region"]] = (_province(r["region"], r["province"]), r["name"])
        for r in store.read(_DETAILS_Q, {"firms": ids}, limit=None):
            cd = cands[r["id"]]
            cd.name, cd.tags, cd.listed_code = r["name"] or r["id"], list(r["tags"] or []), r["listed_code"]
            cd.size, cd.list_date = r["size"] or hire_size.get(r["id"]), r["list_date"]
    college_city = c.region
    ref_year = newest

    def recency(posting: str) -> float:
        if RECENCY_HALF_LIFE is None:
            return 1.0
        y = years.get(posting)
        if y is None or ref_year is None:
            return UNKNOWN_YEAR_WEIGHT
        return 0.5 ** ((ref_year - y) / RECENCY_HALF_LIFE)

    for fid in list(cands):
        cd = cands[fid]
        if fid in partners_of_group and not include_partners:
            del cands[fid]
            continue
        # place: the firm's own Region (the city preferred) — else where it hires most
        own = sorted(cd.located, key=lambda x: ("/" not in x, x))
        if own:
            cd.region = own[0]
            cd.province, cd.region_name = cd.located[own[0]][0], cd.located[own[0]][1]
        elif cd.hiring:
            cd.region = max(cd.hiring, key=lambda x: (cd.hiring[x], x))
            cd.province = _province(cd.region, None)
        in_scope = any(_in_scope(r_, p_, scope) for r_, (p_, _) in cd.located.items()) or bool(cd.hiring)
        if not in_scope:
            del cands[fid]  # tied firms outside the scope are not candidates
            continue
        v = cd.values
        best, best_ev = 0.0, None
        for code in sorted(cd.codes):
            m, s_ = fit(code)
            if m > best:
                best, best_ev = m, (code, s_)
        v["industry"] = best
        cd.evidence["industry"] = best_ev
        if fid in view.hidden_firms:
            del cands[fid]
            continue
        by_posting: dict[str, list[str]] = {}
        for ch, ps in cd.demand.items():
            for p_ in ps:
                by_posting.setdefault(p_, []).append(ch)
        # posting → (recency weight, the channels that reach it): each posting counts once
        chans = cd.evidence["channels"] = {p_: (recency(p_), tuple(sorted(chs))) for p_, chs in by_posting.items()}
        cd.evidence["demand"] = round(group_postings(chans), 4)
        # hiring propensity (the demand part): postings of the group's families here / anywhere, all postings here
        mine = [p_ for p_ in anywhere.get(fid, {}) if view.sees(p_)]
        cd.evidence["postings_anywhere"] = len(mine)
        of_group = [p_ for p_ in mine if any(family_code(o) in group_fams for o in anywhere[fid][p_])]
        feats = cd.evidence["propensity"] = {"family_here": sum(1 for p_ in of_group if p_ in home_postings),
                                             "family_anywhere": len(of_group), "volume_here": home_hiring.get(fid, 0)}
        v["demand"] = propensity(feats)
        # proximity: the firm's own place, or where it hires (0.5 + 0.5 × its postings' share in the city)
        own_p = max((PROXIMITY_CITY if college_city and r_ == college_city
                     else PROXIMITY_PROVINCE if college_prov and p_ == college_prov else 0.0)
                    for r_, (p_, _) in cd.located.items()) if cd.located else 0.0
        n_hire = sum(cd.hiring.values())
        in_city = cd.hiring.get(college_city, 0) if college_city else 0
        in_prov = sum(n for r_, n in cd.hiring.items() if college_prov and _province(r_, None) == college_prov)
        hire_p = (PROXIMITY_PROVINCE + (PROXIMITY_CITY - PROXIMITY_PROVINCE) * in_city / n_hire if in_city
                  else PROXIMITY_PROVINCE if in_prov else 0.0)
        v["proximity"] = max(own_p, hire_p)
        cd.evidence["proximity"] = "own" if own_p >= hire_p and own_p else "hiring" if hire_p else None
        kinds = {t_[0] for t_ in cd.ties}
        v["ties"] = (TIE_OTHER_GROUP if "group" in kinds else TIE_COLLEGE if "college" in kinds
                     else TIE_ALLIANCE if kinds & {"alliance", "platform"} else 0.0)
        v["research"] = (RESEARCH_JOINT if "joint_research" in kinds
                         else RESEARCH_TOPIC if "topic_research" in kinds else 0.0)
        quality = any(q in t_ for t_ in cd.tags for q in QUALITY_TAGS)
        tag = TAG_QUALITY if quality else TAG_LISTED if cd.listed_code else 0.0
        age = min(1.0, years_listed(cd.list_date, ref_year) / 30) if cd.listed_code else 0.0
        v["tags"] = (STANDING_MIX["tag"] * tag + STANDING_MIX["size"] * size_score(cd.size)
                     + STANDING_MIX["age"] * age)  # + activity below, once the candidates' largest volume is known
        cd.evidence["volume"] = home_hiring.get(fid, 0)
        cd.evidence["standing"] = v["tags"]
        existing = fid in partners_of_group
        if v["industry"] < MIN_INDUSTRY_MATCH * 0.5 and not cd.demand and not v["ties"] and not v["research"] \
                and not existing:
            del cands[fid]  # no industry fit, no postings in scope, no ties: never a candidate
    _add_activity(cands.values(), max((int(cd.evidence.get("volume") or 0) for cd in cands.values()), default=0))
    return Prepared(g, prof, scope, cands, partners_of_group, notes, post_occupations=post_occ)


def _add_activity(cands, top_vol: int) -> None:
    """tags = standing + STANDING_MIX['activity'] × hiring activity (relative to ``top_vol``, the largest volume
    among the scope's candidates)."""
    for cd in cands:
        act = activity_value(int(cd.evidence.get("volume") or 0), top_vol)
        cd.evidence["activity"] = round(act, 4)
        cd.values["tags"] = cd.evidence.get("standing", 0.0) + STANDING_MIX["activity"] * act


def group_postings(channels: dict[str, tuple[float, tuple[str, ...]]],
                   channel_weight: dict[str, float] | None = None) -> float:
    """The firm's group-specific postings from its visible postings (posting → (recency weight, the channels
    that reach it)): each posting counts once, with the largest weight of its channels, ``x = Σ recency × max
    channel weight`` (counting a posting once per channel measured worse: held-out hit@10 0.0483 vs 0.0532).
    x > 0 makes a firm a candidate; x orders equal scores (:func:`tie_break`)."""
    cw = CHANNEL_WEIGHT if channel_weight is None else channel_weight
    return sum(rec * max(cw.get(ch, 0.0) for ch in chs) for rec, chs in channels.values() if chs)


def propensity(features: dict[str, float], coefficients: dict[str, float] | None = None) -> float:
    """The demand part (:data:`PROPENSITY`): ``σ(intercept + Σ coefficient × log(1 + count))`` over the firm's
    visible posting counts ``features`` (keys :data:`PROPENSITY_FEATURES`); 0–1, rounded to 4 places."""
    c = PROPENSITY if coefficients is None else coefficients
    z = c["intercept"] + sum(c[k] * math.log1p(features.get(k, 0)) for k in PROPENSITY_FEATURES)
    return round(1.0 / (1.0 + math.exp(-z)), 4)


def activity_value(volume: int, top_volume: int) -> float:
    """Hiring activity in scope, 0–1: ``log(1 + visible postings in scope) / log(1 + the largest among the
    group's candidates)`` — continuous, so firms with equal group evidence still get different scores."""
    if volume <= 0 or top_volume <= 0:
        return 0.0
    return min(1.0, math.log1p(volume) / math.log1p(top_volume))


def tie_break(cd: Candidate) -> tuple:
    """Evidence that orders firms of equal score, each a quantity the explanation names: the group-specific
    postings in scope (channel-weighted), industry fit (match × the SERVES link's confidence), hiring volume in
    scope, standing, proximity (session 10's order, kept), then postings of the group's job families anywhere,
    visible postings anywhere, size band, a known city, the number of the firm's industries (session 11). The firm
    id only when all of these are equal — never the name."""
    v, e = cd.values, cd.evidence
    feats = e.get("propensity") or {}
    return (-float(e.get("demand") or 0.0), -v.get("industry", 0.0), -int(e.get("volume") or 0),
            -v.get("tags", 0.0), -v.get("proximity", 0.0), -int(feats.get("family_anywhere") or 0),
            -int(e.get("postings_anywhere") or 0), -size_score(cd.size), -int(any("/" in r_ for r_ in cd.located)),
            -len(cd.codes), cd.id)


def rank(prep: Prepared, weights: dict[str, float] | None = None, channel_weight: dict[str, float] | None = None,
         order=None) -> list[tuple[Candidate, dict[str, float], float]]:
    """Every candidate of ``prep`` with its contributions (weight × value, 4 places) and score, best first.
    A firm is a candidate with an industry fit, a tie, or group-specific demand: a visible posting in scope in a
    demand channel of positive weight (``channel_weight``, default :data:`CHANNEL_WEIGHT`; the evaluation's fit
    may change it — e.g. ``any`` > 0 makes every firm hiring in scope a candidate)."""
    default = weights is None and channel_weight is None and order is None
    order = tie_break if order is None else order
    if default and prep.ranked is not None:
        return prep.ranked
    w = WEIGHTS if weights is None else weights
    parts = [(k, w.get(k, 0.0)) for k in PARTS]
    rows = []
    for cd in prep.cands.values():
        vals = cd.values
        specific = (float(cd.evidence.get("demand") or 0.0) if channel_weight is None
                    else group_postings(cd.evidence.get("channels") or {}, channel_weight))
        if vals["industry"] < MIN_INDUSTRY_MATCH * 0.5 and not specific and not vals["ties"] \
                and not vals["research"] and cd.id not in prep.partners_of_group:
            continue  # no industry fit, no group-specific demand, no ties: not a candidate
        contrib = {k: round(wk * vals[k], 4) for k, wk in parts}
        rows.append((cd, contrib, round(sum(contrib.values()), 4)))
    rows.sort(key=lambda t_: (bool(t_[0].evidence.get("outside")), -t_[2], order(t_[0])))
    if default:
        prep.ranked = rows
    return rows


def suggest(store, group: str, college: str | None = None, *, top: int = 10, region: str | None = None,
            include_partners: bool = False, max_paths: int = 3, min_confidence: float = 0.0,
            view: PostingView = ALL_POSTINGS, local_first: bool = True) -> Suggestions:
    """Rank partner firms for a professional group.

    Inputs: ``group`` (id, name or lead-major name), ``college`` (name or 学校标识码, to pick the group
    when several colleges have one of that name), ``top`` (rows), ``region`` (province/city to search;
    default the college's province; ``全国`` = everywhere), ``include_partners`` (keep current partners),
    ``max_paths`` (explanation paths per firm, 1–3), ``min_confidence`` (ignore served-industry links
    below this confidence), ``view`` (which postings count; the evaluation hides its held-out half),
    ``local_first`` (default: when any candidate is located in the college's own city, those firms are
    listed first, each tier by score — a leader looks for partners in the city first; ``False`` = by score
    alone, which is what ``kg eval suggest`` measures).

    Output: :class:`Suggestions`, whose rows have the columns ``rank``, ``firm_id``, ``firm``, ``region`` (Region id), ``score`` (0–1) and one
    column per part (``industry``, ``demand``, ``proximity``, ``ties``, ``research``, ``tags``: the part's
    weighted contribution; they sum to ``score``), ``existing_partner`` (bool), ``reasons`` (short text
    per part) and ``paths`` (list of path dicts: kind, text, nodes, rels — see :mod:`queries.paths`).
    Equal scores are ordered by evidence (:func:`tie_break`), never by name.

    Example::

        >>> suggest(store, "通信技术专业群", college="深圳职业技术大学", top=5).rows[["firm", "score"]]
    """
    g = resolve.group(store, group, college)
    c = g.college
    scope = resolve_scope(store, g, region)
    prep = prepare(store, g, scope, view=view, min_confidence=min_confidence, include_partners=include_partners)
    prof, tree = prep.profile, ind.tree(store)
    notes = list(prep.notes) + composition_notes(prof)
    ranked = rank(prep)
    if local_first and c.region and "/" in c.region and any(cd.region == c.region for cd, _, _ in ranked):
        ranked = sorted(ranked, key=lambda t_: t_[0].region != c.region)  # stable: each tier keeps its order
        notes.append(f"firms in the college's city ({c.region}) listed first, then the rest, each by score")
    def result(rows: pd.DataFrame, notes: list[str]) -> Suggestions:
        return Suggestions(rows, tuple(notes), group=g.id, college=c.name, college_region=c.region,
                           scope=scope or "全国", weights=dict(WEIGHTS), candidates=len(ranked))

    if not ranked:
        return result(pd.DataFrame(columns=COLUMNS), notes + ["no candidate firms in scope"])
    out = []
    parents = occupation_parents(store)  # once per call (each memo lookup reads the graph's change token)
    for rank_, (cd0, contrib, score) in enumerate(ranked[:top], 1):
        cd = _with_links(cd0, prof, c.region, prep.post_occupations)
        existing = cd.id in prep.partners_of_group
        paths = explanation_paths(g, prof, tree, cd, contrib, c, max_paths=max_paths,
                                  parents=parents, post_occupations=prep.post_occupations)
        out.append({"rank": rank_, "firm_id": cd.id, "firm": cd.name or cd.id, "region": cd.region, "score": score,
                    **contrib, "existing_partner": existing, "reasons": _reasons(prof, tree, cd),
                    "paths": [p.to_dict() for p in paths]})
    return result(pd.DataFrame(out, columns=COLUMNS), notes)


def resolve_scope(store, g: resolve.Group, region: str | None) -> str:
    """The Region id searched: ``region`` if given (``全国`` or unknown = everywhere), else the college's province."""
    reg = resolve.region(store, region) if region else None
    return "" if (region and reg is None) else reg.id if reg is not None else (g.college.province or "")


def composition_notes(prof: GroupProfile) -> list[str]:
    """"this group is known by its lead major only" until a group-composition file lists its members."""
    if len(prof.majors) <= 1:
        return ["this group is known by its lead major only (load a group-composition file: "
                "kg ingest FILE --kind group-composition)"]
    return []


def _with_links(cd0: Candidate, prof: GroupProfile, college_region: str | None = None,
                post_occupations: dict[str, str] | None = None) -> Candidate:
    """A copy of ``cd0`` with one sample posting per demand channel (the smallest id) for the paths."""
    cd = Candidate(**{k: getattr(cd0, k) for k in cd0.__dataclass_fields__})
    cd.links = {}
    fams = {family_code(o) for o in prof.occupations} | {family_code(o) for o in (post_occupations or {}).values()}
    wanted = {"post": prof.posts, "occupation": prof.occupations, "skill": prof.skills}
    for ch, ps in sorted(cd0.demand.items()):
        if ch == "any":  # a posting in the college's city first, else the smallest id
            if ps:
                posting = min(ps, key=lambda p: (ps[p][0] != college_region, p))
                cd.links[ch] = (posting, ps[posting][0], "", ps[posting][2])
            continue
        ok = sorted((p, *ps[p]) for p in ps if (family_code(ps[p][0]) in fams if ch == "family"
                                                else True if ch == "area"  # checked when gathered
                                                else ps[p][0] in wanted[ch]))
        if ok:
            posting, key, via, title = ok[0]
            cd.links[ch] = (posting, key, via, title)
    return cd


def _reasons(prof: GroupProfile, tree: ind.IndustryTree, cd: Candidate) -> str:
    out = []
    ev = cd.evidence.get("industry")
    if ev:
        f, s = ev
        m = tree.match(f, s)
        how = "≈" if m >= ind.MATCH_COARSE_FIRM else " same 大类 as " if m >= ind.MATCH_SAME_DIVISION else " same 门类 as "
        out.append(f"industry {tree.names.get(f, f)}{how}{tree.names.get(s, s)}")
    labels = {"post": "postings for the group's posts", "occupation": "postings in its majors' occupations",
              "family": "postings in the same occupation families",
              "area": "postings in the same occupation 中类", "skill": "postings needing the group's skills",
              "any": "postings in scope"}
    feats = cd.evidence.get("propensity")
    if feats and any(feats.values()):
        out.append(f"hiring propensity {cd.values.get('demand', 0.0):.2f} ({feats['family_here']} postings of the "
                   f"group's job families in scope, {feats['family_anywhere']} anywhere, {feats['volume_here']} "
                   f"postings in scope)")
    if int(cd.evidence.get("postings_anywhere") or 0):
        out.append(f"{cd.evidence['postings_anywhere']} postings anywhere")
    for ch in CHANNELS:
        if ch in cd.demand:
            out.append(f"{len(cd.demand[ch])} {labels[ch]}")
    if cd.evidence.get("outside"):
        out.append(f"outside the searched region ({cd.region_name or cd.region or 'place unknown'}): listed after "
                   f"its firms, which are fewer than {WIDEN_BELOW}")
    prox, where = cd.values.get("proximity") or 0.0, cd.evidence.get("proximity")
    if where == "own" and prox == PROXIMITY_CITY:
        out.append(f"same city ({cd.region_name or cd.region})")
    elif where == "own" and prox:
        city_known = any("/" in r_ for r_ in cd.located)
        out.append(f"same province ({cd.province})" + ("" if city_known else ", city unknown: province only"))
    elif where == "hiring":
        out.append(f"hires in the college's {'city' if prox > PROXIMITY_PROVINCE else 'province'} "
                   f"({sum(cd.hiring.values())} postings in scope)")
    for kind, _, name, _ in sorted(set(cd.ties)):
        if kind in ("group", "college", "alliance", "platform", "joint_research"):
            out.append({"group": "partner of", "college": "partner of", "alliance": "alliance",
                        "platform": "platform", "joint_research": "joint research"}[kind] + f" {name}")
    quality = [t for t in cd.tags if any(q in t for q in QUALITY_TAGS)]
    if quality:
        out.append("/".join(quality))
    elif cd.listed_code:
        out.append(f"listed {cd.listed_code}")
    if cd.size:
        out.append(f"size {cd.size}")
    return "; ".join(out)


# ------------------------------------------------------------------ explanation paths
def _group_to_industry(g: resolve.Group, prof: GroupProfile, served: str) -> Path:
    p = Path.start("ProfessionalGroup", g.id, g.name)
    majors = prof.serving_majors(served)
    if majors:
        m = max(majors, key=lambda m: (prof.serves[served][m], m == prof.lead_major, m))
        return p.out("INCLUDES", "Major", m, prof.majors.get(m)).out("SERVES", "Industry", served,
                                                                    prof.industry_names.get(served))
    return p.out("SERVES", "Industry", served, prof.industry_names.get(served))


def _industry_path(g, prof, tree: ind.IndustryTree, cd: Candidate) -> Path | None:
    ev = cd.evidence.get("industry")
    if not ev:
        return None
    f, s = ev
    p = _group_to_industry(g, prof, s)
    if f != s:
        down = tree.graph_chain(f, s)  # firm's industry inside the served one
        up = tree.graph_chain(s, f)  # served inside the firm's
        if down:
            for code in reversed(down[:-1]):
                p = p.inn("PART_OF", "Industry", code, tree.names.get(code))
        elif up:
            for code in up[1:]:
                p = p.out("PART_OF", "Industry", code, tree.names.get(code))
        else:  # siblings: up to the lowest common ancestor, then down
            f_line = [f, *tree.ancestors(f)]
            lca = next((a for a in tree.ancestors(s) if a in f_line), None)
            up, down = (tree.graph_chain(s, lca), tree.graph_chain(f, lca)) if lca else (None, None)
            if not up or not down:
                return None
            for code in up[1:]:
                p = p.out("PART_OF", "Industry", code, tree.names.get(code))
            for code in reversed(down[:-1]):
                p = p.inn("PART_OF", "Industry", code, tree.names.get(code))
    p = p.inn("IN_INDUSTRY", "Firm", cd.id, cd.name)
    p.kind = "industry"
    return p


def _demand_path(g, prof: GroupProfile, cd: Candidate, college: resolve.College | None = None,
                 parents: dict[str, tuple[str, str]] | None = None,
                 post_occupations: dict[str, str] | None = None) -> Path | None:
    p0 = Path.start("ProfessionalGroup", g.id, g.name)
    if "post" in cd.links:
        posting, post, _, title = cd.links["post"]
        major = sorted(prof.posts[post])[0]
        p = (p0.out("INCLUDES", "Major", major, prof.majors.get(major))
             .out("TARGETS_POST", "Post", post, prof.post_names.get(post))
             .inn("FOR_POST", "JobPosting", posting, title).inn("POSTED", "Firm", cd.id, cd.name))
    elif "occupation" in cd.links:
        posting, occ, post, title = cd.links["occupation"]
        major = sorted(prof.occupations[occ])[0]
        p = (p0.out("INCLUDES", "Major", major, prof.majors.get(major))
             .out("PREPARES_FOR", "Occupation", occ, prof.occupation_names.get(occ))
             .inn("IN_OCCUPATION", "Post", post, post)
             .inn("FOR_POST", "JobPosting", posting, title).inn("POSTED", "Firm", cd.id, cd.name))
    elif "family" in cd.links:
        posting, occ, post, title = cd.links["family"]
        fam = family_code(occ)
        prepared = sorted((o for o in prof.occupations if family_code(o) == fam), key=lambda o: (o == fam, o))
        if prepared:
            mine = prepared[0]
            major = sorted(prof.occupations[mine])[0]
            p = (p0.out("INCLUDES", "Major", major, prof.majors.get(major))
                 .out("PREPARES_FOR", "Occupation", mine, prof.occupation_names.get(mine)))
        else:  # the family of a post the group's majors target: Major -TARGETS_POST-> Post -IN_OCCUPATION->
            tpost = sorted(q for q, o in (post_occupations or {}).items() if family_code(o) == fam and q in prof.posts)
            if not tpost:
                return None
            mine = post_occupations[tpost[0]]
            major = sorted(prof.posts[tpost[0]])[0]
            p = (p0.out("INCLUDES", "Major", major, prof.majors.get(major))
                 .out("TARGETS_POST", "Post", tpost[0], prof.post_names.get(tpost[0]))
                 .out("IN_OCCUPATION", "Occupation", mine, mine))
            if mine == occ:  # the posting's occupation is the targeted post's own
                p = (p.inn("IN_OCCUPATION", "Post", post, post)
                     .inn("FOR_POST", "JobPosting", posting, title).inn("POSTED", "Firm", cd.id, cd.name))
                p.kind = "demand"
                return p
        if mine != fam:  # a major may prepare for the 小类 itself
            p = p.out("PART_OF", "Occupation", fam, fam)
        p = (p.inn("PART_OF", "Occupation", occ, occ)
             .inn("IN_OCCUPATION", "Post", post, post)
             .inn("FOR_POST", "JobPosting", posting, title).inn("POSTED", "Firm", cd.id, cd.name))
    elif "area" in cd.links and parents and cd.links["area"][1] in parents:
        posting, occ, post, title = cd.links["area"]
        fam, area = parents[occ]
        mine = sorted(o for o in prof.occupations if o in parents and parents[o][1] == area)[0]
        major = sorted(prof.occupations[mine])[0]
        p = (p0.out("INCLUDES", "Major", major, prof.majors.get(major))
             .out("PREPARES_FOR", "Occupation", mine, prof.occupation_names.get(mine))
             .out("PART_OF", "Occupation", parents[mine][0], parents[mine][0]).out("PART_OF", "Occupation", area, area)
             .inn("PART_OF", "Occupation", fam, fam).inn("PART_OF", "Occupation", occ, occ)
             .inn("IN_OCCUPATION", "Post", post, post)
             .inn("FOR_POST", "JobPosting", posting, title).inn("POSTED", "Firm", cd.id, cd.name))
    elif "skill" in cd.links:
        posting, skill, _, title = cd.links["skill"]
        how, major, via = prof.skills[skill][0]
        p = p0.out("INCLUDES", "Major", major, prof.majors.get(major))
        if how == "develops":
            p = p.out("DEVELOPS", "Skill", skill, prof.skill_names.get(skill))
        else:
            p = (p.out("HAS_COURSE", "Course", via, prof.course_names.get(via))
                 .out("TEACHES", "Skill", skill, prof.skill_names.get(skill)))
        p = p.inn("REQUIRES", "JobPosting", posting, title).inn("POSTED", "Firm", cd.id, cd.name)
    elif "any" in cd.links and college is not None and college.region:
        # hiring volume near the college: the college's Region and the posting's, joined by their province
        posting, region, _, title = cd.links["any"]
        prov = _province(college.region, college.province)
        p = p0.out("BELONGS_TO", "College", college.moe_code, college.name).out(
            "LOCATED_IN", "Region", college.region, college.city or college.region)
        if region != college.region:
            if college.region != prov:
                p = p.out("PART_OF", "Region", prov, prov)
            if region != prov:
                p = p.inn("PART_OF", "Region", region, region_parts(region)[1] or region)
        p = p.inn("LOCATED_IN", "JobPosting", posting, title).inn("POSTED", "Firm", cd.id, cd.name)
    else:
        return None
    p.kind = "demand"
    return p


def _proximity_path(g, c: resolve.College, cd: Candidate) -> Path | None:
    """College and firm in the same city: through the firm's own Region, or through one of its postings
    located there (when it only hires there)."""
    if not c.region or not cd.values.get("proximity", 0.0) > PROXIMITY_PROVINCE:
        return None
    base = (Path.start("ProfessionalGroup", g.id, g.name).out("BELONGS_TO", "College", c.moe_code, c.name)
            .out("LOCATED_IN", "Region", c.region, c.city or c.region))
    if c.region in cd.located:
        p = base.inn("LOCATED_IN", "Firm", cd.id, cd.name)
    else:
        sample = cd.evidence.get("city_posting")
        if not sample:
            return None
        p = base.inn("LOCATED_IN", "JobPosting", sample[0], sample[1]).inn("POSTED", "Firm", cd.id, cd.name)
    p.kind = "proximity"
    return p


def _ties_path(g, c: resolve.College, cd: Candidate, kinds: tuple[str, ...]) -> Path | None:
    base = Path.start("ProfessionalGroup", g.id, g.name).out("BELONGS_TO", "College", c.moe_code, c.name)
    for kind, key, name, _ in sorted(cd.ties):
        if kind not in kinds:
            continue
        if kind == "group":
            p = base.inn("BELONGS_TO", "ProfessionalGroup", key, name).inn("PARTNERS_WITH", "Firm", cd.id, cd.name)
        elif kind == "college":
            p = base.inn("PARTNERS_WITH", "Firm", cd.id, cd.name)
        elif kind == "alliance":
            p = base.out("MEMBER_OF", "EducationAlliance", key, name).inn("MEMBER_OF", "Firm", cd.id, cd.name)
        elif kind == "platform":
            p = base.out("HOSTS", "Platform", key, name).inn("CO_BUILDS", "Firm", cd.id, cd.name)
        elif kind == "joint_research":
            p = base.inn("INVOLVES", "ResearchProject", key, name).out("INVOLVES", "Firm", cd.id, cd.name)
        else:
            continue
        p.kind = "research" if kind == "joint_research" else "ties"
        return p
    return None


def explanation_paths(g, prof, tree, cd: Candidate, contrib: dict[str, float], c: resolve.College,
                      max_paths: int = 3, parents: dict[str, tuple[str, str]] | None = None,
                      post_occupations: dict[str, str] | None = None) -> list[Path]:
    """Up to ``max_paths`` paths for the parts that contributed most (each part at most once)."""
    builders = {
        "industry": lambda: _industry_path(g, prof, tree, cd),
        "demand": lambda: _demand_path(g, prof, cd, c, parents, post_occupations),
        "proximity": lambda: _proximity_path(g, c, cd),
        "ties": lambda: _ties_path(g, c, cd, ("group", "college", "alliance", "platform")),
        "research": lambda: _ties_path(g, c, cd, ("joint_research",)),
    }
    out: list[Path] = []
    for part in sorted(builders, key=lambda k: (-contrib.get(k, 0.0), PARTS.index(k))):
        if len(out) >= max(1, min(3, max_paths)):
            break
        if contrib.get(part, 0.0) <= 0:
            continue
        p = builders[part]()
        if p is not None:
            out.append(p)
    return out


# ------------------------------------------------------------------ why not higher?
def why_not(store, group: str, firm: str, college: str | None = None, *, top: int = 10, region: str | None = None,
            min_confidence: float = 0.0) -> WhyNot:
    """"Why is this firm not higher?": ``firm`` (id or a unique part of its name) beside the last firm of
    the top ``top``, part by part, with what evidence it lacks.

    Output: a :class:`WhyNot`: one row per part (``part``, ``firm`` and ``last_suggested`` contributions,
    ``gap`` = last − firm, ``lacks``: the missing evidence in words); ``firm``, ``rank`` (the firm's rank
    among all candidates, None when it is not a candidate), ``last`` (the last suggested firm), ``score``,
    ``last_score`` and ``notes``.

    Example::

        >>> why_not(store, "通信技术专业群", "华为", college="深圳职业技术大学")
    """
    g = resolve.group(store, group, college)
    scope = resolve_scope(store, g, region)
    prep = prepare(store, g, scope, min_confidence=min_confidence)
    ranked = rank(prep)
    text = (firm or "").strip()
    if not text:
        raise resolve.NotFound("a firm is required (id or name)")
    hits = [i for i, (cd, _, _) in enumerate(ranked) if cd.id == text or cd.name == text]
    if not hits:
        hits = [i for i, (cd, _, _) in enumerate(ranked) if text in (cd.name or "") or text in cd.id]
    notes = []
    if len(hits) > 1:
        notes.append(f"{len(hits)} candidates match {text!r}: the best ranked is shown")
    last = ranked[min(top, len(ranked)) - 1] if ranked else None
    if hits:
        cd, contrib, score = ranked[hits[0]]
        pos = hits[0] + 1
        if cd.evidence.get("outside"):
            n_in = sum(1 for c_, _, _ in ranked if not c_.evidence.get("outside"))
            notes.append(f"{cd.name or cd.id} is outside {scope}: listed after the {n_in} candidate firms there "
                         f"(fewer than {WIDEN_BELOW}), whatever its score")
    else:  # not a candidate: read what the graph knows about it
        rows = store.read("MATCH (f:Firm) WHERE f.id = $t OR f.name = $t RETURN f.id AS id, f.name AS name, "
                          "f.listed_code AS listed_code, f.tags AS tags, f.size AS size", {"t": text})
        if not rows:
            raise resolve.NotFound(f"no firm {text!r} (id or full name) in the graph")
        r0 = rows[0]
        cd = Candidate(r0["id"], name=r0["name"] or r0["id"], listed_code=r0["listed_code"], tags=list(r0["tags"] or []),
                       size=r0["size"])
        cd.values = {k: 0.0 for k in PARTS}
        cd.evidence["not_candidate"] = True
        contrib, score, pos = {k: 0.0 for k in PARTS}, 0.0, None
        why = ("it already partners with the group" if cd.id in prep.partners_of_group else
               f"no industry fit, job demand or ties in {scope or '全国'}")
        notes.append(f"{cd.name} is not a candidate: {why}")
    out = []
    for k in PARTS:
        mine, theirs = contrib.get(k, 0.0), (last[1][k] if last else 0.0)
        out.append({"part": k, "firm": mine, "last_suggested": theirs, "gap": round(theirs - mine, 4),
                    "lacks": _lacks(k, cd, prep) if theirs > mine or not mine else ""})
    return WhyNot(pd.DataFrame(out, columns=WHY_NOT_COLUMNS), tuple(notes + composition_notes(prep.profile)),
                  firm=cd.name or cd.id, firm_id=cd.id, rank=pos, score=score,
                  last=(last[0].name or last[0].id) if last else None, last_score=last[2] if last else None,
                  top=top)


def _lacks(part: str, cd: Candidate, prep: Prepared) -> str:
    """The evidence a candidate lacks for one part (words for the user)."""
    v = cd.values.get(part, 0.0)
    if part == "industry":
        return ("its industry is not one the group's majors serve" if not v else
                "its industry only roughly fits (coarser/same 大类, or an inferred link of low confidence)" if v < 0.7
                else "")
    if part == "demand":
        have = {ch for ch, ps in cd.demand.items() if ps and CHANNEL_WEIGHT[ch]}
        miss = [ch for ch in ("post", "occupation", "family", "area", "skill") if ch not in have]
        if not have:
            return "no job postings in scope for the group's posts, occupations, occupation families or skills"
        f = cd.evidence.get("propensity") or {}
        counts = (f"{f.get('family_here', 0)} postings of the group's job families in scope, "
                  f"{f.get('family_anywhere', 0)} anywhere, {f.get('volume_here', 0)} in scope")
        return (f"few postings ({counts}); none through: " + ", ".join(miss) if miss
                else f"fewer postings ({counts})")
    if cd.evidence.get("not_candidate") and part in ("proximity", "tags"):
        return "(not scored: not a candidate)"
    if part == "proximity":
        return ("not located and not hiring in the college's province" if not v else
                "not in the college's city (neither located nor hiring there)" if v <= PROXIMITY_PROVINCE
                else "")
    if part == "ties":
        return "no partnership with the college or its other groups, no shared alliance or platform" if not v else ""
    if part == "research":
        return "no joint research project with the college or on the served industries" if not v else ""
    if part == "tags":
        return ("no 专精特新/小巨人/单项冠军 tag, not listed" if not cd.listed_code and not cd.tags else
                "no quality tag; size unknown" if not cd.size else "")
    return ""
