"""kg.neo4j_import: the importer's CSV files, and a real `neo4j-admin database import` that stores
exactly what the Bolt upserts store.

The Neo4j test runs its own server home (it stops and starts it): KG_TEST_IMPORT_NEO4J_HOME
[/tmp/kg-neo4j-importtest], port KG_TEST_IMPORT_NEO4J_PORT [17741]. Without Java/Maven it skips, unless
KG_REQUIRE_NEO4J=1, where it fails.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import schema
from kg.records import Provenance
from kg.neo4j_import import ARRAY_DELIMITER, ImportTables, LocalNeo4j, Neo4jImportError

REQUIRE_NEO4J = os.environ.get("KG_REQUIRE_NEO4J") == "1"
EVIDENCE = 'line one, "quoted"\nline two\r\nback\\slash;semi\ttab 中文'


def _p(src: str, conf: float = 0.9, evidence: str | None = EVIDENCE, loc: str | None = "row 1") -> Provenance:
    return Provenance(source=src, extractor="test@1", evidence=evidence, confidence=conf, locator=loc)


def upsert_calls() -> list[tuple]:
    """Upserts covering the CSV's hard cases: quotes, line breaks, commas, backslashes, empty strings,
    empty lists, lists whose elements hold the CSV's delimiters, booleans, ints, floats, no value,
    facts stated twice in two calls (provenance merged), multi-pair types, a missing endpoint."""
    return [
        ("nodes", "Region", [{"id": "广东省", "name": "广东省", "level": "province", "_prov": [_p("doc:a")]},
                             {"id": "广东省/广州市", "name": "广州市", "level": "city", "province": "广东省",
                              "_prov": [_p("doc:a", evidence=None, loc=None)]}]),
        ("nodes", "College", [{"moe_code": "4144011113", "name": "深圳职业技术大学",
                               "aliases": ["深职院", 'a,b;"c"', "x\ny", ""], "province": "广东省", "city": "",
                               "_prov": [_p("doc:a", 0.8)]},
                              {"moe_code": "4144000001", "name": "空别名学院", "aliases": [],
                               "_prov": [_p("doc:b", 1.0)]}]),
        ("nodes", "Occupation", [{"code": "2-02-10-03", "name": "软件工程技术人员", "digital": True, "green": False,
                                  "aliases": [""], "definition": "多行\n定义", "_prov": [_p("doc:a")]}]),
        ("nodes", "Major", [{"code": "510201", "name": "计算机应用技术", "year_added": 2021, "_prov": [_p("doc:a")]}]),
        ("nodes", "ResearchProject", [{"id": "p1", "title": "项目", "year": 2024, "funding": 12.5,
                                       "_prov": [_p("doc:a", 0.7)]},
                                      {"id": "p2", "title": "项目二", "funding": 1e-07, "review": True,
                                       "_prov": [_p("doc:a", 0.3)]}]),
        ("nodes", "Firm", [{"id": "f1", "name": "华为", "tags": ["上市公司", "专精特新"],
                            "_prov": [_p("doc:a", evidence="one line")]}]),
        # the same nodes again from another document: provenance merged, lists unioned, scalars replaced
        ("nodes", "College", [{"moe_code": "4144011113", "aliases": ["深圳职院"], "level": "本科",
                               "_prov": [_p("doc:c", 0.95, evidence="另一份文件")]}]),
        ("nodes", "Firm", [{"id": "f1", "name": "华为技术有限公司", "tags": ["上市公司", "500强"],
                            "_prov": [_p("doc:b", 0.5, evidence="one line")]}]),
        ("rels", "LOCATED_IN", "College", "Region", [{"from": "4144011113", "to": "广东省/广州市", "_prov": [_p("doc:a")]},
                                                     {"from": "4144000001", "to": "广东省/深圳市",  # no such region
                                                      "_prov": [_p("doc:a")]}]),
        ("rels", "LOCATED_IN", "Firm", "Region", [{"from": "f1", "to": "广东省/广州市", "_prov": [_p("doc:b")]}]),
        ("rels", "PART_OF", "Region", "Region", [{"from": "广东省/广州市", "to": "广东省", "_prov": [_p("doc:a")]}]),
        ("rels", "PARTNERS_WITH", "Firm", "College", [{"from": "f1", "to": "4144011113", "kind": "订单班",
                                                       "internship_posts": 30, "evaluation_scores": "",
                                                       "_prov": [_p("doc:a", 0.6)]}]),
        ("rels", "INVOLVES", "ResearchProject", "College", [{"from": "p1", "to": "4144011113", "role": "lead",
                                                             "_prov": [_p("doc:a")]}]),
        ("rels", "INVOLVES", "ResearchProject", "Firm", [{"from": "p1", "to": "f1", "role": "partner",
                                                          "_prov": [_p("doc:a")]}]),
        ("rels", "PARTNERS_WITH", "Firm", "College", [{"from": "f1", "to": "4144011113", "kind": "现代学徒制",
                                                       "joint_projects": 2, "_prov": [_p("doc:d", 0.9)]}]),
    ]


def apply_calls(store, calls) -> list:
    skipped = []
    for c in calls:
        if c[0] == "nodes":
            store.upsert_nodes(c[1], c[2])
        else:
            skipped += store.upsert_relationships(c[1], c[4], c[2], c[3])[1]
    return skipped


def _read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_csv_files_are_rendered_from_the_schema_quoted_and_typed(tmp_path):
    t = ImportTables()
    skipped = apply_calls(t, upsert_calls())
    assert [s["reason"] for s in skipped] == ["no Region with key '广东省/深圳市'"]
    m = t.write_csv(tmp_path / "csv")
    assert m["counts"]["nodes"]["College"] == 2 and m["counts"]["relationships"]["INVOLVES"] == 2
    assert json.loads((tmp_path / "csv" / "manifest.json").read_text(encoding="utf-8"))["counts"] == m["counts"]

    head = _read_csv(tmp_path / "csv/nodes/College.header.csv")[0]
    assert head[0] == "moe_code:ID(College)" and "aliases:string[]" in head and "confidence:double" in head
    assert "provenance:string[]" in head and "review:boolean" in head
    rhead = _read_csv(tmp_path / "csv/relationships/INVOLVES.ResearchProject.Firm.header.csv")[0]
    assert rhead[:3] == [":START_ID(ResearchProject)", ":END_ID(Firm)", "role:string"]
    assert "internship_posts:long" in _read_csv(tmp_path / "csv/relationships/PARTNERS_WITH.Firm.College.header.csv")[0]

    rows = {r[0]: dict(zip(head, r)) for r in _read_csv(tmp_path / "csv/nodes/College.csv")}
    szpu = rows["4144011113"]
    assert szpu["aliases:string[]"].split(ARRAY_DELIMITER) == ["深职院", 'a,b;"c"', "x\ny", "", "深圳职院"]
    assert szpu["city:string"] == "" and szpu["level:string"] == "本科"
    stmts = [json.loads(s) for s in szpu["provenance:string[]"].split(ARRAY_DELIMITER)]
    assert [s["source"] for s in stmts] == ["doc:a", "doc:c"] and stmts[0]["evidence"] == EVIDENCE
    assert szpu["confidence:double"] == "0.95" and szpu["evidence:string"] == "另一份文件"
    # an empty string is a quoted empty field, no value an empty one
    raw = (tmp_path / "csv/nodes/College.csv").read_text(encoding="utf-8")
    assert ',"",' in raw and ",," in raw
    # CSV has no form for [] and [""]: written over Bolt after the import
    assert {(p["key"], p["property"], json.dumps(p["value"])) for p in m["patches"]} == {
        ("4144000001", "aliases", "[]"), ("2-02-10-03", "aliases", '[""]')}
    occ = dict(zip(_read_csv(tmp_path / "csv/nodes/Occupation.header.csv")[0],
                   _read_csv(tmp_path / "csv/nodes/Occupation.csv")[0]))
    assert occ["digital:boolean"] == "true" and occ["green:boolean"] == "false" and occ["aliases:string[]"] == ""
    proj = {r[0]: r for r in _read_csv(tmp_path / "csv/nodes/ResearchProject.csv")}
    assert "2024" in proj["p1"] and "1e-07" in proj["p2"] and "true" in proj["p2"]
    # only files with a line break inside a value are parsed as multi-line (the others stay fast)
    assert "nodes/College.csv" in m["multiline"] and "nodes/Firm.csv" not in m["multiline"]
    with pytest.raises(Neo4jImportError, match="already holds import files"):
        t.write_csv(tmp_path / "csv")


def test_csv_written_by_several_processes_is_the_same_and_a_bad_value_is_the_first_in_schema_order(tmp_path):
    t = ImportTables()
    apply_calls(t, upsert_calls())
    one = t.write_csv(tmp_path / "one", workers=1)
    four = t.write_csv(tmp_path / "four", workers=4)
    for k in ("nodes", "relationships", "counts", "multiline", "patches", "bytes"):
        assert one[k] == four[k], k
    files = sorted(str(f.relative_to(tmp_path / "one")) for f in (tmp_path / "one").rglob("*.csv"))
    assert len(files) > 4
    for f in files:
        assert (tmp_path / "four" / f).read_bytes() == (tmp_path / "one" / f).read_bytes(), f
    # two bad tables in two processes: the error is the one a single process meets first
    t.upsert_nodes("ResearchProject", [{"id": "p9", "year": "2024", "_prov": [_p("doc:a")]}])
    t.upsert_nodes("Firm", [{"id": "f9", "tags": ["bad" + ARRAY_DELIMITER], "_prov": [_p("doc:a")]}])
    with pytest.raises(Neo4jImportError) as serial:
        t.write_csv(tmp_path / "bad1", workers=1)
    for w in (2, 3, 8):
        with pytest.raises(Neo4jImportError) as parallel:
            t.write_csv(tmp_path / f"bad{w}", workers=w)
        assert str(parallel.value) == str(serial.value)


def test_values_the_importer_cannot_take_are_refused_with_one_line(tmp_path):
    t = ImportTables()
    t.upsert_nodes("ResearchProject", [{"id": "p1", "year": "2024", "_prov": [_p("doc:a")]}])
    with pytest.raises(Neo4jImportError, match=r"ResearchProject 'p1': year = '2024' is str, the schema says INT64"):
        t.write_csv(tmp_path / "a")
    t = ImportTables()
    t.upsert_nodes("Firm", [{"id": "f1", "tags": ["ok", "bad" + ARRAY_DELIMITER], "_prov": [_p("doc:a")]}])
    with pytest.raises(Neo4jImportError, match="array delimiter"):
        t.write_csv(tmp_path / "b")


def test_a_stored_graph_exports_to_the_same_files_and_kg_neo4j_import_writes_them(tmp_path):
    from kg.store.embedded import EmbeddedStore
    from kg.neo4j_import import tables_from_store
    from kgcli.main import app

    db = tmp_path / "g.lbug"
    st = EmbeddedStore(str(db))
    try:
        st.apply_schema()
        apply_calls(st, upsert_calls())
    finally:
        st.close()
    direct = ImportTables()
    apply_calls(direct, upsert_calls())
    m = direct.write_csv(tmp_path / "direct")
    r = CliRunner().invoke(app, ["--db", str(db), "neo4j-import", "--csv-only", "--csv-dir", str(tmp_path / "cli")])
    assert r.exit_code == 0, r.output
    assert "wrote import files for 9 nodes and 6 relationships" in r.output
    files = sorted(str(f.relative_to(tmp_path / "direct")) for f in (tmp_path / "direct").rglob("*.csv"))
    assert files == sorted(str(f.relative_to(tmp_path / "cli")) for f in (tmp_path / "cli").rglob("*.csv"))
    for f in files:  # byte for byte: what the embedded store holds is what the upserts computed
        assert (tmp_path / "cli" / f).read_bytes() == (tmp_path / "direct" / f).read_bytes(), f
    cli_m = json.loads((tmp_path / "cli" / "manifest.json").read_text(encoding="utf-8"))
    assert cli_m["counts"] == m["counts"] and cli_m["patches"] == m["patches"]
    r = CliRunner().invoke(app, ["--db", str(db), "neo4j-import", "--csv-only", "--csv-dir", str(tmp_path / "cli")])
    assert r.exit_code == 1 and r.output.startswith("error: ") and "already holds import files" in r.output


# ------------------------------------------------------------------ a real import
def _unavailable(reason: str):
    if REQUIRE_NEO4J:
        pytest.fail(f"Neo4j required (KG_REQUIRE_NEO4J=1) but unavailable: {reason}")
    pytest.skip(f"Neo4j not available: {reason}")


@pytest.fixture(scope="module")
def import_server():
    """A server home of its own: the import stops and starts it."""
    if not (shutil.which("java") and shutil.which("mvn")):
        _unavailable("java and mvn are needed to run Neo4j from Maven Central artifacts")
    srv = LocalNeo4j(home=os.environ.get("KG_TEST_IMPORT_NEO4J_HOME", "/tmp/kg-neo4j-importtest"),
                     bolt_port=os.environ.get("KG_TEST_IMPORT_NEO4J_PORT", "17741"), http_port="0",
                     password="kg-test-password",
                     extra_env={"NEO4J_LOCAL_HEAP": "1g", "NEO4J_LOCAL_PAGECACHE": "256m", "NEO4J_LOCAL_CDS": "0"})
    try:
        srv.script("start", "--fresh", timeout=600)
    except Neo4jImportError as e:
        _unavailable(str(e))
    yield srv
    if os.environ.get("KG_KEEP_NEO4J") != "1":
        srv.script("stop", timeout=300)


def _typed(v):
    """A value with its type, recursively (1 and 1.0, True and 1 differ)."""
    if isinstance(v, list):
        return ("list", tuple(_typed(x) for x in v))
    return (type(v).__name__, v)


def graph_of(st) -> dict:
    nodes = {(r["l"][0], json.dumps(r["p"], sort_keys=True)): {k: _typed(v) for k, v in r["p"].items()}
             for r in st.read("MATCH (n) RETURN labels(n) AS l, properties(n) AS p", limit=None)}
    rels = {}
    for r in st.read("MATCH (a)-[r]->(b) RETURN labels(a)[0] AS la, properties(a) AS pa, type(r) AS t, "
                     "labels(b)[0] AS lb, properties(b) AS pb, properties(r) AS p", limit=None):
        k = (r["t"], r["la"], r["pa"][schema.key_of(r["la"])], r["lb"], r["pb"][schema.key_of(r["lb"])])
        assert k not in rels, f"two {k} relationships"
        rels[k] = {p: _typed(v) for p, v in r["p"].items()}
    return {"nodes": sorted(nodes.items(), key=lambda kv: kv[0]), "rels": rels}


@pytest.mark.neo4j
@pytest.mark.timeout(600)
def test_import_stores_exactly_what_the_bolt_upserts_store_and_a_bad_row_changes_nothing(
        import_server, tmp_path, monkeypatch):
    from kgcli.main import app

    # 1. the online path: the upserts over Bolt
    st = import_server.open_store()
    try:
        st.write("MATCH (n) DETACH DELETE n")
        st.apply_schema()
        bolt_skipped = apply_calls(st, upsert_calls())
        via_bolt = graph_of(st)
    finally:
        st.close()
    assert len(via_bolt["nodes"]) == 9 and len(via_bolt["rels"]) == 6

    # 2. the same calls into import tables → CSV → `kg neo4j-import --from-csv` (stop, swap, start, schema)
    t = ImportTables()
    assert apply_calls(t, upsert_calls()) == bolt_skipped
    t.write_csv(tmp_path / "csv")
    for k, v in import_server.env().items():
        if k.startswith("NEO4J_LOCAL_"):
            monkeypatch.setenv(k, v)
    r = CliRunner().invoke(app, ["neo4j-import", "--from-csv", str(tmp_path / "csv"), "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output.strip().splitlines()[-1])
    print({k: v for k, v in out.items() if k.endswith("_s")})  # shown with -s or on failure
    assert out["patches"] == 2 and out["counts"]["relationships"]["PARTNERS_WITH"] == 1
    st = import_server.open_store()
    try:
        via_import = graph_of(st)
        constraints = st.read("SHOW CONSTRAINTS YIELD labelsOrTypes RETURN labelsOrTypes[0] AS l", limit=None)
    finally:
        st.close()
    assert via_import == via_bolt  # every node and relationship, every property, with its type
    assert {c["l"] for c in constraints} == {n.label for n in schema.NODES}

    # 3. a bad row (a relationship to a node that is not there): one line, the served graph untouched
    bad = tmp_path / "bad"
    shutil.copytree(tmp_path / "csv", bad)
    with open(bad / "relationships/PART_OF.Region.Region.csv", "a", encoding="utf-8") as f:  # no properties
        f.write(",".join(['"广东省/广州市"', '"广东省/不存在市"'] + [""] * len(schema.rel("PART_OF").all_props)) + "\n")
    r = CliRunner().invoke(app, ["neo4j-import", "--from-csv", str(bad)])
    assert r.exit_code == 1
    err = r.output.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: neo4j-admin import failed:"), r.output
    assert "不存在市" in err[0], err[0]  # names the bad row
    st = import_server.open_store()
    try:
        assert graph_of(st) == via_bolt
    finally:
        st.close()
