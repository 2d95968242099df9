"""The small, stable Python API the Streamlit explorer calls. Pages hold no Cypher: everything they need
is here (or in :mod:`queries.library` for the named-query gallery). Every function takes the open store
first and returns a pandas DataFrame, a dict or a typed result (an analysis: a :class:`queries.results.Table`);
none writes to the graph.

Search and entities
    :func:`search` (zh/en, substring + fuzzy, label filter), :func:`entity`, :func:`relationships`
    (every fact with its evidence and source document), :func:`neighbourhood` (1–2 hops, capped, as
    nodes/edges for drawing).
Pickers
    :func:`provinces`, :func:`colleges`, :func:`college_groups`, :func:`industries`.
Analyses (thin re-exports, see their docstrings)
    :func:`gaps`, :func:`suggest`, :func:`coverage`, :func:`skills_gap`, :func:`suggest_groups`,
    :func:`review_partners`, :func:`pathways`, :func:`central_firms`, :func:`major_communities`,
    :func:`bridging_colleges`, :func:`matching_by_province`, :func:`path_exists`.
Named queries
    :func:`list_queries`, :func:`describe_query`, :func:`run_query`.
"""
from __future__ import annotations

import json
from typing import Any

import pandas as pd
from rapidfuzz import fuzz, process

from kg import schema
from kg.codes import region_parts
from kg.records import with_statements
from queries import cache, library
from queries.analyses import (coverage, gaps, pathways, review_partners, skills_gap,  # noqa: F401
                              suggest_groups)
from queries.network import bridging_colleges, central_firms, major_communities  # noqa: F401
from queries.paths import exists as path_exists  # noqa: F401
from queries.results import frame
from queries.suggest import WEIGHTS as SUGGEST_WEIGHTS  # noqa: F401
from queries.suggest import suggest  # noqa: F401

list_queries = library.list_queries
describe_query = library.describe


def run_query(store, name: str, params: dict | None = None) -> pd.DataFrame:
    """Run a named query (see :func:`queries.library.run`)."""
    return library.run(store, name, params)


# ------------------------------------------------------------------ helpers
_KEY = schema.key_expr("n")
_NAME = schema.name_expr("n")
#: order in which equally good search hits are shown
LABEL_PRIORITY = ("College", "ProfessionalGroup", "Major", "Industry", "Firm", "Occupation", "Post", "Skill",
                  "Course", "Certificate", "Policy", "Measure", "Region", "MajorClass", "MajorCategory",
                  "ResearchProject", "Platform", "EducationAlliance", "JobPosting", "Document")


def _label_expr(store, var: str) -> str:
    return f"label({var})" if store.dialect == "ladybug" else f"labels({var})[0]"


def _type_expr(store, var: str) -> str:
    return f"label({var})" if store.dialect == "ladybug" else f"type({var})"


def node_ref(label: str, key: str) -> str:
    """The id the explorer uses for a node: ``Label:key``."""
    return f"{label}:{key}"


# ------------------------------------------------------------------ search
def _search_props(labels: list[str]) -> list[str]:
    props: list[str] = []
    for lb in labels:
        nt = schema.node(lb)
        for p in (*nt.search, "name_en"):
            if nt.all_props.get(p) == schema.STRING and p not in props:
                props.append(p)
    return props


def _name_index(store) -> list[tuple[str, str, str]]:
    """(label, key, name) of every searchable node, cached per store while the node count is unchanged."""
    n = int(store.read("MATCH (n) RETURN count(n) AS c")[0]["c"])
    return cache.memo(store, ("name_index",), lambda: _build_name_index(store), tok=(n,))


def _build_name_index(store) -> list[tuple[str, str, str]]:
    rows = store.read(f"MATCH (n) RETURN {_label_expr(store, 'n')} AS label, {_KEY} AS key, "
                      f"coalesce(n.name, n.title, n.name_zh) AS name, n.name_en AS name_en", limit=None)
    idx = []
    for r in rows:
        if r["label"] == "Document":
            continue
        for nm in (r["name"], r["name_en"]):
            if nm:
                idx.append((r["label"], r["key"], nm))
    return idx


def search(store, text: str, labels: list[str] | None = None, *, limit: int = 20, fuzzy: bool = True) -> pd.DataFrame:
    """Find entities by name (Chinese or English), key, alias; substring first, then fuzzy.

    Inputs: ``text``; ``labels`` (restrict to these node labels, e.g. ``["College", "Firm"]``);
    ``limit``; ``fuzzy`` (add rapidfuzz matches — typos, word order — when substring hits are few).

    Output columns: ``label``, ``key``, ``name``, ``name_en``, ``match`` (exact / prefix / contains /
    fuzzy), ``score`` (0–100), ``ref`` (``Label:key``). Sorted best first.

    Example::

        >>> search(store, "深圳职业", labels=["College"])
    """
    text = (text or "").strip()
    cols = ["label", "key", "name", "name_en", "match", "score", "ref"]
    if not text:
        return frame([], cols)
    labels = [schema.node(lb).label for lb in labels] if labels else [lb for lb in schema.LABELS if lb != "Document"]
    props = _search_props(labels)
    low = text.lower()
    cond = " OR ".join(f"toLower(coalesce(n.{p}, '')) CONTAINS $q" for p in props)
    keycond = "n.id = $t OR n.code = $t OR n.moe_code = $t OR $t IN n.aliases"
    if len(labels) == len(schema.LABELS) - 1:
        q = (f"MATCH (n) WHERE {keycond} OR {cond} RETURN {_label_expr(store, 'n')} AS label, {_KEY} AS key, "
             f"coalesce(n.name, n.title, n.name_zh) AS name, n.name_en AS name_en LIMIT $lim")
        rows = [r for r in store.read(q, {"q": low, "t": text, "lim": 2000}, limit=None) if r["label"] != "Document"]
    else:
        rows = []
        for lb in labels:
            nt = schema.node(lb)
            conds = [f"toLower(coalesce(n.{p}, '')) CONTAINS $q" for p in _search_props([lb])]
            conds.append(f"n.{nt.key} = $t")
            if "aliases" in nt.props:
                conds.append("$t IN n.aliases")
            name_props = [f"n.{p}" for p in ("name", "title", "name_zh") if p in nt.props] or [f"n.{nt.key}"]
            name_expr = f"coalesce({', '.join(name_props)})" if len(name_props) > 1 else name_props[0]
            q = (f"MATCH (n:{lb}) WHERE {' OR '.join(conds)} RETURN '{lb}' AS label, n.{nt.key} AS key, "
                 f"{name_expr} AS name, {'n.name_en' if 'name_en' in nt.props else 'NULL'} AS name_en LIMIT $lim")
            rows += store.read(q, {"q": low, "t": text, "lim": 2000}, limit=None)
    hits: dict[tuple[str, str], dict] = {}
    for r in rows:
        names = [x for x in (r["name"], r["name_en"]) if x]
        if r["key"] == text or any(n.lower() == low for n in names):
            m, s = "exact", 100.0
        elif any(n.lower().startswith(low) for n in names):
            m, s = "prefix", 95.0
        else:
            m, s = "contains", 90.0
        if m == "contains":
            s -= min(20.0, max(0, min((len(n) for n in names), default=0) - len(text)) * 0.5)
        hits[(r["label"], r["key"])] = {"label": r["label"], "key": r["key"], "name": r["name"] or r["key"],
                                        "name_en": r["name_en"], "match": m, "score": round(s, 1)}
    if fuzzy and len(hits) < limit:
        idx = [x for x in _name_index(store) if x[0] in labels]
        for (lb, key, nm), sc, _ in process.extract(text, idx, processor=lambda x: x[2] if isinstance(x, tuple) else x,
                                                    scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=65):
            if (lb, key) not in hits:
                hits[(lb, key)] = {"label": lb, "key": key, "name": nm, "name_en": None, "match": "fuzzy",
                                   "score": round(min(sc, 89.0), 1)}
    pri = {lb: i for i, lb in enumerate(LABEL_PRIORITY)}
    out = sorted(hits.values(), key=lambda h: (-h["score"], pri.get(h["label"], 99), len(h["name"] or ""), h["key"]))
    for h in out:
        h["ref"] = node_ref(h["label"], h["key"])
    return frame(out[:limit], cols)


# ------------------------------------------------------------------ entity details
def entity(store, label: str, key: str) -> dict[str, Any] | None:
    """All properties of one node (``provenance`` parsed into a list of dicts), or None."""
    nt = schema.node(label)
    cols = list(nt.all_props)
    rows = store.read(f"MATCH (n:{nt.label} {{{nt.key}: $k}}) RETURN " + ", ".join(f"n.{c} AS {c}" for c in cols),
                      {"k": key})
    if not rows:
        return None
    props = {k: v for k, v in with_statements(rows[0]).items() if v is not None}
    props["provenance"] = [json.loads(s) for s in props.get("provenance") or []]
    props["_label"], props["_key"] = nt.label, key
    return props


_REL_RET = ("RETURN {t} AS type, '{d}' AS direction, {ol} AS other_label, " + schema.key_expr("m") + " AS other_key, "
            + schema.name_expr("m") + " AS other_name, r.evidence AS evidence, "
            "r.extractor AS extractor, r.confidence AS confidence, r.source AS source, r.sources AS sources, "
            "r.locator AS locator, r.provenance AS provenance, r.review AS review")


def _rel_rows(store, label: str, key: str, limit: int) -> list[dict]:
    nt = schema.node(label)
    t, ol = _type_expr(store, "r"), _label_expr(store, "m")
    q = (f"MATCH (n:{nt.label} {{{nt.key}: $k}})-[r]->(m) {_REL_RET.format(t=t, d='out', ol=ol)} LIMIT $lim "
         f"UNION ALL "
         f"MATCH (n:{nt.label} {{{nt.key}: $k}})<-[r]-(m) {_REL_RET.format(t=t, d='in', ol=ol)} LIMIT $lim")
    return store.read(q, {"k": key, "lim": limit}, limit=None)


def _documents(store, ids: list[str]) -> dict[str, dict]:
    if not ids:
        return {}
    rows = store.read("UNWIND $ids AS d MATCH (doc:Document {id: d}) RETURN doc.id AS id, doc.title AS title, "
                      "doc.path AS path, doc.kind AS kind", {"ids": sorted(set(ids))}, limit=None)
    return {r["id"]: r for r in rows}


REL_COLUMNS = ["direction", "type", "other_label", "other_key", "other_name", "evidence", "extractor", "confidence",
               "source", "source_title", "source_path", "sources", "statements", "review"]


def relationships(store, label: str, key: str, *, limit: int = 200) -> pd.DataFrame:
    """Every relationship of a node with its evidence and source document.

    Output columns: ``direction`` (out / in), ``type``, ``other_label``, ``other_key``, ``other_name``,
    ``evidence`` (best statement's text), ``extractor``, ``confidence``, ``source`` (first document id),
    ``source_title``, ``source_path`` (of that Document node), ``sources`` (all document ids),
    ``statements`` (every provenance statement: source, evidence, extractor, confidence, locator),
    ``review`` (flagged for review). ``limit`` caps each direction.

    Example::

        >>> relationships(store, "Major", "510301")
    """
    rows = [with_statements(r) for r in _rel_rows(store, label, key, limit)]
    docs = _documents(store, [s for r in rows for s in (r["sources"] or [])])
    out = []
    for r in rows:
        d = docs.get(r["source"] or "", {})
        out.append({**{k: r[k] for k in ("direction", "type", "other_label", "other_key", "other_name", "evidence",
                                         "extractor", "confidence", "source", "sources", "review")},
                    "source_title": d.get("title"), "source_path": d.get("path"),
                    "statements": [json.loads(s) for s in r["provenance"] or []]})
    out.sort(key=lambda r: (r["type"], r["direction"], r["other_label"] or "", str(r["other_name"]), str(r["other_key"])))
    return frame(out, REL_COLUMNS)


def neighbourhood(store, label: str, key: str, *, hops: int = 1, limit: int = 60,
                  per_node: int = 12) -> dict[str, Any]:
    """Nodes and edges around one node, for drawing: 1 or 2 hops, capped so it stays fast.

    Returns ``{"nodes": [{"id", "label", "key", "name", "hop"}], "edges": [{"source", "target",
    "type", "evidence", "extractor", "confidence", "source_doc"}], "truncated": bool}`` where ids are
    ``Label:key``. ``limit`` caps the first hop; ``per_node`` caps the second hop per neighbour
    (the centre's own relationships always come first). ``truncated`` says more exist ("show more" =
    call again with a larger ``limit``).
    """
    nt = schema.node(label)
    me = entity(store, label, key)
    if me is None:
        return {"nodes": [], "edges": [], "truncated": False}
    centre = node_ref(nt.label, key)
    name = me.get("name") or me.get("title") or me.get("name_zh") or key
    nodes: dict[str, dict] = {centre: {"id": centre, "label": nt.label, "key": key, "name": name, "hop": 0}}
    edges: list[dict] = []
    rows = _rel_rows(store, label, key, limit + 1)
    truncated = len(rows) > 2 * limit or sum(1 for r in rows if r["direction"] == "out") > limit \
        or sum(1 for r in rows if r["direction"] == "in") > limit
    rows = sorted(rows, key=lambda r: (r["type"], r["direction"], str(r["other_name"])))[:limit]

    def add(r: dict, frm: str, hop: int) -> str:
        oid = node_ref(r["other_label"], r["other_key"])
        nodes.setdefault(oid, {"id": oid, "label": r["other_label"], "key": r["other_key"],
                               "name": r["other_name"] or r["other_key"], "hop": hop})
        s, t = (frm, oid) if r["direction"] == "out" else (oid, frm)
        e = {"source": s, "target": t, "type": r["type"], "evidence": r["evidence"], "extractor": r["extractor"],
             "confidence": r["confidence"], "source_doc": r["source"]}
        if e not in edges:
            edges.append(e)
        return oid

    firsts = [(add(r, centre, 1), r) for r in rows]
    if hops >= 2:
        for oid, r in firsts:
            if r["other_label"] == "Document":
                continue
            more = _rel_rows(store, r["other_label"], r["other_key"], per_node + 1)
            if len(more) > per_node:
                truncated = True
            for r2 in sorted(more, key=lambda x: (x["type"], x["direction"], str(x["other_name"])))[:per_node]:
                if node_ref(r2["other_label"], r2["other_key"]) == centre:
                    continue
                add(r2, oid, 2)
    return {"nodes": list(nodes.values()), "edges": edges, "truncated": truncated}


# ------------------------------------------------------------------ pickers
def provinces(store) -> list[str]:
    """Province names (Region level province, or the first part of region ids) for pickers."""
    rows = store.read("MATCH (r:Region) RETURN DISTINCT coalesce(r.province, r.id) AS p ORDER BY p", limit=None)
    return sorted({region_parts(r["p"])[0] for r in rows if r["p"]})


def colleges(store, province: str | None = None, *, with_groups: bool = False) -> pd.DataFrame:
    """Colleges (optionally of one province; ``with_groups`` = only those with professional groups).
    Columns: ``moe_code``, ``name``, ``level``, ``province``, ``city``, ``groups``."""
    rows = store.read(
        "MATCH (c:College) WHERE $p = '' OR c.province = $p "
        "OPTIONAL MATCH (g:ProfessionalGroup)-[:BELONGS_TO]->(c) "
        "RETURN c.moe_code AS moe_code, c.name AS name, c.level AS level, c.province AS province, c.city AS city, "
        "count(g) AS groups ORDER BY moe_code", {"p": province or ""}, limit=None)
    if with_groups:
        rows = [r for r in rows if r["groups"]]
    rows.sort(key=lambda r: (-int(r["groups"]), r["name"] or ""))
    return frame(rows, ["moe_code", "name", "level", "province", "city", "groups"])


def college_groups(store, college: str) -> pd.DataFrame:
    """A college's professional groups for a picker (named query ``college_groups``)."""
    return library.run(store, "college_groups", {"college": college})


def industries(store, level: str = "门类") -> pd.DataFrame:
    """Industries at one level (门类/大类/中类/小类) for pickers. Columns: ``code``, ``name``, ``name_en``."""
    rows = store.read("MATCH (i:Industry) WHERE i.level = $l RETURN i.code AS code, i.name AS name, "
                      "i.name_en AS name_en ORDER BY code", {"l": level}, limit=None)
    return frame(rows, ["code", "name", "name_en"])


def matching_by_province(store, industry_level: str = "大类") -> pd.DataFrame:
    """Matching index of every province (see :func:`queries.analyses.coverage`), for a chart.
    Columns: ``province``, ``matching_index``, ``firms``, ``postings``, ``offerings``,
    ``industries_uncovered``. Provinces without demand or supply have no index and are left out."""
    idx = coverage(store, None, industry_level=industry_level).index
    idx = idx[idx["matching_index"].notna()].rename(columns={"region": "province"})
    cols = ["province", "matching_index", "firms", "postings", "offerings", "industries_uncovered"]
    return idx[cols].sort_values(["matching_index", "province"], ascending=[False, True]).reset_index(drop=True)
