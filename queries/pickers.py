"""What the explorer's pickers and suggestion filters offer: professional groups by province and college,
firm attributes and facets, and :func:`suggest_filtered` (suggestions with the explorer's filters).
Read-only."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kg.store.base import Store

if TYPE_CHECKING:
    from queries.suggest import Suggestions

__all__ = ["group_choices", "firm_attributes", "firm_facets", "LISTED_TAG", "suggest_filtered"]


def group_choices(store: Store) -> list[dict]:
    """Every professional group with its college and province, for province → college → group pickers:
    ``province, moe_code, college, group_id, group, tier, origin`` sorted by province, college, group."""
    rows = store.read(
        "MATCH (g:ProfessionalGroup)-[:BELONGS_TO]->(c:College) "
        "OPTIONAL MATCH (c)-[:LOCATED_IN]->(r:Region) "
        "RETURN coalesce(r.province, c.province) AS province, c.moe_code AS moe_code, c.name AS college, "
        "g.id AS group_id, g.name AS group_name, g.tier AS tier, g.source_kind AS origin", limit=None)
    for r in rows:  # ``group`` is a reserved word in LadybugDB: renamed here
        r["province"] = r["province"] or ""
        r["group"] = r.pop("group_name")
    return sorted(rows, key=lambda r: (r["province"], r["college"] or "", r["group"] or "", r["group_id"]))


def firm_attributes(store: Store, firm_ids: list[str]) -> dict[str, dict]:
    """``{firm id: {name, name_en, province, city, tags, size, listed_code}}`` for the given firms."""
    if not firm_ids:
        return {}
    rows = store.read("UNWIND $ids AS k MATCH (f:Firm {id: k}) RETURN f.id AS id, f.name AS name, "
                      "f.name_en AS name_en, f.province AS province, f.city AS city, f.tags AS tags, "
                      "f.size AS size, f.listed_code AS listed_code", {"ids": sorted(set(firm_ids))}, limit=None)
    return {r["id"]: r for r in rows}


def firm_facets(store: Store) -> dict[str, list[str]]:
    """The values the suggestion filters offer: firm ``tags`` and ``sizes`` present in the graph, plus
    ``listed`` (上市) as a tag when some firm has a listed code."""
    tags = store.read("MATCH (f:Firm) WHERE f.tags IS NOT NULL UNWIND f.tags AS t RETURN DISTINCT t AS v", limit=None)
    sizes = store.read("MATCH (f:Firm) WHERE f.size IS NOT NULL RETURN DISTINCT f.size AS v", limit=None)
    listed = store.read("MATCH (f:Firm) WHERE f.listed_code IS NOT NULL RETURN count(f) AS n")[0]["n"]
    out_tags = sorted({r["v"] for r in tags if r["v"]})
    if listed:
        out_tags = [LISTED_TAG, *out_tags]
    return {"tags": out_tags, "sizes": sorted({r["v"] for r in sizes if r["v"]})}


LISTED_TAG = "上市"


def suggest_filtered(store: Store, group: str, college: str | None = None, *, top: int = 10,
                     region: str | None = None, tags: list[str] | None = None, sizes: list[str] | None = None,
                     include_partners: bool = False) -> Suggestions:
    """:func:`queries.suggest.suggest` with the explorer's filters: firm ``tags`` (any of them; ``上市``
    = has a listed code) and ``sizes`` (any of them). Without filters it is ``suggest`` itself; with
    filters it ranks a longer list and keeps the first ``top`` matching firms (ranks renumbered).
    Adds the columns ``firm_province``, ``firm_city``, ``firm_tags`` and ``firm_size`` to the rows; notes
    and the rest as ``suggest``."""
    from queries.suggest import suggest

    tags, sizes = list(tags or []), list(sizes or [])
    filtered = bool(tags or sizes)
    res = suggest(store, group, college, top=top * 20 if filtered else top, region=region,
                  include_partners=include_partners)
    df = res.rows
    firms = firm_attributes(store, list(df["firm_id"])) if len(df) else {}

    def keep(fid: str) -> bool:
        f = firms.get(fid) or {}
        ftags = set(f.get("tags") or []) | ({LISTED_TAG} if f.get("listed_code") else set())
        return (not tags or bool(ftags & set(tags))) and (not sizes or f.get("size") in sizes)

    if filtered and len(df):
        df = df[df["firm_id"].map(keep)].head(top).reset_index(drop=True)
        df["rank"] = range(1, len(df) + 1)
    for col in ("province", "city", "size"):
        df[f"firm_{col}"] = [(firms.get(fid) or {}).get(col) for fid in df["firm_id"]]
    df["firm_tags"] = [list((firms.get(fid) or {}).get("tags") or []) for fid in df["firm_id"]]
    return res.with_rows(df)

