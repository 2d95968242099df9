"""`kg eval policy`: precision / recall / F1 of the policy extractor's mentions on two hand-annotated gold
sets: ``tests/ingest/gold/policy_fresh`` (primary: documents not used before issue #20, annotated before
the vocabulary changed) and ``tests/ingest/gold/policy`` (the older set); see their READMEs. Each figure
is printed beside the baseline (policy@1: the vocabulary matching before issue #20), computed in the
same run.

A predicted mention inside the annotated scope is correct when a gold mention has the same label and
target (Measure id, or the node's name folded by :func:`ingest.nlp.norm_key`; ``new`` for a proposed
organisation) and their character spans overlap. Precision = correct predictions / predictions in scope;
recall = gold mentions found / gold mentions. Reported overall, per label and per document.
"""
from __future__ import annotations

import csv
from pathlib import Path

from ingest.vocab.entities import normalise
from ingest.nlp import fold_width, norm_key
from ingest.readers import read_document

EXTRACTOR_BASELINE = "policy@1 (vocabulary and matching before issue #20)"

GOLD = Path(__file__).resolve().parent.parent / "tests" / "ingest" / "gold" / "policy"
FRESH = GOLD.parent / "policy_fresh"  # annotated for issue #20 before the vocabulary was changed (primary)


class GoldError(ValueError):
    pass


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        lines = [ln for ln in f if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _fold(s: str) -> str:
    return " ".join(fold_width(s).split())


def _find_unique(norm: str, anchor: str, where: str) -> int:
    anchor = _fold(anchor)
    i = norm.find(anchor)
    if i < 0:
        raise GoldError(f"{where}: anchor not found: {anchor!r}")
    if norm.find(anchor, i + 1) >= 0:
        raise GoldError(f"{where}: anchor not unique: {anchor!r}")
    return i


def doc_path(reference: Path, name: str) -> Path:
    for sub in ("policies/zh", "policies/en"):
        p = reference / sub / name
        if p.exists():
            return p
    raise GoldError(f"gold document {name} not found under {reference}/policies")


def load_gold(reference: Path, gold_dir: Path = GOLD) -> dict[str, dict]:
    """{doc name: {"path", "scope": [(start, end)], "mentions": [dict(label, target, start, end, surface)]}}
    with offsets into the document text as read."""
    out: dict[str, dict] = {}
    for r in _rows(gold_dir / "scope.tsv"):
        name = r["doc"]
        d = out.setdefault(name, {"path": doc_path(reference, name), "scope": [], "mentions": []})
        doc = read_document(d["path"])
        lang = doc.language
        norm, offs = normalise(doc.text, lang)
        d["text"], d["lang"] = doc.text, lang
        a = _find_unique(norm, r["from_anchor"], f"scope {name}")
        b = _find_unique(norm, r["to_anchor"], f"scope {name}") if (r.get("to_anchor") or "").strip() else len(norm)
        d["scope"].append((offs[a], offs[b]))  # up to the start of to_anchor (or the end of the document)
    for i, r in enumerate(_rows(gold_dir / "mentions.tsv"), start=2):
        name = r["doc"]
        if name not in out:
            raise GoldError(f"mentions.tsv line {i}: {name} has no scope")
        d = out[name]
        norm, offs = normalise(d["text"], d["lang"])
        a = _find_unique(norm, r["anchor"], f"mentions.tsv line {i}")
        anchor = _fold(r["anchor"])
        j = -1
        for _ in range(int((r.get("nth") or "1").strip() or 1)):  # optional column: nth occurrence in anchor
            j = anchor.find(_fold(r["surface"]), j + 1)
        if j < 0:
            raise GoldError(f"mentions.tsv line {i}: surface {r['surface']!r} not in its anchor")
        s = a + j
        e = s + len(_fold(r["surface"]))
        start, end = offs[s], offs[e - 1] + 1
        if not any(x <= start < y for x, y in d["scope"]):
            raise GoldError(f"mentions.tsv line {i}: outside the annotated scope")
        d["mentions"].append({"label": r["label"], "target": _target(r["label"], r["target"]),
                              "start": start, "end": end, "surface": r["surface"]})
    return out


def _target(label: str, target: str) -> str:
    return target.strip() if label == "Measure" else ("new" if target.strip() == "new" else norm_key(target))


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp_gold, "fp": n_pred - tp_pred, "fn": n_gold - tp_gold}


def score(gold: dict[str, dict], predictions: dict[str, list[dict]]) -> dict:
    """Overall, per-label and per-document P/R/F1; ``predictions`` are extractor mentions per doc name."""
    buckets: dict[str, list[int]] = {}
    errors: list[dict] = []

    def add(key: str, tpp: int, npred: int, tpg: int, ngold: int) -> None:
        b = buckets.setdefault(key, [0, 0, 0, 0])
        b[0] += tpp
        b[1] += npred
        b[2] += tpg
        b[3] += ngold

    for name, g in gold.items():
        preds = [p for p in predictions.get(name, []) if any(x <= p["start"] < y for x, y in g["scope"])]
        golds = g["mentions"]

        def same(p: dict, m: dict) -> bool:
            return p["label"] == m["label"] and p["target"] == m["target"] and p["start"] < m["end"] \
                and m["start"] < p["end"]

        labels = {m["label"] for m in golds} | {p["label"] for p in preds}
        for lbl in labels:
            pl = [p for p in preds if p["label"] == lbl]
            gl = [m for m in golds if m["label"] == lbl]
            tpp = sum(1 for p in pl if any(same(p, m) for m in gl))
            tpg = sum(1 for m in gl if any(same(p, m) for p in pl))
            add(lbl, tpp, len(pl), tpg, len(gl))
            add("all", tpp, len(pl), tpg, len(gl))
            add(f"doc:{name}", tpp, len(pl), tpg, len(gl))
        for p in preds:
            if not any(same(p, m) for m in golds):
                errors.append({"doc": name, "kind": "fp", "label": p["label"], "target": p["target"],
                               "surface": p["surface"]})
        for m in golds:
            if not any(same(p, m) for p in preds):
                errors.append({"doc": name, "kind": "fn", "label": m["label"], "target": m["target"],
                               "surface": m["surface"]})
    fields = {k: _prf(*v) for k, v in sorted(buckets.items(), key=lambda kv: (kv[0] != "all", kv[0]))}
    return {"fields": fields, "errors": errors}


def throughput(ext, reference: Path, rounds: int = 3) -> dict:
    """Rule-pipeline speed (normalise → spaCy tokenizer/sentencizer → vocabulary matching → article and
    organisation rules) over every policy document: Chinese characters/s and English words/s."""
    import time

    out = {}
    for lang, sub in (("zh", "policies/zh"), ("en", "policies/en")):
        texts = [read_document(p).text for p in sorted((reference / sub).glob("*")) if p.is_file()]
        ext.mentions(texts[0], lang)  # warm up (builds the matcher)
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(rounds):
            for t in texts:
                ext.mentions(t, lang)
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        n = rounds * (sum(len(t) for t in texts) if lang == "zh" else sum(len(t.split()) for t in texts))
        unit = "zh_chars" if lang == "zh" else "en_words"
        out[f"{unit}_per_s"] = round(n / dt)  # wall clock (shared machines: see the CPU figure)
        out[f"{unit}_per_cpu_s"] = round(n / dc) if dc else None
    return out


def predict(gold: dict[str, dict], store, ext=None) -> dict[str, list[dict]]:
    from ingest.policy import PolicyExtractor

    ext = ext or PolicyExtractor.from_store(store)
    out = {}
    for name, g in gold.items():
        ms = ext.mentions(g["text"], g["lang"])
        out[name] = [{"label": m["label"], "target": "new" if m["proposed"] else
                      (m["key"] if m["label"] == "Measure" else norm_key(m["name"])),
                      "start": m["start"], "end": m["end"], "surface": m["surface"]} for m in ms]
    return out


def _graph_store():
    """The configured graph, read-only, if it has reference data loaded (for the graph gazetteer)."""
    try:
        from kg.config import settings
        from kg.store import open_store

        st = open_store(settings(), read_only=True)
    except Exception:
        return None
    try:
        if st.read("MATCH (n:Industry) RETURN count(n) AS c")[0]["c"] > 0:
            return st
    except Exception:
        pass
    st.close()
    return None


def evaluate(store=None) -> dict:
    from kg.config import settings

    own = None
    if store is None:
        store = own = _graph_store()
    from ingest.policy import PolicyExtractor

    try:
        reference = Path(settings().reference_data)
        ext = PolicyExtractor.from_store(store)
        base = PolicyExtractor.from_store(store, baseline=True)
        sets = {}
        for name, gdir in (("fresh", FRESH), ("old", GOLD)):
            gold = load_gold(reference, gdir)
            r = score(gold, predict(gold, store, ext))
            r["baseline"] = score(gold, predict(gold, store, base))["fields"]
            r["gold"] = f"{gdir} ({sum(len(g['mentions']) for g in gold.values())} mentions, {len(gold)} documents)"
            sets[name] = r
        res = {**sets["fresh"], "old_set": sets["old"], "throughput": throughput(ext, reference)}
    finally:
        if own is not None:
            own.close()

    def table(name: str, r: dict) -> dict:
        return {"title": f"{name}: {r['gold']} — baseline = {EXTRACTOR_BASELINE}",
                "columns": ["field", "precision", "recall", "f1", "tp", "fp", "fn", "baseline_p", "baseline_r",
                            "baseline_f1"],
                "rows": [{"field": k, **{x: round(v[x], 3) if isinstance(v[x], float) else v[x]
                                         for x in ("precision", "recall", "f1", "tp", "fp", "fn")},
                          **{f"baseline_{x[0] if x != 'f1' else 'f1'}": round(r["baseline"].get(k, {}).get(x, 0.0), 3)
                             for x in ("precision", "recall", "f1")}}
                         for k, v in r["fields"].items()]}

    from ingest.policy import EXTRACTOR

    return {"extractor": EXTRACTOR, "gold": res["gold"] + " (fresh set; old set below)",
            "extra_tables": [table("fresh set", sets["fresh"]), table("old set", sets["old"])],
            "graph_vocabulary": store is not None} | {k: v for k, v in res.items() if k != "gold"}
