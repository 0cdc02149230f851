"""Render plan -> React components styled with Tailwind, in one module ending with ``App``.

Markup follows JSX's rules (``className``, ``htmlFor``, self-closing void elements, text with
``< > & { } " '`` as entities). The plan's components (``emit.components``) become top-level
function components above ``export default function App``, which composes the regions: each
region is a component without props (a fragment when it is loose elements), each run of repeated
items one component with props, rendered by ``.map`` over a data array declared once just above
it, which holds what differs between the items (texts, ``alt``, ``src``, placeholders); what they
share stays in the markup. Every block is declared before the blocks that use it (arrays, then
items, then regions, then ``App``), and the whole is one module, as the preview compiles it; the
project export splits it into files. The page wrapper takes the ``<body>``'s styles, since the
preview mounts App inside a ``<div id="root">``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Final

from converters.offline.emit.components import VARIABLE_ATTRS, singular
from converters.offline.emit.markup import Decl, Tag, jsx_text
from converters.offline.emit.plan import Page
from converters.offline.emit.tailwind import utilities

INDENT: Final = "  "
_JSX_NAMES: Final = {"for": "htmlFor", "class": "className"}
_PLAIN_ATTR: Final = re.compile(r'[^"\\{}<>&\n]*')
_TEXT_PROPS: Final = {
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), "title"),
    **dict.fromkeys(("a", "button", "label", "option"), "label"),
}
"""The prop holding a repeated element's text, by its tag (``text`` for the others)."""
_ATTR_PROPS: Final = {"aria-label": "ariaLabel", "for": "fieldId"}
"""The prop holding a repeated attribute's value where the attribute's name is not one (``for``)."""
_ONE_LINE: Final = 100
"""Longest data row written on one line (characters)."""


@dataclass
class _Module:
    """The blocks written above ``App`` (arrays, item and region components) and the names taken."""

    blocks: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    items: dict[str, list[Tag]] = field(default_factory=dict)
    """Every item of each item component on the page (its runs and lone instances)."""
    declared: set[str] = field(default_factory=set)

    def name(self, stem: str) -> str:
        candidate, number = stem, 1
        while candidate in self.names:
            number += 1
            candidate = f"{stem}{number}"
        self.names.add(candidate)
        return candidate


def react_component(page: Page) -> str:
    """The module: data arrays and components, then ``export default function App``."""
    module = _Module(names={"App"} | set(_component_names(page.root)), items=_items_of(page.root))
    outer: tuple[Decl, ...] = (*(d for d in page.body if d[1] != "margin"), ("", "min-height", "100vh"))
    wrapper = Tag("div", "body", outer, content=(page.root,))
    body = _lines(wrapper, 2, module)
    lines = []
    for block in module.blocks:
        lines += [block, ""]
    lines += ["export default function App() {", f"{INDENT}return (", *body, f"{INDENT});", "}"]
    return "\n".join(lines) + "\n"


def _component_names(tag: Tag) -> list[str]:
    found = [tag.component] if tag.component else []
    for part in tag.content:
        if isinstance(part, Tag):
            found += _component_names(part)
    return found


def _items_of(tag: Tag) -> dict[str, list[Tag]]:
    found: dict[str, list[Tag]] = {}
    for part in tag.content:
        if isinstance(part, Tag):
            if part.component and part.item:
                found.setdefault(part.component, []).append(part)
            for name, items in _items_of(part).items():
                found.setdefault(name, []).extend(items)
    return found


def _function(name: str, params: str, body: list[Tag], module: _Module, binder: _Binder | None = None) -> str:
    """A function component returning ``body`` (a fragment when it is several tags)."""
    lines = [f"function {name}({params}) {{", f"{INDENT}return ("]
    if len(body) == 1:
        lines += _lines(body[0], 2, module, binder)
    else:
        lines.append(f"{INDENT * 2}<>")
        for tag in body:
            lines += _lines(tag, 3, module, binder)
        lines.append(f"{INDENT * 2}</>")
    return "\n".join([*lines, f"{INDENT});", "}"])


def _lines(tag: Tag, depth: int, module: _Module, binder: _Binder | None = None) -> list[str]:
    pad = INDENT * depth
    opening = _open(tag, binder)
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
        group = [part]
        if part.component and binder is None:
            while index + len(group) < len(parts):
                following = parts[index + len(group)]
                if not isinstance(following, Tag) or following.component != part.component:
                    break
                group.append(following)
        if part.component and binder is None and part.item:
            lines += _mapped(group, depth + 1, module)
        elif part.component and binder is None:
            module.blocks.append(_function(part.component, "", group, module))
            lines.append(f"{INDENT * (depth + 1)}<{part.component} />")
        else:
            lines += _lines(part, depth + 1, module, binder)
        index += len(group)
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


def _open(tag: Tag, binder: _Binder | None) -> str:
    attrs: list[str] = []
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


# --- repeated items ------------------------------------------------------------------------------

Slot = tuple[str, str | None, str]
"""A value that may differ between repeated items: (owner's tag, attribute or None for text, value)."""


def slots(tag: Tag) -> list[Slot]:
    """The values ``components.shape`` leaves out, in the order the writer meets them (attributes,
    then content)."""
    found: list[Slot] = [(tag.name, name, value) for name, value in tag.attrs if name in VARIABLE_ATTRS]
    for part in tag.content:
        if isinstance(part, str):
            found.append((tag.name, None, part))
        else:
            found += slots(part)
    return found


class _Binder:
    """Hands out, slot by slot, either the shared literal or the prop for one item's template."""

    def __init__(self, props: list[str | None]) -> None:
        self._props = props
        self._next = 0

    def _take(self) -> str | None:
        name = self._props[self._next]
        self._next += 1
        return name

    def text(self, value: str) -> str:
        name = self._take()
        return jsx_text(value) if name is None else f"{{{name}}}"

    def attr(self, value: str) -> str:
        name = self._take()
        return attr_value(value) if name is None else f"{{{name}}}"


def _mapped(group: list[Tag], depth: int, module: _Module) -> list[str]:
    """``group`` (items of one shape): the item component as a block above (once: instances of
    one component elsewhere on the page use it too), its props what differs between all its
    items; here one ``.map`` over a data array declared above, or the one item with its props."""
    component = group[0].component
    every = module.items.get(component) or group
    first = slots(group[0])
    values = [slots(tag) for tag in every]
    varying = [i for i in range(len(first)) if len({v[i][2] for v in values}) > 1]
    props: list[str | None] = [None] * len(first)
    taken: set[str] = {"key", "children"}
    for i in varying:
        owner, attr, _ = first[i]
        stem = _TEXT_PROPS.get(owner, "text") if attr is None else _ATTR_PROPS.get(attr, attr)
        name, number = stem, 1
        while name in taken:
            number += 1
            name = f"{stem}{number}"
        taken.add(name)
        props[i] = name
    declaring = component not in module.declared
    if declaring:
        module.declared.add(component)
        names = [name for name in props if name]
        params = f"{{ {', '.join(names)} }}" if names else ""
        module.blocks.append(_function(component, params, [group[0]], module, _Binder(props)))
    pad = INDENT * depth
    here = [slots(tag) for tag in group]
    if len(group) == 1:
        pairs = "".join(f" {props[i]}={attr_value(here[0][i][2])}" for i in varying)
        return [f"{pad}<{component}{pairs} />"]
    if not varying:  # identical items: nothing to hold in data
        element = f"<{component} key={{index}} />"
        return [
            f"{pad}{{Array.from({{ length: {len(group)} }}, (_, index) => (",
            f"{pad}{INDENT}{element}",
            f"{pad}))}}",
        ]
    array = module.name(
        _camel(component) + "s" if not component.endswith("s") else _camel(component) + "List"
    )
    item = _camel(singular(_last_word(component)))  # a parameter: local, need not be unique
    rows = []
    for tag_values in here:
        pairs_ = [f"{props[i]}: {json.dumps(tag_values[i][2], ensure_ascii=False)}" for i in varying]
        one_line = f"{INDENT}{{ {', '.join(pairs_)} }},"
        if len(one_line) <= _ONE_LINE:
            rows.append(one_line)
        else:
            rows += [f"{INDENT}{{", *(f"{INDENT * 2}{pair}," for pair in pairs_), f"{INDENT}}},"]
    # The array goes above its item component when that is declared here (arrays, then items).
    at = len(module.blocks) - 1 if declaring else len(module.blocks)
    module.blocks.insert(at, "\n".join([f"const {array} = [", *rows, "];"]))
    unique = next((props[i] for i in varying if len({v[i][2] for v in here}) == len(here)), None)
    key = f"{item}.{unique}" if unique else "index"
    params = f"({item})" if unique else f"({item}, index)"
    element = f"<{component} key={{{key}}} {{...{item}}} />"
    return [f"{pad}{{{array}.map({params} => (", f"{pad}{INDENT}{element}", f"{pad}))}}"]


def _last_word(name: str) -> str:
    words = re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", name)
    return words[-1] if words else "item"


def _camel(text: str) -> str:
    words = [w for w in re.split(r"[^A-Za-z0-9]+", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", text)) if w]
    if not words:
        return "item"
    return words[0].lower() + "".join(w[:1].upper() + w[1:].lower() for w in words[1:])
