"""Time and memory of design intake (``converters.intake.load_design``), printed as Markdown.

Per case: median milliseconds of ``load_design`` (decode and normalise), of the first access
to ``.model_copy`` afterwards (what a vision-model conversion needs), and of the first access
to ``.png`` after that (the lossless full-size PNG, encoded only when it is downloaded or
stored; for screenshots it is usually the model copy already), each repeat on a
fresh ``load_design`` call after one untimed warm-up; then the peak RSS of one separate
process that does all three (Linux). Inputs are built in a temporary directory from the
evaluation set when it is present (read only, never copied into the repo), otherwise drawn
with Pillow.

    .venv/bin/python benchmarks/intake_bench.py [--repeats N] [--only SUBSTRING]
"""

from __future__ import annotations

import argparse
import datetime
import functools
import itertools
import json
import os
import platform
import resource
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import cairosvg
import numpy as np
import PIL
from PIL import Image, ImageDraw, ImageOps

from converters import IntakeError, LimitExceededError, load_design

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"  # ../shared/eval, beside the repo
KIB = 1024
MB = 1024 * 1024
RNG_SEED = 20240601
PHOTO = "sketch photo 4000x3000 JPEG"
LARGEST = "largest accepted: 40 MP PNG"
BOMB = "bomb: PNG header 100000x100000"


@dataclass(frozen=True)
class Case:
    label: str
    path: Path
    size: str  # the input's own width × height, as declared (px, or pt for PDF)
    refused: bool = False  # load_design must raise LimitExceededError


@dataclass(frozen=True)
class Result:
    """Medians in ms (``None``: not reached, the input was refused) and memory in MB."""

    out_size: str
    normalise_ms: float
    png_ms: float | None
    model_ms: float | None
    total_ms: float
    peak_mb: float = 0.0
    extra_mb: float = 0.0


@functools.cache
def _eval_pages(eval_dir: Path | None) -> list[Image.Image]:
    if eval_dir is None:
        return [_draw_page(1280, 720 + 600 * i, seed=i) for i in range(6)]
    return [Image.open(p).convert("RGB") for p in sorted((eval_dir / "design2code").glob("*.png"))]


def _draw_page(width: int, height: int, seed: int) -> Image.Image:
    """A synthetic web page: header, rows of cards with text lines and buttons."""
    rng = np.random.default_rng(seed)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 64), fill=(30, 41, 59))
    draw.text((24, 24), f"Synthetic page {seed}", fill="white")
    for top in range(96, height - 200, 240):
        for left in range(24, width - 300, 312):
            draw.rounded_rectangle((left, top, left + 288, top + 208), 10, fill=(241, 245, 249))
            for line in range(5):
                y, length = top + 20 + 22 * line, int(rng.integers(120, 250))
                draw.rectangle((left + 16, y, left + length, y + 10), fill=(100, 116, 139))
            draw.rounded_rectangle((left + 16, top + 160, left + 120, top + 192), 6, fill=(37, 99, 235))
    return image


def _sketch_photo(eval_dir: Path | None) -> Image.Image:
    """A landscape sketch photo (or a drawn stand-in): the source of the 4000×3000 JPEG."""
    if eval_dir is not None:
        for path in sorted((eval_dir / "sketches").glob("*.jpg")):
            with Image.open(path) as photo:
                if photo.width > photo.height and photo.width * 3 >= photo.height * 4 * 0.9:
                    return photo.convert("RGB")
    return _draw_page(1200, 900, seed=99)


def _with_noise(image: Image.Image, sigma: float, fraction: float = 1.0) -> Image.Image:
    """Add grey Gaussian noise to ``fraction`` of the pixels, as camera sensors do."""
    rng = np.random.default_rng(RNG_SEED)
    pixels = np.asarray(image).astype(np.int16)
    noise = np.rint(rng.normal(0.0, sigma, (*pixels.shape[:2], 1))).astype(np.int16)
    if fraction < 1.0:
        noise *= rng.random(noise.shape) < fraction
    return Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8))


def _tile(pages: list[Image.Image], width: int, height: int) -> Image.Image:
    """Fill columns of the first page's width with ``pages`` stacked top to bottom, repeating."""
    canvas = Image.new("RGB", (width, height), "white")
    for left in range(0, width, pages[0].width):
        top, cycle = 0, itertools.cycle(pages)
        while top < height:
            page = next(cycle)
            canvas.paste(page, (left, top))
            top += page.height
    return canvas


def _mock_svg(width: int = 1440, height: int = 1024) -> bytes:
    """A UI mock as vector shapes: header bar, sidebar, cards with text and buttons."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif">',
        f'<rect width="{width}" height="{height}" fill="#f8fafc"/>',
        f'<rect width="{width}" height="72" fill="#1e293b"/>',
        '<text x="32" y="46" font-size="24" fill="#fff" font-weight="bold">Handoff Dashboard</text>',
        '<rect x="0" y="72" width="240" height="952" fill="#e2e8f0"/>',
    ]
    for i in range(8):
        parts.append(f'<text x="32" y="{130 + 44 * i}" font-size="16" fill="#334155">Menu {i + 1}</text>')
    for card in range(9):
        x, y = 280 + card % 3 * 380, 112 + card // 3 * 300
        parts += [
            f'<rect x="{x}" y="{y}" width="350" height="270" rx="12" fill="#fff" stroke="#cbd5e1"/>',
            f'<text x="{x + 24}" y="{y + 44}" font-size="20" fill="#0f172a">Card {card + 1}</text>',
            f'<rect x="{x + 24}" y="{y + 206}" width="128" height="40" rx="8" fill="#2563eb"/>',
            f'<text x="{x + 52}" y="{y + 232}" font-size="16" fill="#fff">Open</text>',
        ]
        for k in range(5):
            line = f'x="{x + 24}" y="{y + 70 + 24 * k}" width="{300 - 40 * (k % 3)}" height="10"'
            parts.append(f'<rect {line} rx="5" fill="#94a3b8"/>')
    parts.append("</svg>")
    return "\n".join(parts).encode()


def _bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A small, well-formed PNG whose header claims ``width`` × ``height`` RGB pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 4096, 9)  # the first rows only; nothing gets that far
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _save(image: Image.Image | bytes, path: Path, size: str = "", **options: Any) -> str:
    """Write an image (with Pillow ``options``) or ready bytes; return the size for the table."""
    if isinstance(image, bytes):
        path.write_bytes(image)
        return size
    image.save(path, **options)
    return f"{image.width}×{image.height}"


def build_cases(workdir: Path, eval_dir: Path | None, only: str) -> list[Case]:
    """Write each selected case's input into ``workdir``; return the cases in table order."""
    pages = functools.partial(_eval_pages, eval_dir)
    svg = _mock_svg()
    pdf = cairosvg.svg2pdf(bytestring=svg)  # 1 CSS px becomes 0.75 pt

    def screenshot(path: Path) -> str:
        first_tall = next(page for page in pages() if page.height >= 800)
        return _save(first_tall.crop((0, 0, 1280, 800)), path)

    def sketch(path: Path) -> str:
        photo = ImageOps.fit(_sketch_photo(eval_dir), (4000, 3000), Image.Resampling.LANCZOS)
        return _save(_with_noise(photo, sigma=3.0), path, quality=90)

    def largest(path: Path) -> str:
        tallest = max(pages(), key=lambda page: page.height)
        # Noise on a quarter of the pixels: texture like a real export, yet under the 25 MB limit.
        noisy = _with_noise(_tile([tallest], 8000, 5000), sigma=1.0, fraction=0.25)
        return _save(noisy, path, compress_level=1)

    builders: list[tuple[str, str, Callable[[Path], str], bool]] = [
        ("screenshot 1280x800 PNG", "screenshot.png", screenshot, False),
        (PHOTO, "sketch.jpg", sketch, False),
        ("full page 1280x12000 PNG", "full_page.png", lambda p: _save(_tile(pages(), 1280, 12000), p), False),
        ("one-page PDF", "mock.pdf", lambda p: _save(pdf, p, "1080×768 pt"), False),
        ("SVG 1440x1024", "mock.svg", lambda p: _save(svg, p, "1440×1024"), False),
        (LARGEST, "largest.png", largest, False),
        (BOMB, "bomb.png", lambda p: _save(_bomb_png(), p, "100000×100000"), True),
    ]
    cases = []
    for label, name, build, refused in builders:
        if only.lower() in label.lower():
            path = workdir / name
            cases.append(Case(label, path, build(path), refused))
    return cases


def _ms(start: int) -> float:
    return (time.perf_counter_ns() - start) / 1e6


def time_case(case: Case, repeats: int) -> Result:
    """Median ms of normalise, +png, +model copy and their total (of a refusal: its time)."""
    data = case.path.read_bytes()
    rows: list[tuple[float, float, float]] = []
    out_size = "refused"
    for _ in range(repeats + 1):  # the first run warms caches and lazy imports, and is dropped
        start = time.perf_counter_ns()
        try:
            design = load_design(data, case.path.name)
        except IntakeError as exc:
            if not (case.refused and isinstance(exc, LimitExceededError)):
                raise
            rows.append((_ms(start), 0.0, 0.0))
            continue
        if case.refused:
            raise SystemExit(f"{case.label}: load_design accepted it; it must be refused")
        normalise, start = _ms(start), time.perf_counter_ns()
        _ = design.model_copy
        model, start = _ms(start), time.perf_counter_ns()
        _ = design.png
        rows.append((normalise, _ms(start), model))
        out_size = f"{design.width}×{design.height}"
        del design
    rows = rows[1:]
    normalise, png, model = (statistics.median(column) for column in zip(*rows, strict=True))
    total = statistics.median(sum(row) for row in rows)
    return Result(out_size, normalise, None if case.refused else png, None if case.refused else model, total)


def _rss_kib(field: str) -> int:
    """``VmRSS`` (now) or ``VmHWM`` (peak) of this process in KiB; ``ru_maxrss`` without /proc.

    ``ru_maxrss`` alone is not enough here: Linux keeps it across ``execve``, so a child started
    by this (large) process would report at least the parent's peak. ``VmHWM`` starts afresh.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    line = next(line for line in status.splitlines() if line.startswith(field + ":"))
    return int(line.split()[1])


def child_main(path: Path) -> None:
    """Run one intake in this (fresh) process and print baseline and peak RSS (KiB) as JSON."""
    data = path.read_bytes()
    baseline = _rss_kib("VmRSS")
    try:
        design = load_design(data, path.name)
        _ = design.model_copy, design.png
    except IntakeError:
        pass
    sys.stdout.write(json.dumps({"baseline_kib": baseline, "peak_kib": _rss_kib("VmHWM")}) + "\n")


def measure_memory(case: Case) -> tuple[float, float]:
    """Peak RSS and peak minus baseline, in MB, from one separate process."""
    output = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", str(case.path)],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    report = json.loads(output.strip().splitlines()[-1])
    return report["peak_kib"] * KIB / MB, (report["peak_kib"] - report["baseline_kib"]) * KIB / MB


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n / KIB:.1f} KB" if n >= KIB else f"{n} B"


def _cell(ms: float | None) -> str:
    return "—" if ms is None else f"{ms:.2f}" if ms < 1 else f"{ms:,.1f}"


def report(cases: list[Case], results: dict[str, Result], source: str, repeats: int) -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        f"Intake benchmark, {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}: "
        f"nproc {os.cpu_count()}, load {load}, Python {platform.python_version()}, "
        f"Pillow {PIL.__version__}; "
        f"inputs from {source}; medians of {repeats} repeats after one warm-up.",
        "",
        "| case | input (W×H, file size) | normalise ms | +model copy ms | +full PNG ms | total ms "
        "| peak RSS MB | peak−baseline MB |",
        "|---|---|--:|--:|--:|--:|--:|--:|",
    ]
    for case in cases:
        r = results[case.label]
        arrow = "" if r.out_size in (case.size, "refused") else f" → {r.out_size}"
        total = "refused" if case.refused else _cell(r.total_ms)
        lines.append(
            f"| {case.label} | {case.size}{arrow}, {_size(case.path.stat().st_size)} "
            f"| {_cell(r.normalise_ms)} | {_cell(r.model_ms)} | {_cell(r.png_ms)} | {total} "
            f"| {r.peak_mb:.0f} | {r.extra_mb:.0f} |"
        )
    lines += ["", "Targets:", ""]
    lines += _targets(results)
    return "\n".join(lines)


def _targets(results: dict[str, Result]) -> list[str]:
    verdict, lines = {True: "PASS", False: "FAIL"}, []
    if photo := results.get(PHOTO):
        with_model = photo.normalise_ms + (photo.model_ms or 0.0)
        lines.append(
            f"- {verdict[photo.normalise_ms < 150]} 4000×3000 JPEG normalise < 150 ms: "
            f"{photo.normalise_ms:.0f} ms. Not covered by the target: with the model copy it takes "
            f"{with_model:,.0f} ms, and {photo.total_ms:,.0f} ms with the full-size PNG as well."
        )
    if bomb := results.get(BOMB):
        lines.append(f"- {verdict[bomb.normalise_ms < 20]} bomb refused < 20 ms: {bomb.normalise_ms:.2f} ms")
    if big := results.get(LARGEST):
        lines.append(f"- {verdict[big.peak_mb < 400]} 40 MP PNG peak RSS < 400 MB: {big.peak_mb:.0f} MB")
    return lines or ["- (no target case selected)"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=7, help="timed repeats per case (default 7)")
    parser.add_argument("--only", default="", help="run only cases whose name contains this")
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR, help="evaluation set (read only)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_main(args.child)
        return 0
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    eval_dir = args.eval_dir if (args.eval_dir / "design2code").is_dir() else None
    source = f"{args.eval_dir} (read only)" if eval_dir else "synthetic Pillow drawings (no evaluation set)"
    with tempfile.TemporaryDirectory(prefix="intake-bench-") as tmp:
        cases = build_cases(Path(tmp), eval_dir, args.only)
        if not cases:
            parser.error(f"no case name contains {args.only!r}")
        results = {}
        for case in cases:
            peak_mb, extra_mb = measure_memory(case)
            results[case.label] = replace(time_case(case, args.repeats), peak_mb=peak_mb, extra_mb=extra_mb)
        sys.stdout.write(report(cases, results, source, args.repeats) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
