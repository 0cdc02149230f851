"""Take the code for a target out of a whole model reply."""

from __future__ import annotations

import re
from dataclasses import dataclass

from converters.errors import EmptyReplyError, NoCodeError
from converters.extract.fences import Block, normalise_text, split_blocks, strip_thinking
from converters.extract.html_check import (
    WRAPPED_WARNING,
    insert_style,
    is_fragment,
    looks_like_markup,
    wrap_document,
)
from converters.extract.react_check import looks_like_react
from converters.extract.validate import validate_code
from converters.targets import Target

_HTML_LANGUAGES = frozenset({"html", "htm", "xhtml", "html5"})
_CSS_LANGUAGES = frozenset({"css"})
_SCRIPT_LANGUAGES = frozenset(
    {
        "jsx",
        "tsx",
        "js",
        "javascript",
        "typescript",
        "ts",
        "react",
        "mjs",
        "javascriptreact",
        "typescriptreact",
    }
)
_DOCUMENT = re.compile(r"<!doctype\s+html|<html[\s>]", re.I)
_RAW_DOCUMENT_START = re.compile(r"^[ \t]*(?=<!doctype\s+html|<html[\s>])", re.I | re.M)
_DOCUMENT_END = re.compile(r"</html\s*>", re.I)
_RAW_SCRIPT_START = re.compile(r"""^(?=(?:import|export|function|const|class)\s|["']use client["'])""", re.M)
_SCRIPT_LINE_END = re.compile(r"[;{}()\[\]>,`]\s*$|^\s*export\s+default\b")
TRUNCATED_WARNING = (
    "The reply was cut off at the model's output limit: the code is incomplete and may not render as "
    "intended. Try again with a higher output limit, or ask for a simpler page."
)


@dataclass(frozen=True)
class ExtractedCode:
    """Code taken from a reply.

    ``language`` is the fence's language tag, lower-cased (``"html"``, ``"tsx"``), or ``None`` when
    the block had none or the code was not fenced. ``warnings`` are sentences for the user.
    """

    code: str
    language: str | None
    warnings: tuple[str, ...]


def extract_code(reply: str, target: Target, *, truncated: bool = False) -> ExtractedCode:
    """The code for ``target`` in ``reply``, validated by ``validate_code``.

    Prefers a fenced block that fits the target (the longest if several do; for HTML + CSS a
    separate CSS block is merged into the head); then unfenced code; then any block, which
    validation will likely reject. ``truncated`` says the reply hit the model's output limit.
    Raises ``EmptyReplyError``, ``NoCodeError`` or ``InvalidCodeError``.
    """
    text = normalise_text(reply)
    if not text.strip():
        raise EmptyReplyError(
            "The model sent an empty reply. Try again; if it keeps happening, choose another model."
        )
    text = strip_thinking(text)
    all_blocks, outside = split_blocks(text)
    blocks = [block for block in all_blocks if block.content.strip()]
    warnings = [TRUNCATED_WARNING] if truncated else []
    picked = _from_blocks(blocks, target)
    if picked is None:
        raw = _raw_code(outside, target)
        if raw is not None:
            picked = raw, None, []
        elif blocks:
            # Nothing fits the target: hand the longest block to validation, which says what it is.
            longest = max(blocks, key=lambda block: len(block.content))
            picked = longest.content, longest.language, []
    if picked is None:
        name, fence = ("React", "jsx") if target is Target.REACT_TAILWIND else ("HTML", "html")
        raise NoCodeError(
            f"The model answered with text but no {name} code. Try again, or add an instruction such "
            f"as 'answer with one {fence} code block'."
        )
    code, language, choice_warnings = picked
    code, check_warnings = validate_code(code, target)
    return ExtractedCode(code, language, (*warnings, *choice_warnings, *check_warnings))


def _fits(block: Block, target: Target) -> bool:
    if target is Target.REACT_TAILWIND:
        return looks_like_react(block.content) and not _DOCUMENT.search(block.content)
    if block.language in _HTML_LANGUAGES:
        return True
    if block.language in _CSS_LANGUAGES or block.language in _SCRIPT_LANGUAGES:
        return False
    return looks_like_markup(block.content) and not looks_like_react(block.content)


def _from_blocks(blocks: list[Block], target: Target) -> tuple[str, str | None, list[str]] | None:
    fitting = [block for block in blocks if _fits(block, target)]
    if not fitting:
        return None
    chosen = max(fitting, key=lambda block: len(block.content))
    code, used, warnings = chosen.content, 1, []
    css = [block for block in blocks if block.language in _CSS_LANGUAGES]
    if target is Target.HTML_CSS and css:
        if is_fragment(code):
            code = wrap_document(code)
            warnings.append(WRAPPED_WARNING)
        code = insert_style(code, "\n\n".join(block.content.strip() for block in css))
        used += len(css)
        size = sum(len(block.content.strip()) for block in css)
        warnings.insert(
            0, f"Merged the separate CSS ({size:,} characters) into a <style> element in the head."
        )
    if len(blocks) > used:
        label = chosen.language or "untagged"
        warnings.insert(
            0,
            f"The reply held {len(blocks)} code blocks; used the {label} one "
            f"({len(chosen.content.strip()):,} characters) and ignored the rest.",
        )
    return code, chosen.language, warnings


def _raw_code(text: str, target: Target) -> str | None:
    finders = (_raw_script, _raw_html) if target is Target.REACT_TAILWIND else (_raw_html, _raw_script)
    for find in finders:
        code = find(text)
        if code is not None and code.strip():
            return code
    return None


def _raw_html(text: str) -> str | None:
    """An unfenced document from ``<!DOCTYPE``/``<html`` to ``</html>``, or markup the reply starts with."""
    start = _RAW_DOCUMENT_START.search(text)
    if start is not None:
        begin = start.end()
    elif looks_like_markup(text):
        begin = len(text) - len(text.lstrip())
    else:
        return None
    end = _DOCUMENT_END.search(text, begin)
    return text[begin : end.end() if end else len(text)]


def _raw_script(text: str) -> str | None:
    """Unfenced JavaScript from its first import/export/function/const line to its last code line."""
    start = _RAW_SCRIPT_START.search(text)
    if start is None:
        return None
    lines = text[start.start() :].rstrip().split("\n")
    while len(lines) > 1 and not _SCRIPT_LINE_END.search(lines[-1]):
        lines.pop()
    return "\n".join(lines)
