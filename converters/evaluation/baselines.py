"""Calibration baselines: candidates anyone could make without understanding the design.

They frame the scores of a real engine in the same harness run:

- ``empty``: an empty page (Block-Match 0; Visual is what a white page earns).
- ``unstyled``: the reference HTML with every stylesheet, ``<style>`` and ``style`` attribute
  removed: all the text, none of the layout (Text stays high, Position and Color drop).
- ``screenshot``: the input image as the page's only element (Visual near 1, Block-Match 0: no text).
- ``ocr_lines``: the text dump: each OCR line absolutely positioned where it was seen, in its
  sampled colour, on the sampled page background. High block scores, useless code; this is the
  baseline that the code-quality scores exist to expose.

Each returns an HTML + CSS document (``Target.HTML_CSS``).
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Sequence
from typing import Final

from converters.palette import hex_colour
from converters.render import TextBlock

BASELINES: Final = ("empty", "unstyled", "screenshot", "ocr_lines")
"""Baseline names, in the order the summary lists them."""

_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>.*?</style\s*>", re.IGNORECASE | re.DOTALL)
_SCRIPT_ELEMENT = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)
_STYLESHEET_LINK = re.compile(r"<link\b[^>]*\brel\s*=\s*[\"']?[^\"'>]*stylesheet[^>]*>", re.IGNORECASE)
_STYLE_ATTRIBUTE = re.compile(
    r"\s(?:style|bgcolor|color|background)\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+)", re.I
)


def empty_page() -> str:
    """A valid page with nothing on it."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Empty</title></head>\n'
        "<body></body>\n</html>\n"
    )


def unstyled_page(reference_html: str) -> str:
    """``reference_html`` without stylesheets, ``<style>``, scripts or presentational attributes."""
    text = _STYLE_ELEMENT.sub("", reference_html)
    text = _SCRIPT_ELEMENT.sub("", text)
    text = _STYLESHEET_LINK.sub("", text)
    return _STYLE_ATTRIBUTE.sub("", text)


def screenshot_page(png: bytes) -> str:
    """A page that is only the design image, full width."""
    data = base64.b64encode(png).decode("ascii")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Screenshot</title>\n'
        "<style>body{margin:0}img{display:block;width:100%;height:auto}</style></head>\n"
        f'<body><img src="data:image/png;base64,{data}" alt="The design"></body>\n</html>\n'
    )


def ocr_lines_page(
    blocks: Sequence[TextBlock],
    image_size: tuple[int, int],
    css_width: int,
    background: tuple[int, int, int],
) -> str:
    """The text dump: each block absolutely positioned at its place, scaled to ``css_width``."""
    scale = css_width / image_size[0]
    height = round(image_size[1] * scale)
    rows = []
    for block in blocks:
        size = max(6.0, block.height * scale * 0.78)
        rows.append(
            f'<div class="l" style="left:{block.x * scale:.0f}px;top:{block.y * scale:.0f}px;'
            f"font-size:{size:.0f}px;line-height:{block.height * scale:.0f}px;"
            f'color:{hex_colour(block.color)}">{html.escape(block.text)}</div>'
        )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>OCR lines</title>\n'
        f"<style>body{{margin:0;background:{hex_colour(background)}}}"
        f".page{{position:relative;width:{css_width}px;height:{height}px}}"
        ".l{position:absolute;white-space:nowrap;font-family:sans-serif}</style></head>\n"
        '<body><div class="page">\n' + "\n".join(rows) + "\n</div></body>\n</html>\n"
    )
