"""The plan's components: the page's regions, named as a developer would, and its repeated items.

A region is a top-level part of the page: the header, nav and footer beside ``<main>``, and each
container in ``<main>`` (a ``div`` there becomes a ``section``: it renders the same). Consecutive
loose elements in ``<main>`` (a heading and a paragraph with no box around them) are one region
when there are at least two of them or they hold text; they keep no wrapper, so nothing moves
(React writes them as a fragment, HTML as they are, after a comment with the region's name).

A repeated item is one of a run of consecutive siblings with the same ``shape`` (structure and
styles; texts and variable attributes left out): cards in a row, nav links, table rows. Items
holding other elements (a card), links and buttons repeat from ``MIN_STRUCTURED_REPEATS``, plain
text from ``MIN_REPEATS``. Runs inside an item stay as they are (an item is one template).

Names are PascalCase, valid identifiers, unique on the page and deterministic: ``SiteHeader``,
``NavBar``, ``SiteFooter``; ``Hero`` for the first region of ``<main>`` holding the page's
largest heading; otherwise from the region's first heading (``Pricing`` -> ``PricingGrid`` when
it holds a row of items, ``PricingList`` for a column of them, ``PricingForm`` with fields,
``PricingSection`` else), else from its first words of text, else from what it holds
(``CardGrid``). Items are
the region's stem and what they are: ``PricingCard``, ``NavLink``, ``FooterLink``. The tag's role
(its class stem in HTML + CSS) becomes the name in kebab case (``.pricing-card``), the same for
every item of a run, so the items keep sharing one class.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Final

from converters.offline.emit.markup import Decl, Tag, percent, px, sorted_decls
from converters.offline.emit.plan import Page

MIN_REPEATS: Final = 3
"""Plain siblings (paragraphs, headings, images) that repeat at least this often are items:
two paragraphs in a row are prose, not a list."""
MIN_STRUCTURED_REPEATS: Final = 2
"""Items that hold elements (cards, rows), links and buttons are items from two on: two cards or
two nav links are what a developer maps from data."""
HERO_WITHIN: Final = 2
"""The hero is one of the first regions of ``<main>``: the largest heading further down is a
section's, not what the page opens with."""
NAME_WORDS: Final = 3
TEXT_NAME_WORDS: Final = 2
"""Words of a region's first text that name it when it has no heading (a sentence is long)."""
MIN_WORD: Final = 3
MAX_WORD: Final = 12
"""Length of a word of text fit for a name: shorter ones are initials or code, longer ones run
words together (``Homebioworksperformances``, OCR that lost the spaces)."""
"""Words of a heading kept in a component's name (``FrequentlyAskedQuestions``)."""
VARIABLE_ATTRS: Final = frozenset({"alt", "src", "placeholder", "aria-label", "id", "for"})
"""Attributes whose values may differ between repeated items (the rest are part of the structure)."""
CONTAINER_TAGS: Final = frozenset({"div", "section", "article", "header", "nav", "footer", "aside", "form"})
_CLICKABLE: Final = frozenset({"a", "button"})
_FIELDS: Final = frozenset({"input", "select", "textarea"})
_HEADINGS: Final = ("h1", "h2", "h3", "h4", "h5", "h6")
_FIXED: Final = {"header": "SiteHeader", "nav": "NavBar", "footer": "SiteFooter"}
_STEMS: Final = {"SiteHeader": "Header", "NavBar": "Nav", "SiteFooter": "Footer", "Hero": "Hero"}
_NOUNS: Final = {"a": "Link", "button": "Button", "li": "Item", "tr": "Row", "img": "Image", "p": "Text"}
_ROLE_NOUNS: Final = {"card": "Card", "row": "Row", "stack": "Item", "icon": "Icon", "divider": "Divider"}
_STOP_WORDS: Final = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "our",
        "the",
        "to",
        "us",
        "we",
        "with",
        "you",
        "your",
    }
)
RESERVED: Final = frozenset(
    {
        "App",
        "React",
        "Fragment",
        "StrictMode",
        "Suspense",
        "Array",
        "Audio",
        "Date",
        "Document",
        "Element",
        "Error",
        "Event",
        "Image",
        "JSON",
        "Map",
        "Math",
        "Node",
        "Number",
        "Object",
        "Option",
        "Promise",
        "Proxy",
        "Set",
        "String",
        "Symbol",
        "Text",
        "Window",
    }
)
"""Names a component must not take: the app's own, React's, and browser globals it would shadow."""


def shape(tag: Tag) -> tuple[object, ...]:
    """``tag`` with its texts and variable attribute values left out: equal shapes render alike."""
    attrs = tuple((name, None if name in VARIABLE_ATTRS else value) for name, value in tag.attrs)
    content = tuple(None if isinstance(part, str) else shape(part) for part in tag.content)
    return (tag.name, tag.role, tag.decls, attrs, content)


def is_container(tag: Tag) -> bool:
    """Whether ``tag`` is a box of other elements (not a control or a text with an icon)."""
    return tag.name in CONTAINER_TAGS and any(isinstance(part, Tag) for part in tag.content)


def repeat_run(parts: tuple[Tag | str, ...] | list[Tag | str], start: int) -> int:
    """How many siblings from ``start`` on are items of one run (1 when they are not a run)."""
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
    return end - start if end - start >= _needed(first) else 1


def _needed(first: Tag) -> int:
    """How many siblings like ``first`` make a run of repeated items."""
    structured = first.name in _CLICKABLE or any(isinstance(part, Tag) for part in first.content)
    return MIN_STRUCTURED_REPEATS if structured else MIN_REPEATS


def words_of(text: str) -> list[str]:
    """The words of ``text`` that can make a name: ASCII letters and digits, stop words left out,
    none starting with a digit at the front."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = [w for w in re.split(r"[^A-Za-z0-9]+", plain) if w and w.lower() not in _STOP_WORDS]
    while words and words[0][0].isdigit():
        words.pop(0)
    return [w[0].upper() + w[1:].lower() for w in words[:NAME_WORDS]]


def kebab(name: str) -> str:
    """``FeatureCard`` -> ``feature-card``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name).lower()


def singular(word: str) -> str:
    """A rough English singular of a name's last word (``Features`` -> ``Feature``)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@dataclass
class _Names:
    """Names given so far on the page, so each is unique."""

    taken: set[str]

    def unique(self, stem: str) -> str:
        candidate, number = stem, 1
        while candidate in self.taken or candidate in RESERVED:
            number += 1
            candidate = f"{stem}{number}"
        self.taken.add(candidate)
        return candidate


def componentised(page: Page) -> Page:
    """``page`` with its regions and repeated items named (``Tag.component``, see the module doc)."""
    names = _Names(set())
    page = replace(page, root=harmonised(page.root))
    top = _top_heading(page.root)
    hero_free = [HERO_WITHIN]
    parts: list[Tag | str] = []
    for part in page.root.content:
        if not isinstance(part, Tag):
            parts.append(part)
        elif part.name == "main":
            parts.append(_main(part, names, top, hero_free))
        elif is_container(part):
            parts.append(_region([part], names, hero=False)[0])
        else:
            parts.append(part)
    return replace(page, root=replace(page.root, content=tuple(parts)))


def _main(main: Tag, names: _Names, top: str, hero_free: list[int]) -> Tag:
    content = list(main.content)
    parts: list[Tag | str] = []
    loose: list[Tag] = []

    def close_loose() -> None:
        texts = any(_text_of(tag) for tag in loose)
        if len(loose) >= 2 or texts:
            parts.extend(_region(loose, names, hero=_takes_hero(loose, top, hero_free)))
        else:
            parts.extend(loose)
        loose.clear()

    index = 0
    while index < len(content):
        part = content[index]
        run = repeat_run(content, index)
        if not isinstance(part, Tag):
            close_loose()
            parts.append(part)
        elif run > 1:
            close_loose()
            group = [p for p in content[index : index + run] if isinstance(p, Tag)]
            parts.extend(_items(group, "", names))
        elif is_container(part):
            close_loose()
            tag = part if part.name != "div" else replace(part, name="section")
            parts.extend(_region([tag], names, hero=_takes_hero([part], top, hero_free)))
        else:
            loose.append(part)
        index += run
    close_loose()
    return replace(main, content=tuple(parts))


def _takes_hero(tags: list[Tag], top: str, regions_left: list[int]) -> bool:
    """Whether ``tags`` are the hero: one of the first ``HERO_WITHIN`` regions of ``<main>``, the
    first holding the page's largest heading (``top``)."""
    if regions_left[0] <= 0:
        return False
    regions_left[0] -= 1
    if top and any(top in _heading_tags(tag) for tag in tags):
        regions_left[0] = 0
        return True
    return False


def _region(tags: list[Tag], names: _Names, *, hero: bool) -> list[Tag]:
    """``tags`` (one container, or loose elements) named as one region, their items named too."""
    first = tags[0]
    fixed = _FIXED.get(first.name) if len(tags) == 1 else None
    heading = next((text for tag in tags for text in _headings(tag)), "")
    # No heading: the region's first words name it (``WelcomeBackSection``), as a developer
    # skimming it would, rather than a number.
    words = [word for word in words_of(heading) if len(word) <= MAX_WORD] or _naming_words(
        next((text for tag in tags for text in _own_texts(tag)), "")
    )
    runs = [run for tag in tags for run in _runs(tag)]
    if fixed:
        name = names.unique(fixed)
        stem = _STEMS[fixed]
    elif hero:
        name, stem = names.unique("Hero"), "Hero"
    else:
        stem = "".join(words) if words else (_noun(runs[0][1][0]) if runs else "Content")
        if runs:
            suffix = "Grid" if any(in_row for in_row, _ in runs) else "List"
        elif any(_has_field(tag) for tag in tags):
            suffix = "Form"
        else:
            suffix = "Section"
        name = names.unique(stem + suffix)
        stem = (words and "".join([*words[:-1], singular(words[-1])])) or ""
    named = [_with_items(tag, stem, names) for tag in tags]
    if len(named) == 1 and is_container(named[0]):
        return [replace(named[0], component=name, role=kebab(name))]
    return [replace(tag, component=name) for tag in named]


def _with_items(tag: Tag, stem: str, names: _Names, *, in_nav: bool = False) -> Tag:
    """``tag`` with every run of repeated items inside it named (``stem``: the region's)."""
    if not any(isinstance(part, Tag) for part in tag.content):
        return tag
    in_nav = in_nav or tag.name == "nav"
    parts: list[Tag | str] = []
    index = 0
    while index < len(tag.content):
        part = tag.content[index]
        run = repeat_run(tag.content, index)
        if run > 1:
            group = [p for p in tag.content[index : index + run] if isinstance(p, Tag)]
            parts.extend(_items(group, "Nav" if in_nav else stem, names))
        else:
            parts.append(part if isinstance(part, str) else _with_items(part, stem, names, in_nav=in_nav))
        index += run
    return replace(tag, content=tuple(parts))


def _items(group: list[Tag], stem: str, names: _Names) -> list[Tag]:
    """A run of items named as one component: after the design's component they are all
    instances of (``Tag.design_name``), else the region's ``stem`` and what they are."""
    design = {tag.design_name for tag in group}
    words = words_of(design.pop()) if len(design) == 1 else []
    name = names.unique("".join(words) if words else stem + _noun(group[0]))
    return [replace(tag, component=name, item=True, role=kebab(name)) for tag in group]


def _runs(tag: Tag) -> list[tuple[bool, list[Tag]]]:
    """The runs of repeated items inside ``tag`` (not inside items): (in a row, items)."""
    found: list[tuple[bool, list[Tag]]] = []
    index = 0
    while index < len(tag.content):
        part = tag.content[index]
        run = repeat_run(tag.content, index)
        if run > 1:
            found.append((_is_row(tag), [p for p in tag.content[index : index + run] if isinstance(p, Tag)]))
        elif isinstance(part, Tag):
            found += _runs(part)
        index += run
    return found


def _noun(tag: Tag) -> str:
    if tag.name == "article" or tag.role == "card":
        return "Card"
    return _NOUNS.get(tag.name) or _ROLE_NOUNS.get(tag.role, "Item")


def _is_row(tag: Tag) -> bool:
    column = any(
        prop == "flex-direction" and value == "column" for variant, prop, value in tag.decls if not variant
    )
    return not column and any(prop == "display" and "flex" in value for _, prop, value in tag.decls)


def _has_field(tag: Tag) -> bool:
    return tag.name in _FIELDS or any(isinstance(part, Tag) and _has_field(part) for part in tag.content)


def _text_of(tag: Tag) -> str:
    return " ".join(part if isinstance(part, str) else _text_of(part) for part in tag.content).strip()


def _naming_words(text: str) -> list[str]:
    """The first ``TEXT_NAME_WORDS`` words of ``text`` that read as words (letters only, of a
    sensible length), for a region with no heading; none when they do not (``Fn1 = sum(14)``)."""
    words = [word for word in words_of(text) if word.isalpha() and MIN_WORD <= len(word) <= MAX_WORD]
    return words[:TEXT_NAME_WORDS]


def _outside_items(tag: Tag) -> Iterator[Tag]:
    """``tag`` and the tags inside it, in document order, but for those of repeated items (a
    card's title names the card, not the region around the cards)."""
    yield tag
    index = 0
    while index < len(tag.content):
        part = tag.content[index]
        run = repeat_run(tag.content, index)
        if run == 1 and isinstance(part, Tag):
            yield from _outside_items(part)
        index += run


def _own_texts(tag: Tag) -> list[str]:
    """The texts in ``tag`` outside repeated items, in order."""
    return [
        part
        for inner in _outside_items(tag)
        for part in inner.content
        if isinstance(part, str) and part.strip()
    ]


def _headings(tag: Tag) -> list[str]:
    """The texts of the headings in ``tag`` outside repeated items."""
    return [_text_of(inner) for inner in _outside_items(tag) if inner.name in _HEADINGS]


def _heading_tags(tag: Tag) -> set[str]:
    found = {tag.name} if tag.name in _HEADINGS else set()
    for part in tag.content:
        if isinstance(part, Tag):
            found |= _heading_tags(part)
    return found


def _top_heading(root: Tag) -> str:
    """The largest heading's tag on the page (``h1``), "" when it has none."""
    present = _heading_tags(root)
    return next((name for name in _HEADINGS if name in present), "")


# --- harmonising repeated items ---------------------------------------------------------------

NEAR_PX: Final = {"font-size": 2, "line-height": 4}
"""How far apart (px) one property's values across repeated items may be and still be read as the
same style measured with noise (OCR boxes vary by a pixel or two); other lengths: ``NEAR_LENGTH_PX``."""
NEAR_LENGTH_PX: Final = 8
NEAR_PERCENT: Final = 2.0
"""Percentage points within which widths and offsets across repeated items count as the same."""
NEAR_COLOUR: Final = 48
"""Euclidean RGB distance within which two colours of repeated items count as the same colour."""
_ZERO_WHEN_ABSENT: Final = frozenset({"margin-top", "margin-left"})
_LENGTH: Final = re.compile(r"(-?\d+(?:\.\d+)?)(px|%)")
_HEX: Final = re.compile(r"#([0-9a-f]{6})")


def skeleton(tag: Tag) -> tuple[object, ...]:
    """``tag``'s structure alone: tag names and nesting (no texts, attributes or styles)."""
    return (tag.name, tuple(skeleton(part) for part in tag.content if isinstance(part, Tag)))


def harmonised(tag: Tag) -> Tag:
    """``tag`` with the runs of siblings that have one skeleton but styles that differ only by
    measurement noise (see ``NEAR_*``) given one style: each property takes its most common value
    across the items, so they share one class (one utility string, one component). Runs whose
    styles differ by more (a highlighted card) stay as they are."""
    parts = [part if isinstance(part, str) else harmonised(part) for part in tag.content]
    index = 0
    while index < len(parts):
        first = parts[index]
        end = index + 1
        wanted = skeleton(first) if isinstance(first, Tag) else None
        while end < len(parts) and wanted is not None:
            following = parts[end]
            if not isinstance(following, Tag) or skeleton(following) != wanted:
                break
            end += 1
        group = [part for part in parts[index:end] if isinstance(part, Tag)]
        if group and len(group) >= _needed(group[0]) and len({shape(item) for item in group}) > 1:
            parts[index:end] = _unified(group, _leading_margin(tag)) or group
        index = end
    return replace(tag, content=tuple(parts))


def _leading_margin(parent: Tag) -> str:
    """The margin that spaces ``parent``'s children along its main axis."""
    column = ("", "flex-direction", "column") in parent.decls
    return "margin-top" if column else "margin-left"


def _unified(group: list[Tag], leading: str) -> list[Tag] | None:
    flat = [_flatten(item) for item in group]
    styles: list[tuple[Decl, ...]] = []
    for position in range(len(flat[0])):
        tags = [tags[position] for tags in flat]
        if len({(tag.role, tuple(a for a in tag.attrs if a[0] not in VARIABLE_ATTRS)) for tag in tags}) > 1:
            return None
        decls = _common_decls([tag.decls for tag in tags], leading if position == 0 else "")
        if decls is None:
            return None
        styles.append(decls)
    return [_restyled(item, iter(styles)) for item in group]


def _common_decls(all_decls: list[tuple[Decl, ...]], leading: str) -> tuple[Decl, ...] | None:
    """One set of declarations for items whose own are ``all_decls``: each property's most common
    value, but for the ``leading`` margin (the items' spacing along their parent's axis), which
    takes the mean: the items' spaces add up, and a mean keeps the last item where it was
    instead of moving it by the sum of each space's rounding to the most common one."""
    keys = list(dict.fromkeys((variant, prop) for decls in all_decls for variant, prop, _ in decls))
    chosen: list[Decl] = []
    for variant, prop in keys:
        values: list[str | None] = []
        for decls in all_decls:
            value = next((v for var, p, v in decls if (var, p) == (variant, prop)), None)
            if value is None and prop in _ZERO_WHEN_ABSENT and variant == "":
                value = "0"
            values.append(value)
        if not near_values(prop, values):
            return None
        common = max(dict.fromkeys(values), key=values.count)  # the most common; ties: the first seen
        if prop == leading and variant == "":
            common = _mean_length(values) or common
        if common is not None and not (prop in _ZERO_WHEN_ABSENT and common == "0" and variant == ""):
            chosen.append((variant, prop, common))
    return sorted_decls(chosen)


def near_values(prop: str, values: list[str | None]) -> bool:
    """Whether the values of ``prop`` across repeated items differ by measurement noise alone
    (``NEAR_*``); an absent value (``None``) is near only to itself."""
    if len(set(values)) == 1:
        return True
    if any(value is None for value in values):
        return False
    texts = [value for value in values if value is not None]
    sides = [text.split() for text in texts]
    if len({len(parts) for parts in sides}) == 1 and len(sides[0]) > 1:
        # A shorthand (``padding: 0 6px`` against ``0 8px``): near when each side is.
        return all(near_values(prop, [parts[i] for parts in sides]) for i in range(len(sides[0])))
    lengths = [_length(value) for value in texts]
    if all(lengths):
        numbers = [length for length in lengths if length is not None]
        units = {unit for _, unit in numbers if unit}
        if len(units) > 1:
            return False
        spread = max(n for n, _ in numbers) - min(n for n, _ in numbers)
        limit = NEAR_PERCENT if units == {"%"} else NEAR_PX.get(prop, NEAR_LENGTH_PX)
        return spread <= limit
    colours = [_HEX.search(value) for value in texts]
    if all(colours) and len({_HEX.sub("#", value) for value in texts}) == 1:
        rgb = [tuple(int(m.group(1)[i : i + 2], 16) for i in (0, 2, 4)) for m in colours if m]
        return all(
            sum((a - b) ** 2 for a, b in zip(one, rgb[0], strict=True)) ** 0.5 <= NEAR_COLOUR for one in rgb
        )
    return False


def _mean_length(values: list[str | None]) -> str | None:
    """The mean of lengths in one unit (absent counting as ``0``), as CSS; ``None`` when they are
    not all lengths (``auto``)."""
    lengths = [_length(value or "0") for value in values]
    numbers = [length for length in lengths if length is not None]
    units = {unit for _, unit in numbers if unit}
    if len(numbers) < len(values) or len(units) > 1:
        return None
    mean = sum(number for number, _ in numbers) / len(numbers)
    return percent(mean, 100) if units == {"%"} else px(mean)


def _length(value: str) -> tuple[float, str] | None:
    """``12px`` -> (12, "px"), ``4.5%`` -> (4.5, "%"), ``0`` -> (0, ""); ``None`` for other values."""
    if value == "0":
        return 0.0, ""
    match = _LENGTH.fullmatch(value)
    return (float(match.group(1)), match.group(2)) if match else None


def _flatten(tag: Tag) -> list[Tag]:
    found = [tag]
    for part in tag.content:
        if isinstance(part, Tag):
            found += _flatten(part)
    return found


def _restyled(tag: Tag, styles: Iterator[tuple[Decl, ...]]) -> Tag:
    decls = next(styles)
    content = tuple(part if isinstance(part, str) else _restyled(part, styles) for part in tag.content)
    return replace(tag, decls=decls, content=content)
