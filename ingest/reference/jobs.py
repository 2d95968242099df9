"""Job posts → ``JobPosting`` (id ``job:<source>:<job_id>``) ``POSTED`` by its ``Firm``, ``LOCATED_IN`` its city.

Postings keep title, url, date, salary, education, experience, description (HTML already stripped
in the source) and the company's industry label and size as written. The firm is resolved with
:func:`ingest.normalize.firm_id` (so a listed company's posts hang off the A-share node); firms known
only from job posts get ``industry_label``/``size``/``ownership`` and ``IN_INDUSTRY`` from the labels
(table or similarity, see :mod:`ingest.reference.industry_map`). The city cell is resolved against the
gazetteer (some Lagou rows hold a street address instead: resolved when it starts with a city name,
otherwise reported). Post/skill extraction from the description is the jobs extractor's job.
"""
from __future__ import annotations

from typing import Iterator

from ingest.base import Batch
from ingest.normalize import firm_key, job_posting_id
from ingest.reference.common import FileResult, RefContext, clean, evidence_of, node, rel
from ingest.reference.sources import ASHARE, JOB_FILES
from ingest.firm_resolution import employer_id
from ingest.reference.industry_map import split_job_labels
from kg.codes import region_id

PART = "jobs"
EXTRACTOR = "ref-jobs@1"


def _read(ctx: RefContext, relpath: str) -> FileResult:
    src = ctx.file(relpath, EXTRACTOR)
    res = FileResult(src, PART)
    header, rows = ctx.csv(src.relpath)
    need = {"job_id", "source", "title", "company", "city", "description"}
    if not need <= set(header):
        res.reject(f"missing columns {sorted(need - set(header))}")
        return res
    reg = ctx.firm_registry
    unmapped: dict[str, int] = {}
    unresolved_city: list[str] = []
    firms_seen: set[str] = set()
    statements: set[tuple] = set()
    firm_places: set[tuple[str, str]] = set()
    listed = 0
    postings: list = []
    firm_nodes: list = []
    rels_: list = []
    for i, r in enumerate(rows, start=2):
        if not r:
            continue
        res.rows_read += 1
        title, company, source, jid = (clean(r.get(k)) for k in ("title", "company", "source", "job_id"))
        if not source or not jid:
            res.reject("no source or job_id", i)
            continue
        if not title and not company and not clean(r.get("description")):
            res.reject("empty posting (no title, company or description)", i)
            continue
        pid = job_posting_id(source, jid)
        p = src.prov(f"row {i}", evidence_of(r.values()))
        hit = ctx.gazetteer.resolve(r.get("city"))
        labels_text = clean(r.get("company_industry"))
        postings.append(node("JobPosting", pid, {
            "title": title, "url": clean(r.get("post_url")), "date": clean(r.get("crawl_or_post_date")),
            "salary": clean(r.get("salary_raw")), "education": clean(r.get("education")),
            "experience": clean(r.get("experience")), "description": clean(r.get("description")),
            "company": company, "city": hit[1] if hit else clean(r.get("city")), "district": clean(r.get("district")),
            "industry_label": labels_text, "company_size": clean(r.get("company_size"))}, p))
        if hit:
            rels_.append(rel("LOCATED_IN", "JobPosting", pid, "Region", region_id(*hit), p))
        else:
            unresolved_city.append(f"row {i}: {r.get('city') or '(empty)'}")
        if not company or not firm_key(company):
            res.reject("no company: posting kept without POSTED", i, "company")
            continue
        fid = employer_id(ctx, company)  # brand names linked to a full name (ingest.firm_resolution)
        entry = reg.by_id.get(fid)
        is_listed = entry is not None and ASHARE in entry.files
        props = {"name": entry.name if entry else company,
                 "aliases": [company] if entry and company != entry.name else None}
        if not is_listed:  # the A-share file is authoritative for listed firms
            props.update(industry_label=labels_text, size=clean(r.get("company_size")),
                         ownership=clean(r.get("company_type")))
        rels_.append(rel("POSTED", "Firm", fid, "JobPosting", pid, p))
        if hit and not is_listed:
            firm_places.add((fid, region_id(*hit)))  # the employer's city is decided by ingest.firm_resolution
        if fid not in firms_seen:
            firms_seen.add(fid)
            listed += is_listed
        # the firm's facts once per distinct statement (not once per posting)
        statement = (fid, company, labels_text, props.get("size"), props.get("ownership"))
        if statement in statements:
            continue
        statements.add(statement)
        firm_nodes.append(node("Firm", fid, props, p))
        if not is_listed:  # IN_INDUSTRY is written by the firms part (ingest.firm_resolution); unmapped reported
            for label in split_job_labels(labels_text, source):
                if not ctx.industry_mapper.map(label, "jobs"):
                    unmapped[label] = unmapped.get(label, 0) + 1
    res.nodes = postings + firm_nodes
    res.rels = rels_
    for label, n in sorted(unmapped.items()):
        res.reject(f"industry label {label!r} ({n} posts) not mapped to GB/T 4754", None, "company_industry")
    res.report = {"file": relpath, "postings": len(postings), "firms": len(firms_seen), "firms_a_share_listed": listed,
                  "postings_located": len(postings) - len(unresolved_city), "firms_located": len(firm_places),
                  "city_unresolved": unresolved_city[:50], "city_unresolved_count": len(unresolved_city),
                  "unmapped_industry_labels": sorted(unmapped)}
    return res


def batches(ctx: RefContext) -> Iterator[Batch]:
    """One file after the other: every job file of the reference folder that exists (:data:`JOB_FILES`)."""
    found = [f for f in JOB_FILES if ctx.exists(f)]
    if not found:
        from ingest.extractor import reject_batch
        from ingest.base import Reject

        yield reject_batch("reference", Reject(file="jobs/", reason=f"no job file found ({', '.join(JOB_FILES)})"))
        return
    for relpath in found:
        yield from _read(ctx, relpath).batches()
