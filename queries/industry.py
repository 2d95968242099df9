"""The GB/T 4754-2017 industry hierarchy as the analyses use it.

The tree is read from the graph (``Industry`` nodes and their ``PART_OF`` links), so explanation paths
only walk links that exist. Codes are hierarchical by construction (``6513`` ⊂ ``651`` ⊂ ``65`` ⊂ ``I``);
where a ``PART_OF`` link is missing the parent is derived from the code (prefix, and for a 大类 the 门类
from the standard's fixed ranges below) — such derived steps are marked so paths never use them.

:func:`match` scores how well a firm's industry fits an industry a major serves:

=====  =====================================================================================
1.0    the firm's industry is the served industry or inside it (``6513`` inside ``65``)
0.7    the served industry is inside the firm's (the firm is only classified coarsely, at 大类/中类)
0.4    both in the same 大类 (siblings, e.g. ``651`` and ``652``)
0.2    both in the same 门类 only
0.0    otherwise
=====  =====================================================================================
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from kg.codes import GBT_LEVELS, gbt_level, section_of_division
from queries import cache


LEVELS = tuple(GBT_LEVELS[n] for n in sorted(GBT_LEVELS))  # 门类, 大类, 中类, 小类
MATCH_IN = 1.0
MATCH_COARSE_FIRM = 0.7
MATCH_SAME_DIVISION = 0.4
MATCH_SAME_SECTION = 0.2


@functools.lru_cache(maxsize=8192)
def section_of(code: str) -> str | None:
    """门类 letter of any code ('6513' → 'I')."""
    if not code:
        return None
    if code[0].isalpha():
        return code[0].upper()
    try:
        div = int(code[:2])
    except ValueError:
        return None
    return section_of_division(div)


def derived_parent(code: str) -> str | None:
    """Parent by the code itself: '6513' → '651' → '65' → 'I'; a 门类 has none."""
    if not code or code[0].isalpha():
        return None
    if len(code) > 2:
        return code[:-1]
    return section_of(code)


def level_of(code: str) -> str:
    """The GB/T 4754 level of a code in the graph (:func:`kg.codes.gbt_level`); anything longer is a 小类."""
    if code and code[0].isalpha():
        return "门类"
    return gbt_level(code, default="小类")


@dataclass
class IndustryTree:
    """Industries in the graph: names, levels and parents (graph PART_OF first, code-derived otherwise)."""

    names: dict[str, str] = field(default_factory=dict)
    levels: dict[str, str] = field(default_factory=dict)
    graph_parent: dict[str, str] = field(default_factory=dict)
    _children: dict[str, list[str]] | None = None
    _lineages: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _matches: dict[tuple[str, str], float] = field(default_factory=dict)

    def parent(self, code: str) -> str | None:
        return self.graph_parent.get(code) or derived_parent(code)

    def ancestors(self, code: str) -> list[str]:
        """The code's ancestors, nearest first (not including the code)."""
        out, cur, seen = [], code, {code}
        while True:
            cur = self.parent(cur)
            if cur is None or cur in seen:
                return out
            out.append(cur)
            seen.add(cur)

    def lineage(self, code: str) -> tuple[str, ...]:
        """The code and its ancestors, nearest first (cached)."""
        hit = self._lineages.get(code)
        if hit is None:
            hit = self._lineages[code] = (code, *self.ancestors(code))
        return hit

    def graph_chain(self, code: str, ancestor: str) -> list[str] | None:
        """[code, …, ancestor] following only PART_OF links that exist in the graph (None if not)."""
        chain, cur = [code], code
        while cur != ancestor:
            cur = self.graph_parent.get(cur)
            if cur is None or cur in chain:
                return None
            chain.append(cur)
        return chain

    def children(self) -> dict[str, list[str]]:
        if self._children is None:
            ch: dict[str, list[str]] = {}
            for c in self.names:
                p = self.parent(c)
                if p:
                    ch.setdefault(p, []).append(c)
            self._children = ch
        return self._children

    def descendants(self, code: str) -> list[str]:
        """Every industry inside ``code`` (not including it)."""
        out, stack = [], list(self.children().get(code, []))
        while stack:
            c = stack.pop()
            out.append(c)
            stack.extend(self.children().get(c, []))
        return sorted(out)

    def at_level(self, code: str, level: str) -> str | None:
        """The code's ancestor-or-self at ``level`` (门类/大类/中类/小类); None if the code is coarser."""
        want = LEVELS.index(level)
        for c in self.lineage(code):
            lv = self.levels.get(c) or level_of(c)
            if lv == level:
                return c
            if LEVELS.index(lv) < want:
                return None
        return None

    def match(self, firm_code: str, served_code: str) -> float:
        """How well a firm's industry fits a served industry (see the module table; cached)."""
        key = (firm_code, served_code)
        hit = self._matches.get(key)
        if hit is None:
            hit = self._matches[key] = self._match(firm_code, served_code)
        return hit

    def _match(self, firm_code: str, served_code: str) -> float:
        if firm_code == served_code:
            return MATCH_IN
        f_line, s_line = self.lineage(firm_code), self.lineage(served_code)
        if served_code in f_line:
            return MATCH_IN
        if firm_code in s_line and (self.levels.get(firm_code) or level_of(firm_code)) != "门类":
            return MATCH_COARSE_FIRM
        div_f, div_s = self.at_level(firm_code, "大类"), self.at_level(served_code, "大类")
        if div_f and div_f == div_s:
            return MATCH_SAME_DIVISION
        if section_of(firm_code) and section_of(firm_code) == section_of(served_code):
            return MATCH_SAME_SECTION
        return 0.0

    def related_codes(self, served: list[str], min_match: float = MATCH_COARSE_FIRM) -> set[str]:
        """Industry codes a firm may be classified under to match one of ``served`` at ≥ ``min_match``."""
        out: set[str] = set()
        for s in served:
            out.add(s)
            out.update(self.descendants(s))
            if min_match <= MATCH_COARSE_FIRM:
                out.update(a for a in self.ancestors(s) if (self.levels.get(a) or level_of(a)) != "门类")
            if min_match <= MATCH_SAME_DIVISION:
                div = self.at_level(s, "大类")
                if div:
                    out.add(div)
                    out.update(self.descendants(div))
            if min_match <= MATCH_SAME_SECTION:
                sec = section_of(s)
                if sec:
                    out.add(sec)
                    out.update(self.descendants(sec))
        return {c for c in out if c in self.names}


_TREE_Q = "MATCH (i:Industry) OPTIONAL MATCH (i)-[:PART_OF]->(p:Industry) RETURN i.code AS code, i.name AS name, i.level AS level, p.code AS parent"


def tree(store) -> IndustryTree:
    """The industry tree of ``store`` (cached per store while its change token is unchanged)."""
    return cache.memo(store, ("industry_tree",), lambda: _build_tree(store))


def _build_tree(store) -> IndustryTree:
    t = IndustryTree()
    for r in store.read(_TREE_Q, limit=None):
        t.names[r["code"]] = r["name"] or r["code"]
        t.levels[r["code"]] = r["level"] or level_of(r["code"])
        if r["parent"]:
            t.graph_parent[r["code"]] = r["parent"]
    return t


_MAJOR_LINKS_Q = """
MATCH (m:Major {code: $code})
OPTIONAL MATCH (m)-[r:SERVES]->(i:Industry)
RETURN m.code AS major, m.name AS major_name, i.code AS code, i.name AS name, r.level AS level,
       r.confidence AS confidence, r.extractor AS extractor, r.signals AS signals,
       r.evidence_items AS evidence_items, r.evidence AS evidence, r.source AS source, r.locator AS locator
"""


def major_industry_links(store, code: str) -> list[dict]:
    """A major's ``SERVES`` links with why they exist: one dict per link (``code``, ``name``, ``level``,
    ``confidence``, ``extractor``, ``signals`` {signal: contribution to the link's logit}, ``evidence``
    [{signal, source, locator, text}]), best first (大类 by confidence, each followed by its 中类).
    Raises ``LookupError`` when the major is not in the graph."""
    import json

    rows = store.read(_MAJOR_LINKS_Q, {"code": (code or "").strip().upper()}, limit=None)
    if not rows:
        raise LookupError(f"major {code!r} is not in the graph")
    out = []
    for r in rows:
        if not r.get("code"):
            continue
        try:
            sig = json.loads(r["signals"]) if r.get("signals") else {}
        except ValueError:
            sig = {}
        items = []
        for t in r.get("evidence_items") or []:
            try:
                items.append(json.loads(t))
            except ValueError:
                continue
        if not items and r.get("evidence"):
            items = [{"signal": "stated", "source": r.get("source"), "locator": r.get("locator"),
                      "text": r["evidence"]}]
        out.append({"major": r["major"], "major_name": r["major_name"], "code": r["code"], "name": r["name"],
                    "level": r.get("level") or level_of(r["code"]), "confidence": r.get("confidence"),
                    "extractor": r.get("extractor"), "signals": sig, "evidence": items})
    div_conf = {x["code"]: x["confidence"] or 0 for x in out if len(x["code"]) == 2}
    out.sort(key=lambda x: (-(div_conf.get(x["code"][:2], x["confidence"] or 0)), x["code"][:2], len(x["code"])))
    return out
