"""Cross-validated job-post skill figures of the whole procedure, jobs@7 beside jobs@6 and jobs@5 (docs/job-demand.md,
sessions 11 and 12).

The area thresholds (MIN_AREA_EMPLOYERS, MIN_AREA_NAMED) are the only fitted part of the extractor: per fold they are
chosen on the training postings of both development sets (the pair maximising the lower of the IT and non-IT F1, ties
→ the stricter pair), with the areas' document frequencies computed over the reference job files **without** the 124
development postings, and the held-out fold is scored with them; counts are pooled over 5 folds × 5 seeds.

    PYTHONPATH=$PWD .venv/bin/python scripts/jobs_area_cv.py
"""
from __future__ import annotations

import csv
import itertools
import random
from pathlib import Path

from ingest.jobs import JobExtractor
from ingest.jobs_eval import SETS, load_gold, load_postings
from ingest.nlp import norm_key
from ingest.normalize import job_posting_id
from ingest.reference.sources import JOB_FILES
from ingest.vocab.entities import EntityVocabulary
from ingest.vocab.skills import V7_RULES, area_document_frequencies
from kg.config import settings

ASKED = (3, 5, 8, None)          # None: the test is off
NAMED = (3, 5, 8, 12, 20, None)
FOLDS, SEEDS = 5, 5
#: the extractor versions compared: SkillFinder.v6 and SkillFinder.v7 of each
VARIANTS = {"jobs@7": (True, V7_RULES), "jobs@6": (True, frozenset()), "jobs@5": (False, frozenset())}


def main() -> None:
    ref = Path(settings().reference_data)
    gold, posts = {}, {}
    for name, (gold_dir, files) in SETS.items():
        gold[name] = load_gold(gold_dir)
        posts[name] = load_postings(ref, set(gold[name]), files)
    dev = {j for g in gold.values() for j in g}

    def rows():
        for f in JOB_FILES:
            with open(ref / f, encoding="utf-8", newline="") as fh:
                for r in csv.DictReader(fh):
                    if job_posting_id(r["source"], r["job_id"]) not in dev:
                        yield (r.get("company") or "").strip() or f"{r['source']}:{r['job_id']}", r.get("description") or ""

    asked, named = area_document_frequencies(rows())
    vocab = EntityVocabulary.tech_terms()
    ids = [(s, j) for s in posts for j in posts[s]]
    pred = {}
    for k1, k2 in itertools.product(ASKED, NAMED):
        areas = frozenset(p for p, n in asked.items() if k1 and n >= k1) | \
            frozenset(p for p, n in named.items() if k2 and n >= k2)
        ext = JobExtractor(vocab, [], {}, areas)
        for variant, (v6, v7) in VARIANTS.items():
            ext.finder.v6, ext.finder.v7 = v6, v7
            pred[(variant, k1, k2)] = {(s, j): {norm_key(x["name"]) for x in ext.skills(posts[s][j].get("description") or "")}
                                  for s, j in ids}

    def counts(p, keys):
        c = {s: [0, 0, 0] for s in posts}
        for s, j in keys:
            g, q = gold[s][j], p[(s, j)]
            c[s][0] += len(q & g)
            c[s][1] += len(q - g)
            c[s][2] += len(g - q)
        return c

    def f1(t):
        return 2 * t[0] / (2 * t[0] + t[1] + t[2]) if t[0] else 0.0

    def strictness(k):
        return tuple(99 if x is None else x for x in k)

    for variant in VARIANTS:
        total = {s: [0, 0, 0] for s in posts}
        chosen: dict = {}
        for seed in range(SEEDS):
            order = ids[:]
            random.Random(seed).shuffle(order)
            folds = [order[i::FOLDS] for i in range(FOLDS)]
            for i in range(FOLDS):
                train = [x for k, f in enumerate(folds) if k != i for x in f]
                score = {k: min(f1(c["it"]), f1(c["non_it"]))
                         for k in itertools.product(ASKED, NAMED) for c in [counts(pred[(variant, *k)], train)]}
                top = max(score.values())
                pick = max((k for k, v in score.items() if v == top), key=strictness)
                chosen[pick] = chosen.get(pick, 0) + 1
                for s, t in counts(pred[(variant, *pick)], folds[i]).items():
                    total[s] = [a + b for a, b in zip(total[s], t)]
        figures = " | ".join(f"{s} P {t[0] / (t[0] + t[1]):.3f} R {t[0] / (t[0] + t[2]):.3f}" for s, t in total.items())
        print(f"{variant} cross-validated: {figures}; (asked, named) chosen: {chosen}")


if __name__ == "__main__":
    main()
