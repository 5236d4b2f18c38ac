#!/usr/bin/env bash
# The project's one test command: make a venv, install the package with its test and dev extras and
# the optional extras that have tests (CAN, reports, receipts: OCMF, OCPP), then run the whole suite (unit, property,
# interop, privileged, lint and type checks).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test,dev,can,report,receipts,ocpp]'
exec .venv/bin/python -m pytest "$@"
