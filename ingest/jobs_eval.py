"""`kg eval jobs`: precision / recall / F1 of the job-post skill extractor on the hand-annotated gold set in
``tests/ingest/gold/jobs`` (64 postings; see its README).

Per posting, the set of predicted skills (their names folded by :func:`ingest.nlp.norm_key`) is compared
with the annotated set; counts are summed over postings (micro average). Also reported per source
(Lagou / 51job). The postings are read from the reference CSV, so no graph is needed; the graph's
Skill/Course/Certificate names join the vocabulary when a graph with them is configured.
"""
from __future__ import annotations

import csv
from pathlib import Path

from ingest.nlp import norm_key

GOLD = Path(__file__).resolve().parent.parent / "tests" / "ingest" / "gold" / "jobs"


def load_gold(gold_dir: Path = GOLD) -> dict[str, set[str]]:
    with open(gold_dir / "skills.tsv", encoding="utf-8", newline="") as f:
        lines = [ln for ln in f if ln.strip() and not ln.startswith("#")]
    out: dict[str, set[str]] = {}
    for r in csv.DictReader(lines, delimiter="\t"):
        out[r["job_id"].strip()] = {norm_key(s) for s in (r.get("skills") or "").split("|") if s.strip()}
    return out


def load_postings(reference: Path, ids: set[str]) -> dict[str, dict]:
    import pandas as pd

    from ingest.normalize import job_posting_id

    df = pd.read_csv(reference / "jobs" / "job_posts_cn.csv", dtype=str, keep_default_na=False)
    out = {}
    for r in df.to_dict("records"):
        jid = job_posting_id(r["source"], r["job_id"])
        if jid in ids:
            out[jid] = r
    missing = ids - set(out)
    if missing:
        raise ValueError(f"gold postings not in the jobs file: {sorted(missing)[:5]}")
    return out


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn}


def score(gold: dict[str, set[str]], predicted: dict[str, set[str]]) -> dict:
    buckets: dict[str, list[int]] = {}
    errors = []
    for jid, g in gold.items():
        p = predicted.get(jid, set())
        tp, fp, fn = len(p & g), len(p - g), len(g - p)
        for key in ("skills", "source:" + jid.split(":")[1]):
            b = buckets.setdefault(key, [0, 0, 0])
            b[0] += tp
            b[1] += fp
            b[2] += fn
        if p - g or g - p:
            errors.append({"posting": jid, "fp": sorted(p - g), "fn": sorted(g - p)})
    return {"fields": {k: _prf(*v) for k, v in buckets.items()}, "errors": errors}


def predict(postings: dict[str, dict], store=None, ext=None) -> dict[str, set[str]]:
    from ingest.jobs import JobExtractor

    ext = ext or JobExtractor.from_store(store)
    return {jid: {norm_key(s["name"]) for s in ext.skills(r.get("description") or "")}
            for jid, r in postings.items()}


def evaluate(store=None) -> dict:
    from kg.config import settings

    import time

    from ingest.jobs import JobExtractor

    gold = load_gold()
    postings = load_postings(Path(settings().reference_data), set(gold))
    ext = JobExtractor.from_store(store)
    res = score(gold, predict(postings, store, ext))
    texts = [r.get("description") or "" for r in postings.values()]
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(5):
        for t in texts:
            ext.skills(t)
    n = 5 * sum(map(len, texts))
    res["throughput"] = {"zh_chars_per_s": round(n / (time.perf_counter() - t0)),
                         "zh_chars_per_cpu_s": round(n / max(time.process_time() - c0, 1e-9))}
    n = sum(len(v) for v in gold.values())
    return {"extractor": "jobs@1", "gold": f"{GOLD} ({len(gold)} postings, {n} skills)", **res}
