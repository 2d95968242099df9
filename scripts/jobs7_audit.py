"""Population audit of jobs@7's rules (docs/job-demand.md, session 13): for each rule r of
:data:`ingest.vocab.skills.V7_RULES`, the mentions jobs@7 finds that jobs@7 without r does not (added by r) and the
reverse (removed by r), over all non-IT postings with a text (jobs/job_posts_51job_2023.csv, jobs/job_posts_boss_2026.csv;
the 60 development postings excluded), then jobs@7 against jobs@6; a seeded random sample of 30 added mentions per rule,
printed with its clause for judging by the non-IT guideline (tests/ingest/gold/jobs_nonit/README.md).

    PYTHONPATH=$PWD .venv/bin/python scripts/jobs7_audit.py [rule …]      # SEED=7 (the figures of session 13)
"""
from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import pandas as pd

from ingest.jobs import JobExtractor
from ingest.jobs_eval import SETS, load_gold
from ingest.normalize import job_posting_id
from ingest.vocab.skills import V7_RULES
from kg.config import settings


def main(rules: list[str]) -> None:
    ext = JobExtractor.from_store(None)
    dev = set(load_gold(SETS["non_it"][0]))
    ref = Path(settings().reference_data)
    posts = []
    for f in ("jobs/job_posts_51job_2023.csv", "jobs/job_posts_boss_2026.csv"):
        df = pd.read_csv(ref / f, dtype=str, keep_default_na=False)
        for r in df.to_dict("records"):
            jid = job_posting_id(r["source"], r["job_id"])
            if jid not in dev and r["description"]:
                posts.append((jid, r["description"]))
    print("postings", len(posts))

    def run(active):
        ext.finder.v7 = frozenset(active)
        return {jid: {(x["name"], x["start"], x["end"]): x for x in ext.skills(d)} for jid, d in posts}

    full, jobs6 = run(V7_RULES), run(())
    for rule in (rules or sorted(V7_RULES)) + ["jobs@7 vs jobs@6"]:
        base = jobs6 if rule.startswith("jobs@7") else run(V7_RULES - {rule})
        new, gone = [], []
        for jid, _d in posts:
            b, c = base[jid], full[jid]
            new += [(jid, k[0], c[k]["method"], c[k]["evidence"]) for k in c.keys() - b.keys()]
            gone += [(jid, k[0], b[k]["method"], b[k]["evidence"]) for k in b.keys() - c.keys()]
        new.sort(), gone.sort()  # set order varies with the process: sort before sampling
        print(f"== {rule}: +{len(new)} mentions, -{len(gone)}")
        for g in gone:
            print("   REMOVED |", " | ".join(x[:100] for x in g))
        rnd = random.Random(int(os.environ.get("SEED", "7")))
        for i, (jid, name, meth, ev) in enumerate(rnd.sample(new, min(30, len(new))), 1):
            print(f"{i:2d} | {jid} | {name} | {meth} | {ev[:120]}")


if __name__ == "__main__":
    main(sys.argv[1:])
