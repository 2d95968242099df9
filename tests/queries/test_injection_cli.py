"""No injection: hostile names go through every CLI command that takes text; the graph is unchanged,
the answer is an answer (rows, or one clear `error:` line), and a firm whose name *is* hostile is found.

"Unchanged" is checked where it could fail: every command gets a writable store whose reads run as
writes (no read-only safety net), on both stores, and the graph's fingerprint (counts and a hash of every
property) is compared before and after — so only parameter binding keeps a hostile name out."""
from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from typer.testing import CliRunner

from kg.records import Provenance
from kg.store.embedded import EmbeddedStore

HOSTILE = [
    "x' OR 1=1 //",
    'a"}) MATCH (n) DETACH DELETE n //',
    "`Firm`) DETACH DELETE n WITH 1 AS x MATCH (y",
    "}]->(x) CREATE (:Major {code:'pwn'}) //",
    "名称\nMATCH (n) DETACH DELETE n",
    "'; DROP TABLE Firm; --",
    "长" * 5000,
    "\\' \\\" \\u0027",
    # completes a single-quoted interpolation into a valid query that writes (count(*) gives one row)
    "' WITH count(*) AS x CREATE (:Major {code:'pwn'}) WITH x MATCH (c:College) WHERE c.name = '",
]

COMMANDS = [
    lambda h: ["gaps", "--college", h],
    lambda h: ["gaps", "--college", "深圳职业技术大学", "--group", h],
    lambda h: ["coverage", "--region", h],
    lambda h: ["skills-gap", "--college", h],
    lambda h: ["suggest", "--group", h],
    lambda h: ["suggest-groups", "--industry", h],
    lambda h: ["review-partners", "--college", h],
    lambda h: ["pathways", "--major", h],
    lambda h: ["network", "centrality", "--region", h],
    lambda h: ["query", "firm_profile", "-p", f"firm={h}"],
    lambda h: ["query", "college_groups", "-p", f"college={h}"],
    lambda h: ["query", "entity_path", "-p", f"source={h}", "-p", f"target={h}"],
    lambda h: ["cypher", "MATCH (f:Firm) WHERE f.name = $n RETURN f.id AS id", "-p", f"n={h}"],
]

EVIL_FIRM = "恶意\"公司'}) DETACH DELETE n // `x`\n有限公司"


@pytest.fixture(scope="module")
def hostile_db(fixture_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "graph.lbug"
    shutil.copy(fixture_db, path)
    st = EmbeddedStore(str(path))
    st.upsert_nodes("Firm", [EVIL_FIRM_ROW])
    st.close()
    return path


EVIL_FIRM_ROW = {"id": "evil-firm", "name": EVIL_FIRM, "province": "广东省", "city": "深圳市",
                 "_prov": [Provenance(source="test:hostile", extractor="test@1")]}


class WritesLetThrough:
    """The store every command gets in the "unchanged" test: writable, and its reads run as writes
    (no read-only open, no READ ONLY transaction). Only parameter binding then stands between a hostile
    name and the graph — an injected CREATE/DELETE would land and change the fingerprint."""

    def __init__(self, st):
        self._st = st

    def read(self, query, params=None, *, limit=None, timeout=None, **_):
        rows = self._st.write(query, params)
        return rows if limit is None or not isinstance(limit, int) else rows[:limit]

    def close(self):  # the test closes the real store
        pass

    def __getattr__(self, name):
        return getattr(self._st, name)


def fingerprint(st) -> tuple[dict, str]:
    """Counts per label/type and a hash of every node's and relationship's properties (internal ids
    left out): any created, deleted or edited fact changes it."""
    from kg import schema

    h = hashlib.sha256()
    for n in schema.NODES:
        rows = st.read(f"MATCH (x:{n.label}) RETURN x", limit=None)
        h.update(json.dumps(sorted(json.dumps(_props(r["x"]), sort_keys=True, default=str, ensure_ascii=False)
                                   for r in rows)).encode())
    for t in schema.RELS:
        rows = st.read(f"MATCH (a)-[x:{t.type}]->(b) RETURN x", limit=None)
        h.update(json.dumps(sorted(json.dumps(_props(r["x"]), sort_keys=True, default=str, ensure_ascii=False)
                                   for r in rows)).encode())
    return st.stats(), h.hexdigest()


def _props(v) -> dict:
    d = dict(v) if isinstance(v, dict) else dict(getattr(v, "items", lambda: [])())
    return {k: x for k, x in d.items() if not str(k).startswith("_")}


def _invoke(args, db):
    from kgcli.main import app

    return CliRunner().invoke(app, ["--db", str(db), *args, "--format", "json"])


def _answers(args, r):
    assert "Traceback" not in r.output, (args[:2], r.output[-400:])
    if r.exit_code == 0:
        assert isinstance(json.loads(r.stdout), list), (args[:2], r.stdout[:200])
    else:
        assert r.exception is None or isinstance(r.exception, SystemExit), (args[:2], repr(r.exception))
        assert r.stderr.strip().startswith("error:") and "\n" not in r.stderr.strip(), r.stderr[-300:]


@pytest.fixture(params=["embedded", "neo4j"])
def hostile_store(request, hostile_db, tmp_path):
    """A writable store holding the fixture graph and the hostile firm, on each store."""
    if request.param == "embedded":
        path = tmp_path / "graph.lbug"
        shutil.copy(hostile_db, path)
        st = EmbeddedStore(str(path))
        yield st
        st.close()
    else:
        from fixture_graph import build

        st = request.getfixturevalue("neo4j")
        build(st)
        st.upsert_nodes("Firm", [EVIL_FIRM_ROW])
        yield st


def test_hostile_text_through_every_command(hostile_store, monkeypatch):
    import kg.store

    loose = WritesLetThrough(hostile_store)
    monkeypatch.setattr(kg.store, "open_store", lambda *a, **k: loose)
    before = fingerprint(hostile_store)
    assert before[0]["nodes"]["Firm"] > 1
    for make in COMMANDS:
        for h in HOSTILE:
            args = make(h)
            _answers(args, _invoke(args, "unused-the-store-is-patched"))
    assert fingerprint(hostile_store) == before


def test_a_hostile_name_is_found_exactly(hostile_db):
    r = _invoke(["cypher", "MATCH (f:Firm) WHERE f.name = $n RETURN f.id AS id", "-p", f"n={EVIL_FIRM}"], hostile_db)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == [{"id": "evil-firm"}]
    r = _invoke(["query", "firm_profile", "-p", f"firm={EVIL_FIRM}"], hostile_db)
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert rows and any(EVIL_FIRM in json.dumps(row, ensure_ascii=False) or "evil-firm" in json.dumps(row)
                        for row in rows)
