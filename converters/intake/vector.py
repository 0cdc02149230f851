"""``VectorFacts``: what a vector export says exactly, read from the file rather than its picture.

An SVG with live ``<text>`` or a PDF with a text layer holds its texts (exact characters, font,
size, weight, colour) and its shapes (filled and stroked rectangles with their radii, ellipses,
paths, pictures). Intake reads them (``converters.intake.svg_facts``, ``converters.intake.pdf_facts``)
into these types, in CSS px with the origin at the top left of the design, so engines can use them
instead of OCR and pixel detection. Outlined text (no ``<text>``) or a scanned PDF gives facts
with no ``texts``: the picture must be read by OCR then.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final, Literal

Colour = tuple[int, int, int]
Matrix = tuple[float, float, float, float, float, float]
"""An affine map ``(a, b, c, d, e, f)``: x' = a x + c y + e, y' = b x + d y + f (SVG's and PDF's)."""
IDENTITY: Final[Matrix] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

MAX_COORDINATE: Final = 1_000_000.0
"""Largest absolute coordinate (CSS px) kept: beyond it a number is garbage or hostile, not design."""


@dataclass(frozen=True)
class Rect:
    """An axis-aligned box in CSS px: left ``x``, top ``y``, width ``w``, height ``h`` (>= 0)."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @staticmethod
    def spanning(xs: list[float], ys: list[float]) -> Rect | None:
        """The box around the points (``None`` for none, or for coordinates that are not finite
        or beyond ``MAX_COORDINATE``)."""
        if not xs or not ys:
            return None
        values = [*xs, *ys]
        if not all(math.isfinite(v) and abs(v) <= MAX_COORDINATE for v in values):
            return None
        return Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))

    def clipped(self, width: float, height: float) -> Rect | None:
        """This box within the page ``width`` x ``height``; ``None`` when nothing of it is inside."""
        x, y = max(0.0, self.x), max(0.0, self.y)
        right, bottom = min(width, self.right), min(height, self.bottom)
        if right <= x or bottom <= y:
            return None
        return Rect(x, y, right - x, bottom - y)


@dataclass(frozen=True)
class TextRun:
    """A run of text on one line in one style: ``text`` exactly as the file has it, ``box`` its
    line box (ascent to descent, CSS px), ``font_family`` as the file names it (a PDF's subset
    prefix removed), ``font_size`` in CSS px, ``font_weight`` 100-900, ``colour`` sRGB."""

    text: str
    box: Rect
    font_family: str
    font_size: float
    font_weight: int
    colour: Colour
    italic: bool = False


ShapeKind = Literal["rect", "ellipse", "path", "line", "image"]


@dataclass(frozen=True)
class VectorShape:
    """A painted shape, in paint order: ``rect`` (with ``radius``, CSS px), ``ellipse``, ``path``
    (its bounding box), ``line`` or ``image`` (a picture's box). ``fill``/``stroke`` are ``None``
    when not painted; ``stroke_width`` in CSS px."""

    kind: ShapeKind
    box: Rect
    fill: Colour | None = None
    stroke: Colour | None = None
    stroke_width: float = 0.0
    radius: float = 0.0


VectorSource = Literal["svg", "pdf"]


@dataclass(frozen=True)
class VectorFacts:
    """Everything read from one vector page: its size in CSS px, ``texts`` in reading order (the
    file's order), ``shapes`` in paint order, and ``notes`` on what was skipped (rotated text,
    elements beyond a limit...)."""

    source: VectorSource
    width: float
    height: float
    texts: tuple[TextRun, ...]
    shapes: tuple[VectorShape, ...]
    notes: tuple[str, ...] = ()

    @property
    def has_text(self) -> bool:
        """Whether the file has live text to read (else its picture needs OCR)."""
        return any(run.text.strip() for run in self.texts)


def multiply(inner: Matrix, outer: Matrix) -> Matrix:
    """``inner`` applied first, then ``outer``."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (A * a + C * b, B * a + D * b, A * c + C * d, B * c + D * d, A * e + C * f + E, B * e + D * f + F)


def apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    """The point ``(x, y)`` mapped by ``matrix``."""
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


FONT_WEIGHTS: Final = (
    ("thin", 100), ("hairline", 100), ("extralight", 200), ("ultralight", 200), ("light", 300),
    ("semibold", 600), ("demibold", 600), ("extrabold", 800), ("ultrabold", 800), ("bold", 700),
    ("medium", 500), ("black", 900), ("heavy", 900),
)  # fmt: skip
"""Weight words in font names, compound words first ("semibold" before "bold")."""


def weight_from_name(name: str) -> int | None:
    """The weight a font's name states ("Inter-SemiBold" is 600), ``None`` when it states none."""
    lowered = name.lower().replace("-", "").replace(" ", "").replace("_", "")
    return next((weight for word, weight in FONT_WEIGHTS if word in lowered), None)
