"""ingest.firm_profile on clearly labelled fixture texts (no real company descriptions exist in the data)."""
from __future__ import annotations

import shutil

import pytest

# TEST FIXTURES — invented profile texts; the company names are real A-share names used only to test
# name resolution, the descriptions are not theirs.
KNOWN = """公司名称：中国平安保险（集团）股份有限公司
（测试样例 / TEST FIXTURE：虚构的简介文字）
公司总部位于广东省深圳市，员工约3000名。
经营范围：保险、银行、投资、资产管理。公司基于Python和TensorFlow研发风控平台，使用MySQL与Kubernetes。
"""
UNKNOWN = """About us (TEST FIXTURE, invented)
Example Robotics Co., Ltd. is headquartered in Shanghai with 120 employees. We build industrial robots with
Python, C++ and PLC control, and offer machine vision software.
"""


@pytest.fixture(scope="module")
def profile_graph(reference_graph, tmp_path_factory):
    from kg.store.embedded import EmbeddedStore
    from ingest.pipeline import run_ingest

    d = tmp_path_factory.mktemp("profiles")
    (d / "known.txt").write_text(KNOWN, encoding="utf-8")
    (d / "unknown.md").write_text(UNKNOWN, encoding="utf-8")
    (d / "noname.txt").write_text("只有一句没有公司名称的话。\n", encoding="utf-8")
    path = d / "g.lbug"
    shutil.copy(reference_graph, path)
    st = EmbeddedStore(str(path))
    s = run_ingest(st, "firm-profile", [d / "known.txt", d / "unknown.md", d / "noname.txt"], {})
    yield st, s
    st.close()


def test_profile_merges_into_existing_firm(profile_graph):
    st, s = profile_graph
    rep = next(r for r in s["reports"] if r.get("firm") == "中国平安保险集团")
    assert rep["resolved"] is True and rep["size"] == "3000人" and rep["region"] == "广东省/深圳市"
    f = st.read("MATCH (f:Firm {id: '中国平安保险集团'}) RETURN f.tags AS tags, f.size AS size, f.review AS r, "
                "size(f.sources) AS n")[0]
    assert {"Python", "TensorFlow", "MySQL", "Kubernetes"} <= set(f["tags"]) and f["size"] == "3000人"
    assert f["r"] is not True and f["n"] >= 2  # the reference row and the profile both state it
    ind = st.read("MATCH (f:Firm {id: '中国平安保险集团'})-[r:IN_INDUSTRY]->(i:Industry) "
                  "WHERE r.extractor = 'industry-linker@1' RETURN i.code AS c, r.confidence AS conf")
    assert any(r["c"].startswith("68") for r in ind) and all(0 < r["conf"] <= 1 for r in ind)
    loc = st.read("MATCH (d:Document)-[:DESCRIBES]->(f:Firm {id: '中国平安保险集团'})-[r:LOCATED_IN]->(g:Region) "
                  "WHERE d.id IN r.sources RETURN g.id AS g, r.provenance AS p")
    assert loc and loc[0]["g"] == "广东省/深圳市" and any("总部位于" in x for x in loc[0]["p"])


def test_unknown_firm_is_proposed_for_review(profile_graph):
    st, s = profile_graph
    rep = next(r for r in s["reports"] if r.get("resolved") is False)
    row = st.read("MATCH (f:Firm {id: $id}) RETURN f.review AS r, f.name AS n, f.size AS s, f.tags AS t",
                  {"id": rep["firm"]})[0]
    assert row["r"] is True and row["n"] == "Example Robotics Co., Ltd." and row["s"] == "120人"
    assert {"Python", "C++", "PLC"} <= set(row["t"])


def test_profile_without_name_is_rejected(profile_graph):
    _, s = profile_graph
    assert len(s["rejected"]) == 1 and "noname.txt" in s["rejected"][0] and "company name" in s["rejected"][0]
