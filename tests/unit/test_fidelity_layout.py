"""Wireframe layout score on hand-made boxes and elements (no browser, no dataset)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from converters.fidelity.layout import (
    SKETCH_CLASSES,
    ClassScore,
    LabelledBox,
    LayoutScores,
    box_iou,
    element_class,
    elements_to_boxes,
    layout_scores,
    load_boxes,
)
from converters.render.types import Element

PAGE = (1000.0, 500.0)


def box(label: str, left: float, top: float, width: float = 0.2, height: float = 0.1) -> LabelledBox:
    return LabelledBox(label, left, top, width, height)


def el(
    tag: str,
    x: float = 0,
    y: float = 0,
    w: float = 100,
    h: float = 20,
    *,
    text: str = "",
    role: str = "",
    kind: str = "",
    depth: int = 1,
) -> Element:
    return Element(
        tag=tag, role=role, kind=kind, position="static", x=x, y=y, width=w, height=h, text=text, depth=depth
    )


def counts(scores: LayoutScores, label: str) -> tuple[int, int, int]:
    score = scores.per_class[label]
    return score.tp, score.fp, score.fn


# --- layout_scores ---------------------------------------------------------------------------


def sketch() -> list[LabelledBox]:
    return [
        box("Heading", 0.1, 0.05, 0.8, 0.08),
        box("Label", 0.1, 0.2),
        box("TextBox", 0.4, 0.2, 0.4, 0.08),
        box("CheckBox", 0.1, 0.35),
        box("Button", 0.6, 0.8),
    ]


def test_perfect_prediction_scores_one() -> None:
    scores = layout_scores(sketch(), sketch())
    assert scores.macro_f1 == 1.0
    assert scores.scored_classes == ("Button", "TextBox", "CheckBox", "Heading", "Label")
    assert counts(scores, "TextBox") == (1, 0, 0)
    assert counts(scores, "Image") == (0, 0, 0)


def test_box_shifted_beyond_the_threshold_scores_zero_for_its_class() -> None:
    truth = [box("Button", 0.1, 0.1), box("Image", 0.5, 0.5)]
    # Same size, shifted right by half its width: IoU = 0.1 / 0.3 = 1/3.
    predicted = [box("Button", 0.2, 0.1), box("Image", 0.5, 0.5)]
    assert box_iou(truth[0], predicted[0]) == pytest.approx(1 / 3)
    scores = layout_scores(truth, predicted)
    assert counts(scores, "Button") == (0, 1, 1)
    assert scores.per_class["Button"].f1 == 0.0
    assert scores.per_class["Image"].f1 == 1.0
    assert scores.macro_f1 == pytest.approx(0.5)


def test_threshold_is_a_parameter() -> None:
    truth, predicted = [box("Button", 0.1, 0.1)], [box("Button", 0.2, 0.1)]  # IoU 1/3
    assert layout_scores(truth, predicted, iou_threshold=0.3).per_class["Button"].tp == 1
    assert layout_scores(truth, predicted, iou_threshold=0.5).per_class["Button"].tp == 0
    assert layout_scores(truth, predicted, iou_threshold=0.3).threshold == 0.3


@pytest.mark.parametrize("threshold", [0.0, -0.1, 1.5])
def test_threshold_outside_zero_one_is_refused(threshold: float) -> None:
    with pytest.raises(ValueError, match="iou_threshold"):
        layout_scores([], [], iou_threshold=threshold)


A, B, C, D = (box("Label", 0.1, y) for y in (0.1, 0.3, 0.5, 0.7))


@pytest.mark.parametrize(
    ("truth", "predicted", "expected"),
    [
        ([A, B, C], [A, B, D], (2, 1, 1, 2 / 3, 2 / 3)),  # one missing (C), one extra (D)
        ([A, B, C], [A, B], (2, 0, 1, 1.0, 2 / 3)),  # one missing
        ([A, B], [A, B, D], (2, 1, 0, 2 / 3, 1.0)),  # one extra
    ],
)
def test_missing_and_extra_boxes_give_known_precision_and_recall(
    truth: list[LabelledBox], predicted: list[LabelledBox], expected: tuple[int, int, int, float, float]
) -> None:
    score = layout_scores(truth, predicted).per_class["Label"]
    tp, fp, fn, precision, recall = expected
    assert (score.tp, score.fp, score.fn) == (tp, fp, fn)
    assert score.precision == pytest.approx(precision)
    assert score.recall == pytest.approx(recall)
    assert score.f1 == pytest.approx(2 * precision * recall / (precision + recall))


def test_class_confusion_counts_a_false_positive_and_a_false_negative() -> None:
    scores = layout_scores([box("Button", 0.1, 0.1)], [box("Link", 0.1, 0.1)])
    assert counts(scores, "Button") == (0, 0, 1)
    assert counts(scores, "Link") == (0, 1, 0)
    assert scores.scored_classes == ("Button", "Link")
    assert scores.macro_f1 == 0.0


def test_optimal_assignment_matches_more_than_greedy_best_first() -> None:
    t1, t2 = box("Button", 0.15, 0.1, 0.5), box("Button", 0.3, 0.1, 0.5)
    p1, p2 = box("Button", 0.175, 0.1, 0.475), box("Button", 0.0, 0.1, 0.5)
    iou = {(t, p): box_iou(t, p) for t in (t1, t2) for p in (p1, p2)}
    # Greedy takes the best pair (t1, p1) first and leaves (t2, p2), which is under 0.5 ...
    assert max(iou, key=iou.__getitem__) == (t1, p1)
    assert iou[t2, p2] < 0.5
    # ... while the crossed pairs are both above it.
    assert iou[t1, p2] >= 0.5 and iou[t2, p1] >= 0.5
    scores = layout_scores([t1, t2], [p1, p2])
    assert counts(scores, "Button") == (2, 0, 0)


def test_more_matches_win_over_a_larger_total_iou() -> None:
    # Equal boxes along a row: (t1, p1) 1/3, (p1, t2) 0.95, (t2, p2) 0.36, (t1, p2) 0.
    t1, p1, t2, p2 = (box("Image", x, 0.1) for x in (0.0, 0.1, 0.105, 0.2))
    assert box_iou(p1, t2) > box_iou(t1, p1) + box_iou(t2, p2)
    assert box_iou(t1, p2) < 0.3
    scores = layout_scores([t1, t2], [p1, p2], iou_threshold=0.3)
    assert counts(scores, "Image") == (2, 0, 0)


def test_labels_outside_the_classes_are_ignored_and_counted() -> None:
    scores = layout_scores([box("Slider", 0.1, 0.1), box("Button", 0.5, 0.5)], [box("Button", 0.5, 0.5)])
    assert "Slider" not in scores.per_class
    assert scores.ignored_truth == 1 and scores.ignored_predicted == 0
    assert scores.macro_f1 == 1.0


def test_nothing_on_either_side_scores_zero_with_no_scored_class() -> None:
    scores = layout_scores([], [])
    assert scores.scored_classes == ()
    assert scores.macro_f1 == 0.0
    assert tuple(scores.per_class) == SKETCH_CLASSES


def test_undefined_ratios_are_zero() -> None:
    assert ClassScore(0, 0, 3).precision == 0.0
    assert ClassScore(0, 2, 0).recall == 0.0
    assert ClassScore(0, 0, 0).f1 == 0.0


def test_combine_sums_counts_and_pools_the_macro_f1() -> None:
    first = layout_scores([box("Button", 0.1, 0.1), box("Label", 0.5, 0.5)], [box("Button", 0.1, 0.1)])
    second = layout_scores([box("Button", 0.1, 0.1)], [box("Button", 0.6, 0.6), box("Slider", 0, 0)])
    combined = LayoutScores.combine([first, second])
    assert counts(combined, "Button") == (1, 1, 1)
    assert counts(combined, "Label") == (0, 0, 1)
    assert combined.ignored_predicted == 1
    # Pooled: Button F1 0.5, Label 0 -> 0.25; the mean of the items' macro F1 would be (0.5 + 0) / 2.
    assert combined.macro_f1 == pytest.approx(0.25)
    assert LayoutScores.combine([]).scored_classes == ()


def test_combine_refuses_different_thresholds() -> None:
    loose = layout_scores([], [], iou_threshold=0.3)
    with pytest.raises(ValueError, match="different IoU thresholds"):
        LayoutScores.combine([loose, layout_scores([], [])])


def test_to_dict_is_json_with_every_class() -> None:
    data = layout_scores([A, B, C], [A, B, D]).to_dict()
    decoded = json.loads(json.dumps(data))
    assert decoded["macro_f1"] == pytest.approx(2 / 3)
    assert list(decoded["per_class"]) == list(SKETCH_CLASSES)
    assert decoded["per_class"]["Label"] == pytest.approx(
        {"tp": 2, "fp": 1, "fn": 1, "precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3}
    )


def test_to_dict_round_trips_through_json() -> None:
    scores = layout_scores([A, B, box("Slider", 0, 0)], [A, D], iou_threshold=0.3)
    back = LayoutScores.from_dict(json.loads(json.dumps(scores.to_dict())))
    assert back == scores
    assert back.threshold == 0.3 and back.ignored_truth == 1


def test_from_dict_reads_the_minimal_shape_and_combines() -> None:
    minimal = {"macro_f1": 0.5, "per_class": {"Button": {"tp": 1, "fp": 0, "fn": 1, "f1": 0.67}}}
    combined = LayoutScores.combine([LayoutScores.from_dict(minimal), LayoutScores.from_dict(minimal)])
    assert counts(combined, "Button") == (2, 0, 2)
    assert combined.threshold == 0.5


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"per_class": {"Slider": {"tp": 1}}}, "unknown class 'Slider'"),
        ({"per_class": {"Button": {"tp": -1}}}, "Button.tp must be a non-negative integer"),
        ({"per_class": {"Button": {"fp": 1.5}}}, "Button.fp must be a non-negative integer"),
        ({"per_class": []}, "'per_class' must be an object"),
        ({"threshold": "0.5"}, "'threshold' must be a number"),
    ],
)
def test_from_dict_refuses_what_to_dict_never_writes(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        LayoutScores.from_dict(data)


def test_scores_are_read_only() -> None:
    scores = layout_scores([A], [A])
    with pytest.raises(TypeError):
        scores.per_class["Label"] = ClassScore(0, 0, 0)  # type: ignore[index]


# --- element_class ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("element", "expected"),
    [
        (el("button", text="Send"), "Button"),
        (el("button", kind="reset"), "Button"),
        (el("input", kind="submit"), "Button"),
        (el("input", kind="image"), "Button"),
        (el("div", role="button", text="Go"), "Button"),
        (el("a", role="button", text="Buy"), "Button"),
        (el("input"), "TextBox"),
        (el("input", kind="email"), "TextBox"),
        (el("input", kind="password"), "TextBox"),
        (el("input", kind="date"), "TextBox"),
        (el("textarea"), "TextBox"),
        (el("div", role="textbox"), "TextBox"),
        (el("input", kind="checkbox"), "CheckBox"),
        (el("span", role="checkbox"), "CheckBox"),
        (el("input", kind="radio"), "RadioButton"),
        (el("div", role="radio"), "RadioButton"),
        (el("select"), "ComboBox"),
        (el("div", role="combobox"), "ComboBox"),
        (el("ul", role="listbox"), "ComboBox"),
        (el("img"), "Image"),
        (el("svg"), "Image"),
        (el("picture"), "Image"),
        (el("canvas"), "Image"),
        (el("video"), "Image"),
        (el("div", role="img"), "Image"),
        (el("h1", text="Title"), "Heading"),
        (el("h6"), "Heading"),
        (el("div", role="heading", text="Title"), "Heading"),
        (el("p", text="Some words."), "Paragraph"),
        (el("div", text="x" * 41), "Paragraph"),
        (el("label", text="Email"), "Label"),
        (el("label", text="x" * 60), "Label"),
        (el("span", text="Total:"), "Label"),
        (el("strong", text="Note"), "Label"),
        (el("td", text="Price"), "Label"),
        (el("div", text="x" * 40), "Label"),
        (el("a", text="Home"), "Link"),
        (el("a"), "Link"),
        (el("span", role="link", text="More"), "Link"),
        # Role tokens: the first recognised one counts.
        (el("div", role="presentation button"), "Button"),
        # Nothing to see as a widget.
        (el("div"), None),
        (el("p"), None),
        (el("label"), None),
        (el("span", text="x" * 41), None),
        (el("input", kind="file"), None),
        (el("input", kind="range"), None),
        (el("ul"), None),
        (el("path"), None),
    ],
    ids=lambda value: (
        repr(value) if not isinstance(value, Element) else f"{value.tag}/{value.role}/{value.kind}"
    ),
)
def test_element_class(element: Element, expected: str | None) -> None:
    assert element_class(element) == expected


# --- elements_to_boxes -----------------------------------------------------------------------


def labels(boxes: tuple[LabelledBox, ...]) -> list[str]:
    return [b.label for b in boxes]


def test_boxes_are_normalised_by_the_page_size() -> None:
    (button,) = elements_to_boxes([el("button", 100, 50, 200, 25, text="Send")], *PAGE)
    assert (button.left, button.top, button.width, button.height) == pytest.approx((0.1, 0.1, 0.2, 0.05))


def test_boxes_are_clipped_to_the_page_and_dropped_when_outside() -> None:
    boxes = elements_to_boxes([el("img", -100, 0, 200, 50), el("img", 1200, 0, 100, 50)], *PAGE)
    assert len(boxes) == 1
    assert (boxes[0].left, boxes[0].width) == pytest.approx((0.0, 0.1))


def test_elements_without_a_class_give_no_box() -> None:
    elements = [el("main"), el("div", depth=2), el("ul", depth=2), el("h1", text="Hi", depth=3)]
    assert labels(elements_to_boxes(elements, *PAGE)) == ["Heading"]


def test_svg_children_give_no_box() -> None:
    elements = [el("svg", 0, 0, 50, 50), el("a", 0, 0, 20, 20, depth=2), el("g", depth=2), el("img", depth=3)]
    assert labels(elements_to_boxes(elements, *PAGE)) == ["Image"]


def test_a_link_after_an_svg_is_not_inside_it() -> None:
    elements = [el("svg", 0, 0, 50, 50), el("path", depth=2), el("a", 60, 0, text="Home")]
    assert labels(elements_to_boxes(elements, *PAGE)) == ["Image", "Link"]


def test_inline_runs_belong_to_their_paragraph() -> None:
    elements = [
        el("p", 0, 0, 500, 60, text="Fresh fruit delivered daily"),
        el("strong", 10, 0, 50, 20, text="Fresh", depth=2),
        el("em", 12, 0, 20, 20, text="sh", depth=3),
        el("span", 0, 100, 80, 20, text="Total:"),  # not inside anything: a Label
    ]
    assert labels(elements_to_boxes(elements, *PAGE)) == ["Paragraph", "Label"]


def test_button_caption_and_icon_belong_to_the_button() -> None:
    elements = [
        el("button", 0, 0, 120, 40),
        el("svg", 5, 10, 20, 20, depth=2),
        el("div", 30, 10, 80, 20, depth=2),
        el("span", 30, 10, 60, 20, text="Send", depth=3),
    ]
    assert labels(elements_to_boxes(elements, *PAGE)) == ["Button"]


def test_link_in_a_heading_and_img_in_a_picture_count_once() -> None:
    elements = [
        el("h2", 0, 0, 400, 30),
        el("a", 0, 0, 200, 30, text="News", depth=2),
        el("picture", 0, 100, 300, 200),
        el("img", 0, 100, 300, 200, depth=2),
    ]
    assert labels(elements_to_boxes(elements, *PAGE)) == ["Heading", "Image"]


def test_checkbox_takes_in_its_wrapping_label() -> None:
    elements = [
        el("label", 100, 100, 150, 20, text="Football"),
        el("input", 100, 103, 13, 13, kind="checkbox", depth=2),
    ]
    (checkbox,) = elements_to_boxes(elements, *PAGE)
    assert checkbox.label == "CheckBox"
    assert (checkbox.left, checkbox.top, checkbox.width, checkbox.height) == pytest.approx(
        (0.1, 0.2, 0.15, 0.04)
    )


def test_checkboxes_take_in_the_labels_beside_them() -> None:
    elements = [
        el("input", 100, 103, 13, 13, kind="radio"),
        el("label", 120, 100, 80, 20, text="Small"),
        el("input", 300, 103, 13, 13, kind="radio"),
        el("label", 320, 100, 80, 20, text="Large"),
    ]
    boxes = elements_to_boxes(elements, *PAGE)
    assert labels(boxes) == ["RadioButton", "RadioButton"]
    assert [value for b in boxes for value in (b.left, b.width)] == pytest.approx([0.1, 0.1, 0.3, 0.1])


def test_caption_before_the_checkbox_counts_when_nothing_follows() -> None:
    elements = [el("span", 100, 100, 60, 20, text="I agree"), el("input", 165, 103, 13, 13, kind="checkbox")]
    boxes = elements_to_boxes(elements, *PAGE)
    assert labels(boxes) == ["CheckBox"]
    assert boxes[0].left == pytest.approx(0.1)


def test_label_on_another_row_stays_a_label() -> None:
    elements = [
        el("label", 100, 60, 80, 20, text="Subscribe"),
        el("input", 100, 100, 13, 13, kind="checkbox"),
    ]
    boxes = elements_to_boxes(elements, *PAGE)
    assert labels(boxes) == ["Label", "CheckBox"]
    assert boxes[1].width == pytest.approx(0.013)


def test_caption_in_a_span_inside_a_textless_label() -> None:
    elements = [
        el("div", 0, 0, 500, 100, text="Options"),
        el("label", 100, 50, 150, 20, depth=2),
        el("input", 100, 53, 13, 13, kind="checkbox", depth=3),
        el("span", 120, 50, 100, 20, text="Football", depth=3),
    ]
    boxes = elements_to_boxes(elements, *PAGE)
    # The span is not an inline run of the div (a <label> lies between), so it captions the checkbox.
    assert labels(boxes) == ["Label", "CheckBox"]
    assert (boxes[1].left, boxes[1].width) == pytest.approx((0.1, 0.12))


def test_page_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="page size"):
        elements_to_boxes([], 0, 500)


def test_rendered_form_scores_against_its_sketch() -> None:
    truth = [box("Heading", 0.0, 0.0, 0.4, 0.06), box("TextBox", 0.0, 0.2, 0.3, 0.06)]
    elements = [el("h1", 0, 0, 400, 30, text="Sign up"), el("input", 0, 100, 300, 30, kind="email")]
    scores = layout_scores(truth, elements_to_boxes(elements, *PAGE))
    assert scores.macro_f1 == 1.0


# --- load_boxes ------------------------------------------------------------------------------


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "sketch.boxes.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def raw_box(label: str = "Button", **changes: object) -> dict[str, object]:
    return {"label": label, "left": 0.1, "top": 0.2, "width": 0.3, "height": 0.05, **changes}


def test_load_boxes_reads_boxes_in_file_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        {
            "id": "x",
            "width": 900,
            "height": 1200,
            "coordinates": "normalized to [0,1]",
            "boxes": [raw_box("Heading"), raw_box("Slider", left=0, width=1.00000003), raw_box("Link")],
        },
    )
    boxes = load_boxes(path)
    assert boxes == (
        LabelledBox("Heading", 0.1, 0.2, 0.3, 0.05),
        LabelledBox("Slider", 0.0, 0.2, 1.00000003, 0.05),  # unknown labels are kept as written
        LabelledBox("Link", 0.1, 0.2, 0.3, 0.05),
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([raw_box()], "list under 'boxes'"),
        ({"boxes": {"label": "Button"}}, "list under 'boxes'"),
        ({"id": "x"}, "list under 'boxes'"),
        ({"boxes": ["Button"]}, r"box 0: expected an object"),
        ({"boxes": [raw_box(), raw_box(label="")]}, r"box 1: 'label'"),
        ({"boxes": [{"left": 0, "top": 0, "width": 0.1, "height": 0.1}]}, "'label'"),
        ({"boxes": [raw_box(top="0.2")]}, r"'top' must be a finite number"),
        ({"boxes": [raw_box(width=True)]}, r"'width' must be a finite number"),
        ({"boxes": [raw_box(height=None)]}, r"'height' must be a finite number"),
        ({"boxes": [raw_box(width=0)]}, "must be positive"),
        ({"boxes": [raw_box(left=90, top=120, width=300, height=50)]}, "normalised"),
        ({"boxes": [raw_box(left=0.9, width=0.2)]}, "outside 0..1"),
    ],
)
def test_load_boxes_refuses_malformed_files(tmp_path: Path, data: object, message: str) -> None:
    path = write(tmp_path, data)
    with pytest.raises(ValueError, match=message) as caught:
        load_boxes(path)
    assert str(path) in str(caught.value)


def test_load_boxes_refuses_text_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.boxes.json"
    path.write_text('{"boxes": [', encoding="utf-8")
    with pytest.raises(ValueError, match="not valid JSON"):
        load_boxes(path)


def test_load_boxes_refuses_nan(tmp_path: Path) -> None:
    path = tmp_path / "nan.boxes.json"
    path.write_text('{"boxes": [{"label": "Image", "left": NaN, "top": 0, "width": 0.1, "height": 0.1}]}')
    with pytest.raises(ValueError, match="'left' must be a finite number"):
        load_boxes(path)
