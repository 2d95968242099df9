"""The names a partnership or group-composition table's cells are resolved against, read from the graph:
colleges (name, aliases), their professional groups (id, name, lead major), firms (name, English name,
aliases, stock code), industries, skills and city regions (:class:`PartnershipGazetteer`)."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ingest.normalize import college_key, firm_key, major_key
from ingest.vocab.places import CityGazetteer
from kg.codes import region_parts


def cell_text(s: Any) -> str:
    """A table cell as text: NFKC, trimmed; None → ""; a whole float (a spreadsheet number) → its integer."""
    if s is None:
        return ""
    if isinstance(s, float) and s.is_integer():
        s = int(s)
    return unicodedata.normalize("NFKC", str(s)).strip()


@dataclass
class PartnershipGazetteer:
    colleges: dict[str, str] = field(default_factory=dict)  # key → moe_code
    college_names: dict[str, str] = field(default_factory=dict)  # moe_code → name
    groups: dict[str, dict[str, str]] = field(default_factory=dict)  # moe_code → {key: group id}
    group_names: dict[str, str] = field(default_factory=dict)
    firms: dict[str, str] = field(default_factory=dict)  # firm_key / id / stock code → id
    firm_names: dict[str, str] = field(default_factory=dict)
    industries: dict[str, str] = field(default_factory=dict)  # code or name → code
    skills: dict[str, str] = field(default_factory=dict)  # lower name → id
    cities: CityGazetteer = field(default_factory=CityGazetteer)
    regions: set[str] = field(default_factory=set)

    @classmethod
    def from_store(cls, store) -> "PartnershipGazetteer":
        g = cls()
        if store is None:
            return g
        for r in store.read("MATCH (c:College) RETURN c.moe_code AS id, c.name AS name, c.aliases AS aliases",
                            limit=None):
            g.college_names[r["id"]] = r["name"] or r["id"]
            g.colleges[r["id"]] = r["id"]
            for n in [r["name"], *(r["aliases"] or [])]:
                if n:
                    g.colleges.setdefault(college_key(n), r["id"])
        for r in store.read("MATCH (p:ProfessionalGroup)-[:BELONGS_TO]->(c:College) "
                            "OPTIONAL MATCH (p)-[i:INCLUDES]->(m:Major) WHERE i.role = 'lead' "
                            "RETURN p.id AS id, p.name AS name, c.moe_code AS college, m.name AS lead", limit=None):
            d = g.groups.setdefault(r["college"], {})
            g.group_names[r["id"]] = r["name"] or r["id"]
            for n in (r["id"], r["name"], r["lead"]):
                if n:
                    d.setdefault(major_key(n), r["id"])
                    if n.endswith("专业群"):
                        d.setdefault(major_key(n[:-3]), r["id"])
        for r in store.read("MATCH (f:Firm) RETURN f.id AS id, f.name AS name, f.aliases AS aliases, "
                            "f.name_en AS en, f.listed_code AS code", limit=None):
            g.firm_names[r["id"]] = r["name"] or r["id"]
            g.firms.setdefault(r["id"], r["id"])
            if r["code"]:
                g.firms.setdefault(r["code"].upper(), r["id"])
            for n in [r["name"], r["en"], *(r["aliases"] or [])]:
                if n:
                    g.firms.setdefault(firm_key(n), r["id"])
        for r in store.read("MATCH (i:Industry) RETURN i.code AS code, i.name AS name", limit=None):
            g.industries[r["code"]] = r["code"]
            if r["name"]:
                g.industries.setdefault(cell_text(r["name"]), r["code"])
        for r in store.read("MATCH (s:Skill) RETURN s.id AS id, s.name AS name", limit=None):
            g.skills.setdefault((r["name"] or r["id"]).lower(), r["id"])
        for r in store.read("MATCH (r:Region) RETURN r.id AS id, r.level AS level, r.province AS province, "
                            "r.name AS name", limit=None):
            g.regions.add(r["id"])
            p, c = region_parts(r["id"])
            if c:
                g.cities.add(p, c)
        return g

    def college(self, text: str) -> str | None:
        return self.colleges.get(text) or self.colleges.get(college_key(text))

    def group(self, moe_code: str, text: str) -> str | None:
        d = self.groups.get(moe_code, {})
        k = major_key(text)
        return d.get(k) or (d.get(k[:-3]) if k.endswith("专业群") else None)

    def firm(self, text: str) -> str | None:
        return self.firms.get(text) or self.firms.get(text.upper()) or self.firms.get(firm_key(text))

    def industry(self, text: str) -> str | None:
        t = cell_text(text)
        return self.industries.get(t) or self.industries.get(t.upper())
