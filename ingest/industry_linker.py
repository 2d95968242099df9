"""Propose GB/T 4754 industries (大类 / 中类) for a text profile — a major, a firm, a post.

Many major profiles name no industry, and company descriptions use their own words. The linker compares
the profile's text with the standard's own names and notes (说明) using character n-gram TF-IDF
(:class:`CharNgramTfidf`: numpy, the vectors of scikit-learn's ``char_wb`` TfidfVectorizer; offline, no
model download) and returns the best 大类, each with its best 中类 when that is close enough, with a
confidence and the n-grams that carried the match.

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
import scipy.sparse as sp

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


class CharNgramTfidf:
    """Character n-gram TF-IDF inside word boundaries, computed with numpy: the vectors of scikit-learn's
    ``TfidfVectorizer(analyzer="char_wb", ngram_range=ngram_range, sublinear_tf=True, min_df=1,
    max_df=max_df, preprocessor=preprocessor)`` (``norm="l2"``, ``smooth_idf=True``, float64), bit for bit
    (``tests/ingest/test_industry_linker.py`` compares both on the real GB/T 4754 table).

    Words are the preprocessed text's whitespace-separated pieces, each padded with one space; n-grams
    never cross a word. Texts are turned into one array of character ids so that all n-grams of many
    texts are counted at once (no per-n-gram Python loop; importing scikit-learn alone took 2.8 s).
    """

    def __init__(self, preprocessor, ngram_range: tuple[int, int] = (2, 4), max_df: float | int = 1.0):
        self.preprocessor = preprocessor
        self.ngram_range = ngram_range
        self.max_df = max_df
        self.alphabet = np.array([], dtype=np.uint32)  # sorted code points seen when fitting
        self.codes = np.array([], dtype=np.int64)  # sorted n-gram codes of the vocabulary
        self.columns = np.array([], dtype=np.int64)  # column (feature index) of each code
        self.features: list[str] = []  # the n-grams, sorted (scikit-learn's get_feature_names_out order)
        self.idf = np.array([], dtype=np.float64)

    # ---------------------------------------------------------------- n-grams
    def _padded(self, texts: Sequence[str]) -> tuple[str, np.ndarray]:
        """All texts as one string of padded words (" w1  w2 ") and each text's start offset; the double
        space between two words (and two texts) is where no n-gram may run."""
        parts = []
        for t in texts:
            words = self.preprocessor(t).split()
            parts.append(" " + "  ".join(words) + " " if words else "")
        starts = np.zeros(len(parts) + 1, dtype=np.int64)
        np.cumsum([len(p) for p in parts], out=starts[1:])
        return "".join(parts), starts

    def _grams(self, cp: np.ndarray, ids: np.ndarray):
        """(n, start positions, codes) of the n-grams of the text with code points ``cp`` for each n;
        ``ids``: the characters' ids (1…K; 0 = a character no n-gram may contain). A code is the
        n-gram's ids in base K+1, so codes of different lengths never coincide."""
        base = len(self.alphabet) + 1
        dt = np.int64 if base ** self.ngram_range[1] < 2 ** 63 else object  # object: Python ints (huge alphabets)
        L = len(ids)
        if L < 2:
            return
        space = cp == 32
        brk = (ids[:-1] == 0) | (ids[1:] == 0) | (space[:-1] & space[1:])  # pair (i, i+1) not in one word
        cum = np.zeros(L, dtype=np.int64)
        np.cumsum(brk, out=cum[1:])
        vals = ids.astype(dt)
        code = vals[:-1] * base + vals[1:]
        for n in range(2, self.ngram_range[1] + 1):
            if n > 2:
                code = code[:-1] * base + vals[n - 1:]
            pos = np.nonzero(cum[n - 1:] == cum[:L - n + 1])[0]
            if n >= self.ngram_range[0]:
                yield n, pos, code[pos]

    @staticmethod
    def _codepoints(s: str) -> np.ndarray:
        return np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)

    def _ids(self, cp: np.ndarray) -> np.ndarray:
        if not len(self.alphabet):
            return np.zeros(len(cp), dtype=np.int64)
        i = np.searchsorted(self.alphabet, cp)
        ok = i < len(self.alphabet)
        ok[ok] = self.alphabet[i[ok]] == cp[ok]
        return np.where(ok, i + 1, 0).astype(np.int64)

    # ---------------------------------------------------------------- fit / transform
    def fit_transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        s, starts = self._padded(texts)
        cp = self._codepoints(s)
        self.alphabet = np.unique(cp)
        ids = self._ids(cp)
        # scikit-learn numbers n-grams in order of first appearance (text, word, n, offset) and sums a
        # row's squares for the l2 norm in that order: keep it to get the same floats
        space = cp == 32
        word_start = np.zeros(len(cp), dtype=bool)
        if len(cp):
            word_start[0] = True
            word_start[1:] = space[1:] & space[:-1]
        word = np.cumsum(word_start)
        pos_l, n_l, code_l = [], [], []
        for n, pos, code in self._grams(cp, ids):
            pos_l.append(pos)
            n_l.append(np.full(len(pos), n, dtype=np.int64))
            code_l.append(code)
        if not pos_l or not sum(len(p) for p in pos_l):
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        pos, n, code = np.concatenate(pos_l), np.concatenate(n_l), np.concatenate(code_l)
        order = np.lexsort((pos, n, word[pos]))
        pos, n, code = pos[order], n[order], code[order]
        uniq, first, inv = np.unique(code, return_index=True, return_inverse=True)
        rank = np.empty(len(uniq), dtype=np.int64)  # first-appearance id of each unique code
        rank[np.argsort(first, kind="stable")] = np.arange(len(uniq))
        doc = np.searchsorted(starts, pos, side="right") - 1
        # counts per (text, term)
        pair, count = np.unique(doc * len(uniq) + inv.ravel(), return_counts=True)
        pdoc, pterm = pair // len(uniq), pair % len(uniq)
        df = np.bincount(pterm, minlength=len(uniq))
        n_doc = len(texts)
        max_count = self.max_df if isinstance(self.max_df, (int, np.integer)) else self.max_df * n_doc
        keep = df <= max_count
        if not keep.any():
            raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
        kept = np.nonzero(keep)[0]
        names = [s[p:p + k] for p, k in zip(pos[first[kept]].tolist(), n[first[kept]].tolist())]
        by_name = sorted(range(len(kept)), key=names.__getitem__)
        col_of_kept = np.empty(len(kept), dtype=np.int64)
        col_of_kept[by_name] = np.arange(len(kept))
        col = np.full(len(uniq), -1, dtype=np.int64)
        col[kept] = col_of_kept
        self.features = [names[i] for i in by_name]
        self.codes = uniq[kept]
        self.columns = col_of_kept
        dff = np.empty(len(kept), dtype=np.float64)  # document frequency per column
        dff[col_of_kept] = df[kept]
        dff += 1.0
        self.idf = np.full_like(dff, fill_value=n_doc + 1, dtype=np.float64)
        self.idf /= dff
        np.log(self.idf, out=self.idf)
        self.idf += 1.0
        m = keep[pterm]
        pdoc, pterm, count = pdoc[m], pterm[m], count[m]
        # rows in first-appearance order for the norm, then columns sorted
        o = np.lexsort((rank[pterm], pdoc))
        return self._tfidf(pdoc[o], col[pterm[o]], count[o], n_doc)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        s, starts = self._padded(texts)
        cp = self._codepoints(s)
        ids = self._ids(cp)
        rows, cols = [], []
        for _n, pos, code in self._grams(cp, ids):
            if not len(code) or not len(self.codes):
                continue
            i = np.searchsorted(self.codes, code)
            ok = i < len(self.codes)
            ok[ok] = self.codes[i[ok]] == code[ok]
            rows.append(np.searchsorted(starts, pos[ok], side="right") - 1)
            cols.append(self.columns[i[ok]])
        if rows and sum(len(r) for r in rows):
            r, c = np.concatenate(rows), np.concatenate(cols)
            pair, count = np.unique(r * len(self.features) + c, return_counts=True)  # sorted by row, column
            return self._tfidf(pair // len(self.features), pair % len(self.features), count, len(texts))
        return self._tfidf(np.array([], np.int64), np.array([], np.int64), np.array([], np.int64), len(texts))

    def _tfidf(self, row: np.ndarray, col: np.ndarray, count: np.ndarray, n_rows: int) -> sp.csr_matrix:
        """Counts (grouped by row, in the order the l2 norm sums them) → sublinear tf × idf, l2-normalised
        rows with sorted columns."""
        data = count.astype(np.float64)
        np.log(data, out=data)
        data += 1.0
        data *= self.idf[col]
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(row, minlength=n_rows), out=indptr[1:])
        sq = data * data
        for i in range(n_rows):
            a, b = indptr[i], indptr[i + 1]
            if a < b:
                total = np.cumsum(sq[a:b])[-1]  # a sequential sum, as scikit-learn's normalize
                if total != 0.0:
                    data[a:b] /= np.sqrt(total)
        m = sp.csr_matrix((data, col.astype(np.int32), indptr.astype(np.int32)), shape=(n_rows, len(self.features)))
        m.sort_indices()
        return m


class IndustryLinker:
    """Character n-gram TF-IDF over the GB/T 4754 大类 and 中类 (names weighted, notes, child names)."""

    def __init__(self, industries: Mapping[str, tuple[str, str | None]]):
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
        self._docs = [docs[i] for i in keep]
        # n-grams in more than a quarter of the documents say nothing (only meaningful for a real standard)
        self.vectorizer = CharNgramTfidf(_prepare, (2, 4), max_df=0.25 if len(keep) >= 20 else 1.0)
        self.matrix = self.vectorizer.fit_transform(self._docs) if keep else None
        self.features = self.vectorizer.features
        self._div_row = {c: i for i, c in enumerate(self.codes) if len(c) == 2}
        self._children_rows = {c: np.array([i for i, k in enumerate(self.codes) if len(k) == 3 and k[:2] == c])
                               for c in self._div_row}
        # per 大类 (in _div_row order): its row and its 中类 rows, for scoring all queries at once
        self._div_codes = list(self._div_row)
        self._div_rows = np.array([self._div_row[c] for c in self._div_codes], dtype=np.int64)
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

    def _evidence(self, q_idx: np.ndarray, q_data: np.ndarray, row: int, n: int = 5) -> tuple[str, ...]:
        """The n-grams that carried most of the cosine between a query (its sorted column indices and
        values) and document ``row``."""
        m = self.matrix
        d_idx = m.indices[m.indptr[row]:m.indptr[row + 1]]
        if not len(q_idx) or not len(d_idx):
            return ()
        pos = np.searchsorted(d_idx, q_idx)
        hit = pos < len(d_idx)
        hit[hit] = d_idx[pos[hit]] == q_idx[hit]
        if not hit.any():
            return ()
        common = q_idx[hit]  # ascending, as np.intersect1d gives them
        contrib = q_data[hit] * m.data[m.indptr[row] + pos[hit]]
        terms: list[str] = []
        for k in np.argsort(-contrib):
            t = self.features[common[k]].strip()
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
        """:meth:`link` for many profiles at once (one vectoriser pass and one matrix product; same
        results)."""
        if self.matrix is None or not profiles:
            return [[] for _ in profiles]
        qm = self.vectorizer.transform([self._query(p) for p in profiles])
        sims_all = (self.matrix @ qm.T).toarray()  # documents × queries
        # a 大类 scores by its own document or its best 中类, whichever is higher (first best on ties)
        nq = qm.shape[0]
        own = sims_all[self._div_rows]  # 大类 × queries
        child = np.full(own.shape, -1, dtype=np.int64)
        for d, c in enumerate(self._div_codes):
            kids = self._children_rows.get(c)
            if kids is not None and len(kids):
                child[d] = kids[np.argmax(sims_all[kids], axis=0)]
        child_score = np.where(child >= 0, sims_all[np.maximum(child, 0), np.arange(nq)], 0.0)
        div_score = np.maximum(own, child_score)
        out = []
        for k in range(nq):
            a, b = qm.indptr[k], qm.indptr[k + 1]
            out.append(self._link_one(qm.indices[a:b], qm.data[a:b], sims_all[:, k], div_score[:, k], child[:, k]))
        return out

    def _link_one(self, q_idx: np.ndarray, q_data: np.ndarray, sims: np.ndarray, div_score: np.ndarray,
                  child: np.ndarray) -> list[IndustryLink]:
        if not len(q_idx):
            return []
        ranked = np.argsort(-div_score, kind="stable")  # ties keep the 大类 order
        out: list[IndustryLink] = []
        best = float(div_score[ranked[0]]) if len(ranked) else 0.0
        if not len(ranked) or best < MIN_SCORE:
            return out
        runner_up = float(div_score[ranked[1]]) if len(ranked) > 1 else 0.0
        for rank, d in enumerate(ranked[:MAX_DIVISIONS].tolist()):
            s = float(div_score[d])
            if s < MIN_SCORE or (rank > 0 and s < MIN_RELATIVE * best):
                break
            code = self._div_codes[d]
            conf = self._confidence(s, best, runner_up if rank == 0 else best)
            out.append(IndustryLink(code, self.names.get(code, ""), "大类", conf,
                                    self._evidence(q_idx, q_data, int(self._div_rows[d])), s))
            j = int(child[d])
            if j >= 0 and sims[j] >= MIN_SCORE * 1.5:
                sj = float(sims[j])
                cj = round(min(conf, self._confidence(sj, best, runner_up)) * 0.9, 3)
                out.append(IndustryLink(self.codes[j], self.names.get(self.codes[j], ""), "中类", cj,
                                        self._evidence(q_idx, q_data, j), sj))
        return out

    @staticmethod
    def _confidence(score: float, best: float, other: float) -> float:
        """Cosine and margin over the next candidate → 0.2–0.85 (an inference is never certain)."""
        strength = min(1.0, score / 0.35)
        margin = 0.0 if best <= 0 else max(0.0, (score - other) / best) if score >= best else score / best - 1.0
        c = 0.2 + 0.5 * strength + 0.15 * max(0.0, margin)
        return round(float(max(0.2, min(0.85, c))), 3)
