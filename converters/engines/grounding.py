"""Grounding a model in what the offline engine reads of the design: the exact text lines (with
their role, box and colour, in reading order), the colours, and the regions; in draft mode, the
offline engine's code as a draft to improve.

Design2Code's text-augmented prompting and the layout-tree work that followed it (DCGen,
LayoutCoder, ScreenCoder) found that a vision model given the page's text and layout misreads and
invents less. The reading is facts for the prompt (``prompts/grounding.txt`` says the image stays
the truth and the reading may hold OCR mistakes), kept within ``MAX_GROUNDING_TOKENS``.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence
from typing import Final

from converters.cancel import Cancellation
from converters.conversion import (
    ConversionRequest,
    DesignReading,
    EventHandler,
    Grounding,
    StatusEvent,
)
from converters.intake import DesignImage
from converters.offline.figma import read_figma
from converters.offline.model import Box
from converters.offline.reading import DesignRead, ReadLine, Region, write_code
from converters.offline.routing import read_design_of
from converters.palette import hex_colour

MAX_GROUNDING_TOKENS: Final = 2_500
"""Most tokens of facts sent with the image: about the image's own cost at the default model size,
so grounding at most doubles a request's input. A long page's text runs past it; what is trimmed
is said in the prompt (the model reads it from the image)."""
CHARS_PER_TOKEN: Final = 4
"""Characters per token for the estimate: English text and short lists of numbers average about
four on the GPT and Kimi tokenizers (benchmarks/refine_bench.py counts the same way)."""
COLOURS_LISTED: Final = 8
"""Text and fill colours listed, most used first: a page's palette is rarely larger."""
READINGS_KEPT: Final = 8
FROM_FILE_NOTE: Final = (
    "These texts, sizes and colours were read from the design's own data (its file's text layer, "
    "or its Figma nodes), not by OCR: the words, colours and boxes are exact; use them as they are."
)
"""Said with the facts of a vector design read from its file (``DesignRead.from_file``)."""
"""Designs whose reading is kept in memory (a few kB each): a change asked of a result sends the
conversion's first messages again, and reading the design anew would cost its OCR (seconds) each
turn; eight covers the designs a session or a small eval worker goes back to."""


_READINGS: OrderedDict[str, DesignRead] = OrderedDict()
_READINGS_LOCK = threading.Lock()


def needs_reading(request: ConversionRequest) -> bool:
    """Whether ``request`` asks for the design's reading and does not carry it yet."""
    return request.reading is None and (request.grounding is not Grounding.OFF or request.draft)


def with_reading(
    request: ConversionRequest,
    *,
    on_event: EventHandler | None = None,
    cancel: Cancellation | None = None,
) -> ConversionRequest:
    """``request`` with the offline engine's reading of its design (``needs_reading``), read on
    this machine. Raises ``Cancelled`` when stopped, ``OcrError`` when the OCR fails."""
    if not needs_reading(request):
        return request
    if on_event is not None:
        on_event(StatusEvent("Reading the design's text, colours and layout for the model…"))
    read = _read(request.design, cancel)
    draft = ""
    if request.draft:  # for frames: the widest frame's code (the offline engine's one-design draft)
        draft = write_code(read, request.target, request.design.source_name)
    facts, left_out = ("", "")
    if request.grounding is not Grounding.OFF and request.frames:
        reads = [(frame.width, _read(frame.design, cancel)) for frame in request.frames[:-1]]
        facts, left_out = frames_facts([*reads, (request.frames[-1].width, read)], request.grounding)
    elif request.grounding is not Grounding.OFF:
        facts, left_out = design_facts(read, request.grounding)
    reading = DesignReading(facts=facts, tokens=estimate_tokens(facts), left_out=left_out, draft=draft)
    return dataclasses.replace(request, reading=reading)


def _read(design: DesignImage, cancel: Cancellation | None) -> DesignRead:
    """The offline engine's reading of ``design``, read once per design (by its SHA-256 and
    page) while it is among the ``READINGS_KEPT`` latest. A design imported from Figma is read
    from its frame's nodes (exact, and quick: not kept)."""
    figma = design.figma
    if figma is not None:
        return read_figma(figma.document, figma.components)
    key = f"{design.sha256}:{design.page}"  # a PDF's pages share the file's digest
    with _READINGS_LOCK:
        known = _READINGS.get(key)
        if known is not None:
            _READINGS.move_to_end(key)
            return known
    read = read_design_of(design, cancel=cancel)
    with _READINGS_LOCK:
        _READINGS[key] = read
        while len(_READINGS) > READINGS_KEPT:
            _READINGS.popitem(last=False)
    return read


def estimate_tokens(text: str) -> int:
    return (len(text) + CHARS_PER_TOKEN - 1) // CHARS_PER_TOKEN


def design_facts(
    read: DesignRead, grounding: Grounding, budget: int = MAX_GROUNDING_TOKENS
) -> tuple[str, str]:
    """The reading as prompt text, and what was left out to keep within ``budget`` tokens (``""``
    when nothing was). Empty text when nothing was read: a blank design gives no facts."""
    if not read.lines and not read.regions:
        return "", ""
    head = [f"Page: {read.width} x {read.height} CSS px, background {hex_colour(read.background)}."]
    if read.from_file:  # the design's own text (a vector file, Figma nodes): exact, unlike OCR
        head.append(FROM_FILE_NOTE)
    colours = _colours(read.lines, read.regions)
    if colours:
        head.append(colours)
    regions = [_region(region) for region in read.regions] if grounding is Grounding.LAYOUT else []
    lines = [_line(number, line) for number, line in enumerate(read.lines, start=1)]
    budget_chars = budget * CHARS_PER_TOKEN
    used = sum(len(text) + 1 for text in head)
    # Regions first (few, and they place the lines), then lines top to bottom until the budget.
    kept_regions = _within(regions, budget_chars // 3, used)
    used += sum(len(text) + 1 for text in kept_regions)
    kept_lines = _within(lines, budget_chars, used + 200)  # room for the sections' titles and the note
    parts = [*head]
    if kept_regions:
        parts += ["", "Regions (kind [x, y, width, height], fill):", *kept_regions]
    if kept_lines:
        parts += ["", "Text lines in reading order (role [x, y, width, height] colour: text):", *kept_lines]
    left_out = _left_out(read, len(regions) - len(kept_regions), len(lines) - len(kept_lines))
    if left_out:
        parts += ["", f"Left out to keep this short: {left_out} Read them from the image."]
    return "\n".join(parts), left_out


def frames_facts(reads: Sequence[tuple[int, DesignRead]], grounding: Grounding) -> tuple[str, str]:
    """``design_facts`` of each frame of a screen (``reads``: each frame's width in CSS px and its
    reading, narrowest first), under a heading that names the frame; each frame has the budget
    of one design (it comes with an image of its own). What was left out names its frames."""
    parts: list[str] = []
    left: list[str] = []
    for number, (width, read) in enumerate(reads, start=1):
        facts, left_out = design_facts(read, grounding)
        if facts:
            parts.append(f"Frame {number} of {len(reads)}, {width} CSS px wide:\n{facts}")
        if left_out:
            left.append(f"frame {number}: {left_out}")
    return "\n\n".join(parts), " ".join(left)


def _within(items: Sequence[str], budget_chars: int, used: int) -> list[str]:
    kept: list[str] = []
    for item in items:
        if used + len(item) + 1 > budget_chars:
            break
        kept.append(item)
        used += len(item) + 1
    return kept


def _left_out(read: DesignRead, regions: int, lines: int) -> str:
    parts = []
    if lines:
        first = read.lines[len(read.lines) - lines]
        parts.append(f"{lines:,} text line{'s' if lines != 1 else ''} from y = {first.box.y:,} px down")
    if regions:
        parts.append(f"{regions:,} region{'s' if regions != 1 else ''}")
    return (" and ".join(parts) + ".") if parts else ""


def _line(number: int, line: ReadLine) -> str:
    text = " ".join(line.text.split()).replace('"', "'")
    return f'{number}. {line.role.value} {_box(line.box)} {hex_colour(line.colour)}: "{text}"'


def _region(region: Region) -> str:
    fill = f", {hex_colour(region.fill)}" if region.fill is not None else ""
    return f"- {region.kind.value} {_box(region.box)}{fill}"


def _colours(lines: Sequence[ReadLine], regions: Sequence[Region]) -> str:
    text = Counter(hex_colour(line.colour) for line in lines).most_common(COLOURS_LISTED)
    filled = (hex_colour(region.fill) for region in regions if region.fill is not None)
    fills = Counter(filled).most_common(COLOURS_LISTED)
    parts = []
    if text:
        parts.append("text " + ", ".join(f"{colour} ({count})" for colour, count in text))
    if fills:
        parts.append("fills " + ", ".join(f"{colour} ({count})" for colour, count in fills))
    return ("Colours read: " + "; ".join(parts) + ".") if parts else ""


def _box(box: Box) -> str:
    return f"[{box.x}, {box.y}, {box.w}, {box.h}]"
