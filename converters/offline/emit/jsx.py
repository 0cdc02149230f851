"""Render plan -> one React component (``export default function App``) styled with Tailwind.

Markup follows JSX's rules (``className``, ``htmlFor``, self-closing void elements, text with
``< > & { } " '`` as entities). Three or more consecutive siblings with the same structure and
classes (cards in a row, nav links) are written once, from a module-level array, with
``array.map`` and a ``key``: the array holds what differs between them, what they share stays
in the markup. The page wrapper takes the ``<body>``'s styles, since the preview mounts App
inside a ``<div id="root">``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Final

from converters.offline.emit.markup import Decl, Tag, jsx_text
from converters.offline.emit.plan import Page
from converters.offline.emit.tailwind import utilities

INDENT: Final = "  "
MIN_REPEATS: Final = 3
VARIABLE_ATTRS: Final = frozenset({"alt", "src", "placeholder", "aria-label", "id", "for"})
"""Attributes whose values may differ between repeated items (the rest are part of the structure)."""
_JSX_NAMES: Final = {"for": "htmlFor", "class": "className"}
_PLAIN_ATTR: Final = re.compile(r'[^"\\{}<>&\n]*')
_PLURALS: Final = {"stack": ("items", "item"), "text": ("paragraphs", "paragraph"), "row": ("rows", "row")}
_TEXT_FIELDS: Final = {
    "heading": "title",
    "text": "text",
    "link": "label",
    "button": "label",
    "label": "label",
}
"""The name of the field holding a repeated element's text, by its role."""

Slot = tuple[str, str | None, str]
"""A value that may differ between repeated items: (owner's role, attribute or None for text, value)."""


@dataclass
class _Module:
    """The arrays written above the component, and the names taken."""

    arrays: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)

    def name(self, stem: str) -> str:
        candidate, number = stem, 1
        while candidate in self.names:
            number += 1
            candidate = f"{stem}{number}"
        self.names.add(candidate)
        return candidate


def react_component(page: Page) -> str:
    """The component file: data arrays, then ``export default function App``."""
    module = _Module(names={"App"})
    outer: tuple[Decl, ...] = (*(d for d in page.body if d[1] != "margin"), ("", "min-height", "100vh"))
    wrapper = Tag("div", "body", outer, content=(page.root,))
    body = _lines(wrapper, 2, module)
    lines = []
    for array in module.arrays:
        lines += [array, ""]
    lines += ["export default function App() {", f"{INDENT}return (", *body, f"{INDENT});", "}"]
    return "\n".join(lines) + "\n"


def _lines(tag: Tag, depth: int, module: _Module, binder: _Binder | None = None, key: str = "") -> list[str]:
    pad = INDENT * depth
    opening = _open(tag, binder, key)
    if tag.void:
        return [pad + opening[:-1] + " />"]
    if tag.inline:
        return [pad + opening + _inline(tag, binder) + f"</{tag.name}>"]
    lines = [pad + opening]
    parts = list(tag.content)
    index = 0
    while index < len(parts):
        part = parts[index]
        if isinstance(part, str):
            lines.append(INDENT * (depth + 1) + _text(part, binder))
            index += 1
            continue
        run = _run_length(parts, index) if binder is None else 1
        if run >= MIN_REPEATS:
            group = [p for p in parts[index : index + run] if isinstance(p, Tag)]
            lines += _mapped(group, depth + 1, module)
            index += run
        else:
            lines += _lines(part, depth + 1, module, binder)
            index += 1
    lines.append(f"{pad}</{tag.name}>")
    return lines


def _inline(tag: Tag, binder: _Binder | None) -> str:
    out = []
    for part in tag.content:
        if isinstance(part, str):
            out.append(_text(part, binder))
        elif part.void:
            out.append(_open(part, binder)[:-1] + " /> ")
        else:
            out.append(_open(part, binder) + _inline(part, binder) + f"</{part.name}>")
    return "".join(out)


def _text(text: str, binder: _Binder | None) -> str:
    if binder is not None:
        return binder.text(text)
    return jsx_text(text)


def _open(tag: Tag, binder: _Binder | None, key: str = "") -> str:
    attrs = [f"key={{{key}}}"] if key else []
    classes = utilities(tag.decls)
    if classes:
        attrs.append(f'className="{classes}"')
    for name, value in tag.attrs:
        jsx_name = _JSX_NAMES.get(name, name)
        if binder is not None and name in VARIABLE_ATTRS:
            attrs.append(f"{jsx_name}={binder.attr(value)}")
        else:
            attrs.append(f"{jsx_name}={attr_value(value)}")
    return f"<{tag.name}{''.join(' ' + a for a in attrs)}>"


def attr_value(value: str) -> str:
    """A JSX attribute value: ``"plain"``, or ``{"JSON string"}`` when it holds special characters."""
    if _PLAIN_ATTR.fullmatch(value):
        return f'"{value}"'
    return "{" + json.dumps(value, ensure_ascii=False) + "}"


# --- repeated siblings ---------------------------------------------------------------------------


def shape(tag: Tag) -> tuple[object, ...]:
    """``tag`` with its texts and variable attribute values left out: equal shapes render alike."""
    attrs = tuple((name, None if name in VARIABLE_ATTRS else value) for name, value in tag.attrs)
    content = tuple(None if isinstance(part, str) else shape(part) for part in tag.content)
    return (tag.name, tag.role, tag.decls, attrs, content)


def slots(tag: Tag) -> list[Slot]:
    """The values ``shape`` leaves out, in the order the writer meets them (attributes, then content)."""
    found: list[Slot] = [(tag.role, name, value) for name, value in tag.attrs if name in VARIABLE_ATTRS]
    for part in tag.content:
        if isinstance(part, str):
            found.append((tag.role, None, part))
        else:
            found += slots(part)
    return found


def _run_length(parts: list[Tag | str], start: int) -> int:
    first = parts[start]
    if not isinstance(first, Tag):
        return 1
    wanted = shape(first)
    end = start + 1
    while end < len(parts):
        part = parts[end]
        if not isinstance(part, Tag) or shape(part) != wanted:
            break
        end += 1
    return end - start


class _Binder:
    """Hands out, slot by slot, either the shared literal or the item's field for one template."""

    def __init__(self, item: str, fields: list[str | None]) -> None:
        self._item = item
        self._fields = fields
        self._next = 0

    def _take(self) -> str | None:
        name = self._fields[self._next]
        self._next += 1
        return name

    def text(self, value: str) -> str:
        name = self._take()
        return jsx_text(value) if name is None else f"{{{self._item}.{name}}}"

    def attr(self, value: str) -> str:
        name = self._take()
        return attr_value(value) if name is None else f"{{{self._item}.{name}}}"


def _mapped(group: list[Tag], depth: int, module: _Module) -> list[str]:
    """``group`` (same shape) as an array of what differs and one ``.map`` over it."""
    values = [slots(tag) for tag in group]
    first = values[0]
    varying = [i for i in range(len(first)) if len({v[i][2] for v in values}) > 1]
    names: list[str | None] = [None] * len(first)
    taken: set[str] = set()
    for i in varying:
        role, attr, _ = first[i]
        stem = _TEXT_FIELDS.get(role, _camel(role)) if attr is None else _camel(f"{role}-{attr}")
        name, number = stem, 1
        while name in taken:
            number += 1
            name = f"{stem}{number}"
        taken.add(name)
        names[i] = name
    plural, singular = _PLURALS.get(group[0].role, (_camel(group[0].role) + "s", _camel(group[0].role)))
    array = module.name(plural)
    item = singular if singular != array else "item"
    rows = []
    for tag_values in values:
        pairs = [f"{names[i]}: {json.dumps(tag_values[i][2], ensure_ascii=False)}" for i in varying]
        one_line = f"{INDENT}{{ {', '.join(pairs)} }},"
        if len(one_line) <= 100:
            rows.append(one_line)
        else:
            rows += [f"{INDENT}{{", *(f"{INDENT * 2}{pair}," for pair in pairs), f"{INDENT}}},"]
    module.arrays.append("\n".join([f"const {array} = [", *rows, "];"]))
    unique = next((names[i] for i in varying if len({v[i][2] for v in values}) == len(values)), None)
    key = f"{item}.{unique}" if unique else "index"
    params = f"({item})" if unique else f"({item}, index)"
    pad = INDENT * depth
    body = _lines(group[0], depth + 1, module, _Binder(item, names), key=key)
    return [f"{pad}{{{array}.map({params} => (", *body, f"{pad}))}}"]


def _camel(text: str) -> str:
    words = [w for w in re.split(r"[^A-Za-z0-9]+", text) if w]
    if not words:
        return "item"
    return words[0].lower() + "".join(w[:1].upper() + w[1:].lower() for w in words[1:])
