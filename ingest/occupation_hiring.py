"""Occupation → employer industry, from the real job postings of the reference folder (the ``hiring`` table).

``python -m ingest.occupation_hiring`` reads every job file (:data:`ingest.reference.sources.JOB_FILES`) and
writes ``ingest/data/occupation_hiring_2022.csv``: for each 2022 大典 occupation (细类) and its 小类 / 中类
groups, which GB/T 4754 大类 the employers posting it are in.

* **Occupation** of a posting: its title through :func:`ingest.vocab.posts.post_name` and
  :class:`ingest.vocab.posts.OccupationMatcher` (the jobs loader's placement); placements flagged for review
  (similarity below 0.6) are not counted.
* **Employer** identity: :func:`ingest.firm_resolution.resolve` (``employer_id``: brand names linked to a
  full name when one fits). **Employer industry** only from evidence that does not come from the postings'
  titles: the Tushare class of a listed firm (authoritative, as in the resolver), else the job boards' own
  employer labels (``company_industry``) through the reviewed label tables (``ctx.industry_mapper``). A label
  spanning several 大类 spreads the employer over them evenly — the resolver's combiner, which narrows such
  labels, reads the postings' occupations and would make the table circular. BOSS直聘 postings carry no
  label: their employers count only when linked to a listed firm.
* **Counting employers**, not postings: each employer gives weight 1 to an occupation, spread over its 大类,
  so one employer posting many copies of a job does not dominate; ``share`` = the employers' weight in that
  大类 / the occupation's employers with an industry.
* A row is written only with at least :data:`MIN_EMPLOYERS` employers: below that a share moves in steps of
  more than 0.2 and one employer's label decides it.

The linker (:mod:`ingest.major_industry`) reads the table with :class:`HiringTable` (a CSV lookup at load
time: no postings are read then) and takes the 细类 row, else its 小类 group's (``x-xx-xx-00``); the 中类
rows (``x-xx-00-00``) are written but used only on request (:data:`LEVELS`).
"""
from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

TABLE = "occupation_hiring_2022.csv"
TABLE_PATH = Path(__file__).resolve().parent / "data" / TABLE
MIN_EMPLOYERS = 5
#: the table levels the linker falls back to: the 细类, then its 小类. A 中类 (``x-xx-00-00``) is written but
#: not used by default: with postings mostly from IT, finance and sales firms its mix is the boards' mix, not
#: the occupation's (2-02 工程技术人员 → 64 software for a railway maintenance major); measured both ways in
#: docs/industry-links.md
LEVELS = ("细类", "小类")
COLUMNS = ("occupation_code", "level", "occupation_name", "division", "postings", "employers", "share")


def group_codes(code: str) -> tuple[str, str]:
    """(小类, 中类) codes of a 大典 细类 code: ``2-02-10-03`` → (``2-02-10-00``, ``2-02-00-00``)."""
    return code[:7] + "-00", code[:4] + "-00-00"


@dataclass(frozen=True)
class Posting:
    employer: str  # firm id
    occupation: str  # 细类 code
    divisions: Mapping[str, float]  # the employer's 大类 → weight (sums to 1)


def aggregate(postings: Iterable[Posting], names: Mapping[str, str] | None = None,
              min_employers: int = MIN_EMPLOYERS) -> list[dict]:
    """Table rows (see :data:`COLUMNS`) from placed postings: per occupation at 细类, 小类 and 中类, per 大类,
    the postings, the employers and the employers' share (each employer weighs 1 per occupation, spread over
    its 大类); occupations with fewer than ``min_employers`` employers are left out."""
    names = names or {}
    emp: dict[str, dict[str, Mapping[str, float]]] = defaultdict(dict)  # occupation → employer → 大类 weights
    n_posts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))  # occupation → 大类 → postings
    for p in postings:
        if not p.divisions:
            continue
        for code, level in ((p.occupation, "细类"), *zip(group_codes(p.occupation), ("小类", "中类"))):
            emp[(code, level)][p.employer] = p.divisions
            for d in p.divisions:
                n_posts[(code, level)][d] += 1
    rows = []
    for (code, level), by_emp in sorted(emp.items()):
        if len(by_emp) < min_employers:
            continue
        weight: dict[str, float] = defaultdict(float)
        count: dict[str, int] = defaultdict(int)
        for divs in by_emp.values():
            for d, w in divs.items():
                weight[d] += w
                count[d] += 1
        for d in sorted(weight, key=lambda x: (-weight[x], x)):
            rows.append({"occupation_code": code, "level": level, "occupation_name": names.get(code, ""),
                         "division": d, "postings": n_posts[(code, level)][d], "employers": count[d],
                         "share": round(weight[d] / len(by_emp), 4)})
    return rows


class HiringTable:
    """Occupation code → {大类: share of its employers}, from the written table: the 细类's own row when it
    has one, else its 小类's (else its 中类's, when ``levels`` includes 中类; rows exist only with enough
    employers)."""

    def __init__(self, rows: Iterable[Mapping[str, str]], levels: tuple[str, ...] = LEVELS):
        self.dist: dict[str, dict[str, float]] = defaultdict(dict)
        for r in rows:
            code = (r.get("occupation_code") or "").strip()
            d = (r.get("division") or "").strip()
            if not code or not d or (r.get("level") or "").strip() not in levels:
                continue
            self.dist[code][d] = float(r.get("share") or 0)
        self.dist = dict(self.dist)

    @classmethod
    def load(cls, levels: tuple[str, ...] = LEVELS) -> "HiringTable":
        """The table in ``ingest/data`` (empty when it has not been built)."""
        from ingest.reference.common import read_data_table

        return cls(read_data_table(TABLE) if TABLE_PATH.is_file() else [], levels)

    def of(self, code: str) -> tuple[dict[str, float], str | None]:
        """({大类: share}, the code of the row used) — ({}, None) when neither the occupation nor its groups
        have enough employers."""
        for c in (code, *group_codes(code)):
            if c in self.dist:
                return self.dist[c], c
        return {}, None


# ------------------------------------------------------------------------------ building from the postings
def employer_industries(ctx, resolver) -> dict[str, dict[str, float]]:
    """{firm id: {大类: weight}} from the Tushare class (listed firms) or the job boards' employer labels,
    never from the postings' titles (see the module doc). Weights sum to 1 per firm."""
    from ingest.normalize import firm_key
    from ingest.reference.industry_map import split_job_labels
    from ingest.reference.sources import ASHARE, JOB_FILES

    mapper = ctx.industry_mapper
    labels: dict[str, list[tuple[str, str]]] = defaultdict(list)
    if ctx.exists(ASHARE):
        for r in ctx.csv(ASHARE)[1]:
            if (r.get("industry") or "").strip():
                labels[firm_key(r["fullname"])].append(("tushare", r["industry"].strip()))
    for rel in JOB_FILES:
        if not ctx.exists(rel):
            continue
        for r in ctx.csv(rel)[1]:
            fid = resolver.employer_id(r.get("company") or "")
            if not fid or any(s == "tushare" for s, _ in labels.get(fid, [])):
                continue  # the A-share class is authoritative for listed firms
            for lab in split_job_labels((r.get("company_industry") or "").strip(), r.get("source") or ""):
                if ("jobs", lab) not in labels[fid]:
                    labels[fid].append(("jobs", lab))
    out: dict[str, dict[str, float]] = {}
    for fid, labs in labels.items():
        acc: dict[str, float] = defaultdict(float)
        for scheme, lab in labs:
            divs = sorted({m.code[:2] for m in mapper.map(lab, scheme) if m.code[:2].isdigit()})
            for d in divs:
                acc[d] += 1.0 / len(divs)  # a label over several 大类 spreads evenly
        tot = sum(acc.values())
        if tot:
            out[fid] = {d: v / tot for d, v in acc.items()}
    return out


def placed_postings(ctx) -> tuple[list[Posting], dict]:
    """Every posting of the job files whose title is placed (not flagged for review) and whose employer has
    an industry (see :func:`employer_industries`), and counts of what was dropped."""
    from ingest.firm_resolution import resolve
    from ingest.reference.sources import JOB_FILES, OCCUPATIONS
    from ingest.vocab.posts import OccupationMatcher, post_name

    matcher = OccupationMatcher.from_csv(ctx.folder / OCCUPATIONS)
    resolver = resolve(ctx)
    industries = employer_industries(ctx, resolver)
    rows = [r for rel in JOB_FILES if ctx.exists(rel) for r in ctx.csv(rel)[1]]
    posts = [post_name(r.get("title") or "") for r in rows]
    matcher.place_many(posts)
    out, stats = [], defaultdict(int)
    for r, post in zip(rows, posts):
        stats["postings"] += 1
        pl = matcher.place(post)
        if pl is None or pl.review:
            stats["unplaced_or_review"] += 1
            continue
        fid = resolver.employer_id(r.get("company") or "")
        divs = industries.get(fid)
        if not divs:
            stats["employer_without_label_industry"] += 1
            continue
        out.append(Posting(fid, pl.code, divs))
    stats["counted"] = len(out)
    return out, dict(stats)


def build(ctx, path: Path = TABLE_PATH, min_employers: int = MIN_EMPLOYERS) -> dict:
    from ingest.reference.sources import OCCUPATIONS

    postings, stats = placed_postings(ctx)
    names = {r["code"].strip(): (r.get("name") or "").strip() for r in ctx.csv(OCCUPATIONS)[1] if r.get("code")}
    rows = aggregate(postings, names, min_employers)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(f"# built by `python -m ingest.occupation_hiring` from the reference job files: {stats['counted']} "
                f"postings placed in an occupation with an employer industry from its Tushare class or board label;\n"
                f"# share = employers' weight in the 大类 / the occupation's employers; at least {min_employers} "
                f"employers per occupation or group\n")
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)
    stats["rows"] = len(rows)
    for lv in ("细类", "小类", "中类"):
        stats[f"occupations_{lv}"] = len({r["occupation_code"] for r in rows if r["level"] == lv})
    return stats


def main() -> None:
    from kg.config import settings
    from ingest.reference.context import Context

    stats = build(Context(Path(settings().reference_data)))
    print(f"wrote {TABLE_PATH}: {stats}")


if __name__ == "__main__":
    main()
