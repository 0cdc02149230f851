"""How long ``converters.extract.CodeStream`` takes to follow a long reply fed in many deltas.

    .venv/bin/python benchmarks/code_stream_bench.py [--repeats N]

The reply is ~100,000 characters of HTML in one fence, between a line of prose and a closing
word, fed in ~5,000 deltas (a long model answer at the pace of a fast stream). The stream finds
the fence and grows the code on every delta; work that grew with the code so far (a rescan per
delta) would make this quadratic. Printed: the median and max seconds of the whole feed over the
repeats (target: under 1 s on 2 cores), and the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from converters.extract import CodeStream

LINE = '    <div class="row"><span>Item</span><a href="#">Link</a></div>\n'
TARGET_S = 1.0
"""A reply this long streams for a minute or more; following it must stay a small share of that."""


def deltas() -> tuple[list[str], str]:
    code = LINE * (100_000 // len(LINE))
    reply = "Here you go:\n```html\n" + code + "```\nDone."
    size = len(reply) // 5_000 + 1
    return [reply[i : i + size] for i in range(0, len(reply), size)], code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    parts, code = deltas()
    times = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        stream = CodeStream()
        for part in parts:
            stream.feed(part)
        times.append(time.perf_counter() - started)
        if stream.code != code:
            raise SystemExit("the stream's code differs from the reply's fence")
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    header = f"CodeStream: {len(code):,} characters in {len(parts):,} deltas, {args.repeats} repeats"
    print(f"{header}, load {load}\n")
    print("| feed | median | max | target |")
    print("|---|---:|---:|---:|")
    print(f"| whole reply | {statistics.median(times):.3f} s | {max(times):.3f} s | < {TARGET_S:g} s |")


if __name__ == "__main__":
    main()
