"""The scale generator: deterministic per seed, real taxonomies, everything invented labelled synthetic."""
from __future__ import annotations

import json

import pytest

from bench import synthetic
from kg import schema


@pytest.fixture(scope="module")
def taxonomy(reference_dir):
    return synthetic.load_taxonomy("tiny", reference_data=reference_dir, province="广东省")


@pytest.fixture(scope="module")
def parts(taxonomy):
    return list(synthetic.Generator(taxonomy, "tiny", seed=7).parts())


def _dump(parts) -> list:
    out = []
    for p in parts:
        rows = [{k: (v if k != "_prov" else [x.to_json() if hasattr(x, "to_json") else json.dumps(x, sort_keys=True)
                                               for x in v]) for k, v in r.items()} for r in p.rows]
        out.append((p.name, p.target, json.dumps(rows, ensure_ascii=False, sort_keys=True, default=str)))
    return out


def test_same_seed_same_graph_other_seed_other_graph(taxonomy, parts):
    again = list(synthetic.Generator(taxonomy, "tiny", seed=7).parts())
    assert _dump(again) == _dump(parts)
    other = _dump(list(synthetic.Generator(taxonomy, "tiny", seed=8).parts()))
    changed = [a[1] for a, b in zip(_dump(parts), other) if a != b]
    assert "REQUIRES(JobPosting->Skill)" in changed and "BELONGS_TO(ProfessionalGroup->College)" in changed


def test_chunking_does_not_change_the_rows(taxonomy, parts):
    small = list(synthetic.Generator(taxonomy, "tiny", seed=7, chunk=97).parts())
    assert max(len(p.rows) for p in small) <= 97
    flat = lambda ps: [(p.target, r.get("from"), r.get("to"), r.get(schema.key_of(p.label)) if p.label else None)  # noqa: E731
                       for p in ps for r in p.rows]
    assert flat(small) == flat(parts)


def test_generated_data_is_labelled_synthetic_and_taxonomy_is_real(parts, taxonomy):
    src = synthetic.source_id("tiny", 7)
    generated = {"ProfessionalGroup", "Course", "Skill", "Post", "Certificate", "Firm", "JobPosting",
                 "ResearchProject", "Platform", "EducationAlliance"}
    seen = set()
    for p in parts:
        for r in p.rows:
            provs = [x if isinstance(x, dict) else x.model_dump() for x in r["_prov"]]
            if p.name.startswith("taxonomy:"):
                assert all(x["source"].startswith("ref:") for x in provs), (p.name, provs)
                continue
            assert [x["source"] for x in provs] == [src], (p.name, provs)
            if p.kind == "nodes" and p.label in generated:
                seen.add(p.label)
                assert r[schema.key_of(p.label)].startswith("syn:")
    assert seen == generated
    doc = [p for p in parts if p.label == "Document"][0].rows[0]
    assert doc["id"] == src and doc["kind"] == "synthetic" and "not real" in doc["title"]
    # the colleges are real ones of the chosen province, with their MOE codes
    colleges = [p for p in parts if p.label == "College"][0].rows
    assert len(colleges) == synthetic.SCALES["tiny"].colleges
    assert all(c["province"] == "广东省" and c["moe_code"].isdigit() for c in colleges)
    firms = [r for p in parts if p.label == "Firm" for r in p.rows]
    assert all("合成" in f["name"] for f in firms)


def test_relationships_are_distinct_and_their_endpoints_exist(parts):
    keys: dict[str, set] = {}
    for p in parts:
        if p.kind == "nodes":
            keys.setdefault(p.label, set()).update(r[schema.key_of(p.label)] for r in p.rows)
    for p in parts:
        if p.kind != "rels":
            continue
        schema.check_pair(p.type, p.start, p.end)
        pairs = [(r["from"], r["to"]) for r in p.rows]
        assert len(pairs) == len(set(pairs)), p.name
        assert all(f in keys[p.start] for f, _ in pairs), p.name
        assert all(t in keys[p.end] for _, t in pairs), p.name


def test_degrees_are_skewed(parts):
    """A few firms post most jobs; a few skills are required everywhere (Zipf, not uniform)."""
    posted = [r["from"] for p in parts if p.name == "firm-job" for r in p.rows]
    counts = sorted((posted.count(f) for f in set(posted)), reverse=True)
    top = sum(counts[: max(1, len(counts) // 10)])
    assert top / len(posted) > 0.3  # the top 10% of posting firms hold > 30% of postings


def test_province_scale_is_the_declared_size():
    s = synthetic.SCALES["province"]
    n = synthetic.SCALES["national"]
    assert (s.colleges, s.groups, s.courses, s.firms, s.projects) == (100, 600, 20_000, 50_000, 2_000)
    assert (n.colleges, n.firms) == (10 * s.colleges, 10 * s.firms)
