"""The Theme tab of a result: its design tokens (swatches, type scale, weights, spacing, radii)
and downloads of them as ``theme.css`` and ``tokens.json`` (W3C design tokens).

The theme is read from the result's code (``converters.tokens.code_theme``): the theme it
declares, or, when it declares none, the one its literal values amount to, said so above it.
Token names come from the code, which a model may have written: they are shown as text only.
"""

from __future__ import annotations

import io
from typing import Final

import streamlit as st
from PIL import Image

from converters.conversion import Conversion
from converters.targets import Target
from converters.tokens import DimensionToken, Theme, code_theme, theme_file_css, tokens_json
from ui.safe_text import md_text, plain_text

SWATCHES_PER_ROW: Final = 6
SWATCH_PX: Final = 56
"""Side of a colour swatch (CSS px): big enough to judge a colour, six fit a narrow column."""


def theme_panel(conversion: Conversion, *, key: str) -> None:
    """The theme of ``conversion``; ``key`` tells this result's widgets from others'."""
    theme = _theme(conversion.code, conversion.target.value)
    if theme.source == "none":
        st.info(
            "No colours, font sizes or radii were found in this result's code.", icon=":material/palette:"
        )
        return
    if theme.source == "computed":
        st.caption(
            ":material/info: This result declares no theme: these tokens are gathered from the colours, "
            "sizes and radii its code writes out. The code itself does not use them."
        )
    for note in theme.notes:
        st.caption(md_text(note))
    if theme.colours:
        st.subheader("Colours")
        _swatches(theme)
    if theme.font_sizes:
        st.subheader("Type scale")
        st.dataframe(
            [
                {
                    "token": _name("text", size.name),
                    "size": f"{size.px:g}px",
                    "line height": f"{size.line_height_px:g}px" if size.line_height_px is not None else "",
                }
                for size in theme.font_sizes
            ],
            hide_index=True,
        )
    if theme.font_weights:
        st.subheader("Font weights")
        _dimensions("font-weight", theme.font_weights, unit="")
    left, right = st.columns(2)
    with left:
        if theme.spacing:
            st.subheader("Spacing")
            _dimensions("spacing", theme.spacing)
    with right:
        if theme.radii:
            st.subheader("Radii")
            _dimensions("radius", theme.radii)
    css_column, json_column, _ = st.columns(3)
    with css_column:
        _download("Download theme.css", theme_file_css(theme), "theme.css", "text/css", f"theme-css-{key}")
    with json_column:
        _download(
            "Download tokens.json",
            tokens_json(theme),
            "tokens.json",
            "application/json",
            f"theme-json-{key}",
            "W3C Design Tokens Community Group format, for Figma plug-ins and Style Dictionary.",
        )


def _dimensions(namespace: str, tokens: tuple[DimensionToken, ...], unit: str = "px") -> None:
    """A table of tokens: custom property and value."""
    rows = [{"token": _name(namespace, t.name), "value": f"{t.value:g}{unit}"} for t in tokens]
    st.dataframe(rows, hide_index=True)


def _name(namespace: str, name: str) -> str:
    """A token's custom property as plain text (a table cell shows no Markdown)."""
    return plain_text(f"--{namespace}-{name}")


def _download(label_md: str, data: str, name: str, mime: str, key: str, help_md: str | None = None) -> None:
    """A download button for ``data`` as the file ``name``; the label and help are our own words."""
    st.download_button(
        label_md,
        data.encode("utf-8"),
        file_name=name,
        mime=mime,
        icon=":material/download:",
        key=key,
        help=help_md,
    )


@st.cache_data(max_entries=32, show_spinner=False)
def _theme(code: str, target: str) -> Theme:
    return code_theme(code, Target(target))


def _swatches(theme: Theme) -> None:
    """Each colour as a square of it, its name and its hex value, ``SWATCHES_PER_ROW`` a row."""
    colours = theme.colours
    for start in range(0, len(colours), SWATCHES_PER_ROW):
        columns = st.columns(SWATCHES_PER_ROW)
        for column, colour in zip(columns, colours[start : start + SWATCHES_PER_ROW], strict=False):
            with column:
                st.image(_swatch_png(colour.hex), width=SWATCH_PX)
                st.caption(md_text(colour.name) + "  \n" + md_text(colour.hex))


def _swatch_png(hex_value: str) -> bytes:
    """A square PNG of ``hex_value`` (``#rrggbb``) with a thin grey edge, so white shows on white."""
    side = SWATCH_PX * 2  # sharp on 2x screens
    image = Image.new("RGB", (side, side), (203, 213, 225))
    image.paste(Image.new("RGB", (side - 4, side - 4), hex_value), (2, 2))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
