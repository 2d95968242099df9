"""No injection: hostile names go through every CLI command that takes text; the graph is unchanged,
the answer is an answer (rows, or one clear `error:` line), and a firm whose name *is* hostile is found."""
from __future__ import annotations

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
    st.upsert_nodes("Firm", [{"id": "evil-firm", "name": EVIL_FIRM, "province": "广东省", "city": "深圳市",
                              "_prov": [Provenance(source="test:hostile", extractor="test@1")]}])
    st.close()
    return path


def _stats(path):
    st = EmbeddedStore(str(path), read_only=True)
    try:
        return st.stats(), st.read("MATCH (n:Firm) RETURN n.id AS id, n.name AS name ORDER BY id")
    finally:
        st.close()


def _invoke(args, db):
    from kgcli.main import app

    return CliRunner().invoke(app, ["--db", str(db), *args, "--format", "json"])


def test_hostile_text_through_every_command(hostile_db):
    before = _stats(hostile_db)
    for make in COMMANDS:
        for h in HOSTILE:
            args = make(h)
            r = _invoke(args, hostile_db)
            assert "Traceback" not in r.output, (args[:2], h[:30], r.output[-400:])
            if r.exit_code == 0:
                assert isinstance(json.loads(r.stdout), list), (args[:2], r.stdout[:200])
            else:
                assert r.exception is None or isinstance(r.exception, SystemExit), (args[:2], repr(r.exception))
                assert r.stderr.strip().startswith("error:") and "\n" not in r.stderr.strip(), r.stderr[-300:]
    assert _stats(hostile_db) == before


def test_a_hostile_name_is_found_exactly(hostile_db):
    r = _invoke(["cypher", "MATCH (f:Firm) WHERE f.name = $n RETURN f.id AS id", "-p", f"n={EVIL_FIRM}"], hostile_db)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == [{"id": "evil-firm"}]
    r = _invoke(["query", "firm_profile", "-p", f"firm={EVIL_FIRM}"], hostile_db)
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert rows and any(EVIL_FIRM in json.dumps(row, ensure_ascii=False) or "evil-firm" in json.dumps(row)
                        for row in rows)
