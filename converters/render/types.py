"""What a rendering gives: the screenshot and the visible text blocks of a page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

WIDTH: Final = 1280
"""Viewport width in CSS px."""
INITIAL_HEIGHT: Final = 800
"""Viewport height (CSS px) while the page loads, before it is grown to its content."""
MAX_HEIGHT: Final = 16_000
"""Tallest page rendered (CSS px); content below it is cut off (Chromium's texture limit is ~16k)."""
LOAD_TIMEOUT_S: Final = 15.0
"""Longest wait for a reference page's ``load`` or a candidate's ``"rendered"`` status."""
ERROR_GRACE_S: Final = 1.0
"""After a candidate reports an error, how long to wait for a later ``"rendered"``."""

Status = Literal["loaded", "rendered", "error", "timeout"]


@dataclass(frozen=True)
class TextBlock:
    """Visible text of one block-level element, in CSS px relative to the top left of the page.

    ``text`` is the element's own text (not that of nested blocks), whitespace collapsed; the box
    is the union of that text's line boxes (not the element's padding box); ``color`` is the
    computed ``color`` (sRGB, 0-255, alpha ignored) of the element holding most of the text.
    Limits: the DOM's text as written (``text-transform`` not applied); no text from ``::before``/
    ``::after``, form control values or images; text clipped by ``overflow`` still counts; ``<br>``
    reads as a space; an element of ``display: inline`` or ``contents`` is not a block.
    """

    text: str
    x: float
    y: float
    width: float
    height: float
    color: tuple[int, int, int]


@dataclass(frozen=True)
class Rendering:
    """A rendered page: ``png`` of ``width`` x ``height`` CSS px (device scale 1) and its text blocks.

    ``status``: ``"loaded"`` (reference page), ``"rendered"`` (candidate drawn), ``"error"``
    (candidate reported an error; ``message`` says which, and the preview's error text is on the
    page) or ``"timeout"`` (no answer within ``LOAD_TIMEOUT_S``; what was drawn is kept).
    ``blocked``: URLs that were refused, in the order asked for.
    """

    png: bytes
    width: int
    height: int
    blocks: tuple[TextBlock, ...]
    status: Status
    message: str = ""
    blocked: tuple[str, ...] = ()
