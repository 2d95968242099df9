"""`kg eval jobs`: precision / recall / F1 of the job-post skill extractor on its development sets.

Two hand-annotated sets, reported apart (see their READMEs):

* ``tests/ingest/gold/jobs`` — IT: 64 postings of ``jobs/job_posts_cn.csv`` (Lagou 2017, 51job Shanghai);
* ``tests/ingest/gold/jobs_nonit`` — non-IT: 30 postings of ``jobs/job_posts_51job_2023.csv`` (descriptions)
  and 30 of ``jobs/job_posts_boss_2026.csv`` (the board's skill tags).

Per posting, the set of predicted skill names (folded by :func:`ingest.nlp.norm_key`) is compared with
the annotated set; counts are summed over postings (micro average), per set and per source. The
baseline — the previous extractor (``jobs@1``: curated vocabulary only, over the description text) — is
computed in the same run and reported beside every figure. The postings are read from the reference
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


def predict(postings: dict[str, dict], store=None, ext=None, baseline: bool = False) -> dict[str, set[str]]:
    from ingest.jobs import JobExtractor

    ext = ext or JobExtractor.from_store(store)
    if baseline:
        return {jid: {norm_key(s["name"]) for s in ext.skills_baseline(r.get("description") or "")}
                for jid, r in postings.items()}
    return {jid: {norm_key(s["name"]) for s in ext.skills(r.get("description") or "")} for jid, r in postings.items()}


def _with_filter(ext, phrase_filter):
    """The extractor ``ext`` with another duty-phrase filter (None: rules only, as jobs@2)."""
    import copy

    e = copy.copy(ext)
    e.finder = copy.copy(ext.finder)
    e.finder.phrase_filter = phrase_filter
    e.finder.collect = None
    return e


def filter_training(ext, sets: list[tuple[dict, dict]]) -> list[tuple[str, list[float], int]]:
    """(posting id, features, label) for every duty-clause candidate phrase of the development postings; label 1
    when the phrase is annotated for that posting."""
    e = _with_filter(ext, None)
    rows = []
    for gold, postings in sets:
        for jid, r in postings.items():
            e.finder.collect = []
            e.skills(r.get("description") or "")
            for phrase, x, _keep in e.finder.collect:
                rows.append((jid, x, int(norm_key(phrase) in gold[jid])))
    e.finder.collect = None
    return rows


def cross_validated(ext, sets: list[tuple[dict, dict]], folds: int = 5, seed: int = 19) -> dict[str, set[str]]:
    """Predictions of each development posting by an extractor whose duty-phrase filter was fitted on the other
    folds (postings grouped, both sets pooled)."""
    import random

    from ingest.vocab.skill_filter import PhraseFilter

    rows = filter_training(ext, sets)
    ids = sorted({jid for gold, _p in sets for jid in gold})
    random.Random(seed).shuffle(ids)
    fold_of = {jid: i % folds for i, jid in enumerate(ids)}
    out: dict[str, set[str]] = {}
    for k in range(folds):
        train = [(x, y) for jid, x, y in rows if fold_of[jid] != k]
        flt = PhraseFilter.fit([x for x, _ in train], [y for _, y in train])
        e = _with_filter(ext, flt)
        for _gold, postings in sets:
            out.update(predict({j: r for j, r in postings.items() if fold_of[j] == k}, ext=e))
    return out


def fit_shipped(ext, sets) -> "object":
    """Fit the duty-phrase filter on all development postings and write it (``kg eval jobs --fit``)."""
    from ingest.vocab.skill_filter import PhraseFilter

    rows = filter_training(ext, sets)
    flt = PhraseFilter.fit([x for _j, x, _y in rows], [y for _j, _x, y in rows],
                           meta={"trained_on": "tests/ingest/gold/jobs + jobs_nonit", "candidates": len(rows),
                                 "positives": sum(y for _j, _x, y in rows)})
    flt.save()
    return flt


def evaluate(store=None, fit: bool = False) -> dict:
    import time

    from ingest.jobs import EXTRACTOR, JobExtractor
    from kg.config import settings

    ext = JobExtractor.from_store(store)
    reference = Path(settings().reference_data)
    fields: dict = {}
    errors: dict = {}
    sizes = []
    texts: list[str] = []
    loaded = [(load_gold(gold_dir), files) for gold_dir, files in SETS.values()]
    dev = [(gold, load_postings(reference, set(gold), files)) for gold, files in loaded]
    notes = []
    if fit:
        flt = fit_shipped(ext, dev)
        ext = _with_filter(ext, flt)
        notes.append(f"duty-phrase filter refitted on all development postings ({flt.meta}) and written")
    cv = cross_validated(ext, dev)
    rules = _with_filter(ext, None)
    for (name, (gold_dir, files)), (gold, postings) in zip(SETS.items(), dev):
        now = score(gold, predict(postings, ext=ext), f"{name}")
        cvs = score(gold, {j: cv[j] for j in postings}, f"{name}")
        rul = score(gold, predict(postings, ext=rules), f"{name}")
        base = score(gold, predict(postings, ext=ext, baseline=True), f"{name}")
        for k, v in now["fields"].items():
            fields[k.replace(name, f"{name}[CV 5-fold]", 1)] = cvs["fields"][k]
            fields[k] = v
            fields[k.replace(name, f"{name}[rules only, jobs@2]", 1)] = rul["fields"][k]
            fields[k.replace(name, f"{name}[baseline jobs@1]", 1)] = base["fields"][k]
        errors[name] = now["errors"]
        sizes.append(f"{name}: {gold_dir.name} ({len(gold)} postings, {sum(map(len, gold.values()))} skills)")
        texts += [r.get("description") or "" for r in postings.values()]
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(3):
        for t in texts:
            ext.skills(t)
    n = 3 * sum(map(len, texts))
    notes.append("rows without a suffix: the shipped duty-phrase filter, fitted on these same postings (in-sample, "
                 "optimistic); [CV 5-fold]: the filter fitted on the other folds (postings grouped) — the honest figure")
    return {"extractor": EXTRACTOR, "gold": "; ".join(sizes), "fields": fields, "errors": errors, "notes": notes,
            "throughput": {"zh_chars_per_s": round(n / (time.perf_counter() - t0)),
                           "zh_chars_per_cpu_s": round(n / max(time.process_time() - c0, 1e-9))}}
