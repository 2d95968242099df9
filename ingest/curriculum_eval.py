"""`kg eval curriculum`: precision / recall / F1 per field on the hand-annotated gold set.

The gold set (``tests/ingest/gold/curriculum/*.json``, see its README) names source files of the
major-profile corpus and, per major, the values a reader lists. The extractor runs on those files
with the reference vocabularies of a graph — the given store, or (``store=None``) a temporary embedded
graph loaded with the reference catalogue, occupations and industries — and each field is scored by
micro-averaged set overlap of normalised values per major (a major the extractor does not find counts
all its gold values as misses). Also reported: how many stated occupation names reach an Occupation of
the 2022 classification, and how often the industry linker's proposed 大类 include a 大类 the text
states (for the gold majors that state one).
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from kg.config import REPO_ROOT, settings

GOLD_DIR = REPO_ROOT / "tests" / "ingest" / "gold" / "curriculum"
CORPUS = Path("curricula") / "major_profiles_2022"
FIELDS = ("courses", "posts", "occupations", "abilities", "certificates", "follow_on", "stated_industries")
TARGETS = {"courses": 0.95}
DEFAULT_TARGET = 0.9


def load_gold(gold_dir: Path = GOLD_DIR) -> list[dict]:
    out = []
    for p in sorted(Path(gold_dir).glob("*.json")):
        d = json.loads(p.read_text(encoding="utf-8"))
        d["_gold_file"] = p.name
        out.append(d)
    return out


def _gold_values(m: dict, field: str) -> set[str]:
    from ingest.nlp import norm_key

    if field == "courses":
        return {f"{k}:{norm_key(v)}" for k, vs in (m.get("courses") or {}).items() for v in vs}
    if field == "certificates":
        return {f"{k}:{norm_key(v)}" for k, vs in (m.get("certificates") or {}).items() for v in vs}
    if field == "stated_industries":
        return {str(x) for x in m.get(field) or []}
    return {norm_key(v) for v in m.get(field) or []}


def _extracted_values(fields, vocab, doc: str, code: str) -> dict[str, set[str]]:
    from ingest.curriculum.extract import link_occupations, occupations_of, stated_industries
    from ingest.nlp import norm_key

    occ_items = occupations_of(fields, vocab, doc)
    level = vocab.majors[code].level if code in vocab.majors else None
    from ingest.curriculum.extract import FOLLOW_ON_LEVELS

    nxt = FOLLOW_ON_LEVELS.get(level or "", ())  # 中职: 高职专科 and 高职本科 items
    return {
        "courses": {f"{i.kind}:{norm_key(i.text)}" for i in fields.courses},
        "posts": {norm_key(i.text) for i in fields.posts},
        "occupations": {norm_key(i.text) for i, _h in link_occupations(occ_items, vocab)},
        "abilities": {norm_key(i.text) for i in fields.abilities},
        "certificates": {f"{i.kind}:{norm_key(i.text)}" for i in fields.certificates},
        "follow_on": {norm_key(i.text) for i in fields.follow_on if i.kind in nxt},
        "stated_industries": {c for c, _i in stated_industries(fields, vocab, doc)},
    }


PATHWAYS_DIR = REPO_ROOT / "tests" / "ingest" / "gold" / "pathways"
PAIR_TARGET = 0.95


def load_pathway_gold(gold_dir: Path = PATHWAYS_DIR) -> list[dict]:
    """Rows of ``leads_to.tsv`` (real text) and ``constructed_leads_to.tsv`` (constructed 中职 layouts), each
    with ``set`` = "real" | "constructed"."""
    import csv

    out = []
    for name, kind in (("leads_to.tsv", "real"), ("constructed_leads_to.tsv", "constructed")):
        p = Path(gold_dir) / name
        if not p.exists():
            continue
        with open(p, encoding="utf-8", newline="") as f:
            lines = [ln for ln in f if ln.strip() and not ln.startswith("#")]
        for r in csv.DictReader(lines, delimiter="\t"):
            out.append({**r, "set": kind})
    return out


def _baseline_links(fields, level: str, vocab) -> set[tuple[str, str]]:
    """The rule before issue #20 (the baseline): only the next level (中职 → 高职专科, 专科 → 本科), exact or
    fuzzy name."""
    nxt = {"中职": "高职专科", "高职专科": "高职本科"}.get(level)
    out = set()
    for it in fields.follow_on:
        if it.kind == nxt:
            hit = vocab.major_by_name(it.text, nxt)
            if hit:
                out.add((nxt, hit[0]))
    return out


def evaluate_pathways(vocab, corpus: Path, gold_dir: Path = PATHWAYS_DIR) -> dict[str, Any]:
    """LEADS_TO precision / recall per level pair (and per gold set) on the 接续 gold: a predicted pathway
    (source major, target level, target code) of a source major in the gold is correct when the gold has
    it. Also every predicted pathway's evidence must be the document text at its offsets."""
    from ingest.curriculum.extract import extract_document, follow_on_links
    from ingest.readers import read_document

    rows = load_pathway_gold(gold_dir)
    gold: dict[tuple[str, str], set[tuple[str, str]]] = {}
    files: dict[str, str] = {}
    for r in rows:
        key = (r["set"], r["source"])
        files[r["file"]] = r["set"]
        s = gold.setdefault(key, set())
        if r["target"].strip() not in ("", "-"):
            s.add((r["pair"].split("→")[1], r["target"].strip()))
    counts: dict[str, list[int]] = {}
    base_counts: dict[str, list[int]] = {}
    errors: list[dict] = []
    evidence_bad = 0
    for fname, kind in sorted(files.items()):
        path = (Path(gold_dir) / fname) if kind == "constructed" else corpus / fname
        d = read_document(path)
        res = extract_document(d.sha256, d.text, path.name, vocab, None)
        by_code = {m.code: m for m in res.majors if m.code}
        for (k, src), gs in gold.items():
            if k != kind or not any(r["source"] == src and r["file"] == fname for r in rows):
                continue
            m = by_code.get(src)
            level = vocab.majors[src].level if src in vocab.majors else ""
            got: set[tuple[str, str]] = set()
            base: set[tuple[str, str]] = set()
            if m is not None and m.fields is not None:
                for it, lv, target, _s in follow_on_links(m.fields, level, vocab):
                    got.add((lv, target))
                    evidence_bad += not (d.text[it.start:it.end] and it.evidence in d.text)
                base = _baseline_links(m.fields, level, vocab)
            for name, pred, bucket in (("new", got, counts), ("baseline", base, base_counts)):
                for lv in {lv for lv, _ in gs | pred}:
                    pair = f"{kind}: {level}→{lv}"
                    g1 = {x for x in gs if x[0] == lv}
                    p1 = {x for x in pred if x[0] == lv}
                    b = bucket.setdefault(pair, [0, 0, 0])
                    b[0] += len(g1 & p1)
                    b[1] += len(p1 - g1)
                    b[2] += len(g1 - p1)
                    if name == "new" and (p1 - g1 or g1 - p1):
                        errors.append({"file": fname, "source": src, "pair": pair, "missing": sorted(g1 - p1),
                                       "extra": sorted(p1 - g1)})
    pairs = {}
    for pair in sorted(set(counts) | set(base_counts)):
        pairs[pair] = {**_prf(*counts.get(pair, [0, 0, 0])), "target": PAIR_TARGET,
                       "baseline": _prf(*base_counts.get(pair, [0, 0, 0]))}
    return {"pairs": pairs, "errors": errors, "evidence_not_verbatim": evidence_bad,
            "gold": f"{sum(len(v) for v in gold.values())} pathways of {len(gold)} majors in {len(files)} files"}


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def _reference_store(tmp: Path):
    """A temporary embedded graph with the reference parts the extractor links to."""
    from kg.store.embedded import EmbeddedStore
    from ingest.pipeline import run_ingest

    st = EmbeddedStore(str(tmp / "graph.lbug"))
    st.apply_schema()
    run_ingest(st, "reference", [Path(settings().reference_data)],
               {"only": ["catalog", "occupations", "industries"]})
    return st


def evaluate(store=None, gold_dir: Path | None = None, corpus_dir: Path | None = None) -> dict[str, Any]:
    """Score the curriculum extractor on the gold set → {"extractor", "gold", "fields": {field: P/R/F1}}."""
    from ingest.curriculum.extract import EXTRACTOR, extract_document
    from ingest.vocab.curriculum import CurriculumVocabulary
    from ingest.industry_linker import IndustryLinker
    from ingest.readers import read_document

    gold = load_gold(gold_dir or GOLD_DIR)
    corpus = Path(corpus_dir) if corpus_dir else Path(settings().reference_data) / CORPUS
    tmp = None
    own_store = store is None
    if own_store:
        tmp = tempfile.TemporaryDirectory(prefix="kg-eval-")
        store = _reference_store(Path(tmp.name))
    try:
        vocab = CurriculumVocabulary.from_store(store)
        linker = IndustryLinker.from_store(store) if vocab.industries else None
        occ_linked = occ_gold = 0
        agree = with_stated = 0
        counts = {f: [0, 0, 0] for f in FIELDS}
        per_major: list[dict] = []
        files = set()
        for g in gold:
            path = corpus / g["file"]
            files.add(g["file"])
            d = read_document(path)
            res = extract_document(d.sha256, d.text, path.name, vocab, None)
            by_code = {m.code: m for m in res.majors if m.code}
            for gm in g["majors"]:
                m = by_code.get(gm["code"])
                got = (_extracted_values(m.fields, vocab, d.text, m.code) if m is not None and m.fields
                       else {f: set() for f in FIELDS})
                row: dict[str, Any] = {"file": g["file"], "code": gm["code"], "found": m is not None}
                for name in gm.get("occupations") or []:  # how many stated occupations reach the 大典
                    occ_gold += 1
                    occ_linked += vocab.occupation(name) is not None
                stated_div = {c[:2] for c in gm.get("stated_industries") or [] if c[:2].isdigit()}
                if stated_div and linker is not None and m is not None and m.fields:
                    with_stated += 1
                    links = linker.link({"name": m.name or "", **m.fields.field_text()})
                    agree += bool(stated_div & {x.code for x in links if x.level == "大类"})
                for f in FIELDS:
                    gv = _gold_values(gm, f)
                    tp, fp, fn = len(gv & got[f]), len(got[f] - gv), len(gv - got[f])
                    counts[f][0] += tp
                    counts[f][1] += fp
                    counts[f][2] += fn
                    if fp or fn:
                        row[f] = {"missing": sorted(gv - got[f]), "extra": sorted(got[f] - gv)}
                per_major.append(row)
        pathways = evaluate_pathways(vocab, corpus)
        fields = {f: _prf(*counts[f]) for f in FIELDS}
        for f, m in fields.items():
            m["target"] = TARGETS.get(f, DEFAULT_TARGET)
        return {"extractor": EXTRACTOR, "gold": f"{len(per_major)} majors in {len(files)} files",
                "fields": fields, "leads_to": pathways,
                "extra_tables": [{"title": f"LEADS_TO (接续) per level pair — gold: {pathways['gold']}; baseline = "
                                           "the rule before #20 (next level only, exact/fuzzy name)",
                                  "columns": ["pair", "precision", "recall", "f1", "tp", "fp", "fn",
                                              "baseline_p", "baseline_r"],
                                  "rows": [{"pair": k, **{x: round(v[x], 3) if isinstance(v[x], float) else v[x]
                                                          for x in ("precision", "recall", "f1", "tp", "fp", "fn")},
                                            "baseline_p": round(v["baseline"]["precision"], 3),
                                            "baseline_r": round(v["baseline"]["recall"], 3)}
                                           for k, v in pathways["pairs"].items()]}],
                "occupations_linked": {"linked": occ_linked, "stated": occ_gold},
                "industry_linker_agreement": {"majors_with_stated_industries": with_stated,
                                              "stated_division_in_proposals": agree},
                "errors": [r for r in per_major if len(r) > 3 or not r["found"]]}
    finally:
        if own_store:
            store.close()
            tmp.cleanup()
