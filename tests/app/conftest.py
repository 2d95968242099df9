"""Fixtures for the explorer tests (AppTest and the real browser).

``explorer_graph`` — a copy of the session's reference graph (``reference_graph``: the whole reference
folder) plus what ``make load`` adds, trimmed to stay quick: the 2022 major profiles of the 电子信息类,
计算机类 and 通信类 majors (curriculum extractor → courses, skills, posts, SERVES industries), the real job
posts (jobs extractor) and the labelled, invented partnership *example* file (data/examples, every row
marked example=true). Built once per session; the shared reference graph itself is never written.
"""
from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

import pytest

from kg.config import REPO_ROOT
from kg.store.embedded import EmbeddedStore

ARTIFACTS = REPO_ROOT / "test-artifacts"
CURRICULUM_FILES = ("5101电子信息类.md", "5102计算机类.md", "5103通信类.md")
EXAMPLE_PARTNERSHIPS = REPO_ROOT / "data" / "examples" / "partnerships_example.csv"

if str(REPO_ROOT) not in sys.path:  # the page scripts import explorer.* (app.py does the same)
    sys.path.insert(0, str(REPO_ROOT))


def _copy_graph(src: Path, dst: Path) -> None:
    for f in src.parent.glob(src.name + "*"):
        if f.suffix == ".json":
            continue
        shutil.copy2(f, dst.parent / (dst.name + f.name[len(src.name):]))


@pytest.fixture(scope="session")
def explorer_graph(tmp_path_factory, reference_graph, reference_dir) -> Path:
    from ingest.pipeline import run_ingest

    path = tmp_path_factory.mktemp("explorer") / "graph.lbug"
    _copy_graph(Path(reference_graph), path)
    timings = {}
    st = EmbeddedStore(str(path))
    try:
        for kind, paths in (
            ("curriculum", [reference_dir / "curricula" / "major_profiles_2022" / f for f in CURRICULUM_FILES]),
            ("jobs", [reference_dir / "jobs" / "job_posts_cn.csv"]),
            ("partnerships", [EXAMPLE_PARTNERSHIPS]),
        ):
            t0 = time.perf_counter()
            s = run_ingest(st, kind, paths, {})
            timings[kind] = round(time.perf_counter() - t0, 2)
            assert s["documents"] >= 1, f"{kind}: nothing written ({s['rejected'][:3]})"
    finally:
        st.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "explorer_graph_load.json").write_text(json.dumps(timings, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def explorer_env(explorer_graph, monkeypatch) -> Path:
    """Point the settings (KG_STORE/KG_DB) at the explorer graph for one test."""
    monkeypatch.setenv("KG_STORE", "embedded")
    monkeypatch.setenv("KG_DB", str(explorer_graph))
    return explorer_graph


@pytest.fixture
def graph_store(explorer_env):
    """A read-only store on the explorer graph, to compute what the pages should show."""
    st = EmbeddedStore(str(explorer_env), read_only=True, max_rows=10_000_000)
    yield st
    st.close()
