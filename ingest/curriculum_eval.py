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
    nxt = {"高职专科": "高职本科", "中职": "高职专科"}.get(level or "")
    return {
        "courses": {f"{i.kind}:{norm_key(i.text)}" for i in fields.courses},
        "posts": {norm_key(i.text) for i in fields.posts},
        "occupations": {norm_key(i.text) for i, _h in link_occupations(occ_items, vocab)},
        "abilities": {norm_key(i.text) for i in fields.abilities},
        "certificates": {f"{i.kind}:{norm_key(i.text)}" for i in fields.certificates},
        "follow_on": {norm_key(i.text) for i in fields.follow_on if i.kind == nxt},
        "stated_industries": {c for c, _i in stated_industries(fields, vocab, doc)},
    }


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def _reference_store(tmp: Path):
    """A temporary embedded graph with the reference parts the extractor links to."""
    from kg.store.embedded import EmbeddedStore
    from kgcli.ingest_cmds import run_ingest

    st = EmbeddedStore(str(tmp / "graph.lbug"))
    st.apply_schema()
    run_ingest(st, "reference", [Path(settings().reference_data)],
               {"only": ["catalog", "occupations", "industries"]})
    return st


def evaluate(store=None, gold_dir: Path | None = None, corpus_dir: Path | None = None) -> dict[str, Any]:
    """Score the curriculum extractor on the gold set → {"extractor", "gold", "fields": {field: P/R/F1}}."""
    from ingest.curriculum.extract import EXTRACTOR, extract_document
    from ingest.curriculum.vocab import Vocabulary
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
        vocab = Vocabulary.from_store(store)
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
        fields = {f: _prf(*counts[f]) for f in FIELDS}
        for f, m in fields.items():
            m["target"] = TARGETS.get(f, DEFAULT_TARGET)
        return {"extractor": EXTRACTOR, "gold": f"{len(per_major)} majors in {len(files)} files",
                "fields": fields,
                "occupations_linked": {"linked": occ_linked, "stated": occ_gold},
                "industry_linker_agreement": {"majors_with_stated_industries": with_stated,
                                              "stated_division_in_proposals": agree},
                "errors": [r for r in per_major if len(r) > 3 or not r["found"]]}
    finally:
        if own_store:
            store.close()
            tmp.cleanup()
