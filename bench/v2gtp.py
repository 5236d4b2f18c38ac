"""V2GTP benchmark: header parsing (C accelerator vs pure twin) and framer throughput.

    python bench/v2gtp.py [--repeat 7]

Prints the median time per operation of each variant and its ratio to the pure-Python baseline
measured in the same run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import timeit
from collections.abc import Callable

from v2g import _accel, _v2gtp_py, v2gtp
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    frame = v2gtp.encode(PayloadType.EXI, bytes(40))  # a CurrentDemandReq-sized message
    rows: list[tuple[str, float, float]] = []
    base = median_us(lambda: _v2gtp_py.header(frame, 0, 65536), 200_000, args.repeat)
    rows.append(("header parse, pure", base, 1.0))
    if _accel.C_LOADED:
        from v2g import _v2gtp_c

        c = median_us(lambda: _v2gtp_c.header(frame, 0, 65536), 200_000, args.repeat)
        rows.append(("header parse, C", c, base / c))

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
    rows.append(("decode_datagram per message (baseline)", baseline, 1.0))
    rows.append(("framer per message, random TCP splits", per_message, baseline / per_message))

    engine = "C" if _accel.C_LOADED else "pure"
    print(f"V2GTP benchmark (accelerator in use: {engine}; median of {args.repeat} runs)")
    for name, us, ratio in rows:
        print(f"  {name:42s} {us:8.3f} us   x{ratio:5.2f} vs baseline")


if __name__ == "__main__":
    main()
