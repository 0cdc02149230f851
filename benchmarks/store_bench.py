"""Save latency, size and query time of the library store (``converters.store``).

    .venv/bin/python benchmarks/store_bench.py [--count 1000] [--designs 5] [--dir DIR] [--url URL]

Fills a new SQLite library in a temporary folder (under ``--dir``; default the system's temp
folder, whose file system the header names: fsync costs differ between tmpfs and a disk) with
``--count`` conversions of ``--designs`` distinct 1280×800 designs drawn with Pillow. Each
conversion has 5-20 KB of code, ~2 KB of reasoning, usage and timings, a title, an author, 0-3
tags, and a third of them refine an earlier conversion of their design; each then gets fidelity
scores and a result thumbnail, as the app does after scoring (untimed). Every save is timed
(each is one transaction, ``synchronous=NORMAL`` in WAL mode). Then, with all of them stored: the
file size (database + WAL after a checkpoint) per conversion, and the median/p95 time of the
queries the library page and the CLI make: the first page of 24 (all; with a text filter; with
a target filter), that page plus its 24 design thumbnails, ``get`` of a random conversion,
``versions`` of one, ``recent(20)``. Run it on a quiet machine: the header gives the load average.

``--url`` fills that database instead (an empty one, e.g. ``postgresql://user@host/bench``):
the same table for PostgreSQL, whose size is its tables' (``pg_total_relation_size``).
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw
from sqlalchemy import text

from converters.conversion import Conversion, Timings, Usage
from converters.intake import DesignImage, load_design
from converters.store import Store
from converters.targets import Target
from tests.builders import encode

WORDS = (
    "login", "pricing", "dashboard", "checkout", "settings", "profile", "landing", "signup",
    "onboarding", "search", "cart", "invoice", "calendar", "inbox", "analytics", "team", "billing",
    "docs", "blog", "gallery",
)  # fmt: skip
AUTHORS = ("Ana", "Bo", "Chen", "Dara", "")
ENGINES = (("kimi", "kimi-k2.5"), ("offline", "offline"), ("openai-compatible", "qwen2.5-vl"))


def _design(number: int) -> tuple[DesignImage, bytes]:
    """A 1280×800 page with a header, text bars, cards and a button; colours vary per design."""
    rng = random.Random(number)
    image = Image.new("RGB", (1280, 800), "white")
    draw = ImageDraw.Draw(image)
    accent = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
    draw.rectangle((0, 0, 1280, 80), fill=accent)
    for row in range(8):
        draw.rectangle(
            (120, 140 + row * 28, 120 + rng.randrange(300, 900), 152 + row * 28), fill=(200, 200, 200)
        )
    for card in range(3):
        left = 120 + card * 360
        draw.rounded_rectangle((left, 420, left + 320, 700), radius=12, outline=(148, 163, 184), width=2)
        draw.rectangle((left + 20, 440, left + 300, 560), fill=(rng.randrange(256), 120, 200))
    draw.rounded_rectangle((120, 720, 320, 772), radius=8, fill=accent)
    data = encode(image, "PNG")
    return load_design(data, f"{rng.choice(WORDS).title()} screen {number}.png"), data


def _code(rng: random.Random, size: int) -> str:
    lines = [
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Page</title></head>\n<body>'
    ]
    while sum(map(len, lines)) < size:
        word = rng.choice(WORDS)
        lines.append(
            f'  <section class="flex items-center gap-4 px-6 py-3 bg-[#{rng.randrange(16**6):06x}]">'
            f'<h2 class="text-lg font-semibold">{word.title()}</h2><p class="text-sm text-gray-600">'
            f"{' '.join(rng.choice(WORDS) for _ in range(8))}</p></section>"
        )
    return "\n".join([*lines, "</body>\n</html>\n"])


def _conversion(rng: random.Random) -> Conversion:
    engine, model = rng.choice(ENGINES)
    return Conversion(
        code=_code(rng, rng.randrange(5_000, 20_000)),
        target=rng.choice(list(Target)),
        engine=engine,
        model=model,
        prompt_name="convert/html-tailwind",
        prompt_hash=f"{rng.getrandbits(256):064x}",
        timings=Timings(started_at="2026-01-01T00:00:00Z", total_s=rng.uniform(2, 60), first_byte_s=0.8),
        usage=Usage(
            input_tokens=1500, cached_tokens=0, output_tokens=rng.randrange(1000, 6000), cost_usd=0.01
        ),
        warnings=("Colours guessed",) if rng.random() < 0.2 else (),
        reasoning=" ".join(rng.choice(WORDS) for _ in range(300)),
    )


def _quantiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _time(call: Callable[[], object], repeats: int) -> tuple[float, float]:
    call()  # warm the statement cache
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return _quantiles(times)


def _file_system(path: Path) -> str:
    best, kind = "", "?"
    for line in Path("/proc/mounts").read_text().splitlines() if Path("/proc/mounts").exists() else ():
        _, mount, fs_type, *_ = line.split()
        if str(path).startswith(mount) and len(mount) > len(best):
            best, kind = mount, fs_type
    return kind


def _database_size(store: Store) -> int:
    """The bytes of a PostgreSQL library's tables, with their indexes and TOAST."""
    query = text(
        "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n"
        " ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'"
    )
    with store._reader.connect() as connection:
        return int(connection.execute(query).scalar() or 0)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1000, help="conversions to store (default 1000)")
    parser.add_argument("--designs", type=int, default=5, help="distinct designs (default 5)")
    parser.add_argument("--dir", type=Path, default=None, help="folder for the temporary library")
    parser.add_argument("--repeats", type=int, default=100, help="repeats of each query (default 100)")
    parser.add_argument("--url", help="an empty database to fill instead of a SQLite file")
    args = parser.parse_args()
    rng = random.Random(7)
    designs = [_design(number) for number in range(args.designs)]
    for design, _ in designs:
        design.png  # noqa: B018 -- the app has encoded it before saving; do not time the encoder
    conversions = [_conversion(rng) for _ in range(args.count)]

    with tempfile.TemporaryDirectory(dir=args.dir, prefix="handoff-store-bench-") as folder:
        path = Path(folder) / "library.db"
        store = Store(args.url or f"sqlite:///{path}")
        latest: dict[str, str] = {}
        ids: list[str] = []
        save_times = []
        for conversion in conversions:
            design, data = rng.choice(designs)
            parent = latest.get(design.sha256) if rng.random() < 1 / 3 else None
            started = time.perf_counter()
            item = store.save(
                conversion,
                design,
                original=data,
                title=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)}",
                author=rng.choice(AUTHORS),
                tags=rng.sample(WORDS, rng.randrange(4)),
                parent_id=parent,
            )
            save_times.append(time.perf_counter() - started)
            latest[design.sha256] = item.id
            ids.append(item.id)
            # As the app does once a result is scored (not timed: not part of the save).
            store.set_fidelity(item.id, {"block": 0.9, "text": 0.95, "position": 0.8, "color": 0.7})
            store.set_result_thumbnail(item.id, data)

        def first_page_with_thumbnails() -> None:
            for card in store.search().items:
                store.design_thumbnail(card.design_key)

        rows = [
            ("save (one conversion, one transaction)", *_quantiles(save_times)),
            ("search: first page of 24", *_time(store.search, args.repeats)),
            ("search: first page, text filter", *_time(lambda: store.search("pricing"), args.repeats)),
            (
                "search: first page, target filter",
                *_time(lambda: store.search(target=Target.HTML_CSS), args.repeats),
            ),
            ("library page: first 24 + their thumbnails", *_time(first_page_with_thumbnails, args.repeats)),
            ("get (code + card) of a random id", *_time(lambda: store.get(rng.choice(ids)), args.repeats)),
            ("versions of a random id", *_time(lambda: store.versions(rng.choice(ids)), args.repeats)),
            ("recent(20)", *_time(store.recent, args.repeats)),
        ]
        ok = store.integrity_ok()
        size = _database_size(store) if args.url else 0
        store.close()
        if not args.url:
            with sqlite3.connect(path) as connection:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            files = [path, path.with_name("library.db-wal"), path.with_name("library.db-shm")]
            size = sum(file.stat().st_size for file in files if file.exists())
        code_size = sum(len(conversion.code.encode()) for conversion in conversions)
        design_size = sum(len(data) + len(design.png) for design, data in designs)
        fs_type = _file_system(Path(folder).resolve())

    load = os.getloadavg()
    where = (
        "the database at --url"
        if args.url
        else f"SQLite {sqlite3.sqlite_version}, WAL, synchronous=NORMAL, on {fs_type}"
    )
    print(
        f"{args.count} conversions of {args.designs} designs; {where}; {os.cpu_count()} cores, "
        f"load {load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f}\n"
    )
    print("| operation | median ms | p95 ms |\n|---|--:|--:|")
    for name, median, p95 in rows:
        print(f"| {name} | {median * 1000:.2f} | {p95 * 1000:.2f} |")
    print(
        f"\nstore size: {size / 1e6:.1f} MB = {size / args.count / 1024:.1f} KiB per conversion "
        f"(code alone {code_size / args.count / 1024:.1f} KiB; designs, stored once: "
        f"{design_size / 1e6:.1f} MB); integrity_check {'ok' if ok else 'FAILED'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
