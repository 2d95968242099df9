"""The load's report and the short summary `make run` prints (ingest/load_report.py)."""
from __future__ import annotations

import json

import pytest

from ingest.load_report import append, brief, final_summary, read, reason_of, rejected_by_reason

LINES = [
    "occupations/major_occupation_crosswalk_2023.xlsx: row 384: field 职业编码: 中职-专业职业对照: occupation code "
    "6-09-03-05 (金属摆件制作工) is not in the 2022 classification file",
    "occupations/major_occupation_crosswalk_2023.xlsx: row 952: field 职业编码: 高职专业-专业职业对照: occupation code "
    "6-04-06-07 (工艺染织品制作工) is not in the 2022 classification file",
    "occupations/occupational_classification_2022.csv: row 1053: field code: code 4-12-04-02 (修鞋工) repeats row "
    "1052 (修鞋工); loaded once",
    "jobs/job_posts_cn.csv: row 12: empty posting",
]


def test_reasons_group_rows_that_differ_only_in_values():
    assert reason_of(LINES[0]) == reason_of(LINES[1])
    f, field, msg = reason_of(LINES[0])
    assert f == "occupations/major_occupation_crosswalk_2023.xlsx" and field == "职业编码"
    assert "not in the" in msg and "6-09" not in msg and "金属" not in msg
    assert reason_of(LINES[3]) == ("jobs/job_posts_cn.csv", "", "empty posting")
    groups = rejected_by_reason(LINES)
    assert [g[0] for g in groups] == [2, 1, 1]


def test_brief_and_final_summary(tmp_path):
    report = tmp_path / "r.jsonl"
    s1 = {"kind": "reference", "documents": 3, "documents_skipped": 0, "rows_read": 1200,
          "nodes": {"Major": 10, "College": 5}, "relationships": {"IN_CLASS": 10}, "rejected": LINES[:3],
          "skipped_relationships": [], "reports": [{"document": "x", "detail": "y" * 500}]}
    s2 = {"kind": "jobs", "documents": 1, "documents_skipped": 1, "rows_read": 30, "nodes": {}, "relationships": {},
          "rejected": LINES[3:], "skipped_relationships": [], "reports": []}
    line = brief(s1, 2.5)
    assert line.startswith("reference: 3 documents written") and "1,200 rows read" in line and "3 rejected" in line
    append(report, s1, 2.5, ["a"])
    append(report, s2, 1.0)
    assert [r["kind"] for r in read(report)] == ["reference", "jobs"]
    assert read(report)[0]["reports"][0]["detail"] == "y" * 500  # the full report keeps everything
    out = final_summary(report, {"nodes": {"Major": 10, "College": 5}, "relationships": {"IN_CLASS": 10}})
    text = "\n".join(out)
    assert out[0].startswith("loaded 2 steps, 4 documents (1 unchanged)")
    assert "Major 10" in text and "IN_CLASS 10" in text
    assert "rejected rows: 4" in text and "     2  occupations/major_occupation_crosswalk_2023.xlsx [职业编码]" in text
    assert str(report) in out[-1]
    assert len(out) < 15


def test_bad_report_line_is_named(tmp_path):
    report = tmp_path / "r.jsonl"
    report.write_text(json.dumps({"kind": "x"}) + "\nnot json\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        read(report)
