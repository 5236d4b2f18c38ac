"""Pure-Python twin of ``v2g/_v2gtp_c.c``: parse one V2GTP header out of a buffer.

``header(buffer, offset, max_payload) -> (status, payload_type, length)`` with the status codes below.
"""

from __future__ import annotations

OK = 0
SHORT = 1
BAD_VERSION = 2
TOO_LARGE = 3


def header(buffer: bytes | bytearray | memoryview, offset: int, max_payload: int) -> tuple[int, int, int]:
    if offset < 0 or offset > len(buffer):
        raise ValueError("offset outside the buffer")
    if len(buffer) - offset < 8:
        return SHORT, 0, 0
    payload_type = (buffer[offset + 2] << 8) | buffer[offset + 3]
    length = int.from_bytes(buffer[offset + 4 : offset + 8], "big")
    if buffer[offset] != 0x01 or buffer[offset + 1] != 0xFE:
        return BAD_VERSION, payload_type, length
    if length > max_payload:
        return TOO_LARGE, payload_type, length
    return OK, payload_type, length
