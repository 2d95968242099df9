"""kg.store.base.retry_changed: the one retry loop for reads refused by ChangedDuringRead."""
from __future__ import annotations

import pytest

from kg.store.base import CHANGED_ATTEMPTS, ChangedDuringRead, StoreError, retry_changed


def _refusing(times: int, calls: list):
    def read():
        calls.append(1)
        if len(calls) <= times:
            raise ChangedDuringRead("changed")
        return "answer"
    return read


def test_a_refused_read_runs_again_until_it_answers():
    calls, retries = [], []
    assert retry_changed(_refusing(CHANGED_ATTEMPTS - 1, calls), lambda: retries.append(1)) == "answer"
    assert len(calls) == CHANGED_ATTEMPTS and len(retries) == CHANGED_ATTEMPTS - 1


def test_the_last_refusal_propagates_and_other_errors_are_not_retried():
    calls = []
    with pytest.raises(ChangedDuringRead):
        retry_changed(_refusing(CHANGED_ATTEMPTS, calls))
    assert len(calls) == CHANGED_ATTEMPTS
    other = []

    def broken():
        other.append(1)
        raise StoreError("syntax")
    with pytest.raises(StoreError, match="syntax"):
        retry_changed(broken)
    assert len(other) == 1
