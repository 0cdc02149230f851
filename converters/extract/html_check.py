"""Checks on HTML code: a page with elements, tags that close, nothing loaded from other sites."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from converters.errors import InvalidCodeError

_MARKUP_START = re.compile(r"\s*<[A-Za-z!?]")
_JSX_SIGNS = re.compile(r"^(?:import\s[^\n]*\bfrom\s|export\s+default\b)|\bclassName=", re.M)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source"}
    | {"track", "wbr"}
)
# Elements whose end tag HTML lets authors leave out; an open one is not a mistake.
_OPTIONAL_END = frozenset(
    {"html", "head", "body", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody"}
    | {"tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp"}
)
_REMOTE = re.compile(r"(?:https?:)?//", re.I)
_SCRIPT_ELEMENT = re.compile(r"<script\b[^>]*>(?:.*?</script\s*>)?", re.I | re.S)
_TAG = re.compile(r"<[a-z]+\b[^>]*>", re.I)
_REST_OF_LINE_BLANK = re.compile(r"[ \t]*(?:\n|\Z)")
_LOCAL_STYLESHEET = re.compile(
    r"[ \t]*<link\b(?=[^>]*\brel\s*=\s*[\"']?stylesheet\b)(?![^>]*\bhref\s*=\s*[\"']?(?:[a-z][\w+.-]*:|//))"
    r"[^>]*>[ \t]*\n?",
    re.I,
)
_HEAD_CLOSE = re.compile(r"</head\s*>", re.I)
_HEAD_OR_HTML_OPEN = re.compile(r"<head\b[^>]*>|<html\b[^>]*>", re.I)
_SHELL_HEAD = (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>Design</title>\n'
    "</head>\n<body>\n"
)
_SHELL_TAIL = "</body>\n</html>\n"
_PAGE_TAG = re.compile(r"<(?:html|body)[\s>]", re.I)
WRAPPED_WARNING = "The code was a fragment of HTML; wrapped it in a complete page (doctype, head, body)."
_MAX_LISTED = 5
_ASK_FOR_HTML = "add an instruction such as 'answer with one complete html document'"


class _TagTracker(HTMLParser):
    """Counts elements, pairs start and end tags, and notes scripts and stylesheets from other sites."""

    def __init__(self, code: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0] + [match.end() for match in re.finditer("\n", code)]
        self.elements = 0
        self.seen: set[str] = set()
        self.doctype = False
        self.open: list[str] = []
        self.unclosed: list[str] = []
        self.stray: list[str] = []
        self.remote: list[tuple[int, bool, str]] = []  # (offset of "<", whole <script> element?, url)

    def handle_decl(self, decl: str) -> None:
        self.doctype = self.doctype or decl.lower().startswith("doctype")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._note(tag, attrs, element=tag == "script")
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._note(tag, attrs, element=False)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if tag not in self.open:
            self.stray.append(tag)
            return
        while (inner := self.open.pop()) != tag:
            if inner not in _OPTIONAL_END:
                self.unclosed.append(inner)

    def close(self) -> None:
        super().close()
        self.unclosed += [tag for tag in reversed(self.open) if tag not in _OPTIONAL_END]
        self.open = []

    def _note(self, tag: str, attrs: list[tuple[str, str | None]], *, element: bool) -> None:
        self.elements += 1
        self.seen.add(tag)
        values = {name: (value or "").strip() for name, value in attrs}
        url = ""
        if tag == "script":
            url = values.get("src", "")
        elif tag == "link" and "stylesheet" in values.get("rel", "").lower().split():
            url = values.get("href", "")
        if url and _REMOTE.match(url):
            line, column = self.getpos()
            self.remote.append((self._line_starts[line - 1] + column, element, url))


def looks_like_markup(code: str) -> bool:
    """Whether ``code`` starts with a tag, a doctype or a comment."""
    return _MARKUP_START.match(code) is not None


def validate_html(code: str) -> tuple[str, list[str]]:
    """Repair or reject HTML; return it with warnings. Raises ``InvalidCodeError``."""
    if _JSX_SIGNS.search(code) and not re.search(r"<!doctype\s+html|<html[\s>]", code, re.I):
        raise InvalidCodeError(
            f"The model answered with React (JSX) code, not HTML. Try again, or {_ASK_FOR_HTML}."
        )
    if not looks_like_markup(code):
        first_line = code.strip().split("\n", 1)[0][:40]
        raise InvalidCodeError(
            f"The model's code is not HTML (it starts with '{first_line}'). Try again, or {_ASK_FOR_HTML}."
        )
    tracker = _TagTracker(code)
    tracker.feed(code)
    tracker.close()
    if tracker.elements == 0:
        raise InvalidCodeError(f"The model's code holds no HTML elements. Try again, or {_ASK_FOR_HTML}.")
    warnings: list[str] = []
    if tracker.remote:
        code = _remove_remote(code, tracker.remote)
        hosts = list(dict.fromkeys(_host(url) for _, _, url in tracker.remote))
        count = len(tracker.remote)
        tailwind = ", Tailwind included," if any("tailwindcss" in url for _, _, url in tracker.remote) else ""
        warnings.append(
            f"Removed {count} {'tag that loads' if count == 1 else 'tags that load'} files from other sites "
            f"({', '.join(hosts)}): the preview supplies its own runtime{tailwind} and does not fetch "
            "from other sites."
        )
    if tracker.unclosed:
        warnings.append(
            f"Some tags are never closed ({_listing(tracker.unclosed)}): the page may not look as intended."
        )
    if tracker.stray:
        warnings.append(
            f"Some closing tags match no open tag ({_listing(tracker.stray, closing=True)}): "
            "the page may not look as intended."
        )
    if not {"html", "body"} & tracker.seen:
        code = wrap_document(code)
        warnings.append(WRAPPED_WARNING)
    elif not tracker.doctype:
        code = "<!DOCTYPE html>\n" + code
        warnings.append("Added the missing <!DOCTYPE html> so the page renders in standards mode.")
    return code, warnings


def is_fragment(code: str) -> bool:
    """Whether ``code`` has neither an ``<html>`` nor a ``<body>`` tag (a quick look, no parsing)."""
    return _PAGE_TAG.search(code) is None


def wrap_document(fragment: str) -> str:
    """``fragment`` as the body of a complete page titled "Design"."""
    return _SHELL_HEAD + fragment.strip("\n") + "\n" + _SHELL_TAIL


def insert_style(html: str, css: str) -> str:
    """``html`` with ``css`` in a ``<style>`` at the end of its head, and links to local CSS files gone."""
    html = _LOCAL_STYLESHEET.sub("", html)
    style = f"<style>\n{css.strip()}\n</style>\n"
    head_close = _HEAD_CLOSE.search(html)
    if head_close:
        return html[: head_close.start()] + style + html[head_close.start() :]
    opening = _HEAD_OR_HTML_OPEN.search(html)
    if opening:
        return html[: opening.end()] + "\n" + style + html[opening.end() :].lstrip("\n")
    return style + html


def _remove_remote(code: str, remote: list[tuple[int, bool, str]]) -> str:
    pieces: list[str] = []
    pos = 0
    for offset, element, _ in sorted(remote):
        if offset < pos:
            continue
        match = (_SCRIPT_ELEMENT if element else _TAG).match(code, offset)
        if match is None:
            continue
        start, end = offset, match.end()
        line_start = code.rfind("\n", 0, start) + 1
        rest = _REST_OF_LINE_BLANK.match(code, end)
        if rest and not code[line_start:start].strip():
            start, end = max(line_start, pos), rest.end()
        pieces.append(code[pos:start])
        pos = end
    pieces.append(code[pos:])
    return "".join(pieces)


def _host(url: str) -> str:
    return urlsplit("https:" + url if url.startswith("//") else url).hostname or url


def _listing(tags: list[str], *, closing: bool = False) -> str:
    unique = list(dict.fromkeys(tags))
    shown = ", ".join(f"</{tag}>" if closing else f"<{tag}>" for tag in unique[:_MAX_LISTED])
    more = len(unique) - _MAX_LISTED
    return shown + (f" and {more} more" if more > 0 else "")
