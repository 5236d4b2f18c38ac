"""The NSS key log file (``SSLKEYLOGFILE`` format) both TLS paths append to, for Wireshark and
``v2g pcap decrypt``."""

from __future__ import annotations

import logging
from pathlib import Path

_log = logging.getLogger(__name__)


def append_line(path: Path, line: bytes) -> None:
    """Append one key log line. Called from OpenSSL's callback: an unwritable file is logged, never
    raised (it would break the handshake, or escape a C callback)."""
    try:
        with path.open("ab") as out:
            out.write(line + b"\n")
    except OSError as exc:
        _log.warning("key log %s not written: %s", path, exc)
