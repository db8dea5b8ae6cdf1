#!/usr/bin/env bash
# Installs what the tests need (the package with its test extra, Debian's chromium for
# the browser test), lints (`ruff check`, configured in pyproject.toml) and runs the whole
# suite, docstring examples included. The README's test command; CI runs it too.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=python3
# A system Python that refuses pip installs (PEP 668) gets a project virtualenv instead.
if [ -z "${VIRTUAL_ENV:-}" ] && $PY -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")))'; then
  [ -x .venv/bin/python ] || $PY -m venv .venv
  PY=.venv/bin/python
fi
$PY -m pip install --quiet --disable-pip-version-check -e '.[test]'
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
mkdir -p tests/artifacts
$PY -m ruff check .
$PY -m pytest "$@"
