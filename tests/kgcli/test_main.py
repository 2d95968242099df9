"""The `kg` CLI foundation: init, stats, cypher (read-only unless --write), errors as one line."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from kg import schema

KG = [sys.executable, "-m", "kgcli.main"]


def kg(*args, env=None, check=False):
    e = {**os.environ, **(env or {})}
    p = subprocess.run([*KG, *args], capture_output=True, text=True, env=e, timeout=120)
    if check and p.returncode != 0:
        raise AssertionError(p.stderr)
    return p


@pytest.fixture
def db(tmp_path):
    return {"KG_DB": str(tmp_path / "x.lbug"), "KG_STORE": "embedded"}


def test_init_then_stats_json_zero_for_every_label(db):
    kg("init", env=db, check=True)
    kg("init", env=db, check=True)  # twice is harmless
    s = json.loads(kg("stats", "--json", env=db, check=True).stdout)
    assert set(s["nodes"]) == set(schema.LABELS) and set(s["relationships"]) == set(schema.REL_TYPES)
    assert all(v == 0 for v in s["nodes"].values()) and all(v == 0 for v in s["relationships"].values())


def test_cypher_write_refused_without_flag_and_graph_unchanged(db):
    kg("init", env=db, check=True)
    p = kg("cypher", "CREATE (:Major {code:'1'})", env=db)
    assert p.returncode != 0
    assert p.stderr.strip().count("\n") == 0 and "read-only" in p.stderr and "Traceback" not in p.stderr
    s = json.loads(kg("stats", "--json", env=db, check=True).stdout)
    assert s["nodes"]["Major"] == 0
    kg("cypher", "CREATE (:Major {code:'1', name:$n})", "-p", "n=计算机", "--write", env=db, check=True)
    rows = json.loads(kg("cypher", "MATCH (m:Major) RETURN m.code AS code, m.name AS name", "--format", "json",
                         env=db, check=True).stdout)
    assert rows == [{"code": "1", "name": "计算机"}]


def test_cypher_formats_and_params(db):
    kg("init", env=db, check=True)
    kg("cypher", "CREATE (:Industry {code:'65', name:'软件,\"信息\"'})", "--write", env=db, check=True)
    csv_out = kg("cypher", "MATCH (i:Industry) WHERE i.code = $c RETURN i.code AS code, i.name AS name",
                 "-p", "c=65", "--format", "csv", env=db, check=True).stdout
    assert csv_out.splitlines()[0] == "code,name" and '"软件,""信息"""' in csv_out
    table = kg("cypher", "MATCH (i:Industry) RETURN i.code AS code", env=db, check=True).stdout
    assert "code" in table and "65" in table


def test_errors_are_one_line(db, tmp_path):
    p = kg("stats", env={"KG_DB": str(tmp_path / "missing.lbug")})
    assert p.returncode != 0 and "kg init" in p.stderr and "Traceback" not in p.stderr
    kg("init", env=db, check=True)
    p = kg("cypher", "MATCH (n RETURN n", env=db)
    assert p.returncode != 0 and p.stderr.startswith("error:") and "Traceback" not in p.stderr
    p = kg("cypher", "RETURN 1", "-p", "novalue", env=db)
    assert p.returncode != 0 and "key=value" in p.stderr
    p = kg("--store", "mongo", "stats", env=db)
    assert p.returncode != 0 and "embedded" in p.stderr


def test_second_writer_gets_lock_message(db):
    kg("init", env=db, check=True)
    holder = subprocess.Popen([sys.executable, "-c",
                               "import sys,time,ladybug; d=ladybug.Database(sys.argv[1]); print('ok', flush=True); "
                               "time.sleep(30)", db["KG_DB"]], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        p = kg("cypher", "CREATE (:Major {code:'2'})", "--write", env=db)
        assert p.returncode != 0 and f"locked by process {holder.pid}" in p.stderr
        # readers still work while the writer holds the lock
        s = kg("stats", "--json", env=db)
        assert s.returncode == 0, s.stderr
    finally:
        holder.kill()


def test_help_for_every_command():
    from kgcli.main import app
    from typer.testing import CliRunner

    r = CliRunner().invoke(app, ["--help"])
    assert r.exit_code == 0
    import typer.main

    click_app = typer.main.get_command(app)
    for name in click_app.commands:
        r = CliRunner().invoke(app, [name, "--help"])
        assert r.exit_code == 0, (name, r.output)


def test_explain_major_errors_are_one_line_and_it_prints_links(db):
    kg("init", env=db, check=True)
    p = kg("explain", "college", "510101", env=db)
    assert p.returncode != 0 and "known: major" in p.stderr and "Traceback" not in p.stderr
    p = kg("explain", "major", "999999", env=db)
    assert p.returncode != 0 and "not in the graph" in p.stderr and "Traceback" not in p.stderr
    # a TEST FIXTURE major with one SERVES link carrying signals and evidence
    item = json.dumps({"signal": "crosswalk", "source": "ref:x.xlsx", "locator": "sheet S row 2", "text": "汽车维修工"},
                      ensure_ascii=False)
    q = ("CREATE (m:Major {code: '599901', name: '示例汽车技术'}) CREATE (i:Industry {code: '81', name: '修理业'}) "
         "CREATE (m)-[:SERVES {level: '大类', confidence: 0.8, extractor: 'industry-linker@2', "
         "signals: '{\"crosswalk\": 1.5}', evidence_items: ['" + item + "'], source: 'ref:x.xlsx', "
         "evidence: '汽车维修工'}]->(i)")
    kg("cypher", q, "--write", env=db, check=True)
    p = kg("explain", "major", "599901", env=db, check=True)
    assert "81 修理业 [大类] confidence 0.8" in p.stdout and "crosswalk +1.50" in p.stdout
    assert "「汽车维修工」 ref:x.xlsx sheet S row 2" in p.stdout
    j = json.loads(kg("explain", "major", "599901", "--json", env=db, check=True).stdout)
    assert j[0]["signals"] == {"crosswalk": 1.5} and j[0]["evidence"][0]["text"] == "汽车维修工"


def test_eval_seeds_refused_where_it_does_not_apply_or_is_malformed(db):
    p = kg("eval", "curriculum", "--seeds", "0-2", env=db)
    assert p.returncode != 0 and "--seeds applies to suggest and industry-linker" in p.stderr
    p = kg("eval", "industry-linker", "--seeds", "a-b", env=db)
    assert p.returncode != 0 and "expected N or N-M" in p.stderr and "Traceback" not in p.stderr
    p = kg("eval", "curriculum", "--signals", "hiring", env=db)
    assert p.returncode != 0 and "--signals applies to industry-linker" in p.stderr
    p = kg("eval", "industry-linker", "--signals", "postings", env=db)
    assert p.returncode != 0 and "unknown optional signal(s) postings" in p.stderr and "Traceback" not in p.stderr
