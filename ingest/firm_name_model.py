"""A firm's GB/T 4754 大类 from its name: multinomial naive Bayes over character n-grams of the name's core.

The core is the name without its place (leading, bracketed) and legal form (``浙江普莱得电器股份有限公司``
→ ``普莱得电器``); features are its character 1–3-grams plus the last one and two characters marked as
the end (``器$``, ``电器$``: the industry word of a Chinese firm name stands last), and for a listed firm the
words of its English name (``en:medicinal``; :func:`english_features`).

**Training** (``python -m ingest.firm_name_model [--out PATH]``, needs scikit-learn): every firm of the
reference files whose label — Tushare class or job-board industry — maps through the reviewed tables to
exactly one 大类 (and is not in the development set ``tests/ingest/gold/firms``). It prints the 5-fold
cross-validated accuracy (and the majority-class baseline) and writes the fitted counts, pruned to
n-grams seen in at least two training names, to ``ingest/data/firm_name_nb.json``.
**Use** (:class:`NameModel`) is pure Python over that JSON: loading it costs milliseconds, not the
seconds of importing scikit-learn.
"""
from __future__ import annotations

import functools
import json
import math
import re
from pathlib import Path

from ingest.normalize import nfkc

MODEL_JSON = Path(__file__).resolve().parent / "data" / "firm_name_nb.json"
_LEGAL = re.compile(r"(股份有限公司|有限责任公司|有限公司|股份公司|集团公司|公司)$")
_BRACKETS = re.compile(r"\([^()]*\)")


def name_core(name: str) -> str:
    """The part of a firm name that says what it does: no place, no legal form, no brackets."""
    from ingest.vocab.places import PlaceIndex

    s = nfkc(name).replace(" ", "").rstrip(".…")
    b = PlaceIndex.default().branch(s)
    if b:
        s = b[0]
    s = _BRACKETS.sub("", s)
    s = _LEGAL.sub("", s)
    lead = PlaceIndex.default().leading(s)
    if lead and lead[-1].end < len(s) - 1:
        s = s[lead[-1].end:]
    return s


#: words of an English firm name that say nothing about the business (legal forms, 'group', 'china')
EN_STOP = frozenset("co ltd inc group company limited corporation corp holding holdings the and of stock share shares "
                    "joint china chinese new".split())
_EN = re.compile(r"[A-Za-z]+")


def english_features(english: str | None) -> list[str]:
    """``en:`` tokens of a listed firm's English name (``Qinghai Spring Medicinal Resources Technology`` →
    en:medicinal, en:resources …): its words of ≥ 3 letters, lower-cased, without :data:`EN_STOP`."""
    return ["en:" + w for w in (x.lower() for x in _EN.findall(english or "")) if len(w) > 2 and w not in EN_STOP]


def features(name: str, english: str | None = None) -> list[str]:
    s = name_core(name)
    out = [s[i:i + n] for n in (1, 2, 3) for i in range(len(s) - n + 1)]
    if s:
        out += [s[-1:] + "$", s[-2:] + "$"]
    return out + english_features(english)


def doc_features(doc: tuple[str, str | None]) -> list[str]:
    """:func:`features` of a training document (name, English name or None)."""
    return features(*doc)


class NameModel:
    """Naive Bayes scores from the fitted JSON (see the module doc)."""

    def __init__(self, data: dict):
        self.classes: list[str] = data["classes"]
        self.prior: list[float] = data["prior"]
        self.missing: list[float] = data["missing"]  # log P(unseen n-gram | class)
        self.logp: dict[str, dict[str, float]] = data["logp"]  # n-gram → {class index: log P}
        # sparse scoring: log P(f|k) − log P(unseen|k) only for the classes that saw the n-gram
        self._delta = {f: [(int(k), v - self.missing[int(k)]) for k, v in row.items()] for f, row in self.logp.items()}
        self._cache: dict[str, dict[str, float]] = {}
        self.sections: dict[str, list[str]] = data.get("sections", {})  # 门类 letter → its 大类
        self.cv = data.get("cv", {})

    @classmethod
    @functools.lru_cache(maxsize=2)
    def load(cls, path: str | None = None) -> "NameModel | None":
        p = Path(path) if path else MODEL_JSON
        if not p.is_file():
            return None
        return cls(json.loads(p.read_text(encoding="utf-8")))

    def proba(self, name: str, english: str | None = None) -> dict[str, float]:
        """P(大类 | name) over the fitted classes ({} when no n-gram of the name was seen in training); a listed
        firm's English name adds its words (:func:`english_features`)."""
        key = (name, english)
        if key in self._cache:
            return self._cache[key]
        feats = [f for f in features(name, english) if f in self._delta]
        if not feats:
            self._cache[key] = {}
            return {}
        n = len(feats)
        scores = [p + n * m for p, m in zip(self.prior, self.missing)]
        for f in feats:
            for k, d in self._delta[f]:
                scores[k] += d
        top = max(scores)
        ex = [math.exp(s - top) for s in scores]
        z = sum(ex)
        out = {c: e / z for c, e in zip(self.classes, ex)}
        if len(self._cache) < 100_000:
            self._cache[key] = out
        return out

    def predict(self, name: str, english: str | None = None) -> tuple[str | None, float]:
        p = self.proba(name, english)
        if not p:
            return None, 0.0
        best = max(p, key=p.get)
        return best, p[best]

    def divisions_of(self, codes: list[str]) -> set[str]:
        """The 大类 a list of GB/T codes covers (a 门类 letter → all its 大类)."""
        out: set[str] = set()
        for c in codes:
            out.update(self.sections.get(c, [])) if c.isalpha() else out.add(c[:2])
        return out


# ------------------------------------------------------------------------------------------ training
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
