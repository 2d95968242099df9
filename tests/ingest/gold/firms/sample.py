"""Draw the firm development sample (seeded; run once before annotation, 2026-12-06).

    KG_REFERENCE_DATA=/work/shared/data python tests/ingest/gold/firms/sample.py > /tmp/sample.tsv

Distinct firm names per source, shuffled with ``random.Random(20261206)``; the first N of each source.
Prints source, file, first row number and the row's fields an annotator reads.
"""
import csv
import os
import random
from pathlib import Path

REF = Path(os.environ.get("KG_REFERENCE_DATA", "/work/shared/data"))
PLAN = [  # (stratum, file, name column, source filter, n)
    ("listed", "firms/a_share_listed_companies.csv", "fullname", None, 45),
    ("zjtx_nanjing", "firms/zhuanjingtexin_nanjing.csv", "company", None, 15),
    ("zjtx_hangzhou", "firms/zhuanjingtexin_hangzhou_2025_batch1.csv", "company", None, 15),
    ("lagou_2017", "jobs/job_posts_cn.csv", "company", "lagou_2017", 20),
    ("51job_sh", "jobs/job_posts_cn.csv", "company", "51job", 15),
    ("51job_2023", "jobs/job_posts_51job_2023.csv", "company", None, 25),
    ("boss_2026", "jobs/job_posts_boss_2026.csv", "company", None, 25),
]


def main() -> None:
    rng = random.Random(20261206)
    w = csv.writer(os.sys.stdout, delimiter="\t")
    w.writerow(["stratum", "file", "row", "name", "fields"])
    for stratum, rel, col, src, n in PLAN:
        with open(REF / rel, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        first: dict[str, int] = {}
        for i, r in enumerate(rows, start=2):
            if src and not (r.get("source") or "").startswith(src):
                continue
            name = (r.get(col) or "").strip()
            if name and name not in first:
                first[name] = i
        names = sorted(first)
        rng.shuffle(names)
        for name in names[:n]:
            r = rows[first[name] - 2]
            keep = {k: v for k, v in r.items() if v and k not in ("description", "welfare", "post_url", "source_repo")}
            w.writerow([stratum, rel, first[name], name, " | ".join(f"{k}={v}" for k, v in keep.items())])


if __name__ == "__main__":
    main()
