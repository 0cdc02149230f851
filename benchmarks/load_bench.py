"""Load on one app process: browser sessions converting at once, and memory over many conversions.

One ``streamlit run app.py`` (offline engine, its own library in a temporary folder) and Debian's
Chromium through Playwright. After one warm-up conversion (it loads the OCR models):

1. ``--sessions`` browser sessions (default 10), each its own context with its own design (a
   heading with a word no other design has), click Convert at once. While they convert, one more
   session opens the app in a browser of its own: the time until its uploader is on the page, and
   until the Library page lists conversions, says whether the app stays responsive (beside the
   same two times on the idle app, measured first). The ten sessions' browser shares the two
   cores with the app; ``--clients-nice N`` runs it N steps lower, as browsers on their users'
   own machines would take nothing from the server. Every session must show a complete
   result of its own design whose code holds its word and no other session's; the library must
   hold each design's conversion exactly once.
2. ``--conversions`` more (default 100), one after another, each in a fresh context that is then
   closed (as users come and go): the app process's resident memory is sampled every
   ``--every`` conversions, and the growth per conversion after the first ten is fitted.

Prints Markdown tables; the machine's load is printed with them (2 cores: timings vary with it).

    .venv/bin/python benchmarks/load_bench.py [--sessions 10] [--conversions 100] [--every 10]
        [--clients-nice 0]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from converters.render import CHROMIUM_ARGS
from converters.settings import Settings
from converters.store import Store
from tests.e2e.conftest import run_app
from tests.e2e.offline_sessions import (
    PAGE_READY_MS,
    UPLOAD_INPUT,
    WORDS,
    Session,
    check_own_result,
    draw_session_design,
    open_session,
    start,
    wait_all,
)

ALL_DONE_S = 1800.0
"""Ten offline conversions plus their scoring on two cores take minutes; half an hour is a hang."""
ONE_DONE_S = 300.0
MB = 1024 * 1024
WARM_DESIGN = "warm.png"


def rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` (Linux ``/proc``), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def convert_one(browser: Browser, url: str, word: str, design: Path) -> Session:
    session = open_session(browser, url, word, design)
    start(session)
    wait_all([session], ONE_DONE_S)
    return session


def newcomer(browser: Browser, url: str) -> tuple[float, float]:
    """Seconds until a new session's uploader is on the page, then until the Library shows cards
    (``nan`` for a step that did not happen within ``PAGE_READY_MS``)."""
    context = browser.new_context()
    times = [float("nan"), float("nan")]
    try:
        page = context.new_page()
        began = time.monotonic()
        page.goto(url, timeout=PAGE_READY_MS)
        expect(page.locator(UPLOAD_INPUT)).to_be_attached(timeout=PAGE_READY_MS)
        times[0] = time.monotonic() - began
        began = time.monotonic()
        page.get_by_role("link", name="Library").click()
        # The warm-up's card: there from the start, so this times the page, not a conversion.
        expect(page.get_by_text(Path(WARM_DESIGN).stem).first).to_be_visible(timeout=PAGE_READY_MS)
        times[1] = time.monotonic() - began
    except (AssertionError, PlaywrightError):
        pass  # reported as nan: the page was not there in time
    finally:
        context.close()
    return times[0], times[1]


def concurrent(
    browser: Browser, fresh: Browser, url: str, count: int, folder: Path, data_dir: Path, pid: int
) -> None:
    words = WORDS[:count]
    designs = [draw_session_design(folder / f"load-{word.lower()}.png", word) for word in words]
    sessions = [open_session(browser, url, word, design) for word, design in zip(words, designs, strict=True)]
    idle_page, idle_library = newcomer(fresh, url)
    before = rss_mb(pid)
    started_load = load()
    for session in sessions:
        start(session)
    page_ready, library_ready = newcomer(fresh, url)
    wait_all(sessions, ALL_DONE_S)
    for session in sessions:
        if session.finished is not None:
            check_own_result(session, words)
    after = rss_mb(pid)
    store = Store.open(Settings(data_dir=data_dir))
    try:
        saved = [item.design_name for item in store.search("load-", limit=500).items]
    finally:
        store.close()
    lost = [design.name for design in designs if saved.count(design.name) != 1]
    times = [s.seconds for s in sessions if s.seconds is not None]
    errors = [f"{s.word}: {'; '.join(s.problems)}" for s in sessions if s.problems]
    for session in sessions:
        session.close()
    print(f"\n## {count} sessions converting at once (load at start {started_load}, at end {load()})\n")
    columns = (
        "sessions", "finished", "p50 s", "p95 s", "max s", "errors", "not saved once",
        "newcomer page s (idle)", "newcomer library s (idle)", "RSS before MiB", "RSS after MiB",
    )  # fmt: skip
    print("| " + " | ".join(columns) + " |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    p50 = statistics.median(times) if times else float("nan")
    p95 = percentile(times, 0.95) if times else float("nan")
    print(
        f"| {count} | {len(times)} | {p50:.1f} | {p95:.1f} | {max(times, default=float('nan')):.1f} | "
        f"{len(errors)} | {len(lost)} | {page_ready:.1f} ({idle_page:.1f}) | "
        f"{library_ready:.1f} ({idle_library:.1f}) | {before:.0f} | {after:.0f} |"
    )
    for line in errors + [f"not saved exactly once: {name}" for name in lost]:
        print(f"- {line}")


def memory(browser: Browser, url: str, count: int, every: int, folder: Path, pid: int) -> None:
    samples: list[tuple[int, float]] = [(0, rss_mb(pid))]
    failures = 0
    began = time.monotonic()
    for number in range(1, count + 1):
        word = WORDS[number % len(WORDS)]
        design = draw_session_design(folder / f"mem-{number:03d}.png", word, number)
        session = convert_one(browser, url, word, design)
        failures += bool(session.problems)
        session.close()
        if number % every == 0:
            samples.append((number, rss_mb(pid)))
            print(f"  {number} conversions: {samples[-1][1]:.0f} MiB (load {load()})", file=sys.stderr)
    settled = [(n, mb) for n, mb in samples if n >= every]
    slope = statistics.linear_regression([n for n, _ in settled], [mb for _, mb in settled]).slope
    print(f"\n## Memory over {count} conversions, one after another (load at end {load()})\n")
    print("| conversions | " + " | ".join(str(n) for n, _ in samples) + " |")
    print("|---|" + "---:|" * len(samples))
    print("| RSS MiB | " + " | ".join(f"{mb:.0f}" for _, mb in samples) + " |")
    print(
        f"\nGrowth after the first {every}: {slope * 1024:.0f} KiB per conversion (least squares); "
        f"{failures} failed; {time.monotonic() - began:.0f} s in all."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sessions", type=int, default=10, help="sessions converting at once (0: skip, memory run only)"
    )
    parser.add_argument(
        "--conversions", type=int, default=100, help="conversions for the memory run (0: skip)"
    )
    parser.add_argument("--every", type=int, default=10, help="memory sample interval")
    parser.add_argument(
        "--clients-nice", type=int, default=0, help="run the sessions' browser this much lower (0-19)"
    )
    args = parser.parse_args()
    if not 0 <= args.sessions <= len(WORDS) - 1:
        parser.error(f"--sessions must be 0 to {len(WORDS) - 1}")
    with tempfile.TemporaryDirectory(prefix="handoff-load-") as temporary:
        folder = Path(temporary)
        data_dir = folder / "data"
        env = {"HANDOFF_DATA_DIR": str(data_dir)}
        with run_app(folder, env) as server, sync_playwright() as playwright:
            chromium = os.environ.get("HANDOFF_CHROMIUM", "/usr/bin/chromium")
            fresh = playwright.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
            clients = chromium
            if args.clients_nice:
                clients = str(folder / "chromium-niced")
                Path(clients).write_text(f'#!/bin/sh\nexec nice -n {args.clients_nice} "{chromium}" "$@"\n')
                Path(clients).chmod(0o755)
            browser = playwright.chromium.launch(executable_path=clients, args=list(CHROMIUM_ARGS))
            warm_design = draw_session_design(folder / WARM_DESIGN, "Warm")
            warm = convert_one(browser, server.url, "Warm", warm_design)
            warm.close()
            print(f"warm-up conversion: {warm.seconds or float('nan'):.1f} s", file=sys.stderr)
            if args.sessions:
                concurrent(browser, fresh, server.url, args.sessions, folder, data_dir, server.pid)
            if args.conversions:
                memory(browser, server.url, args.conversions, args.every, folder, server.pid)
            browser.close()
            fresh.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
