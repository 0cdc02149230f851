"""Asking for a change: how soon its preview shows in the running app, and what each turn sends.

Latency: the app (``streamlit run app.py``) with its Kimi engine on the fake server in a child
process, paced as ``benchmarks/app_bench.py`` paces it (a ~10,000-character HTML + CSS reply in
4-character chunks every 5 ms; React's live preview cannot draw half-written JSX, see the
README) and measured the same way (its init script, one clock). Each repeat
converts the design with a short reply, then types a change into the "Ask for a change" box and
clicks send. Columns, ms from that click (medians; lags median / worst): first element sent, first
paint of the change's live preview, paint lag, last token, the change complete in the live preview,
final lag, the change's result pane showing it.

Request size: the messages of turn 1 (the conversion) and of turns 2 and 5 (changes, with 0 and 3
earlier instructions listed) for the same design and a ~10,000-character current code, as JSON
bytes and estimated tokens (text at 4 characters a token, the image as the model policy counts
it). A turn grows with the list of earlier instructions only, never with older versions.

    .venv/bin/python benchmarks/refine_bench.py [--repeats N]

Takes about a minute and a half on 2 cores.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere: import the repo

from playwright.sync_api import Browser, expect, sync_playwright

from benchmarks.app_bench import (
    CHROMIUM,
    FIRST_ELEMENT_END,
    INSTRUMENT,
    TIMEOUT_MS,
    VIEWPORT,
    RemoteFake,
    clock_offset_ms,
    draw_design,
    html_css_reply,
    run_app,
)
from converters.conversion import ConversionRequest, Revision
from converters.engines.messages import build_messages
from converters.intake import load_design
from converters.prompts import PromptRegistry
from converters.render import CHROMIUM_ARGS
from converters.targets import Target
from tests.fakes.engines import TEST_KEY

CHANGES = ("Make the header sticky", "Use #0052cc for the buttons", "Round the cards", "Add a footer")
COLUMNS = (
    "first element sent", "first paint", "paint lag", "last token", "complete visible", "final lag",
    "result pane",
)  # fmt: skip
CHARS_PER_TOKEN = 4  # a rough rule for English text and code, as providers' calculators use


@dataclass
class ChangeRun:
    first_element_ms: float
    first_paint_ms: float
    last_token_ms: float
    complete_ms: float
    result_ms: float


def change_once(browser: Browser, url: str, fake: RemoteFake, design: Path) -> ChangeRun:
    reply = html_css_reply()
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(INSTRUMENT)
    try:
        page = context.new_page()
        page.goto(url)
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(design)
        expect(page.locator("[data-testid='stImage'] img")).to_be_visible(timeout=TIMEOUT_MS)
        page.get_by_role("radio", name="HTML + CSS", exact=True).click()
        idle = page.locator("[data-testid='stApp'][data-test-script-state='notRunning']")
        expect(idle).to_be_attached(timeout=TIMEOUT_MS)
        fake.script(html_css_reply(1_500))
        page.get_by_role("button", name="Convert", exact=True).click()
        box = page.get_by_test_id("stChatInputTextArea")
        expect(box).to_be_enabled(timeout=TIMEOUT_MS)
        expect(idle).to_be_attached(timeout=TIMEOUT_MS)
        fake.timeline()  # the conversion's: not measured
        fake.script(reply)
        box.fill(CHANGES[0])
        page.evaluate("window.__bench.clicks = []; window.__bench.paints = []")
        page.get_by_test_id("stChatInputSubmitButton").click()
        # Done when a frame made after the click, in another pane than the first such frame's (the
        # live view's), shows the page's last element: the change's result pane.
        page.wait_for_function(
            """() => {
              const B = window.__bench, click = B.clicks[B.clicks.length - 1];
              const after = B.frames.filter(f => f.created >= click);
              return after.length > 0 && B.paints.some(p => p.kind === 'last' && B.frames[p.frame]
                && B.frames[p.frame].created >= click && B.frames[p.frame].root !== after[0].root);
            }""",
            timeout=TIMEOUT_MS,
        )
        bench = page.evaluate("window.__bench")
        offset = clock_offset_ms(page)
    finally:
        context.close()
    return summarise(bench, fake.timeline(), offset, reply)


def summarise(
    bench: dict[str, Any], timeline: list[tuple[float, int]], offset: float, reply: str
) -> ChangeRun:
    """Times from the click on send. The change's frames are those made after it; the live view's
    pane holds the first of them (Streamlit may reuse the conversion's live pane), the result's
    pane the others."""
    click = bench["clicks"][-1]
    frames = bench["frames"]
    after = [i for i, frame in enumerate(frames) if frame["created"] >= click]
    live_root = frames[after[0]]["root"]

    def sent_at(position: int) -> float:
        total = 0
        for t, chars in timeline:
            if chars > 0:
                total += chars
                if total >= position:
                    return t * 1000 + offset - click
        raise SystemExit("the fake server did not send the whole reply")

    def visible(paint: dict[str, Any]) -> float:
        frame = frames[paint["frame"]]
        shown = frame["shown"] if frame["shown"] is not None else float("inf")
        return max(paint["t"], shown) - click

    ours = [p for p in bench["paints"] if p["frame"] in after]
    content = [p for p in ours if p["kind"] == "content"]
    last = [p for p in ours if p["kind"] == "last"]
    return ChangeRun(
        first_element_ms=sent_at(reply.index(FIRST_ELEMENT_END) + len(FIRST_ELEMENT_END)),
        first_paint_ms=min(visible(p) for p in content),
        last_token_ms=sent_at(len(reply)),
        complete_ms=min(visible(p) for p in last),
        result_ms=min(visible(p) for p in last if frames[p["frame"]]["root"] != live_root),
    )


def request_sizes(design_file: Path) -> list[tuple[str, int, int]]:
    """(turn, JSON bytes, estimated tokens) of turns 1, 2 and 5 for one design and one code."""
    design = load_design(design_file.read_bytes(), design_file.name)
    code = html_css_reply().split("```html\n", 1)[1].split("```", 1)[0]
    prompts = PromptRegistry.default()
    turns = {
        "turn 1 (conversion)": None,
        "turn 2 (first change)": Revision(code, CHANGES[0]),
        "turn 5 (3 earlier changes)": Revision(code, CHANGES[3], CHANGES[:3]),
    }
    rows = []
    for name, revision in turns.items():
        request = ConversionRequest(design, Target.HTML_CSS, revision=revision)
        messages, _ = build_messages(request, prompts)
        size = len(json.dumps(messages).encode())
        text = sum(
            len(part["text"]) if isinstance(part, dict) else len(part)
            for message in messages
            for part in (message["content"] if isinstance(message["content"], list) else [message["content"]])
            if not (isinstance(part, dict) and part.get("type") == "image_url")
        )
        rows.append((name, size, text // CHARS_PER_TOKEN + design.model_tokens))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=3, help="changes to time (default 3)")
    args = parser.parse_args(argv)
    began = time.monotonic()
    fake = RemoteFake()
    try:
        with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
            design = draw_design(Path(tmp) / "northwind.png")
            env = {
                "MOONSHOT_API_KEY": TEST_KEY,
                "MOONSHOT_BASE_URL": fake.base_url,
                "HANDOFF_ENGINE": "kimi",
                "HANDOFF_DATA_DIR": str(Path(tmp) / "data"),
            }
            with run_app(env) as (url, _):
                change_once(browser, url, fake, design)  # warm-up
                runs = [change_once(browser, url, fake, design) for _ in range(args.repeats)]
            sizes = request_sizes(design)
            version = browser.version
            browser.close()
    finally:
        fake.stop()

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"Change benchmark, {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}: "
        f"nproc {os.cpu_count()}, "
        f"load {load}, Chromium {version}; ms from the click on send, median of {args.repeats}.\n"
    )

    def med(values: list[float]) -> str:
        return f"{statistics.median(values):,.0f}"

    paint = [r.first_paint_ms - r.first_element_ms for r in runs]
    final = [r.complete_ms - r.last_token_ms for r in runs]
    print(f"| {' | '.join(COLUMNS)} |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {med([r.first_element_ms for r in runs])} | {med([r.first_paint_ms for r in runs])} "
        f"| {med(paint)} / {max(paint):,.0f} | {med([r.last_token_ms for r in runs])} "
        f"| {med([r.complete_ms for r in runs])} | {med(final)} / {max(final):,.0f} "
        f"| {med([r.result_ms for r in runs])} |"
    )
    print("\n| request | JSON bytes | estimated tokens |\n|---|---:|---:|")
    for name, size, tokens in sizes:
        print(f"| {name} | {size:,} | {tokens:,} |")
    print(f"\nTook {time.monotonic() - began:.0f} s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
