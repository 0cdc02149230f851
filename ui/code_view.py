"""The Code tab: what the result is made of (components or sections), then the code itself."""

from __future__ import annotations

from typing import Final

import streamlit as st

from converters.conversion import Conversion
from converters.export import split_styles
from converters.extract.outline import Part, code_outline
from converters.targets import Target

CODE_VIEW_MAX_CHARS: Final = 100_000
"""Longest code shown in the Code tab (about 2,500 lines; a 32k-token reply fits): highlighting a
400,000-character reply froze the app tab for 3 s, again on every rerun."""
_KIND_WORDS: Final = {
    "app": "app: composes the others",
    "region": "region of the page",
    "item": "repeated item, from data",
}


def code_language(target: Target) -> str:
    return "jsx" if target is Target.REACT_TAILWIND else "html"


def show_code(conversion: Conversion) -> None:
    """The outline, then the code; for HTML + CSS the page and its stylesheet apart, as they download."""
    if conversion.target is Target.HTML_CSS:
        html, css = split_styles(conversion.code, "styles.css")
        if css:
            _outline(code_outline(html, conversion.target), conversion.target)
            st.caption("index.html")
            _code_view(html, "html")
            st.caption("styles.css")
            _code_view(css, "css")
            return
    _outline(code_outline(conversion.code, conversion.target), conversion.target)
    _code_view(conversion.code, code_language(conversion.target))


def _outline(parts: tuple[Part, ...], target: Target) -> None:
    """A table of the components (React) or sections (HTML), with the lines each one spans."""
    if not parts:
        return
    react = target is Target.REACT_TAILWIND
    label = "Components" if react else "Sections"
    table = {  # cells are plain text: a name can come from a model
        "Component" if react else "Section": [part.name for part in parts],
        "What": [_KIND_WORDS.get(part.kind, part.kind) for part in parts],
        "Lines": [f"{part.lines[0]}–{part.lines[1]}" for part in parts],
        "Holds" if react else "Heading": [part.detail for part in parts],
    }
    count_md = f"{label}: {len(parts)}"  # our own words and a number
    st.caption(count_md)
    st.dataframe(table, hide_index=True, width="stretch", key=f"code-outline-{target.value}")


def _code_view(code: str, language: str) -> None:
    """``code`` highlighted with line numbers; a very long file only up to ``CODE_VIEW_MAX_CHARS``."""
    if len(code) <= CODE_VIEW_MAX_CHARS:
        st.code(code, language=language, line_numbers=True)
        return
    cut = code.rfind("\n", 0, CODE_VIEW_MAX_CHARS) + 1 or CODE_VIEW_MAX_CHARS
    shown, total = code.count("\n", 0, cut), code.count("\n") + 1
    st.caption(
        f":material/info: Showing the first {shown:,} of {total:,} lines: the downloads below hold all of it."
    )
    st.code(code[:cut], language=language, line_numbers=True)
