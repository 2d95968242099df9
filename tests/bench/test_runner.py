"""The benchmark harness works end to end on the tiny scale (not a timed test: no speed is asserted)."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from kgcli.main import app


def test_kg_bench_load_runs_each_variant_in_a_subprocess_and_writes_json(tmp_path):
    out = tmp_path / "load.json"
    r = CliRunner().invoke(app, ["bench", "load", "--scale", "tiny",
                                 "--baseline-fraction", "0.5", "--json", str(out),
                                 "--workdir", str(tmp_path / "work")])
    assert r.exit_code == 0, r.output
    report = json.loads(out.read_text(encoding="utf-8"))
    by = {x["benchmark"]: x for x in report["results"]}
    assert set(by) == {"load:api", "load:naive"}
    api, naive = by["load:api"], by["load:naive"]
    assert api["counts_ok"] is True and api["relationships"] > 10_000
    assert api["seconds"] > 0 and api["peak_rss_mb"] > 50  # measured in its own process
    assert naive["fraction"] == 0.5 and naive["seconds_extrapolated"] >= naive["seconds"]
    assert report["ratios"]["naive/api"] == round(naive["seconds_extrapolated"] / api["seconds"], 2)
    assert report["machine"]["cpus"] >= 1
    assert "load:api" in r.output and "ratio naive/api" in r.output


def test_kg_bench_generate_refuses_the_reference_graph_and_queries_run_on_what_it_wrote(tmp_path):
    ref = tmp_path / "reference.lbug"
    r = CliRunner().invoke(app, ["bench", "generate", "--scale", "tiny", "--out", str(ref),
                                 "--reference-graph", str(ref)])
    assert r.exit_code != 0 and "refusing" in r.output

    graph = tmp_path / "tiny.lbug"
    r = CliRunner().invoke(app, ["bench", "generate", "--scale", "tiny", "--seed", "5", "--out", str(graph)])
    assert r.exit_code == 0, r.output
    assert "synthetic:tiny:5" in r.output

    from bench import queries
    from kg.store.embedded import EmbeddedStore

    st = EmbeddedStore(str(graph), read_only=True)
    try:
        sources = st.read("MATCH (f:Firm) RETURN DISTINCT f.source AS s")
        ctx = queries.context(st)
    finally:
        st.close()
    assert sources == [{"s": "synthetic:tiny:5"}]
    assert ctx["college"] and ctx["group"] and ctx["firm"] and ctx["major"]

    res = queries.run("embedded", scale="tiny", seed=5, graph=str(graph), runs=5, only=["college_groups", "suggest"])
    got = {x["benchmark"]: x for x in res["results"]}
    assert "query college_groups [embedded]" in got
    q = got["query college_groups [embedded]"]
    assert q["runs"] == 5 and q["p95_ms"] >= q["median_ms"] > 0 and q["rows"] >= 1
