"""One page from the plans of several frames of a screen: mobile first, a breakpoint per frame.

The planner (``plan``) plans the widest frame's tree and each narrower frame's view of it
(``converters.offline.frames_view``): the same containers and elements, with each frame's
geometry, order and visibility. Here the plans are joined tag by tag into one page:

- the narrowest frame's declarations are the tag's own (mobile first), and each wider frame adds,
  under its breakpoint's variant (``markup.MIN_WIDTHS``), what differs from the frame below it:
  new values, and resets (``RESETS``) of what the frame below set and it does not;
- an element a frame does not show is ``display: none`` at that frame's widths; an element only
  a narrower frame shows comes next to the element it follows there, hidden at the others;
- children a frame shows in another order get ``order`` at that frame's widths; the markup keeps
  the widest frame's order;
- a container whose children a frame lays out among its siblings' (``FrameView`` keys
  ``(index, key)``) is ``display: contents`` at that frame's widths, and those children get
  their ``order`` among the siblings.

The frames' own narrow-viewport rules (``"narrow"``, ``"tablet"``) are left out: between the
frames' widths the frames themselves say how the page looks. Only the widest frame keeps the
page's ``max-width``; below its breakpoint the narrower layout fills the viewport.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

from converters.offline.emit.markup import MIN_WIDTHS, Decl, Tag, Variant, sorted_decls
from converters.offline.emit.plan import Page
from converters.offline.frames_match import Path
from converters.offline.frames_view import FrameView, Key, key_home

RESETS: Final = {
    "flex-direction": "row",
    "flex-wrap": "nowrap",
    "justify-content": "normal",
    "align-items": "normal",
    "align-self": "auto",
    "flex": "initial",
    "flex-shrink": "1",
    "gap": "normal",
    "column-gap": "normal",
    "row-gap": "normal",
    "width": "auto",
    "max-width": "none",
    "min-width": "auto",
    "height": "auto",
    "min-height": "auto",
    "margin": "0",
    "margin-top": "0",
    "margin-left": "0",
    "padding": "0",
    "padding-inline": "0",
    "background": "none",
    "border": "0",
    "border-top": "0",
    "border-left": "0",
    "border-radius": "0",
    "order": "0",
}
"""A property's value where a frame no longer sets what the frame below it set: the value our
stylesheet's base rules give it (margins and borders 0) or CSS's initial one. Properties not
listed (text colour, font, alignment) inherit (``unset``)."""
DISPLAY_OF: Final = {"img": "block", "span": "inline", "a": "inline", "strong": "inline", "em": "inline"}
"""The display a tag shown again gets when its own declarations set none (our base rules make
``img`` a block); other tags are blocks or controls (``revert``: the browser's own)."""
HIDDEN: Final = {"display": "none"}
"""An element's declarations at a frame's widths where the frame does not show it."""
LIFTED: Final = (("", "display", "contents"),)
"""A container's declarations at a frame's widths where the frame lays its children out among
its siblings': no box of its own, so they are items of its parent's flex layout."""


@dataclass(frozen=True)
class Level:
    """One frame's plan: its page and, for all but the widest, its view (what each container's
    children are in the widest tree)."""

    page: Page
    view: FrameView | None


def breakpoint_between(narrow: int, wide: int) -> Variant | None:
    """The breakpoint between frames ``narrow`` and ``wide`` px wide: the widest of ``MIN_WIDTHS``
    above the narrow one and at most the wide one, so the wide frame's layout starts at its own
    width or just below it (390 and 1280: ``xl``, 1280 px) and is never squeezed far below the
    width it was drawn for; below it the narrower layout, whose widths are shares, stretches.
    ``None``: no breakpoint lies between them (frames too close in width)."""
    options = [name for name, px in MIN_WIDTHS.items() if narrow < px <= wide]
    return max(options, key=lambda name: MIN_WIDTHS[name], default=None)


def joined_page(levels: Sequence[Level], variants: Sequence[Variant], containers: frozenset[Path]) -> Page:
    """The page of ``levels`` (narrowest first, the widest last, without a view), ``variants``
    the breakpoint above each level but the first (``breakpoint_between``), ``containers`` the
    paths of the widest tree's containers (the rest are its elements)."""
    widest = levels[-1].page
    joiner = _Joiner([level.view for level in levels[:-1]], list(variants), containers)
    root = joiner.root([level.page.root for level in levels])
    return Page(widest.title, widest.body, root)


_Joined = tuple[Key, Tag, int]
"""A joined child: its key, its tag and the widest tree's child it stands at or after (-1: first)."""


class _Joiner:
    def __init__(
        self, views: list[FrameView | None], variants: list[Variant], containers: frozenset[Path]
    ) -> None:
        self.views = views
        self.variants = variants
        self.containers = containers
        self.all_shown = [True] * (len(views) + 1)
        self.lifted_keys: list[dict[Path, tuple[Key, ...]]] = [{} for _ in views]
        """Per level, the keys of the children of each container lifted out of, as its
        ``display: contents`` tag holds them."""
        self.lifted_orders: list[dict[Path, dict[Key, int]]] = [{} for _ in views]
        """Per level, per container, the ``order`` of its children among the items of the
        container they are lifted into (all of that one's items get one)."""

    def root(self, roots: list[Tag]) -> Tag:
        """The page root: header tags and footer tags beside ``<main>`` as the widest frame has
        them; the tree's root children are one list across the three (``_flat``)."""
        widest = roots[-1]
        lead, middle = _sections(widest)
        children = self.children(_flat(widest), [_flat(root) for root in roots[:-1]], ())
        # A child goes where the widest's child it stands at or after is (one before the first
        # child: where the first is).
        head = [tag for _, tag, at in children if max(at, 0) < lead]
        body = [tag for _, tag, at in children if lead <= max(at, 0) < lead + middle]
        foot = [tag for _, tag, at in children if max(at, 0) >= lead + middle]
        content: list[Tag | str] = [*head]
        main = _main_of(widest)
        if main is not None:
            mains = [_main_of(root) or main for root in roots]
            content.append(replace(self.decls(mains, self.all_shown, {}), content=tuple(body)))
        else:
            content += body
        content += foot
        # Only the widest frame caps the page's width: below its breakpoint, the narrower
        # layout fills the viewport.
        uncapped = [
            replace(root, decls=tuple(d for d in root.decls if d[1] != "max-width")) for root in roots[:-1]
        ]
        return replace(self.decls([*uncapped, widest], self.all_shown, {}), content=tuple(content))

    def children(self, widest: list[Tag], narrower: list[list[Tag] | None], path: Path) -> list[_Joined]:
        """The joined children of the container at ``path``: the widest's in its order, each
        followed by the elements only a narrower frame shows after it. ``narrower``: per level,
        its plan's children of this container, ``None`` where it is not shown, or ``widest``
        itself where that level follows the widest's plan here (``joined``)."""
        per_level: list[dict[Key, Tag]] = []
        orders: list[dict[Key, int]] = []
        for index, tags in enumerate(narrower):
            view = self.views[index]
            keys = self.lifted_keys[index].get(path) or (view.keys.get(path) if view is not None else None)
            if tags is widest:
                per_level.append(dict(enumerate(tags)))
                orders.append({})
            elif tags is not None and keys is not None and len(keys) == len(tags):
                pairs = list(zip(keys, tags, strict=True))
                if any(isinstance(key, tuple) for key in keys):
                    for position, (key, _) in enumerate(pairs):
                        self._place(index, path, key, position)
                    per_level.append(self._grouped(index, path, pairs, widest))
                else:
                    per_level.append(dict(pairs))
                orders.append(self.lifted_orders[index].get(path) or _orders(keys))
            else:
                per_level.append({})  # not shown at this level, or not planned as its view says
                orders.append({})
        extras_after: dict[int, list[tuple[int, Key]]] = {}
        for level, shown_here in enumerate(per_level):
            previous = -1
            for key in shown_here:
                if isinstance(key, int):
                    previous = key
                else:
                    extras_after.setdefault(previous, []).append((level, key))
        joined: list[_Joined] = []
        for index in range(-1, len(widest)):
            if index >= 0:
                shown = [index in tags for tags in per_level]
                tags = [per_level[level].get(index, widest[index]) for level in range(len(per_level))]
                order = {
                    level: orders[level][index] for level in range(len(orders)) if index in orders[level]
                }
                tag = self.joined([*tags, widest[index]], [*shown, True], order, (*path, index))
                joined.append((index, tag, index))
            for level, key in extras_after.get(index, []):
                joined.append((key, self.extra(per_level[level][key], level, orders[level].get(key)), index))
        return joined

    def _place(self, level: int, path: Path, key: Key, position: int) -> None:
        """Note ``position`` as the ``order`` at ``level`` of the child ``key`` of ``path``."""
        home, own = key_home(path, key)
        self.lifted_orders[level].setdefault(home, {})[own] = position

    def _grouped(
        self, level: int, path: Path, pairs: list[tuple[Key, Tag]], widest: list[Tag]
    ) -> dict[Key, Tag]:
        """A level's children of ``path`` by key, lifted children (``(index, key)``) gathered
        into a ``display: contents`` tag of the widest's child at ``index``, in their order."""
        grouped: dict[Key, Tag] = {}
        inner: dict[int, list[tuple[Key, Tag]]] = {}
        for key, tag in pairs:
            if isinstance(key, tuple):
                if key[0] not in inner:
                    inner[key[0]] = []
                    grouped[key[0]] = tag  # holds its place; replaced below
                inner[key[0]].append((key[1], tag))
            else:
                grouped[key] = tag
        for index, items in inner.items():
            children = self._grouped(level, (*path, index), items, _tags(widest[index]))
            self.lifted_keys[level][(*path, index)] = tuple(children)
            grouped[index] = replace(widest[index], decls=LIFTED, content=tuple(children.values()))
        return grouped

    def joined(self, tags: list[Tag], shown: list[bool], order: dict[int, int], path: Path) -> Tag:
        """One element across the levels: its declarations and its children joined."""
        widest = tags[-1]
        # A level that planned another tag here (another kind read there) follows the widest's.
        same = [tag if tag.name == widest.name else widest for tag in tags]
        tag = self.decls(same, shown, order)
        if path in self.containers:
            kids = _tags(widest)
            narrower = [
                None if not shown[level] else kids if each is widest else _tags(each)
                for level, each in enumerate(same[:-1])
            ]
            return replace(tag, content=tuple(child for _, child, _ in self.children(kids, narrower, path)))
        return replace(tag, content=self._inner(same, shown, widest))

    def _inner(self, same: list[Tag], shown: list[bool], widest: Tag) -> tuple[Tag | str, ...]:
        """A leaf's content: the widest's, its inner tags (runs of text, a checkbox's box) with
        their declarations joined where every level has the same inner tags."""
        inner = [_tags(tag) for tag in same]
        if not inner[-1] or any(
            [part.name for part in parts] != [part.name for part in inner[-1]] for parts in inner
        ):
            return widest.content
        position = iter(range(len(inner[-1])))
        content: list[Tag | str] = []
        for part in widest.content:
            if isinstance(part, Tag):
                index = next(position)
                joined = self.decls([parts[index] for parts in inner], self.all_shown, {})
                content.append(
                    replace(joined, content=self._inner([parts[index] for parts in inner], shown, part))
                )
            else:
                content.append(part)
        return tuple(content)

    def extra(self, tag: Tag, level: int, order: int | None) -> Tag:
        """An element only the frame at ``level`` shows: hidden at the others' widths."""
        shown = [index == level for index in range(len(self.all_shown))]
        return self.decls([tag] * len(shown), shown, {level: order} if order is not None else {})

    # --- declarations --------------------------------------------------------------------------

    def decls(self, tags: list[Tag], shown: list[bool], order: dict[int, int]) -> Tag:
        """``tags[-1]`` with the declarations of every level joined mobile first."""
        levels: list[dict[str, str]] = []
        for index, tag in enumerate(tags):
            own = {prop: value for variant, prop, value in tag.decls if variant == ""}
            if not shown[index]:
                own = dict(HIDDEN)
            elif index in order:
                own["order"] = str(order[index])
            levels.append(own)
        widest = tags[-1]
        decls: list[Decl] = [d for d in widest.decls if d[0] == "placeholder"]
        decls += [("", prop, value) for prop, value in levels[0].items()]
        effective = dict(levels[0])  # what applies at this level's widths, from the levels below
        for here, variant in zip(levels[1:], self.variants, strict=True):
            if here == HIDDEN:  # hidden: the rest need not change
                if effective.get("display") != "none":
                    decls.append((variant, "display", "none"))
                    effective["display"] = "none"
                continue
            for prop, value in here.items():
                if effective.get(prop) != value:
                    decls.append((variant, prop, value))
            for prop in list(effective):
                reset = _reset(prop, widest.name)
                if prop not in here and effective[prop] != reset:
                    decls.append((variant, prop, reset))
                    effective[prop] = reset
            effective.update(here)
        return replace(widest, decls=sorted_decls(decls))


def _reset(prop: str, name: str) -> str:
    if prop == "display":
        return DISPLAY_OF.get(name, "revert")
    return RESETS.get(prop, "unset")


def _orders(keys: tuple[Key, ...]) -> dict[Key, int]:
    """``order`` per child when a frame's order differs from the markup's (the widest's order,
    extras after what they follow); empty when it is the same."""
    numbers = [key for key in keys if isinstance(key, int)]
    if numbers == sorted(numbers):
        return {}
    return {key: position for position, key in enumerate(keys)}


def _flat(root: Tag) -> list[Tag]:
    """The page root's children as the tree's root has them: header tags, then ``<main>``'s
    children, then footer tags."""
    return [kid for part in _tags(root) for kid in (_tags(part) if _is_main(part) else [part])]


def _is_main(tag: Tag) -> bool:
    return tag.name == "main" and tag.role == "content"


def _main_of(root: Tag) -> Tag | None:
    return next((part for part in root.content if isinstance(part, Tag) and _is_main(part)), None)


def _sections(root: Tag) -> tuple[int, int]:
    """How many of the root's children (in ``_flat``'s list) come before ``<main>``, and in it."""
    parts = _tags(root)
    main = _main_of(root)
    if main is None:
        return len(parts), 0
    return parts.index(main), len(_tags(main))


def _tags(tag: Tag) -> list[Tag]:
    """The tags inside ``tag`` (its text left out)."""
    return [part for part in tag.content if isinstance(part, Tag)]
