"""The offline engine's code for the frames of one screen (issue 16): one responsive page.

Each frame is read on its own (``reading``); the widest frame's tree is the page's structure and
each narrower frame's view of it (``frames_view``) its layout below a breakpoint
(``emit.responsive``). Frames that do not go together give the widest frame's page alone, with
a warning that says why and what to do: frames too close in width for a breakpoint between them,
or a frame with little in common with the widest (another screen).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Final

from converters.offline.emit import emit_frames
from converters.offline.emit.markup import Variant
from converters.offline.emit.outline import outlined
from converters.offline.emit.responsive import breakpoint_between
from converters.offline.frames_view import frame_view
from converters.offline.reading import DesignRead, page_title, write_code
from converters.targets import Target

MIN_SHARED: Final = 0.3
"""Two frames are of the same screen when at least this share of the elements of the one with
fewer are found in the other: a mobile frame drops menus and side columns (so the share of the
desktop's can be low), but what it keeps is mostly the desktop's."""


def frames_code(
    reads: Sequence[DesignRead], widths: Sequence[int], target: Target, source_name: str
) -> tuple[str, tuple[str, ...]]:
    """The code for frames read as ``reads`` at ``widths`` (CSS px, narrowest first; the widest
    last) and the warnings of a fallback to the widest frame alone (none when joined)."""
    widest = reads[-1]
    variants: list[Variant] = []
    for narrow, wide in itertools.pairwise(widths):
        variant = breakpoint_between(narrow, wide)
        if variant is not None:
            variants.append(variant)
            continue
        return write_code(widest, target, source_name), (
            f"The frames at {narrow} and {wide} px are too close in width for a breakpoint "
            f"between them: this is the {widths[-1]} px frame's page alone. Give frames "
            "further apart (a mobile and a desktop frame), or convert them separately.",
        )
    tree = outlined(widest.tree)
    views = []
    for read, width in zip(reads[:-1], widths[:-1], strict=True):
        view = frame_view(tree, read.tree, read.width, read.height)
        if view.shared < MIN_SHARED:
            return write_code(widest, target, source_name), (
                f"The {width} px frame has little in common with the {widths[-1]} px frame "
                f"({view.shown} of {view.fewer} elements found in both): they look like different "
                f"screens. This is the {widths[-1]} px frame's page alone; convert them "
                "separately for a page each.",
            )
        views.append(view)
    code = emit_frames(
        tree,
        views,
        variants,
        target,
        title=page_title(widest, source_name),
        page_background=widest.background,
        font_family=widest.font_family,
    )
    return code, ()
