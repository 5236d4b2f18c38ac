#!/usr/bin/env bash
# Build the libFuzzer harness of the C EXI engine with ASan and UBSan: fuzz/build/fuzz_exi.
# Needs clang with libFuzzer (Debian: apt-get install clang libclang-rt-dev) and a CPython with a
# shared libpython (PYTHON, default .venv/bin/python, else python3).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
[ -x "$PY" ] || PY=python3
CC=${CC:-clang}
INC=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
LIBDIR=$("$PY" -c 'import sysconfig; print(sysconfig.get_config_var("LIBDIR"))')
VER=$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
mkdir -p fuzz/build
"$CC" -g -O1 -std=c11 -Wall -Wextra -fno-omit-frame-pointer \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$INC" fuzz/fuzz_exi.c exi/_cengine.c \
    -L"$LIBDIR" -lpython"$VER" -Wl,-rpath,"$LIBDIR" -o fuzz/build/fuzz_exi
echo "built fuzz/build/fuzz_exi"
