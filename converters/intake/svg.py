"""SVG through cairosvg in its safe mode, with the size and expansion checked first.

cairosvg (>= 2.7, never ``unsafe=True``) fetches no URL, reads no file and refuses XML
entities. Two things it does not bound are checked here before rendering: the declared size
(a ``width="1e9"`` would allocate a huge surface) and the number of elements ``<use>``
references expand to (nested ``<use>`` multiplies; cairosvg stops at 100,000 but only after
tens of seconds).
"""

from __future__ import annotations

import gzip
import io
import logging
import re
import sys
import zlib
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from cairosvg.parser import Tree
from cairosvg.surface import PNGSurface
from defusedxml import DefusedXmlException
from PIL import Image

from converters.errors import CorruptFileError, LimitExceededError, UnsupportedFormatError
from converters.intake.limits import IntakeLimits
from converters.intake.raster import check_pixels
from converters.intake.svg_facts import read_svg_facts
from converters.intake.vector import VectorFacts

logger = logging.getLogger(__name__)

MAX_EXPANDED_ELEMENTS = 50_000
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# CSS px per unit, as cairosvg and browsers use them (96 px per inch).
_UNITS = {"": 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4}
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*([a-z]*)\s*$")


@dataclass(frozen=True)
class RenderedSvg:
    image: Image.Image
    scale: float
    notes: tuple[str, ...]
    facts: VectorFacts | None = None


def render_svg(data: bytes, name: str, limits: IntakeLimits) -> RenderedSvg:
    """Render an SVG (or gzip-compressed SVGZ) to RGB on white at ``limits.vector_scale``."""
    if data.startswith(b"\x1f\x8b"):
        data = _gunzip(data, name, limits)
    root = _parse(data, name)
    width, height = _declared_size(root, name)
    if max(width, height) > limits.max_vector_side:
        raise LimitExceededError(
            f"{name} declares a size of {width:,.0f} × {height:,.0f} px; the limit is "
            f"{limits.max_vector_side:,} px per side. Set the SVG's width and height to the "
            "size of the design (Figma: export the frame, not the canvas)."
        )
    scale, out_w, out_h = limits.vector_fit(width, height)
    check_pixels(out_w, out_h, name, limits)
    notes = _content_notes(root, name)
    if scale < limits.vector_scale:
        notes.append(
            f"Rendered at {scale:.2g}× instead of {limits.vector_scale:g}× to stay within the pixel limit."
        )
    try:
        image = _draw(data, out_w, out_h)
    except Exception as exc:
        logger.info("cairosvg failed on %s: %s: %s", name, type(exc).__name__, exc)
        raise CorruptFileError(
            f"{name} could not be drawn: {_short(exc)}. Open it in a vector editor and export "
            "it again, or export the design as PNG."
        ) from exc
    facts = _facts(root, width, height, notes)
    return RenderedSvg(image=image, scale=scale, notes=tuple(notes), facts=facts)


def _facts(root: Element, width: float, height: float, notes: list[str]) -> VectorFacts | None:
    """The SVG's text and shapes (``read_svg_facts``); ``None`` with a note when they cannot be
    read, so the picture is read instead. The drawing succeeded, so this only adds facts."""
    try:
        return read_svg_facts(root, width, height)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError, MemoryError) as exc:
        logger.info("svg facts failed: %s: %s", type(exc).__name__, exc)
        notes.append(
            "The SVG's text and shapes could not be read from the file: they are read from the picture."
        )
        return None


def _draw(data: bytes, width: int, height: int) -> Image.Image:
    """Draw with cairosvg (safe mode) and take the pixels straight from the cairo surface.

    The same drawing as ``cairosvg.svg2png``, minus a PNG encode and decode (about 10x faster
    for a 2880 x 2048 frame). The white background makes every pixel opaque, so cairo's
    premultiplied ARGB32 reads as plain RGB.
    """
    surface = PNGSurface(
        Tree(bytestring=data, unsafe=False), None, 96,
        output_width=width, output_height=height, background_color="white",
    )  # fmt: skip
    try:
        canvas = surface.cairo
        canvas.flush()
        raw_mode = "BGRX" if sys.byteorder == "little" else "XRGB"  # cairo uses native endianness
        size = (canvas.get_width(), canvas.get_height())
        return Image.frombuffer(
            "RGB", size, bytes(canvas.get_data()), "raw", raw_mode, canvas.get_stride(), 1
        )
    finally:
        surface.finish()


def _gunzip(data: bytes, name: str, limits: IntakeLimits) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            inflated = stream.read(limits.max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise CorruptFileError(f"{name} is a damaged SVGZ (gzip) file; export it again.") from exc
    if len(inflated) > limits.max_bytes:
        raise LimitExceededError(
            f"{name} inflates to more than {limits.max_bytes // (1024 * 1024)} MB of SVG; "
            "simplify the design or export it as PNG."
        )
    return inflated


def _parse(data: bytes, name: str) -> Element:
    try:
        root = SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnsupportedFormatError(
            f"{name} declares XML entities or external references in its DOCTYPE, which Handoff "
            "refuses for safety. Export the SVG again from your design tool (they never add them)."
        ) from exc
    except (ParseError, ValueError) as exc:
        raise CorruptFileError(f"{name} is not well-formed SVG ({exc}). Export it again.") from exc
    if not isinstance(root, Element) or _local(root.tag) != "svg":
        raise UnsupportedFormatError(f"{name} is XML but its root element is not <svg>.")
    return root


def _declared_size(root: Element, name: str) -> tuple[float, float]:
    """Width and height in CSS px from the attributes, falling back to the viewBox."""
    view_box = _view_box(root.get("viewBox"))
    width = _length(root.get("width"))
    height = _length(root.get("height"))
    if view_box is not None:
        box_w, box_h = view_box
        if width is None and height is None:
            width, height = box_w, box_h
        elif width is None and height is not None:
            width = height * box_w / box_h
        elif height is None and width is not None:
            height = width * box_h / box_w
    if width is None or height is None:
        raise CorruptFileError(
            f"{name} has no size: give the <svg> element a width and height (or a viewBox). "
            "Design tools add them when you export a frame."
        )
    if not (width > 0 and height > 0):
        raise CorruptFileError(f"{name} declares a zero or negative size; export it again.")
    return width, height


def _length(value: str | None) -> float | None:
    if not value:
        return None
    match = _LENGTH.match(value)
    if not match or match.group(2) not in _UNITS:
        return None  # percentages and em have no absolute size: use the viewBox instead
    return float(match.group(1)) * _UNITS[match.group(2)]


def _view_box(value: str | None) -> tuple[float, float] | None:
    if not value:
        return None
    try:
        parts = [float(part) for part in value.replace(",", " ").split()]
    except ValueError:
        return None
    if len(parts) != 4 or not (parts[2] > 0 and parts[3] > 0):
        return None
    return parts[2], parts[3]


def _content_notes(root: Element, name: str) -> list[str]:
    """Count what rendering skips, and refuse ``<use>`` expansions that would take too long."""
    ids: dict[str, Element] = {}
    scripts = 0
    external: list[str] = []
    for element in root.iter():
        if element.get("id"):
            ids[element.get("id", "")] = element
        if _local(element.tag) == "script" or any(k.startswith("on") for k in element.attrib):
            scripts += 1
        href = element.get("href") or element.get(_XLINK_HREF)
        if href and not href.startswith(("#", "data:")):
            external.append(href)
    _check_expansion(root, ids, name)
    notes = []
    if scripts:
        notes.append(f"Ignored {scripts} script(s) and event handler(s): SVG scripts never run.")
    if external:
        first = external[0] if len(external[0]) <= 60 else external[0][:57] + "..."
        notes.append(
            f"Did not load {len(external)} external resource(s) such as {first}: Handoff never "
            "fetches files or URLs. Embed images in the SVG when you export it."
        )
    return notes


def _check_expansion(root: Element, ids: dict[str, Element], name: str) -> None:
    sizes: dict[int, int] = {}
    visiting: set[int] = set()

    def size(element: Element) -> int:
        key = id(element)
        if key in sizes:
            return sizes[key]
        if key in visiting:
            raise CorruptFileError(f"{name} has a <use> element that refers to itself; fix the loop.")
        visiting.add(key)
        total = 1 + sum(size(child) for child in element)
        if _local(element.tag) == "use":
            target = ids.get((element.get("href") or element.get(_XLINK_HREF) or "").lstrip("#"))
            if target is not None:
                total += size(target)
        visiting.discard(key)
        sizes[key] = min(total, MAX_EXPANDED_ELEMENTS + 1)  # saturate: no huge integers
        return sizes[key]

    try:
        total = size(root)
    except RecursionError as exc:
        raise LimitExceededError(f"{name} nests elements too deeply to draw safely.") from exc
    if total > MAX_EXPANDED_ELEMENTS:
        raise LimitExceededError(
            f"{name} expands to more than {MAX_EXPANDED_ELEMENTS:,} elements through nested "
            "<use> references. Flatten the SVG in your editor or export the design as PNG."
        )


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _short(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."
