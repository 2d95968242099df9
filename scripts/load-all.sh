#!/usr/bin/env bash
# Load the real reference data (KG_REFERENCE_DATA, default data/reference) and the documents in it
# into the configured store (embedded by default: .kg/graph.lbug). Idempotent: re-running changes nothing.
# Each step shows a progress bar and one line; the end prints a short summary; every step's full
# summary (each rejected row, per-document notes) goes to the report file (KG_LOAD_REPORT).
set -euo pipefail
cd "$(dirname "$0")/.."
KG=.venv/bin/kg
{ read -r REF; read -r REPORT; } < <(.venv/bin/python -c 'from pathlib import Path; from kg.config import settings
s = settings(); print(s.reference_data); print(Path(s.db_path).resolve().parent / "load-report.jsonl")')
REPORT=${KG_LOAD_REPORT:-$REPORT}
[ -d "$REF" ] || { echo "error: reference data folder not found: $REF (set KG_REFERENCE_DATA)" >&2; exit 1; }
mkdir -p "$(dirname "$REPORT")" && : > "$REPORT"
$KG init
$KG ingest reference --report "$REPORT"
$KG ingest "$REF/curricula/major_profiles_2022" --kind curriculum --report "$REPORT"
$KG ingest "$REF/policies/zh" "$REF/policies/en" --kind policy --report "$REPORT"
$KG ingest "$REF/jobs" --kind jobs --report "$REPORT"  # skills/posts of every job file the reference load wrote
$KG ingest --kind teaches --report "$REPORT"  # courses and abilities → the skills postings require
$KG ingest data/examples/partnerships_example.csv --kind partnerships --report "$REPORT"
$KG load-summary "$REPORT"
$KG check  # integrity report (ingest/check.py): exits non-zero on a broken graph
