"""Instances of one design component, wherever they are on the page, as one item component.

``components.componentised`` names runs of adjacent look-alike siblings as one repeated item.
An exact source (a Figma file) also says which elements are instances of one of its components
(``Tag.design_name``), even when they are not neighbours: a "Feature card" in the hero and two
more further down. Those that render alike (``components.shape`` without their own role: the
same structure and styles, texts and variable attributes aside) become items of one component
named after the design's component, so HTML + CSS gives them one class and React one function
component with props, used at each place. Instances that differ in style (a size variant, or
spacing of their own in different places) keep their own names: one template would change how
one of them renders.

Not taken: a tag that is one of several loose elements making up one region (its region would
split around it), and instances inside an instance or item (an item is one template).
"""

from __future__ import annotations

from dataclasses import replace

from converters.offline.emit.components import RESERVED, kebab, shape, words_of
from converters.offline.emit.markup import Tag
from converters.offline.emit.plan import Page

_FALLBACK_STEM = "Instance"
"""Stem of the name when the design's component name has no usable words (``"#1"``)."""


def shared_instances(page: Page) -> Page:
    """``page`` with the look-alike instances of each design component named as one item
    component (see the module doc); the page as it is when there are none."""
    found: dict[str, list[Tag]] = {}
    _collect(page.root, found)
    names = _component_names(page.root)
    chosen: dict[int, Tag] = {}
    for design_name, tags in found.items():
        if len(tags) < 2 or len({_neutral(tag) for tag in tags}) != 1:
            continue
        if len({tag.component for tag in tags}) == 1 and all(tag.item for tag in tags):
            continue  # already one run of items
        name = next((tag.component for tag in tags if tag.item), "") or _unique(design_name, names)
        for tag in tags:
            chosen[id(tag)] = replace(tag, component=name, item=True, role=kebab(name))
    if not chosen:
        return page
    return replace(page, root=_renamed(page.root, chosen))


def _collect(tag: Tag, found: dict[str, list[Tag]]) -> None:
    """The instances that may be shared, by design component, in document order."""
    parts = [part for part in tag.content if isinstance(part, Tag)]
    for part in parts:
        loose_region = (
            bool(part.component)
            and not part.item
            and sum(other.component == part.component for other in parts) > 1
        )
        if part.design_name and not loose_region:
            found.setdefault(part.design_name, []).append(part)
        elif not part.item:
            _collect(part, found)


def _neutral(tag: Tag) -> tuple[object, ...]:
    """How ``tag`` renders, but for its own role (its class stem, which the name sets)."""
    return shape(replace(tag, role=""))


def _component_names(tag: Tag) -> set[str]:
    found = {tag.component} if tag.component else set()
    for part in tag.content:
        if isinstance(part, Tag):
            found |= _component_names(part)
    return found


def _unique(design_name: str, taken: set[str]) -> str:
    stem = "".join(words_of(design_name)) or _FALLBACK_STEM
    candidate, number = stem, 1
    while candidate in taken or candidate in RESERVED:
        number += 1
        candidate = f"{stem}{number}"
    taken.add(candidate)
    return candidate


def _renamed(tag: Tag, chosen: dict[int, Tag]) -> Tag:
    if id(tag) in chosen:
        return chosen[id(tag)]
    if not any(isinstance(part, Tag) for part in tag.content):
        return tag
    content = tuple(part if isinstance(part, str) else _renamed(part, chosen) for part in tag.content)
    return replace(tag, content=content)
