"""Initial/full loads into Neo4j with the offline importer (``neo4j-admin database import full``).

The online path (:class:`kg.store.neo4j_store.Neo4jStore`'s upserts over Bolt) is for incremental
ingest; one writer tops out near 8-9k relationships/s on two cores. A whole graph loads ≈ 3× faster
end to end through the importer, which writes the store files directly from CSV (province, measured
with the restart, constraints and indexes included: BENCHMARKS.md §Neo4j).

Two steps, each usable alone:

1. :class:`ImportTables` (``tables.py``; its files written by ``csv_files.py``) — a
   :class:`~kg.store.base.Store` held in memory. Its ``upsert_nodes`` / ``upsert_relationships`` /
   ``write_records`` are the base class's own code (dedupe, provenance merge, endpoint checks, skipped rows), so every property is exactly what ``Neo4jStore.upsert_*``
   would store for the same calls. :meth:`ImportTables.write_csv` writes the importer's files, with
   headers rendered from :mod:`kg.schema` (``key:ID(Label)``, ``:START_ID(Label)``/``:END_ID(Label)``,
   ``:long``/``:double``/``:boolean``/``:string[]`` columns) and a ``manifest.json`` (files, counts,
   the options the files need); several processes can write the data files at once (``workers``).
2. :func:`run_import` (``swap.py``; the importer and the local server in ``server.py``, CPU accounting in
   ``cpu.py``) — runs the importer against a local server home (``scripts/neo4j-local.sh``):
   imports into a *staging* data folder while the server keeps serving the old graph, then stops the
   server, swaps the ``neo4j`` database's store and transaction-log folders for the new ones, starts
   the server, applies the schema's constraints and indexes (``Neo4jStore.apply_schema``) and writes
   the few values CSV cannot carry, while a second connection checks the counts (the server's count
   store) against the manifest. An importer error (a bad row) raises :class:`Neo4jImportError` with
   one line and leaves the served database untouched; the old store is deleted only after the new one
   started and its counts matched.

CSV encoding: UTF-8, ``,`` between fields, every string quoted (``""`` inside), so an empty string
(``""``) differs from no value (an empty field); lists are joined with U+001F (a control character
``json.dumps`` always escapes, so no provenance statement holds it; a list element holding it is an
error); booleans ``true``/``false``; doubles in Python's shortest round-trip form. Files with a line
break inside a value are listed for ``--multiline-fields`` (v2 format) so that the others keep the
importer's fast parallel parser. The importer stores an empty field as no property, so two list
values have no CSV form: ``[]`` and ``[""]`` (a quoted empty field reads as null, U+001F alone as
``["", ""]``). They are written over Bolt after the import (``patches`` in the manifest). Types are
the schema's: a value of another Python type is an error (an ``int`` in a DOUBLE column is written
as a double — the Bolt path would keep it an integer; the embedded store stores a double).
"""
from __future__ import annotations

from kg.neo4j_import.csv_files import ARRAY_DELIMITER, MANIFEST, read_manifest
from kg.neo4j_import.errors import Neo4jImportError
from kg.neo4j_import.server import LocalNeo4j, importer_args, run_importer
from kg.neo4j_import.swap import count_mismatches, run_import
from kg.neo4j_import.tables import ImportTables, tables_from_store

__all__ = ["ARRAY_DELIMITER", "MANIFEST", "ImportTables", "LocalNeo4j", "Neo4jImportError", "count_mismatches",
           "importer_args", "read_manifest", "run_import", "run_importer", "tables_from_store"]
