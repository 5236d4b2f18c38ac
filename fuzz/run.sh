#!/usr/bin/env bash
# Fuzz the C EXI engine for SECONDS per schema set (default 60) with ASan + UBSan; exit 1 on any crash,
# sanitizer report or broken property. Usage: bash fuzz/run.sh [SECONDS] [SCHEMA ...]
# Prints per set: runs, seconds, crashes. Artifacts (crashing inputs) go to fuzz/build/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}
shift || true
PY=${PYTHON:-.venv/bin/python}
[ -x "$PY" ] || PY=python3
SETS=("$@")
if [ ${#SETS[@]} -eq 0 ]; then
    mapfile -t SETS < <("$PY" -c 'import exi; print("\n".join(exi.SCHEMAS))')
fi
bash fuzz/build.sh >/dev/null
rm -rf fuzz/build/seeds
"$PY" fuzz/seeds.py fuzz/build/seeds >/dev/null
mkdir -p fuzz/build/artifacts
export PYTHONMALLOC=malloc FUZZ_REPO="$PWD"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for s in "${SETS[@]}"; do
    mkdir -p "fuzz/build/corpus/$s"
    log="fuzz/build/$s.log"
    if FUZZ_SCHEMA="$s" fuzz/build/fuzz_exi -max_total_time="$SECS" -max_len=4096 -timeout=10 \
        -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="fuzz/build/artifacts/$s-" \
        "fuzz/build/corpus/$s" "fuzz/build/seeds/$s" >"$log" 2>&1; then
        result="ok"
    else
        result="CRASH (see $log)"
        status=1
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    echo "$s: ${SECS}s, $runs runs, $result"
done
exit $status
