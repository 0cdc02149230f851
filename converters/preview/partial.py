"""Make half-written React code renderable for the live preview.

While a reply streams, the JSX is cut mid-tree, and Babel rejects it, so the live preview would
stay blank until the last token. ``close_partial_jsx`` keeps the complete lines written so far
and appends the closers still open (JSX tags, brackets), in reverse order, so the component
renders what exists. It is a scanner, not a parser: strings, template literals, comments and
JSX text are told apart well enough for generated UI code; when it cannot make sense of the
code, the caller's preview simply keeps its last good frame.
"""

from __future__ import annotations

import re

_TAG_NAME = re.compile(r"[A-Za-z][\w.:-]*")
_JSX_AFTER = set("(,=:?{}[>&|;\n") | {""}  # a '<' after these starts JSX, not a comparison
_PAIRS = {"(": ")", "{": "}", "[": "]"}


def close_partial_jsx(code: str) -> str:
    """``code`` up to its last complete line, with every open tag and bracket closed."""
    text = code[: code.rfind("\n") + 1]
    stack: list[tuple[str, int]] = []  # ("(" | "{" | "[" | "<name", where it opened)
    safe_end: int = 0
    safe_stack: list[tuple[str, int]] = []
    i, n = 0, len(text)
    while i < n:
        in_jsx_text = bool(stack) and stack[-1][0].startswith("<")
        char = text[i]
        if char == "\n":
            safe_end, safe_stack = i + 1, list(stack)
            i += 1
        elif in_jsx_text:
            if char == "{":
                stack.append(("{", i))
                i += 1
            elif char == "<":
                i = _tag(text, i, stack)
                if i < 0:
                    break
            else:
                i += 1
        elif text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                break
            i = end + 2
        elif char in "'\"`":
            end = _string_end(text, i)
            if end < 0:
                break
            i = end
        elif char in _PAIRS:
            stack.append((char, i))
            i += 1
        elif char in ")}]":
            if stack and _PAIRS.get(stack[-1][0]) == char:
                stack.pop()
            i += 1
        elif char == "<" and _previous_significant(text, i) in _JSX_AFTER:
            i = _tag(text, i, stack)
            if i < 0:
                break
        else:
            i += 1
    else:
        safe_end, safe_stack = n, stack
    kept = text[:safe_end]
    closers = "".join(_closer(kept, token, at) for token, at in reversed(safe_stack))
    return kept + closers + ("\n" if closers else "")


def _closer(kept: str, token: str, opened_at: int) -> str:
    if token.startswith("<"):
        return f"</{token[1:]}>"
    if token == "(" and not kept[opened_at + 1 :].strip():
        return "null)"  # `() => (` with nothing inside yet: `()` alone is not an expression
    return _PAIRS[token]


def _tag(text: str, start: int, stack: list[tuple[str, int]]) -> int:
    """Handle the tag at ``start``; return the index after it, or -1 if it is incomplete."""
    i = start + 1
    closing = text.startswith("/", i)
    if closing:
        i += 1
    match = _TAG_NAME.match(text, i)
    name = match.group(0) if match else ""  # "" is a fragment: <> … </>
    i = match.end() if match else i
    depth = 0
    while i < len(text):
        char = text[i]
        if char in "'\"" and depth == 0:
            end = _string_end(text, i)
            if end < 0:
                return -1
            i = end
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == ">" and depth == 0:
            self_closing = text[i - 1] == "/"
            if closing:
                if stack and stack[-1][0] == f"<{name}":
                    stack.pop()
            elif not self_closing:
                stack.append((f"<{name}", start))
            return i + 1
        i += 1
    return -1


def _string_end(text: str, start: int) -> int:
    quote = text[start]
    i = start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            return i + 1
        if text[i] == "\n" and quote != "`":
            return -1
        i += 1
    return -1


def _previous_significant(text: str, index: int) -> str:
    j = index - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    if j < 0:
        return ""
    if text[j] == "\n":
        return "\n"
    word = re.search(r"(return|&&|\|\||\?\?)$", text[max(0, j - 6) : j + 1])
    return "(" if word else text[j]
