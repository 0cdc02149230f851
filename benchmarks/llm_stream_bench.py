"""Overhead of the vision-LLM engine over a raw SSE stream, and variant concurrency, as Markdown.

Stream rows: a ~24,000-character HTML reply (~6,000 tokens) from ``tests.fakes``'s fake server in
4-character chunks, with or without ~2,000 characters of reasoning first, paced (0.2 ms a chunk:
~2 s) or as fast as possible (pure CPU, the worst case). Each repeat consumes it once with the raw
``openai`` SDK (same request body, joining ``delta.content``) and once with
``OpenAICompatibleEngine.convert``, alternating which goes first; overhead is the median of the
paired differences. "1st byte → code": from the first chunk to the first ``CodeEvent`` (engine,
from ``Conversion.timings``, 1 ms resolution), or to the first chunk past the fence opener (raw).
The server runs in a child process so that its work does not hold our GIL. Variant rows: wall
time of ``convert_variants`` when every reply's first byte is 1 s late.

    .venv/bin/python benchmarks/llm_stream_bench.py [--repeats N] [--only SUBSTRING] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import datetime
import functools
import io
import multiprocessing
import os
import platform
import pstats
import statistics
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, cast

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere: import the repo

import openai

from converters.conversion import CodeEvent
from converters.engines import convert_variants
from converters.engines.messages import build_messages
from converters.engines.profiles import profile_for
from converters.prompts import PromptRegistry
from tests.fakes.engines import HTML_REPLY, TEST_KEY, EventLog, kimi_engine, request
from tests.fakes.openai_server import FakeOpenAIServer, Reply

CHUNK_CHARS = 4  # ~1 token per chunk
CHUNK_DELAY_S = 0.2e-3  # with the server's own per-chunk work, ~2 s for the whole reply
FIRST_BYTE_S = 1.0  # variants: every reply's first byte this late
OPENER = "```html\n"
TARGET_PCT = 5.0


def html_reply(chars: int = 24_000) -> str:
    """A model-like reply: a line of prose, then a whole Tailwind page of card sections, fenced."""
    head = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n  <meta charset="utf-8">\n  <title>Northwind</title>\n'
        '  <script src="https://cdn.tailwindcss.com"></script>\n</head>\n<body class="bg-slate-50">\n'
        '  <header class="sticky top-0 border-b bg-white"><nav class="mx-auto flex max-w-6xl gap-6 p-4">'
        + "".join(f'<a href="#s{i}" class="hover:text-[#4f46e5]">Section {i}</a>' for i in range(5))
        + "</nav></header>\n  <main>\n"
    )
    tail = (
        '  </main>\n  <footer class="bg-slate-900 py-10 text-slate-400">© 2025</footer>\n</body>\n</html>\n'
    )
    card = (
        '      <article class="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">\n        <div '
        'class="mb-4 flex h-10 w-10 items-center justify-center rounded-lg bg-[#4f46e5]/10">{k}</div>\n'
        '        <h3 class="text-lg font-semibold text-slate-900">Insight {n}.{k}</h3>\n        <p class='
        '"mt-2 text-sm leading-6 text-slate-600">Track revenue, churn and activation in one place, with '
        'alerts when a metric drifts.</p>\n        <a href="#" class="mt-4 inline-flex text-sm '
        'font-medium text-[#4f46e5]">Learn more →</a>\n      </article>\n'
    )
    page = head
    while len(page) + len(tail) < chars - 1000:
        n = page.count("<section")
        cards = "".join(card.format(n=n, k=k) for k in range(1, 4))
        page += (
            f'  <section id="s{n}" class="mx-auto max-w-6xl px-6 py-16">\n    <h2 class="text-3xl '
            f'font-bold">Section {n}</h2>\n    <div class="mt-8 grid gap-6 md:grid-cols-3">\n{cards}'
            "    </div>\n  </section>\n"
        )
    return f"Here is the page, built with Tailwind utility classes.\n\n{OPENER}{page}{tail}```\n"


REASONING = ("The design has a sticky header, a grid of three cards per row and a dark footer. " * 25)[:2000]


def _serve(conn: Connection) -> None:
    """Child process: run the fake server; script each list of replies received; None stops it."""
    with FakeOpenAIServer() as server:
        conn.send(server.base_url)
        while (replies := conn.recv()) is not None:
            server.script(*replies)
            conn.send(len(server.errors))


class RemoteServer:
    """A FakeOpenAIServer in a child process; ``kimi_engine`` reads only ``base_url``."""

    def __init__(self) -> None:
        self._conn, child = multiprocessing.get_context("spawn").Pipe()
        self._process = multiprocessing.get_context("spawn").Process(target=_serve, args=(child,))
        self._process.start()
        self.base_url: str = self._conn.recv()

    def script(self, *replies: Reply) -> None:
        self._conn.send(list(replies))
        if errors := self._conn.recv():
            raise SystemExit(f"fake server: {errors} handler errors")

    def stop(self) -> None:
        self._conn.send(None)
        self._process.join(timeout=10)


def stream_row(label: str, server: RemoteServer, reply: Reply, repeats: int) -> str:
    """The Markdown row of one stream: raw and engine ms, overhead, first byte → code."""
    req = request()
    messages, _ = build_messages(req, PromptRegistry.default())
    params: dict[str, Any] = {"model": "kimi-k2.5", "messages": messages, "stream": True}
    params |= {
        "stream_options": {"include_usage": True},
        "max_tokens": profile_for("kimi-k2.5").max_output_tokens,
    }
    code_at = reply.content.index(OPENER) + len(OPENER)  # content chars before the first code char
    client = openai.OpenAI(base_url=server.base_url, api_key=TEST_KEY, max_retries=0)
    engine = kimi_engine(cast(FakeOpenAIServer, server), read_timeout_s=30)

    def raw() -> tuple[float, float]:
        parts: list[str] = []
        seen, first, code = 0, 0.0, 0.0
        start = time.perf_counter()
        with client.chat.completions.create(**params) as stream:
            for chunk in stream:
                first = first or time.perf_counter()
                if chunk.choices and (text := chunk.choices[0].delta.content):
                    parts.append(text)
                    seen += len(text)
                    code = code or (time.perf_counter() if seen > code_at else 0.0)
        assert "".join(parts) == reply.content
        return time.perf_counter() - start, code - first

    def converted() -> tuple[float, float]:
        log = EventLog()
        start = time.perf_counter()
        result = engine.convert(req, log)
        elapsed = time.perf_counter() - start
        assert result.complete and len(result.code) > 20_000 and log.of(CodeEvent), result.warnings
        timings = result.timings
        return elapsed, (timings.first_code_s or 0.0) - (timings.first_byte_s or 0.0)

    samples: list[tuple[float, float, float, float]] = []
    try:
        for i in range(repeats + 1):  # an unpaced first pair warms connections and lazy imports
            server.script(*[dataclasses.replace(reply, chunk_delay_s=0.0) if i == 0 else reply] * 2)
            first, second = (raw, converted) if i % 2 else (converted, raw)  # no order bias
            done = {first: first(), second: second()}
            samples.append((*done[raw], *done[converted]))
    finally:
        client.close()
        engine.close()
    raw_s, raw_code, engine_s, engine_code = (statistics.median(c) for c in zip(*samples[1:], strict=True))
    overhead = statistics.median(e - r for r, _, e, _ in samples[1:])
    pct = 100 * overhead / raw_s
    return (
        f"| {label} | {raw_s * 1e3:,.0f} | {engine_s * 1e3:,.0f} | {overhead * 1e3:,.1f} | {pct:.1f}"
        f"{'' if pct < TARGET_PCT else ' (over 5 %)'} | {raw_code * 1e3:.1f} | {engine_code * 1e3:.0f} |"
    )


def variants_row(server: RemoteServer, n: int, concurrency: int, repeats: int) -> str:
    """The Markdown row of ``convert_variants`` for ``n`` replies, each first byte late."""
    req = request()
    engine = kimi_engine(cast(FakeOpenAIServer, server), read_timeout_s=30)
    times = []
    try:
        for warm_up in [True] + [False] * repeats:  # an undelayed warm-up: imports, event loop
            server.script(*[Reply(HTML_REPLY, first_byte_delay_s=0.0 if warm_up else FIRST_BYTE_S)] * n)
            start = time.perf_counter()
            results = convert_variants(engine, req, n, concurrency=concurrency)
            times.append(time.perf_counter() - start)
            failed = [r for r in results if not hasattr(r, "code")]
            assert not failed, failed
    finally:
        engine.close()
    wall = statistics.median(times[1:])
    return f"| convert_variants n={n}, concurrency {concurrency} | {wall:.2f} | {n * FIRST_BYTE_S:g} |"


def profile_engine(server: RemoteServer, reply: Reply) -> str:
    """cProfile of one unpaced engine conversion: top 10 by cumulative time, overall and ours."""
    engine = kimi_engine(cast(FakeOpenAIServer, server), read_timeout_s=30)
    req = request()
    try:
        server.script(reply, reply)
        engine.convert(req, EventLog())  # warm-up
        profiler = cProfile.Profile()
        profiler.runcall(engine.convert, req, EventLog())
    finally:
        engine.close()
    out = io.StringIO()
    out.write("\n## Profile: engine.convert, 6k tokens, no delay; top 10 by cumulative time\n")
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative").print_stats(10)
    out.write("## The same, only functions in converters/\n")
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats("converters/", 10)
    return out.getvalue()


def report(rows: list[str], variant_rows: list[str], content: str, repeats: int) -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        f"LLM stream benchmark, {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}: nproc "
        f"{os.cpu_count()}, load {load}, Python {platform.python_version()}, openai {openai.__version__}; "
        f"reply {len(content):,} chars in {-(-len(content) // CHUNK_CHARS):,} chunks of {CHUNK_CHARS}; "
        f"fake server in a child process; medians of {repeats} repeats after one warm-up.",
    ]
    if rows:
        head = "| stream | raw SDK ms | engine ms | overhead ms | overhead % | 1st byte → code ms, raw "
        lines += ["", head + "| engine |", "|---|--:|--:|--:|--:|--:|--:|", *rows]
    if variant_rows:
        head = f"| variants (every first byte {FIRST_BYTE_S:g} s late) | wall s | serial s |"
        lines += ["", head, "|---|--:|--:|", *variant_rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=7, help="timed repeats per row (default 7)")
    parser.add_argument("--only", default="", help="run only rows whose name contains this")
    parser.add_argument("--profile", action="store_true", help="cProfile one unpaced engine conversion")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    content = html_reply()
    paced = functools.partial(Reply, chunk_chars=CHUNK_CHARS, chunk_delay_s=CHUNK_DELAY_S)
    streams = [
        (f"6k tokens, paced {CHUNK_DELAY_S * 1e3:g} ms/chunk", paced(content)),
        ("6k tokens + 2k chars reasoning, paced", paced(content, REASONING)),
        ("6k tokens, no delay", Reply(content, chunk_chars=CHUNK_CHARS)),
        ("6k tokens + 2k chars reasoning, no delay", Reply(content, REASONING, chunk_chars=CHUNK_CHARS)),
    ]
    variants = [(n, 4) for n in (4, 8) if args.only.lower() in f"convert_variants n={n}"]
    streams = [(label, reply) for label, reply in streams if args.only.lower() in label.lower()]
    if not streams and not variants:
        parser.error(f"no row name contains {args.only!r}")
    server = RemoteServer()
    try:
        rows = [stream_row(label, server, reply, args.repeats) for label, reply in streams]
        variant_rows = [variants_row(server, n, limit, args.repeats) for n, limit in variants]
        sys.stdout.write(report(rows, variant_rows, content, args.repeats))
        if args.profile:
            sys.stdout.write(profile_engine(server, Reply(content, chunk_chars=CHUNK_CHARS)))
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
