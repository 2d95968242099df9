#!/usr/bin/env bash
# Create .venv (Python 3.11) and install the project with pinned versions (requirements.lock).
# Usage: scripts/setup.sh [test]   — "test" also installs test extras and the browser + CJK fonts (apt).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
"$PY" -c 'import sys; assert sys.version_info[:2] == (3, 11), sys.version' \
  || { echo "error: Python 3.11 is required (found $($PY --version 2>&1))" >&2; exit 1; }
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(cat pyproject.toml requirements.lock | sha256sum | cut -c1-16)-${1:-run}
if [ ! -f "$stamp" ]; then
  .venv/bin/pip install -q --upgrade pip
  extras=""
  [ "${1:-}" = "test" ] && extras="[test]"
  .venv/bin/pip install -q -c requirements.lock -e ".${extras}"
  touch "$stamp"
fi
if [ "${1:-}" = "test" ]; then
  # real-browser tests: Debian chromium + CJK fonts (no browser download from the internet)
  if ! command -v chromium >/dev/null 2>&1 || ! fc-list :lang=zh 2>/dev/null | grep -q .; then
    if [ "$(id -u)" = "0" ]; then
      apt-get update -qq >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
    else
      echo "warning: chromium / fonts-noto-cjk missing and not root; browser tests will fail" >&2
    fi
  fi
fi
