"""What a rendering gives: the screenshot and the visible text blocks of a page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from converters.a11y.report import A11yReport

WIDTH: Final = 1280
"""Viewport width in CSS px (the default; candidates can be rendered at other widths)."""
MIN_WIDTH: Final = 320
"""Narrowest viewport a candidate is rendered or reflow-checked at (CSS px)."""
MAX_WIDTH: Final = 4 * WIDTH
"""Widest viewport a candidate is rendered at (CSS px): four desktop widths, beyond any real page."""
INITIAL_HEIGHT: Final = 720
"""Viewport height (CSS px) while the page loads, before it is grown to its content."""
MAX_HEIGHT: Final = 16_000
"""Tallest page rendered (CSS px); content below it is cut off (Chromium's texture limit is ~16k)."""
LOAD_TIMEOUT_S: Final = 15.0
"""Longest wait for a reference page's ``load`` or a candidate's ``"rendered"`` status."""
ERROR_GRACE_S: Final = 1.0
"""After a candidate reports an error, how long to wait for a later ``"rendered"``."""
STEP_DEADLINE_S: Final = 15.0
"""Longest one browser step (an evaluate, a screenshot, a viewport change) may take beyond its own
wait: the tallest page's capture takes about 3 s on a loaded 2-core machine. A page that holds the
browser longer is hung (an endless loop): the render fails and the browser is replaced."""
RESPONSIVE_DEADLINE_S: Final = 5.0
"""After a candidate's status wait, how long a trivial evaluate may take: a page that started an
endless loop is caught here, before the longer deadlines of the real work."""
CLOSE_DEADLINE_S: Final = 10.0
"""Longest wait for Chromium to close; past it the Playwright driver is stopped, which ends it."""

SQUEEZED_WORD_CHARS: Final = 12
"""Longest word (characters) whose breaking over lines counts as squeezed text: English words
run to about 12 letters; a longer one (a URL, a compound, a code) may break on a phone by right."""
SQUEEZED_MIN_WORDS: Final = 4
"""Fewest words that, set one word per line, count as squeezed text (a label of two or three
short words may stack in a narrow button by design)."""

Status = Literal["loaded", "rendered", "error", "timeout"]


@dataclass(frozen=True)
class TextBlock:
    """Painted text of one element, in CSS px relative to the top left of the page (``text_probe``).

    ``text``: the text nodes the element owns (each stripped, joined by a space; as the DOM
    writes them, so ``text-transform`` is not applied); the box: the pixels those texts painted;
    ``color``: their mean colour in the page as rendered (sRGB, 0-255), so opacity and what lies
    behind translucent text count. Text that paints no pixel (off the page, clipped, hidden) or
    cannot be seen against its surroundings gives no block.
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
    ``blocked``: URLs that were refused, in the order asked for. ``structure``: the page's DOM
    facts, ``a11y`` its accessibility report, when the render was asked for them.
    """

    png: bytes
    width: int
    height: int
    blocks: tuple[TextBlock, ...]
    status: Status
    message: str = ""
    blocked: tuple[str, ...] = ()
    structure: PageStructure | None = None
    a11y: A11yReport | None = None


@dataclass(frozen=True)
class Element:
    """One visible element of a rendered page, for the code-quality and layout scores.

    ``tag`` is the lower-case tag name; ``role`` its ``role`` attribute ("" if none); ``kind`` the
    ``type`` of an ``<input>``/``<button>`` ("" otherwise); ``position`` the computed CSS
    ``position``; the box (CSS px, relative to the top left of the page) is the border box;
    ``text`` the element's own text (not that of its element children), whitespace collapsed, at
    most 80 characters; ``depth`` its depth below ``<body>`` (a child of ``<body>`` is 1).
    "Visible" means ``checkVisibility`` with opacity and visibility, and a box of non-zero area.
    """

    tag: str
    role: str
    kind: str
    position: str
    x: float
    y: float
    width: float
    height: float
    text: str
    depth: int


@dataclass(frozen=True)
class ReflowCheck:
    """How the page behaves at one narrower viewport ``width`` (CSS px).

    ``overflow_px``: how far the content reaches past the viewport's right edge (0 when it fits);
    ``overlaps``: pairs of text lines of different elements that cover each other by more than a
    quarter of the smaller one; ``clipped``: elements with text cut off by an ancestor's
    ``overflow: hidden|clip`` box; ``squeezed``: elements whose text is squeezed into a column
    narrower than its words: a word of at most ``SQUEEZED_WORD_CHARS`` characters broken over
    lines, or ``SQUEEZED_MIN_WORDS`` words or more set one per line (a hero's text beside a
    padding in px that no longer fits). ``overlaps_at_full``/``clipped_at_full``/
    ``squeezed_at_full``: the same counts at the page's full render width, where the design put
    them on purpose (a clipped ticker, text over a hero image), so only what narrowing adds
    counts against the page.
    """

    width: int
    overflow_px: float
    overlaps: int
    clipped: int
    overlaps_at_full: int = 0
    clipped_at_full: int = 0
    squeezed: int = 0
    squeezed_at_full: int = 0

    @property
    def passed(self) -> bool:
        """No horizontal overflow (1 px of rounding allowed), and no overlapping, clipped or
        squeezed text beyond what the full-width page already has."""
        return (
            self.overflow_px <= 1
            and self.overlaps <= self.overlaps_at_full
            and self.clipped <= self.clipped_at_full
            and self.squeezed <= self.squeezed_at_full
        )


@dataclass(frozen=True)
class PageStructure:
    """The DOM facts of a rendered page that the code-quality and layout scores read.

    ``elements``: the visible elements under ``<body>`` in document order. ``subtrees``: one
    signature per element with element children, ``"tag>child,child,..."`` (tag names, in order),
    for TreeBLEU; invisible elements count too (the DOM is the code). ``reflow``: one check per
    narrower width asked for, in the order asked (empty when not asked).
    """

    elements: tuple[Element, ...]
    subtrees: tuple[str, ...]
    reflow: tuple[ReflowCheck, ...] = ()
