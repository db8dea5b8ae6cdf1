#!/usr/bin/env bash
# Installs what the tests need (the package with its test extra, Debian's chromium for
# the browser test) and runs the whole suite. The README's test command; CI runs it too.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
mkdir -p tests/artifacts
python3 -m pytest "$@"
