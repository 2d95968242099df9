"""Training of the name model (:mod:`ingest.firm_name_model`).

``python -m ingest.firm_name_model_train [--out PATH]`` (needs scikit-learn). The training firms are every
firm of the reference files whose label — Tushare class or job-board industry — maps through the reviewed
tables to exactly one 大类 (and is not in the development set ``tests/ingest/gold/firms``), as
:class:`ingest.firm_resolution.Resolver` reads them. It prints the 5-fold cross-validated accuracy (and the
majority-class baseline) and writes the fitted counts, pruned to n-grams seen in at least two training
names, to ``ingest/data/firm_name_nb.json``.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

from ingest.firm_name_model import MODEL_JSON, doc_features, features


def training_set(ctx, exclude: set[str]) -> tuple[list[tuple[str, str | None]], list[str]]:
    """((name, English name or None), 大类) of firms whose labels map to exactly one 大类 through the
    reviewed tables."""
    from ingest.firm_resolution import Resolver
    from ingest.normalize import firm_key

    r = Resolver(ctx, None)
    r.run()
    names, ys = [], []
    for f in r.facts.values():
        if f.id in exclude or f.is_brand or any(firm_key(a) in exclude for a in f.aliases if firm_key(a)):
            continue
        table = [d for d in f.industries if d.method.endswith("-table")]
        divs = {d.value[:2] for d in table if not d.value.isalpha()}
        if len(divs) == 1 and not any(d.value.isalpha() for d in table):
            names.append((f.name, f.english))
            ys.append(divs.pop())
    assert all(firm_key(n) not in exclude for n, _ in names)
    return names, ys


def train(ctx, out: Path = MODEL_JSON, alpha: float = 0.3, exclude: set[str] | None = None) -> dict:
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.naive_bayes import MultinomialNB

    names, ys = training_set(ctx, exclude or set())
    counts = {c: ys.count(c) for c in set(ys)}
    keep = [i for i, y in enumerate(ys) if counts[y] >= 5]  # a 大类 with < 5 names cannot be learned or folded
    names, ys = [names[i] for i in keep], [ys[i] for i in keep]
    vec = CountVectorizer(analyzer=doc_features, min_df=2)
    X = vec.fit_transform(names)
    y = np.array(ys)
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    acc = cross_val_score(MultinomialNB(alpha=alpha), X, y, cv=cv, scoring="accuracy")
    # the same model without the English names' words, same folds (firm-resolution@2's name model)
    X0 = CountVectorizer(analyzer=lambda d: features(d[0]), min_df=2).fit_transform(names)
    acc0 = cross_val_score(MultinomialNB(alpha=alpha), X0, y, cv=cv, scoring="accuracy")
    majority = max(counts[c] for c in set(ys)) / len(ys)
    nb = MultinomialNB(alpha=alpha).fit(X, y)
    classes = [str(c) for c in nb.classes_]
    fc = nb.feature_count_  # classes × features
    totals = fc.sum(axis=1) + alpha * X.shape[1]
    missing = [round(math.log(alpha / t), 4) for t in totals]
    logp: dict[str, dict[str, float]] = {}
    vocab = vec.get_feature_names_out()
    for j, f in enumerate(vocab):
        col = fc[:, j]
        logp[str(f)] = {str(k): round(math.log((col[k] + alpha) / totals[k]), 3) for k in np.nonzero(col)[0]}
    sections: dict[str, list[str]] = {}
    for code in ctx.industries.names:
        if len(code) == 2 and code.isdigit():
            sec = ctx.industries.section_of.get(code)
            if sec:
                sections.setdefault(sec, []).append(code)
    result = {"training_firms": len(names), "with_english_name": sum(1 for _, e in names if e), "classes": len(classes), "features": len(vocab),
              "cv_accuracy": round(float(acc.mean()), 3), "cv_folds": [round(float(a), 3) for a in acc],
              "cv_accuracy_without_english": round(float(acc0.mean()), 3),
              "majority_baseline": round(majority, 3), "alpha": alpha}
    data = {"classes": classes, "prior": [round(float(v), 4) for v in nb.class_log_prior_], "missing": missing,
            "logp": logp, "sections": sections, "cv": result}
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return result


def dev_ids() -> set[str]:
    import csv

    from ingest.normalize import firm_key

    gold = Path(__file__).resolve().parent.parent / "tests" / "ingest" / "gold" / "firms" / "firms_dev.csv"
    if not gold.is_file():
        return set()
    with open(gold, encoding="utf-8", newline="") as f:
        return {firm_key(r["name"]) for r in csv.DictReader(f) if firm_key(r["name"])}


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    import argparse

    from ingest.reference.context import Context
    from kg.config import settings

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(MODEL_JSON))
    ap.add_argument("--alpha", type=float, default=0.3)
    a = ap.parse_args()
    print(json.dumps(train(Context(Path(settings().reference_data)), Path(a.out), a.alpha, dev_ids()),
                     ensure_ascii=False))
