"""Reading ``tshark -z follow,tcp,raw`` / ``follow,tls,raw`` output: per TCP stream, the bytes each
endpoint sent, in stream order (tshark's own TCP reassembly and TLS decryption)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

SEPARATOR = "=" * 67


@dataclass
class Followed:
    stream: int
    nodes: tuple[str, str]
    sent: dict[str, bytearray] = field(default_factory=dict)


def follow(
    tshark: str, capture: Path, streams: list[int], kind: str = "tcp", options: tuple[str, ...] = ()
) -> list[Followed]:
    if not streams:
        return []
    argv = [tshark, "-r", str(capture), "-q", *options]
    for s in streams:
        argv += ["-z", f"follow,{kind},raw,{s}"]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=300, check=False)
    if result.returncode not in (0, 2):  # 2: "cut short in the middle of a packet", output stands
        raise RuntimeError(f"tshark failed ({result.returncode}): {result.stderr[-500:]}")
    return parse(result.stdout)


def parse(text: str) -> list[Followed]:
    out: list[Followed] = []
    block: list[str] | None = None
    for line in text.splitlines():
        if line == SEPARATOR:
            if block is not None:
                parsed = _block(block)
                if parsed is not None:
                    out.append(parsed)
                block = None
            else:
                block = []
        elif block is not None:
            block.append(line)
    return out


def _block(lines: list[str]) -> Followed | None:
    stream = None
    nodes = ["", ""]
    data: list[tuple[int, bytes]] = []
    for line in lines:
        if line.startswith("Filter: ") and " eq " in line:
            stream = int(line.rsplit(" eq ", 1)[1])
        elif line.startswith("Node 0: "):
            nodes[0] = line[8:]
        elif line.startswith("Node 1: "):
            nodes[1] = line[8:]
        elif line.startswith("Follow:") or not line.strip():
            continue
        else:
            node = 1 if line.startswith("\t") else 0
            data.append((node, bytes.fromhex(line.strip())))
    if stream is None:
        return None
    f = Followed(stream, (nodes[0], nodes[1]))
    for node, chunk in data:
        f.sent.setdefault(nodes[node], bytearray()).extend(chunk)
    return f
