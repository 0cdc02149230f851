"""Leaf elements (text, controls, images, icons, dividers) -> ``Tag``s with their own CSS.

Only what belongs to the element itself is decided here (tag, attributes, type, colours, inner
spacing, heights); where it sits in its parent (margins, widths in %) is the planner's job.
Sizes are CSS px; text is one flowing line (the design's line breaks become spaces).
"""

from __future__ import annotations

import base64
from typing import Final, Literal

from converters.offline.emit.fonts import font_stack
from converters.offline.emit.markup import RUN_ROLE, Decl, Tag, px, sorted_decls
from converters.offline.model import Colour, Element, Kind, Span, Style
from converters.palette import hex_colour

Sizing = Literal["text", "content", "fixed", "sized"]
"""How an element gets its width: from its text (``text``, ``content`` when it also has a box of
its own: a button, a badge), fixed px (``fixed``: icons), or a share of its parent (``sized``)."""

TEXT_KINDS: Final = frozenset({Kind.HEADING, Kind.PARAGRAPH, Kind.LABEL, Kind.LINK})
FIELD_KINDS: Final = frozenset({Kind.TEXT_INPUT, Kind.TEXTAREA, Kind.SELECT})
TOGGLE_KINDS: Final = frozenset({Kind.CHECKBOX, Kind.RADIO})
DEFAULT_FONT_PX: Final = 16
LINE_HEIGHT_RATIO: Final = 1.25
"""Line height per font size where the design gives none: DejaVu Sans reads well at it."""
FIELD_BORDER: Final = (156, 163, 175)
"""A control the design shows without a visible edge still gets a light grey border."""
IMAGE_FILL: Final = (226, 232, 240)
ICON_FILL: Final = (148, 163, 184)
BAR_FILL: Final = (203, 213, 225)
MAX_ICON_PX: Final = 64
BOLD_WEIGHT: Final = 600
"""A run of text at least this heavy is ``strong`` (semibold and up read as bold)."""
NARROW_BUTTON_PAD_PX: Final = 16
"""Side padding (px) a button keeps at most on narrow viewports."""
DRAWN_NARROW_FONT_PX: Final = 28
"""Largest font size (px) of a drawn widget's text on narrow viewports: a sketch's heading sized
to its box on a 1200 px sheet would set one word a line on a phone, or break a long one."""
DRAWN_BUTTON_PAD_PX: Final = 8
"""Side padding (px) of a button that keeps its drawn box: its width is the box's, so the padding
only keeps a long text off its edges."""
_ROLES: Final = {Kind.HEADER: "site-header", Kind.FOOTER: "site-footer"}


def flowing_text(element: Element) -> str:
    """The element's text as one line: its lines joined with spaces, runs of spaces collapsed."""
    return " ".join(element.text.split())


def line_count(element: Element) -> int:
    if element.lines:
        return len(element.lines)
    return element.text.count("\n") + 1 if element.text.strip() else 0


def font_px(style: Style) -> int:
    return max(6, style.font_size or DEFAULT_FONT_PX)


def line_height_px(style: Style) -> int:
    """The line height: the design's, at least the font size (so glyphs of two lines never touch)."""
    size = font_px(style)
    return max(size, style.line_height or round(size * LINE_HEIGHT_RATIO))


def text_width(element: Element) -> float:
    """Width of the element's widest text line (px): measured when OCR gave lines, else estimated."""
    if element.lines:
        return float(max(line.box.w for line in element.lines))
    longest = max((len(line) for line in element.text.split("\n")), default=0)
    return longest * font_px(element.style) * 0.6


def sizing(element: Element) -> Sizing:
    """How ``element`` (a leaf) is sized in its parent: a share of it when it keeps its drawn box
    (``Element.keeps_box``) and has a width to keep."""
    if element.keeps_box and _keeps_width(element):
        return "sized"
    if element.kind in TEXT_KINDS:
        if not element.text.strip():
            return "sized"  # a wireframe's grey bar standing for text
        return "content" if _has_box(element.style) else "text"
    if element.kind in (Kind.BUTTON, *TOGGLE_KINDS):
        return "content" if element.text.strip() else "fixed"
    if element.kind is Kind.ICON or (element.kind is Kind.IMAGE and _small(element)):
        return "fixed"
    if element.kind is Kind.DIVIDER and element.box.h > element.box.w:
        return "fixed"
    return "sized"


def _keeps_width(element: Element) -> bool:
    """Whether a drawn ``element`` takes its box's width: a bare checkbox or radio keeps its own
    small square, an icon or a small image its px."""
    if element.kind in TOGGLE_KINDS:
        return bool(element.text.strip())
    return element.kind not in (Kind.ICON, Kind.DIVIDER) and not (
        element.kind is Kind.IMAGE and _small(element)
    )


def type_decls(element: Element, *, default_weight: int = 400, heading: bool = False) -> list[Decl]:
    """Font size, line height, weight, colour and alignment of a text-bearing element."""
    style = element.style
    decls: list[Decl] = [
        ("", "font-size", px(font_px(style))),
        ("", "line-height", px(line_height_px(style))),
    ]
    weight = style.font_weight or default_weight
    if weight != 400 or heading:
        # Headings are bold by default in HTML + CSS and inherit in Tailwind: always say which.
        decls.append(("", "font-weight", str(weight)))
    if style.colour is not None:
        decls.append(("", "color", hex_colour(style.colour)))
    if style.align in ("center", "right"):
        decls.append(("", "text-align", style.align))
    if element.keeps_box and font_px(style) > DRAWN_NARROW_FONT_PX:
        decls += [
            ("narrow", "font-size", px(DRAWN_NARROW_FONT_PX)),
            ("narrow", "line-height", px(round(DRAWN_NARROW_FONT_PX * LINE_HEIGHT_RATIO))),
        ]
    return decls + _exact_type_decls(style)


def _exact_type_decls(style: Style) -> list[Decl]:
    """What only an exact source gives of a text's type (see ``Style``): none from pixels."""
    decls: list[Decl] = []
    if style.font_family:
        decls.append(("", "font-family", font_stack(style.font_family)))
    if style.italic:
        decls.append(("", "font-style", "italic"))
    if style.letter_spacing:
        decls.append(("", "letter-spacing", f"{round(style.letter_spacing, 2):g}px"))
    if style.transform:
        decls.append(("", "text-transform", style.transform))
    if style.decoration:
        decls.append(("", "text-decoration", style.decoration))
    return decls


def paint_decls(style: Style, *, border: Colour | None = None, radius_cap: int | None = None) -> list[Decl]:
    """Background, border (``border`` when the style has none) and radius."""
    decls: list[Decl] = []
    if style.background is not None:
        decls.append(("", "background", hex_colour(style.background)))
    edge = style.border if style.border is not None else border
    if edge is not None:
        decls.append(("", "border", f"{max(1, style.border_width)}px solid {hex_colour(edge)}"))
    if style.radii is not None:
        decls.append(("", "border-radius", " ".join(px(corner) for corner in style.radii)))
    elif style.radius > 0:
        full = radius_cap is not None and style.radius * 2 >= radius_cap
        decls.append(("", "border-radius", "9999px" if full else px(style.radius)))
    return decls + _exact_paint_decls(style)


def _exact_paint_decls(style: Style) -> list[Decl]:
    """What only an exact source gives of an element's paint (see ``Style``): none from pixels."""
    decls: list[Decl] = []
    if style.gradient:
        decls.append(("", "background-image", style.gradient))
    if style.border_widths is not None and style.border is not None:
        decls.append(("", "border-width", " ".join(px(side) for side in style.border_widths)))
    if style.shadow:
        decls.append(("", "box-shadow", style.shadow))
    if style.opacity < 1:
        decls.append(("", "opacity", f"{round(style.opacity, 2):g}"))
    return decls


def leaf_tag(element: Element, *, control_id: str = "", label_for: str = "", label: str = "") -> Tag:
    """The tag of a leaf ``element``; ``control_id`` for a control a ``<label>`` names,
    ``label_for`` for a label naming a control, ``label`` the text of that label."""
    kind = element.kind
    if kind in TEXT_KINDS and not element.text.strip():
        return _text_bar(element)
    if kind in TEXT_KINDS:
        return _text_tag(element, label_for)
    if kind is Kind.BUTTON:
        return _button(element)
    if kind in FIELD_KINDS:
        return _field(element, control_id, label)
    if kind in TOGGLE_KINDS:
        return _toggle(element, control_id)
    if kind is Kind.IMAGE:
        return _image(element)
    if kind is Kind.DIVIDER:
        return _divider(element)
    if kind is Kind.ICON:
        return _icon(element)
    return _panel(element)


def _small(element: Element) -> bool:
    """An image no larger than an avatar or a logo: it keeps its size in px."""
    return max(element.box.w, element.box.h) <= MAX_ICON_PX


def _has_box(style: Style) -> bool:
    return style.background is not None or style.border is not None


def _inset(element: Element) -> tuple[int, int]:
    """Space (px) between the element's edge and its text, left and top, from the OCR lines."""
    if not element.lines:
        return 0, 0
    left = min(line.box.x for line in element.lines) - element.box.x
    top = min(line.box.y for line in element.lines) - element.box.y
    return max(0, left), max(0, top)


def _text_tag(element: Element, label_for: str) -> Tag:
    kind = element.kind
    name = {Kind.HEADING: f"h{min(6, max(1, element.level or 2))}", Kind.PARAGRAPH: "p", Kind.LINK: "a"}
    tag = name.get(kind, "label" if label_for else "span")
    role = {Kind.HEADING: "heading", Kind.PARAGRAPH: "text", Kind.LINK: "link"}.get(kind, "label")
    heading = kind is Kind.HEADING
    decls = type_decls(element, default_weight=700 if heading else 400, heading=heading)
    if _has_box(element.style):
        pad_x = max(4, round((element.box.w - text_width(element)) / 2))
        decls += [
            ("", "min-height", px(element.box.h)),
            ("", "padding", f"0 {px(pad_x)}"),
            ("", "display", "inline-flex"),
            ("", "align-items", "center"),
        ]
        decls += paint_decls(element.style, radius_cap=element.box.h)
    elif element.keeps_box:
        decls.append(("", "min-height", px(element.box.h)))
    attrs: tuple[tuple[str, str], ...] = ()
    if kind is Kind.LINK:
        attrs = (("href", "#"),)
    elif label_for:
        attrs = (("for", label_for),)
    content = _spans(element.spans) if element.spans else (flowing_text(element),)
    return Tag(tag, role, sorted_decls(decls), attrs, content)


def _spans(spans: tuple[Span, ...]) -> tuple[Tag | str, ...]:
    """A text's runs: plain ones as text, styled ones as ``strong``/``em``/``span`` with their own
    declarations, a line break in a run (an exact source's hard break) as ``<br>``; whitespace
    collapsed as ``flowing_text`` does, spaces kept between runs."""
    parts: list[Tag | str] = []
    for span in spans:
        decls = _run_decls(span)
        for number, line in enumerate(span.text.split("\n")):
            if number:
                parts.append(Tag("br", RUN_ROLE))
            text = _collapsed(line)
            if not text:
                continue
            if not decls:
                parts.append(text)
                continue
            name = "strong" if (span.font_weight or 0) >= BOLD_WEIGHT else "em" if span.italic else "span"
            parts.append(Tag(name, RUN_ROLE, decls, content=(text,)))
    return tuple(parts)


def _collapsed(text: str) -> str:
    """``text`` with runs of whitespace as one space, keeping one at either end."""
    inner = " ".join(text.split())
    if text[:1].isspace():
        inner = " " + inner
    if text[-1:].isspace() and inner.strip():
        inner += " "
    return inner


def _run_decls(span: Span) -> tuple[Decl, ...]:
    decls: list[Decl] = []
    if span.font_weight is not None:
        decls.append(("", "font-weight", str(span.font_weight)))
    if span.italic:
        decls.append(("", "font-style", "italic"))
    if span.colour is not None:
        decls.append(("", "color", hex_colour(span.colour)))
    if span.font_size is not None:
        decls.append(("", "font-size", px(span.font_size)))
    if span.decoration:
        decls.append(("", "text-decoration", span.decoration))
    if span.font_family:
        decls.append(("", "font-family", font_stack(span.font_family)))
    return sorted_decls(decls)


def _text_bar(element: Element) -> Tag:
    """A text element without text (a wireframe's bar or squiggle): a bar of its size and colour."""
    style = element.style
    fill = style.background or style.colour or BAR_FILL
    decls: list[Decl] = [("", "height", px(max(2, element.box.h))), ("", "background", hex_colour(fill))]
    if style.radius:
        decls.append(("", "border-radius", px(style.radius)))
    return Tag("div", "text-bar", sorted_decls(decls), (("aria-hidden", "true"),))


def _button(element: Element) -> Tag:
    style = element.style
    text = flowing_text(element)
    pad_x = max(4, round((element.box.w - text_width(element)) / 2)) if text else 0
    if element.keeps_box:
        pad_x = min(pad_x, DRAWN_BUTTON_PAD_PX)
    decls: list[Decl] = [
        ("", "display", "inline-flex"),
        ("", "align-items", "center"),
        ("", "justify-content", "center"),
        ("", "min-height", px(element.box.h)),
        ("", "padding", f"0 {px(pad_x)}"),
        *type_decls(element),
        *paint_decls(style, radius_cap=element.box.h),
    ]
    if pad_x > NARROW_BUTTON_PAD_PX:
        # A wide bar of a button: its side padding alone would overflow a phone's width.
        decls.append(("narrow", "padding-inline", px(NARROW_BUTTON_PAD_PX)))
    if not text and not element.keeps_box:
        decls.append(("", "width", px(element.box.w)))
    attrs: tuple[tuple[str, str], ...] = (("type", "button"),)
    if not text:
        attrs += (("aria-label", "Button"),)
    return Tag("button", "button", sorted_decls(decls), attrs, (text,) if text else ())


def _field(element: Element, control_id: str, label: str) -> Tag:
    style = element.style
    text = flowing_text(element)
    left, top = _inset(element)
    pad_x = left if element.lines else 12
    decls: list[Decl] = [
        ("", "height", px(element.box.h)),
        ("", "font-size", px(font_px(style))),
        ("", "line-height", px(line_height_px(style))),
        *paint_decls(style, border=FIELD_BORDER, radius_cap=element.box.h),
    ]
    ident: tuple[tuple[str, str], ...] = (("id", control_id),) if control_id else ()
    name = (
        label or text or {Kind.SELECT: "Choose an option", Kind.TEXTAREA: "Message"}.get(element.kind, "Text")
    )
    if element.kind is Kind.SELECT:
        decls += [("", "padding", f"0 {px(max(4, pad_x - 4))}")]
        if style.colour is not None:
            decls.append(("", "color", hex_colour(style.colour)))
        option = Tag("option", "option", content=(text or name,))
        return Tag("select", "select", sorted_decls(decls), (*ident, ("aria-label", name)), (option,))
    if style.colour is not None:
        decls.append(("placeholder", "color", hex_colour(style.colour)))
    if element.kind is Kind.TEXTAREA:
        decls += [("", "padding", f"{px(max(4, top))} {px(pad_x)}"), ("", "resize", "vertical")]
        attrs = (
            (*ident, ("placeholder", text), ("aria-label", name)) if text else (*ident, ("aria-label", name))
        )
        return Tag("textarea", "textarea", sorted_decls(decls), attrs)
    decls.append(("", "padding", f"0 {px(pad_x)}"))
    attrs = (*ident, ("type", "text"))
    if text:
        attrs += (("placeholder", text),)
    return Tag("input", "input", sorted_decls(decls), (*attrs, ("aria-label", name)))


def _toggle(element: Element, control_id: str) -> Tag:
    kind = "checkbox" if element.kind is Kind.CHECKBOX else "radio"
    text = flowing_text(element)
    box = element.box
    group: tuple[tuple[str, str], ...] = (("name", element.group),) if element.group else ()
    if not text:
        side = max(12, min(24, box.h, box.w))
        sized: tuple[Decl, ...] = (("", "width", px(side)), ("", "height", px(side)), ("", "flex", "none"))
        named = (("id", control_id),) if control_id else (("aria-label", kind),)
        return Tag("input", kind, sized, (*named, ("type", kind), *group))
    side = max(12, min(20, box.h, font_px(element.style) + 2))
    left, _ = _inset(element)
    gap = max(4, min(24, left - side)) if element.lines else 8
    square = Tag(
        "input",
        f"{kind}-box",
        (("", "width", px(side)), ("", "height", px(side)), ("", "flex", "none")),
        (("type", kind), *group),
    )
    decls: list[Decl] = [
        ("", "display", "flex"),
        ("", "align-items", "center"),
        ("", "gap", px(gap)),
        *type_decls(element),
    ]
    if element.keeps_box:
        decls.append(("", "min-height", px(box.h)))
    return Tag("label", kind, sorted_decls(decls), (), (square, text))


def _image(element: Element) -> Tag:
    fill = element.style.background or IMAGE_FILL
    decls: list[Decl] = [("", "height", px(element.box.h)), ("", "object-fit", "cover")]
    if _small(element):
        decls += [("", "width", px(element.box.w)), ("", "flex", "none")]
    decls += [d for d in paint_decls(element.style) if d[1] != "background"]
    alt = flowing_text(element) or "Image"
    return Tag(
        "img",
        "image",
        sorted_decls(decls),
        (("src", placeholder_image(element.box.w, element.box.h, fill)), ("alt", alt)),
    )


def placeholder_image(width: int, height: int, fill: Colour) -> str:
    """A ``data:`` URL of an SVG of ``width`` x ``height`` filled with ``fill`` (no request is made)."""
    w, h = max(1, width), max(1, height)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">'
        f'<rect width="{w}" height="{h}" fill="{hex_colour(fill)}"/></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def _divider(element: Element) -> Tag:
    style = element.style
    colour = hex_colour(style.border or style.colour or style.background or (226, 232, 240))
    box = element.box
    if box.h > box.w:
        thickness = max(1, min(8, style.border_width or box.w))
        decls: tuple[Decl, ...] = (
            ("", "height", px(box.h)),
            ("", "flex", "none"),
            ("", "border-top", "0"),
            ("", "border-left", f"{thickness}px solid {colour}"),
        )
    else:
        thickness = max(1, min(8, style.border_width or box.h))
        decls = (("", "border-top", f"{thickness}px solid {colour}"),)
    return Tag("hr", "divider", decls)


def _icon(element: Element) -> Tag:
    style = element.style
    w, h = (max(4, min(MAX_ICON_PX, side)) for side in (element.box.w, element.box.h))
    if element.svg:
        # The icon's own drawing, as an image of its SVG (a Tag carries no foreign markup).
        drawn: tuple[Decl, ...] = (("", "width", px(w)), ("", "height", px(h)), ("", "flex", "none"))
        src = "data:image/svg+xml;base64," + base64.b64encode(element.svg.encode()).decode("ascii")
        return Tag("img", "icon", sorted_decls(drawn), (("src", src), ("alt", ""), ("aria-hidden", "true")))
    fill = style.colour or style.background or ICON_FILL
    radius = style.radius if style.radius else max(2, min(w, h) // 4)
    decls: tuple[Decl, ...] = (
        ("", "display", "inline-block"),
        ("", "flex", "none"),
        ("", "width", px(w)),
        ("", "height", px(h)),
        ("", "background", hex_colour(fill)),
        ("", "border-radius", "9999px" if radius * 2 >= min(w, h) else px(radius)),
    )
    return Tag("span", "icon", decls, (("aria-hidden", "true"),))


def _panel(element: Element) -> Tag:
    """A container kind with nothing inside (an empty card or bar): a box of the design's height."""
    decls = [("", "min-height", px(element.box.h)), *paint_decls(element.style)]
    return Tag("div", role_of(element.kind), sorted_decls(decls))


def role_of(kind: Kind) -> str:
    """The class-name stem of an element of ``kind`` (``card``, ``site-header``)."""
    return _ROLES.get(kind, kind.value.replace("_", "-"))
