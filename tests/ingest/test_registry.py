"""ingest.registry: every kind a user can upload names itself in both languages, and the explorer shows
that name (one place to add a kind)."""
from __future__ import annotations

import re

from explorer.i18n_terms import VALUES
from ingest.registry import KINDS, UPLOAD_KINDS


def test_every_uploadable_kind_has_a_chinese_and_an_english_title():
    for name in UPLOAD_KINDS:
        title = KINDS[name].title
        assert title, f"--kind {name} is offered for upload without a title"
        zh, en = title
        assert re.search(r"[\u4e00-\u9fff]", zh) and en.isascii(), (name, title)


def test_the_explorer_shows_the_registry_titles():
    for k in KINDS.values():
        if k.title:
            assert VALUES[k.name] == k.title
