"""Postings from any jobs file count as demand (issue #21; placement itself is tested in tests/ingest/test_jobs.py)."""
from __future__ import annotations

import shutil

import pytest

from queries import cache
from queries import suggest as sg


@pytest.fixture
def copy(fixture_db, tmp_path):
    from kg.store.embedded import EmbeddedStore

    path = tmp_path / "g.lbug"
    shutil.copy(fixture_db, path)
    st = EmbeddedStore(str(path))
    yield st
    st.close()


@pytest.mark.parametrize("layout", ["user_zh", "boss_2026"])
def test_a_jobs_file_posting_is_placed_and_counts_as_demand(copy, tmp_path, layout):
    from ingest.pipeline import run_ingest

    f = tmp_path / f"{layout}.csv"  # TEST FIXTURE: an invented employer and posting
    if layout == "user_zh":
        f.write_text("职位名称,公司名称,城市,职位描述\n网络优化工程师,样例网优科技有限公司,深圳,负责5G网络优化\n",
                     encoding="utf-8")
    else:
        f.write_text("job_id,source,source_repo,post_url,crawl_or_post_date,title,title_truncated,company,city,district,"
                     "salary_raw,experience,education,company_industry,company_size,company_type,company_stage,welfare,"
                     "tags,description\n"
                     '1,boss_2026,r,,2026,网络优化工程师,False,样例网优科技有限公司,深圳,,8-12K,1-3年,大专,,,,,,'
                     '"5G, category:通信/网络优化","技能标签：5G"\n', encoding="utf-8")
    before = sg.suggest(copy, "4144011113/通信技术", top=50).rows
    assert "样例网优科技有限公司" not in set(before["firm"])
    run_ingest(copy, "jobs", [f], {})
    cache.clear(copy)
    after = sg.suggest(copy, "4144011113/通信技术", top=50).rows.set_index("firm")
    row = after.loc["样例网优科技有限公司"]
    assert row["demand"] > 0 and row["region"] == "广东省/深圳市"
    assert row["proximity"] == pytest.approx(sg.WEIGHTS["proximity"])  # hires (and is placed) in the college's city
    demand = [p for p in row["paths"] if p["kind"] == "demand"]
    assert demand and [n["label"] for n in demand[0]["nodes"]][-2:] == ["JobPosting", "Firm"]
    from queries import paths
    for p in row["paths"]:
        assert paths.exists(copy, p), p["text"]
