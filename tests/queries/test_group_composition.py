"""Group composition (`kg ingest FILE --kind group-composition`): member majors reach the suggestions."""
from __future__ import annotations

import shutil

import pytest

from ingest import group_composition as GC
from ingest.base import write_batches
from kg.store.embedded import EmbeddedStore
from queries import suggest as sg
from queries.context import GroupProfile, group_profiles
from queries import resolve


@pytest.fixture
def copy(fixture_db, tmp_path):
    path = tmp_path / "g.lbug"
    shutil.copy(fixture_db, path)
    st = EmbeddedStore(str(path))
    yield st
    st.close()


def _table(tmp_path, rows: str):
    f = tmp_path / "comp.csv"
    f.write_text("院校(college),专业群(group),专业(major),角色(role)\n" + rows, encoding="utf-8")
    return f


def test_member_majors_are_ingested_and_the_lead_only_note_goes(copy, tmp_path):
    g = resolve.group(copy, "4144011113/通信技术")
    lone = GroupProfile(g, majors={"510301": "现代通信技术"}, roles={"510301": "lead"})
    assert "lead major only" in sg.composition_notes(lone)[0]  # what CLI and explorer show until loaded
    assert "510203" not in group_profiles(copy, [g])[g.id].majors
    f = _table(tmp_path, "深圳职业技术大学,通信技术专业群,510302、510203,成员\n"
                         "深圳职业技术大学,通信技术,不存在的专业,成员\n"
                         "没有这所学校,通信技术,510302,成员\n"
                         "深圳职业技术大学,通信技术,510302,组长\n")
    batches = list(GC.batches([f], copy, {}))
    rejects = [r.line() for b in batches for r in b.rejects]
    assert len(rejects) == 3
    assert any("row 3" in r and "major" in r for r in rejects)
    assert any("row 4" in r and "college" in r for r in rejects)
    assert any("row 5" in r and "role" in r for r in rejects)
    write_batches(copy, batches)
    from queries import cache
    cache.clear(copy)
    prof = group_profiles(copy, [g])[g.id]
    assert {"510301", "510302", "510203"} <= set(prof.majors)
    assert prof.roles["510203"] == "member"
    after = sg.suggest(copy, "4144011113/通信技术", top=5)
    assert not any("lead major only" in n for n in after.notes)
    assert sg.composition_notes(prof) == []


def test_a_table_without_the_needed_columns_is_rejected_whole(copy, tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("院校,专业\n深圳职业技术大学,510302\n", encoding="utf-8")
    (b,) = list(GC.batches([f], copy, {}))
    assert not b.records and "missing column(s) group" in b.rejects[0].line()
