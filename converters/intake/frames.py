"""The frames of one screen: the same screen drawn at several widths (desktop, tablet, phone).

What is checked of them before any engine sees them: how many there are (2 to ``MAX_FRAMES``),
that each width is one a browser renders, and that no two share a width. Frames of very
different heights are allowed (a phone frame is often three times as tall as the desktop one).
Whether the frames show the same screen at all is not checked here: that needs their reading.
The frames themselves, a design with its width, are ``converters.conversion.Frame``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from converters.errors import FramesError, OneFrameError, SameWidthFramesError, TooManyFramesError

MAX_FRAMES: Final = 4
"""Most frames of one screen: desktop, laptop, tablet and phone. Beyond that a frame is another
state or another screen, and each frame adds a reading and a render to every conversion."""
MIN_FRAME_WIDTH: Final = 320
"""Narrowest frame (CSS px): the narrowest phones in use; the renderer's narrowest viewport
(``converters.render.MIN_WIDTH``, a test keeps them equal)."""
MAX_FRAME_WIDTH: Final = 5120
"""Widest frame (CSS px): four desktop widths, the renderer's widest viewport
(``converters.render.MAX_WIDTH``, a test keeps them equal)."""


def frame_order(widths: Sequence[int], names: Sequence[str]) -> tuple[int, ...]:
    """The indices of the frames narrowest first, once ``widths`` (CSS px, one per frame) are
    checked to make the frames of one screen; ``names`` (one per frame, e.g. file names) are
    only for the messages.

    Raises ``OneFrameError`` (fewer than two), ``TooManyFramesError`` (more than
    ``MAX_FRAMES``), ``FramesError`` (a width outside ``MIN_FRAME_WIDTH``..``MAX_FRAME_WIDTH``)
    or ``SameWidthFramesError`` (two frames of one width).
    """
    if len(widths) != len(names):
        raise ValueError("frame_order needs one name per width")
    check_frame_count(names)
    for width, name in zip(widths, names, strict=True):
        if not MIN_FRAME_WIDTH <= width <= MAX_FRAME_WIDTH:
            raise FramesError(
                f"{name} is taken to be {width} px wide; a frame must be {MIN_FRAME_WIDTH} to "
                f"{MAX_FRAME_WIDTH} CSS px wide. Correct its width (a 2x export counts as half its "
                "pixels; a 3x export must be given its width by hand)."
            )
    seen: dict[int, str] = {}
    for width, name in zip(widths, names, strict=True):
        if width in seen:
            raise SameWidthFramesError(
                f"{seen[width]} and {name} are both {width} px wide: each frame shows the screen at a "
                "width of its own. Correct the width of one of them, or leave one out."
            )
        seen[width] = name
    return tuple(sorted(range(len(widths)), key=lambda index: widths[index]))


def check_frame_count(names: Sequence[str]) -> None:
    """``OneFrameError`` for fewer than two frames, ``TooManyFramesError`` for more than
    ``MAX_FRAMES``; ``names`` (one per frame) are for the messages. Part of ``frame_order``, and
    on its own where the count is known before the frames are read (the pages of a PDF)."""
    if len(names) < 2:
        given = f"Only one frame was given ({names[0]})" if names else "No frame was given"
        raise OneFrameError(
            f"{given}: a screen's frames are two or more drawings of it at different widths. "
            "Convert a single design on its own, or add the screen's frame at another width "
            "(its mobile or desktop frame)."
        )
    if len(names) > MAX_FRAMES:
        raise TooManyFramesError(
            f"{len(names)} frames were given; one conversion takes at most {MAX_FRAMES} widths of a "
            "screen (for example desktop, tablet and phone). Leave out frames whose layout another "
            "frame already shows, or convert the rest separately."
        )
