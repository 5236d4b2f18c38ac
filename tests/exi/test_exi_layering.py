"""The exi package stands alone: no v2g/slac/tls, no asyncio or socket, no codegen at runtime."""

from __future__ import annotations

import subprocess
import sys


def test_imports() -> None:
    code = (
        "import sys, exi\n"
        "for key in exi.SCHEMAS: exi.grammar(key)\n"
        "exi.decode(bytes.fromhex('809a004011d019231636c790f800'), 'din')\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('v2g', 'slac', 'tls', 'asyncio', 'socket')"
        " or m.startswith('exi.codegen')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""
