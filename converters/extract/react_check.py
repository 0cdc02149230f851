"""Checks on React code: a default export to mount, imports the preview can resolve, balance.

These are cheap text checks, not a JavaScript parser: they catch the usual ways a model's
component fails in the preview and say so, and leave compiling to the preview's Babel.
"""

from __future__ import annotations

import re

from converters.errors import InvalidCodeError

DEFAULT_EXPORT = re.compile(r"\bexport\s+default\b|\bexport\s*\{[^}]*\bas\s+default\b")
# Top-level components: a capitalised function, a const/let holding an arrow function, a function
# or memo()/forwardRef(), or a class that extends something.
COMPONENT = re.compile(
    r"^(?:export\s+)?(?:"
    r"(?:async\s+)?function\s+(?P<function>[A-Z]\w*)\s*[(<]"
    r"|(?:const|let|var)\s+(?P<const>[A-Z]\w*)\s*(?::[^=\n]+)?=\s*(?:async\s+)?"
    r"(?:\([^)]*\)\s*(?::[^=\n]+)?=>|[A-Za-z_$][\w$]*\s*=>|function\b|(?:React\.)?(?:memo|forwardRef)\b)"
    r"|class\s+(?P<class>[A-Z]\w*)\s+extends\b)",
    re.M,
)
_IMPORT = re.compile(
    r"""^[ \t]*(?P<kw>import)\s+(?:[\w$*{},\s]+?\s+from\s+)?(?P<q>["'])(?P<module>[^"'\n]+)(?P=q)""", re.M
)
_MOUNTING = {
    "document.": re.compile(r"\bdocument\."),
    "ReactDOM.render": re.compile(r"\bReactDOM\.render\b"),
    "createRoot(": re.compile(r"\bcreateRoot\s*\("),
}
_PAGE_START = re.compile(r"\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])", re.I | re.S)
_CODE_STOP = re.compile(r"//|/\*|['\"`{}]")
_TEMPLATE_STOP = re.compile(r"\\.|`|\$\{", re.S)
_STRING_END = {
    '"': re.compile(r'(?:\\.|[^"\\\n])*(?:"|$)', re.M),
    "'": re.compile(r"(?:\\.|[^'\\\n])*(?:'|$)", re.M),
}
_BRACKETS = re.compile(r"[(){}\[\]]")
_PAIRS = {")": "(", "]": "[", "}": "{"}
_BRACKET_NAMES = {"{": "braces", "(": "parentheses", "[": "brackets"}
_ASK_FOR_COMPONENT = (
    "add an instruction such as 'answer with one jsx code block that ends with export default App'"
)


def looks_like_react(code: str) -> bool:
    """Whether ``code`` has a default export or a top-level component."""
    return bool(DEFAULT_EXPORT.search(code) or COMPONENT.search(code))


def validate_react(code: str) -> tuple[str, list[str]]:
    """Repair or reject React code; return it with warnings. Raises ``InvalidCodeError``."""
    if _PAGE_START.match(code):
        raise InvalidCodeError(
            "The model answered with an HTML page, not a React component. "
            f"Try again, or {_ASK_FOR_COMPONENT}."
        )
    masked = mask_literals(code)
    warnings: list[str] = []
    if not DEFAULT_EXPORT.search(masked):
        name = main_component(masked)
        if name is None:
            raise InvalidCodeError(
                "The model's code has no React component (no 'export default' and no function such as "
                f"App). Try again, or {_ASK_FOR_COMPONENT}."
            )
        code = f"{code.rstrip()}\nexport default {name};\n"
        warnings.append(
            f"The code had no default export; added 'export default {name};' so the preview can show it."
        )
    foreign = _foreign_imports(code, masked)
    if foreign:
        listed = ", ".join(f"'{module}'" for module in foreign)
        warnings.append(
            f"Imports from {listed} will not resolve in the preview, which provides only React; "
            "ask for a component that imports nothing but 'react'."
        )
    mounting = [label for label, pattern in _MOUNTING.items() if pattern.search(masked)]
    if mounting:
        warnings.append(
            f"The code uses {', '.join(mounting)} itself; the preview mounts App on its own, "
            "so this part may fail or render the page twice."
        )
    unbalanced = balance_problem(masked)
    if unbalanced:
        warnings.append(f"{unbalanced}: the code may not compile. Try again, or ask the model to check it.")
    return code, warnings


def main_component(masked: str) -> str | None:
    """The component to export: ``App`` if there is one, else the last top-level one defined."""
    names = [next(name for name in match.groups() if name) for match in COMPONENT.finditer(masked)]
    if not names:
        return None
    return "App" if "App" in names else names[-1]


def _foreign_imports(code: str, masked: str) -> list[str]:
    modules: list[str] = []
    for match in _IMPORT.finditer(code):
        if masked[match.start("kw")] != "i":  # the word sits in a comment or a string
            continue
        if match["module"] != "react" and match["module"] not in modules:
            modules.append(match["module"])
    return modules


def mask_literals(code: str) -> str:
    """``code`` with strings, template literals and comments blanked to spaces (newlines kept).

    Template literals nest through ``${...}``. A quote right after a letter or digit is taken as
    an apostrophe in JSX text ("Don't"), not as a string; strings end at the line's end.
    """
    pieces: list[str] = []
    expression_depths: list[int] = []  # brace depth inside each open ${...}
    in_template = False
    pos, size = 0, len(code)
    while pos < size:
        if in_template:
            match = _TEMPLATE_STOP.search(code, pos)
            end = match.end() if match else size
            pieces.append(_blank(code[pos:end]))
            pos = end
            if match and match.group() == "${":
                expression_depths.append(0)
            if match is None or match.group() in ("`", "${"):
                in_template = False
            continue
        match = _CODE_STOP.search(code, pos)
        if match is None:
            pieces.append(code[pos:])
            break
        start, token = match.start(), match.group()
        pieces.append(code[pos:start])
        pos = start + len(token)
        if token == "{":
            if expression_depths:
                expression_depths[-1] += 1
            pieces.append(token)
        elif token == "}":
            if expression_depths and expression_depths[-1] == 0:
                expression_depths.pop()
                in_template = True
                pieces.append(" ")
            else:
                if expression_depths:
                    expression_depths[-1] -= 1
                pieces.append(token)
        elif token == "`":
            in_template = True
            pieces.append(" ")
        elif token in ("'", '"') and start > 0 and (code[start - 1].isalnum() or code[start - 1] == "_"):
            pieces.append(token)
        else:
            if token == "//":
                end = code.find("\n", start)
            elif token == "/*":
                end = code.find("*/", pos)
                end = end + 2 if end >= 0 else end
            else:
                string_end = _STRING_END[token].match(code, pos)
                end = string_end.end() if string_end else -1
            end = size if end < 0 else end
            pieces.append(_blank(code[start:end]))
            pos = end
    return "".join(pieces)


def balance_problem(masked: str) -> str | None:
    """A sentence naming unbalanced brackets in already-masked code, or ``None`` when they balance."""
    counts = {opener: 0 for opener in _BRACKET_NAMES}
    stack: list[str] = []
    nested_well = True
    for match in _BRACKETS.finditer(masked):
        char = match.group()
        if char in counts:
            counts[char] += 1
            stack.append(char)
        else:
            counts[_PAIRS[char]] -= 1
            if not stack or stack.pop() != _PAIRS[char]:
                nested_well = False
    uneven = [name for opener, name in _BRACKET_NAMES.items() if counts[opener] != 0]
    if uneven:
        return f"Unbalanced {' and '.join(uneven)}"
    if not nested_well or stack:
        return "Braces, parentheses and brackets close in the wrong order"
    return None


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)
