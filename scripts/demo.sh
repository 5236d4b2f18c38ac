#!/usr/bin/env bash
# The demo: make the venv and install the package if needed, then run one whole ISO 15118-2 DC
# session over TLS between the SECC and the EVCC on loopback. Options go to `v2g demo`
# (e.g. --protocol din, --mode ac, --no-tls, --cycles 20).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/v2g ]; then
    "$PY" -m venv .venv
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e .
fi
exec .venv/bin/v2g demo "$@"
