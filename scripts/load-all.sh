#!/usr/bin/env bash
# Load the real reference data (KG_REFERENCE_DATA, default ../shared/data) and the documents in it
# into the configured store (embedded by default: .kg/graph.lbug). Idempotent: re-running changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
KG=.venv/bin/kg
REF=$(.venv/bin/python -c 'from kg.config import settings; print(settings().reference_data)')
[ -d "$REF" ] || { echo "error: reference data folder not found: $REF (set KG_REFERENCE_DATA)" >&2; exit 1; }
$KG init
$KG ingest reference
$KG ingest "$REF/curricula/major_profiles_2022" --kind curriculum
$KG ingest "$REF/policies/zh" "$REF/policies/en" --kind policy
$KG ingest "$REF/jobs" --kind jobs  # skills/posts of every job file the reference load wrote
$KG ingest --kind teaches  # courses and abilities → the skills postings require (TEACHES, DEVELOPS)
$KG ingest data/examples/partnerships_example.csv --kind partnerships
$KG stats
