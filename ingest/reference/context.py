"""The :class:`Context` of one reference load: the folder, the source files, and lookups parsed once.

Parts resolve against the Context (never against the half-written store), so ``--only groups`` still
resolves colleges and majors from the files; relationships whose endpoint is not in the graph yet are
reported by the writer as skipped.
"""
from __future__ import annotations

import functools
from pathlib import Path

from ingest.reference.common import SourceFile
from ingest.reference.sources import TITLES


class Context:
    """Per-load state: source files and cached lookups (each built on first use)."""

    def __init__(self, folder: Path, options: dict | None = None, store=None):
        self.folder = Path(folder)
        self.options = options or {}
        self.store = store  # read-only use: which nodes exist already (never written to here)
        self._files: dict[str, SourceFile] = {}
        self._hashes: dict[str, str] = {}
        self._memo: dict[str, object] = {}

    def memo(self, key: str, build):
        """``build()`` once per load (parsed tables shared by the parts)."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def file(self, relpath: str, extractor: str) -> SourceFile:
        """The reference file ``relpath`` as read by a part (its extractor name); hashed once."""
        key = f"{relpath}\x1f{extractor}"
        if key not in self._files:
            src = SourceFile(self.folder, relpath, extractor, TITLES.get(relpath))
            if relpath in self._hashes:
                src.__dict__["content_hash"] = self._hashes[relpath]
            else:
                self._hashes[relpath] = src.content_hash
            self._files[key] = src
        return self._files[key]

    def csv(self, relpath: str) -> tuple[list[str], list[dict[str, str]]]:
        """Header and rows of a reference CSV, read once per load (several parts read the same file)."""
        from ingest.reference.common import read_csv_rows

        return self.memo(f"csv:{relpath}", lambda: read_csv_rows(self.folder / relpath))

    def exists(self, relpath: str) -> bool:
        return (self.folder / relpath).is_file()

    # -- lookups (imported lazily: each lives with the part that owns the source)
    @functools.cached_property
    def moe(self):
        from ingest.reference.colleges import load_moe

        return load_moe(self)

    @functools.cached_property
    def gazetteer(self):
        from ingest.reference.regions import build_gazetteer

        return build_gazetteer(self)

    @functools.cached_property
    def catalogue(self):
        from ingest.reference.catalog import load_catalogue

        return load_catalogue(self)

    @functools.cached_property
    def occupation_codes(self) -> set[str]:
        from ingest.reference.occupations import load_occupations

        return {o["code"] for o in load_occupations(self).rows}

    @functools.cached_property
    def industries(self):
        from ingest.reference.industries import load_industries

        return load_industries(self)

    @functools.cached_property
    def industry_mapper(self):
        from ingest.reference.industry_map import IndustryMapper

        return IndustryMapper.from_codes(self.industries.names)

    @functools.cached_property
    def firm_registry(self):
        from ingest.reference.firms import build_registry

        return build_registry(self)
