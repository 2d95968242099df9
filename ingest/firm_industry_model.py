"""A firm's GB/T 4754 大类 from all non-label evidence, combined by a calibrated logistic regression.

Signals, per (firm, candidate 大类):

* **name** — the naive-Bayes name model's probability (:mod:`ingest.firm_name_model`) and whether the
  大类 is its top one;
* **postings' occupations** — each of the firm's posting titles is placed in a 2022 大典 细类
  (:class:`ingest.vocab.posts.OccupationMatcher`, the name/alias, reviewed-head and alias-suffix steps
  only: no similarity guesses) and the occupation's 小类 votes for the 大类 of the reviewed
  occupation → industry table ``ingest/data/occupation_industry_2022.csv`` (helper i17's table, copied);
  the feature is the 大类's share of the firm's votes and whether it leads them;
* **BOSS categories** — a posting's ``category:<level1>/<level2>`` tag through the small reviewed table
  ``ingest/data/boss_category_industry.csv`` (only categories whose jobs sit mostly in one industry);
  share and lead as above.

Candidates are the name model's top three 大类 and every 大类 a posting votes for. The regression
(:data:`FEATURES`, fitted weights in ``ingest/data/firm_industry_lr.json``, scored in pure Python) gives
each candidate P(it is the firm's 大类); the firm gets its best candidate when that probability reaches
the **abstain threshold**, chosen by cross-validation on the training firms, never on the development
set: the highest threshold whose out-of-fold coverage reaches :data:`COVERAGE_TARGET` (out-of-fold F1 is
flat between 0.2 and 0.45, so coverage decides).

**Training** lives in :mod:`ingest.firm_industry_model_train` (``python -m ingest.firm_industry_model_train``).
The label is the target, so it is not a feature: at load time the combiner decides only for firms without a
label and picks among the 大类 of a label that spans several (快速消费品 → 14 15 26).
"""
from __future__ import annotations

import csv
import functools
import json
import math
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
OCC_TABLE = DATA / "occupation_industry_2022.csv"
CAT_TABLE = DATA / "boss_category_industry.csv"
MODEL_JSON = DATA / "firm_industry_lr.json"
OCCUPATIONS = "occupations/occupational_classification_2022.csv"
COVERAGE_TARGET = 0.90  # issue #18's industry coverage target; the abstain threshold keeps CV coverage at it
FEATURES = ("nb_p", "nb_top", "post_p", "post_top", "occ_share", "occ_top", "cat_share", "cat_top")


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(ln for ln in f if not ln.startswith("#")))


@functools.lru_cache(maxsize=1)
def occupation_table() -> dict[str, list[tuple[str, float]]]:
    """Reviewed occupation (小类/细类 code) → [(大类, weight)], the row's confidence split over its 大类."""
    out = {}
    for r in _rows(OCC_TABLE):
        divs = [d for d in (r.get("divisions") or "").split() if d.isdigit() and len(d) == 2]
        if divs and (r.get("reviewed") or "").strip() == "yes":
            w = float(r.get("confidence") or 0.5)
            out[r["occupation_code"].strip()] = [(d, w / len(divs)) for d in divs]
    return out


@functools.lru_cache(maxsize=1)
def category_table() -> dict[str, list[tuple[str, float]]]:
    """Reviewed BOSS category (level1/level2) → [(大类, weight)]."""
    out = {}
    for r in _rows(CAT_TABLE):
        divs = [d for d in (r.get("divisions") or "").split() if d.isdigit() and len(d) == 2]
        if divs:
            w = float(r.get("confidence") or 0.5)
            out[r["category"].strip()] = [(d, w / len(divs)) for d in divs]
    return out


def _occupation_divisions(code: str, table) -> list[tuple[str, float]]:
    parts = code.split("-")
    for k in (code, "-".join(parts[:3] + ["00"]), "-".join(parts[:2] + ["00", "00"])):
        if k in table:
            return table[k]
    return []


class PostingVotes:
    """Votes of a firm's postings for 大类: (occupation votes, category votes, evidence per 大类)."""

    def __init__(self, ctx):
        from ingest.vocab.posts import OccupationMatcher

        self.matcher = None
        if ctx.exists(OCCUPATIONS):
            self.matcher = OccupationMatcher.from_csv(ctx.folder / OCCUPATIONS)
            self.matcher._doc_keys = []  # no similarity fallback: only name/alias/reviewed-head placements vote
        self.occ = occupation_table()
        self.cat = category_table()

    def tokens(self, posts) -> list[str]:
        """The postings' occupations (细类 and 小类) and BOSS categories as tokens for the postings model."""
        from ingest.vocab.posts import post_name

        out = []
        for _rel, _i, r in posts:
            title = (r.get("title") or "").strip()
            if title and self.matcher is not None:
                p = self.matcher.place(post_name(title))
                if p:
                    out += [f"occ:{p.code}", "occ3:" + "-".join(p.code.split("-")[:3])]
            for t in (r.get("tags") or "").split(","):
                t = t.strip()
                if t.startswith("category:"):
                    out.append("cat:" + "/".join(t[len("category:"):].split("/")[:2]))
        return out

    def votes(self, posts) -> tuple[dict[str, float], dict[str, float], dict[str, str]]:
        from ingest.vocab.posts import post_name

        occ: dict[str, float] = {}
        cat: dict[str, float] = {}
        ev: dict[str, str] = {}
        for _rel, _i, r in posts:
            title = (r.get("title") or "").strip()
            if title and self.matcher is not None:
                p = self.matcher.place(post_name(title))
                if p:
                    for d, w in _occupation_divisions(p.code, self.occ):
                        occ[d] = occ.get(d, 0.0) + w * p.confidence
                        ev.setdefault(d, f"posting title {title} → {p.code} {self.matcher.names.get(p.code, '')}")
            for t in (r.get("tags") or "").split(","):
                t = t.strip()
                if t.startswith("category:"):
                    key = "/".join(t[len("category:"):].split("/")[:2])
                    for d, w in self.cat.get(key, []):
                        cat[d] = cat.get(d, 0.0) + w
                        ev.setdefault(d, f"posting tag {t} (title {title})")
        return occ, cat, ev


def within(probs: dict[str, float], allowed: set[str]) -> dict[str, float]:
    """A model's probabilities conditioned on the firm's 大类 lying in ``allowed`` (renormalised over it;
    {} when the model gives it no mass)."""
    sub = {d: p for d, p in probs.items() if d in allowed and p > 0}
    z = sum(sub.values())
    return {d: p / z for d, p in sub.items()} if z else {}


def candidate_features(nb: dict[str, float], occ: dict[str, float], cat: dict[str, float],
                       allowed: set[str] | None = None, post: dict[str, float] | None = None,
                       conditional: bool = False) -> dict[str, list[float]]:
    """{candidate 大类: feature vector in :data:`FEATURES` order}. ``conditional`` (with ``allowed``): the
    name and postings models' probabilities conditioned on the label's 大类 (:func:`within`), their top
    flags and the vote shares taken inside the label too — the label says the 大类 is one of these."""
    post = post or {}
    if conditional and allowed is not None:
        nb, post = within(nb, allowed), within(post, allowed)
        occ = {d: v for d, v in occ.items() if d in allowed}
        cat = {d: v for d, v in cat.items() if d in allowed}
    top_nb = sorted(nb, key=nb.get, reverse=True)
    top_post = sorted(post, key=post.get, reverse=True)
    cands = set(top_nb[:3]) | set(top_post[:3]) | set(occ) | set(cat)
    if allowed is not None:
        cands = (cands | set(allowed)) & set(allowed)
    so, sc = sum(occ.values()), sum(cat.values())
    mo, mc = max(occ.values(), default=0.0), max(cat.values(), default=0.0)
    out = {}
    for d in cands:
        out[d] = [nb.get(d, 0.0), 1.0 if top_nb and top_nb[0] == d else 0.0,
                  post.get(d, 0.0), 1.0 if top_post and top_post[0] == d else 0.0,
                  occ.get(d, 0.0) / so if so else 0.0, 1.0 if so and occ.get(d, 0.0) == mo else 0.0,
                  cat.get(d, 0.0) / sc if sc else 0.0, 1.0 if sc and cat.get(d, 0.0) == mc else 0.0]
    return out


class IndustryCombiner:
    """The fitted regression (pure Python) and its abstain threshold."""

    def __init__(self, data: dict):
        self.coef: list[float] = data["coef"]
        self.intercept: float = data["intercept"]
        self.threshold: float = data["threshold"]
        self.cv = data.get("cv", {})
        self.postings_nb: dict = data.get("postings_nb") or {}

    def postings_proba(self, tokens: list[str]) -> dict[str, float]:
        return nb_proba(self.postings_nb, tokens) if self.postings_nb else {}

    @classmethod
    @functools.lru_cache(maxsize=2)
    def load(cls, path: str | None = None) -> "IndustryCombiner | None":
        p = Path(path) if path else MODEL_JSON
        return cls(json.loads(p.read_text(encoding="utf-8"))) if p.is_file() else None

    def score(self, x: list[float]) -> float:
        z = self.intercept + sum(w * v for w, v in zip(self.coef, x))
        return 1.0 / (1.0 + math.exp(-z))

    def best(self, feats: dict[str, list[float]]) -> tuple[str | None, float]:
        """(best 大类, its probability) — (None, 0) without candidates."""
        if not feats:
            return None, 0.0
        scored = {d: self.score(x) for d, x in feats.items()}
        d = max(scored, key=lambda k: (scored[k], k))
        return d, scored[d]


def nb_proba(model: dict, tokens: list[str]) -> dict[str, float]:
    """P(大类 | tokens) of a model from :func:`_fit_nb` ({} when no token was seen in training)."""
    feats = [t for t in tokens if t in model["delta"]]
    if not feats:
        return {}
    scores = [p + len(feats) * m for p, m in zip(model["prior"], model["missing"])]
    for t in feats:
        for k, d in model["delta"][t].items():
            scores[int(k)] += d
    top = max(scores)
    ex = [math.exp(v - top) for v in scores]
    z = sum(ex)
    return {c: e / z for c, e in zip(model["classes"], ex)}
