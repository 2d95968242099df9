"""Majors and 双高 groups → GB/T 4754 industries (``SERVES``, extractor ``industry-linker@2``).

Runs :mod:`ingest.major_industry` over every catalogue major (中职 / 高职专科 / 高职本科) with the shipped
model weights (``ingest/data/major_industry_model.json``; numpy only), then derives each group's links
from its majors (the lead major from the 双高 list). Each ``SERVES`` carries ``level`` (大类/中类),
``signals`` (JSON: signal → its contribution to the link's logit), ``evidence_items`` (JSON per item:
signal, source, locator, text — whole words that occur in that source as written) and the provenance of
its strongest evidence item; ``confidence`` is the model's probability.

A major with no evidence at all still gets its 专业大类 prior's best 大类 (the link says so: its only
signals are priors and its evidence is the major's catalogue name).
"""
from __future__ import annotations

import json
from typing import Iterator

from ingest.base import Batch
from ingest.major_industry import (CROSSWALK, EXTRACTOR, Evidence, Link, Model, group_links, link_major,
                                   load_inputs)
from ingest.reference.common import FileResult, RefContext, rel
from kg.records import Provenance

PART = "industry_links"


def _rel(source: str, start_label: str, key: str, ln: Link, fallback: Evidence) -> object:
    """The link as written by this part: its provenance source is the part's own document (``source``), so a
    link is stated by the document whose transaction wrote it (atomic, resumable, retracted with it); the
    strongest evidence item's own source and place are in the locator, every item in ``evidence_items``."""
    top = ln.evidence[0] if ln.evidence else fallback
    prov = Provenance(source=source, evidence=top.text, extractor=EXTRACTOR,
                      confidence=round(max(0.0, min(1.0, ln.confidence)), 4),
                      locator=f"{top.source} {top.locator}".strip())
    props = {"level": ln.level, "signals": json.dumps(ln.signals, ensure_ascii=False, sort_keys=True),
             "evidence_items": [e.to_json() for e in (ln.evidence or [fallback])]}
    return rel("SERVES", start_label, key, "Industry", ln.code, prov, props)


def compute(ctx: RefContext, model: Model | None = None):
    """(inputs, {major: [Link]}, {group id: [Link]}) for the whole catalogue."""
    from ingest.reference.groups import group_members

    model = model or Model.load()
    inputs = load_inputs(ctx, model.priors, model.optional)
    majors = {c: link_major(s, model) for c, s in inputs.signals.items()}
    groups = group_links(group_members(ctx), majors)
    return inputs, majors, groups


def batches(ctx: RefContext) -> Iterator[Batch]:
    src = ctx.file(CROSSWALK, EXTRACTOR)
    res = FileResult(src, PART)
    inputs, majors, groups = compute(ctx)
    known = set(ctx.industries.names)
    unlinked = []
    for code, links in sorted(majors.items()):
        m = inputs.majors[code]
        fallback = Evidence("catalogue", m.name_source or inputs.catalogue_source, f"major {code} name", m.name, "",
                            None, 0.0)
        if not links:
            unlinked.append(code)
        for ln in links:
            if ln.code in known:
                res.rels.append(_rel(src.source_id, "Major", code, ln, fallback))
    for gid, links in sorted(groups.items()):
        fallback = Evidence("group", "ref:colleges/double_high_plan_2019_groups.csv", gid, gid, "", None, 0.0)
        for ln in links:
            if ln.code in known:
                res.rels.append(_rel(src.source_id, "ProfessionalGroup", gid, ln, fallback))
    for c in unlinked:
        res.reject(f"major {c} {inputs.majors[c].name}: no industry evidence and no prior", None, "major")
    res.rows_read = len(majors)
    res.report = {"majors": len(majors), "majors_linked": len(majors) - len(unlinked),
                  "links_大类": sum(1 for ls in majors.values() for ln in ls if ln.level == "大类"),
                  "links_中类": sum(1 for ls in majors.values() for ln in ls if ln.level == "中类"),
                  "groups_linked": len(groups), "profiles_read": inputs.profiles_found,
                  "occupation_table_errors": inputs.occ_map.errors}
    yield from res.batches()
