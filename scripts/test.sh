#!/usr/bin/env bash
# Installs what the tests need (the package with its test extra, Debian's chromium for
# the browser test, Debian's postgresql and postgis for the PostGIS store's tests), lints
# (`ruff check`, configured in pyproject.toml) and runs the whole suite, docstring examples
# included. The README's test command; CI runs it too.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=python3
# A system Python that refuses pip installs (PEP 668) gets a project virtualenv instead.
if [ -z "${VIRTUAL_ENV:-}" ] && $PY -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")))'; then
  [ -x .venv/bin/python ] || $PY -m venv .venv
  PY=.venv/bin/python
fi
$PY -m pip install --quiet --disable-pip-version-check -e '.[test]'
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
APT_UPDATED=""
apt_install() {   # Debian packages, each only when missing; one `apt-get update` at most
  [ -n "$APT_UPDATED" ] || { $SUDO apt-get update -qq; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}
if ! command -v chromium >/dev/null 2>&1; then
  apt_install chromium
fi
# The PostGIS store's tests start a throwaway PostgreSQL server (tests/pg.py) from Debian's
# postgresql and the PostGIS package of its major version.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt_install postgresql
fi
PG_MAJOR=$(ls /usr/lib/postgresql | sort -n | tail -1)
if [ ! -f "/usr/share/postgresql/$PG_MAJOR/extension/postgis.control" ]; then
  apt_install "postgresql-$PG_MAJOR-postgis-3"
fi
mkdir -p tests/artifacts
$PY -m ruff check .
# Two worker processes (pytest-xdist, from the test extra), each test file whole on one of
# them (--dist loadfile: a file's module fixtures, such as its Streamlit server or Dask corpus,
# are set up once). Much of the suite waits on servers, browsers and subprocesses, which the
# other worker overlaps. Arguments after ours win: `./scripts/test.sh -n 0` runs in one process.
$PY -m pytest -n "${CONFLICTMAP_TEST_WORKERS:-2}" --dist loadfile "$@"
