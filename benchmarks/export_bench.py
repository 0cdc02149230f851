"""Time to build the project exports, and to install and build the React project with npm.

    .venv/bin/python benchmarks/export_bench.py [--zip-repeats N] [--repeats N] [--no-npm] [--cold-cache]

Inputs are generated pages of 24 cards (5-7 kB of code per target), styled like the engines' output.
Rows (median / min / max ms): ``project_zip`` per target (HTML + Tailwind with a warm ``Renderer``
passed as ``tailwind_css``, and once more with no renderer, so that ``project_zip`` starts its
own Chromium), ``compile_tailwind`` alone in a warm renderer, then ``npm install --no-audit
--no-fund`` and ``npm run build`` of the unzipped React project (``--repeats`` fresh projects,
1 by default). npm uses its usual cache unless ``--cold-cache`` gives it an empty one (every
package then comes from the registry). The header has node/npm versions and the load average:
run it on a quiet machine. Takes about a minute with a warm npm cache on 2 busy cores.
"""

from __future__ import annotations

import argparse
import functools
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere: import the repo

from converters.conversion import Conversion, Timings
from converters.export import DEPENDENCIES, DEV_DEPENDENCIES, compile_tailwind, project_zip
from converters.render import Renderer
from converters.targets import Target

CARDS = 24


def _conversion(code: str, target: Target) -> Conversion:
    timings = Timings(started_at="2026-01-01T00:00:00+00:00", total_s=0.0)
    return Conversion(code, target, "offline", "offline", "bench", "bench", timings)


def _cards(attribute: str, styled: bool) -> str:
    cards = []
    for number in range(CARDS):
        classes = (
            f"rounded-xl bg-white p-[{12 + number % 5}px] shadow-sm ring-1 ring-slate-200"
            if styled
            else f"card card-{number % 4}"
        )
        title = "text-lg font-semibold text-slate-900" if styled else "card-title"
        body = f"mt-2 text-sm text-slate-600 md:text-[{13 + number % 3}px]" if styled else "card-body"
        cards.append(
            f'      <article {attribute}="{classes}">\n'
            f'        <h2 {attribute}="{title}">Feature {number + 1}</h2>\n'
            f'        <p {attribute}="{body}">Describes feature {number + 1} in one short sentence.</p>\n'
            "      </article>"
        )
    return "\n".join(cards)


def _inputs() -> dict[Target, str]:
    grid = "grid grid-cols-1 gap-4 bg-[#f8fafc] p-8 sm:grid-cols-2 lg:grid-cols-4"
    react = (
        "export default function App() {\n  return (\n"
        f'    <main className="{grid}">\n{_cards("className", True)}\n    </main>\n  );\n}}\n'
    )
    head = '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Features</title>\n'
    tailwind = (
        f'{head}</head>\n<body>\n  <main class="{grid}">\n{_cards("class", True)}\n  </main>\n'
        "</body>\n</html>\n"
    )
    css = "".join(
        f".card-{n} {{ padding: {12 + n}px; }}\n.card-{n} .card-title {{ color: #0f172a; }}\n"
        for n in range(4)
    )
    plain = (
        f"{head}<style>\nmain {{ display: grid; gap: 16px; padding: 32px; }}\n.card {{ border-radius: 12px; "
        f"background: #fff; }}\n{css}</style>\n</head>\n<body>\n  <main>\n{_cards('class', False)}\n"
        "  </main>\n</body>\n</html>\n"
    )
    return {Target.REACT_TAILWIND: react, Target.HTML_CSS: plain, Target.HTML_TAILWIND: tailwind}


def _times_ms(work: Callable[[], object], repeats: int) -> list[float]:
    work()  # warm-up, not counted
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _row(name: str, times: list[float], note: str = "") -> str:
    values = [statistics.median(times), min(times), max(times)]
    median, low, high = (f"{value:.1f}" if value < 10 else f"{value:.0f}" for value in values)
    return f"| {name} | {len(times)} | {median} | {low} | {high} | {note} |"


def _version(command: str) -> str:
    path = shutil.which(command)
    if path is None:
        return "absent"
    return subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout.strip()


def _npm_rows(code: str, repeats: int, cold_cache: bool) -> list[str]:
    npm = shutil.which("npm")
    if npm is None:
        return ["| npm install / build | 0 | | | | npm is not installed |"]
    installs: list[float] = []
    builds: list[float] = []
    sizes: list[int] = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory(prefix="handoff-export-bench-") as temp:
            root = Path(temp)
            with zipfile.ZipFile(
                io.BytesIO(project_zip(_conversion(code, Target.REACT_TAILWIND), "bench"))
            ) as zipped:
                zipped.extractall(root)
            env = {**os.environ, "npm_config_update_notifier": "false", "npm_config_loglevel": "error"}
            if cold_cache:
                env["npm_config_cache"] = str(root / "npm-cache")
            for command, times in (
                (["install", "--no-audit", "--no-fund"], installs),
                (["run", "build"], builds),
            ):
                started = time.perf_counter()
                subprocess.run([npm, *command], cwd=root / "bench", env=env, capture_output=True, check=True)
                times.append((time.perf_counter() - started) * 1000)
            sizes.append(
                sum(path.stat().st_size for path in (root / "bench" / "dist").rglob("*") if path.is_file())
            )
    cache = "empty npm cache" if cold_cache else "npm's usual cache"
    return [
        _row("`npm install --no-audit --no-fund`", installs, cache),
        _row("`npm run build` (vite build)", builds, f"dist {statistics.median(sizes) / 1024:.0f} kB"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--zip-repeats", type=int, default=20, help="runs per project_zip row (median)")
    parser.add_argument("--repeats", type=int, default=1, help="npm install + build runs")
    parser.add_argument("--no-npm", action="store_true", help="skip npm install and build")
    parser.add_argument("--cold-cache", action="store_true", help="npm install with an empty cache")
    args = parser.parse_args()
    inputs = _inputs()
    rows: list[str] = []
    with Renderer() as renderer:

        def compiler(html: str) -> str:
            return compile_tailwind(html, renderer)

        for target, code in inputs.items():
            conversion = _conversion(code, target)
            size = len(project_zip(conversion, "bench", tailwind_css=compiler))
            build = functools.partial(project_zip, conversion, "bench", tailwind_css=compiler)
            times = _times_ms(build, args.zip_repeats)
            note = "warm Renderer" if target is Target.HTML_TAILWIND else ""
            rows.append(
                _row(f"`project_zip` {target.label}", times, f"{size / 1024:.1f} kB zip; {note}".rstrip("; "))
            )
        page = inputs[Target.HTML_TAILWIND]
        css = compile_tailwind(page, renderer)
        times = _times_ms(lambda: compile_tailwind(page, renderer), args.zip_repeats)
        rows.append(_row("`compile_tailwind`", times, f"{len(css) / 1024:.1f} kB CSS; warm Renderer"))
    conversion = _conversion(inputs[Target.HTML_TAILWIND], Target.HTML_TAILWIND)
    cold = _times_ms(lambda: project_zip(conversion, "bench"), max(1, args.zip_repeats // 5))
    rows.append(_row("`project_zip` HTML + Tailwind", cold, "own Chromium started and closed"))
    if not args.no_npm:
        rows += _npm_rows(inputs[Target.REACT_TAILWIND], args.repeats, args.cold_cache)
    load = os.getloadavg()
    pinned = ", ".join(f"{name} {version}" for name, version in {**DEPENDENCIES, **DEV_DEPENDENCIES}.items())
    print(
        f"Exports of {CARDS}-card pages; node {_version('node')}, npm {_version('npm')}; {pinned}; "
        f"{os.cpu_count()} cores, load {load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f}\n"
    )
    print("| step | runs | median ms | min ms | max ms | notes |\n|---|--:|--:|--:|--:|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
