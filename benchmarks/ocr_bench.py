"""Time and accuracy of OCR on the Design2Code development pages, per configuration, as Markdown.

    .venv/bin/python benchmarks/ocr_bench.py [--limit N] [--eval-dir DIR] [--only NAME ...]

Configurations (``--only`` picks some by name):

- ``ocr-defaults``: ``converters.ocr.read_lines`` as the fidelity reference uses it (rapidocr's
  pipeline, pages scaled to 2,000 px, one onnxruntime thread); lines only, no colours.
- ``offline``: ``converters.offline.text.read_text`` with its default ``TextSettings`` (the chosen
  ones): lines, split at gaps, with colours and stroke widths.
- variants of ``offline`` that change one setting: ``squeeze-1`` (recognise at full width),
  ``batch-6`` (recognise in batches of 6, padded to the widest, as rapidocr does), ``no-regions``
  (detect on the whole page, no blank bands skipped), ``workers-2`` (two Python threads over
  single-threaded onnxruntime), ``threads-2`` (two onnxruntime intra-op threads).

Per page and configuration: wall seconds and CPU seconds of the call (models loaded beforehand, by
one untimed warm-up call per configuration), the number of lines, and the accuracy: difflib's
ratio between the page's OCR text and its visible DOM text, both put in reading order (rows top to
bottom, left to right: ``converters.ocr.reading_order`` on the lines and on the DOM's text
blocks) and whitespace collapsed, averaged over pages. That ratio also moves when the same text
comes out in another order (a line box a few px higher joins another row), so the table adds
word recall and precision, which ignore order: words (runs of letters and digits, lower case)
of the DOM text found in the OCR text, as multisets, over all pages. The DOM text comes from
rendering each page's HTML once with ``converters.render.Renderer`` and the dataset's
``fonts.conf`` (as its screenshots were made), cached in ``--cache-dir``; ``--reference html``
strips the HTML's tags instead (no browser).
Configurations run one after the other on each page, so a change of machine load hits them
alike. The machine is shared: wall times move with its load (in the header); CPU seconds much
less (one thread: about the wall time of an idle core).

Inputs are read from ``--eval-dir`` (default ``../shared/eval`` beside the repository), never
copied into it. Target (issue 6): median conversion < 3 s per page, OCR included.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import hashlib
import html.parser
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from converters.ocr import OcrLine, read_lines
from converters.ocr.reader import reading_order
from converters.offline.text import TextSettings, read_text

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"
CACHE_DIR = Path(tempfile.gettempdir()) / "handoff-ocr-bench"

Reader = Callable[[Image.Image], list[tuple[str, float, float, float, float]]]
"""An OCR configuration: image -> lines as (text, x, y, width, height)."""


def _read_lines(image: Image.Image) -> list[tuple[str, float, float, float, float]]:
    return [(line.text, line.x, line.y, line.width, line.height) for line in read_lines(image)]


def _offline(settings: TextSettings) -> Reader:
    def read(image: Image.Image) -> list[tuple[str, float, float, float, float]]:
        result = read_text(image, settings=settings)
        return [(line.text, line.box.x, line.box.y, line.box.w, line.box.h) for line in result.lines]

    return read


CHOSEN = TextSettings()
CONFIGS: dict[str, tuple[str, Reader]] = {
    "ocr-defaults": ("converters.ocr.read_lines (rapidocr pipeline, max side 2000)", _read_lines),
    "offline": ("read_text, chosen settings", _offline(CHOSEN)),
    "squeeze-1": ("read_text, squeeze 1.0 (full width)", _offline(TextSettings(squeeze=1.0))),
    "batch-6": ("read_text, batches of 6 (rapidocr's default)", _offline(TextSettings(batch=6))),
    "no-regions": ("read_text, whole page detected", _offline(TextSettings(region_gap=1_000_000))),
    "workers-2": ("read_text, 2 worker threads", _offline(TextSettings(workers=2))),
    "threads-2": ("read_text, 2 onnxruntime threads", _offline(TextSettings(threads=2))),
}


@dataclass
class Tally:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    lines: int = 0
    accuracy: list[float] = field(default_factory=list)
    words_found: int = 0  # words of the reference also in the OCR text (as multisets)
    words_read: int = 0
    words_expected: int = 0


class _TextOnly(html.parser.HTMLParser):
    """Visible text of an HTML page, roughly: all text outside script, style, head and template."""

    SKIP = frozenset({"script", "style", "head", "template", "noscript"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skipping > 0:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def _dom_texts(folder: Path, ids: list[str], cache: Path) -> dict[str, str]:
    """Each page's visible DOM text in reading order, rendered once and cached by HTML hash."""
    cache.mkdir(parents=True, exist_ok=True)
    texts: dict[str, str] = {}
    missing: list[tuple[str, Path]] = []
    for page_id in ids:
        digest = hashlib.sha256((folder / f"{page_id}.html").read_bytes()).hexdigest()[:16]
        cached = cache / f"{page_id}-{digest}.json"
        if cached.is_file():
            texts[page_id] = json.loads(cached.read_text())["text"]
        else:
            missing.append((page_id, cached))
    if missing:
        from converters.render import Renderer

        fonts = folder / "fonts.conf"
        with Renderer(fontconfig_file=fonts if fonts.is_file() else None) as renderer:
            for page_id, cached in missing:
                blocks = renderer.render_html_file(folder / f"{page_id}.html").blocks
                lines = [OcrLine(b.text, b.x, b.y, b.width, b.height, 1.0) for b in blocks if b.text.strip()]
                texts[page_id] = " ".join(line.text for line in reading_order(lines))
                cached.write_text(json.dumps({"text": texts[page_id]}))
    return texts


def _html_texts(folder: Path, ids: list[str]) -> dict[str, str]:
    texts = {}
    for page_id in ids:
        parser = _TextOnly()
        parser.feed((folder / f"{page_id}.html").read_text(errors="replace"))
        texts[page_id] = " ".join(parser.parts)
    return texts


def _accuracy(lines: list[tuple[str, float, float, float, float]], reference: str) -> float:
    ordered = reading_order(OcrLine(text, x, y, w, h, 1.0) for text, x, y, w, h in lines)
    ours = _collapse(" ".join(line.text for line in ordered))
    return difflib.SequenceMatcher(None, ours, _collapse(reference), autojunk=False).ratio()


def _words(text: str) -> Counter[str]:
    return Counter(word.lower() for word in re.findall(r"\w+", text))


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    parser.add_argument("--limit", type=int, default=0, help="first N pages of the manifest (0: all)")
    parser.add_argument("--only", nargs="+", choices=sorted(CONFIGS), default=list(CONFIGS))
    parser.add_argument("--reference", choices=("dom", "html"), default="dom")
    parser.add_argument("--cache-dir", type=Path, default=CACHE_DIR)
    parser.add_argument("--per-page", action="store_true", help="also print each page's figures to stderr")
    args = parser.parse_args()

    folder = args.eval_dir / "design2code"
    manifest = folder / "manifest.jsonl"
    if not manifest.is_file():
        print(f"No Design2Code pages at {folder} (use --eval-dir).", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in manifest.read_text().splitlines() if line.strip()]
    ids = [str(row["id"]) for row in rows][: args.limit or None]
    if args.reference == "dom":
        references = _dom_texts(folder, ids, args.cache_dir)
    else:
        references = _html_texts(folder, ids)

    started = time.perf_counter()
    load_before = os.getloadavg()
    first = Image.open(folder / f"{ids[0]}.png").convert("RGB")
    for name in args.only:
        CONFIGS[name][1](first)  # loads the models: excluded from the timings
    tallies = {name: Tally() for name in args.only}
    for page_id in ids:
        image = Image.open(folder / f"{page_id}.png").convert("RGB")
        for name in args.only:
            wall, cpu = time.perf_counter(), time.process_time()
            lines = CONFIGS[name][1](image)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            tally = tallies[name]
            tally.wall.append(wall)
            tally.cpu.append(cpu)
            tally.lines += len(lines)
            tally.accuracy.append(_accuracy(lines, references[page_id]))
            read, expected = _words(" ".join(line[0] for line in lines)), _words(references[page_id])
            tally.words_found += sum((read & expected).values())
            tally.words_read += sum(read.values())
            tally.words_expected += sum(expected.values())
            if args.per_page:
                print(
                    f"{page_id} {image.width}x{image.height} {name}: {wall:.2f} s wall, {cpu:.2f} s CPU, "
                    f"{len(lines)} lines, accuracy {tally.accuracy[-1]:.3f}",
                    file=sys.stderr,
                )

    load = ", ".join(f"{value:.2f}" for value in load_before)
    load_after = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"OCR on {len(ids)} Design2Code pages ({folder}), {datetime.date.today()}, "
        f"{platform.machine()} x {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"load average {load} before, {load_after} after; {time.perf_counter() - started:.0f} s; "
        f"reference: {'rendered DOM text' if args.reference == 'dom' else 'HTML text without tags'}\n"
    )
    print(
        "| configuration | median s | p95 s | median CPU s | p95 CPU s | lines | accuracy "
        "| word recall | word precision |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in args.only:
        tally = tallies[name]
        print(
            f"| `{name}`: {CONFIGS[name][0]} | {statistics.median(tally.wall):.2f} | {_p95(tally.wall):.2f} "
            f"| {statistics.median(tally.cpu):.2f} | {_p95(tally.cpu):.2f} | {tally.lines} "
            f"| {statistics.mean(tally.accuracy):.4f} "
            f"| {tally.words_found / max(1, tally.words_expected):.4f} "
            f"| {tally.words_found / max(1, tally.words_read):.4f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
