"""``kg ingest reference``: the whole reference-data folder → records → store.

``batches([folder], store, {"only": [...]})`` yields one :class:`ingest.base.Batch` per source-file chunk,
part by part in dependency order (regions before colleges and firms, catalogue and occupations before
the crosswalk, colleges and catalogue before the 双高 groups, firms before job posts), so every
relationship's endpoints are written before it. ``options["only"]`` restricts the parts
(:data:`PARTS`). A part that fails on unreadable input yields a one-line reject and the other parts
still load. Lookups come from the files (see :class:`Context`); the store is only read (the groups part
asks which Colleges exist before adding aliases to them).

Parts and their modules: regions, industries, catalog, occupations, crosswalk, colleges, groups,
industry_links, firms, jobs — one module each in this package.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterator

from ingest.base import Batch, Reject
from ingest.reference.context import Context
from ingest.reference.sources import (ASHARE, CATALOG_2021, CROSSWALK, GBT4754, MOE_CSV, OCCUPATIONS,
                                      SHUANGGAO)

log = logging.getLogger(__name__)

#: load order (dependencies first)
PARTS: tuple[str, ...] = ("regions", "industries", "catalog", "occupations", "crosswalk", "colleges", "groups",
                          "industry_links", "firms", "jobs")
#: the files a part needs (missing → reject line, part skipped)
NEEDS: dict[str, tuple[str, ...]] = {
    "regions": (MOE_CSV,),
    "industries": (GBT4754,),
    "catalog": (CATALOG_2021,),
    "occupations": (OCCUPATIONS,),
    "crosswalk": (CROSSWALK, CATALOG_2021, OCCUPATIONS),
    "colleges": (MOE_CSV,),
    "groups": (SHUANGGAO, MOE_CSV, CATALOG_2021),
    "industry_links": (CROSSWALK, CATALOG_2021, OCCUPATIONS, GBT4754, SHUANGGAO),
    "firms": (ASHARE, MOE_CSV, GBT4754),
    "jobs": (MOE_CSV, GBT4754),  # + any of sources.JOB_FILES
}
ALIASES = {"catalogue": "catalog", "majors": "catalog", "occupation": "occupations", "industry": "industries",
           "region": "regions", "college": "colleges", "group": "groups", "firm": "firms", "job": "jobs",
           "shuanggao": "groups",
           "industry-links": "industry_links", "serves": "industry_links"}


def select_parts(only) -> tuple[list[str], list[str]]:
    """(parts to load in order, unknown names)."""
    if not only:
        return list(PARTS), []
    names = [ALIASES.get(n.strip().lower(), n.strip().lower()) for n in only if n and n.strip()]
    unknown = [n for n in names if n not in PARTS]
    return [p for p in PARTS if p in names], unknown


def _part_module(part: str):
    """The module of a reference part (imported on first use)."""
    from ingest.reference import (catalog, colleges, crosswalk, firms, groups, industries, industry_links, jobs,
                                  occupations, regions)

    return {"regions": regions, "industries": industries, "catalog": catalog, "occupations": occupations,
            "crosswalk": crosswalk, "colleges": colleges, "groups": groups, "industry_links": industry_links,
            "firms": firms, "jobs": jobs}[part]


def batches(paths: list[Path], store, options: dict) -> Iterator[Batch]:
    folder = Path(paths[0]) if paths else None
    pending: list[Reject] = []
    if folder is None or not folder.is_dir():
        pending.append(Reject(str(folder), "reference data folder not found"))
        yield _carrier(pending)
        return
    parts, unknown = select_parts((options or {}).get("only"))
    for name in unknown:
        pending.append(Reject(str(folder), f"unknown part {name!r} in --only; known: {', '.join(PARTS)}"))
    ctx = Context(folder, options, store)
    for part in parts:
        missing = [f for f in NEEDS[part] if not ctx.exists(f)]
        if missing:
            pending.append(Reject(missing[0], f"file missing: part {part} not loaded"))
            continue
        module = _part_module(part)
        try:
            for b in module.batches(ctx):
                if pending:
                    b.rejects = pending + b.rejects
                    pending = []
                yield b
        except Exception as e:  # unreadable input must not stop the other parts
            log.debug("reference part %s failed", part, exc_info=True)
            pending.append(Reject(part, f"part {part} failed: {type(e).__name__}: {str(e).splitlines()[0][:200]}"))
    if pending:
        yield _carrier(pending)


def _carrier(rejects: list[Reject]) -> Batch:
    """A Batch without records that only carries reject lines (when no part produced a batch after them)."""
    return Batch(doc_id="ref:#rejects", path="(reference)", kind="reference", rejects=list(rejects))
