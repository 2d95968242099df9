"""Store.change_token, the one "has the graph changed" value (cache keys, Neo4j's snapshot check): an ingest
or an upsert changes it, a read does not — on both stores (the embedded store here holds the writer; its
read-only side is in tests/kg/test_read_reuse.py)."""
from __future__ import annotations

from kg.records import NodeRecord, Provenance, RelRecord
from queries import cache

P = Provenance(source="test:token", evidence="-", extractor="test@1", confidence=1.0)


def _reads(store) -> None:
    store.read("MATCH (n) RETURN count(n) AS c")
    store.stats()
    with store.snapshot() as s:
        s.read("MATCH (r:Region) RETURN r.id AS id", limit=None)


def test_an_upsert_changes_the_token_and_a_read_does_not(store):
    t0 = store.change_token()
    hash(t0)  # a cache key
    _reads(store)
    assert store.change_token() == t0

    store.upsert_nodes("Region", [{"id": "江苏省", "name": "江苏省", "_prov": [P]}])
    t1 = store.change_token()
    assert t1 != t0
    _reads(store)
    assert store.change_token() == t1

    store.upsert_nodes("Region", [{"id": "江苏省/南京市", "name": "南京市", "_prov": [P]}])
    t2 = store.change_token()
    store.upsert_relationships("PART_OF", [{"from": "江苏省/南京市", "to": "江苏省", "_prov": [P]}],
                               "Region", "Region")  # a relationship added, no node
    t3 = store.change_token()
    assert len({t0, t1, t2, t3}) == 4


def test_an_ingest_changes_it_and_so_does_a_retraction(store):
    """What ``kg ingest`` commits (a document's facts and its Document, in one transaction) and what
    re-ingesting a changed document does first (its facts retracted)."""
    doc = Provenance(source="doc:1", evidence="-", extractor="test@1", confidence=1.0)
    before = store.change_token()
    with store.transaction():
        store.write_records([
            NodeRecord(label="Region", key="浙江省", props={"name": "浙江省"}, prov=doc),
            NodeRecord(label="Region", key="浙江省/杭州市", props={"name": "杭州市"}, prov=doc),
            NodeRecord(label="Document", key="doc:1", props={"kind": "policy", "ingested_at": "2026-12-07T08:00:00"},
                       prov=doc),
            RelRecord(type="PART_OF", start_label="Region", start_key="浙江省/杭州市", end_label="Region",
                      end_key="浙江省", prov=doc),
        ])
    ingested = store.change_token()
    assert ingested != before
    assert store.retract_source("doc:1")["deleted"] == 3  # the three nodes (their relationship goes with them)
    assert store.change_token() != ingested


def test_the_memo_is_recomputed_after_an_upsert_not_after_a_read(store):
    computed = []

    def regions():
        computed.append(1)
        return sorted(r["id"] for r in store.read("MATCH (r:Region) RETURN r.id AS id", limit=None))

    assert cache.memo(store, ("token-test",), regions) == []
    _reads(store)
    assert cache.memo(store, ("token-test",), regions) == [] and len(computed) == 1
    store.upsert_nodes("Region", [{"id": "福建省", "name": "福建省", "_prov": [P]}])
    assert cache.memo(store, ("token-test",), regions) == ["福建省"] and len(computed) == 2
