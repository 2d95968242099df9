"""A learned filter over open-vocabulary skill phrases found in duty clauses (issue #19).

Requirement clauses name skills after a cue (熟悉/掌握/有…经验); duty clauses name them without one
("进行库存分析", "完善公司的生产计划和物料控制") next to many phrases that are not skills ("年度工作计划",
"日常管理"). :func:`duty_candidates` takes every phrase of a duty/requirement clause that ends like a skill
(:data:`ingest.vocab.skills._SKILL_END`), and :class:`PhraseFilter` — a logistic regression over general
features of the phrase and its context, not over the words themselves — decides which to keep:

* **board evidence**: how often employers of the job boards declare the phrase as a skill tag (BOSS直聘
  ``tags``: exactly, or inside a longer tag) — the graph's own evidence that a phrase names a skill;
* form: length, broad head (开发/设计/运营 …), head 管理, contains a vocabulary name;
* context: section (duties / requirements / before any heading), reached by dropping a duty verb
  (负责/进行/完善 …) or a "…的" modifier, an item of a 、/和/及 list, the whole clause piece.

Trained on the two skill development sets (``tests/ingest/gold/jobs`` and ``jobs_nonit``, labels: the
phrase is annotated for that posting); ``kg eval jobs`` reports grouped 5-fold cross-validation beside the
shipped model. The weights ship in ``ingest/data/skill_phrase_filter.json`` (``kg eval jobs --fit``
rewrites it).
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from ingest.nlp import CJK

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "skill_phrase_filter.json"
FEATURES = ("tag_exact", "tag_inside", "tag_any", "length", "broad_head", "head_guanli", "has_vocab_name",
            "sec_duties", "sec_requirements", "after_duty_verb", "after_de", "in_list", "whole_piece", "piece_length")

_PIECE_SPLIT = re.compile(r"[、，,；;。：:（）()\[\]【】\s/！!？?\"“”]|以及|和|及|与|或|并且|并|等")
_DUTY_VERB = re.compile(r"^(?:负责|进行|协助|参与|完成|制定|执行|跟进|推动|建立|完善|优化|组织|开展|处理|做好|落实|实施|配合|"
                        r"主导|确保|实现|监督|监控|维护|支持|把控|统筹|安排|做|对|从事|承担|牵头|协调|编制|撰写|提供|输出|"
                        r"收集|整理|分析|搭建|设计|规划|管理|控制|独立|定期|日常|及时|合理|不断|持续|全面|公司|部门|各|相关)+")
_BAD = re.compile(r"[的等之一个其该此各]|以[上下]|相关|一定|如下|实际|工作|事宜|事务|日常|其他|交办|领导")


def _phrase_ok(p: str) -> bool:
    from ingest.vocab.skills import _SKILL_END, _SOFT

    return (3 <= len(p) <= 8 and re.fullmatch(rf"[{CJK}]+", p) is not None and _SKILL_END.search(p) is not None
            and not _SOFT.search(p) and not _BAD.search(p))


def duty_candidates(norm: str, start: int, end: int):
    """(start, end, phrase, context) for the phrases of ``norm[start:end]`` (one section) that end like a
    skill: each clause piece between separators, with leading duty verbs and "…的" modifiers dropped."""
    seg = norm[start:end]
    pos = 0
    for m in list(_PIECE_SPLIT.finditer(seg)) + [None]:
        a, b = pos, (m.start() if m else len(seg))
        pos = m.end() if m else len(seg)
        piece = seg[a:b]
        if len(piece) < 3:
            continue
        sep_before = seg[a - 1] if a else ""
        sep_after = seg[b] if b < len(seg) else ""
        sub, after_de = piece, False
        if "的" in sub:
            sub, after_de = sub.rsplit("的", 1)[1], True
        stripped = _DUTY_VERB.sub("", sub)
        after_verb = stripped != sub
        from ingest.vocab.skills import _clean_phrase

        p = _clean_phrase(stripped)
        if not _phrase_ok(p):
            continue
        i = piece.rfind(p)
        if i < 0:
            continue
        ctx = {"after_duty_verb": after_verb, "after_de": after_de,
               "in_list": sep_before in "、和及与或" and bool(sep_before) or sep_after in "、和及与或" and bool(sep_after),
               "whole_piece": len(p) == len(piece), "piece_length": len(piece)}
        yield start + a + i, start + a + i + len(p), p, ctx


# ------------------------------------------------------------------------------------ board evidence
class BoardTags:
    """Counts of the job boards' skill tags (BOSS直聘 ``tags``): a phrase declared as a tag, exactly or inside
    a longer tag."""

    def __init__(self, tags: Counter):
        self.exact = tags
        inside: Counter = Counter()
        for t, c in tags.items():
            subs = {t[i:j] for i in range(len(t)) for j in range(i + 3, min(len(t), i + 8) + 1)} - {t}
            for s in subs:
                inside[s] += c
        self.inside = inside

    @classmethod
    def from_files(cls, reference: Path) -> "BoardTags":
        return cls(_tag_counts(str(reference)))


@lru_cache(maxsize=4)
def _tag_counts(reference: str) -> Counter:
    import csv

    from ingest.reference.context import JOB_FILES

    c: Counter = Counter()
    for f in JOB_FILES:
        p = Path(reference) / f
        if not p.is_file():
            continue
        with open(p, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                for t in (r.get("tags") or "").split(","):
                    t = re.sub(r"\s+", "", t)
                    if t and not t.startswith("category:") and re.search(rf"[{CJK}]", t):
                        c[re.sub(r"(?:相关)?(?:工作)?经验$", "", t)] += 1
    return c


def features(phrase: str, section: str, ctx: dict, tags: BoardTags | None, has_vocab_name: bool) -> list[float]:
    from ingest.vocab.skills import _BROAD_END

    te = tags.exact.get(phrase, 0) if tags else 0
    ti = tags.inside.get(phrase, 0) if tags else 0
    return [math.log1p(te), math.log1p(ti), float(te + ti > 0), len(phrase) / 8, float(bool(_BROAD_END.search(phrase))),
            float(phrase.endswith("管理")), float(has_vocab_name), float(section == "duties"),
            float(section == "requirements"), float(ctx["after_duty_verb"]), float(ctx["after_de"]),
            float(ctx["in_list"]), float(ctx["whole_piece"]), min(ctx["piece_length"], 40) / 40]


class PhraseFilter:
    """Logistic regression over :data:`FEATURES`; ``keep`` when the probability ≥ ``threshold``."""

    def __init__(self, coef: list[float], intercept: float, threshold: float = 0.5, meta: dict | None = None):
        self.coef, self.intercept, self.threshold, self.meta = coef, intercept, threshold, meta or {}

    @property
    def version(self) -> str:
        return "filter:" + ",".join(f"{v:.4f}" for v in [*self.coef, self.intercept, self.threshold])

    def prob(self, x: list[float]) -> float:
        z = self.intercept + sum(w * v for w, v in zip(self.coef, x))
        return 1 / (1 + math.exp(-z))

    def keep(self, x: list[float]) -> bool:
        return self.prob(x) >= self.threshold

    @classmethod
    def fit(cls, X: list[list[float]], y: list[int], threshold: float = 0.5, meta: dict | None = None) -> "PhraseFilter":
        from sklearn.linear_model import LogisticRegression

        if len(set(y)) < 2:
            return cls([0.0] * len(FEATURES), -5.0, threshold, meta)
        m = LogisticRegression(C=1.0, max_iter=1000).fit(X, y)
        return cls([float(v) for v in m.coef_[0]], float(m.intercept_[0]), threshold, meta)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "PhraseFilter | None":
        if not path.is_file():
            return None
        d = json.loads(path.read_text(encoding="utf-8"))
        if tuple(d["features"]) != FEATURES:
            return None
        return cls(d["coef"], d["intercept"], d["threshold"], d.get("meta"))

    def save(self, path: Path = MODEL_PATH) -> None:
        path.write_text(json.dumps({"features": list(FEATURES), "coef": [round(v, 6) for v in self.coef],
                                    "intercept": round(self.intercept, 6), "threshold": self.threshold,
                                    "meta": self.meta}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
