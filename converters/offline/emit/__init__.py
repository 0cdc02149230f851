"""The offline engine's render stage: a layout tree -> code for a target.

``emit(tree, target)`` writes the same page three ways from one plan (``plan.plan_page``):

- HTML + CSS: a complete document with one ``<style>`` in the head (``export.split_styles`` moves
  it to a stylesheet) and named classes, one per distinct style, shared by identical elements;
- HTML + Tailwind: a complete document styled with Tailwind 4 utilities (the preview and the
  exported project load Tailwind; the page loads nothing);
- React + Tailwind: ``export default function App`` with the same utilities, repeated siblings
  written once with ``.map`` over a data array.

Colours, font sizes, weights, spacing and radii go through a theme of design tokens
(``emit.tokens``): a ``:root`` rule (HTML + CSS), a Tailwind ``@theme`` block in the page's head
(HTML + Tailwind) or in the comment that opens the component (React; see ``converters.tokens.code``).

Layout is flex only (never ``position: absolute``): horizontal sizes in % of the parent, vertical
spacing in px, the page ``max-width`` the design's width, so it matches the design at that width
and reflows without overflow when narrower. Output is deterministic: the same tree gives the same
bytes. A tree without children gives a small page that says no content was detected.
"""

from __future__ import annotations

from collections.abc import Sequence

from converters.offline.emit.components import componentised
from converters.offline.emit.document import html_css_page, html_tailwind_page
from converters.offline.emit.instances import shared_instances
from converters.offline.emit.jsx import react_component
from converters.offline.emit.legible import legible
from converters.offline.emit.markup import Variant
from converters.offline.emit.outline import outlined
from converters.offline.emit.plan import EMPTY_MESSAGE, FONT_STACK, Page, plan_page
from converters.offline.emit.responsive import Level, joined_page
from converters.offline.emit.tokens import tokenise
from converters.offline.emit.translucent import translucent_wrapped
from converters.offline.frames_view import FrameView, container_paths
from converters.offline.model import Colour, Node
from converters.targets import Target
from converters.tokens import with_react_theme

__all__ = ["EMPTY_MESSAGE", "FONT_STACK", "Page", "emit", "emit_frames", "plan_page"]


def emit(
    tree: Node,
    target: Target,
    *,
    title: str = "Design",
    page_background: Colour = (255, 255, 255),
    tokens: bool = True,
    font_family: str = "",
) -> str:
    """Code for ``target`` that lays out ``tree``; ``title`` names the HTML page, ``page_background``
    is the colour behind everything, ``font_family`` the design's own text font (``""``: not
    known); ``tokens``: styled through a theme of design tokens
    (``emit.tokens``), else with the measured values written out. Headings are put in order
    (``outline``) and text colours meet AA contrast where the design's colours allow
    (``legible``). The text ends with one newline."""
    tree = legible(outlined(tree), page_background)
    planned = plan_page(tree, title=title, page_background=page_background, font_family=font_family)
    return _written(planned, target, tokens=tokens)


def emit_frames(
    widest: Node,
    views: Sequence[FrameView],
    variants: Sequence[Variant],
    target: Target,
    *,
    title: str = "Design",
    page_background: Colour = (255, 255, 255),
    font_family: str = "",
) -> str:
    """One responsive page for the frames of a screen (``emit.responsive``): ``widest`` is the
    widest frame's tree (headings in order already: ``outlined``), ``views`` the narrower
    frames' views of it (``frames_view``), narrowest first, ``variants`` the breakpoint above
    each frame but the widest. As ``emit`` otherwise."""
    levels = [
        Level(
            plan_page(
                legible(view.tree, page_background),
                title=title,
                page_background=page_background,
                font_family=font_family,
            ),
            view,
        )
        for view in views
    ]
    planned = plan_page(
        legible(widest, page_background),
        title=title,
        page_background=page_background,
        font_family=font_family,
    )
    levels.append(Level(planned, None))
    return _written(joined_page(levels, variants, container_paths(widest)), target, tokens=True)


def _written(planned: Page, target: Target, *, tokens: bool) -> str:
    page = translucent_wrapped(shared_instances(componentised(planned)))
    if tokens:
        page = tokenise(page)
    if target is Target.HTML_CSS:
        return html_css_page(page)
    if target is Target.HTML_TAILWIND:
        return html_tailwind_page(page)
    code = react_component(page)
    return code if page.theme is None else with_react_theme(code, page.theme)
