"""Explanation paths: a chain of graph nodes and relationships that exists in the store.

A :class:`Path` is built step by step from keys the analyses read from the graph, and can be checked
against the store with :func:`exists` (one parameterised query; labels and relationship types come from
``kg.schema`` and are validated, values travel as parameters).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg import schema


@dataclass(frozen=True)
class Step:
    label: str
    key: str
    name: str


@dataclass
class Path:
    """nodes[0] -rels[0]- nodes[1] -rels[1]- … ; ``forward[i]`` is True when rels[i] points from
    nodes[i] to nodes[i+1]."""

    nodes: list[Step] = field(default_factory=list)
    rels: list[str] = field(default_factory=list)
    forward: list[bool] = field(default_factory=list)
    kind: str = ""  # which score part it explains

    @classmethod
    def start(cls, label: str, key: str, name: str | None = None, kind: str = "") -> "Path":
        schema.node(label)
        return cls([Step(label, key, name or key)], [], [], kind)

    def out(self, rel: str, label: str, key: str, name: str | None = None) -> "Path":
        """Append ``-[rel]->(label {key})``."""
        return self._add(rel, True, label, key, name)

    def inn(self, rel: str, label: str, key: str, name: str | None = None) -> "Path":
        """Append ``<-[rel]-(label {key})``."""
        return self._add(rel, False, label, key, name)

    def _add(self, rel: str, fwd: bool, label: str, key: str, name: str | None) -> "Path":
        a = self.nodes[-1].label
        schema.check_pair(rel, a, label) if fwd else schema.check_pair(rel, label, a)
        return Path([*self.nodes, Step(label, key, name or key)], [*self.rels, rel], [*self.forward, fwd],
                    self.kind)

    def text(self) -> str:
        parts = [self.nodes[0].name]
        for rel, fwd, n in zip(self.rels, self.forward, self.nodes[1:]):
            parts.append(f"-[{rel}]->" if fwd else f"<-[{rel}]-")
            parts.append(n.name)
        return " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text(),
                "nodes": [{"label": s.label, "key": s.key, "name": s.name} for s in self.nodes],
                "rels": [{"type": r, "forward": f} for r, f in zip(self.rels, self.forward)]}

    @classmethod
    def from_dict(cls, d: dict) -> "Path":
        p = cls.start(d["nodes"][0]["label"], d["nodes"][0]["key"], d["nodes"][0]["name"], d.get("kind", ""))
        for r, n in zip(d["rels"], d["nodes"][1:]):
            p = (p.out if r["forward"] else p.inn)(r["type"], n["label"], n["key"], n["name"])
        return p


def exists_query(path: Path) -> tuple[str, dict]:
    """The Cypher (two-clause MATCH per hop) and parameters that count the path's occurrences."""
    n0 = path.nodes[0]
    parts = [f"MATCH (n0:{schema.node(n0.label).label} {{{schema.key_of(n0.label)}: $k0}})"]
    params = {"k0": n0.key}
    for i, (rel, fwd, n) in enumerate(zip(path.rels, path.forward, path.nodes[1:]), 1):
        schema.rel(rel)
        arrow = f"-[:{rel}]->" if fwd else f"<-[:{rel}]-"
        parts.append(f"MATCH (n{i - 1}){arrow}(n{i}:{schema.node(n.label).label}) "
                     f"WHERE n{i}.{schema.key_of(n.label)} = $k{i}")
        params[f"k{i}"] = n.key
    return " ".join(parts) + " RETURN count(*) AS c", params


def exists(store, path: Path | dict) -> bool:
    """True when every node and relationship of ``path`` is in the store."""
    p = Path.from_dict(path) if isinstance(path, dict) else path
    q, params = exists_query(p)
    rows = store.read(q, params)
    return bool(rows) and int(rows[0]["c"]) > 0
