"""The theme in a result's code: where each target keeps it, and reading it back.

Where the theme lives:

- HTML + CSS: a ``:root { --color-primary: ...; }`` rule in the page's ``<style>``, used as
  ``var(--color-primary)`` (``export.split_styles`` moves it to the stylesheet with the rest);
- HTML + Tailwind: ``<style type="text/tailwindcss">@theme { ... }</style>`` in the head, which
  the preview's Tailwind runtime reads and the static export compiles into the page's CSS;
- React + Tailwind: a block comment holding only ``@theme { ... }`` among the comments that open
  the module (``react_theme_block``). Decision: the result stays one file, so the code view, the
  store, a model's revision and a copy-paste all keep the theme with the component, and nothing
  else (``Conversion``, the store, the renderer) needs a second field. The preview reads it from
  there into a ``text/tailwindcss`` style (``converters.preview``), and the project export moves it
  to ``src/index.css`` (``split_react_theme``). It is found by the grammar of JavaScript comments
  and parsed as CSS (tinycss2), never by searching the code for text.

``code_theme`` reads the theme a result declares; when there is none it gathers the theme the
result's literal colours, font sizes and radii amount to (``Theme.source == "computed"``), for
showing, without changing the code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser
from typing import Final

import tinycss2
from tinycss2.ast import AtRule, Declaration, QualifiedRule

from converters.targets import Target
from converters.tokens.colours import ColourUse, cluster_colours
from converters.tokens.scales import font_scale, radius_scale, weight_scale
from converters.tokens.theme import ColourToken, DimensionToken, SizeToken, Theme, tailwind_theme_css

REACT_THEME_NOTE: Final = (
    "// Design tokens (a Tailwind CSS 4 theme): utilities such as bg-primary, text-md and rounded-lg\n"
    "// come from it. Put it in your CSS, after Tailwind is loaded; the project export puts it in\n"
    "// src/index.css.\n"
)
ROOT_PX: Final = 16.0
"""px per rem, to read theme lengths written in rem (Tailwind's defaults are)."""
_HEX: Final = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_LENGTH: Final = re.compile(r"(\d+(?:\.\d+)?)(px|rem)")
_TW_COLOUR: Final = re.compile(r"(?<![\w-])(bg|text|border(?:-[trblxy])?)-\[(#[0-9a-fA-F]{3,6})\]")
_TW_SIZE: Final = re.compile(r"(?<![\w-])text-\[(\d+(?:\.\d+)?)px\]")
_TW_RADIUS: Final = re.compile(r"(?<![\w-])rounded-\[(\d+(?:\.\d+)?)px\]")
_TW_WEIGHT: Final = re.compile(r"(?<![\w-])font-\[(\d{3})\]")
_COLOUR_PROPS: Final = {"color": "text", "background": "background", "background-color": "background"}


# --- React: the theme comment ---------------------------------------------------------------


def react_theme_block(theme: Theme) -> str:
    """The comments that open a React module carrying ``theme`` (ends with a newline)."""
    return REACT_THEME_NOTE + "/* " + tailwind_theme_css(theme) + " */\n"


def with_react_theme(code: str, theme: Theme) -> str:
    """``code`` opened by ``theme``'s block (``code`` itself when the theme is empty)."""
    return code if theme.empty else react_theme_block(theme) + "\n" + code


def split_react_theme(code: str) -> tuple[str, str]:
    """(the ``@theme`` CSS that opens the React module ``code`` or ``""``, ``code`` without that
    comment and the note ``react_theme_block`` puts above it). Only comments before the first
    line of code are looked at; the theme is the first block comment whose content is a single
    ``@theme`` rule."""
    for start, end, body in _leading_comments(code):
        if body is not None and _single_theme_rule(body):
            # Our own note about the block goes with it; a developer's comments stay.
            head = code[:start].removesuffix(REACT_THEME_NOTE)
            tail = code[end:].lstrip("\n") if not head.strip() else code[end:].removeprefix("\n")
            rest = head + tail
            return body.strip(), rest
    return "", code


def _leading_comments(code: str) -> Iterable[tuple[int, int, str | None]]:
    """(start, end, block comment's content or ``None`` for a line comment) of the comments that
    open ``code``, by the grammar of JavaScript comments (whitespace between them is skipped)."""
    index = 0
    while True:
        while index < len(code) and code[index].isspace():
            index += 1
        if code.startswith("//", index):
            end = code.find("\n", index)
            end = len(code) if end < 0 else end
            yield index, end, None
            index = end
        elif code.startswith("/*", index):
            end = code.find("*/", index + 2)
            if end < 0:
                return
            yield index, end + 2, code[index + 2 : end]
            index = end + 2
        else:
            return


def _single_theme_rule(css: str) -> bool:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return len(rules) == 1 and isinstance(rules[0], AtRule) and rules[0].lower_at_keyword == "theme"


# --- reading a theme --------------------------------------------------------------------------


class _Styles(HTMLParser):
    """The ``<style>`` contents (with their ``type``) and ``class`` attributes of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.styles: list[tuple[str, str]] = []
        self.classes: list[str] = []
        self._in_style: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "class" in values:
            self.classes.append(values["class"])
        if tag == "style":
            self._in_style = values.get("type", "text/css").lower()
            self.styles.append((self._in_style, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = None

    def handle_data(self, data: str) -> None:
        if self._in_style is not None:
            kind, text = self.styles[-1]
            self.styles[-1] = (kind, text + data)


def code_theme(code: str, target: Target) -> Theme:
    """The theme ``code`` (written for ``target``) declares: a Tailwind ``@theme`` block or
    ``:root`` custom properties; without one, the theme computed from its literals (hex colours,
    px font sizes, numeric weights and px radii in its CSS or its arbitrary Tailwind classes).
    Never raises: unreadable CSS gives what could be read (``Theme.notes`` says what was not)."""
    if target is Target.REACT_TAILWIND:
        theme_css, rest = split_react_theme(code)
        styles = [theme_css] if theme_css else []
        classes = [rest]
        css_text = ""
    else:
        parser = _Styles()
        parser.feed(code)
        parser.close()
        styles = [text for kind, text in parser.styles if kind == "text/tailwindcss"]
        css_text = "\n".join(text for kind, text in parser.styles if kind != "text/tailwindcss")
        classes = parser.classes
    variables: list[tuple[str, str]] = []
    for text in styles:
        variables += _theme_variables(text, at_theme=True)
    variables += _theme_variables(css_text, at_theme=False)
    if variables:
        return _declared(variables)
    return _computed(css_text, classes)


def _theme_variables(css: str, *, at_theme: bool) -> list[tuple[str, str]]:
    """(custom property, value) declared in ``@theme`` blocks (``at_theme``) or ``:root`` rules."""
    found: list[tuple[str, str]] = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if (at_theme and isinstance(rule, AtRule) and rule.lower_at_keyword == "theme" and rule.content) or (
            not at_theme
            and isinstance(rule, QualifiedRule)
            and tinycss2.serialize(rule.prelude).strip() in (":root", "html", ":root, :host")
        ):
            found += _custom_properties(rule.content)
    return found


def _custom_properties(content: list[object]) -> list[tuple[str, str]]:
    declarations = tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True)
    return [
        (d.name, tinycss2.serialize(d.value).strip())
        for d in declarations
        if isinstance(d, Declaration) and d.name.startswith("--")
    ]


def _declared(variables: list[tuple[str, str]]) -> Theme:
    colours: list[ColourToken] = []
    sizes: dict[str, float] = {}
    leading: dict[str, float] = {}
    weights: list[DimensionToken] = []
    spacing: list[DimensionToken] = []
    radii: list[DimensionToken] = []
    notes: list[str] = []
    for name, value in variables:
        if name.startswith("--color-"):
            if _HEX.fullmatch(value):
                colours.append(ColourToken(name.removeprefix("--color-"), long_hex(value)))
            else:
                notes.append(f"{name} is not a hex colour ({value[:40]}); it is not shown.")
        elif name.startswith("--text-") and (length := _length_px(value)) is not None:
            key = name.removeprefix("--text-")
            if key.endswith("--line-height"):
                leading[key.removesuffix("--line-height")] = length
            else:
                sizes[key] = length
        elif name.startswith("--font-weight-") and value.isdigit():
            weights.append(DimensionToken(name.removeprefix("--font-weight-"), int(value)))
        elif name.startswith("--spacing-") and (length := _length_px(value)) is not None:
            spacing.append(DimensionToken(name.removeprefix("--spacing-"), length))
        elif name.startswith("--radius-") and (length := _length_px(value)) is not None:
            radii.append(DimensionToken(name.removeprefix("--radius-"), length))
    font_sizes = sorted(
        (SizeToken(key, px, leading.get(key)) for key, px in sizes.items()), key=lambda s: s.px
    )
    return Theme(
        tuple(colours),
        tuple(font_sizes),
        tuple(sorted(weights, key=lambda w: w.value)),
        tuple(sorted(spacing, key=lambda s: s.value)),
        tuple(sorted(radii, key=lambda r: r.value)),
        source="declared",
        notes=tuple(notes),
    )


def _computed(css: str, classes: list[str]) -> Theme:
    uses: list[ColourUse] = []
    sizes: list[tuple[float, float | None, float]] = []
    weights: list[int] = []
    radii: list[float] = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if not isinstance(rule, QualifiedRule):
            continue
        for d in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
            if not isinstance(d, Declaration):
                continue
            value = tinycss2.serialize(d.value).strip()
            if d.lower_name in _COLOUR_PROPS or d.lower_name.startswith("border"):
                use = _COLOUR_PROPS.get(d.lower_name, "border")
                uses += [ColourUse(long_hex(h), use) for h in _HEX.findall(value)]  # type: ignore[arg-type]
            if d.lower_name == "font-size" and (length := _length_px(value)) is not None:
                sizes.append((length, None, 1.0))
            elif d.lower_name == "font-weight" and value.isdigit():
                weights.append(int(value))
            elif d.lower_name == "border-radius" and (length := _length_px(value)) is not None:
                radii.append(length)
    for text in classes:
        for kind, hex_value in _TW_COLOUR.findall(text):
            use = {"bg": "background", "text": "text"}.get(kind, "border")
            uses.append(ColourUse(long_hex(hex_value), use))  # type: ignore[arg-type]
        sizes += [(float(v), None, 1.0) for v in _TW_SIZE.findall(text)]
        radii += [float(v) for v in _TW_RADIUS.findall(text)]
        weights += [int(v) for v in _TW_WEIGHT.findall(text)]
    colours, _ = cluster_colours(uses)
    font_sizes, _ = font_scale(sizes)
    font_weights, _ = weight_scale(weights)
    radius_tokens, _ = radius_scale(radii)
    theme = Theme(colours, font_sizes, font_weights, (), radius_tokens, source="computed")
    return theme if not theme.empty else Theme(source="none")


def long_hex(value: str) -> str:
    """``#ABC`` or ``#AaBbCc`` -> ``#aabbcc``."""
    digits = value.lstrip("#").lower()
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


def _length_px(value: str) -> float | None:
    match = _LENGTH.fullmatch(value.strip())
    if match is None:
        return None
    number = float(match.group(1))
    return number * ROOT_PX if match.group(2) == "rem" else number
