"""Library page load with many stored conversions: time to first paint of the grid.

    .venv/bin/python benchmarks/library_bench.py [--conversions N] [--repeats R]

Fills a fresh library (a temporary ``HANDOFF_DATA_DIR``) with ``--conversions`` conversions
(default 1,000) of 20 distinct designs drawn with Pillow, each with ~8 KB of code, scores and a
result thumbnail, as the app saves them. Then starts the app (``streamlit run``, 127.0.0.1, a free
port; stopped at the end) and, in Debian's Chromium through Playwright, opens ``/library`` in a
new browser context ``--repeats`` times (after one warm-up), timing from the navigation to the
moment the grid's first card shows both its thumbnails, then once more in the same context
(Streamlit's own scripts cached, as for anyone who used the app before), and opened by its link
from another page of the app (the usual way there, no page load). For scale, the same
first visit of the Settings page (no library work at all): most of a first visit is Streamlit
loading its frontend. Also times the store query behind the page (first page of 24, newest
first) on its own. Prints a markdown table; target: under 1 s.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from converters.conversion import Conversion, Timings  # noqa: E402
from converters.fidelity.vocabulary import FIDELITY_KEYS  # noqa: E402
from converters.intake import load_design  # noqa: E402
from converters.render.browser import CHROMIUM_ARGS  # noqa: E402
from converters.store import Store  # noqa: E402
from converters.targets import Target  # noqa: E402
from tests.e2e.conftest import run_app  # noqa: E402

FIRST_CARD_READY = """() => {
  const grid = document.querySelector('.st-key-library-grid');
  if (!grid) return false;
  const images = grid.querySelectorAll('img');
  return images.length >= 2 && images[0].complete && images[1].complete && images[0].naturalWidth > 0;
}"""


SETTINGS_READY = """() => !!document.querySelector('[data-testid="stSelectbox"]')"""


def _timed_load(page: Page, url: str, ready: str) -> float:
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_function(ready, timeout=60_000, polling=10)
    return 1000 * (time.perf_counter() - started)


def _design_png(number: int) -> bytes:
    image = Image.new("RGB", (1280, 900), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1280, 90), fill=(30 + 10 * number, 60, 140))
    for row in range(6):
        draw.rectangle((60, 140 + 110 * row, 60 + 700 - 20 * number, 170 + 110 * row), fill=(200, 200, 210))
    draw.rounded_rectangle((60, 820, 220, 870), radius=10, fill=(16, 185, 129))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _code(number: int) -> str:
    sections = "".join(
        f'  <section class="p-6"><h2 class="text-xl">Section {n}</h2>'
        f"<p>Text of conversion {number}.</p></section>\n"
        for n in range(80)
    )
    head = f'<!DOCTYPE html>\n<html lang="en">\n<head><title>Page {number}</title></head>\n'
    return f"{head}<body>\n{sections}</body>\n</html>\n"


def fill(store: Store, count: int) -> float:
    """Save ``count`` conversions; returns the median save time in ms."""
    designs = [load_design(_design_png(n), f"screen-{n:02d}.png") for n in range(20)]
    thumbnail = io.BytesIO()
    Image.new("RGB", (1280, 2000), (240, 244, 248)).save(thumbnail, format="PNG")
    times = []
    for number in range(count):
        design = designs[number % len(designs)]
        conversion = Conversion(
            code=_code(number),
            target=list(Target)[number % 3],
            engine="offline" if number % 4 else "kimi",
            model="offline-1",
            prompt_name="",
            prompt_hash="",
            timings=Timings(started_at="2026-11-26T06:00:00+00:00", total_s=2.0, first_code_s=None),
            design_sha256=design.sha256,
        )
        started = time.perf_counter()
        item = store.save(conversion, design, title=f"Screen {number}", tags=("bench", f"t{number % 7}"))
        times.append(time.perf_counter() - started)
        # Scored: every card shows a fidelity (the five scores, whatever they are).
        store.set_fidelity(item.id, dict.fromkeys(FIDELITY_KEYS, 0.9))
        store.set_result_thumbnail(item.id, thumbnail.getvalue())
    return 1000 * statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversions", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    chromium = os.environ.get("HANDOFF_CHROMIUM") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory(prefix="handoff-library-bench-") as temp:
        data = Path(temp) / "data"
        data.mkdir()
        store = Store(f"sqlite:///{data / 'library.db'}")
        fill_started = time.perf_counter()
        save_ms = fill(store, args.conversions)
        fill_s = time.perf_counter() - fill_started
        queries = []
        for _ in range(20):
            started = time.perf_counter()
            store.search(limit=24)
            queries.append(1000 * (time.perf_counter() - started))
        store.close()
        size = sum(path.stat().st_size for path in data.iterdir())
        cold: list[float] = []
        warm: list[float] = []
        floor: list[float] = []
        navigated: list[float] = []
        with run_app(Path(temp), {"HANDOFF_DATA_DIR": str(data)}) as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
            try:
                for attempt in range(args.repeats + 1):
                    # A new context: nothing cached, as a first visit.
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    page = context.new_page()
                    seconds = _timed_load(page, f"{server.url}/library", FIRST_CARD_READY)
                    # The same browser again: Streamlit's scripts come from its cache.
                    again = _timed_load(page, f"{server.url}/library", FIRST_CARD_READY)
                    context.close()
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    page = context.new_page()
                    bare = _timed_load(page, f"{server.url}/settings", SETTINGS_READY)
                    page.wait_for_timeout(500)
                    # From another page of the app, by its link: how people reach the library.
                    started = time.perf_counter()
                    page.get_by_role("link", name="Library").click()
                    page.wait_for_function(FIRST_CARD_READY, timeout=60_000, polling=10)
                    within = 1000 * (time.perf_counter() - started)
                    context.close()
                    if attempt:  # the first round warms the server up
                        cold.append(seconds)
                        warm.append(again)
                        floor.append(bare)
                        navigated.append(within)
            finally:
                browser.close()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"library with {args.conversions} conversions; load average {load}\n")
    print("| measure | median | max |")
    print("|---|--:|--:|")
    for label, values in (
        ("Library page, opened from another page of the app: to first card with both thumbnails", navigated),
        ("Library page, first visit (nothing cached): to first card with both thumbnails", cold),
        ("Library page, visited before (Streamlit's scripts cached)", warm),
        ("for scale: Settings page (no library), first visit: to its first widget", floor),
    ):
        print(f"| {label} (ms, {args.repeats} runs) | {statistics.median(values):.0f} | {max(values):.0f} |")
    print(f"| store query: first page of 24 (ms) | {statistics.median(queries):.1f} | {max(queries):.1f} |")
    print(f"| save one conversion (ms, while filling) | {save_ms:.1f} | |")
    print(f"| library size per conversion (KB, db + wal) | {size / args.conversions / 1024:.1f} | |")
    print(f"| fill time (s) | {fill_s:.1f} | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
