"""Network analytics over projections of the graph, computed with networkx.

Each function reads one projection with a single parameterised query, builds a ``networkx`` graph and
returns a :class:`queries.results.Table`. Results are deterministic (sorted inputs, fixed seeds), so both stores agree.

* :func:`central_firms` — key firms and industries of a region by PageRank on the firm–industry–post
  –college projection;
* :func:`major_communities` — communities (Louvain) of majors that share posts and skills;
* :func:`bridging_colleges` — colleges that bridge otherwise separate parts of the college network
  (colleges linked by shared industries and partner firms), by betweenness centrality.
"""
from __future__ import annotations

import networkx as nx

from queries.common import IN_SCOPE
from queries import cache, resolve
from queries import industry as ind
from queries.results import Table, table


CENTRAL_KEEP = 500  # ranks kept per kind in the precomputed result (``top`` is cut from it)

# ids and weights only, one row per firm (names are read for the ranked nodes afterwards): at province
# scale the projection has ~140k edges, and every row and value returned costs its conversion into Python
_PROJECTION_QS = {
    "Industry": f"""
MATCH (f:Firm)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
MATCH (f)-[:IN_INDUSTRY]->(i:Industry)
RETURN f.id AS a, collect(i.code) AS bs
""",
    "Post": f"""
MATCH (f:Firm)-[:POSTED]->(j:JobPosting)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
MATCH (j)-[:FOR_POST]->(p:Post)
WITH f, p, count(j) AS w
RETURN f.id AS a, collect(p.id) AS bs, collect(w) AS ws
""",
    "Partner": f"""
MATCH (f:Firm)-[:PARTNERS_WITH]->(x)
MATCH (f)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
RETURN f.id AS a, collect(coalesce(x.moe_code, x.id)) AS bs
""",
}

_FIRM_NAMES_Q = """
UNWIND $firms AS fid
MATCH (f:Firm {id: fid})
RETURN f.id AS id, f.name AS name
"""


def central_firms(store, region: str | None = None, *, top: int = 20) -> Table:
    """Key firms and industries of a region by PageRank.

    Inputs: ``region`` (province/city; empty = everywhere), ``top`` (rows per kind).

    Projection: an undirected weighted graph of firms located in the region, their industries
    (IN_INDUSTRY), the posts of their job postings in the region (FOR_POST, weight = postings) and
    the colleges/groups they partner with. A firm is central when it links busy industries, posts in
    demand and education partners; an industry when many well-connected firms are in it.

    Output columns: ``kind`` (Firm / Industry), ``key``, ``name``, ``pagerank``, ``degree``, ``rank``
    (within its kind); ``meta``: ``region``, ``nodes``, ``edges`` (of the projection).

    Example::

        >>> central_firms(store, "广东省", top=10)
    """
    reg = resolve.region(store, region)
    res = cache.memo(store, ("central_firms", reg.id if reg else ""), lambda: _central(store, reg))
    return res.with_rows(res.rows[res.rows["rank"] <= top].reset_index(drop=True))


def pagerank(n: int, src: "np.ndarray", dst: "np.ndarray", w: "np.ndarray", *, alpha: float = 0.85,
             max_iter: int = 200, tol: float = 1e-10) -> "np.ndarray":
    """PageRank of an undirected weighted graph given as edges (``src[k]``–``dst[k]``, weight ``w[k]``;
    each edge once, no self-loops) over nodes ``0..n-1`` — the computation of ``networkx.pagerank``
    (uniform personalization and dangling weights, l1 convergence test ``err < n·tol``) on a scipy
    matrix built directly, without a networkx graph."""
    import numpy as np
    from scipy import sparse

    a = sparse.csr_array((np.concatenate([w, w]), (np.concatenate([src, dst]), np.concatenate([dst, src]))),
                         shape=(n, n), dtype=float)
    s_ = np.asarray(a.sum(axis=1)).ravel()
    inv = np.zeros(n)
    inv[s_ != 0] = 1.0 / s_[s_ != 0]
    a = sparse.dia_array((inv[np.newaxis, :], 0), shape=(n, n)).tocsr() @ a
    x = np.repeat(1.0 / n, n)
    p = np.repeat(1.0 / n, n)
    dangling = np.where(s_ == 0)[0]
    for _ in range(max_iter):
        last = x
        x = alpha * (x @ a + sum(x[dangling]) * p) + (1 - alpha) * p
        if np.absolute(x - last).sum() < n * tol:
            return x
    raise nx.PowerIterationFailedConvergence(max_iter)


def _central(store, reg) -> Table:
    import numpy as np

    edges: list[tuple[str, str, str, float]] = []  # (firm, label, key, weight)
    for label, q in _PROJECTION_QS.items():
        for r in store.read(q, {"scope": reg.id if reg else ""}, limit=None):
            ws = r.get("ws") or [1] * len(r["bs"])
            edges.extend((r["a"], label, b, float(w or 1)) for b, w in zip(r["bs"], ws))
    index: dict[tuple[str, str], int] = {}  # node → position, in order of first appearance
    weights: dict[tuple[int, int], float] = {}
    for a, label, b, w in sorted(edges, key=lambda e: (e[0], e[1], str(e[2]))):
        ia = index.setdefault(("Firm", a), len(index))
        ib = index.setdefault((label, b), len(index))
        weights[(ia, ib)] = weights.get((ia, ib), 0.0) + w
    cols = ["kind", "key", "name", "pagerank", "degree", "rank"]
    if not index:
        return table([], cols, ["no firms with industries in scope"], region=reg.id if reg else "全国")
    edges = np.array(list(weights), dtype=np.int64)
    pr = pagerank(len(index), edges[:, 0], edges[:, 1], np.array(list(weights.values()), dtype=float))
    degree = np.bincount(edges.ravel(), minlength=len(index))
    ranked = {}
    for kind in ("Firm", "Industry"):
        ranked[kind] = sorted((n for n in index if n[0] == kind),
                              key=lambda n: (-round(float(pr[index[n]]), 9), n[1]))[:CENTRAL_KEEP]
    names = {("Industry", k): v for k, v in ind.tree(store).names.items()}
    firms = [n[1] for n in ranked["Firm"]]
    names.update({("Firm", r["id"]): r["name"] for r in store.read(_FIRM_NAMES_Q, {"firms": firms}, limit=None)})
    out = []
    for kind in ("Firm", "Industry"):
        out += [{"kind": kind, "key": n[1], "name": names.get(n) or n[1], "pagerank": round(float(pr[index[n]]), 6),
                 "degree": int(degree[index[n]]), "rank": i} for i, n in enumerate(ranked[kind], 1)]
    return table(out, cols, [], region=reg.id if reg else "全国", nodes=len(index), edges=len(weights))


_MAJOR_FEATURES_Q = """
MATCH (m:Major)-[:TARGETS_POST]->(p:Post)
WHERE $level = '' OR m.level = $level
RETURN m.code AS major, m.name AS name, 'post' AS kind, collect(DISTINCT p.id) AS features
UNION ALL
MATCH (m:Major)-[:DEVELOPS]->(s:Skill)
WHERE $level = '' OR m.level = $level
RETURN m.code AS major, m.name AS name, 'skill' AS kind, collect(DISTINCT s.id) AS features
UNION ALL
MATCH (m:Major)-[:HAS_COURSE]->(:Course)-[:TEACHES]->(s:Skill)
WHERE $level = '' OR m.level = $level
RETURN m.code AS major, m.name AS name, 'skill' AS kind, collect(DISTINCT s.id) AS features
"""


def major_communities(store, *, level: str | None = None, min_weight: float = 0.1, resolution: float = 1.0,
                      seed: int = 42, max_feature_share: float = 0.1) -> Table:
    """Communities of majors that share posts and skills (Louvain, fixed seed).

    Inputs: ``level`` (中职/高职专科/高职本科; empty = all), ``min_weight`` (minimum Jaccard similarity
    of two majors' post+skill sets for an edge), ``resolution`` (Louvain: higher → smaller communities),
    ``seed``, ``max_feature_share`` (a post or skill shared by more than this share of the majors is
    too generic to tell them apart — e.g. an ability every profile lists — and is left out).

    The similarity matrix is computed sparsely (scipy: majors × features, ``M·Mᵀ``); networkx runs
    Louvain on the resulting weighted graph.

    Output columns: ``community`` (1 = largest), ``size``, ``code``, ``major``, ``shared`` (the posts
    and skills most common in the community, up to 5), ``degree`` (similar majors). Majors similar to
    no other major are left out (``meta["majors_without_community"]``; ``meta`` also counts
    ``communities``, ``majors``, ``features_used`` and ``features_too_generic``).

    Example::

        >>> major_communities(store, level="高职专科")
    """
    key = ("major_communities", level or "", float(min_weight), float(resolution), int(seed), float(max_feature_share))
    res = cache.memo(store, key, lambda: _communities(store, level, min_weight, resolution, seed, max_feature_share))
    return res.with_rows(res.rows.copy())


def _communities(store, level, min_weight, resolution, seed, max_feature_share) -> Table:
    import numpy as np
    from scipy import sparse

    rows = store.read(_MAJOR_FEATURES_Q, {"level": level or ""}, limit=None)
    names: dict[str, str] = {}
    pairs_mf: set[tuple[str, str]] = set()
    for r in rows:
        names[r["major"]] = r["name"] or r["major"]
        for x in r["features"] or []:
            pairs_mf.add((r["major"], f"{r['kind']}:{x}"))
    majors = sorted(names)
    cols = ["community", "size", "code", "major", "shared", "degree"]
    if not majors:
        return table([], cols, ["no majors with posts or skills"])
    m_idx = {m: i for i, m in enumerate(majors)}
    feats = sorted({f for _, f in pairs_mf})
    f_idx = {f: j for j, f in enumerate(feats)}
    ij = np.array([(m_idx[m], f_idx[f]) for m, f in pairs_mf], dtype=np.int64)  # a set: no duplicates
    mat = sparse.csr_matrix((np.ones(len(ij), dtype=np.int32), (ij[:, 0], ij[:, 1])), shape=(len(majors), len(feats)))
    share = np.asarray(mat.sum(axis=0)).ravel()
    keep = np.where((share >= 2) & (share <= max(2, max_feature_share * len(majors))))[0]
    mat = mat[:, keep]
    kept = [feats[j] for j in keep]
    sizes = np.asarray(mat.sum(axis=1)).ravel()
    inter = sparse.triu(mat @ mat.T, k=1).tocoo()
    g = nx.Graph()
    # Jaccard of every pair sharing a feature, vectorised; edges added in (a, b) order (Louvain's result
    # depends on the order it sees them)
    ra, rb, rn = inter.row.astype(np.int64), inter.col.astype(np.int64), inter.data.astype(np.int64)
    jac = rn / (sizes[ra] + sizes[rb] - rn)
    keep_e = np.nonzero(jac >= min_weight)[0]
    keep_e = keep_e[np.lexsort((rb[keep_e], ra[keep_e]))]
    g.add_weighted_edges_from((majors[a], majors[b], float(j))
                              for a, b, j in zip(ra[keep_e].tolist(), rb[keep_e].tolist(), jac[keep_e].tolist()))
    # majors similar to none are not a community; Louvain runs on the connected part only
    comms = nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=seed) if len(g) else []
    comms = sorted((sorted(c) for c in comms if len(c) > 1), key=lambda c: (-len(c), c[0]))
    out = []
    if comms:
        member = sparse.csr_matrix((np.ones(sum(len(c) for c in comms)),
                                    ([k for k, c in enumerate(comms) for _ in c],
                                     [m_idx[m] for c in comms for m in c])), shape=(len(comms), len(majors)))
        counts = (member @ mat).toarray()
    for k, members in enumerate(comms, 1):
        row = counts[k - 1]
        order = sorted(np.nonzero(row > 1)[0].tolist(), key=lambda j: (-row[j], kept[j]))[:5]
        shared = [kept[j].split(":", 1)[1] for j in order]
        out += [{"community": k, "size": len(members), "code": m, "major": names[m], "shared": shared,
                 "degree": g.degree(m)} for m in members]
    return table(out, cols, [] if comms else ["no two majors share enough posts or skills"], communities=len(comms),
                 majors=len(majors), majors_without_community=len(majors) - len(out), features_used=len(kept),
                 features_too_generic=int(np.sum(share > max(2, max_feature_share * len(majors)))))


_COLLEGE_LINKS_Q = f"""
MATCH (c:College)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
MATCH (c)<-[:BELONGS_TO]-(:ProfessionalGroup)-[:INCLUDES]->(:Major)-[:SERVES]->(i:Industry)
RETURN c.moe_code AS college, c.name AS name, 'industry' AS kind, i.code AS key
UNION ALL
MATCH (c:College)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
MATCH (c)<-[:PARTNERS_WITH]-(f:Firm)
RETURN c.moe_code AS college, c.name AS name, 'firm' AS kind, f.id AS key
UNION ALL
MATCH (c:College)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
MATCH (c)<-[:BELONGS_TO]-(:ProfessionalGroup)<-[:PARTNERS_WITH]-(f:Firm)
RETURN c.moe_code AS college, c.name AS name, 'firm' AS kind, f.id AS key
"""


def bridging_colleges(store, region: str | None = None, *, top: int = 20, firm_weight: float = 2.0) -> Table:
    """Colleges that bridge the college network of a region (betweenness centrality).

    Inputs: ``region`` (province/city; empty = everywhere), ``top``, ``firm_weight`` (a shared partner
    firm counts this many shared industries).

    Projection: colleges are linked when their groups' majors serve the same industries (each shared
    industry +1) or they share partner firms (+``firm_weight`` each). Edge distance = 1 / weight, so
    strong links are short. A college with high betweenness connects clusters that otherwise barely
    touch — a natural convenor for an inter-school group or a 市域产教联合体.

    Output columns: ``moe_code``, ``college``, ``betweenness``, ``degree``, ``shared_industries``,
    ``shared_firms``, ``rank``; ``meta``: ``region``, ``colleges`` (in the network).

    Example::

        >>> bridging_colleges(store, "江苏省")
    """
    reg = resolve.region(store, region)
    res = cache.memo(store, ("bridging_colleges", reg.id if reg else "", float(firm_weight)),
                     lambda: _bridging(store, reg, firm_weight))
    return res.with_rows(res.rows[res.rows["rank"] <= top].reset_index(drop=True))


def _bridging(store, reg, firm_weight: float) -> Table:
    rows = store.read(_COLLEGE_LINKS_Q, {"scope": reg.id if reg else ""}, limit=None)
    names: dict[str, str] = {}
    by_key: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        names[r["college"]] = r["name"] or r["college"]
        by_key.setdefault((r["kind"], r["key"]), set()).add(r["college"])
    g = nx.Graph()
    g.add_nodes_from(sorted(names))
    shared: dict[tuple[str, str], dict[str, int]] = {}
    for (kind, _), cols in sorted(by_key.items()):
        cs = sorted(cols)
        for i, a in enumerate(cs):
            for b in cs[i + 1:]:
                s = shared.setdefault((a, b), {"industry": 0, "firm": 0})
                s[kind] += 1
    for (a, b), s in sorted(shared.items()):
        w = s["industry"] + firm_weight * s["firm"]
        g.add_edge(a, b, weight=w, distance=1.0 / w)
    cols = ["moe_code", "college", "betweenness", "degree", "shared_industries", "shared_firms", "rank"]
    if g.number_of_nodes() == 0:
        return table([], cols, ["no colleges with industries or partners in scope"], region=reg.id if reg else "全国")
    bc = nx.betweenness_centrality(g, weight="distance", normalized=True)
    nodes = sorted(g, key=lambda n: (-round(bc[n], 9), -g.degree(n), n))
    out = [{"moe_code": n, "college": names[n], "betweenness": round(bc[n], 6), "degree": g.degree(n),
            "shared_industries": sum(s["industry"] for k, s in shared.items() if n in k),
            "shared_firms": sum(s["firm"] for k, s in shared.items() if n in k), "rank": i}
           for i, n in enumerate(nodes, 1)]
    return table(out, cols, [], region=reg.id if reg else "全国", colleges=g.number_of_nodes())
