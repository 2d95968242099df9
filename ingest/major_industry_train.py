"""Fit and score the major → industry linker (:mod:`ingest.major_industry`) on the annotated development set.

``kg eval industry-linker`` runs :func:`evaluate`: grouped k-fold cross-validation (a major's candidate
rows are all in one fold; the 专业大类 prior is learned from the training folds only), precision, recall,
F1 and top-1 at 大类, with the previous linker (``industry-linker@1``, character n-gram TF-IDF on the same
profile fields the curriculum ingest gave it; majors without a profile got nothing from it) scored on the
same majors in the same run. ``--fit`` then fits on the whole set and writes
``ingest/data/major_industry_model.json`` (what the reference load applies).

Imports scikit-learn: never on the load path.
"""
from __future__ import annotations

import csv
import datetime as _dt
from collections import defaultdict
from pathlib import Path

import numpy as np

from ingest.major_industry import (FEATURES, MODEL_FILE, Model, Priors, add_priors, candidates, features_with,
                                   link_major, load_inputs, select)

GOLD = Path(__file__).resolve().parent.parent / "tests" / "ingest" / "gold" / "industry" / "dev_majors.csv"
FOLDS = 5
SEED = 17


def read_gold(path: Path = GOLD) -> dict[str, dict]:
    out = {}
    with open(path, encoding="utf-8") as f:
        for n, r in enumerate(csv.DictReader(f), start=2):
            code = (r.get("major_code") or "").strip()
            divs = (r.get("divisions") or "").split()
            if not code or not divs:
                raise ValueError(f"{path} row {n}: major_code and divisions are required")
            out[code] = {"name": r.get("major_name", ""), "level": r.get("level", ""), "divisions": divs,
                         "groups": (r.get("groups") or "").split()}
    return out


def _scores(pred: dict[str, list[str]], gold: dict[str, list[str]]) -> dict:
    tp = fp = fn = top = 0
    for c, g in gold.items():
        p = pred.get(c, [])
        tp += len(set(p) & set(g))
        fp += len(set(p) - set(g))
        fn += len(set(g) - set(p))
        top += bool(p) and p[0] in g
    P = tp / (tp + fp) if tp + fp else 0.0
    R = tp / (tp + fn) if tp + fn else 0.0
    return {"majors": len(gold), "links": tp + fp, "precision": round(P, 3), "recall": round(R, 3),
            "f1": round(2 * P * R / (P + R), 3) if P + R else 0.0, "top1": round(top / len(gold), 3) if gold else 0.0}


def _fit(X: np.ndarray, y: np.ndarray, C: float = 1.0):
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=C, max_iter=2000)
    lr.fit(X, y)
    return lr.coef_[0].copy(), float(lr.intercept_[0])


def _rows(inputs, codes, gold, features=FEATURES):
    Xs, ys, idx = [], [], []
    for c in codes:
        divs, X = candidates(inputs.signals[c], features)
        if not divs:
            continue
        Xs.append(X)
        ys.append(np.array([d in gold[c]["divisions"] for d in divs], dtype=int))
        idx.append((c, divs))
    return (np.vstack(Xs) if Xs else np.zeros((0, len(features)))), (np.concatenate(ys) if ys else np.zeros(0)), idx


LINK_CAPS = (2, 3)  # the most 大类 a major may get: chosen with the threshold (gold: 3 for 22 of 405 majors)


def _best_threshold(coef, b, inputs, codes, gold, features=FEATURES) -> tuple[float, int]:
    """(threshold, max links) for second/third links that maximise F1 on the given (training) majors (ties
    to the lower threshold and the smaller cap)."""
    probs = {}
    for c in codes:
        divs, X = candidates(inputs.signals[c], features)
        probs[c] = (divs, 1 / (1 + np.exp(-(X @ coef + b))) if divs else np.zeros(0))
    best, best_f = (0.5, max(LINK_CAPS)), -1.0
    for cap in LINK_CAPS:
        for t in np.arange(0.2, 0.81, 0.05):
            pred = {c: [d[i] for i in select(d, p, t, cap)] for c, (d, p) in probs.items()}
            f = _scores(pred, {c: gold[c]["divisions"] for c in codes})["f1"]
            if f > best_f + 1e-9:
                best, best_f = (round(float(t), 2), cap), f
    return best


def _folds(codes: list[str], seed: int = SEED) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    order = list(codes)
    rng.shuffle(order)
    return [sorted(order[k::FOLDS]) for k in range(FOLDS)]


def baseline_predictions(inputs, codes, industries) -> dict[str, list[str]]:
    """The previous linker (industry-linker@1) as the curriculum ingest ran it: on profiles only."""
    from ingest.industry_linker import IndustryLinker

    linker = IndustryLinker(industries)
    out = {}
    with_profile = [c for c in codes if inputs.majors[c].profile_fields]
    res = linker.link_many([{"name": inputs.majors[c].name, **inputs.majors[c].profile_fields} for c in with_profile])
    for c, links in zip(with_profile, res):
        out[c] = [ln.code for ln in links if ln.level == "大类"]
    return out


def cross_validate(inputs, codes: list[str], gold: dict[str, dict], seed: int = SEED, features=FEATURES):
    """Grouped k-fold CV with the folds drawn by ``seed``: (大类 predictions, 中类 predictions, the
    threshold each fold chose). Priors, weights and threshold come from the training folds only."""
    gold_divs = {c: gold[c]["divisions"] for c in codes}
    names = {c: inputs.majors[c].name for c in codes}
    pred: dict[str, list[str]] = {}
    pred_groups: dict[str, list[str]] = {}
    thresholds, caps = [], []
    for test in _folds(codes, seed):
        train = [c for c in codes if c not in set(test)]
        prior = Priors.learn({c: gold_divs[c] for c in train}, names)
        add_priors(inputs.signals, inputs.majors, prior)
        X, y, _ = _rows(inputs, train, gold, features)
        coef, b = _fit(X, y)
        t, cap = _best_threshold(coef, b, inputs, train, gold, features)
        thresholds.append(t)
        caps.append(cap)
        model = Model(coef, b, t, prior, features, max_links=cap)
        for c in test:
            links = link_major(inputs.signals[c], model)
            pred[c] = [ln.code for ln in links if ln.level == "大类"]
            pred_groups[c] = [ln.code for ln in links if ln.level == "中类"]
    return pred, pred_groups, thresholds, caps


def repeated(inputs, codes: list[str], gold: dict[str, dict], seeds, features=FEATURES) -> dict:
    """The same CV with the folds drawn by each of ``seeds``: per seed P/R/F1/top-1 at 大类 and their mean
    and (sample) standard deviation — how much of a difference between two linkers is the fold draw."""
    gold_divs = {c: gold[c]["divisions"] for c in codes}
    per = {}
    for sd in seeds:
        pred, _g, _t, _c = cross_validate(inputs, codes, gold, int(sd), features)
        per[int(sd)] = _scores(pred, gold_divs)
    keys = ("precision", "recall", "f1", "top1")
    vals = {k: np.array([per[s_][k] for s_ in per], dtype=float) for k in keys}
    return {"seeds": per,
            "mean": {k: round(float(v.mean()), 3) for k, v in vals.items()},
            "sd": {k: (round(float(v.std(ddof=1)), 3) if len(v) > 1 else 0.0) for k, v in vals.items()}}


def _by_category(pred: dict, alt: dict, gold_divs: dict) -> dict:
    """Per 专业大类 (1–19, all levels): scores of ``pred`` and ``alt`` on the same majors."""
    from ingest.major_industry import category_index

    cats = defaultdict(list)
    for c in gold_divs:
        cats[category_index(c)].append(c)
    return {k: {"new": _scores({c: pred[c] for c in cs}, {c: gold_divs[c] for c in cs}),
                "without": _scores({c: alt[c] for c in cs}, {c: gold_divs[c] for c in cs})}
            for k, cs in sorted(cats.items())}


def evaluate(ctx, fit: bool = False, model_path: Path = MODEL_FILE, seeds=None, signals=()) -> dict:
    """``signals``: optional signals (:data:`ingest.major_industry.OPTIONAL`) added to the features; the
    linker without them is then scored in the same run on the same folds (``without_signals``)."""
    gold = read_gold()
    features = features_with(signals)
    inputs = load_inputs(ctx, optional=signals)
    missing = [c for c in gold if c not in inputs.majors]
    if missing:
        raise ValueError(f"{GOLD}: majors not in the catalogue: {', '.join(missing)}")
    codes = sorted(gold)
    names = {c: inputs.majors[c].name for c in codes}
    gold_divs = {c: gold[c]["divisions"] for c in codes}
    pred, pred_groups, thresholds, caps = cross_validate(inputs, codes, gold, SEED, features)
    from ingest.reference.sources import GBT4754

    _h, rows = ctx.csv(GBT4754)
    desc = {r["code"].strip(): (r.get("description_zh") or "").strip() for r in rows if r and r.get("code")}
    base = baseline_predictions(inputs, codes, {c: (n, desc.get(c)) for c, n in ctx.industries.names.items()})
    by_level = defaultdict(list)
    for c in codes:
        by_level[gold[c]["level"]].append(c)
    # 中类: precision of the 中类 links on majors whose gold names 中类; recall on those majors
    g_tp = g_fp = g_fn = 0
    for c in codes:
        if gold[c]["groups"]:
            ps, gs = set(pred_groups.get(c, [])), set(gold[c]["groups"])
            g_tp += len(ps & gs)
            g_fp += len(ps - gs)
            g_fn += len(gs - ps)
    report = {
        "dev_set": str(GOLD.relative_to(GOLD.parents[4])), "folds": FOLDS, "seed": SEED,
        "new": _scores(pred, gold_divs), "previous": _scores(base, gold_divs),
        "by_level": {lv: {"new": _scores({c: pred[c] for c in cs}, {c: gold_divs[c] for c in cs}),
                          "previous": _scores({c: base.get(c, []) for c in cs}, {c: gold_divs[c] for c in cs})}
                     for lv, cs in sorted(by_level.items())},
        "groups_中类": {"majors_with_gold": sum(1 for c in codes if gold[c]["groups"]),
                       "precision": round(g_tp / (g_tp + g_fp), 3) if g_tp + g_fp else None,
                       "recall": round(g_tp / (g_tp + g_fn), 3) if g_tp + g_fn else None},
        "thresholds": thresholds, "max_links": caps,
        "errors": [{"major": f"{c} {gold[c]['name']}", "gold": gold_divs[c], "new": pred[c]}
                   for c in codes if set(pred[c]) != set(gold_divs[c])],
    }
    if signals:
        report["signals"] = list(signals)
        alt, _g, _t, _c = cross_validate(inputs, codes, gold, SEED, FEATURES)
        report["without_signals"] = _scores(alt, gold_divs)
        report["by_category"] = _by_category(pred, alt, gold_divs)
        report["by_level_without_signals"] = {lv: _scores({c: alt[c] for c in cs}, {c: gold_divs[c] for c in cs})
                                              for lv, cs in sorted(by_level.items())}
    if seeds:
        report["repeats"] = repeated(inputs, codes, gold, seeds, features)
        if signals:
            report["repeats_without_signals"] = repeated(inputs, codes, gold, seeds, FEATURES)
    if fit:
        prior = Priors.learn(gold_divs, names)
        add_priors(inputs.signals, inputs.majors, prior)
        X, y, _ = _rows(inputs, codes, gold, features)
        coef, b = _fit(X, y)
        # the threshold the folds chose (each on its own training majors): the median, not one tuned
        # in-sample on the whole set
        t = float(np.median(thresholds))
        cap = int(np.median(caps))
        Model(coef, b, t, prior, features, max_links=cap, meta={
            "fitted": _dt.date.today().isoformat(), "dev_set": report["dev_set"], "majors": len(codes),
            "cv": report["new"], "previous_cv_same_run": report["previous"]}).save(model_path)
        report["model"] = {"path": str(model_path), "threshold": t, "max_links": cap,
                           "coef": {f: round(float(w), 3) for f, w in zip(features, coef)}, "intercept": round(b, 3)}
    return report


def evaluate_cli(store=None, fit: bool = False, seeds=None, signals=()) -> dict:
    """``kg eval industry-linker``: :func:`evaluate` on the reference folder of the settings, as table rows
    (new and previous linker side by side, overall and per level); ``seeds`` (``--seeds 0-4``) adds the CV
    repeated with each seed's folds, mean ± sd (the previous linker is not trained: its figure does not
    depend on the folds)."""
    from kg.config import settings
    from ingest.reference.context import Context

    folder = Path(settings().reference_data)
    if not folder.is_dir():
        raise ValueError(f"reference data folder not found: {folder} (set KG_REFERENCE_DATA)")
    r = evaluate(Context(folder), fit=fit, seeds=seeds, signals=tuple(signals or ()))
    plus = f" + {'+'.join(r['signals'])}" if r.get("signals") else ""
    fields = {f"大类 industry-linker@2{plus} (5-fold CV)": r["new"]}
    if "without_signals" in r:
        fields["大类 industry-linker@2 (same folds, default features)"] = r["without_signals"]
    fields["大类 industry-linker@1 (previous)"] = r["previous"]
    for lv, d in r["by_level"].items():
        fields[f"  {lv} @2"] = d["new"]
        fields[f"  {lv} @1"] = d["previous"]
    notes = [f"中类 (@2, on the {r['groups_中类']['majors_with_gold']} majors whose gold names 中类): "
             f"precision {r['groups_中类']['precision']}, recall {r['groups_中类']['recall']}",
             f"thresholds per fold: {r['thresholds']}, most links per major: {r['max_links']}; misses listed "
             f"with --json (errors)"]
    if "repeats" in r:
        rp = r["repeats"]
        notes.append(f"@2 with the folds of seeds {', '.join(map(str, rp['seeds']))}: "
                     + ", ".join(f"{k} {rp['mean'][k]:.3f} ± {rp['sd'][k]:.3f}" for k in rp["mean"])
                     + " (mean ± sd; @1 does not depend on the folds)")
        if "repeats_without_signals" in r:
            rw = r["repeats_without_signals"]
            notes.append("  default features, same folds: " + ", ".join(
                f"{k} {rw['mean'][k]:.3f} ± {rw['sd'][k]:.3f}" for k in rw["mean"]) + "; F1 per seed with / without: "
                + ", ".join(f"{s_} {rp['seeds'][s_]['f1']:.3f}/{rw['seeds'][s_]['f1']:.3f}" for s_ in rp["seeds"]))
    if "by_category" in r:
        moved = [f"{k}: F1 {v['without']['f1']:.2f}→{v['new']['f1']:.2f} top-1 {v['without']['top1']:.2f}→"
                 f"{v['new']['top1']:.2f} ({v['new']['majors']})" for k, v in r["by_category"].items()
                 if v["new"]["f1"] != v["without"]["f1"] or v["new"]["top1"] != v["without"]["top1"]]
        notes.append("专业大类 (1–19) where the signals moved F1/top-1 (seed 17, without→with): "
                     + ("; ".join(moved) or "none"))
    if "model" in r:
        notes.append(f"model written: {r['model']['path']} (threshold {r['model']['threshold']}, "
                     f"at most {r['model']['max_links']} 大类 per major)")
    return {"extractor": "industry-linker@2 vs industry-linker@1", "gold": r["dev_set"], "fields": fields,
            "columns": ["field", "majors", "links", "precision", "recall", "f1", "top1"], "notes": notes,
            "report": r}
