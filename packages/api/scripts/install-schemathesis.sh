#!/usr/bin/env bash
# Installs Schemathesis from PyPI into its own virtual environment, for the API's
# OpenAPI fuzz test (test/openapi-fuzz.test.ts). Idempotent: a matching install is kept.
# Needs python3 with venv (Debian: apt-get install python3 python3-venv).
set -euo pipefail

VERSION=4.32.5
PREFIX="${SCHEMATHESIS_PREFIX:-/opt/schemathesis}"
BIN="$PREFIX/bin/schemathesis"

if [ "$("$BIN" --version 2>/dev/null || true)" = "schemathesis, version $VERSION" ]; then
  echo "$BIN ($VERSION)"
  exit 0
fi
if ! python3 -m venv --help >/dev/null 2>&1; then
  echo "python3 with venv is needed (Debian: apt-get install python3 python3-venv)" >&2
  exit 1
fi
rm -rf "$PREFIX"
python3 -m venv "$PREFIX"
"$PREFIX/bin/pip" install --quiet --disable-pip-version-check --no-input "schemathesis==$VERSION"
echo "$BIN ($("$BIN" --version))"
