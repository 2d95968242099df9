"""Firm placement: how many firms have a city, only a province, an industry (read-only)."""
from __future__ import annotations

_PLACED_Q = """
MATCH (f:Firm)
OPTIONAL MATCH (f)-[:LOCATED_IN]->(r:Region)
WITH f, max(CASE WHEN r.level = 'city' OR r.id = r.province AND f.city IS NOT NULL THEN 1 ELSE 0 END) AS city,
     max(CASE WHEN r IS NULL THEN 0 ELSE 1 END) AS placed
RETURN count(f) AS firms, sum(city) AS with_city, sum(placed) AS placed
"""
_INDUSTRY_Q = "MATCH (f:Firm)-[:IN_INDUSTRY]->(:Industry) RETURN count(DISTINCT f) AS n"


def firm_placement(store) -> dict:
    """Firms with a city (a city Region, or a municipality given as the firm's city), with a province only,
    and with at least one ``IN_INDUSTRY``; counts and shares of all firms."""
    row = store.read(_PLACED_Q, limit=None)[0]
    firms = int(row["firms"] or 0)
    ind = int(store.read(_INDUSTRY_Q, limit=None)[0]["n"] or 0)
    share = (lambda n: round(n / firms, 3) if firms else None)  # noqa: E731
    with_city, placed = int(row["with_city"] or 0), int(row["placed"] or 0)
    return {"firms": firms, "with_city": with_city, "province_only": placed - with_city, "with_industry": ind,
            "share_with_city": share(with_city), "share_province_only": share(placed - with_city),
            "share_with_industry": share(ind)}
