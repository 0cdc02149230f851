"""HTML + Tailwind as a static page: the CSS of the classes it uses inline, no runtime, no CDN.

The CSS comes from the vendored ``@tailwindcss/browser`` (the preview's own Tailwind) running on
the page in the headless Chromium of ``converters.render``, so the page looks as in the preview.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from converters.errors import ExportError, RenderError

if TYPE_CHECKING:
    from converters.render import Renderer

TailwindCompiler = Callable[[str], str]
"""HTML page -> the Tailwind CSS for the classes it uses (``compile_tailwind`` with a renderer)."""

# A Tailwind runtime or CDN build: <script src=".../tailwind..."> (Play CDN, @tailwindcss/browser),
# <link href=".../tailwind..."> (prebuilt v1/v2 CSS), and an inline ``tailwind.config = ...``.
_RUNTIME_SCRIPT: Final = re.compile(
    r"[ \t]*<script\b[^>]*\bsrc\s*=\s*[\"']?[^\"'>\s]*tailwind[^>]*>\s*</script\s*>[ \t]*\n?", re.I
)
_RUNTIME_LINK: Final = re.compile(
    r"[ \t]*<link\b[^>]*\bhref\s*=\s*[\"']?[^\"'>\s]*tailwind[^>]*>[ \t]*\n?", re.I
)
_CONFIG_SCRIPT: Final = re.compile(
    r"[ \t]*<script\b[^>]*>\s*tailwind\.config\s*=.*?</script\s*>[ \t]*\n?", re.I | re.S
)
# Input of the runtime (``@theme``, ``@apply``...): compiled into the CSS, not valid CSS itself.
_TAILWIND_STYLE: Final = re.compile(
    r"[ \t]*<style\b[^>]*\btype\s*=\s*[\"']?text/tailwindcss\b[^>]*>.*?</style\s*>[ \t]*\n?", re.I | re.S
)
_CHARSET: Final = re.compile(r"[ \t]*(<meta\b[^>]*\bcharset\b[^>]*>)[ \t]*\n?", re.I)
_HEAD_OPEN: Final = re.compile(r"<head(?=[\s/>])[^>]*>", re.I)
_HTML_OPEN: Final = re.compile(r"<html(?=[\s/>])[^>]*>", re.I)
_DOCTYPE: Final = re.compile(r"\A\s*<!doctype[^>]*>", re.I)
_STYLE_END: Final = re.compile(r"</style", re.I)


def without_tailwind_runtime(html: str) -> str:
    """``html`` without Tailwind runtime/CDN ``<script>``/``<link>`` tags and ``tailwind.config``
    scripts; ``<style type="text/tailwindcss">`` blocks stay (the compiler reads them)."""
    for pattern in (_RUNTIME_SCRIPT, _RUNTIME_LINK, _CONFIG_SCRIPT):
        html = pattern.sub("", html)
    return html


def inline_tailwind(html: str, css: str) -> str:
    """``html`` (already ``without_tailwind_runtime``) with ``css`` in a ``<style>`` that opens its
    head, where the runtime puts its sheet in the preview, so the cascade is the preview's; the
    charset declaration moves before it (it must stay in the first 1024 bytes), and
    ``text/tailwindcss`` blocks are removed."""
    html = _TAILWIND_STYLE.sub("", html)
    meta = '<meta charset="utf-8">'
    if charset := _CHARSET.search(html):
        meta = charset.group(1)
        html = html[: charset.start()] + html[charset.end() :]
    style = "<style>\n" + _STYLE_END.sub(r"<\\/style", css.strip()) + "\n</style>\n"
    if head := _HEAD_OPEN.search(html):
        at, prefix, suffix = head.end(), "", ""
    else:
        anchor = _HTML_OPEN.search(html) or _DOCTYPE.match(html)
        at, prefix, suffix = (anchor.end() if anchor else 0), "<head>", "</head>"
    return html[:at] + prefix + "\n" + meta + "\n" + style + suffix + html[at:]


def static_tailwind_html(code: str, tailwind_css: TailwindCompiler) -> str:
    """The HTML + Tailwind page ``code`` with no runtime: the CSS ``tailwind_css`` compiles for it
    inline. Raises ``ExportError`` (from ``tailwind_css``) when it cannot be compiled."""
    page = without_tailwind_runtime(code)
    return inline_tailwind(page, tailwind_css(page))


def compile_tailwind(html: str, renderer: Renderer) -> str:
    """The Tailwind CSS (preflight, theme, the utilities ``html`` uses) that the vendored runtime
    generates for the page ``html`` in ``renderer``'s headless Chromium, with no network.
    Raises ``ExportError`` if the browser fails or the runtime produces no CSS."""
    try:
        return renderer.compiled_tailwind(html)
    except RenderError as error:
        raise ExportError(
            f"Could not compile the page's Tailwind CSS: {error} Download the single HTML file "
            "instead (it needs the Tailwind runtime), or check that Chromium works (`make browser`)."
        ) from error


def tailwind_static_html(code: str, renderer: Renderer) -> str:
    """The single-file download of an HTML + Tailwind page: ``code`` with its Tailwind CSS inline,
    compiled in ``renderer``; renders with no CDN. Raises ``ExportError``."""
    return static_tailwind_html(code, lambda page: compile_tailwind(page, renderer))


def compile_with_own_renderer(html: str) -> str:
    """``compile_tailwind`` in a ``Renderer`` started for this one page (about a second).
    Raises ``ExportError`` when Chromium cannot start."""
    from converters.render import Renderer  # Playwright is loaded only when a page is compiled

    try:
        renderer = Renderer()
    except RenderError as error:
        raise ExportError(f"Could not start Chromium to compile the page's Tailwind CSS. {error}") from error
    with renderer:
        return compile_tailwind(html, renderer)
