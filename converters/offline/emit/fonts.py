"""A design's own font family as a CSS ``font-family`` stack with fallbacks of its kind.

An exact source (a Figma TEXT node's ``style.fontFamily``, a vector file's font) names the family
the text was set in. The code asks for it first; when the reader has not installed it, the
fallbacks are of the same kind (a monospace, serif or sans-serif face), so widths and the look
stay close: the DejaVu face of that kind first (the faces the preview and the fidelity renderer
have, whose metrics the layout's text widths assume), then a common system face, then the CSS
generic family. Without a known family the page uses ``SANS_STACK`` (the pixel path's stack).
"""

from __future__ import annotations

import re
from typing import Final

SANS_STACK: Final = '"DejaVu Sans", Verdana, sans-serif'
SERIF_STACK: Final = '"DejaVu Serif", Georgia, serif'
MONO_STACK: Final = '"DejaVu Sans Mono", Menlo, Consolas, monospace'
_MONO: Final = re.compile(r"mono|code|courier|consolas|menlo|monaco|typewriter|terminal", re.IGNORECASE)
"""Family names of fixed-width faces (``JetBrains Mono``, ``Source Code Pro``, ``Courier New``)."""
_SERIF: Final = re.compile(
    r"serif|times|georgia|garamond|cambria|baskerville|bodoni|didot|caslon|palatino|book ?antiqua|"
    r"merriweather|playfair|lora|crimson|cormorant|pt ?serif|charter|minion|slab",
    re.IGNORECASE,
)
"""Family names of serif faces; ``sans`` in a name (``DejaVu Sans``, ``Noto Sans``) wins over it."""
_SANS: Final = re.compile(r"\bsans\b|grotesk|grotesque", re.IGNORECASE)


def font_stack(family: str) -> str:
    """The CSS ``font-family`` value for ``family`` (see the module doc); ``SANS_STACK`` for ``""``."""
    name = css_string(family).strip()
    fallback = fallback_stack(name)
    if not name:
        return fallback
    quoted = f'"{name}"'
    rest = ", ".join(part for part in fallback.split(", ") if part.lower() != quoted.lower())
    return f"{quoted}, {rest}"


def fallback_stack(family: str) -> str:
    """The fallbacks of ``family``'s kind: monospace, serif, else sans-serif."""
    if _MONO.search(family):
        return MONO_STACK
    if _SERIF.search(family) and not _SANS.search(family.replace("sans-serif", "")):
        return SERIF_STACK
    return SANS_STACK


def css_string(text: str) -> str:
    """``text`` fit to sit in a double-quoted CSS string (a font family from the design)."""
    return "".join(ch for ch in text if ch not in '"\\\n\r;{}<>')
