"""V2GTP benchmark: header parsing, framer and connection core throughput.

    python bench/v2gtp.py [--repeat 7] [--tiny-targets]

Prints the median time per operation of each variant and its ratio to the baseline (decoding each
message as one datagram) measured in the same run, beside its target; exits 3 when one is missed
(runs of fewer than 3 repeats are smoke runs, printed but not judged). The connection core row is the
whole per-message cost of the transport under a session: reassembly from random TCP splits, the
limits, the hand-over to a session core that answers at once, and the framing of the answer.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import timeit
from collections.abc import Callable

from _lib import add_tiny_targets, missed, scale
from _lib.echo import Echo

from v2g import v2gtp
from v2g.connection import Connection
from v2g.v2gtp import Framer, FramerConfig, PayloadType


def median_us(func: Callable[[], object], number: int, repeat: int) -> float:
    runs = timeit.repeat(func, number=number, repeat=repeat)
    return statistics.median(runs) / number * 1e6


def framer_run(stream: bytes, chunks: list[int]) -> Callable[[], int]:
    def run() -> int:
        framer = Framer(FramerConfig())
        count = 0
        pos = 0
        for size in chunks:
            framer.feed(stream[pos : pos + size])
            pos += size
            for _ in framer.messages():
                count += 1
        return count

    return run


def connection_run(stream: bytes, chunks: list[int]) -> Callable[[], int]:
    def run() -> int:
        connection = Connection(Echo(), 0.0)
        sent = 0
        pos = 0
        for size in chunks:
            connection.receive_data(stream[pos : pos + size], 0.0)
            pos += size
            while connection.more:
                connection.process(0.0)
            sent += len(connection.data_to_send())
        assert sent == len(stream)
        return sent

    return run


HEADER_TARGET_US = 5.0
FRAMER_TARGET_US = 10.0
CONNECTION_TARGET_US = 20.0
"""Per message: small beside the ~16 us an SECC spends on a charging-loop message (bench/session.py)."""
JUDGED_REPEATS = 3
"""Fewer repeats (the test suite's smoke run) print the figures without judging them."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    add_tiny_targets(parser)
    args = parser.parse_args()

    frame = v2gtp.encode(PayloadType.EXI, bytes(40))  # a CurrentDemandReq-sized message
    rows: list[tuple[str, float, float, float | None]] = []

    rng = random.Random(15118)
    messages = [v2gtp.encode(PayloadType.EXI, bytes(rng.randrange(20, 400))) for _ in range(1000)]
    stream = b"".join(messages)
    chunks: list[int] = []
    left = len(stream)
    while left > 0:
        size = min(left, rng.randrange(1, 1500))  # TCP segment sized reads
        chunks.append(size)
        left -= size
    per_message = median_us(framer_run(stream, chunks), 5, args.repeat) / len(messages)
    baseline = median_us(lambda: [v2gtp.decode_datagram(m) for m in messages], 5, args.repeat) / len(messages)
    header = median_us(lambda: v2gtp.decode_header(frame), 200_000, args.repeat)
    connection = median_us(connection_run(stream, chunks), 5, args.repeat) / len(messages)
    rows.append(("decode_datagram per message (baseline)", baseline, 1.0, None))
    s = scale(args)
    rows.append(("decode_header alone", header, baseline / header, HEADER_TARGET_US * s))
    rows.append(("framer per message, random TCP splits", per_message, baseline / per_message,
                 FRAMER_TARGET_US * s))
    rows.append(("connection core per message, echoed", connection, baseline / connection,
                 CONNECTION_TARGET_US * s))

    print(f"V2GTP benchmark (median of {args.repeat} runs)")
    misses = []
    for name, us, ratio, target in rows:
        verdict = "" if target is None else f"   target {target:g} us: {'ok' if us <= target else 'MISSED'}"
        print(f"  {name:42s} {us:8.3f} us   x{ratio:5.2f} vs baseline{verdict}")
        if target is not None and us > target:
            misses.append(name)
    if args.repeat < JUDGED_REPEATS and not args.tiny_targets:
        print(f"(a smoke run: targets are judged with --repeat {JUDGED_REPEATS} or more)")
    elif misses:
        return missed(f"V2GTP benchmark: {', '.join(misses)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
