"""The reference data shipped in data/reference: its MANIFEST, `kg data verify`, and the upstream copy."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.reference_manifest import MANIFEST, build_manifest, compare, read_manifest, source_of, verify
from kg.config import REFERENCE_DATA, REPO_ROOT, Settings

SHIPPED = REFERENCE_DATA


def _upstream_copies() -> list[Path]:
    """../shared/data next to the checkout, and KG_REFERENCE_DATA when it points elsewhere."""
    cands = [REPO_ROOT.parent / "shared" / "data"]
    env = os.environ.get("KG_REFERENCE_DATA")
    if env:
        cands.append(Path(env))
    return [c.resolve() for c in cands if c.is_dir() and c.resolve() != SHIPPED.resolve()]


def test_default_is_the_shipped_copy_and_env_overrides(monkeypatch, tmp_path):
    monkeypatch.delenv("KG_REFERENCE_DATA", raising=False)
    assert Path(Settings().reference_data) == SHIPPED
    monkeypatch.setenv("KG_REFERENCE_DATA", str(tmp_path))
    assert Settings().reference_data == str(tmp_path)


def test_shipped_copy_matches_its_manifest():
    assert verify(SHIPPED) == []
    entries = read_manifest(SHIPPED)
    assert len(entries) == len(build_manifest(SHIPPED))
    assert all(e.source != "unknown" and e.licence != "unknown" for e in entries)
    by_path = {e.path: e for e in entries}
    # row counts stated in the data's README
    assert by_path["jobs/job_posts_cn.csv"].rows == 3008
    assert by_path["colleges/moe_regular_hei_2025.csv"].rows == 2919
    assert by_path["firms/a_share_listed_companies.csv"].rows == 5418
    assert sum(p.startswith("curricula/major_profiles_2022/") for p in by_path) == 187


@pytest.mark.parametrize("other", _upstream_copies() or [None], ids=str)
def test_shipped_copy_equals_upstream(other):
    """Fails when ../shared/data (or KG_REFERENCE_DATA) changed: copy it in and run `kg data manifest`."""
    if other is None:  # no upstream copy on this machine: the shipped copy is all there is
        assert verify(SHIPPED) == []
        return
    assert compare(SHIPPED, other) == []


def test_source_lookup_by_prefix():
    assert source_of("firms/zhuanjingtexin_nanjing.csv")[1] == "Apache-2.0"
    assert "cb8bd09" in source_of("jobs/job_posts_boss_2026.csv")[0]
    assert source_of("new/unknown.csv") == ("unknown", "unknown")


def _kg(*args):
    return subprocess.run([sys.executable, "-m", "kgcli.main", *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})


def test_verify_command_reports_each_problem_and_changes_nothing(tmp_path):
    copy = tmp_path / "ref"
    shutil.copytree(SHIPPED, copy)
    ok = _kg("data", "verify", str(copy))
    assert ok.returncode == 0, ok.stderr
    with open(copy / "jobs" / "job_posts_cn.csv", "a", encoding="utf-8") as f:
        f.write("x\n")
    (copy / "industries" / "isic_rev4_en.csv").unlink()
    (copy / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    manifest_before = (copy / MANIFEST).read_bytes()
    bad = _kg("data", "verify", str(copy))
    assert bad.returncode == 1
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith("error: ") for line in lines), bad.stderr
    assert any("jobs/job_posts_cn.csv: sha256" in line for line in lines)
    assert any("industries/isic_rev4_en.csv: missing" in line for line in lines)
    assert any("extra.csv: not listed" in line for line in lines)
    assert "Traceback" not in bad.stderr
    assert (copy / MANIFEST).read_bytes() == manifest_before


def test_verify_command_malformed_manifest_names_row_and_field(tmp_path):
    copy = tmp_path / "ref"
    copy.mkdir()
    (copy / "a.csv").write_text("x\n1\n", encoding="utf-8")
    (copy / MANIFEST).write_text("path,source,licence,rows,unit,sha256\na.csv,s,l,many,u," + "0" * 64 + "\n",
                                 encoding="utf-8")
    p = _kg("data", "verify", str(copy))
    assert p.returncode == 1
    assert "row 2" in p.stderr and "rows" in p.stderr and len(p.stderr.strip().splitlines()) == 1
