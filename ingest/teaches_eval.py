"""`kg eval teaches`: course name → skills (``TEACHES``) on the development sets
``tests/ingest/gold/teaches/courses.tsv`` (100 course names of the 2022 major profiles) and ``courses_b.tsv``
(120 more, annotated before the matcher was run on them), reported apart and pooled; see the README.

Precision / recall over (course, skill) pairs, names folded by :func:`ingest.nlp.norm_key`. The demand
terms are the skills required by at least 3 postings of the reference job files, found by the jobs
extractor in the same run (no graph needed). Baseline: no course → skill links (``TEACHES`` had 0
relationships before this component), and the curated vocabulary alone (no demand terms), both
reported beside.
"""
from __future__ import annotations

import csv
from pathlib import Path

from ingest.nlp import norm_key

GOLD = Path(__file__).resolve().parent.parent / "tests" / "ingest" / "gold" / "teaches" / "courses.tsv"
#: the second set (120 courses, annotated 2026-12-07 before the matcher was run on them; see the README)
GOLD_B = GOLD.parent / "courses_b.tsv"


def load_gold(path: Path = GOLD) -> dict[str, set[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return {r["course"]: {norm_key(s) for s in (r["skills"] or "").split("|") if s.strip()}
                for r in csv.DictReader(f, delimiter="\t")}


def demand_from_files(reference: Path, min_postings: int = 3) -> tuple[list[str], list[str]]:
    """Skill names the jobs extractor finds in at least ``min_postings`` postings of the reference job files:
    (vocabulary names and the boards' skill tags, open phrases from descriptions). The open phrases are only
    matched as a course's whole subject (:class:`ingest.vocab.course_skills.CourseSkillMatcher`)."""
    from collections import Counter

    from ingest.jobs import JobExtractor
    from ingest.reference.sources import JOB_FILES

    ext = JobExtractor.from_store(None)
    strong: Counter = Counter()
    loose: Counter = Counter()
    for f in JOB_FILES:
        p = reference / f
        if not p.is_file():
            continue
        with open(p, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                found = ext.skills(r.get("description") or "")
                strong.update({s["name"] for s in found if s["known"] or s["method"] == "tag"})
                loose.update({s["name"] for s in found if not (s["known"] or s["method"] == "tag")})
    return ([n for n, c in strong.items() if c >= min_postings], [n for n, c in loose.items() if c >= min_postings])


def _prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn}


def score(gold: dict[str, set[str]], predict) -> tuple[dict, list]:
    tp = fp = fn = 0
    errors = []
    for course, g in gold.items():
        p = {norm_key(x) for x in predict(course)}
        tp, fp, fn = tp + len(p & g), fp + len(p - g), fn + len(g - p)
        if p != g:
            errors.append({"course": course, "fp": sorted(p - g), "fn": sorted(g - p)})
    return _prf(tp, fp, fn), errors


def threshold_cv(gold: dict[str, set[str]], m, folds: int = 5, seeds=range(5), target: float = 0.85):
    """A confidence threshold for the links, chosen by cross-validation over courses: per fold the lowest
    threshold (of the matcher's confidence levels) whose training precision is ≥ ``target`` (else the most
    precise one); held-out counts summed over folds and seeds. Returns (P/R/F1, thresholds picked)."""
    import random

    pred = {c: [(norm_key(x.name), x.confidence) for x in m.find(c)] for c in gold}
    levels = sorted({conf for v in pred.values() for _n, conf in v})

    def counts(cs, t):
        tp = fp = fn = 0
        for c in cs:
            p = {n for n, conf in pred[c] if conf >= t}
            tp, fp, fn = tp + len(p & gold[c]), fp + len(p - gold[c]), fn + len(gold[c] - p)
        return tp, fp, fn

    def prec(r):
        return r[0] / (r[0] + r[1]) if r[0] + r[1] else 0.0

    tot = [0, 0, 0]
    picked = []
    for seed in seeds:
        cs = sorted(gold)
        random.Random(seed).shuffle(cs)
        for k in range(folds):
            test = set(cs[k::folds])
            train = [c for c in cs if c not in test]
            t = next((t for t in levels if prec(counts(train, t)) >= target), None)
            if t is None:
                t = max(levels, key=lambda t: prec(counts(train, t)))
            picked.append(t)
            tot = [a + b for a, b in zip(tot, counts(sorted(test), t))]
    from collections import Counter

    return _prf(*tot), "/".join(f"{t}×{n}" for t, n in sorted(Counter(picked).items()))


def evaluate(store=None) -> dict:
    from ingest.vocab.course_skills import CourseSkillMatcher
    from kg.config import settings

    reference = Path(settings().reference_data)
    demand, loose = demand_from_files(reference)
    m = CourseSkillMatcher.build(demand, loose)
    vocab_only = CourseSkillMatcher.build([])
    sets = {"teaches": load_gold(), "teaches_b": load_gold(GOLD_B)}
    sets["pooled"] = {**sets["teaches"], **sets["teaches_b"]}
    fields: dict = {}
    errors: list = []
    for name, gold in sets.items():
        now, err = score(gold, lambda c: [x.name for x in m.find(c)])
        voc, _ = score(gold, lambda c: [x.name for x in vocab_only.find(c)])
        none, _ = score(gold, lambda c: [])
        fields.update({name: now, f"{name}[vocabulary only]": voc, f"{name}[baseline: no links]": none})
        if name != "pooled":
            errors += err
    gold = sets["pooled"]
    cv, picked = threshold_cv(gold, m)
    fields[f"pooled[confidence threshold chosen by CV: {picked}]"] = cv
    n = sum(map(len, gold.values()))
    return {"extractor": "teaches@2", "gold": f"{GOLD.parent} (courses.tsv 100 + courses_b.tsv 120 courses, {n} skills)",
            "fields": fields,
            "summary": [f"demand terms: {len(demand)} vocabulary/tag skill names and {len(loose)} open phrases (matched only as "
                        f"a course's whole subject), each required by ≥ 3 postings"], "errors": errors}
