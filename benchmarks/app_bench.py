"""Live-preview latency and payload of the running app in Chromium, and its cold start, as Markdown.

The app (``streamlit run app.py``) converts with its Kimi engine pointed at ``tests.fakes``'s
fake OpenAI server, run in a child process (so its pacing does not wait on our GIL) and
instrumented there: the time each content chunk and the end of the stream were written. The
reply (~10,000 characters) streams in 4-character chunks every 5 ms (~13.5 s). Chromium (Debian's,
through Playwright) gets an init script in every frame: the app page records the click on Convert,
every frame added under ``.hp-stage`` (``srcdoc`` bytes, when it was created and when it was
swapped in) and the preview's status messages; each generated page (level 2) reports, from a
``requestAnimationFrame`` loop, the first frame with visible text and the first with the reply's
last element. All times are on one clock (the browser's ``timeOrigin + now()``; the server's
``time.monotonic()`` is mapped onto it by a round-trip sample, ±1 ms). One short conversion per
target warms the app and the browser's cache first.

Columns (ms from the click on Convert, medians over the repeats; lags as median / worst):
first element sent (the server wrote the chunk closing the page's first element, its ``<h1>``),
first paint (first moment a shown preview frame has visible text: the later of its paint and its
swap-in), paint lag (first paint − first element sent; target ≤ 1.5 s), last token (the server
wrote the last content chunk), complete visible (first moment a shown frame has the last element),
final lag (complete visible − last token; target ≤ 1 s), result pane (the finished result's own
preview shows the last element), live refreshes (frames the live pane created) and the
``srcdoc`` bytes of each (median / max) and of the result pane's. A target PASSes only if every
repeat met it. Cold start: ``Popen`` to ``/_stcore/health`` answering ``ok``, to the first page
showing the uploader, and a second (warm) page load.

    .venv/bin/python benchmarks/app_bench.py [--repeats N] [--only react|html-css] [--starts N] [--timeline]

``--timeline`` prints every run's preview frames (created, swapped in, bytes, paints, statuses) to
stderr. Takes about 2 min 20 s on 2 cores.
"""

from __future__ import annotations

import argparse
import datetime
import json
import multiprocessing
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere: import the repo

import streamlit
from PIL import Image, ImageDraw
from playwright.sync_api import Browser, Page, expect, sync_playwright

from converters.render import CHROMIUM_ARGS
from tests.fakes.engines import TEST_KEY

ROOT = Path(__file__).resolve().parents[1]

CHROMIUM = os.environ.get("HANDOFF_CHROMIUM", "/usr/bin/chromium")
CHUNK_CHARS = 4
CHUNK_DELAY_S = 0.005
REPLY_CHARS = 10_000
FIRST_ELEMENT_END = "</h1>"  # the page's first element is its <h1>; the chunk closing it is "first element"
LAST_TEXT = "Last element 7c1e"  # the text of the page's last element
PAINT_TARGET_MS = 1500.0
FINAL_TARGET_MS = 1000.0
TIMEOUT_MS = 60_000
# Tall enough that the live preview is on screen: Chromium does not paint off-screen frames.
VIEWPORT = {"width": 1400, "height": 2400}
TARGETS = {"react": "React + Tailwind", "html-css": "HTML + CSS"}


# --- the reply --------------------------------------------------------------------------------


def react_reply(chars: int = REPLY_CHARS) -> str:
    """A React + Tailwind component: an <h1> first, cards, and a footer with ``LAST_TEXT`` last."""
    head = (
        "import React from 'react';\n\nexport default function App() {\n  return (\n"
        '    <div className="min-h-screen bg-slate-50">\n'
        '      <header className="bg-[#4f46e5] px-8 py-6 text-white">\n'
        '        <h1 className="text-3xl font-bold">Northwind dashboard</h1>\n      </header>\n'
        '      <main className="mx-auto grid max-w-6xl gap-6 p-8 md:grid-cols-3">\n'
    )
    tail = (
        "      </main>\n"
        f'      <footer className="bg-slate-900 py-10 text-center text-slate-300">{LAST_TEXT}</footer>\n'
        "    </div>\n  );\n}\n"
    )
    card = (
        '        <article className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">\n'
        '          <h2 className="text-lg font-semibold text-slate-900">Insight {n}</h2>\n'
        '          <p className="mt-2 text-sm leading-6 text-slate-600">Track revenue, churn and '
        "activation in one place, with alerts when a metric drifts.</p>\n"
        "        </article>\n"
    )
    return _fenced("jsx", head, card, tail, chars)


def html_css_reply(chars: int = REPLY_CHARS) -> str:
    """An HTML + CSS page: styles in <head>, an <h1> first, cards, a footer with ``LAST_TEXT`` last."""
    head = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n  <meta charset="utf-8">\n  <title>Northwind</title>\n'
        "  <style>\n    body { margin: 0; font-family: system-ui, sans-serif; background: #f8fafc; }\n"
        "    header { background: #4f46e5; color: #fff; padding: 24px 32px; }\n"
        "    main { display: grid; grid-template-columns: repeat(3, 1fr); gap: 24px; padding: 32px; }\n"
        "    .card { background: #fff; border: 1px solid #e2e8f0; border-radius: 12px; padding: 24px; }\n"
        "    .card h2 { font-size: 18px; margin: 0; } .card p { color: #475569; font-size: 14px; }\n"
        "    footer { background: #0f172a; color: #cbd5e1; padding: 40px; text-align: center; }\n"
        "  </style>\n</head>\n<body>\n  <header>\n    <h1>Northwind dashboard</h1>\n  </header>\n  <main>\n"
    )
    tail = f"  </main>\n  <footer>{LAST_TEXT}</footer>\n</body>\n</html>\n"
    card = (
        '    <article class="card">\n      <h2>Insight {n}</h2>\n      <p>Track revenue, churn and '
        "activation in one place, with alerts when a metric drifts.</p>\n    </article>\n"
    )
    return _fenced("html", head, card, tail, chars)


def _fenced(language: str, head: str, card: str, tail: str, chars: int) -> str:
    body, n = head, 0
    while len(body) + len(card) + len(tail) < chars - 60:
        n += 1
        body += card.replace("{n}", str(n))
    return f"Here is the page.\n\n```{language}\n{body}{tail}```\n\nLet me know if you want changes.\n"


REPLIES = {"react": react_reply, "html-css": html_css_reply}


# --- the fake server, in a child process --------------------------------------------------------


def _serve(conn: Connection) -> None:
    """Child process: the fake server, with each content chunk's write time recorded.

    Instrumentation only (``_Handler._write_event`` is wrapped here; the fake itself is unchanged):
    ``timeline`` holds ``(time.monotonic(), content characters in the chunk)``, and ``(t, -1)``
    when ``[DONE]`` was written.
    """
    from tests.fakes import openai_server as fake_module

    timeline: list[tuple[float, int]] = []
    write_event = fake_module._Handler._write_event

    def timed_write(self: Any, event: Any) -> None:
        write_event(self, event)
        now = time.monotonic()
        if isinstance(event, str):
            timeline.append((now, -1))
        elif event.get("choices") and (text := event["choices"][0]["delta"].get("content")):
            timeline.append((now, len(text)))

    fake_module._Handler._write_event = timed_write  # type: ignore[method-assign]
    with fake_module.FakeOpenAIServer(models=("kimi-k2.5",), api_key=TEST_KEY) as server:
        conn.send(server.base_url)
        while (command := conn.recv()) is not None:
            if command[0] == "script":
                timeline.clear()
                server.script(fake_module.Reply(**command[1]))
                conn.send(None)
            elif command[0] == "timeline":
                conn.send((list(timeline), len(server.errors), server.log[-1:]))


class RemoteFake:
    """The fake server in a child process: ``script`` one reply, read back its ``timeline``."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), daemon=True)
        self._process.start()
        self.base_url: str = self._conn.recv()

    def script(self, content: str) -> None:
        self._conn.send(
            ("script", {"content": content, "chunk_chars": CHUNK_CHARS, "chunk_delay_s": CHUNK_DELAY_S})
        )
        self._conn.recv()

    def timeline(self) -> list[tuple[float, int]]:
        self._conn.send(("timeline", None))
        timeline, errors, last_log = self._conn.recv()
        if errors:
            raise SystemExit(f"fake server: {errors} handler errors ({last_log})")
        return timeline

    def stop(self) -> None:
        self._conn.send(None)
        self._process.join(timeout=10)


# --- the app ----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.read().strip() == b"ok")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextmanager
def run_app(env: dict[str, str]) -> Iterator[tuple[str, float]]:
    """``streamlit run app.py`` on a free port; yields its URL and seconds from ``Popen`` to healthy."""
    port = _free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
        "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with tempfile.TemporaryFile() as log:
        started = time.monotonic()
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=log)
        try:
            while not _healthy(f"http://127.0.0.1:{port}/_stcore/health"):
                if process.poll() is not None or time.monotonic() - started > 60:
                    log.seek(0)
                    raise SystemExit("the app did not start:\n" + log.read().decode(errors="replace"))
                time.sleep(0.02)
            yield f"http://127.0.0.1:{port}", time.monotonic() - started
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# --- the browser side ---------------------------------------------------------------------------

INSTRUMENT = """
(() => {
  const now = () => performance.timeOrigin + performance.now();
  if (window.top === window) {
    const B = window.__bench = { clicks: [], frames: [], roots: [], statuses: [], paints: [] };
    const frameEls = [], rootEls = [];
    document.addEventListener("click", () => B.clicks.push(now()), true);
    const rootIndex = (el) => {
      const root = el.closest(".hp-root");
      let i = rootEls.indexOf(root);
      if (i < 0) { i = rootEls.push(root) - 1; B.roots.push(now()); }
      return i;
    };
    const frameAdded = (frame, t) => {
      const stage = frame.closest(".hp-stage");  // the pane's frames sit in its canvas
      if (frameEls.includes(frame) || !stage) return;
      frameEls.push(frame);
      const bytes = new TextEncoder().encode(frame.srcdoc || "").length;
      B.frames.push({ root: rootIndex(frame), created: t, bytes, shown: frame.dataset.testid ? t : null });
    };
    const watch = (node) => new MutationObserver((records) => {
      const t = now();
      for (const record of records) {
        if (record.type === "attributes") {
          const i = frameEls.indexOf(record.target);
          if (i >= 0 && B.frames[i].shown === null && record.target.dataset.testid) B.frames[i].shown = t;
          continue;
        }
        for (const added of record.addedNodes) {
          if (added.nodeType !== 1) continue;
          if (added.tagName === "IFRAME") frameAdded(added, t);
          for (const frame of added.querySelectorAll("iframe")) frameAdded(frame, t);
        }
      }
    }).observe(node, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-testid"] });
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const root = attach.call(this, init);
      watch(root);
      return root;
    };
    document.addEventListener("DOMContentLoaded", () => watch(document.body));
    const frameOf = (win) => frameEls.findIndex((el) => el.contentWindow === win);
    window.addEventListener("message", (event) => {
      const data = event.data, t = now();
      if (data && data.bench) {
        B.paints.push({ kind: data.bench, t: data.t, frame: frameOf(event.source.parent) });
      } else if (data && data.handoff === "status") {
        B.statuses.push({ state: data.state, t, frame: frameOf(event.source) });
      }
    });
  } else if (window.parent !== window.top) {
    // Checked once per frame; after the first text, only 30 more frames (the document is static,
    // or React renders it at once), so a shown partial page does not cost a layout every frame.
    let content = false, last = false, left = 30;
    const report = (kind) => window.top.postMessage({ bench: kind, t: now() }, "*");
    const check = () => {
      const text = document.body ? document.body.innerText : "";
      if (!content && text.trim()) { content = true; report("content"); }
      if (!last && text.includes(__LAST__)) { last = true; report("last"); }
      if (!last && (!content || left-- > 0)) requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }
})();
""".replace("__LAST__", json.dumps(LAST_TEXT))


def clock_offset_ms(page: Page) -> float:
    """Browser clock (ms) minus ``time.monotonic()`` (ms), from the tightest of a few round trips."""
    samples = []
    for _ in range(7):
        before = time.monotonic()
        browser_ms = page.evaluate("performance.timeOrigin + performance.now()")
        after = time.monotonic()
        samples.append((after - before, browser_ms - (before + after) / 2 * 1000))
    return min(samples)[1]


def draw_design(path: Path) -> Path:
    image = Image.new("RGB", (1280, 800), "#f8fafc")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1280, 96), fill="#4f46e5")
    draw.text((32, 40), "Northwind dashboard", fill="white")
    for col in range(3):
        draw.rounded_rectangle(
            (32 + col * 416, 140, 416 + col * 416, 340), radius=12, fill="white", outline="#e2e8f0"
        )
    draw.rectangle((0, 700, 1280, 800), fill="#0f172a")
    image.save(path)
    return path


@dataclass
class Run:
    """One conversion's measurements, in ms from the click on Convert (bytes for sizes)."""

    first_element_ms: float
    first_paint_ms: float
    last_token_ms: float
    complete_ms: float
    result_ms: float
    live_refreshes: int
    live_bytes: list[int]
    result_bytes: int

    @property
    def paint_lag_ms(self) -> float:
        return self.first_paint_ms - self.first_element_ms

    @property
    def final_lag_ms(self) -> float:
        return self.complete_ms - self.last_token_ms


def convert_once(
    browser: Browser,
    url: str,
    fake: RemoteFake,
    target: str,
    design: Path,
    *,
    chars: int = REPLY_CHARS,
    show_timeline: bool = False,
) -> Run:
    reply = REPLIES[target](chars)
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(INSTRUMENT)
    try:
        page = context.new_page()
        page.goto(url)
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(design)
        expect(page.locator("[data-testid='stImage'] img")).to_be_visible(timeout=TIMEOUT_MS)
        page.get_by_role("radio", name=TARGETS[target], exact=True).click()
        idle = page.locator("[data-testid='stApp'][data-test-script-state='notRunning']")
        expect(idle).to_be_attached(timeout=TIMEOUT_MS)
        fake.script(reply)
        page.evaluate("window.__bench.clicks = []")
        page.get_by_role("button", name="Convert", exact=True).click()
        expect(page.get_by_role("tab", name="Preview")).to_be_visible(timeout=TIMEOUT_MS)
        page.wait_for_function(
            "() => window.__bench.paints.some(p => p.kind === 'last' && window.__bench.frames[p.frame]"
            " && window.__bench.frames[p.frame].root > 0)",
            timeout=TIMEOUT_MS,
        )
        bench = page.evaluate("window.__bench")
        offset = clock_offset_ms(page)
    finally:
        context.close()
    timeline = fake.timeline()
    if show_timeline:
        print_timeline(target, bench, timeline, offset)
    return summarise(bench, timeline, offset, reply)


def print_timeline(
    target: str, bench: dict[str, Any], timeline: list[tuple[float, int]], offset: float
) -> None:
    """One run's preview frames on stderr: created, shown, bytes, paints and statuses (ms from the click)."""
    click = bench["clicks"][0]

    def server(monotonic_s: float) -> float:
        return monotonic_s * 1000 + offset - click

    out = sys.stderr
    print(f"{target}: first chunk {server(timeline[0][0]):.0f}, done {server(timeline[-1][0]):.0f}", file=out)
    for i, frame in enumerate(bench["frames"]):
        shown = "-" if frame["shown"] is None else f"{frame['shown'] - click:.0f}"
        paints = [(p["kind"], round(p["t"] - click)) for p in bench["paints"] if p["frame"] == i]
        statuses = [(m["state"], round(m["t"] - click)) for m in bench["statuses"] if m["frame"] == i]
        print(
            f"  frame {i} (pane {frame['root']}): created {frame['created'] - click:.0f}, shown {shown}, "
            f"{frame['bytes']:,} B, paints {paints}, statuses {statuses}",
            file=out,
        )


def summarise(bench: dict[str, Any], timeline: list[tuple[float, int]], offset: float, reply: str) -> Run:
    click = bench["clicks"][0]
    frames = bench["frames"]

    def server_ms(monotonic_s: float) -> float:
        return monotonic_s * 1000 + offset - click

    def sent_at(position: int) -> float:
        """When the chunk holding ``reply[position - 1]`` was written."""
        total = 0
        for t, chars in timeline:
            if chars > 0:
                total += chars
                if total >= position:
                    return server_ms(t)
        raise SystemExit("the fake server did not send the whole reply")

    def visible(paint: dict[str, Any]) -> float:
        frame = frames[paint["frame"]]
        shown = frame["shown"] if frame["shown"] is not None else float("inf")
        return max(paint["t"], shown) - click

    content = [p for p in bench["paints"] if p["kind"] == "content" and p["frame"] >= 0]
    last = [p for p in bench["paints"] if p["kind"] == "last" and p["frame"] >= 0]
    live = [f for f in frames if f["root"] == 0]
    result = [f for f in frames if f["root"] > 0]
    return Run(
        first_element_ms=sent_at(reply.index(FIRST_ELEMENT_END) + len(FIRST_ELEMENT_END)),
        first_paint_ms=min(visible(p) for p in content),
        last_token_ms=sent_at(len(reply)),
        complete_ms=min(visible(p) for p in last),
        result_ms=min(visible(p) for p in last if frames[p["frame"]]["root"] > 0),
        live_refreshes=len(live),
        live_bytes=[f["bytes"] for f in live],
        result_bytes=result[-1]["bytes"] if result else 0,
    )


# --- the report ---------------------------------------------------------------------------------


def cold_starts(browser: Browser, count: int) -> tuple[list[float], list[float], list[float]]:
    """Seconds from ``Popen`` to healthy and to the first page showing the uploader; then the
    seconds a second, warm page load takes to show it."""
    healthy, first_page, warm_page = [], [], []
    for _ in range(count):
        with run_app({}) as (url, seconds):
            healthy.append(seconds)
            started = time.monotonic() - seconds
            for times in (first_page, warm_page):
                page = browser.new_page()
                loading = time.monotonic()
                page.goto(url)
                uploader = page.locator("[data-testid='stFileUploaderDropzoneInput']")
                expect(uploader).to_be_attached(timeout=TIMEOUT_MS)
                times.append(time.monotonic() - (started if times is first_page else loading))
                page.close()
    return healthy, first_page, warm_page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=3, help="conversions per target (default 3)")
    parser.add_argument("--only", choices=sorted(TARGETS), help="run one target only")
    parser.add_argument("--starts", type=int, default=3, help="cold starts to time (default 3)")
    parser.add_argument("--timeline", action="store_true", help="print each run's preview frames to stderr")
    args = parser.parse_args(argv)

    began = time.monotonic()
    fake = RemoteFake()
    rows: list[str] = []
    try:
        with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
            design = draw_design(Path(tmp) / "northwind.png")
            env = {"MOONSHOT_API_KEY": TEST_KEY, "MOONSHOT_BASE_URL": fake.base_url, "HANDOFF_ENGINE": "kimi"}
            with run_app(env) as (url, _):
                for target in TARGETS:  # warm-up: lazy imports, the browser's cache of the runtime
                    convert_once(browser, url, fake, target, design, chars=1_500)
                for target in [args.only] if args.only else list(TARGETS):
                    runs = [
                        convert_once(browser, url, fake, target, design, show_timeline=args.timeline)
                        for _ in range(args.repeats)
                    ]
                    rows.append(row(TARGETS[target], runs))
            healthy, first_page, warm_page = cold_starts(browser, args.starts)
            version = browser.version
            browser.close()
    finally:
        fake.stop()

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"App benchmark, {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}: nproc {os.cpu_count()}, "
        f"load {load}, Python {platform.python_version()}, Streamlit {streamlit.__version__}, "
        f"Chromium {version}; reply ~{REPLY_CHARS:,} chars in {CHUNK_CHARS}-char chunks every "
        f"{CHUNK_DELAY_S * 1000:g} ms. Times: ms from the click on Convert, median of {args.repeats} "
        "(lags: median / worst); PASS only if every repeat met the target.\n"
    )
    print(
        "| target | first element sent | first paint | paint lag | ≤ 1.5 s | last token | complete visible "
        "| final lag | ≤ 1 s | result pane | live refreshes | srcdoc B per refresh (median / max) "
        "| result srcdoc B |"
    )
    print("|---|---:|---:|---:|---|---:|---:|---:|---|---:|---:|---:|---:|")
    for line in rows:
        print(line)

    def ms(values: list[float]) -> str:
        low, high = min(values) * 1000, max(values) * 1000
        return f"{statistics.median(values) * 1000:.0f} ms (min {low:.0f}, max {high:.0f})"

    print(
        f"\nCold start, {len(healthy)} starts: Popen → /_stcore/health ok {ms(healthy)}; → first page shows "
        f"the uploader {ms(first_page)}; a second page load then takes {ms(warm_page)}."
    )
    print(f"\nTook {time.monotonic() - began:.0f} s.")
    return 0


def row(label: str, runs: list[Run]) -> str:
    def med(values: list[float]) -> str:
        return f"{statistics.median(values):,.0f}"

    paint = [r.paint_lag_ms for r in runs]
    final = [r.final_lag_ms for r in runs]
    sizes = [float(size) for r in runs for size in r.live_bytes]
    cells = [
        label,
        med([r.first_element_ms for r in runs]),
        med([r.first_paint_ms for r in runs]),
        f"{med(paint)} / {max(paint):,.0f}",
        "PASS" if max(paint) <= PAINT_TARGET_MS else "FAIL",
        med([r.last_token_ms for r in runs]),
        med([r.complete_ms for r in runs]),
        f"{med(final)} / {max(final):,.0f}",
        "PASS" if max(final) <= FINAL_TARGET_MS else "FAIL",
        med([r.result_ms for r in runs]),
        med([float(r.live_refreshes) for r in runs]),
        f"{med(sizes)} / {max(sizes):,.0f}" if sizes else "-",
        med([float(r.result_bytes) for r in runs]),
    ]
    return "| " + " | ".join(cells) + " |"


if __name__ == "__main__":
    raise SystemExit(main())
