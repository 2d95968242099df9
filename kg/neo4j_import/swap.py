"""Replacing the served database with an imported one: stop, swap the data folders, start, schema and
patches over Bolt, counts checked against the manifest; the old store deleted only after they match."""
from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kg import schema
from kg.neo4j_import.cpu import server_cpu
from kg.neo4j_import.csv_files import read_manifest
from kg.neo4j_import.errors import Neo4jImportError
from kg.neo4j_import.server import DATABASE, LocalNeo4j, run_importer
from kg.store.base import StoreError


def _swap_in(data: Path, staging_data: Path, backup: Path) -> None:
    """Move the served database's folders to ``backup`` and the staged ones in (server stopped)."""
    shutil.rmtree(backup, ignore_errors=True)
    backup.mkdir(parents=True)
    for sub in ("databases", "transactions"):
        cur = data / sub / DATABASE
        if cur.exists():
            os.replace(cur, backup / sub)
    for sub in ("databases", "transactions"):
        (data / sub).mkdir(parents=True, exist_ok=True)
        os.replace(staging_data / sub / DATABASE, data / sub / DATABASE)


def _swap_back(data: Path, backup: Path) -> None:
    for sub in ("databases", "transactions"):
        cur = data / sub / DATABASE
        if cur.exists():
            shutil.rmtree(cur)
        if (backup / sub).exists():
            os.replace(backup / sub, cur)


def _verify(server: LocalNeo4j, want: dict, drop: Path | None) -> tuple[dict, list[str], float]:
    """The served graph's counts against the manifest's → (counts, mismatches, seconds deleting
    ``drop``, the replaced store, which happens only when they match)."""
    st = server.open_store()  # its own driver: the schema thread holds a transaction on the other store
    try:
        got = st.stats()  # the count store (Neo4jStore.stats)
    finally:
        st.close()
    bad = count_mismatches(got, want)
    t = time.perf_counter()
    if drop is not None and not bad:
        shutil.rmtree(drop, ignore_errors=True)
    return got, bad, time.perf_counter() - t


def _apply_patches(st, patches: list[dict]) -> None:
    """Write the values CSV cannot carry (empty lists, [""]) over Bolt, grouped per table and property."""
    groups: dict[tuple, list[dict]] = {}
    for p in patches:
        g = (p.get("label"), p.get("type"), p.get("start"), p.get("end"), p["property"])
        groups.setdefault(g, []).append(p)
    for (label, type_, a, b, prop), rows in groups.items():
        if label:
            key = schema.key_of(label)
            st.write(f"UNWIND $rows AS row MATCH (n:{label} {{{key}: row.key}}) SET n.`{prop}` = row.value",
                     {"rows": [{"key": r["key"], "value": r["value"]} for r in rows]})
        else:
            sk, ek = schema.key_of(a), schema.key_of(b)
            st.write(f"UNWIND $rows AS row MATCH (x:{a} {{{sk}: row.f}})-[r:{type_}]->(y:{b} {{{ek}: row.t}}) "
                     f"SET r.`{prop}` = row.value",
                     {"rows": [{"f": r["from"], "t": r["to"], "value": r["value"]} for r in rows]})


def count_mismatches(got: dict, want: dict) -> list[str]:
    """Differences between ``store.stats()`` and a manifest's counts (every declared label/type)."""
    bad = []
    for kind in ("nodes", "relationships"):
        for name, n in got[kind].items():
            if n != want[kind].get(name, 0):
                bad.append(f"{name}: {n} stored, {want[kind].get(name, 0)} imported")
    return bad


@contextlib.contextmanager
def _home_lock(home: Path):
    """One import at a time per server home (they share its staging folder)."""
    home.mkdir(parents=True, exist_ok=True)
    with open(home / ".import.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Neo4jImportError(f"another import into {home} is running") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def run_import(csv_dir: str | os.PathLike, server: LocalNeo4j | None = None, *, heap: str = "1g",
               off_heap: str = "2g", threads: int | None = None, keep_backup: bool = False,
               nice: int = 0) -> dict:
    """Replace the local server's ``neo4j`` database with the graph in ``csv_dir`` (see the module doc).

    Returns timings (``import_s``, ``restart_s``: stop + swap + start, ``schema_s``: constraints,
    indexes and patches, ``verify_s``) and the counts. The server is running afterwards."""
    server = server or LocalNeo4j()
    with _home_lock(Path(server.home)):
        return _run_import(csv_dir, server, heap=heap, off_heap=off_heap, threads=threads,
                           keep_backup=keep_backup, nice=nice)


def _run_import(csv_dir: str | os.PathLike, server: LocalNeo4j, *, heap: str, off_heap: str,
                threads: int | None, keep_backup: bool, nice: int) -> dict:
    t_all = time.perf_counter()
    csv_dir = Path(csv_dir).resolve()
    manifest = read_manifest(csv_dir)
    imp = run_importer(csv_dir, server, heap=heap, off_heap=off_heap, threads=threads, nice=nice)
    home = Path(server.home)
    data, staging_data = home / "data", Path(imp["staging"]) / "data"
    backup = home / "import-previous"
    t0 = time.perf_counter()
    server.script("stop", timeout=600)
    _swap_in(data, staging_data, backup)
    try:
        # ready = port open and "Started." logged (no Python of its own to check Bolt, ≈ 1-2.5 s); the
        # password and the imported database are checked by opening the store
        server.script("start", timeout=900, env={"NEO4J_LOCAL_WAIT": "log"})
        st = server.open_store()
    except StoreError as e:
        with contextlib.suppress(Neo4jImportError):
            server.script("stop", timeout=600)
        _swap_back(data, backup)
        server.script("start", timeout=900)
        raise Neo4jImportError(f"the imported database did not start ({e}); the previous one is back") from None
    restart_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    try:
        with ThreadPoolExecutor(1) as pool:
            # the counts (count store: no index needed) alongside the schema; once they match, the old
            # store is deleted there too
            verified = pool.submit(_verify, server, manifest["counts"], None if keep_backup else backup)
            # One transaction: the server builds the constraints' indexes one after the other at its
            # commit, then the other indexes together. (Indexes first, constraints after in 4 sessions
            # at once was no faster: the first constraint waited for the indexes' population, the
            # others were still built one at a time.)
            with st.transaction():
                st.apply_schema()
            st.write("CALL db.awaitIndexes(600)")
            _apply_patches(st, manifest["patches"])
            schema_s = time.perf_counter() - t1
            t2 = time.perf_counter()
            got, bad, cleanup_s = verified.result()
        verify_s = time.perf_counter() - t2  # what the counts took beyond the schema
    finally:
        st.close()
    served_cpu = server_cpu(home)  # start, schema and counts: the server process is new
    if bad:
        raise Neo4jImportError("imported graph's counts differ: " + "; ".join(bad[:5])
                               + f" (previous database kept in {backup})")
    shutil.rmtree(Path(imp["staging"]) / "data", ignore_errors=True)  # its emptied folders
    return {"import_s": imp["seconds"], "importer_cpu_s": imp["cpu_s"], "importer_cds": imp["cds"],
            "server_cpu_s": None if served_cpu is None else round(served_cpu, 2), "restart_s": round(restart_s, 2),
            "schema_s": round(schema_s, 2), "verify_s": round(verify_s, 2), "cleanup_s": round(cleanup_s, 2),
            # all of run_import (the steps above, the importer's set-up, the old store's deletion)
            "total_s": round(time.perf_counter() - t_all, 2), "counts": got, "patches": len(manifest["patches"]),
            "multiline_files": len(manifest["multiline"]), "uri": server.uri, "log": imp["log"],
            "previous": str(backup) if keep_backup else None}
