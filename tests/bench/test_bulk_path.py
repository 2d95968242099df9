"""The store's bulk path (one COPY per table, no lookups into empty tables, new rows' provenance written
directly) stores exactly what row-by-row ``MERGE … SET`` of :func:`kg.store.merge.merge_props` stores —
the naive baseline of ``kg bench load`` — and restated facts merge their provenance."""
from __future__ import annotations

import json

import pytest

from bench.load import naive_load
from bench import synthetic
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


def _open(path):
    st = EmbeddedStore(str(path))
    st.apply_schema()
    return st


@pytest.mark.parametrize("atomic", [True, False], ids=["per-part-transaction", "upsert_many"])
def test_bulk_path_stores_what_row_by_row_merge_stores(parts, tmp_path, atomic):
    api, naive = _open(tmp_path / "api.lbug"), _open(tmp_path / "naive.lbug")
    try:
        synthetic.write_parts(api, iter(parts), atomic=atomic)  # streamed: results matched in order
        naive_load(naive, [p for p in parts if p.kind == "nodes"])
        naive_load(naive, [p for p in parts if p.kind == "rels"])
        a, b = snapshot(api), snapshot(naive)
        assert sum(len(v) for v in a.values()) > 1000
        for name in a:
            assert a[name] == b[name], name

        # restated facts (another source) and a row whose endpoint is missing
        other = Provenance(source="synthetic:tiny:second", extractor="synthetic@1", confidence=0.5)
        again = [p for p in parts if p.name in ("firms", "job-skill", "firm-group", "courses")]
        restated = [synthetic.Part(p.name, p.kind, p.label, p.type, p.start, p.end,
                                   [{**r, "_prov": [other]} for r in p.rows[::3]]) for p in again]
        restated.append(synthetic.Part("bad", "rels", type="POSTED", start="Firm", end="JobPosting",
                                       rows=[{"from": "syn:firm:nope", "to": "syn:job:00000001", "_prov": [other]}]))
        assert synthetic.write_parts(api, restated, atomic=atomic)["skipped"] == 1
        after = snapshot(api)
        firms = {r["x"]["id"]: r["x"] for r in after["Firm"]}
        firm_part = again[[p.name for p in again].index("firms")]
        first_src = firm_part.rows[0]["_prov"][0].source
        restated_ids = {r["id"] for r in firm_part.rows[::3]}
        assert restated_ids and all(firms[k]["sources"] == [first_src, other.source] for k in restated_ids)
        assert all(f.get("sources") is None and f.get("provenance") is None
                   for k, f in firms.items() if k not in restated_ids)  # one statement: the compact form
        two = [r for r in after["REQUIRES:JobPosting:Skill"] if len(r["x"].get("provenance") or []) == 2]
        assert two and all(json.loads(r["x"]["provenance"][1])["source"] == other.source for r in two)
        assert sum(len(v) for v in after.values()) == sum(len(v) for v in a.values())
    finally:
        api.close()
        naive.close()
