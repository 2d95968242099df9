"""Shared fixtures of the query tests: the TEST FIXTURE graph (tests/queries/fixture_graph.py) built once
per session into a LadybugDB file, and a long-lived store on a copy of it (fast reads)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fixture_graph import build
from kg.store.embedded import EmbeddedStore


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    """Path of a closed LadybugDB file holding the fixture graph (for CLI tests: read-only opens)."""
    path = tmp_path_factory.mktemp("queries-fixture") / "graph.lbug"
    st = EmbeddedStore(str(path))
    st.apply_schema()
    build(st)
    st.close()
    return path


@pytest.fixture(scope="session")
def fx(fixture_db):
    """A writable embedded store (one open connection) on a copy of the fixture graph. Tests only read."""
    copy = fixture_db.parent / "session-copy.lbug"
    shutil.copy(fixture_db, copy)
    st = EmbeddedStore(str(copy))
    yield st
    st.close()
