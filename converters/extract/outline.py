"""What a result is made of, for a developer skimming it: its components (React) or sections (HTML).

React: each top-level component (``jsx_modules``) with its lines, its props and the components it
renders; the default-exported one is the ``app``, one with props an ``item`` (rendered once per
entry of its data), the others ``region``s. HTML: the page's landmarks and sections
(``header``, ``nav``, ``main``'s ``section``s, ``aside``, ``footer``) that no other one holds,
with the name the page gives them (the comment right before one, else its first class, else its
``id``) and the text of their first heading.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Final, Literal

from converters.extract.jsx_modules import parse_module
from converters.targets import Target

PartKind = Literal["app", "region", "item", "header", "nav", "section", "aside", "footer", "article"]
SECTION_TAGS: Final = frozenset({"header", "nav", "section", "aside", "footer", "article"})
_HEADINGS: Final = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_MAX_HEADING: Final = 60
"""Characters of a heading shown beside its section."""


@dataclass(frozen=True)
class Part:
    """One component or section: ``name``, what it is (``kind``), its first and last line
    (1-based), and a word on what it holds (``detail``: props and what it renders, or a heading)."""

    name: str
    kind: PartKind
    lines: tuple[int, int]
    detail: str


def code_outline(code: str, target: Target) -> tuple[Part, ...]:
    """The components or sections of ``code``; empty when there is nothing to list (code that
    does not parse, a page without sections)."""
    if target is Target.REACT_TAILWIND:
        return _components(code)
    reader = _Sections()
    reader.feed(code)
    reader.close()
    return tuple(reader.parts)


def _components(code: str) -> tuple[Part, ...]:
    module = parse_module(code) or parse_module(code, typescript=True)
    if module is None:
        return ()
    names = {d.names[0] for d in module.components}
    app = module.default_component
    parts = []
    for component in module.components:
        name = component.names[0]
        kind: PartKind = "app" if name == app else "item" if component.props else "region"
        renders = sorted(component.references & names - {name})
        detail = []
        if component.props:
            detail.append("props: " + ", ".join(component.props))
        if renders:
            detail.append("renders: " + ", ".join(renders))
        parts.append(Part(name, kind, component.lines, "; ".join(detail)))
    return tuple(parts)


@dataclass
class _Section:
    name: str
    tag: PartKind
    start: int
    heading: str = ""


class _Sections(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[Part] = []
        self._comment = ""
        self._open: list[str] = []  # tags open inside the current section
        self._current: _Section | None = None
        self._heading: list[str] | None = None

    def handle_comment(self, data: str) -> None:
        if self._current is None:
            self._comment = data.strip()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._current is None:
            if tag in SECTION_TAGS:
                values = dict(attrs)
                classes = (values.get("class") or "").split()
                name = self._comment or (classes[0] if classes else "") or values.get("id") or tag
                self._current = _Section(name, tag, self.getpos()[0])  # type: ignore[arg-type]
                self._open = [tag]
            self._comment = ""
            return
        if tag in _HEADINGS and not self._current.heading and self._heading is None:
            self._heading = []
        self._open.append(tag)

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._current is None:
            return
        if self._heading is not None and tag in _HEADINGS:
            self._current.heading = " ".join("".join(self._heading).split())[:_MAX_HEADING]
            self._heading = None
        while self._open:
            if self._open.pop() == tag:
                break
        if not self._open:
            current = self._current
            self.parts.append(
                Part(current.name, current.tag, (current.start, self.getpos()[0]), current.heading)
            )
            self._current = None
