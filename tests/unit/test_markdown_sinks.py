"""Every text the app hands to a Streamlit call that renders Markdown is built from safe parts.

Streamlit renders Markdown in ``st.markdown``, captions, alerts, titles, metrics, badges, table
cells, widget labels and every ``help`` tooltip; Markdown can load an image from any server. So
in ``pages/``, ``ui/`` and ``app.py`` such an argument may only be made of: string literals,
``md_text(...)`` (untrusted text escaped), numbers with a format spec (``{n:d}``, ``{x:.0f}``),
UPPER_CASE constants of ours, and names or calls ending in ``_md`` (Markdown our code wrote from
those same parts). A new call that interpolates anything else fails here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from ui.safe_text import md_text, plain_text

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py"), ROOT / "app.py"])

# Calls whose first positional argument (and, for metric, the second) is rendered as Markdown.
MARKDOWN_FIRST = {
    "markdown", "caption", "error", "warning", "info", "success", "toast", "exception",
    "title", "header", "subheader", "badge", "metric", "table", "spinner", "write",
    "button", "download_button", "form_submit_button", "page_link", "expander", "popover",
    "selectbox", "multiselect", "radio", "segmented_control", "pills", "text_input", "text_area",
    "number_input", "toggle", "checkbox", "file_uploader", "slider", "select_slider", "status",
}  # fmt: skip
MARKDOWN_KEYWORDS = {"help", "label", "body", "caption"}  # and a metric's "value"
SAFE_CALLS = {"md_text"}


def _callee_names(func: ast.expr) -> set[str]:
    if isinstance(func, ast.Attribute):
        return {func.attr}
    if isinstance(func, ast.IfExp):
        return _callee_names(func.body) | _callee_names(func.orelse)
    return set()


def _name_of(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        return _name_of(node.func)
    if isinstance(node, ast.Subscript):
        return _name_of(node.value)
    return ""


def _safe(node: ast.expr) -> bool:
    """Whether ``node`` can only produce Markdown made of the safe parts listed above."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.JoinedStr):
        return all(_safe(value) for value in node.values)
    if isinstance(node, ast.FormattedValue):
        return node.format_spec is not None or _safe(node.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _safe(node.left) and _safe(node.right)
    if isinstance(node, ast.IfExp):
        return _safe(node.body) and _safe(node.orelse)
    if isinstance(node, ast.Dict):
        return all(_safe(value) for value in node.values)
    if isinstance(node, (ast.List, ast.Tuple)):
        return all(_safe(item) for item in node.elts)
    if isinstance(node, (ast.GeneratorExp, ast.ListComp)):
        return _safe(node.elt)
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "join" and isinstance(func.value, ast.Constant):
            return all(_safe(arg) for arg in node.args)
        return _name_of(func) in SAFE_CALLS or _name_of(func).endswith("_md")
    name = _name_of(node)
    return name.endswith("_md") or (name.isupper() and not isinstance(node, ast.Call))


def _markdown_arguments(tree: ast.AST) -> Iterator[tuple[int, ast.expr]]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        names = _callee_names(node.func)
        if names & MARKDOWN_FIRST:
            yield from ((node.lineno, arg) for arg in node.args[: 2 if "metric" in names else 1])
        if names & MARKDOWN_FIRST or isinstance(node.func, ast.Attribute):
            keywords = MARKDOWN_KEYWORDS | ({"value"} if "metric" in names else set())
            yield from ((node.lineno, kw.value) for kw in node.keywords if kw.arg in keywords)


def test_markdown_sinks_only_receive_escaped_text() -> None:
    unsafe = [
        f"{path.relative_to(ROOT)}:{line}: {ast.unparse(arg)[:90]}"
        for path in SOURCES
        for line, arg in _markdown_arguments(ast.parse(path.read_text(encoding="utf-8")))
        if not _safe(arg)
    ]
    assert unsafe == []


def test_the_rule_catches_what_it_should() -> None:
    flagged = [
        "st.error(str(exc))",
        'st.warning(f"Failed: {exc}")',
        "st.caption(message)",
        'col.metric("Engine", conversion.engine)',
        'st.badge("x", help=f"Scoring failed: {error}")',
        "(st.warning if ok else st.error)(entry.error)",
        'st.markdown(" ".join(f":blue-badge[{tag}]" for tag in tags))',
    ]
    allowed = [
        "st.error(md_text(exc))",
        'st.caption(f"{width:d} px · {md_text(name)}")',
        'st.markdown(f"**{counts_md}** {LEGEND}")',
        'st.markdown("  \\n".join(_line_md(c) for c in checks))',
    ]
    for source in flagged:
        arguments = list(_markdown_arguments(ast.parse(source)))
        assert arguments and not all(_safe(arg) for _, arg in arguments), source
    for source in allowed:
        assert all(_safe(arg) for _, arg in _markdown_arguments(ast.parse(source))), source


def _unescaped_punctuation(markdown: str) -> list[str]:
    """ASCII punctuation in ``markdown`` outside code spans that no backslash escapes."""
    found, index = [], 0
    while index < len(markdown):
        char = markdown[index]
        if char == "\\":
            index += 2
            continue
        if char == "`":  # a code span: skip to its closing fence of the same length
            fence = len(markdown[index:]) - len(markdown[index:].lstrip("`"))
            close = markdown.find("`" * fence, index + fence)
            index = close + fence if close >= 0 else len(markdown)
            continue
        if char.isascii() and not char.isalnum() and not char.isspace():
            found.append(char)
        index += 1
    return found


@pytest.mark.parametrize(
    "text",
    [
        "![x](http://evil.test/x) [Your session expired](http://evil.test/y)",
        "<img src=x onerror=alert(1)> **bold** $x^2$ :red[red] :material/home: &amp; ~~gone~~",
        "# Heading\n- item\n1. first\n> quote\n| a | b |\n---\n    indented",
    ],
)
def test_md_text_escapes_every_markdown_construct(text: str) -> None:
    assert _unescaped_punctuation(md_text(text)) == []


def test_md_text_puts_autolinks_in_code_spans_and_isolates_bidi() -> None:
    escaped = md_text("see www.evil.test, http://evil.test/a`b and a@b.co \u202eevil")
    assert "`www.evil.test,`" in escaped and "``http://evil.test/a`b``" in escaped and "`a@b.co`" in escaped
    assert "\u202e" not in escaped and "[U+202E]" in escaped.replace("\\", "")
    assert plain_text("a\u2069\u202eb") == "a[U+2069][U+202E]b"  # visible, and nothing left to isolate
    hebrew = md_text("שלום, world")
    assert hebrew.startswith("\u2068") and hebrew.endswith("\u2069")
    assert "\u2068" not in md_text("Download App.jsx")  # left-to-right text gets no invisible characters
