"""The user message's images and task for the frames of one screen (``ConversionRequest.frames``):
every frame's image, narrowest first, each after a line that says its width, then the task of
``prompts/frames.txt``: one responsive page, mobile-first, with breakpoints at the wider frames'
widths, written in the target's own terms (Tailwind prefixes, or CSS media queries).

Pure functions, like ``converters.engines.messages``, which uses them.
"""

from __future__ import annotations

from typing import Any, Final

from converters.conversion import ConversionRequest, Frame
from converters.palette import dominant_colours
from converters.prompts import Prompt, PromptRegistry
from converters.targets import Target

TAILWIND_BREAKPOINTS: Final = {640: "sm", 768: "md", 1024: "lg", 1280: "xl", 1536: "2xl"}
"""Tailwind v4's default breakpoints in CSS px (its ``--breakpoint-*``, 40 to 96 rem of 16 px): a
frame at one of these widths gets the named prefix, any other an arbitrary ``min-[…px]:``."""


def frames_content(
    request: ConversionRequest, prompts: PromptRegistry, palette: str
) -> tuple[list[dict[str, Any]], Prompt, list[Prompt]]:
    """For a request with frames: the user message's parts before its text (each frame's label,
    then its image, narrowest first), the task prompt (``prompts/frames.txt``, its text starts the
    message's text) and the prompts used for the labels (the first label's: they share one
    template). ``palette``: the dominant colours of the widest frame, as lines."""
    frames = request.frames
    count = len(frames)
    parts: list[dict[str, Any]] = []
    labels: list[Prompt] = []
    for number, frame in enumerate(frames, start=1):
        label = prompts.render(
            "frame-label",
            number=number,
            count=count,
            width=frame.width,
            image_width=frame.design.width,
            image_height=frame.design.height,
        )
        labels.append(label)
        parts.append({"type": "text", "text": label.text.strip()})
        parts.append({"type": "image_url", "image_url": {"url": frame.design.model_data_url()}})
    task = prompts.render(
        "frames",
        target=request.target.label,
        count=count,
        frames="\n".join(f"- {frame.width} px: {frame.design.source_name}" for frame in frames),
        breakpoints=breakpoints(frames, request.target),
        hiding=hiding(request.target),
        palette=palette,
    )
    return parts, task, labels[:1]


def breakpoints(frames: tuple[Frame, ...], target: Target) -> str:
    """Where each wider frame's layout starts, in the target's terms: "`md:` (768 px) for the
    768 px frame, `xl:` (1280 px) for the 1280 px frame", or the media queries."""
    rules = [f"{breakpoint_rule(frame.width, target)} for the {frame.width} px frame" for frame in frames[1:]]
    return ", ".join(rules)


def breakpoint_rule(width: int, target: Target) -> str:
    """The rule that starts at ``width`` CSS px: a Tailwind prefix, or a CSS media query."""
    if target is Target.HTML_CSS:
        return f"`@media (min-width: {width}px)`"
    name = TAILWIND_BREAKPOINTS.get(width)
    return f"`{name}:` ({width} px)" if name else f"`min-[{width}px]:`"


def hiding(target: Target) -> str:
    """How an element is hidden below or from a breakpoint, in the target's terms."""
    if target is Target.HTML_CSS:
        return "`display: none` in the base rule or in a media query"
    return "for example `hidden md:flex`, or `md:hidden`"


def palette_lines(request: ConversionRequest) -> str:
    """The dominant colours of the request's design (the widest frame), one line each."""
    return "\n".join(
        f"- {swatch.hex} ({swatch.share:.0%})" for swatch in dominant_colours(request.design.image_view())
    )
