"""Network analytics over projections of the graph, computed with networkx.

Each function reads one projection with a single parameterised query, builds a ``networkx`` graph and
returns a DataFrame. Results are deterministic (sorted inputs, fixed seeds), so both stores agree.

* :func:`central_firms` — key firms and industries of a region by PageRank on the firm–industry–post
  –college projection;
* :func:`major_communities` — communities (Louvain) of majors that share posts and skills;
* :func:`bridging_colleges` — colleges that bridge otherwise separate parts of the college network
  (colleges linked by shared industries and partner firms), by betweenness centrality.
"""
from __future__ import annotations

import networkx as nx
import pandas as pd

from queries import resolve
from queries.analyses import frame

_IN_SCOPE = "($scope = '' OR r.id = $scope OR r.province = $scope OR r.id STARTS WITH ($scope + '/'))"

_REGION_PROJECTION_Q = f"""
MATCH (f:Firm)-[:LOCATED_IN]->(r:Region)
WHERE {_IN_SCOPE}
MATCH (f)-[:IN_INDUSTRY]->(i:Industry)
RETURN 'Firm' AS a_label, f.id AS a, f.name AS a_name, 'Industry' AS b_label, i.code AS b, i.name AS b_name, 1 AS w
UNION ALL
MATCH (f:Firm)-[:POSTED]->(j:JobPosting)-[:LOCATED_IN]->(r:Region)
WHERE {_IN_SCOPE}
MATCH (j)-[:FOR_POST]->(p:Post)
RETURN 'Firm' AS a_label, f.id AS a, f.name AS a_name, 'Post' AS b_label, p.id AS b, p.name AS b_name, count(j) AS w
UNION ALL
MATCH (f:Firm)-[:PARTNERS_WITH]->(x)
MATCH (f)-[:LOCATED_IN]->(r:Region)
WHERE {_IN_SCOPE}
RETURN 'Firm' AS a_label, f.id AS a, f.name AS a_name, 'Partner' AS b_label, coalesce(x.moe_code, x.id) AS b,
       x.name AS b_name, 1 AS w
"""


def central_firms(store, region: str | None = None, *, top: int = 20) -> pd.DataFrame:
    """Key firms and industries of a region by PageRank.

    Inputs: ``region`` (province/city; empty = everywhere), ``top`` (rows per kind).

    Projection: an undirected weighted graph of firms located in the region, their industries
    (IN_INDUSTRY), the posts of their job postings in the region (FOR_POST, weight = postings) and
    the colleges/groups they partner with. A firm is central when it links busy industries, posts in
    demand and education partners; an industry when many well-connected firms are in it.

    Output columns: ``kind`` (Firm / Industry), ``key``, ``name``, ``pagerank``, ``degree``, ``rank``
    (within its kind).

    Example::

        >>> central_firms(store, "广东省", top=10)
    """
    reg = resolve.region(store, region)
    rows = store.read(_REGION_PROJECTION_Q, {"scope": reg.id if reg else ""}, limit=None)
    g = nx.Graph()
    names: dict[tuple[str, str], str] = {}
    for r in sorted(rows, key=lambda r: (r["a"], r["b_label"], str(r["b"]))):
        a, b = ("Firm", r["a"]), (r["b_label"], r["b"])
        names[a], names[b] = r["a_name"] or r["a"], r["b_name"] or r["b"]
        w = float(r["w"] or 1)
        g.add_edge(a, b, weight=g[a][b]["weight"] + w if g.has_edge(a, b) else w)
    cols = ["kind", "key", "name", "pagerank", "degree", "rank"]
    if g.number_of_nodes() == 0:
        return frame([], cols, ["no firms with industries in scope"], region=reg.id if reg else "全国")
    pr = nx.pagerank(g, weight="weight", max_iter=200, tol=1e-10)
    out = []
    for kind in ("Firm", "Industry"):
        nodes = sorted((n for n in g if n[0] == kind), key=lambda n: (-round(pr[n], 9), n[1]))[:top]
        out += [{"kind": kind, "key": n[1], "name": names[n], "pagerank": round(pr[n], 6), "degree": g.degree(n),
                 "rank": i} for i, n in enumerate(nodes, 1)]
    return frame(out, cols, [], region=reg.id if reg else "全国", nodes=g.number_of_nodes(), edges=g.number_of_edges())


_MAJOR_FEATURES_Q = """
MATCH (m:Major)-[:TARGETS_POST]->(p:Post)
WHERE $level = '' OR m.level = $level
RETURN m.code AS major, m.name AS name, 'post' AS kind, p.id AS feature
UNION ALL
MATCH (m:Major)-[:DEVELOPS]->(s:Skill)
WHERE $level = '' OR m.level = $level
RETURN m.code AS major, m.name AS name, 'skill' AS kind, s.id AS feature
UNION ALL
MATCH (m:Major)-[:HAS_COURSE]->(:Course)-[:TEACHES]->(s:Skill)
WHERE $level = '' OR m.level = $level
RETURN m.code AS major, m.name AS name, 'skill' AS kind, s.id AS feature
"""


def major_communities(store, *, level: str | None = None, min_weight: float = 0.1,
                      resolution: float = 1.0, seed: int = 42) -> pd.DataFrame:
    """Communities of majors that share posts and skills (Louvain, fixed seed).

    Inputs: ``level`` (中职/高职专科/高职本科; empty = all), ``min_weight`` (minimum Jaccard similarity
    of two majors' post+skill sets for an edge), ``resolution`` (Louvain: higher → smaller communities),
    ``seed``.

    Output columns: ``community`` (1 = largest), ``size``, ``code``, ``major``, ``shared`` (the posts
    and skills most common in the community, up to 5), ``degree`` (similar majors).

    Example::

        >>> major_communities(store, level="高职专科")
    """
    rows = store.read(_MAJOR_FEATURES_Q, {"level": level or ""}, limit=None)
    feats: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for r in rows:
        feats.setdefault(r["major"], set()).add(f"{r['kind']}:{r['feature']}")
        names[r["major"]] = r["name"] or r["major"]
    g = nx.Graph()
    g.add_nodes_from(sorted(feats))
    by_feature: dict[str, list[str]] = {}
    for m in sorted(feats):
        for f in sorted(feats[m]):
            by_feature.setdefault(f, []).append(m)
    pairs: set[tuple[str, str]] = set()
    for ms in by_feature.values():
        for i, a in enumerate(ms):
            for b in ms[i + 1:]:
                pairs.add((a, b))
    for a, b in sorted(pairs):
        j = len(feats[a] & feats[b]) / len(feats[a] | feats[b])
        if j >= min_weight:
            g.add_edge(a, b, weight=j)
    cols = ["community", "size", "code", "major", "shared", "degree"]
    if g.number_of_nodes() == 0:
        return frame([], cols, ["no majors with posts or skills"])
    comms = nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=seed)
    comms = sorted((sorted(c) for c in comms), key=lambda c: (-len(c), c[0]))
    out = []
    for k, members in enumerate(comms, 1):
        counts: dict[str, int] = {}
        for m in members:
            for f in feats[m]:
                counts[f] = counts.get(f, 0) + 1
        shared = [f.split(":", 1)[1] for f, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])) if n > 1][:5]
        out += [{"community": k, "size": len(members), "code": m, "major": names[m], "shared": shared,
                 "degree": g.degree(m)} for m in members]
    return frame(out, cols, [], communities=len(comms))


_COLLEGE_LINKS_Q = f"""
MATCH (c:College)-[:LOCATED_IN]->(r:Region)
WHERE {_IN_SCOPE}
MATCH (c)<-[:BELONGS_TO]-(:ProfessionalGroup)-[:INCLUDES]->(:Major)-[:SERVES]->(i:Industry)
RETURN c.moe_code AS college, c.name AS name, 'industry' AS kind, i.code AS key
UNION ALL
MATCH (c:College)-[:LOCATED_IN]->(r:Region)
WHERE {_IN_SCOPE}
MATCH (c)<-[:PARTNERS_WITH]-(f:Firm)
RETURN c.moe_code AS college, c.name AS name, 'firm' AS kind, f.id AS key
UNION ALL
MATCH (c:College)-[:LOCATED_IN]->(r:Region)
WHERE {_IN_SCOPE}
MATCH (c)<-[:BELONGS_TO]-(:ProfessionalGroup)<-[:PARTNERS_WITH]-(f:Firm)
RETURN c.moe_code AS college, c.name AS name, 'firm' AS kind, f.id AS key
"""


def bridging_colleges(store, region: str | None = None, *, top: int = 20, firm_weight: float = 2.0) -> pd.DataFrame:
    """Colleges that bridge the college network of a region (betweenness centrality).

    Inputs: ``region`` (province/city; empty = everywhere), ``top``, ``firm_weight`` (a shared partner
    firm counts this many shared industries).

    Projection: colleges are linked when their groups' majors serve the same industries (each shared
    industry +1) or they share partner firms (+``firm_weight`` each). Edge distance = 1 / weight, so
    strong links are short. A college with high betweenness connects clusters that otherwise barely
    touch — a natural convenor for an inter-school group or a 市域产教联合体.

    Output columns: ``moe_code``, ``college``, ``betweenness``, ``degree``, ``shared_industries``,
    ``shared_firms``, ``rank``.

    Example::

        >>> bridging_colleges(store, "江苏省")
    """
    reg = resolve.region(store, region)
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
        return frame([], cols, ["no colleges with industries or partners in scope"], region=reg.id if reg else "全国")
    bc = nx.betweenness_centrality(g, weight="distance", normalized=True)
    nodes = sorted(g, key=lambda n: (-round(bc[n], 9), -g.degree(n), n))[:top]
    out = [{"moe_code": n, "college": names[n], "betweenness": round(bc[n], 6), "degree": g.degree(n),
            "shared_industries": sum(s["industry"] for k, s in shared.items() if n in k),
            "shared_firms": sum(s["firm"] for k, s in shared.items() if n in k), "rank": i}
           for i, n in enumerate(nodes, 1)]
    return frame(out, cols, [], region=reg.id if reg else "全国", colleges=g.number_of_nodes())
key_firms = central_firms  # the name kg bench looks for
