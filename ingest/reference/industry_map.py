"""Industry labels (Tushare classes, job-board labels, free text) → GB/T 4754-2017 codes.

1. A reviewed mapping table per scheme (``ingest/data/industry_map_tushare.csv``,
   ``ingest/data/industry_map_jobs.csv``): label → codes with a confidence; an empty row means the
   label is deliberately unmapped (too broad, e.g. 综合类, 不限).
2. Otherwise a text-similarity fallback: TF-IDF over character 1–2-grams of the label against every
   Industry name (all four levels); the best match is taken if its cosine similarity reaches
   :data:`FALLBACK_MIN`, with the similarity as confidence.
3. Otherwise the label is unmapped (the caller reports it).

:class:`IndustryMapper` is reusable by other ingesters: ``IndustryMapper.from_store(store)`` builds it
from the Industry nodes of the graph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from ingest.normalize import nfkc
from ingest.reference.common import read_data_table

TABLES = {"tushare": "industry_map_tushare.csv", "jobs": "industry_map_jobs.csv"}
FALLBACK_MIN = 0.6  # measured against the reviewed tables: ~0.8 of the accepted matches agree (evaluate_fallback)
METHOD_TABLE, METHOD_SIMILARITY = "table", "similarity"


@dataclass(frozen=True)
class IndustryMatch:
    code: str
    confidence: float
    method: str  # table | similarity
    note: str = ""


def _label_key(label: str) -> str:
    return re.sub(r"\s+", "", nfkc(label))


class IndustryMapper:
    def __init__(self, names: dict[str, str], tables: dict[str, list[dict]] | None = None):
        self.names = dict(names)
        self.table: dict[tuple[str, str], list[IndustryMatch] | None] = {}
        self.table_errors: list[str] = []
        for scheme, rows in (tables if tables is not None else {s: read_data_table(f) for s, f in TABLES.items()}).items():
            for r in rows:
                codes = (r.get("codes") or "").split()
                key = (scheme, _label_key(r["label"]))
                if not codes:
                    self.table[key] = None  # deliberately unmapped
                    continue
                conf = float(r.get("confidence") or 0.8)
                ok = []
                for c in codes:
                    if c in self.names:
                        ok.append(IndustryMatch(c, conf, METHOD_TABLE, r.get("note", "")))
                    else:
                        self.table_errors.append(f"{TABLES.get(scheme, scheme)}: {r['label']}: unknown code {c}")
                self.table[key] = ok
        self._vec = None

    # -- construction
    @classmethod
    def from_codes(cls, names: dict[str, str]) -> "IndustryMapper":
        return cls(names)

    @classmethod
    def from_store(cls, store) -> "IndustryMapper":
        rows = store.read("MATCH (i:Industry) RETURN i.code AS code, i.name AS name", limit=None)
        return cls({r["code"]: r["name"] for r in rows if r.get("name")})

    # -- lookup
    def in_table(self, label: str, scheme: str) -> bool:
        return (scheme, _label_key(label)) in self.table

    def map(self, label: str, scheme: str = "jobs") -> list[IndustryMatch]:
        """Codes for ``label`` (table first, then similarity); [] when unmapped."""
        key = (scheme, _label_key(label))
        if key in self.table:
            return list(self.table[key] or [])
        best = self.similar(label, 1)
        if best and best[0][1] >= FALLBACK_MIN:
            code, score = best[0]
            return [IndustryMatch(code, round(score, 3), METHOD_SIMILARITY, self.names[code])]
        return []

    def similar(self, label: str, k: int = 3) -> list[tuple[str, float]]:
        """The ``k`` Industry codes whose names are most similar to ``label`` (cosine, char 1–2-grams).
        Ties go to the broader level (shorter code)."""
        import numpy as np

        if self._vec is None:
            from sklearn.feature_extraction.text import TfidfVectorizer

            self._codes = sorted(self.names, key=lambda c: (len(c), c))
            self._vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True)
            self._matrix = self._vec.fit_transform([nfkc(self.names[c]) for c in self._codes])
        q = self._vec.transform([_label_key(label)])
        sims = (self._matrix @ q.T).toarray().ravel()
        order = np.argsort(-sims, kind="stable")[:k]
        return [(self._codes[i], float(sims[i])) for i in order if sims[i] > 0]


def evaluate_fallback(mapper: IndustryMapper, section_of: dict[str, str], threshold: float = FALLBACK_MIN) -> dict:
    """Score the similarity fallback against the reviewed tables: for every mapped table label, is the
    fallback's best code (if its similarity reaches ``threshold``) on the same branch as one of the
    table's codes (equal, ancestor or descendant; 门类 compared through ``section_of`` {大类: 门类})?"""
    def section(c: str) -> str | None:
        return c if c.isalpha() else section_of.get(c[:2])

    def related(a: str, b: str) -> bool:
        if a.isalpha() or b.isalpha():
            return section(a) == section(b)
        return a.startswith(b) or b.startswith(a)

    labels = accepted = agree = 0
    for (_, label), matches in mapper.table.items():
        if not matches:
            continue
        labels += 1
        best = mapper.similar(label, 1)
        if best and best[0][1] >= threshold:
            accepted += 1
            agree += any(related(best[0][0], m.code) for m in matches)
    return {"labels": labels, "accepted": accepted, "agree": agree,
            "precision": round(agree / accepted, 3) if accepted else None,
            "coverage": round(accepted / labels, 3) if labels else None, "threshold": threshold}


def split_job_labels(text: str | None, source: str) -> list[str]:
    """Job-board industry cell → labels. Lagou lists labels with "," or "、"; 51job only with ","
    (its labels contain "、" inside, e.g. 通信/电信运营、增值服务)."""
    if not text:
        return []
    parts = [p.strip() for p in re.split(r",", text) if p.strip()]
    if source.startswith("lagou"):
        parts = [q.strip() for p in parts for q in p.split("、") if q.strip()]
    return list(dict.fromkeys(parts))


def all_labels(mapper: IndustryMapper, scheme: str) -> Iterable[str]:
    return [label for (s, label) in mapper.table if s == scheme]
