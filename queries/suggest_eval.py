"""`kg eval suggest`: do the suggested firms hire the group's graduates? Measured against real postings.

Method (read only — the product graph is never written):

1. **Split** the job postings that have a firm and a Region into an in-sample and a held-out half:
   ``posting`` view — a seeded hash of the posting id (half each); ``time`` view — the later half by year
   (:func:`queries.suggest.posting_year`: the posting's date, else its source's year) is held out.
2. **Families**: a posting's job family is the occupation 小类 (``2-02-10``) of the Occupation its Post is
   ``IN_OCCUPATION``; a group's families are the 小类 of the occupations its majors ``PREPARES_FOR`` or
   whose posts (``TARGETS_POST``) are ``IN_OCCUPATION`` — graph links, not title keywords.
3. **Relevant firms** of a (group, family): firms with a held-out posting of that family located in the
   group's scope (the college's province). A pair is *evaluable* when it has at least one.
4. **Rankings**, each scored by hit@10 (relevant firms among the first 10 / 10) and NDCG@10 (binary gain),
   averaged over evaluable pairs: the product (:func:`queries.suggest.rank` over
   :func:`queries.suggest.prepare` with a :class:`~queries.suggest.PostingView` that hides the held-out
   half — the scorer never sees it), the previous formula (``v0``: step values, firm's own place only,
   ties listed by name) on the same view, a random firm of the region (mean over ``random_seeds`` seeds),
   the region's busiest employers (most in-sample postings in scope), an industry-only ranking, one
   ablation per score part (its weight set to 0), two diagnostics (:func:`family_busiest`: firms by
   in-sample postings of the group's families, plain and + 0.1 × all their postings) and two ceilings
   (:func:`oracle`: the best possible list of the firms known in-sample, and of the product's candidates — what
   the held-out half allows at all, beside the targets).
   :func:`seeds_summary` repeats the posting view over several seeds (mean ± sd).

:func:`fit_weights` chooses the weights on the in-sample half only (an inner split of it), by coordinate
search; :func:`distinct_scores` counts distinct scores in the top 10 of every 双高 group.
"""
from __future__ import annotations

import hashlib
import math
import random
import statistics
from dataclasses import dataclass, field

from kg.codes import region_parts
from queries import resolve
from queries import suggest as sg

K = 10
FAMILY_SEGMENTS = 3  # occupation code segments that make a family: 2-02-10 (小类)
RANDOM_SEEDS = 20
#: ceilings (:func:`oracle`): the best order of the firms known in-sample, and of the product's candidates
ORACLE_KNOWN = "ceiling: any firm known in-sample, best order (oracle)"
ORACLE_CANDIDATES = "ceiling: the product's candidates, best order (oracle)"
#: parts whose weight the fit may change; ties and research have too few rows in the data to fit
FITTED_PARTS = ("industry", "demand", "proximity", "tags")
#: a fitted part keeps at least 0.05: it orders the firms of groups whose province has no postings to fit on
FIT_GRID = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7)
#: group-specific channels only: 'area' (same 中类) and 'any' (hiring volume) stay at 0 — a fit that may raise them
#: prefers volume (any 0.25, area 0.5 on the integrated graph) and puts insurers / software firms atop a machinery group
FITTED_CHANNELS = ("post", "occupation", "family", "skill")
CHANNEL_GRID = (0.0, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0)

_POSTINGS_Q = """
MATCH (f:Firm)-[:POSTED]->(j:JobPosting)-[:LOCATED_IN]->(r:Region)
RETURN j.id AS posting, j.date AS date, f.id AS firm, r.id AS region, r.province AS province
"""
_POSTING_FAMILY_Q = """
MATCH (j:JobPosting)-[:FOR_POST]->(p:Post)-[:IN_OCCUPATION]->(o:Occupation)
RETURN j.id AS posting, o.code AS code
"""
_GROUPS_Q = """
MATCH (g:ProfessionalGroup)-[:BELONGS_TO]->(c:College)
OPTIONAL MATCH (c)-[:LOCATED_IN]->(r:Region)
RETURN g.id AS id, g.name AS name, c.moe_code AS college, c.name AS college_name,
       coalesce(r.province, c.province) AS province, coalesce(r.name, c.city) AS city, r.id AS region
"""
_GROUP_FAMILY_Q = """
MATCH (g:ProfessionalGroup)-[:INCLUDES]->(m:Major)-[:PREPARES_FOR]->(o:Occupation)
RETURN g.id AS gid, o.code AS code
UNION ALL
MATCH (g:ProfessionalGroup)-[:INCLUDES]->(m:Major)-[:TARGETS_POST]->(p:Post)-[:IN_OCCUPATION]->(o:Occupation)
RETURN g.id AS gid, o.code AS code
"""
_SECTOR_Q = """
MATCH (g:ProfessionalGroup)-[i:INCLUDES]->(m:Major)-[:IN_CLASS]->(:MajorClass)-[:PART_OF]->(k:MajorCategory)
RETURN g.id AS gid, i.role AS role, k.name AS sector
"""
_FIRM_SOURCES_Q = """
MATCH (f:Firm)-[:POSTED]->(j:JobPosting)
RETURN f.id AS firm, j.id AS posting, j.source AS psource, f.source AS source, f.sources AS sources,
       f.listed_code AS listed, f.tags AS tags
"""
_FIRMS_LOCATED_Q = "MATCH (f:Firm)-[:LOCATED_IN]->(r:Region) RETURN f.id AS firm, r.id AS region, r.province AS province"


def family_of(code: str, segments: int = FAMILY_SEGMENTS) -> str:
    """The job family of an occupation code: its first ``segments`` segments (``2-02-10-03`` → ``2-02-10``)."""
    return "-".join(code.split("-")[:segments])


def _half(posting: str, seed: int, salt: str = "") -> bool:
    """True for the seeded held-out half (stable across runs and machines)."""
    h = hashlib.sha256(f"{seed}:{salt}:{posting}".encode()).digest()
    return h[0] & 1 == 1


@dataclass
class Data:
    """What the harness reads once: postings with firm/place/year/families, groups, sectors, firms by place."""
    postings: dict[str, dict]
    groups: list[dict]
    group_families: dict[str, set[str]]
    sectors: dict[str, str]
    firms_by_province: dict[str, set[str]]
    family_names: dict[str, str] = field(default_factory=dict)
    # firms known only from postings (every source is one of their postings' sources; not listed, no tag)
    # → their postings
    posting_only_firms: dict[str, set[str]] = field(default_factory=dict)

    def hidden_firms(self, hidden: frozenset) -> frozenset:
        """Firms the graph knows only from postings, all of which are hidden: not known in-sample."""
        return frozenset(f for f, ps in self.posting_only_firms.items() if ps <= hidden)


def read_data(store) -> Data:
    """Read what the evaluation needs from ``store`` (a handful of queries)."""
    postings: dict[str, dict] = {}
    for r in store.read(_POSTINGS_Q, limit=None):
        prov = r["province"] or region_parts(r["region"] or "")[0]
        postings[r["posting"]] = {"firm": r["firm"], "province": prov, "region": r["region"],
                                  "year": sg.posting_year(r["posting"], r["date"]), "date": r["date"] or "",
                                  "families": set()}
    for r in store.read(_POSTING_FAMILY_Q, limit=None):
        if r["posting"] in postings:
            postings[r["posting"]]["families"].add(family_of(r["code"]))
    groups = sorted(store.read(_GROUPS_Q, limit=None), key=lambda r: r["id"])
    fams: dict[str, set[str]] = {}
    for r in store.read(_GROUP_FAMILY_Q, limit=None):
        fams.setdefault(r["gid"], set()).add(family_of(r["code"]))
    sectors: dict[str, str] = {}
    for r in sorted(store.read(_SECTOR_Q, limit=None), key=lambda r: (r["role"] != "lead", r["sector"] or "")):
        sectors.setdefault(r["gid"], r["sector"] or "?")
    by_prov: dict[str, set[str]] = {}
    for r in store.read(_FIRMS_LOCATED_Q, limit=None):
        by_prov.setdefault(r["province"] or region_parts(r["region"] or "")[0], set()).add(r["firm"])
    names = {family_of(r["code"]): r["name"] for r in store.read(
        "MATCH (o:Occupation) WHERE o.level = '小类' RETURN o.code AS code, o.name AS name", limit=None)}
    own: dict[str, set[str]] = {}
    psrc: dict[str, set[str]] = {}
    posts_of: dict[str, set[str]] = {}
    listed: set[str] = set()
    for r in store.read(_FIRM_SOURCES_Q, limit=None):
        own[r["firm"]] = {r["source"], *(r["sources"] or [])} - {None}
        if r["listed"] or r["tags"]:
            listed.add(r["firm"])
        psrc.setdefault(r["firm"], set()).add(r["psource"])
        posts_of.setdefault(r["firm"], set()).add(r["posting"])
    only = {f: posts_of[f] for f in own if own[f] <= psrc[f] and f not in listed}
    return Data(postings, groups, fams, sectors, by_prov, names, only)


def split(data: Data, how: str = "posting", seed: int = 0) -> frozenset:
    """The held-out posting ids: ``posting`` = a seeded half; ``time`` = the later half by year (postings
    without a year stay in-sample)."""
    if how == "posting":
        return frozenset(p for p in data.postings if _half(p, seed))
    if how == "time":
        dated = sorted((d["year"], d["date"], p) for p, d in data.postings.items() if d["year"] is not None)
        return frozenset(p for _, _, p in dated[len(dated) // 2:])
    raise ValueError(f"unknown split {how!r}: posting | time")


def relevant_firms(data: Data, heldout: frozenset, group: dict) -> dict[str, set[str]]:
    """family → firms with a held-out posting of that family in the group's province."""
    fams = data.group_families.get(group["id"], set())
    out: dict[str, set[str]] = {}
    for p in heldout:
        d = data.postings[p]
        if d["province"] != group["province"]:
            continue
        for f in d["families"] & fams:
            out.setdefault(f, set()).add(d["firm"])
    return out


def hit_at(ranked: list[str], rel: set[str], k: int = K) -> float:
    """Share of the first ``k`` slots holding a relevant firm (empty slots count as misses)."""
    return sum(1 for f in ranked[:k] if f in rel) / k


def ndcg_at(ranked: list[str], rel: set[str], k: int = K) -> float:
    """NDCG@k with binary gain."""
    dcg = sum(1 / math.log2(i + 2) for i, f in enumerate(ranked[:k]) if f in rel)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(rel))))
    return dcg / ideal if ideal else 0.0


def v0_order(prep: sg.Prepared) -> list[str]:
    """The previous formula on the same candidates and view: step values (industry fit × confidence;
    demand log(1+x)/log(11) without recency; same city 1 / same province 0.5 from the firm's own Region
    only; tags 1 / 0.6), weights 0.30/0.25/0.15/0.15/0.10/0.05, equal scores listed by name."""
    w = {"industry": 0.30, "demand": 0.25, "proximity": 0.15, "ties": 0.15, "research": 0.10, "tags": 0.05}
    c = prep.group.college
    rows = []
    for cd in prep.cands.values():
        if cd.evidence.get("outside"):
            continue  # the previous formula searched the scope only
        v = dict(cd.values)
        old = {ch: ps for ch, ps in cd.demand.items() if ch in ("post", "occupation", "skill")}
        if v["industry"] < sg.MIN_INDUSTRY_MATCH * 0.5 and not old and not v["ties"] and not v["research"]:
            continue  # not a candidate of the previous version (it only hires in scope)
        x = sum(sg.CHANNEL_WEIGHT[ch] * len(ps) for ch, ps in old.items())
        v["demand"] = min(1.0, math.log1p(x) / math.log1p(10)) if x else 0.0
        v["proximity"] = max([1.0 if c.region and r_ == c.region else 0.5 if p_ == c.province else 0.0
                              for r_, (p_, _) in cd.located.items()] or [0.0])
        quality = any(q in t for t in cd.tags for q in sg.QUALITY_TAGS)
        v["tags"] = 1.0 if quality else 0.6 if cd.listed_code else 0.0
        score = round(sum(round(w[k] * v[k], 4) for k in w), 4)
        rows.append((-score, cd.name or cd.id, cd.id))
    return [fid for *_, fid in sorted(rows)]


def ordered(prep: sg.Prepared, weights: dict[str, float], channel_weight: dict[str, float] | None = None,
            order=None) -> list[str]:
    return [cd.id for cd, _, _ in sg.rank(prep, weights, channel_weight, order)]


@dataclass
class _GroupCase:
    group: dict
    prep: sg.Prepared
    rel: dict[str, set[str]]
    busiest: list[str]
    region_firms: list[str]
    family_counts: dict[str, int] = field(default_factory=dict)  # firm → visible postings of the group's families
    volume: dict[str, int] = field(default_factory=dict)  # firm → visible postings in the province
    narrow: sg.Prepared | None = None  # the province's candidates only (no widening: before session 11)
    gone: frozenset = frozenset()  # firms known only from hidden postings: unknown to the scorer


def _cases(store, data: Data, heldout: frozenset, view_name: str, hide: frozenset | None = None) -> list[_GroupCase]:
    """One case per group with a relevant firm in ``heldout``; the scorer sees neither ``heldout`` nor ``hide``."""
    hide = heldout if hide is None else hide | heldout
    gone = data.hidden_firms(hide)
    view = sg.PostingView(hide, view_name, gone)
    visible_by_prov: dict[str, dict[str, int]] = {}
    fam_by_prov: dict[str, dict[str, dict[str, int]]] = {}  # province → family → firm → visible postings
    for p, d in data.postings.items():
        if p not in hide:
            cnt = visible_by_prov.setdefault(d["province"], {})
            cnt[d["firm"]] = cnt.get(d["firm"], 0) + 1
            for fam in d["families"]:
                fc = fam_by_prov.setdefault(d["province"], {}).setdefault(fam, {})
                fc[d["firm"]] = fc.get(d["firm"], 0) + 1
    out = []
    for grp in data.groups:
        rel = relevant_firms(data, heldout, grp)
        if not rel or not grp["province"]:
            continue
        g = resolve.Group(grp["id"], grp["name"], resolve.College(grp["college"], grp["college_name"],
                                                                  grp["province"], grp["city"], grp["region"]))
        prep = sg.prepare(store, g, grp["province"], view=view)
        cnt = visible_by_prov.get(grp["province"], {})
        busiest = sorted(cnt, key=lambda f: (-cnt[f], f))
        region_firms = sorted((data.firms_by_province.get(grp["province"], set()) | set(cnt)) - gone)
        fcnt: dict[str, int] = {}
        by_fam = fam_by_prov.get(grp["province"], {})
        for fam in data.group_families.get(grp["id"], set()):
            for f, n in by_fam.get(fam, {}).items():
                fcnt[f] = fcnt.get(f, 0) + n
        narrow = sg.prepare(store, g, grp["province"], view=view, widen=False)
        out.append(_GroupCase(grp, prep, rel, busiest, region_firms, fcnt, cnt, narrow, gone))
    return out


def family_busiest(case: _GroupCase, smoothing: float = 0.0) -> list[str]:
    """Diagnostic ranking: firms by their visible postings of the group's families (occupation 小类 of
    the majors' occupations and posts) in the province, ``+ smoothing × all their postings there``;
    equal counts by volume, then id. Reads the same family links as the relevance, so it bounds what
    a demand-led product can reach with these families."""
    fc, vol = case.family_counts, case.volume
    firms = set(fc) | (set(vol) if smoothing else set())
    return sorted(firms, key=lambda f: (-(fc.get(f, 0) + smoothing * vol.get(f, 0)), -vol.get(f, 0), f))


def oracle(case: _GroupCase, known) -> list[str]:
    """Ceiling, not a ranking anyone can compute: the firms of ``known`` that post in the held-out half, by the
    number of the group's families they post there (the best single list for the mean hit@10 over the group's
    pairs), equal counts by id. With ``known`` = every firm the graph holds apart from those known only from
    held-out postings, it bounds what any ranking of in-sample knowledge can reach; with the product's own
    candidates it bounds the product's order."""
    known = set(known)
    n = {f: sum(1 for rel in case.rel.values() if f in rel) for f in known}
    return sorted((f for f in known if n[f]), key=lambda f: (-n[f], f))


def _score(cases: list[_GroupCase], order_of) -> dict:
    hits, ndcgs, per = [], [], []
    for case in cases:
        ranked = order_of(case)
        for fam, rel in sorted(case.rel.items()):
            h, n = hit_at(ranked, rel), ndcg_at(ranked, rel)
            hits.append(h)
            ndcgs.append(n)
            per.append((case.group["id"], fam, h, n))
    return {"hit@10": _mean(hits), "ndcg@10": _mean(ndcgs), "pairs": len(hits), "per_pair": per}


def _mean(xs) -> float:
    return round(statistics.fmean(xs), 4) if xs else 0.0


def _random_order(case: _GroupCase, seed: int) -> list[str]:
    rng = random.Random(f"{seed}:{case.group['id']}")
    firms = case.region_firms
    return rng.sample(firms, min(K, len(firms)))


def evaluate(store, *, how: str = "posting", seed: int = 0, weights: dict[str, float] | None = None,
             data: Data | None = None, random_seeds: int = RANDOM_SEEDS, heldout: frozenset | None = None,
             channel_weight: dict[str, float] | None = None) -> dict:
    """hit@10, NDCG@10 and coverage of the product and its baselines/ablations on one split (see the module
    docstring). Returns a JSON-ready dict: ``rows`` (name, hit@10, ndcg@10, pairs), ``sectors``,
    ``coverage`` and the split's sizes. ``heldout`` replaces the split (tests)."""
    data = data or read_data(store)
    weights = dict(sg.WEIGHTS if weights is None else weights)
    heldout = split(data, how, seed) if heldout is None else frozenset(heldout)
    cases = _cases(store, data, heldout, f"eval-{how}-{seed}")
    rankers = {
        "product": lambda c: ordered(c.prep, weights, channel_weight),
        "product of session 10 (province only, its tie order)": lambda c: ordered(c.narrow or c.prep, weights,
                                                                                  channel_weight, tie_break_s10),
        "v0 (previous formula)": lambda c: v0_order(c.prep),
        "busiest employers": lambda c: c.busiest,
        "family-busiest (diagnostic)": lambda c: family_busiest(c),
        "family-busiest + 0.1 × volume (diagnostic)": lambda c: family_busiest(c, 0.1),
        "industry only": lambda c: [cd.id for cd in sorted(c.prep.cands.values(), key=lambda cd: (
            bool(cd.evidence.get("outside")), -cd.values["industry"], cd.id))],
    }
    rankers[ORACLE_KNOWN] = lambda c: oracle(c, set().union(*c.rel.values()) - c.gone)
    rankers[ORACLE_CANDIDATES] = lambda c: oracle(c, ordered(c.prep, weights, channel_weight))
    for part in sg.PARTS:
        rankers[f"product without {part}"] = (lambda p: lambda c: ordered(c.prep, {**weights, p: 0.0},
                                                                          channel_weight))(part)
    results = {name: _score(cases, fn) for name, fn in rankers.items()}
    # where demand cannot fill the list: the pairs of groups with fewer than K candidates that posted the group's
    # job families in scope (in-sample) — there the other parts order most of the top 10 (session 11)
    sparse = {c.group["id"] for c in cases if sum(1 for cd, _, _ in sg.rank(c.prep) if not cd.evidence.get("outside")
                                                   and (cd.evidence.get("propensity") or {}).get("family_here")) < K}
    rnd = [_score(cases, lambda c, s=s: _random_order(c, s)) for s in range(random_seeds)]
    results["random firm of the region"] = {
        "hit@10": _mean([r["hit@10"] for r in rnd]), "ndcg@10": _mean([r["ndcg@10"] for r in rnd]),
        "pairs": rnd[0]["pairs"] if rnd else 0,
        "per_pair": [(g, f, _mean([r["per_pair"][i][2] for r in rnd]), _mean([r["per_pair"][i][3] for r in rnd]))
                     for i, (g, f, _, _) in enumerate(rnd[0]["per_pair"])] if rnd else []}
    sector_of = {c.group["id"]: data.sectors.get(c.group["id"], "?") for c in cases}
    sectors: dict[str, dict] = {}
    for name in ("product", "v0 (previous formula)", "busiest employers", "random firm of the region",
                 "industry only", "family-busiest (diagnostic)", ORACLE_KNOWN):
        for gid, fam, h, n in results[name]["per_pair"]:
            s = sectors.setdefault(sector_of[gid], {}).setdefault(name, [])
            s.append(h)
    sector_rows = []
    for sec, by in sorted(sectors.items()):
        prod, busy, rnd_ = _mean(by["product"]), _mean(by["busiest employers"]), _mean(by["random firm of the region"])
        sector_rows.append({"sector": sec, "pairs": len(by["product"]), "product": prod,
                            "v0": _mean(by["v0 (previous formula)"]), "busiest": busy, "random": rnd_,
                            "industry only": _mean(by["industry only"]),
                            "family-busiest": _mean(by["family-busiest (diagnostic)"]),
                            "ceiling": _mean(by[ORACLE_KNOWN]),
                            "x busiest": round(prod / busy, 2) if busy else None,
                            "x random": round(prod / rnd_, 2) if rnd_ else None})
    n_groups = len(data.groups)
    rows = [{"ranking": name, "hit@10": r["hit@10"], "ndcg@10": r["ndcg@10"], "pairs": r["pairs"]}
            for name, r in results.items()]
    sparse_rows = []
    for name, r in results.items():
        sub = [(h, n) for gid, _, h, n in r["per_pair"] if gid in sparse]
        sparse_rows.append({"ranking": name, "hit@10": _mean([h for h, _ in sub]), "ndcg@10": _mean([n for _, n in sub]),
                            "pairs": len(sub)})
    return {"split": how, "seed": seed, "weights": weights,
            "channel_weight": dict(sg.CHANNEL_WEIGHT if channel_weight is None else channel_weight),
            "postings": len(data.postings),
            "heldout": len(heldout), "groups": n_groups, "groups_evaluable": len(cases),
            "coverage": round(len(cases) / n_groups, 4) if n_groups else 0.0,
            "pairs": results["product"]["pairs"], "rows": rows, "sectors": sector_rows,
            "sparse_groups": len(sparse), "sparse_rows": sparse_rows,
            "per_pair": [{"group": g, "family": f, "family_name": data.family_names.get(f, ""),
                          "hit@10": h, "ndcg@10": n} for g, f, h, n in results["product"]["per_pair"]]}


def seeds_summary(store, seeds=range(5), *, data: Data | None = None, random_seeds: int = RANDOM_SEEDS,
                  weights: dict[str, float] | None = None, channel_weight: dict[str, float] | None = None) -> dict:
    """The ``posting`` view over several split seeds: mean ± sd of hit@10 / NDCG@10 per ranking and of
    hit@10 per sector (product, busiest, random, family-busiest), so no decision rests on one seed."""
    data = data or read_data(store)
    runs = [evaluate(store, how="posting", seed=s, data=data, random_seeds=random_seeds, weights=weights,
                     channel_weight=channel_weight) for s in seeds]

    def ms(xs):
        xs = [x for x in xs if x is not None]
        return {"mean": _mean(xs), "sd": round(statistics.stdev(xs), 4) if len(xs) > 1 else 0.0, "n": len(xs)}

    rows = [{"ranking": r["ranking"], "hit@10": ms([run_["rows"][i]["hit@10"] for run_ in runs]),
             "ndcg@10": ms([run_["rows"][i]["ndcg@10"] for run_ in runs]),
             "pairs": ms([run_["rows"][i]["pairs"] for run_ in runs])} for i, r in enumerate(runs[0]["rows"])]
    sparse = [{"ranking": r["ranking"], "hit@10": ms([run_["sparse_rows"][i]["hit@10"] for run_ in runs]),
               "ndcg@10": ms([run_["sparse_rows"][i]["ndcg@10"] for run_ in runs]),
               "pairs": ms([run_["sparse_rows"][i]["pairs"] for run_ in runs])}
              for i, r in enumerate(runs[0].get("sparse_rows") or [])]
    sectors: dict[str, dict[str, list]] = {}
    for run_ in runs:
        for srow in run_["sectors"]:
            by = sectors.setdefault(srow["sector"], {})
            for k in ("pairs", "product", "busiest", "random", "family-busiest"):
                by.setdefault(k, []).append(srow[k])
    sector_rows = [{"sector": sec, **{k: ms(v) for k, v in by.items()}} for sec, by in sorted(sectors.items())]
    return {"seeds": list(seeds), "rows": rows, "sectors": sector_rows, "sparse_rows": sparse,
            "weights": runs[0]["weights"], "channel_weight": runs[0]["channel_weight"]}


def markdown_seeds(summary: dict) -> str:
    """The tables of :func:`seeds_summary` (mean ± sd over the seeds)."""
    f = lambda m: f"{m['mean']:.4f} ± {m['sd']:.4f}"  # noqa: E731
    lines = [f"### Split by posting, seeds {summary['seeds'][0]}–{summary['seeds'][-1]} (mean ± sd)", "",
             "| ranking | hit@10 | NDCG@10 | pairs |", "|---|---:|---:|---:|"]
    lines += [f"| {r['ranking']} | {f(r['hit@10'])} | {f(r['ndcg@10'])} | {r['pairs']['mean']:.0f} |"
              for r in summary["rows"]]
    if summary.get("sparse_rows"):
        lines += ["", "Pairs where demand cannot fill the top 10 (groups with fewer than 10 in-sample family employers in "
                  "the province; mean ± sd over the seeds)", "", "| ranking | hit@10 | NDCG@10 | pairs |",
                  "|---|---:|---:|---:|"]
        lines += [f"| {r['ranking']} | {f(r['hit@10'])} | {f(r['ndcg@10'])} | {r['pairs']['mean']:.0f} |"
                  for r in summary["sparse_rows"]]
    lines += ["", "| sector | pairs | product | busiest | random | family-busiest | seeds |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {s['sector']} | {s['pairs']['mean']:.1f} | {f(s['product'])} | {f(s['busiest'])} | "
              f"{f(s['random'])} | {f(s['family-busiest'])} | {s['product']['n']} |" for s in summary["sectors"]]
    return "\n".join(lines) + "\n"


def _inner_cases(store, data: Data, seed: int) -> list[_GroupCase]:
    """The fit's cases: the in-sample half of split ``seed`` split again; the scorer sees the inner in-sample
    quarter, relevance comes from the inner held-out quarter; the outer held-out half is hidden too."""
    outer = split(data, "posting", seed)
    inner_held = frozenset(p for p in data.postings if p not in outer and _half(p, seed, "inner"))
    inner = Data({p: d for p, d in data.postings.items() if p not in outer}, data.groups, data.group_families,
                 data.sectors, data.firms_by_province, data.family_names, data.posting_only_firms)
    return _cases(store, inner, inner_held, f"fit-{seed}", hide=outer)


def fit_propensity(store, *, seed: int = 0, data: Data | None = None, cases: list[_GroupCase] | None = None) -> dict:
    """The coefficients of the demand part (:data:`queries.suggest.PROPENSITY`), fitted on the in-sample half
    only (inner split as :func:`fit_weights`): one row per (group, candidate firm) with its three visible
    posting counts (:data:`~queries.suggest.PROPENSITY_FEATURES`, as log(1 + count)), label = the firm posts
    one of the group's families in the province in the inner held-out quarter; a logistic regression
    (scikit-learn, L2, C = 1). Returns ``{"propensity": {intercept, family_here, …}, "rows", "positives"}``."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    cases = cases if cases is not None else _inner_cases(store, data or read_data(store), seed)
    X, y = [], []
    for c in cases:
        rel = set().union(*c.rel.values())
        for cd in c.prep.cands.values():
            f = cd.evidence.get("propensity") or {}
            X.append([math.log1p(f.get(k, 0)) for k in sg.PROPENSITY_FEATURES])
            y.append(cd.id in rel)
    if len(set(y)) < 2:
        return {"propensity": dict(sg.PROPENSITY), "rows": len(y), "positives": int(sum(y)),
                "note": "one class only: the current coefficients are kept"}
    model = LogisticRegression(C=1.0, max_iter=2000).fit(np.array(X), np.array(y))
    coef = {"intercept": round(float(model.intercept_[0]), 3),
            **{k: round(float(b), 3) for k, b in zip(sg.PROPENSITY_FEATURES, model.coef_[0])}}
    return {"propensity": coef, "rows": len(y), "positives": int(sum(y))}


def fit_logistic(store, *, seed: int = 0, data: Data | None = None, cases: list[_GroupCase] | None = None) -> dict:
    """Weights from a logistic regression on the in-sample half only (inner split as :func:`fit_weights`):
    one row per (group, candidate firm), features = the part values of :data:`FITTED_PARTS` (0–1), label =
    the firm posts one of the group's families in the province in the inner held-out quarter. Negative
    coefficients become 0; the rest are scaled to the fitted parts' share (ties and research keep theirs),
    so the score stays a weighted sum of the same parts. Returns weights, coefficients and the inner objective
    (hit@10 + NDCG@10), comparable with :func:`fit_weights`'."""
    from sklearn.linear_model import LogisticRegression

    cases = cases if cases is not None else _inner_cases(store, data or read_data(store), seed)
    X, y = [], []
    for c in cases:
        rel = set().union(*c.rel.values())
        for cd in c.prep.cands.values():
            X.append([cd.values[k] for k in FITTED_PARTS])
            y.append(cd.id in rel)
    if len(set(y)) < 2:  # nothing (or everything) hires in the inner held-out quarter: nothing to fit
        r = _score(cases, lambda c: ordered(c.prep, sg.WEIGHTS))
        return {"weights": dict(sg.WEIGHTS), "coefficients": {}, "rows": len(y), "positives": int(sum(y)),
                "objective": round(r["hit@10"] + r["ndcg@10"], 4), "pairs": r["pairs"],
                "note": "one class only: the current weights are kept"}
    model = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced").fit(X, y)
    coef = {k: round(float(b), 4) for k, b in zip(FITTED_PARTS, model.coef_[0])}
    fixed = sum(v for k, v in sg.WEIGHTS.items() if k not in FITTED_PARTS)
    pos = {k: max(0.0, b) for k, b in coef.items()}
    tot = sum(pos.values()) or 1.0
    w = {k: (round(pos[k] / tot * (1 - fixed), 4) if k in FITTED_PARTS else v) for k, v in sg.WEIGHTS.items()}
    w[max(FITTED_PARTS, key=lambda k: w[k])] += round(1.0 - sum(w.values()), 4)
    w = {k: round(v, 4) for k, v in w.items()}
    r = _score(cases, lambda c: ordered(c.prep, w))
    return {"weights": w, "coefficients": coef, "rows": len(y), "positives": int(sum(y)),
            "objective": round(r["hit@10"] + r["ndcg@10"], 4), "pairs": r["pairs"]}


def fit_weights(store, *, seed: int = 0, data: Data | None = None, rounds: int = 3,
                start: dict[str, float] | None = None, cases: list[_GroupCase] | None = None) -> dict:
    """Weights chosen on the in-sample half only: the in-sample postings are split again (seeded), the
    scorer sees the inner in-sample part, the objective is mean hit@10 + NDCG@10 on the inner held-out
    part; coordinate search over :data:`FITTED_PARTS` on :data:`FIT_GRID` (the others keep their weight),
    renormalised to sum 1. Returns ``{"weights": …, "objective": …, "start_objective": …, "pairs": …}``."""
    cases = cases if cases is not None else _inner_cases(store, data or read_data(store), seed)
    cw = dict(sg.CHANNEL_WEIGHT)

    def objective(w: dict[str, float], ch: dict[str, float] | None = None) -> float:
        r = _score(cases, lambda c: ordered(c.prep, w, ch or cw))
        return r["hit@10"] + r["ndcg@10"]

    w = dict(start or sg.WEIGHTS)
    fixed = sum(v for k, v in w.items() if k not in FITTED_PARTS)

    def norm(x: dict[str, float]) -> dict[str, float]:
        free = sum(x[k] for k in FITTED_PARTS) or 1.0
        return {k: (round(x[k] / free * (1 - fixed), 4) if k in FITTED_PARTS else x[k]) for k in x}

    start_obj = best = objective(w)
    for _ in range(rounds):
        changed = False
        for part in FITTED_PARTS:
            for val in FIT_GRID:
                trial = norm({**w, part: val})
                o = objective(trial)
                if o > best + 1e-9:
                    best, w, changed = o, trial, True
        for ch in FITTED_CHANNELS:
            for val in CHANNEL_GRID:
                trial_cw = {**cw, ch: val}
                o = objective(w, trial_cw)
                if o > best + 1e-9:
                    best, cw, changed = o, trial_cw, True
        if not changed:
            break
    # make the weights sum to exactly 1 after rounding
    w[max(FITTED_PARTS, key=lambda k: w[k])] += round(1.0 - sum(w.values()), 4)
    w = {k: round(v, 4) for k, v in w.items()}
    return {"weights": w, "channel_weight": cw, "objective": round(best, 4), "start_objective": round(start_obj, 4),
            "pairs": sum(len(c.rel) for c in cases)}


def tie_break_s10(cd: sg.Candidate) -> tuple:
    """The session-10 order of equal scores (demand, industry fit, volume, standing, place, then the id) — the
    *before* of :func:`distinct_scores`' tie count: today's :func:`queries.suggest.tie_break` keeps those five
    keys first and added the rest after them."""
    return (*sg.tie_break(cd)[:5], cd.id)


def distinct_scores(store, k: int = K, *, widen: bool = True, tie_break=None) -> dict:
    """Over every 双高 group with candidates in its province: mean number of distinct scores in the top
    ``k``, and how many adjacent equal scores in a top ``k`` were settled by the firm id alone (every
    piece of evidence ``tie_break`` reads equal) — the name is never used. ``widen=False``: the province's own
    candidates only (before session 11); the mean is also given over the groups that have candidates there."""
    tie_break = tie_break or sg.tie_break
    groups = sorted(store.read(_GROUPS_Q, limit=None), key=lambda r: r["id"])
    distinct, full, share, by_id, with_cands, in_scope = [], [], [], 0, 0, []
    for grp in groups:
        if not grp["province"]:
            continue
        g = resolve.Group(grp["id"], grp["name"], resolve.College(grp["college"], grp["college_name"],
                                                                  grp["province"], grp["city"], grp["region"]))
        every = sg.rank(sg.prepare(store, g, grp["province"], widen=widen))
        ranked = every[:k]
        if not ranked:
            continue
        with_cands += 1
        distinct.append(len({s for _, _, s in ranked}))
        share.append(distinct[-1] / len(ranked))
        if any(not cd.evidence.get("outside") for cd, _, _ in every):
            in_scope.append(distinct[-1])
        if len(every) >= k:
            full.append(distinct[-1])
        for (a, _, sa), (b, _, sb) in zip(ranked, ranked[1:]):
            if sa == sb and tie_break(a)[:-1] == tie_break(b)[:-1]:
                by_id += 1
    return {"groups_with_candidates": with_cands, "mean_distinct_in_top10": _mean(distinct),
            "groups_with_10_candidates": len(full), "mean_distinct_when_10_candidates": _mean(full),
            "groups_with_candidates_in_province": len(in_scope),
            "mean_distinct_groups_with_candidates_in_province": _mean(in_scope),
            "mean_distinct_share": _mean(share), "ties_settled_by_id_only": by_id}


def run(store, *, seed: int = 0, fit: bool = False, random_seeds: int = RANDOM_SEEDS) -> dict:
    """Everything ``kg eval suggest`` prints: both split views, the distinct-score check and, with ``fit``,
    the weights fitted on the in-sample half (evaluated beside the current ones)."""
    data = read_data(store)
    if not data.postings or not data.groups:
        raise LookupError("nothing to evaluate: the graph has "
                          + ("no job postings placed in a Region (POSTED + LOCATED_IN)" if not data.postings
                             else "no professional groups") + " — load the reference data first (scripts/load-all.sh)")
    out = {"k": K, "family_level": "occupation 小类", "views": {}}
    for how in ("posting", "time"):
        out["views"][how] = evaluate(store, how=how, seed=seed, data=data, random_seeds=random_seeds)
    if fit:
        inner = _inner_cases(store, data, seed)
        f = fit_weights(store, seed=seed, data=data, cases=inner)
        f["propensity"] = fit_propensity(store, seed=seed, cases=inner)
        f["logistic"] = fit_logistic(store, seed=seed, cases=inner)
        f["logistic"]["evaluation"] = evaluate(store, how="posting", seed=seed, data=data,
                                               weights=f["logistic"]["weights"], random_seeds=random_seeds)["rows"][0]
        f["evaluation"] = evaluate(store, how="posting", seed=seed, data=data, weights=f["weights"],
                                   channel_weight=f["channel_weight"], random_seeds=random_seeds)["rows"][0]
        out["fit"] = f
    out["distinct"] = distinct_scores(store)
    out["distinct_before"] = distinct_scores(store, widen=False, tie_break=tie_break_s10)
    return out


def markdown(result: dict) -> str:
    """The tables of :func:`run` in BENCHMARKS.md style."""
    lines = []
    for how, r in result["views"].items():
        lines += [f"### Split by {how} (seed {r['seed']}): {r['postings']} placed postings, {r['heldout']} held out; "
                  f"{r['groups_evaluable']}/{r['groups']} groups evaluable (coverage {r['coverage']:.1%}), "
                  f"{r['pairs']} (group, family) pairs", "",
                  "| ranking | hit@10 | NDCG@10 | pairs |", "|---|---:|---:|---:|"]
        lines += [f"| {x['ranking']} | {x['hit@10']:.4f} | {x['ndcg@10']:.4f} | {x['pairs']} |" for x in r["rows"]]
        if r["sectors"]:
            lines += ["", "| sector (lead major's 大类) | pairs | product | v0 | busiest | random | industry only "
                      "| × busiest | × random | ceiling (oracle) |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
            lines += [f"| {s['sector']} | {s['pairs']} | {s['product']:.4f} | {s['v0']:.4f} | {s['busiest']:.4f} | "
                      f"{s['random']:.4f} | {s['industry only']:.4f} | {s['x busiest'] if s['x busiest'] is not None else '–'} | "
                      f"{s['x random'] if s['x random'] is not None else '–'} | {s.get('ceiling', 0.0):.4f} |"
                      for s in r["sectors"]]
        if r.get("sparse_rows") and r["sparse_rows"][0]["pairs"]:
            lines += ["", f"Pairs where demand cannot fill the top 10 ({r['sparse_groups']} groups with fewer than {K} "
                      f"candidates that posted the group's job families in the province, in-sample): the other parts "
                      f"order the rest of the list", "", "| ranking | hit@10 | NDCG@10 | pairs |", "|---|---:|---:|---:|"]
            lines += [f"| {x['ranking']} | {x['hit@10']:.4f} | {x['ndcg@10']:.4f} | {x['pairs']} |"
                      for x in r["sparse_rows"]]
        lines.append("")
    if "fit" in result:
        f = result["fit"]
        lines += ["### Weights fitted on the in-sample half (inner split)", "",
                  f"objective (hit@10 + NDCG@10 on the inner held-out part): {f['start_objective']} → {f['objective']} "
                  f"over {f['pairs']} pairs; weights {f['weights']}; channels {f['channel_weight']}; on the outer held-out half: "
                  f"hit@10 {f['evaluation']['hit@10']}, NDCG@10 {f['evaluation']['ndcg@10']}", ""]
        if "propensity" in f:
            pr = f["propensity"]
            lines += [f"Demand part (hiring propensity) refitted on the same inner split ({pr['rows']} (group, firm) rows, "
                      f"{pr['positives']} hiring): {pr['propensity']} (shipped: {sg.PROPENSITY})", ""]
        if "logistic" in f:
            lg = f["logistic"]
            lines += [f"Logistic regression on the same inner split ({lg['rows']} (group, firm) rows, {lg['positives']} "
                      f"hiring): coefficients {lg['coefficients']}; weights {lg['weights']}; inner objective "
                      f"{lg['objective']}; on the outer held-out half: hit@10 {lg['evaluation']['hit@10']}, "
                      f"NDCG@10 {lg['evaluation']['ndcg@10']}", ""]
    lines += ["### Distinct scores (every 双高 group, all postings visible)", ""]
    for key, label in (("distinct_before", "before: the province's candidates only, session-10 tie-break"),
                       ("distinct", "after: widened below 10 candidates, evidence tie-break")):
        if key not in result:
            continue
        d = result[key]
        lines += [f"{label} — {d['groups_with_candidates']} groups with candidates; mean distinct scores in a top 10: "
                  f"**{d['mean_distinct_in_top10']}** ({d.get('mean_distinct_groups_with_candidates_in_province')} over "
                  f"the {d.get('groups_with_candidates_in_province')} groups with candidates in their province; "
                  f"{d['mean_distinct_when_10_candidates']} over the {d['groups_with_10_candidates']} groups with ≥ 10 "
                  f"candidates; distinct share of the listed rows {d['mean_distinct_share']}); adjacent equal scores "
                  f"settled by the firm id alone (all evidence equal; never the name): {d['ties_settled_by_id_only']}", ""]
    return "\n".join(lines)
