"""A firm's GB/T 4754 大类 from its name: multinomial naive Bayes over character n-grams of the name's core.

The core is the name without its place (leading, bracketed) and legal form (``浙江普莱得电器股份有限公司``
→ ``普莱得电器``); features are its character 1–3-grams plus the last one and two characters marked as
the end (``器$``, ``电器$``: the industry word of a Chinese firm name stands last), and for a listed firm the
words of its English name (``en:medicinal``; :func:`english_features`).

**Training** lives in :mod:`ingest.firm_name_model_train` (``python -m ingest.firm_name_model_train``): it
writes ``ingest/data/firm_name_nb.json``. **Use** (:class:`NameModel`) is pure Python over that JSON:
loading it costs milliseconds, not the seconds of importing scikit-learn.
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
