"""Wireframe layout score: labelled boxes of a sketch against the elements of a rendered page.

A sketch dataset gives, per drawing, boxes of ten widget classes (``SKETCH_CLASSES``) with
coordinates normalised to the drawing's size (0..1, left/top is the upper-left corner). A
candidate page's visible elements (``PageStructure.elements``) are turned into boxes of the same
classes (``element_class``, ``elements_to_boxes``), normalised by the rendered page's size, and
``layout_scores`` counts per class how many sketch boxes the page reproduces.

Matching, per class: truth and predicted boxes of that class are paired one-to-one with
``scipy.optimize.linear_sum_assignment``; a pair is a match only if its IoU is at least
``iou_threshold``. The assignment maximises the number of matches and, among assignments with
that many, their total IoU (pairs under the threshold weigh nothing). So the count of matches
never depends on the order of the boxes, and is never lower than a greedy best-IoU-first pairing
would find. A box of one class never matches a box of another: a Button drawn as a Link is one
false negative (Button) and one false positive (Link).

Counts and scores per class (``ClassScore``): ``tp`` matches, ``fp`` unmatched predicted boxes,
``fn`` unmatched truth boxes; precision ``tp / (tp + fp)``, recall ``tp / (tp + fn)``, F1
``2 tp / (2 tp + fp + fn)``, each 0 when its denominator is 0. ``LayoutScores.macro_f1`` is the
mean F1 over the classes that occur in the truth or the prediction (``tp + fp + fn > 0``);
classes absent from both are not counted, and with no class at all (empty truth and empty
prediction) it is 0, as there is nothing to judge. ``LayoutScores.combine`` sums the counts of
several items, so a dataset's per-class table and macro F1 come from pooled counts (per class
micro, across classes macro), not from a mean of the items' macro F1 (``LayoutScores.to_dict``/``from_dict``
carry an item through JSON).

Labels outside ``SKETCH_CLASSES``: ``load_boxes`` keeps them as written (the file is not wrong,
it just knows a class we do not); ``layout_scores`` leaves them out of every count and reports
how many it left out (``ignored_truth``, ``ignored_predicted``), so they are never silently lost.

The IoU threshold: 0.5 (the PASCAL VOC value, the default) is strict for hand-drawn sketches
against rendered layouts, whose boxes differ in aspect ratio, margins and line heights even when
the layout is right: a box half as tall as its truth at the same place has IoU 0.5. Lower values
(0.3, 0.1) measure "the right widget in roughly the right place"; report the threshold with the
score.

Limits of the comparison: the sketch's coordinates are relative to the drawing and the page's to
the whole rendered page (which grows to its content), so a page much longer than the drawing
scales every box vertically; no alignment or rescaling is attempted.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import numpy as np
from scipy.optimize import linear_sum_assignment

from converters.intake.kinds import SKETCH_CLASSES
from converters.render.types import Element

DEFAULT_IOU_THRESHOLD: Final = 0.5
"""Least IoU of a match (PASCAL VOC's value; strict for sketches, see the module docstring)."""

SHORT_TEXT: Final = 40
"""Most characters of own text for a generic element to read as a Label rather than a Paragraph."""

COORDINATE_TOLERANCE: Final = 1e-3
"""How far outside 0..1 a loaded box may reach (annotation tools round, e.g. to 1.00000003)."""

_TEXT_INPUT_TYPES: Final = frozenset(
    {"", "text", "email", "password", "search", "number", "tel", "url"}
    | {"date", "datetime-local", "month", "week", "time"}
)
_BUTTON_INPUT_TYPES: Final = frozenset({"button", "submit", "reset", "image"})
_ROLE_CLASSES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "button": "Button",
        "textbox": "TextBox",
        "searchbox": "TextBox",
        "checkbox": "CheckBox",
        "switch": "CheckBox",
        "radio": "RadioButton",
        "combobox": "ComboBox",
        "listbox": "ComboBox",
        "img": "Image",
        "image": "Image",
        "heading": "Heading",
        "link": "Link",
    }
)
_IMAGE_TAGS: Final = frozenset({"img", "svg", "picture", "canvas", "video"})
_HEADING_TAGS: Final = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_INLINE_TEXT_TAGS: Final = frozenset(
    {"span", "small", "strong", "em", "b", "i", "u", "s", "mark", "code", "abbr", "cite", "q"}
    | {"sub", "sup", "time", "font", "kbd", "var", "samp", "bdi", "bdo"}
)
_BLOCK_TEXT_TAGS: Final = frozenset(
    {"div", "li", "td", "th", "dt", "dd", "legend", "caption", "figcaption", "blockquote", "pre"}
    | {"section", "article", "header", "footer", "nav", "main", "aside", "form", "fieldset", "address"}
)
_ABSORBED_BY: Final[Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        "Button": frozenset({"Label", "Paragraph", "Image"}),
        "Heading": frozenset({"Link"}),
        "Image": frozenset({"Image"}),
    }
)
"""Classes a box of the key's class takes in when they lie inside it (see ``elements_to_boxes``)."""
_TOGGLES: Final = frozenset({"CheckBox", "RadioButton"})

_Rect = tuple[float, float, float, float]
"""A box as (left, top, right, bottom)."""


@dataclass(frozen=True)
class LabelledBox:
    """One widget box: its class ``label`` and its box as fractions of the page (or drawing) size."""

    label: str
    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(frozen=True)
class ClassScore:
    """Match counts of one class; precision, recall and F1 are 0 when their denominator is 0."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else 0.0

    @property
    def occurs(self) -> bool:
        """Whether the class is in the truth or the prediction at all."""
        return self.tp + self.fp + self.fn > 0

    def __add__(self, other: ClassScore) -> ClassScore:
        return ClassScore(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True)
class LayoutScores:
    """Per-class counts of one item (or, via ``combine``, of many) and the macro F1.

    ``per_class`` holds every class of ``SKETCH_CLASSES``, absent ones with zero counts.
    ``ignored_truth`` / ``ignored_predicted``: boxes left out because their label is not one of
    ``SKETCH_CLASSES``.
    """

    per_class: Mapping[str, ClassScore]
    ignored_truth: int = 0
    ignored_predicted: int = 0
    threshold: float = DEFAULT_IOU_THRESHOLD

    def __post_init__(self) -> None:
        # A read-only view, so a frozen result cannot be changed through the mapping either.
        object.__setattr__(self, "per_class", MappingProxyType(dict(self.per_class)))

    @property
    def scored_classes(self) -> tuple[str, ...]:
        """The classes that count in ``macro_f1``: those with any truth or predicted box."""
        return tuple(label for label, score in self.per_class.items() if score.occurs)

    @property
    def macro_f1(self) -> float:
        """Mean F1 over ``scored_classes``; 0 when there are none (nothing to judge)."""
        scored = [self.per_class[label].f1 for label in self.scored_classes]
        return sum(scored) / len(scored) if scored else 0.0

    @classmethod
    def combine(cls, scores: Iterable[LayoutScores]) -> LayoutScores:
        """Pool several items' counts (class by class) into one result.

        Raises ``ValueError`` if the items were scored at different IoU thresholds.
        """
        totals = {label: ClassScore(0, 0, 0) for label in SKETCH_CLASSES}
        ignored_truth = ignored_predicted = 0
        thresholds: set[float] = set()
        for item in scores:
            for label, score in item.per_class.items():
                totals[label] = totals.get(label, ClassScore(0, 0, 0)) + score
            ignored_truth += item.ignored_truth
            ignored_predicted += item.ignored_predicted
            thresholds.add(item.threshold)
        if len(thresholds) > 1:
            raise ValueError(f"cannot combine scores made at different IoU thresholds: {sorted(thresholds)}")
        threshold = thresholds.pop() if thresholds else DEFAULT_IOU_THRESHOLD
        return cls(totals, ignored_truth, ignored_predicted, threshold)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: ``{"macro_f1", "per_class": {label: {"tp", "fp", "fn", "precision", "recall",
        "f1"}}, "threshold", "ignored_truth", "ignored_predicted"}``; ``per_class`` has every class."""
        return {
            "macro_f1": self.macro_f1,
            "per_class": {
                label: {
                    "tp": score.tp,
                    "fp": score.fp,
                    "fn": score.fn,
                    "precision": score.precision,
                    "recall": score.recall,
                    "f1": score.f1,
                }
                for label, score in self.per_class.items()
            },
            "threshold": self.threshold,
            "ignored_truth": self.ignored_truth,
            "ignored_predicted": self.ignored_predicted,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LayoutScores:
        """The scores back from ``to_dict``'s output (e.g. read from a results file).

        Only the counts are read (the ratios follow from them); ``threshold`` and the ignored
        counts default to 0.5 and 0 when absent. Raises ``ValueError`` for a class outside
        ``SKETCH_CLASSES`` or a count that is not a non-negative integer.
        """
        per_class = {label: ClassScore(0, 0, 0) for label in SKETCH_CLASSES}
        raw_classes = data.get("per_class", {})
        if not isinstance(raw_classes, Mapping):
            raise ValueError("layout scores: 'per_class' must be an object")
        for label, raw in raw_classes.items():
            if label not in per_class:
                raise ValueError(f"layout scores: unknown class {label!r}")
            if not isinstance(raw, Mapping):
                raise ValueError(f"layout scores: {label} must be an object")
            per_class[label] = ClassScore(
                *(_count(raw.get(key, 0), f"{label}.{key}") for key in ("tp", "fp", "fn"))
            )
        threshold = data.get("threshold", DEFAULT_IOU_THRESHOLD)
        if isinstance(threshold, bool) or not isinstance(threshold, int | float):
            raise ValueError(f"layout scores: 'threshold' must be a number, got {threshold!r}")
        return cls(
            per_class,
            ignored_truth=_count(data.get("ignored_truth", 0), "ignored_truth"),
            ignored_predicted=_count(data.get("ignored_predicted", 0), "ignored_predicted"),
            threshold=float(threshold),
        )


def _count(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"layout scores: {name} must be a non-negative integer, got {value!r}")
    return value


def load_boxes(path: Path) -> tuple[LabelledBox, ...]:
    """The boxes of one ``{id}.boxes.json`` file, in file order.

    The file is ``{"boxes": [{"label", "left", "top", "width", "height"}, ...], ...}`` with
    coordinates normalised to 0..1 (other top-level keys are not read). Labels are kept as
    written, known or not. Raises ``ValueError`` naming the file and the box for text that is not
    JSON or UTF-8, a missing or non-list ``boxes``, a box without a string label or with a
    coordinate that is not a finite number, a size that is not positive, or a box reaching more
    than ``COORDINATE_TOLERANCE`` outside 0..1 (pixel coordinates, say). ``OSError`` from reading
    the file is not caught.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise ValueError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: not valid JSON ({error.msg} at line {error.lineno})") from error
    if not isinstance(data, dict) or not isinstance(data.get("boxes"), list):
        raise ValueError(f"{path}: expected a JSON object with a list under 'boxes'")
    return tuple(_parse_box(raw, f"{path}: box {i}") for i, raw in enumerate(data["boxes"]))


def _parse_box(raw: object, where: str) -> LabelledBox:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected an object, got {type(raw).__name__}")
    label = raw.get("label")
    if not isinstance(label, str) or not label:
        raise ValueError(f"{where}: 'label' must be a non-empty string, got {label!r}")
    values: list[float] = []
    for key in ("left", "top", "width", "height"):
        value = raw.get(key)
        # bool is an int to Python but never a coordinate.
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ValueError(f"{where} ({label}): '{key}' must be a finite number, got {value!r}")
        values.append(float(value))
    left, top, width, height = values
    if width <= 0 or height <= 0:
        raise ValueError(f"{where} ({label}): width and height must be positive, got {width} x {height}")
    low, high = -COORDINATE_TOLERANCE, 1 + COORDINATE_TOLERANCE
    if left < low or top < low or left + width > high or top + height > high:
        raise ValueError(
            f"{where} ({label}): box ({left}, {top}, {width} x {height}) reaches outside 0..1; "
            "coordinates must be normalised to the image size"
        )
    return LabelledBox(label, left, top, width, height)


def element_class(element: Element) -> str | None:
    """The sketch class of one rendered element, or ``None`` if it is none of them.

    Rules, first that applies wins (tags, roles and input types are compared in lower case; a
    role is the first token of the ``role`` attribute that is one of the roles below):

    1. Role: ``button`` -> Button; ``textbox``, ``searchbox`` -> TextBox; ``checkbox``,
       ``switch`` -> CheckBox; ``radio`` -> RadioButton; ``combobox``, ``listbox`` -> ComboBox;
       ``img``, ``image`` -> Image; ``heading`` -> Heading; ``link`` -> Link. A role beats the
       tag, so ``<a role="button">`` is a Button and ``<div role="checkbox">`` a CheckBox.
    2. ``button`` -> Button (any type). ``input`` by type: ``button``/``submit``/``reset``/
       ``image`` -> Button; ``checkbox`` -> CheckBox; ``radio`` -> RadioButton; no type, ``text``,
       ``email``, ``password``, ``search``, ``number``, ``tel``, ``url``, ``date``,
       ``datetime-local``, ``month``, ``week``, ``time`` -> TextBox; any other type (``file``,
       ``range``, ``color``, unknown) -> None. ``textarea`` -> TextBox; ``select`` -> ComboBox.
    3. ``img``, ``svg``, ``picture``, ``canvas``, ``video`` -> Image; ``h1``-``h6`` -> Heading;
       ``a`` -> Link (whether it has an ``href`` is not recorded); ``p`` with own text ->
       Paragraph; ``label`` with own text -> Label.
    4. Own text, by length (``SHORT_TEXT`` = 40 characters): in an inline tag (``span``,
       ``small``, ``strong``, ``em``, ``b``, ``i``, ``code``, ...) short text -> Label and longer
       text -> None (a run inside a paragraph); in a block tag (``div``, ``li``, ``td``, ``th``,
       ``dd``, ``section``, ``figcaption``, ...) short text -> Label, longer -> Paragraph.

    Known ambiguities: the sketches label what a thing looks like, the DOM says what it is. A
    ``<p>`` holding "Name:" is a Paragraph here but a Label in a drawing; a short one-line text
    that a drawing calls a Paragraph is a Label here; a link styled as a button is a Link unless
    it has ``role="button"``; a ``<label>`` or ``<div>`` whose text sits in child elements has no
    own text, so its children carry the class. ``Element.text`` is cut at 80 characters, which
    does not matter for the 40-character limit. Context (what the element is inside) is handled
    by ``elements_to_boxes``, not here.
    """
    tag = element.tag.lower()
    for token in element.role.lower().split():
        if token in _ROLE_CLASSES:
            return _ROLE_CLASSES[token]
    kind = element.kind.lower()
    text = element.text.strip()
    if tag == "button":
        return "Button"
    if tag == "input":
        if kind in _BUTTON_INPUT_TYPES:
            return "Button"
        if kind == "checkbox":
            return "CheckBox"
        if kind == "radio":
            return "RadioButton"
        return "TextBox" if kind in _TEXT_INPUT_TYPES else None
    if tag == "textarea":
        return "TextBox"
    if tag == "select":
        return "ComboBox"
    if tag in _IMAGE_TAGS:
        return "Image"
    if tag in _HEADING_TAGS:
        return "Heading"
    if tag == "a":
        return "Link"
    if not text:
        return None
    if tag == "p":
        return "Paragraph"
    if tag == "label":
        return "Label"
    short = len(text) <= SHORT_TEXT
    if tag in _INLINE_TEXT_TAGS:
        return "Label" if short else None
    if tag in _BLOCK_TEXT_TAGS:
        return "Label" if short else "Paragraph"
    return None


@dataclass
class _Node:
    """Working record of one element while ``elements_to_boxes`` walks the page."""

    tag: str
    label: str | None
    rect: _Rect
    parent: int | None
    in_svg: bool
    inline_text: bool
    dropped: bool = False


def elements_to_boxes(
    elements: Sequence[Element], page_width: float, page_height: float
) -> tuple[LabelledBox, ...]:
    """Boxes of the classed elements of a page, normalised by the page size (CSS px), in document order.

    ``elements`` must be in document order with their ``depth``, as in ``PageStructure``: the
    visible ancestors of an element are then the nearest earlier elements of each smaller depth.
    Steps:

    1. Each element gets ``element_class``; those without one give no box.
    2. Elements inside an ``svg`` give no box (only the ``svg`` itself is an Image).
    3. Parts of a widget give no box of their own when they lie (half their area or more) inside
       the widget: a short inline run (rule 4 of ``element_class``: the ``<strong>`` in a
       paragraph, the ``<span>`` in a link) inside its nearest classed ancestor when only inline
       tags lie between them; and, inside their nearest classed ancestor at any distance, a
       Label, Paragraph or Image (icon) inside a Button, a Link inside a Heading, an Image inside
       an Image (``<img>`` in ``<picture>``).
    4. A CheckBox or RadioButton takes in its caption, since the sketches draw the box and its
       text as one widget: the first of (a) its parent, (b) its next visible sibling, (c) its
       previous one, that is a Label not yet taken and, for siblings, on the same row
       (overlapping vertically by half the lower one's height, at most twice the taller one's
       height apart). The control's box becomes the union of both; the Label gives no box.
    5. Boxes are clipped to the page; boxes with no area left are dropped.

    Limits: an ancestor that is invisible or has no area is not in ``elements``, so the walk can
    take an element before it for the ancestor; step 3 also asks that the box lie inside, which
    keeps such mistakes rare. A container whose own text names several checkboxes (``<div><input>
    A <input> B</div>``) gives its text to the first only.

    Raises ``ValueError`` if the page size is not positive.
    """
    if page_width <= 0 or page_height <= 0:
        raise ValueError(f"page size must be positive, got {page_width} x {page_height}")
    nodes = _walk(elements)
    _attach_captions(nodes)
    boxes: list[LabelledBox] = []
    for node in nodes:
        if node.label is None or node.dropped:
            continue
        left, top = max(0.0, node.rect[0]), max(0.0, node.rect[1])
        right, bottom = min(page_width, node.rect[2]), min(page_height, node.rect[3])
        if right <= left or bottom <= top:
            continue
        boxes.append(
            LabelledBox(
                node.label,
                left / page_width,
                top / page_height,
                (right - left) / page_width,
                (bottom - top) / page_height,
            )
        )
    return tuple(boxes)


def _walk(elements: Sequence[Element]) -> list[_Node]:
    """Steps 1-3 of ``elements_to_boxes``: class, parent and svg/absorption drops of each element."""
    nodes: list[_Node] = []
    open_nodes: list[tuple[int, int]] = []  # (depth, node index) of the current ancestor chain
    for element in elements:
        while open_nodes and open_nodes[-1][0] >= element.depth:
            open_nodes.pop()
        parent = open_nodes[-1][1] if open_nodes else None
        in_svg = parent is not None and (nodes[parent].tag == "svg" or nodes[parent].in_svg)
        label = None if in_svg else element_class(element)
        tag = element.tag.lower()
        rect = (element.x, element.y, element.x + element.width, element.y + element.height)
        node = _Node(
            tag=tag,
            label=label,
            rect=rect,
            parent=parent,
            in_svg=in_svg,
            # A recognised role never gives Label, so this is rule 4's inline case.
            inline_text=label == "Label" and tag in _INLINE_TEXT_TAGS,
        )
        if label is not None:
            node.dropped = _absorbed(nodes, node, label)
        open_nodes.append((element.depth, len(nodes)))
        nodes.append(node)
    return nodes


def _absorbed(nodes: Sequence[_Node], node: _Node, label: str) -> bool:
    """Step 3 of ``elements_to_boxes``: whether ``node`` is part of a classed ancestor."""
    if node.inline_text:
        owner = _text_owner(nodes, node)
        if owner is not None and _mostly_inside(node.rect, nodes[owner].rect):
            return True
    owner = _classed_ancestor(nodes, node)
    if owner is None:
        return False
    owner_label = nodes[owner].label
    assert owner_label is not None  # _classed_ancestor only returns classed nodes
    return label in _ABSORBED_BY.get(owner_label, frozenset()) and _mostly_inside(
        node.rect, nodes[owner].rect
    )


def _text_owner(nodes: Sequence[_Node], node: _Node) -> int | None:
    """The classed element whose text an inline run belongs to: its nearest classed ancestor, if
    only inline tags (``<p><strong><em>``) lie between them."""
    index = node.parent
    while index is not None:
        ancestor = nodes[index]
        if ancestor.label is not None and not ancestor.dropped:
            return index
        if ancestor.tag not in _INLINE_TEXT_TAGS:
            return None
        index = ancestor.parent
    return None


def _classed_ancestor(nodes: Sequence[_Node], node: _Node) -> int | None:
    """Index of the nearest ancestor of ``node`` that has a class and gives a box of its own."""
    index = node.parent
    while index is not None and (nodes[index].label is None or nodes[index].dropped):
        index = nodes[index].parent
    return index


def _attach_captions(nodes: list[_Node]) -> None:
    """Step 4 of ``elements_to_boxes``: merge each CheckBox/RadioButton with its caption Label."""
    siblings: dict[int | None, list[int]] = {}
    for index, node in enumerate(nodes):
        siblings.setdefault(node.parent, []).append(index)
    position = {index: i for group in siblings.values() for i, index in enumerate(group)}

    def free_label(index: int | None) -> bool:
        return index is not None and nodes[index].label == "Label" and not nodes[index].dropped

    for index, node in enumerate(nodes):
        if node.label not in _TOGGLES or node.dropped:
            continue
        group, i = siblings[node.parent], position[index]
        caption: int | None = None
        if free_label(node.parent):
            caption = node.parent
        else:
            neighbours = [group[j] for j in (i + 1, i - 1) if 0 <= j < len(group)]
            caption = next(
                (n for n in neighbours if free_label(n) and _same_row(node.rect, nodes[n].rect)), None
            )
        if caption is not None:
            node.rect = _union(node.rect, nodes[caption].rect)
            nodes[caption].dropped = True


def _mostly_inside(inner: _Rect, outer: _Rect) -> bool:
    """Whether at least half of ``inner``'s area lies inside ``outer``."""
    area = (inner[2] - inner[0]) * (inner[3] - inner[1])
    return area > 0 and _intersection(inner, outer) >= area / 2


def _same_row(a: _Rect, b: _Rect) -> bool:
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    gap = max(a[0], b[0]) - min(a[2], b[2])
    lower = min(a[3] - a[1], b[3] - b[1])
    taller = max(a[3] - a[1], b[3] - b[1])
    return overlap >= lower / 2 and gap <= 2 * taller


def _union(a: _Rect, b: _Rect) -> _Rect:
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def _intersection(a: _Rect, b: _Rect) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return max(0.0, width) * max(0.0, height)


def box_iou(a: LabelledBox, b: LabelledBox) -> float:
    """Intersection over union of two boxes (labels not compared); 0 if the union has no area."""
    ra, rb = (a.left, a.top, a.right, a.bottom), (b.left, b.top, b.right, b.bottom)
    inter = _intersection(ra, rb)
    union = max(0.0, a.width) * max(0.0, a.height) + max(0.0, b.width) * max(0.0, b.height) - inter
    return inter / union if union > 0 else 0.0


def layout_scores(
    truth: Iterable[LabelledBox],
    predicted: Iterable[LabelledBox],
    *,
    iou_threshold: float = DEFAULT_IOU_THRESHOLD,
) -> LayoutScores:
    """Per-class matches of ``predicted`` boxes against ``truth`` boxes (see the module docstring).

    Raises ``ValueError`` if ``iou_threshold`` is not in (0, 1].
    """
    if not 0 < iou_threshold <= 1:
        raise ValueError(f"iou_threshold must be in (0, 1], got {iou_threshold}")
    truth, predicted = tuple(truth), tuple(predicted)
    per_class = {
        label: _class_score(
            [b for b in truth if b.label == label], [b for b in predicted if b.label == label], iou_threshold
        )
        for label in SKETCH_CLASSES
    }
    known = set(SKETCH_CLASSES)
    return LayoutScores(
        per_class,
        ignored_truth=sum(b.label not in known for b in truth),
        ignored_predicted=sum(b.label not in known for b in predicted),
        threshold=iou_threshold,
    )


def _class_score(
    truth: Sequence[LabelledBox], predicted: Sequence[LabelledBox], threshold: float
) -> ClassScore:
    tp = _match_count(truth, predicted, threshold)
    return ClassScore(tp=tp, fp=len(predicted) - tp, fn=len(truth) - tp)


def _match_count(truth: Sequence[LabelledBox], predicted: Sequence[LabelledBox], threshold: float) -> int:
    """Largest number of one-to-one pairs with IoU >= ``threshold`` (ties: largest total IoU)."""
    if not truth or not predicted:
        return 0
    iou = np.array([[box_iou(t, p) for p in predicted] for t in truth], dtype=np.float64)
    valid = iou >= threshold
    if not valid.any():
        return 0
    # Each valid pair weighs 1 plus its IoU scaled so that all the IoU one assignment can gather
    # stays under 1: one more match then always outweighs any gain in total IoU.
    weights = np.where(valid, 1.0 + iou / (min(iou.shape) + 1), 0.0)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return int(valid[rows, cols].sum())
