"""Stop latency: from Stop to "Stopped", for the offline engine and a model engine, as Markdown.

    .venv/bin/python benchmarks/stop_bench.py [--dataset DIR] [--designs N] [--points N] [--app]
        [--repeats N] [--only offline|model|app]

1. Jobs (``converters.jobs.ConversionJob``, what the app runs). Offline: the ``--designs`` largest
   pages of ``--dataset`` (default ``../shared/eval/design2code``; a drawn page when it is
   missing), each converted once unstopped (the first also loads the OCR models), then stopped
   at ``--points`` moments spread over that time (10 % to 85 %). Model: the Kimi engine against
   ``tests.fakes``'s fake OpenAI server in this process, stopped while code streams (8 characters
   every 20 ms), while reasoning streams, and while the endpoint is silent mid-reply (a 6 s stall).
   Per stop: seconds from ``job.stop()`` to the snapshot saying ``stopped`` (what the page shows)
   and to the engine's thread ending (the CPU it used is free again), and the stage it was in.
2. ``--app``: the same in the real app (``streamlit run``) in Chromium: from the click on Stop
   to the result picker naming the stopped result ("· stopped", or "· partial" for a model's
   kept code), both times taken in the page, with the app's script runs in between (stderr).
   Stop's click runs the live view at once (its callback stops the job, the run waits for the
   job's end and reruns the page): this adds a fragment run and a page run to the job's figure.

Target (issue 19): Stop acts within 1 s for every engine. Takes about 3 minutes on 2 cores (6 with
``--app``); the header gives the load average, which moves every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere: import the repo

from converters.conversion import ConversionRequest, Converter
from converters.intake import load_design
from converters.jobs import ConversionJob
from converters.offline.engine import OfflineEngine
from converters.targets import Target
from tests.builders import encode, landing_page
from tests.fakes.engines import kimi_engine
from tests.fakes.openai_server import FakeOpenAIServer, Reply

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "design2code"
POLL_S = 0.002  # how often the bench looks at the engine's thread (the job's own wait is an Event)
TARGET_S = 1.0
PAGE_HTML = (
    "```html\n<!DOCTYPE html>\n<html><body>\n"
    + "".join(
        f'<section class="p-6"><h2>Feature {n}</h2><p>Details about feature {n}.</p></section>\n'
        for n in range(400)
    )
    + "</body></html>\n```\n"
)


@dataclass(frozen=True)
class Stop:
    case: str
    stage: str
    to_stopped_s: float
    to_engine_end_s: float


def stop_job(
    engine: Converter, request: ConversionRequest, ready: Callable[[ConversionJob], bool]
) -> Stop | None:
    """Start a job, stop it once ``ready(job)``; ``None`` if it finished first."""
    job = ConversionJob(engine, request).start()
    while not ready(job):
        if job.snapshot().done:
            return None
        time.sleep(POLL_S)
    snap = job.snapshot()
    if snap.done:
        return None
    stage = snap.stages[-1].name if snap.stages else snap.status.rstrip("…")
    started = time.perf_counter()
    job.stop()
    job.wait()
    to_stopped = time.perf_counter() - started
    while job.engine_running:
        time.sleep(POLL_S)
    to_engine_end = time.perf_counter() - started
    if not job.snapshot().stopped:
        return None  # it finished in the instant between the look and the stop
    return Stop("", stage, to_stopped, to_engine_end)


def after(seconds: float) -> Callable[[ConversionJob], bool]:
    """True ``seconds`` from now."""
    deadline = time.monotonic() + seconds
    return lambda job: time.monotonic() >= deadline


def once(condition: Callable[[ConversionJob], bool], seconds: float) -> Callable[[ConversionJob], bool]:
    """True ``seconds`` after ``condition`` first held."""
    since: list[float] = []

    def ready(job: ConversionJob) -> bool:
        if not since and condition(job):
            since.append(time.monotonic())
        return bool(since) and time.monotonic() - since[0] >= seconds

    return ready


def offline_requests(dataset: Path, count: int) -> list[tuple[str, ConversionRequest]]:
    if not (dataset / "manifest.jsonl").is_file():
        design = load_design(encode(landing_page(1280, 2400), "PNG"), "drawn.png")
        return [("drawn 1280 x 2400", ConversionRequest(design, Target.HTML_CSS))]
    rows = [json.loads(line) for line in (dataset / "manifest.jsonl").read_text().splitlines() if line]
    rows.sort(key=lambda row: -int(row["width"]) * int(row["height"]))
    requests = []
    for row in rows[:count]:
        path = dataset / str(row["input"])
        design = load_design(path.read_bytes(), path.name)
        requests.append(
            (f"{path.name} {design.width} x {design.height}", ConversionRequest(design, Target.HTML_CSS))
        )
    return requests


def bench_offline(dataset: Path, designs: int, points: int) -> list[Stop]:
    stops = []
    for label, request in offline_requests(dataset, designs):
        job = ConversionJob(OfflineEngine(), request).start()
        job.wait()
        total = job.snapshot().elapsed_s
        print(f"- {label}: {total:.1f} s unstopped", file=sys.stderr)
        for index in range(points):
            fraction = 0.10 + 0.75 * index / max(1, points - 1)
            stop = stop_job(OfflineEngine(), request, after(fraction * total))
            if stop is not None:
                stops.append(Stop("offline", stop.stage, stop.to_stopped_s, stop.to_engine_end_s))
    return stops


def bench_model(points: int) -> list[Stop]:
    design = load_design(encode(landing_page(), "PNG"), "landing.png")
    request = ConversionRequest(design, Target.HTML_TAILWIND)
    cases = {
        "model, code streaming": (
            Reply(content=PAGE_HTML, chunk_chars=8, chunk_delay_s=0.02),
            lambda job: len(job.snapshot().code) > 0,
        ),
        "model, reasoning streaming": (
            Reply(
                content=PAGE_HTML,
                reasoning="Looking at the layout. " * 400,
                chunk_chars=8,
                chunk_delay_s=0.02,
            ),
            lambda job: job.snapshot().reasoning_chars > 0,
        ),
        "model, endpoint silent (6 s stall)": (
            Reply(content=PAGE_HTML, chunk_chars=8, stall_after_chunks=40, stall_s=6.0),
            lambda job: len(job.snapshot().code) >= 200,
        ),
    }
    stops = []
    with FakeOpenAIServer(models=("kimi-k2.5",)) as server:
        for case, (reply, started) in cases.items():
            for index in range(points):
                server.script(reply)
                engine = kimi_engine(server, read_timeout_s=30.0)
                stop = stop_job(engine, request, once(started, 0.2 + 0.3 * index))
                engine.close()
                if stop is not None:
                    stops.append(Stop(case, stop.stage, stop.to_stopped_s, stop.to_engine_end_s))
    return stops


def seconds_row(values: list[float]) -> str:
    if not values:
        return "— | — | —"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered):.3f} | {p95:.3f} | {ordered[-1]:.3f}"


def print_table(stops: list[Stop], title: str, engine_column: bool = True) -> None:
    """One row per case: seconds from Stop to "Stopped" (and to the engine's end), median, p95, max."""
    columns = ["case", "stops", "to Stopped: median", "p95", "max"]
    if engine_column:
        columns += ["to engine end: median", "p95", "max"]
    columns += ["≤ 1 s", "stage at Stop"]
    print(f"\n### {title}\n\n| " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * (len(columns) - 3) + "---|---|")
    for case in dict.fromkeys(stop.case for stop in stops):
        mine = [stop for stop in stops if stop.case == case]
        stopped = [stop.to_stopped_s for stop in mine]
        met = "PASS" if max(stopped) <= TARGET_S else "FAIL"
        stages = ", ".join(f"{name} {n}" for name, n in Counter(stop.stage for stop in mine).most_common())
        engine = f" {seconds_row([stop.to_engine_end_s for stop in mine])} |" if engine_column else ""
        print(f"| {case} | {len(mine)} | {seconds_row(stopped)} |{engine} {met} | {stages} |")


# --- the app in a browser -----------------------------------------------------------------------

STOP_PROBE = """
() => {
  window.__stop = { clicked: null, seen: null, states: [] };
  const app = document.querySelector("[data-testid='stApp']");
  new MutationObserver(() => {
    if (window.__stop.clicked !== null && window.__stop.seen === null) {
      const state = app.getAttribute("data-test-script-state");
      window.__stop.states.push([Math.round(performance.now() - window.__stop.clicked), state]);
    }
  }).observe(app, { attributes: true, attributeFilter: ["data-test-script-state"] });
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (button && button.innerText.trim().endsWith("Stop") && window.__stop.clicked === null) {
      window.__stop.clicked = performance.now();
    }
  }, true);
  const look = () => {
    const picker = document.querySelector("input[aria-label='Result']");
    if (window.__stop.clicked !== null && picker && / · (stopped|partial)$/.test(picker.value)) {
      window.__stop.seen = performance.now();
      return;
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}
"""


def bench_app(dataset: Path, repeats: int) -> list[Stop]:
    from playwright.sync_api import expect, sync_playwright

    from converters.render import CHROMIUM_ARGS
    from tests.e2e.conftest import run_app
    from tests.fakes.engines import TEST_KEY

    chromium = os.environ.get("HANDOFF_CHROMIUM", "/usr/bin/chromium")
    timeout_ms = 120_000
    label, request = offline_requests(dataset, 1)[0]
    stops: list[Stop] = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        design_path = Path(folder) / "design.png"
        design_path.write_bytes(request.design.png)
        browser = playwright.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))

        def once(url: str, case: str, ready: Callable[..., None]) -> None:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            try:
                page.goto(url)
                upload = page.locator("[data-testid='stFileUploaderDropzoneInput']")
                expect(upload).to_be_attached(timeout=timeout_ms)
                upload.set_input_files(design_path)
                expect(page.locator("[data-testid='stImage'] img").first).to_be_visible(timeout=timeout_ms)
                page.get_by_role("button", name="Convert", exact=True).click()
                stop = page.get_by_role("button", name="Stop")
                expect(stop).to_be_visible(timeout=timeout_ms)
                ready(page)
                page.evaluate(STOP_PROBE)
                stage = "Reading the text" if page.get_by_text("Reading the text").count() else "streaming"
                stop.click()
                page.wait_for_function("() => window.__stop.seen !== null", timeout=timeout_ms, polling=50)
                probe = page.evaluate("() => window.__stop")
                seconds = (probe["seen"] - probe["clicked"]) / 1000
                stops.append(Stop(case, stage, seconds, float("nan")))
                print(
                    f"- {case}: {seconds:.2f} s; script states (ms after the click): {probe['states']}",
                    file=sys.stderr,
                )
            finally:
                page.close()

        log_dir = Path(folder)
        env = {"HANDOFF_ENGINE": "offline", "HANDOFF_DATA_DIR": str(log_dir / "data-offline")}
        env |= {name: "" for name in ("MOONSHOT_API_KEY", "OPENAI_API_KEY")}
        (log_dir / "offline").mkdir()
        with run_app(log_dir / "offline", env) as server:
            for _ in range(repeats):
                once(
                    server.url,
                    f"offline ({label}), in the app",
                    lambda page: page.get_by_text("Reading the text").first.wait_for(timeout=timeout_ms),
                )
        (log_dir / "kimi").mkdir()
        with FakeOpenAIServer(models=("kimi-k2.5",), api_key=TEST_KEY) as fake:
            env = {
                "MOONSHOT_API_KEY": TEST_KEY,
                "MOONSHOT_BASE_URL": fake.base_url,
                "HANDOFF_ENGINE": "kimi",
                "HANDOFF_DATA_DIR": str(log_dir / "data-kimi"),
            }
            with run_app(log_dir / "kimi", env) as server:
                for _ in range(repeats):
                    fake.script(Reply(content=PAGE_HTML, chunk_chars=8, chunk_delay_s=0.02))
                    once(
                        server.url,
                        "model, code streaming, in the app",
                        lambda page: page.get_by_text("Feature 3").first.wait_for(timeout=timeout_ms),
                    )
                for _ in range(repeats):
                    fake.script(Reply(content=PAGE_HTML, chunk_chars=8, hold_after_chunks=40))
                    try:
                        once(
                            server.url,
                            "model, endpoint silent, in the app",
                            lambda page: page.get_by_text("DOCTYPE").first.wait_for(timeout=timeout_ms),
                        )
                    finally:
                        if fake.holding:
                            fake.release()
        browser.close()
    return stops


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dataset", type=Path, default=EVAL)
    parser.add_argument("--designs", type=int, default=3, help="largest pages of the dataset to stop")
    parser.add_argument("--points", type=int, default=6, help="stops per design, and per model case")
    parser.add_argument("--app", action="store_true", help="also time Stop in the real app in Chromium")
    parser.add_argument("--only", choices=["offline", "model", "app"], help="run one part only")
    parser.add_argument("--repeats", type=int, default=3, help="stops per case in the app")
    args = parser.parse_args()
    load = os.getloadavg()
    when = time.strftime("%Y-%m-%d %H:%M")
    loads = " / ".join(f"{value:.1f}" for value in load)
    print(f"Stop latency on {os.cpu_count()} cores, load average {loads}, {when}")
    if args.only in (None, "offline"):
        print_table(bench_offline(args.dataset, args.designs, args.points), "Jobs (converters.jobs): offline")
    if args.only in (None, "model"):
        print_table(bench_model(args.points), "Jobs (converters.jobs): model engine on the fake server")
    if args.app or args.only == "app":
        print_table(
            bench_app(args.dataset, args.repeats),
            "The app in Chromium (click → result picker)",
            engine_column=False,
        )
    print("\nLoad average at the end: " + " / ".join(f"{value:.1f}" for value in os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
