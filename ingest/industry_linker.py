"""Propose GB/T 4754 industries (大类 / 中类) for a text profile — a major, a firm, a post.

Many major profiles name no industry, and company descriptions use their own words. The linker compares
the profile's text with the standard's own names and notes (说明) using character n-gram TF-IDF
(scikit-learn; offline, no model download) and returns the best 大类, each with its best 中类 when that
is close enough, with a confidence and the n-grams that carried the match.

    linker = IndustryLinker.from_store(store)
    linker.link({"name": "软件技术", "courses": "Java程序设计、数据库应用", "posts": "软件开发、软件测试"})
    → [IndustryLink(code='65', name='软件和信息技术服务业', level='大类', confidence=0.62,
                    evidence_terms=('软件', '软件开发', …)), IndustryLink(code='651', …), …]

Edges made from these links must carry :data:`EXTRACTOR` so inferred facts stay distinguishable from
industries a document states.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

EXTRACTOR = "industry-linker@1"

# how much each named field counts in the query (repetition = weight in the TF-IDF vector)
FIELD_WEIGHTS: dict[str, int] = {"name": 4, "posts": 2, "occupations": 2, "courses": 1, "abilities": 1,
                                 "description": 1, "text": 1}
MIN_SCORE = 0.05  # cosine below this is no evidence at all
MAX_DIVISIONS = 3
MIN_RELATIVE = 0.6  # a second/third 大类 must score at least this share of the best one


@dataclass(frozen=True)
class IndustryLink:
    code: str
    name: str
    level: str  # 大类 | 中类
    confidence: float  # 0–1
    evidence_terms: tuple[str, ...]
    score: float  # raw cosine similarity


_PUNCT = re.compile(r"[\s、，,。.；;：:（）()【】《》“”\"'!！?？/·—\-]+")


def _prepare(text: str) -> str:
    """Lower case, punctuation → space, so n-grams never span two list items."""
    return _PUNCT.sub(" ", unicodedata.normalize("NFKC", text).lower())


def _level(code: str) -> str:
    return {2: "大类", 3: "中类", 4: "小类"}.get(len(code), "门类") if not code.isalpha() else "门类"


class IndustryLinker:
    """Character n-gram TF-IDF over the GB/T 4754 大类 and 中类 (names weighted, notes, child names)."""

    def __init__(self, industries: Mapping[str, tuple[str, str | None]]):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.names = {c: (n or "").strip() for c, (n, _d) in industries.items()}
        desc = {c: (d or "").strip() for c, (_n, d) in industries.items()}
        children: dict[str, list[str]] = {}
        for c in industries:
            if not c.isalpha() and len(c) in (3, 4):
                children.setdefault(c[:2], []).append(c)
                if len(c) == 4:
                    children.setdefault(c[:3], []).append(c)
        targets = sorted({c for c in industries if not c.isalpha() and len(c) == 2}
                         | {c for c in industries if not c.isalpha() and len(c) == 3}
                         | {c[:3] for c in industries if not c.isalpha() and len(c) == 4})
        docs = []
        for c in targets:
            parts = [self.names.get(c, "")] * 3 + [desc.get(c, "")]
            for k in children.get(c, []):
                parts += [self.names.get(k, ""), desc.get(k, "")]
            docs.append(" ".join(p for p in parts if p))
        keep = [i for i, d in enumerate(docs) if d.strip()]
        self.codes = [targets[i] for i in keep]
        # n-grams in more than a quarter of the documents say nothing (only meaningful for a real standard)
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=1,
                                          max_df=0.25 if len(keep) >= 20 else 1.0, preprocessor=_prepare)
        self.matrix = self.vectorizer.fit_transform([docs[i] for i in keep]) if keep else None
        self.features = np.array(self.vectorizer.get_feature_names_out()) if keep else np.array([])
        if keep:
            self.matrix = self.matrix.tocsr()
            self.matrix.sort_indices()
        self._div_row = {c: i for i, c in enumerate(self.codes) if len(c) == 2}
        self._children_rows = {c: np.array([i for i, k in enumerate(self.codes) if len(k) == 3 and k[:2] == c])
                               for c in self._div_row}
        for c in self.codes:  # a 中类 implied only by its 小类 is named after the group of its children
            if not self.names.get(c):
                self.names[c] = "、".join(self.names.get(k, "") for k in children.get(c, [])[:3])

    @classmethod
    def from_store(cls, store) -> "IndustryLinker":
        rows = store.read("MATCH (i:Industry) RETURN i.code AS code, i.name AS name, i.description AS d",
                          limit=None)
        return cls({str(r["code"]): (r["name"] or "", r["d"]) for r in rows if r["code"]})

    def __len__(self) -> int:
        return len(self.codes)

    def _query(self, text_fields: Mapping[str, str] | str) -> str:
        if isinstance(text_fields, str):
            return text_fields
        parts = []
        for k, v in text_fields.items():
            if v:
                parts += [str(v)] * FIELD_WEIGHTS.get(k, 1)
        return "。".join(parts)

    def _evidence(self, q, row: int, n: int = 5) -> tuple[str, ...]:
        """The n-grams that carried most of the cosine between query ``q`` and document ``row``."""
        doc = self.matrix.getrow(row)
        common, qi, di = np.intersect1d(q.indices, doc.indices, return_indices=True)
        if not len(common):
            return ()
        contrib = q.data[qi] * doc.data[di]
        terms: list[str] = []
        for k in np.argsort(-contrib):
            t = str(self.features[common[k]]).strip()
            if not t or any(t in u for u in terms):
                continue
            terms = [u for u in terms if u not in t]  # keep the longer of nested n-grams
            terms.append(t)
            if len(terms) >= n:
                break
        return tuple(terms)

    def link(self, text_fields: Mapping[str, str] | str) -> list[IndustryLink]:
        """Best 大类 (up to three, each with its best 中类 when that scores well) for the given text.

        ``text_fields``: a mapping field → text (name, posts, occupations, courses, abilities,
        description …; unknown fields weigh 1) or plain text.
        """
        return self.link_many([text_fields])[0]

    def link_many(self, profiles: Sequence[Mapping[str, str] | str]) -> list[list[IndustryLink]]:
        """:meth:`link` for many profiles at once (one vectoriser pass; same results)."""
        if self.matrix is None or not profiles:
            return [[] for _ in profiles]
        queries = [self._query(p) for p in profiles]
        qm = self.vectorizer.transform(queries).tocsr()
        qm.sort_indices()
        sims_all = (self.matrix @ qm.T).toarray()  # documents × queries
        return [self._link_one(qm.getrow(k), sims_all[:, k]) for k in range(qm.shape[0])]

    def _link_one(self, q, sims: np.ndarray) -> list[IndustryLink]:
        if q.nnz == 0:
            return []
        # a 大类 scores by its own document or its best 中类, whichever is higher
        div_score: dict[str, float] = {}
        best_child: dict[str, int] = {}
        for c, i in self._div_row.items():
            kids = self._children_rows.get(c)
            j = kids[int(np.argmax(sims[kids]))] if kids is not None and len(kids) else None
            if j is not None:
                best_child[c] = j
            div_score[c] = max(float(sims[i]), float(sims[j]) if j is not None else 0.0)
        ranked = sorted(div_score, key=lambda c: -div_score[c])
        out: list[IndustryLink] = []
        if not ranked or div_score[ranked[0]] < MIN_SCORE:
            return out
        best = div_score[ranked[0]]
        runner_up = div_score[ranked[1]] if len(ranked) > 1 else 0.0
        for rank, code in enumerate(ranked[:MAX_DIVISIONS]):
            s = div_score[code]
            if s < MIN_SCORE or (rank > 0 and s < MIN_RELATIVE * best):
                break
            conf = self._confidence(s, best, runner_up if rank == 0 else best)
            i = self._div_row[code]
            out.append(IndustryLink(code, self.names.get(code, ""), "大类", conf, self._evidence(q, i), s))
            j = best_child.get(code)
            if j is not None and sims[j] >= MIN_SCORE * 1.5:
                sj = float(sims[j])
                cj = round(min(conf, self._confidence(sj, best, runner_up)) * 0.9, 3)
                out.append(IndustryLink(self.codes[j], self.names.get(self.codes[j], ""), "中类", cj,
                                        self._evidence(q, j), sj))
        return out

    @staticmethod
    def _confidence(score: float, best: float, other: float) -> float:
        """Cosine and margin over the next candidate → 0.2–0.85 (an inference is never certain)."""
        strength = min(1.0, score / 0.35)
        margin = 0.0 if best <= 0 else max(0.0, (score - other) / best) if score >= best else score / best - 1.0
        c = 0.2 + 0.5 * strength + 0.15 * max(0.0, margin)
        return round(float(max(0.2, min(0.85, c))), 3)
