"""`kg query` and the analysis commands, run through the CLI against the fixture graph (read-only)."""
from __future__ import annotations

import csv
import io
import json
import sys

import pytest
from typer.testing import CliRunner

import kgcli.common
from kgcli.main import app


class _CurrentStdout:
    """kgcli.common.OUT is bound to sys.stdout at import; CliRunner swaps sys.stdout per call."""

    def write(self, s: str) -> int:
        return sys.stdout.write(s)

    def flush(self) -> None:
        sys.stdout.flush()


@pytest.fixture
def kg(fixture_db, monkeypatch):
    monkeypatch.setattr(kgcli.common, "OUT", _CurrentStdout())
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, ["--store", "embedded", "--db", str(fixture_db), *args])

    return run


def test_query_list_describe_and_run(kg):
    r = kg("query", "--list", "--format", "json")
    assert r.exit_code == 0
    names = [x["name"] for x in json.loads(r.stdout)]
    assert "college_groups" in names and len(names) >= 15
    r = kg("query", "major_posts", "--describe")
    assert r.exit_code == 0 and "job_postings (INT)" in r.stdout
    r = kg("query", "college_groups", "-p", "college=4144011113", "--format", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert [x["group_id"] for x in rows] == ["4144011113/软件技术", "4144011113/通信技术"]
    assert rows[1]["majors"] == ["现代移动通信技术", "现代通信技术", "电子信息工程技术"]


def test_query_errors_are_one_line(kg):
    r = kg("query", "major_posts")
    assert r.exit_code != 0 and "missing required parameter major" in r.output
    assert "Traceback" not in r.output
    r = kg("query", "major_post", "-p", "major=1")
    assert r.exit_code != 0 and "did you mean major_posts" in r.output


def test_gaps_and_suggest_commands(kg):
    r = kg("gaps", "--college", "深圳职业技术大学", "--group", "通信技术专业群", "--only-gaps", "--format", "json")
    assert r.exit_code == 0, r.output
    gaps = json.loads(r.stdout)
    assert gaps and all(g["gap"] for g in gaps)
    # candidates printed as text, as the page's download does: "firm (n postings)"
    assert {g["industry_code"]: g["candidates"] for g in gaps}["631"] == ["深圳市示例网络科技有限公司 (1 postings)"]
    r = kg("gaps", "--college", "深圳职业技术大学", "--group", "通信技术专业群", "--only-gaps")
    assert r.exit_code == 0 and '["深圳市示例网络科技有限公司 (1 postings)"]' in r.stdout
    r = kg("suggest", "--group", "通信技术", "--college", "深圳职业技术大学", "--explain")
    assert r.exit_code == 0, r.output
    assert "深圳市示例网络科技有限公司" in r.stdout and "[industry]" in r.stdout and "-[IN_INDUSTRY]-" in r.stdout
    # the result's fields and notes head the table (stderr)
    assert "group 4144011113/通信技术 (深圳职业技术大学), scope 广东省; weights industry " in r.output
    assert "note: firms in the college's city (广东省/深圳市) listed first" in r.output
    r = kg("suggest", "--group", "通信技术专业群")
    assert r.exit_code != 0 and "use --college" in r.output


def test_coverage_csv_and_review(kg):
    r = kg("coverage", "--region", "广东省", "--part", "uncovered", "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert {"region", "industry_code", "demand_share"} <= set(rows[0])
    r = kg("review-partners", "--college", "深圳职业技术大学", "--year", "2025", "--format", "json")
    recs = {x["firm"]: x["recommendation"] for x in json.loads(r.stdout)}
    assert recs["比亚迪股份有限公司"] == "exit candidate"
