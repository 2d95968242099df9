"""`kg eval posts`: posting title → 2022 大典 occupation (细类), on the development set
``tests/ingest/gold/posts/titles.tsv`` (200 titles from the three job files; see its README).

Reported: accuracy (placed in the annotated occupation / titles with an annotated occupation), precision
(correct / placed), the share of unplaceable titles (gold ``-``) left unplaced, and the placement rate over
**every** posting of the reference job files (titles read from the CSVs, no graph needed). Baseline: the
previous linker (``jobs@1``: title normalised by ``normalise_title``, exact name/alias 0.9 or the longest
contained alias 0.7) in the same run.
"""
from __future__ import annotations

import csv
from pathlib import Path

GOLD = Path(__file__).resolve().parent.parent / "tests" / "ingest" / "gold" / "posts" / "titles.tsv"


def load_gold(path: Path = GOLD) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _titles(reference: Path) -> list[str]:
    from ingest.reference.sources import JOB_FILES

    out = []
    for f in JOB_FILES:
        p = reference / f
        if p.is_file():
            with open(p, encoding="utf-8", newline="") as fh:
                out += [r.get("title") or "" for r in csv.DictReader(fh)]
    return out


def _occupations(reference: Path) -> list[tuple[str, str, list[str]]]:
    occ = []
    with open(reference / "occupations" / "occupational_classification_2022.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r.get("level") == "4":
                occ.append((r["code"], r["name"], [a for a in (r.get("alias") or "").split(",") if a]))
    return occ


def score(gold: list[dict], place) -> dict:
    coded = [g for g in gold if g["occupation"] != "-"]
    none = [g for g in gold if g["occupation"] == "-"]
    pred = {g["job_id"]: place(g["title"]) for g in gold}
    placed = [g for g in coded if pred[g["job_id"]]]
    correct = [g for g in placed if pred[g["job_id"]] == g["occupation"]]
    errors = [{"title": g["title"], "gold": g["occupation"], "predicted": pred[g["job_id"]]}
              for g in coded if pred[g["job_id"]] != g["occupation"]]
    return {"accuracy": len(correct) / len(coded), "precision": len(correct) / max(len(placed), 1),
            "recall": len(correct) / len(coded), "tp": len(correct), "fp": len(placed) - len(correct),
            "fn": len(coded) - len(correct), "unplaceable_left_unplaced": sum(1 for g in none if not pred[g["job_id"]]),
            "unplaceable": len(none), "errors": errors}


def evaluate(store=None) -> dict:
    from ingest.vocab.entities import load_tech_terms
    from ingest.jobs import JobExtractor, normalise_title
    from ingest.vocab.posts import OccupationMatcher, post_name
    from kg.config import settings

    reference = Path(settings().reference_data)
    occ = _occupations(reference)
    matcher = OccupationMatcher(occ)
    old = JobExtractor.__new__(JobExtractor)  # the previous linker's tables only (no spaCy pipeline)
    JobExtractor._occupation_tables(old, occ)
    canon = {t.name.lower(): t.name for t in load_tech_terms()}

    def new(title):
        p = matcher.place(post_name(title))
        return p.code if p else None

    def base(title):
        r = old.occupation_of(normalise_title(title, canon))
        return r[0] if r else None

    gold = load_gold()
    now, before = score(gold, new), score(gold, base)
    titles = _titles(reference)
    rate_now = sum(1 for t in titles if new(t)) / max(len(titles), 1)
    rate_base = sum(1 for t in titles if base(t)) / max(len(titles), 1)
    fields = {}
    for name, res, rate in (("occupation", now, rate_now), ("occupation[baseline jobs@1]", before, rate_base)):
        fields[name] = {k: res[k] for k in ("accuracy", "precision", "recall", "tp", "fp", "fn")}
        fields[name]["f1"] = res["accuracy"]
        fields[name]["placed_share_all_postings"] = rate
    fields["unplaceable titles left unplaced"] = {"precision": now["unplaceable_left_unplaced"] / max(now["unplaceable"], 1),
                                                  "tp": now["unplaceable_left_unplaced"], "fn": now["unplaceable"]
                                                  - now["unplaceable_left_unplaced"]}
    return {"extractor": "posts@1", "gold": f"{GOLD} ({len(gold)} titles, {len(gold) - now['unplaceable']} with an "
                                            f"occupation)",
            "summary": [f"accuracy {now['accuracy']:.3f} (baseline {before['accuracy']:.3f}); placed "
                        f"{rate_now:.1%} of {len(titles)} postings (baseline {rate_base:.1%})"],
            "fields": fields, "errors": now["errors"]}
