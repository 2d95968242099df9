"""An analysis returns one typed result (queries.results.Table: rows, notes, metadata); the notes and
metadata stay with it through the explorer's filters and through pickling (what the explorer's cache
does with every result)."""
from __future__ import annotations

import dataclasses
import pickle

import pytest

from queries import Table, pickers
from queries import suggest as sg
from queries.analyses import skills_gap
from queries.results import table

GROUP = "4144011113/通信技术"


def test_a_filtered_suggestion_keeps_the_notes_and_what_was_ranked(fx):
    full = sg.suggest(fx, GROUP, top=50)
    filtered = pickers.suggest_filtered(fx, GROUP, top=3, tags=["专精特新"])
    assert full.notes and filtered.notes == full.notes  # (firms of the college's city listed first)
    assert isinstance(filtered, sg.Suggestions)
    assert ((filtered.group, filtered.college, filtered.college_region, filtered.scope, filtered.weights,
             filtered.candidates) == (full.group, full.college, full.college_region, full.scope, full.weights,
                                      full.candidates))
    rows = filtered.rows
    assert 0 < len(rows) < len(full.rows) and all("专精特新" in tags for tags in rows["firm_tags"])
    assert list(rows["rank"]) == list(range(1, len(rows) + 1))


def test_a_result_pickles_with_its_notes_and_fields(fx):
    empty = skills_gap(fx, "南京信息职业技术学院", region="广东省/广州市")  # no demand there: says why
    back = pickle.loads(pickle.dumps(empty))
    assert type(back) is Table and back.empty and back.notes == empty.notes and len(back.notes) == 1
    assert back.meta == empty.meta == {"college": "南京信息职业技术学院", "scope": "广东省/广州市"}
    assert back.columns == empty.columns and "uncovered_skills" in back.columns
    why = sg.why_not(fx, GROUP, "000063.SZ")  # already a partner: not a candidate
    back = pickle.loads(pickle.dumps(why))
    assert isinstance(back, sg.WhyNot) and back.rank is None and back.notes == why.notes
    assert back.rows.equals(why.rows)


def test_with_rows_keeps_notes_and_metadata_and_a_result_is_frozen():
    t = table([{"a": 1, "b": "x"}, {"a": 2, "b": None}], ["a", "b"], ["a note"], region="广东省")
    assert str(t.rows["a"].dtype) == "int64" and t.rows["b"].dtype == object
    later = t.with_rows(t.rows[t.rows["a"] > 1])
    assert later.notes == ("a note",) and later.meta == {"region": "广东省"} and list(later.rows["a"]) == [2]
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.notes = ()  # type: ignore[misc]
