"""Regenerate the example tables of README.md §"Answers on the real data" from real runs of `kg`.

    KG_DB=.kg/graph.lbug .venv/bin/python scripts/readme_examples.py > /tmp/examples.md

Runs each command below with ``-f json`` on the configured graph (after ``make load``) and prints, for
each, the command and a Markdown table of the selected columns (lists joined with 、, long cells cut at
``MAX_CELL`` characters with …). Paste the output over the section's tables.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

KG = str(Path(sys.executable).with_name("kg"))
MAX_CELL = 160
EXAMPLES = [
    (["gaps", "--college", "深圳职业技术大学", "--group", "电子信息工程技术", "--candidates", "3"],
     ["industry_code", "industry", "confidence", "partners", "gap", "candidate_scope", "candidates"]),
    (["coverage", "--region", "广东省"],
     ["region", "matching_index", "firms", "postings", "offerings", "industries_demanded", "industries_uncovered"]),
    (["skills-gap", "--college", "深圳职业技术大学", "--group", "通信技术"],
     ["post", "postings", "covered_skills", "uncovered_skills"]),
    (["suggest", "--group", "双高2019:4144011113:通信技术", "--top", "5"],
     ["rank", "firm", "score", "industry", "demand", "proximity", "ties", "tags", "reasons"]),
    (["suggest-groups", "--industry", "65", "--region", "广东省", "--top", "5"],
     ["rank", "group_a", "college_a", "group_b", "college_b", "score"]),
    (["review-partners", "--college", "深圳职业技术大学"],
     ["firm", "partner_of", "kinds", "since", "until", "internship_posts", "flags"]),
]


def cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        v = round(v, 3)
    if isinstance(v, list):
        v = "、".join(str(x) for x in v)
    s = str(v).replace("|", "\\|").replace("\n", " ")
    return s if len(s) <= MAX_CELL else s[:MAX_CELL - 1] + "…"


def main() -> None:
    for args, cols in EXAMPLES:
        out = subprocess.run([KG, *args, "-f", "json"], capture_output=True, text=True, check=True).stdout
        rows = json.loads(out)
        rows = rows.get("rows", rows) if isinstance(rows, dict) else rows
        print("```bash\nkg " + " ".join(args) + "\n```\n")
        print("| " + " | ".join(cols) + " |")
        print("|" + "---|" * len(cols))
        for r in rows:
            print("| " + " | ".join(cell(r.get(c)) for c in cols) + " |")
        print(f"\n({len(rows)} rows; selected columns)\n")


if __name__ == "__main__":
    main()
