"""`kg eval jobs`: precision / recall / F1 of the job-post skill extractor on its development sets.

Two hand-annotated sets, reported apart (see their READMEs):

* ``tests/ingest/gold/jobs`` — IT: 64 postings of ``jobs/job_posts_cn.csv`` (Lagou 2017, 51job Shanghai);
* ``tests/ingest/gold/jobs_nonit`` — non-IT: 30 postings of ``jobs/job_posts_51job_2023.csv`` (descriptions)
  and 30 of ``jobs/job_posts_boss_2026.csv`` (the board's skill tags).

Per posting, the set of predicted skill names (folded by :func:`ingest.nlp.norm_key`) is compared with
the annotated set; counts are summed over postings (micro average), per set and per source. The
baseline — the previous extractor (``jobs@1``: curated vocabulary only, over the description text) — is
computed in the same run and reported beside every figure, and so are ``jobs@6`` (today's extractor without the
rules of ``jobs@7``: :attr:`ingest.vocab.skills.SkillFinder.v7` empty), ``jobs@5`` (``jobs@6`` without its
listed areas: :attr:`ingest.vocab.skills.SkillFinder.v6`), ``jobs@4`` (without the
rule classes of ``jobs@5`` as well: :attr:`ingest.vocab.skills.SkillFinder.v5`) and ``jobs@3`` (``jobs@4`` without its
named areas). The postings are read from the reference
CSVs, so no graph is needed (the graph's Skill/Course/Certificate names join the vocabulary only in a
load, not here).
"""
from __future__ import annotations

import csv
from pathlib import Path

from ingest.nlp import norm_key

ROOT = Path(__file__).resolve().parent.parent / "tests" / "ingest" / "gold"
GOLD = ROOT / "jobs"
SETS = {"it": (ROOT / "jobs", ("jobs/job_posts_cn.csv",)),
        "non_it": (ROOT / "jobs_nonit", ("jobs/job_posts_51job_2023.csv", "jobs/job_posts_boss_2026.csv"))}


def load_gold(gold_dir: Path = GOLD) -> dict[str, set[str]]:
    with open(gold_dir / "skills.tsv", encoding="utf-8", newline="") as f:
        lines = [ln for ln in f if ln.strip() and not ln.startswith("#")]
    out: dict[str, set[str]] = {}
    for r in csv.DictReader(lines, delimiter="\t"):
        out[r["job_id"].strip()] = {norm_key(s) for s in (r.get("skills") or "").split("|") if s.strip()}
    return out


def load_postings(reference: Path, ids: set[str], files=("jobs/job_posts_cn.csv",)) -> dict[str, dict]:
    import pandas as pd

    from ingest.normalize import job_posting_id

    out = {}
    for f in files:
        df = pd.read_csv(reference / f, dtype=str, keep_default_na=False)
        for r in df.to_dict("records"):
            jid = job_posting_id(r["source"], r["job_id"])
            if jid in ids:
                out[jid] = r
    missing = ids - set(out)
    if missing:
        raise ValueError(f"gold postings not in the jobs files: {sorted(missing)[:5]}")
    return out


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn}


def score(gold: dict[str, set[str]], predicted: dict[str, set[str]], prefix: str = "skills") -> dict:
    buckets: dict[str, list[int]] = {}
    errors = []
    for jid, g in gold.items():
        p = predicted.get(jid, set())
        tp, fp, fn = len(p & g), len(p - g), len(g - p)
        for key in (prefix, f"{prefix}:source:" + jid.split(":")[1]):
            b = buckets.setdefault(key, [0, 0, 0])
            b[0] += tp
            b[1] += fp
            b[2] += fn
        if p - g or g - p:
            errors.append({"posting": jid, "fp": sorted(p - g), "fn": sorted(g - p)})
    return {"fields": {k: _prf(*v) for k, v in buckets.items()}, "errors": errors}


def predict(postings: dict[str, dict], store=None, ext=None, baseline: bool = False,
            areas: bool = True, v5: bool = True, v6: bool = True, v7: bool = True) -> dict[str, set[str]]:
    """Predicted skill names per posting; ``baseline``: jobs@1; ``v7=False``: without jobs@7's rules (= jobs@6);
    ``v6=False``: without jobs@6's listed areas
    (= jobs@5); ``v5=False`` as well: without jobs@5's rule classes (= jobs@4); ``areas=False`` as well: without
    the named areas that recur across employers (= jobs@3)."""
    from ingest.jobs import JobExtractor

    ext = ext or JobExtractor.from_store(store)
    if baseline:
        return {jid: {norm_key(s["name"]) for s in ext.skills_baseline(r.get("description") or "")}
                for jid, r in postings.items()}
    from ingest.vocab.skills import V7_RULES

    kept = ext.finder.areas, ext.finder.v5, ext.finder.v6, ext.finder.v7
    ext.finder.v5 = v5 and areas
    ext.finder.v6 = v6 and v5 and areas
    ext.finder.v7 = V7_RULES if v7 and v6 and v5 and areas else frozenset()
    if not areas:
        ext.finder.areas = set()
    elif not v5:  # jobs@4 admitted only the areas asked for in requirement sections
        from ingest.jobs import reference_areas

        ext.finder.areas = set(reference_areas(min_named=0))
    try:
        return {jid: {norm_key(s["name"]) for s in ext.skills(r.get("description") or "")}
                for jid, r in postings.items()}
    finally:
        ext.finder.areas, ext.finder.v5, ext.finder.v6, ext.finder.v7 = kept


def evaluate(store=None) -> dict:
    import time

    from ingest.jobs import EXTRACTOR, JobExtractor
    from kg.config import settings

    ext = JobExtractor.from_store(store)
    reference = Path(settings().reference_data)
    fields: dict = {}
    errors: dict = {}
    sizes = []
    texts: list[str] = []
    for name, (gold_dir, files) in SETS.items():
        gold = load_gold(gold_dir)
        postings = load_postings(reference, set(gold), files)
        now = score(gold, predict(postings, ext=ext), f"{name}")
        base = score(gold, predict(postings, ext=ext, baseline=True), f"{name}")
        prev6 = score(gold, predict(postings, ext=ext, v7=False), f"{name}")
        prev5 = score(gold, predict(postings, ext=ext, v6=False), f"{name}")
        prev4 = score(gold, predict(postings, ext=ext, v5=False), f"{name}")
        prev = score(gold, predict(postings, ext=ext, areas=False), f"{name}")
        for k, v in now["fields"].items():
            fields[k] = v
            fields[k.replace(name, f"{name}[baseline jobs@1]", 1)] = base["fields"][k]
            fields[k.replace(name, f"{name}[baseline jobs@3]", 1)] = prev["fields"][k]
            fields[k.replace(name, f"{name}[baseline jobs@4]", 1)] = prev4["fields"][k]
            fields[k.replace(name, f"{name}[baseline jobs@5]", 1)] = prev5["fields"][k]
            fields[k.replace(name, f"{name}[baseline jobs@6]", 1)] = prev6["fields"][k]
        errors[name] = now["errors"]
        sizes.append(f"{name}: {gold_dir.name} ({len(gold)} postings, {sum(map(len, gold.values()))} skills)")
        texts += [r.get("description") or "" for r in postings.values()]
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(3):
        for t in texts:
            ext.skills(t)
    n = 3 * sum(map(len, texts))
    return {"extractor": EXTRACTOR, "gold": "; ".join(sizes), "fields": fields, "errors": errors,
            "throughput": {"zh_chars_per_s": round(n / (time.perf_counter() - t0)),
                           "zh_chars_per_cpu_s": round(n / max(time.process_time() - c0, 1e-9))}}
