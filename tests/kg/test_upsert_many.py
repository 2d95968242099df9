"""``Store.upsert_many`` — the bulk path that prepares the next table while the current one is written —
stores exactly what the one-by-one upserts store, on both stores, including the cases where the
prepared payload cannot be used (rows that exist, rows whose endpoint is missing, a second batch into a
table that is no longer empty)."""
from __future__ import annotations

import json

import pyarrow as pa
import pytest

from kg import schema
from kg.records import Provenance, sources_of
from kg.store.upsert import new_columns
from kg.store.embedded import EmbeddedStore, _compact

SRC = Provenance(source="sample:upsert-many", extractor="test@1", confidence=0.9, locator="row 1")
OTHER = Provenance(source="sample:upsert-many:second", evidence="第二份 \"引号\"\n换行", extractor="test@2",
                   confidence=0.4)


def _prov(i: int, p: Provenance = SRC) -> list[Provenance]:
    return [p.model_copy(update={"locator": f"row {i}"})]


def batches() -> list[tuple]:
    """≥ 256 rows per table, repeated sources (dictionary-encoded columns), lists empty/null/filled,
    columns null in every row, duplicate keys, a missing endpoint, and a second batch into a table the
    first batch filled."""
    firms = [{"id": f"f{i:04d}", "name": f"样例企业{i}", "aliases": ([] if i % 3 == 0 else None if i % 3 == 1
                                                                   else [f"别名{i}", f"别名{i}", "共用"]),
              "city": "深圳市" if i % 2 else None, "_prov": _prov(i)} for i in range(400)]
    firms.append({"id": "f0001", "size": "大型", "_prov": _prov(1, OTHER)})  # duplicate key: merged
    skills = [{"id": f"s{i:03d}", "name": f"技能{i}", "_prov": _prov(i)} for i in range(300)]
    posts = [{"id": f"j{i:04d}", "title": f"岗位{i}", "_prov": _prov(i)} for i in range(500)]
    # endpoints repeating enough to be dictionary-encoded too (to: 50 skills, from: 100 firms)
    requires = [{"from": f"j{i:04d}", "to": f"s{i % 50:03d}", "_prov": _prov(i)} for i in range(500)]
    requires.append({"from": "j0003", "to": "s003", "_prov": _prov(3, OTHER)})  # same pair again
    posted = [{"from": f"f{i % 100:04d}", "to": f"j{i:04d}", "_prov": _prov(i)} for i in range(500)]
    posted.append({"from": "f9999", "to": "j0001", "_prov": _prov(0)})  # no such firm: skipped
    more_firms = [{"id": f"f{i:04d}", "tags": ["合成"], "_prov": _prov(i, OTHER)} for i in range(390, 420)]
    more_requires = [{"from": f"j{i:04d}", "to": f"s{(i + 1) % 300:03d}", "_prov": _prov(i, OTHER)}
                     for i in range(0, 500, 7)] + [{"from": "j0000", "to": "s000", "_prov": _prov(0, OTHER)}]
    return [("nodes", "Firm", firms), ("nodes", "Skill", skills), ("nodes", "JobPosting", posts),
            ("rels", "REQUIRES", "JobPosting", "Skill", requires), ("rels", "POSTED", "Firm", "JobPosting", posted),
            ("nodes", "Firm", more_firms), ("rels", "REQUIRES", "JobPosting", "Skill", more_requires)]


def one_by_one(store, items) -> list:
    out = []
    for b in items:
        if b[0] == "nodes":
            out.append(store.upsert_nodes(b[1], b[2]))
        else:
            out.append(store.upsert_relationships(b[1], b[4], b[2], b[3]))
    return out


def snapshot(st) -> dict:
    out = {}
    for label in ("Firm", "Skill", "JobPosting"):
        k = schema.key_of(label)
        out[label] = st.read(f"MATCH (x:{label}) RETURN x ORDER BY x.{k}", limit=None)
    for t, a, b in (("REQUIRES", "JobPosting", "Skill"), ("POSTED", "Firm", "JobPosting")):
        ak, bk = schema.key_of(a), schema.key_of(b)
        out[t] = st.read(f"MATCH (a:{a})-[x:{t}]->(b:{b}) RETURN a.{ak} AS f, b.{bk} AS t, x ORDER BY f, t",
                         limit=None)
    return out


@pytest.mark.parametrize("ahead", [1, 3, 10])
def test_upsert_many_stores_what_one_by_one_upserts_store(store, tmp_path, monkeypatch, ahead):
    """… however many batches the worker prepares ahead of the one being written (every batch written,
    in order)."""
    from kg.store import upsert

    monkeypatch.setattr(upsert, "PREPARE_AHEAD", ahead)
    items = batches()
    prepared: list[str] = []
    if store.prepare_ahead:  # record which batches went in from their prepared payload
        real = store._create_prepared
        monkeypatch.setattr(store, "_create_prepared", lambda prep: (prepared.append(prep.name), real(prep)))
    got = list(store.upsert_many(items))
    if store.prepare_ahead:  # every batch into an empty table, except POSTED (a row was skipped)
        assert prepared == ["Firm", "Skill", "JobPosting", "REQUIRES"]
    bulk = snapshot(store)
    ref = EmbeddedStore(str(tmp_path / "ref.lbug"))
    try:
        ref.apply_schema()
        assert got == one_by_one(ref, items)
        expected = snapshot(ref)
    finally:
        ref.close()
    assert got[0] == 400 and got[3][0] == 500 and got[4][0] == 500 and len(got[4][1]) == 1
    assert "no Firm with key 'f9999'" in got[4][1][0]["reason"]
    for name in expected:
        assert bulk[name] == expected[name], name
    firms = {r["x"]["id"]: r["x"] for r in bulk["Firm"]}
    assert firms["f0001"]["sources"] == [SRC.source, OTHER.source] and firms["f0001"]["size"] == "大型"
    assert firms["f0000"]["aliases"] == [] and firms["f0002"]["aliases"] == ["别名2", "共用"]
    assert firms["f0399"]["tags"] == ["合成"] and sources_of(firms["f0419"]) == [OTHER.source]
    assert firms["f0004"].get("city") is None and firms["f0005"]["city"] == "深圳市"
    req = {(r["f"], r["t"]): r["x"] for r in bulk["REQUIRES"]}
    assert len(req[("j0003", "s003")]["provenance"]) == 2 and len(req[("j0000", "s000")]["provenance"]) == 2
    assert sources_of(req[("j0007", "s008")]) == [OTHER.source] and sources_of(req[("j0060", "s010")]) == [SRC.source]
    assert req[("j0060", "s010")].get("provenance") is None  # one statement: the compact form
    assert sorted(r["f"] for r in bulk["POSTED"])[:2] == ["f0000", "f0000"]


def test_upsert_many_refuses_an_unknown_batch_before_writing_it(store):
    with pytest.raises(ValueError, match="unknown batch kind 'edges'"):
        list(store.upsert_many([("edges", "Firm", [])]))
    with pytest.raises(Exception, match="REQUIRES"):
        list(store.upsert_many([("rels", "REQUIRES", "Firm", "Skill", [{"from": "a", "to": "b"}])]))
    assert store.stats()["nodes"]["Firm"] == 0


def test_compact_keeps_values_and_encodes_only_repetitive_strings():
    rep = pa.array(["a", None, "b"] * 200)
    enc = _compact(rep)
    assert pa.types.is_dictionary(enc.type) and enc.to_pylist() == rep.to_pylist()
    uniq = pa.array([f"v{i}" for i in range(600)])
    assert _compact(uniq) is uniq
    lists = pa.array([["x"], None, [], ["x", "y"]] * 100, pa.list_(pa.string()))
    enc = _compact(lists)
    assert pa.types.is_dictionary(enc.type.value_type) and enc.to_pylist() == lists.to_pylist()
    small = pa.array(["a"] * 10)
    assert _compact(small) is small


def test_embedded_bulk_path_checkpoints_once_and_restores_automatic_checkpoints(embedded, tmp_path):
    """LadybugDB forces a checkpoint after every COPY unless automatic checkpoints are off: the bulk
    path turns them off, writes, turns them back on and checkpoints once — a read-only open (which
    reads the main file, not another process's WAL) then sees every row, and a generator left early
    still restores the setting."""
    setting = "CALL current_setting('auto_checkpoint') RETURN *"
    items = batches()
    assert len(list(embedded.upsert_many(items[:3]))) == 3
    assert embedded._conn.execute(setting).get_all() == [["True"]]
    ro = EmbeddedStore(embedded.path, read_only=True)
    try:
        assert ro.stats()["nodes"]["JobPosting"] == 500
    finally:
        ro.close()
    gen = embedded.upsert_many(items[3:])
    next(gen)
    assert embedded._conn.execute(setting).get_all() == [["False"]]
    gen.close()
    assert embedded._conn.execute(setting).get_all() == [["True"]]
    assert embedded.stats()["relationships"]["REQUIRES"] == 500


def _wal(path: str) -> int:
    import os

    return os.path.getsize(path + ".wal") if os.path.exists(path + ".wal") else 0


def test_deferred_checkpoints_still_checkpoint_when_the_wal_passes_the_limit(embedded, monkeypatch):
    firms = batches()[0][2]
    monkeypatch.setenv("KG_CHECKPOINT_MB", "1024")
    with embedded.deferred_checkpoints():
        embedded.upsert_nodes("Firm", firms[:200])
        assert _wal(embedded.path) > 0  # committed, not checkpointed
        monkeypatch.setenv("KG_CHECKPOINT_MB", "0")
        embedded.upsert_nodes("Firm", firms[200:])
        assert _wal(embedded.path) == 0  # past the limit: checkpointed after the commit
    assert embedded.stats()["nodes"]["Firm"] == 400


@pytest.mark.parametrize("kind", ["nodes", "rels"])
def test_new_columns_are_the_new_rows_column_by_column(embedded, kind):
    """The bulk path builds the COPY input column by column (kg.store.upsert.new_columns); it must equal
    what new_props gives row by row — fast path (one Provenance per row) and fallback (a dict, two
    statements) alike, list properties deduplicated in order, the provenance lists left null."""
    one = [{"id": "f1", "name": "甲", "aliases": ["a", "b", "a"], "review": True, "_prov": _prov(1)},
           {"id": "f2", "aliases": None, "_prov": _prov(2, OTHER)},
           {"id": "f3", "name": "丙", "_prov": [SRC.model_copy(update={"evidence": None, "locator": None})]}]
    mixed = one + [{"id": "f4", "name": "丁", "_prov": [SRC.model_dump()]},
                   {"id": "f5", "_prov": [SRC, OTHER]}]
    if kind == "rels":
        one = [{"from": r["id"], "to": "s1", "_prov": r["_prov"], "review": r.get("review")} for r in one]
        mixed = [{"from": r["id"], "to": "s1", "_prov": r["_prov"]} for r in mixed]
    args = ("Firm", None, None) if kind == "nodes" else ("REQUIRES", "JobPosting", "Skill")
    for rows in (one, mixed):
        prep = embedded._prepare(kind, *args, rows)
        made = [embedded._new_row(prep, k, r) for k, r in prep.merged.items()]
        cols = new_columns(prep)
        assert set(cols) == set(made[0]) and all(len(v) == len(made) for v in cols.values())
        assert {c: [m.get(c) for m in made] for c in cols} == cols
    prep = embedded._prepare(kind, *args, one)
    cols = new_columns(prep)
    assert cols["provenance"] == [None] * 3 and cols["locator"] == ["row 1", "row 2", None]
    if kind == "nodes":
        assert cols["aliases"] == [["a", "b"], None, None] and cols["review"] == [True, None, None]


def test_apply_schema_adds_a_property_declared_after_the_file_was_made(tmp_path):
    """A graph file from before ``locator`` was declared gets the column (null in old rows) and takes
    writes and reads of it."""
    path = str(tmp_path / "old.lbug")
    s = EmbeddedStore(path)
    s.apply_schema()
    s.write("ALTER TABLE Skill DROP locator")
    s.write("ALTER TABLE REQUIRES DROP locator")
    s.write("CREATE (:Skill {id: 'old', name: '旧', source: 'x', extractor: 'e', "
            "provenance: ['{\"extractor\": \"e\", \"source\": \"x\"}']})")
    s.close()
    s = EmbeddedStore(path)
    try:
        s.apply_schema()
        s.upsert_nodes("Skill", [{"id": "new", "_prov": _prov(7)}, {"id": "old", "_prov": _prov(8)}])
        got = {r["k"]: r for r in s.read("MATCH (n:Skill) RETURN n.id AS k, n.locator AS l, n.provenance AS p")}
        assert got["new"]["l"] == "row 7" and got["new"]["p"] is None
        assert len(got["old"]["p"]) == 2 and json.loads(got["old"]["p"][0]) == {"extractor": "e", "source": "x"}
    finally:
        s.close()


def test_remembered_node_keys_are_forgotten_when_nodes_may_be_gone(embedded):
    """The embedded store remembers the keys its upserts wrote, so relationship upserts skip the
    endpoint lookup — but a raw write (may delete) or a rolled-back transaction must not leave a key
    remembered whose node is gone: the relationship is then skipped with its reason, as without it."""
    embedded.upsert_nodes("Skill", [{"id": "s1", "_prov": _prov(1)}])
    embedded.upsert_nodes("JobPosting", [{"id": "j1", "_prov": _prov(1)}, {"id": "j2", "_prov": _prov(2)}])
    assert embedded._written_keys["JobPosting"] == {"j1", "j2"}
    embedded.write("MATCH (j:JobPosting {id: 'j2'}) DETACH DELETE j")
    written, skipped = embedded.upsert_relationships(
        "REQUIRES", [{"from": "j1", "to": "s1", "_prov": _prov(3)}, {"from": "j2", "to": "s1", "_prov": _prov(4)}],
        "JobPosting", "Skill")
    assert written == 1 and [s["from"] for s in skipped] == ["j2"] and "no JobPosting" in skipped[0]["reason"]
    with pytest.raises(RuntimeError, match="boom"):
        with embedded.transaction():
            embedded.upsert_nodes("JobPosting", [{"id": "j3", "_prov": _prov(5)}])
            raise RuntimeError("boom")
    assert embedded._written_keys is None
    written, skipped = embedded.upsert_relationships(
        "REQUIRES", [{"from": "j3", "to": "s1", "_prov": _prov(6)}], "JobPosting", "Skill")
    assert written == 0 and "no JobPosting with key 'j3'" in skipped[0]["reason"]
    assert embedded.read("MATCH (j:JobPosting {id: 'j3'}) RETURN j") == []


def test_tables_known_empty_after_a_bulk_load_are_rechecked_after_a_raw_write(embedded):
    """A bulk load into an empty graph knows every table is empty until it writes it (no query per
    table); a raw write in between makes the store ask again, so its node is merged, not duplicated."""
    list(embedded.upsert_many([("nodes", "Firm", [{"id": "f1", "_prov": _prov(1)}])]))
    assert embedded._known_empty is not None and ("nodes", "Skill") in embedded._known_empty
    assert ("nodes", "Firm") not in embedded._known_empty
    embedded.write("CREATE (:Skill {id: 's1', name: '旧', source: 'x', extractor: 'e'})")
    assert embedded._known_empty is None
    assert list(embedded.upsert_many([("nodes", "Skill", [{"id": "s1", "name": "新", "_prov": _prov(2)}])])) == [1]
    rows = embedded.read("MATCH (s:Skill) RETURN s.id AS id, s.name AS n, s.source AS src")
    assert rows == [{"id": "s1", "n": "新", "src": "x"}]


def test_the_prepare_ahead_thread_runs_behind_the_writer(embedded, monkeypatch):
    """The next table is prepared in a worker thread at a lower CPU priority than the thread that
    writes (on 2 cores the two competed and the write is the critical path), with short GIL turns; the
    writer's own priority and the interpreter's switch interval are as they were afterwards, also when
    the caller stops early."""
    import os
    import sys
    import threading

    from kg.store import tuning, upsert

    seen = {}
    real = upsert.UpsertEngine._prepare

    def spy(self, *a, **k):
        seen[threading.current_thread() is threading.main_thread()] = os.getpriority(
            os.PRIO_PROCESS, threading.get_native_id())
        seen["switch"] = sys.getswitchinterval()
        return real(self, *a, **k)

    monkeypatch.setattr(upsert.UpsertEngine, "_prepare", spy)
    mine = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert embedded.prepare_ahead
    assert len(list(embedded.upsert_many(batches()[:4]))) == 4
    assert seen[False] == min(19, mine + tuning.PREPARE_NICE)  # every batch prepared in the worker
    assert True not in seen
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == mine
    before = sys.getswitchinterval()
    assert seen["switch"] == pytest.approx(tuning.PREPARE_SWITCH_INTERVAL) and seen["switch"] < before
    gen = embedded.upsert_many(batches()[4:])
    next(gen)
    assert sys.getswitchinterval() == pytest.approx(tuning.PREPARE_SWITCH_INTERVAL)
    gen.close()
    assert sys.getswitchinterval() == before


def test_new_nodes_into_a_non_empty_table_are_created_row_wise_as_copy_writes_them(tmp_path, monkeypatch):
    """A document's new nodes go into a non-empty table by CREATE (a COPY there costs ~0.2–0.5 s at
    COMMIT however few its rows), into an empty one by COPY; the nodes are those COPY alone writes
    (lists empty/null/filled, nulls, merged duplicates, provenance)."""
    from kg.store import embedded as emb

    items = [("nodes", "Firm", [{"id": "f-first", "name": "先有", "_prov": _prov(0)}])]  # Firm not empty
    items += [b for b in batches() if b[0] == "nodes"]
    got, copies = {}, {}
    for name, limit in (("create", emb.CREATE_NODES_MAX), ("copy", 0)):
        monkeypatch.setattr(emb, "CREATE_NODES_MAX", limit)
        st = EmbeddedStore(str(tmp_path / f"{name}.lbug"))
        try:
            st.apply_schema()
            copies[name] = []
            real = st._copy_nodes
            monkeypatch.setattr(st, "_copy_nodes", lambda label, payload, real=real, seen=copies[name]:
                                (seen.append(label), real(label, payload))[1])
            one_by_one(st, items)
            got[name] = {label: [{k: v for k, v in r["x"].items() if k.lower() != "_id"} for r in rows]
                         for label, rows in snapshot(st).items() if label in ("Firm", "Skill", "JobPosting")}
        finally:
            st.close()
    assert copies["create"] == ["Firm", "Skill", "JobPosting"]  # the first write into each table only
    assert copies["copy"] == ["Firm", "Firm", "Skill", "JobPosting", "Firm"]
    assert len(got["create"]["Firm"]) == 421
    assert got["create"] == got["copy"]


def test_the_prepare_ahead_thread_never_runs_above_its_own_niceness():
    """Relative, never raised: a thread already at 19 (a `kg ingest` at KG_INGEST_NICE=19) stays at 19 — an absolute
    niceness of 15 would raise it above the rest of the ingest when run as root."""
    import os
    import threading

    from kg.store import tuning

    seen = []

    def worker():
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, 19)  # lowering is always allowed
        tuning._behind_the_writer()
        seen.append(os.getpriority(os.PRIO_PROCESS, tid))

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert seen == [19]
