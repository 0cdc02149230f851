"""Text blocks from painted pixels, found the way Design2Code's metric finds them.

The original metric (``ocr_free_utils.py`` of NoviScl/Design2Code) never trusts the DOM's word
for what is on screen. It renders the page twice more, with every element of ``PROBE_TEXT_TAGS``
given its own text colour from a palette (backgrounds made transparent, opacity 1), the second
time with the palette shifted by ``PROBE_OFFSET``. A pixel belongs to an element's text when it is
that element's colour (within ``COLOUR_TOLERANCE``) in the first probe and the shifted colour
(within ``SHIFT_TOLERANCE``) in the second. An element's block is the box of its pixels, its text
the text nodes it owns and its colour the mean colour of those pixels in the page as rendered. So
only painted text counts: text off the page, clipped away, hidden or covered by an image finds no
pixel and is left out, and ``opacity`` or a translucent colour shows in the measured colour.

Rules kept from the original: the tag list, the palette and its order, the two tolerances, a
text node owned by its nearest tagged ancestor (none, or a nearer element with a colour in its own
``style`` attribute: the text is not found), each node's text stripped and an owner's nodes
joined by one space (the original's merge of blocks that share a box), boxes in page pixels.

Deviations, each for what a person sees:

- Text that cannot be seen against what is painted around it (WCAG contrast under
  ``MIN_TEXT_CONTRAST``, e.g. a button whose text has its fill's colour) is not a block: the
  original repaints it in its probe colour and counts it.
- Text inside ``script``, ``style``, ``noscript``, ``template``, ``textarea`` and ``title`` is not
  read (the original's parser reads a script's source as its owner's text).
- Elements past the palette's 4,096 colours get none (the original stops with an error).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
from numpy.typing import NDArray

from converters.palette import contrast_ratio
from converters.render.types import TextBlock

PROBE_TEXT_TAGS: Final = (
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "div",
    "span",
    "a",
    "b",
    "li",
    "table",
    "td",
    "th",
    "button",
    "footer",
    "header",
    "figcaption",
)
"""Elements that get a probe colour (the original's list)."""

PALETTE_LEVELS: Final = (10, 16, 16)
"""(first, step, count) of the palette's channel values: 10, 26, ..., 250, so 4,096 colours. The
i-th tagged element gets colour number ``4095 - i``, numbered red slowest (the original pops its
colour list, built red, green, blue in nested loops, from the end)."""
_FIRST, _STEP, _COUNT = PALETTE_LEVELS
_COLOURS: Final = _COUNT**3
PROBE_OFFSET: Final = 50
"""Added (mod 256) to each channel in the second probe: a pixel that moves with it is text."""
COLOUR_TOLERANCE: Final = 4
"""Per channel, how far a first-probe pixel may be from its colour (the original's)."""
SHIFT_TOLERANCE: Final = 8
"""Per channel, how far a second-probe pixel may be from the first's value shifted (the original's)."""
MIN_TEXT_CONTRAST: Final = 1.1
"""Least WCAG contrast ratio of text against the pixels around it for the text to be seen: below
it (#f3f3f3 on white is 1.1) a reader sees an empty area, and text the colour of its own fill
(ratio 1) is the case this exists for."""
_BACKGROUND_MARGIN: Final = 2
"""Pixels around a block's box that count as what its text is painted on."""
_BACKGROUND_SAMPLE: Final = 20_000
"""Most pixels a block's background median is taken over (a page-sized block is sampled)."""


def _level_table() -> NDArray[np.int16]:
    """Per channel value 0..255: the palette level it is within ``COLOUR_TOLERANCE`` of, else -1."""
    table = np.full(256, -1, dtype=np.int16)
    for k in range(_COUNT):
        level = _FIRST + _STEP * k
        table[max(0, level - COLOUR_TOLERANCE) : level + COLOUR_TOLERANCE + 1] = k
    return table


_LEVEL_OF: Final = _level_table()


def probe_blocks(
    page: NDArray[np.uint8],
    first: NDArray[np.uint8],
    second: NDArray[np.uint8],
    owners: Sequence[tuple[int, Sequence[str]]],
) -> tuple[TextBlock, ...]:
    """The painted text blocks of a page.

    ``page``: the page as rendered; ``first``/``second``: the two probe renders, each as RGB
    pixels (``pixels.rgb_pixels``); ``owners``: (element number, its text nodes) in the order of
    their first text. Screenshots of different sizes (a page that changed height) are compared
    over their common area.
    """
    height = min(page.shape[0], first.shape[0], second.shape[0])
    width = min(page.shape[1], first.shape[1], second.shape[1])
    page, first, second = page[:height, :width], first[:height, :width], second[:height, :width]

    levels = _LEVEL_OF[first]
    # uint8 arithmetic wraps, as the original's ``% 256``: the shift is within tolerance when the
    # wrapped difference is near 0 from either side.
    shift = first + np.uint8(PROBE_OFFSET) - second
    moved = np.minimum(shift, np.uint8(255) - shift + np.uint8(1)) <= SHIFT_TOLERANCE
    on_palette = levels >= 0
    text = moved[..., 0] & moved[..., 1] & moved[..., 2]
    text &= on_palette[..., 0] & on_palette[..., 1] & on_palette[..., 2]
    ys, xs = np.nonzero(text)
    if not len(ys):
        return ()
    found_levels = levels[ys, xs].astype(np.int32)
    code = found_levels[:, 0] * _COUNT * _COUNT + found_levels[:, 1] * _COUNT + found_levels[:, 2]
    element = (_COLOURS - 1) - code
    order = np.argsort(element, kind="stable")
    element, ys, xs = element[order], ys[order], xs[order]
    starts = np.flatnonzero(np.r_[True, element[1:] != element[:-1]])
    counts = np.diff(np.r_[starts, len(element)])
    left = np.minimum.reduceat(xs, starts)
    right = np.maximum.reduceat(xs, starts)
    top = np.minimum.reduceat(ys, starts)
    bottom = np.maximum.reduceat(ys, starts)
    colour_sums = np.add.reduceat(page[ys, xs].astype(np.int64), starts, axis=0)
    found = {int(element[s]): i for i, s in enumerate(starts)}

    blocks: list[TextBlock] = []
    for number, texts in owners:
        i = found.get(number)
        if i is None:
            continue
        # Truncated like the original's ``astype(int)`` of the mean.
        colour = tuple(int(v) for v in colour_sums[i] // counts[i])
        box = (int(left[i]), int(top[i]), int(right[i]), int(bottom[i]))
        if not _seen(page, text, box, colour):
            continue
        blocks.append(
            TextBlock(
                text=" ".join(texts),
                x=float(box[0]),
                y=float(box[1]),
                width=float(box[2] - box[0] + 1),
                height=float(box[3] - box[1] + 1),
                color=(colour[0], colour[1], colour[2]),
            )
        )
    return tuple(blocks)


def _seen(
    page: NDArray[np.uint8], text: NDArray[np.bool_], box: tuple[int, int, int, int], colour: tuple[int, ...]
) -> bool:
    """Whether text of ``colour`` stands out from the non-text pixels in and around ``box``."""
    left, top, right, bottom = box
    m = _BACKGROUND_MARGIN
    area = (slice(max(0, top - m), bottom + m + 1), slice(max(0, left - m), right + m + 1))
    around = page[area][~text[area]]
    if not len(around):
        return True  # nothing but text: no background to compare with
    if len(around) > _BACKGROUND_SAMPLE:
        around = around[:: len(around) // _BACKGROUND_SAMPLE + 1]
    background = np.median(around, axis=0)
    return contrast_ratio(colour, tuple(float(v) for v in background)) >= MIN_TEXT_CONTRAST
