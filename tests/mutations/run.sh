#!/usr/bin/env bash
# Show that a repaired test FAILS on a deliberately broken build (#23, docs/test-mutations.md).
#   bash tests/mutations/run.sh NAME      — copy the tree to a scratch folder, apply tests/mutations/NAME.py
#                                           (a small edit of product code), run the test it targets there.
# Expected: the targeted test FAILS (exit ≠ 0). The working tree is never touched.
set -euo pipefail
cd "$(dirname "$0")/../.."
name=${1:?usage: run.sh MUTATION (see tests/mutations/*.py)}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/kg-mutation-$name.XXXX")
git ls-files -z | xargs -0 -I{} cp --parents {} "$scratch"
ln -s "$PWD/.venv" "$scratch/.venv"
cd "$scratch"
target=$(.venv/bin/python "tests/mutations/$name.py")   # applies the mutation, prints the pytest target
echo "mutation $name applied in $scratch; running $target" >&2
set +e
PYTHONPATH=$scratch .venv/bin/python -m pytest -p no:cacheprovider -x -q $target
rc=$?
set -e
rm -rf "$scratch"
if [ $rc -eq 0 ]; then echo "MUTATION SURVIVED: $name — the test did not notice" >&2; exit 1; fi
echo "mutation $name killed (pytest exit $rc)" >&2
