#!/usr/bin/env bash
# Installs jsonschema (with its format checkers) from PyPI into its own virtual
# environment, for the Python producer test (test/python-producer.test.ts): a Python
# service writes an envelope and validates it against the published JSON Schema.
# Idempotent: a matching install is kept. Needs python3 with venv
# (Debian: apt-get install python3 python3-venv).
set -euo pipefail

VERSION=4.26.0
PREFIX="${PY_JSONSCHEMA_PREFIX:-/opt/py-jsonschema}"
PY="$PREFIX/bin/python"

installed() {
  "$PY" -c 'import importlib.metadata as m, rfc3339_validator, rfc3986_validator; print(m.version("jsonschema"))' 2>/dev/null || true
}

if [ "$(installed)" = "$VERSION" ]; then
  echo "$PY (jsonschema $VERSION)"
  exit 0
fi
if ! python3 -m venv --help >/dev/null 2>&1; then
  echo "python3 with venv is needed (Debian: apt-get install python3 python3-venv)" >&2
  exit 1
fi
rm -rf "$PREFIX"
python3 -m venv "$PREFIX"
"$PREFIX/bin/pip" install --quiet --disable-pip-version-check --no-input "jsonschema[format-nongpl]==$VERSION"
echo "$PY (jsonschema $(installed))"
