"""The proposed bulk path (bench.fastpath) must store exactly what the stock embedded store stores."""
from __future__ import annotations

import pytest

from bench.fastpath import FastEmbeddedStore
from ingest import synthetic
from kg import schema
from kg.records import Provenance
from kg.store.embedded import EmbeddedStore

MICRO = synthetic.Scale("tiny", colleges=3, groups=4, courses=40, firms=60, projects=5, skills=30, posts=10,
                        certificates=5, job_posts=90, platforms=2, alliances=1, offers_per_college=5,
                        skills_per_major=1, posts_per_major=1, industries_per_major=1, occupations_per_major=1,
                        certificates_per_major=1)


def small(tx: synthetic.Taxonomy) -> synthetic.Taxonomy:
    """The real taxonomy cut to a few classes/divisions (fast to load twice)."""
    keep = {
        "Major": lambda r: r["code"][:4] in ("5101", "5102", "4601"),
        "MajorClass": lambda r: r["code"] in ("5101", "5102", "4601"),
        "MajorCategory": lambda r: r["code"] in ("51", "46"),
        "Occupation": lambda r: r["code"].startswith(("2-02-10", "6-20")),
        "Industry": lambda r: r["code"][:2] in ("65", "39") or r["code"] == "I",
        "Region": lambda r: r["id"].startswith("广东省"),
        "College": lambda r: True,
    }
    out = synthetic.Taxonomy(origin=tx.origin, college_city=tx.college_city)
    out.nodes = {lb: [r for r in rows if keep[lb](r)] for lb, rows in tx.nodes.items()}
    ids = {lb: {r[schema.key_of(lb)] for r in rows} for lb, rows in out.nodes.items()}
    out.rels = {k: [r for r in rows if r["from"] in ids[k[1]] and r["to"] in ids[k[2]]] for k, rows in tx.rels.items()}
    out.major_class = {m: c for m, c in tx.major_class.items() if m in ids["Major"]}
    return out


def snapshot(st) -> dict:
    out = {}
    for n in schema.NODES:
        k = n.key
        out[n.label] = st.read(f"MATCH (x:{n.label}) RETURN x ORDER BY x.{k}", limit=10**6)
    for r in schema.RELS:
        for a, b in r.pairs:
            ak, bk = schema.key_of(a), schema.key_of(b)
            out[f"{r.type}:{a}:{b}"] = st.read(
                f"MATCH (a:{a})-[x:{r.type}]->(b:{b}) RETURN a.{ak} AS f, b.{bk} AS t, x ORDER BY f, t", limit=10**6)
    return out


@pytest.fixture(scope="module")
def parts(reference_dir):
    tx = small(synthetic.load_taxonomy("tiny", reference_data=reference_dir))
    return list(synthetic.Generator(tx, MICRO, seed=3).parts())


def _load(cls, path, parts) -> dict:
    st = cls(str(path))
    st.apply_schema()
    try:
        synthetic.write_parts(st, parts)
        # a second statement of some facts from another source: the update path merges provenance
        again = [p for p in parts if p.name in ("firms", "job-skill", "firm-group", "courses")]
        other = Provenance(source="synthetic:tiny:second", extractor="synthetic@1", confidence=0.5)
        restated = [synthetic.Part(p.name, p.kind, p.label, p.type, p.start, p.end,
                                   [{**r, "_prov": [other]} for r in p.rows[::3]]) for p in again]
        # plus rows whose endpoint is missing: both must skip (and report) them
        restated.append(synthetic.Part("bad", "rels", type="POSTED", start="Firm", end="JobPosting",
                                       rows=[{"from": "syn:firm:nope", "to": "syn:job:00000001", "_prov": [other]}]))
        summary = synthetic.write_parts(st, restated)
        return {"snapshot": snapshot(st), "skipped": summary["skipped"]}
    finally:
        st.close()


def test_proposed_bulk_path_stores_what_the_stock_store_stores(parts, tmp_path):
    stock = _load(EmbeddedStore, tmp_path / "stock.lbug", parts)
    fast = _load(FastEmbeddedStore, tmp_path / "fast.lbug", parts)
    assert stock["skipped"] == fast["skipped"] == 1
    assert sum(len(v) for v in stock["snapshot"].values()) > 1000
    merged = [r for r in stock["snapshot"]["Firm"] if len(r["x"]["sources"]) == 2]
    assert merged, "the restated firms carry both sources"
    for name in stock["snapshot"]:
        assert fast["snapshot"][name] == stock["snapshot"][name], name
