"""The accessibility report's logic: the check vocabulary, the share of checks passed, the totals
over many pages (as ``summary.json`` has them), the stored form and the overlay."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from converters.a11y import CHECK_KEYS, CHECKS, A11yReport, A11yTotals, CheckResult, Contrast, Finding
from converters.a11y.overlay import FINDING, draw_a11y_overlay, numbered
from converters.a11y.vocabulary import AXE_RULES, CHECK_OF_RULE, KEYBOARD
from converters.evaluation.results import ItemResult
from converters.evaluation.summary import render_markdown, summarise
from tests.builders import encode


def report(**outcomes: tuple[int, int]) -> A11yReport:
    """A report with ``key=(passed, failed)`` for the checks named; the others did not apply."""
    return A11yReport(tuple(CheckResult(key, *outcomes.get(key, (0, 0))) for key in CHECK_KEYS))


def test_every_check_has_a_key_a_label_an_explanation_and_its_own_rules() -> None:
    assert CHECK_KEYS == (
        "contrast",
        "image_alt",
        "form_labels",
        "button_names",
        "link_names",
        "heading_order",
        "landmarks",
        "keyboard",
    )
    for check in CHECKS:
        assert check.key.isidentifier() and check.label and check.explanation.endswith(".")
    assert len(set(AXE_RULES)) == len(AXE_RULES)  # no rule counts towards two checks
    assert CHECK_OF_RULE["color-contrast"] == "contrast" and CHECK_OF_RULE["region"] == "landmarks"
    assert KEYBOARD.rules == ()  # ours: the renderer's Tab walk
    assert len({check.label for check in CHECKS}) == len(CHECKS)


def test_the_share_is_checks_passed_over_checks_that_apply() -> None:
    # Contrast passes (12 elements), link names fail (1 of 40), landmarks fail; the rest do not apply.
    page = report(contrast=(12, 0), link_names=(39, 1), landmarks=(3, 2))
    assert [c.outcome for c in page.checks] == [True, None, None, None, False, None, False, None]
    assert page.share == pytest.approx(1 / 3)
    # One failing element fails its check as forty would: each check weighs the same.
    assert report(contrast=(12, 0), link_names=(0, 40), landmarks=(3, 2)).share == pytest.approx(1 / 3)


def test_undecided_elements_neither_pass_nor_fail_a_check_and_no_check_means_no_share() -> None:
    undecided = A11yReport((CheckResult("contrast", unsure=5), CheckResult("landmarks", passed=1)))
    assert undecided.check("contrast").outcome is None and undecided.share == 1.0
    assert report().share is None
    assert A11yReport((), error="the checker failed").share is None
    assert undecided.check("keyboard") == CheckResult("keyboard")  # a check it lacks did not apply


def test_a_report_survives_its_json_form() -> None:
    original = A11yReport(
        (CheckResult("contrast", 3, 1, 2), CheckResult("landmarks", 1, 1)),
        (
            Finding(
                "contrast",
                "main > p",
                'p "Faint"',
                "Low contrast",
                (1, 2, 3, 4),
                Contrast(2.1, 4.5, "#aaa", "#fff"),
            ),
            Finding("landmarks", "html", "the page", "No main landmark"),
        ),
    )
    stored = json.loads(json.dumps(original.to_dict()))
    assert stored["share"] == 0.0 and stored["checks"]["contrast"]["outcome"] is False
    assert A11yReport.from_dict(stored) == original


def test_totals_count_pages_per_check_and_average_the_shares() -> None:
    pages = [
        report(contrast=(5, 0), landmarks=(2, 0)),  # 100 %
        report(contrast=(5, 2), landmarks=(2, 0), keyboard=(3, 1)),  # 1 of 3
        report(),  # nothing applies: no share, counted as a page
        A11yReport((), error="the checker failed"),
    ]
    totals = A11yTotals.of(pages)

    assert totals.pages == 4 and totals.errors == 1
    assert totals.mean == pytest.approx((1 + 1 / 3) / 2)
    contrast = totals.checks["contrast"]
    assert (contrast.passed, contrast.failed, contrast.not_applicable, contrast.elements_failed) == (
        1,
        1,
        1,
        2,
    )
    keyboard = totals.checks["keyboard"]
    assert (keyboard.passed, keyboard.failed, keyboard.not_applicable, keyboard.elements_failed) == (
        0,
        1,
        2,
        1,
    )
    assert set(totals.to_dict()["checks"]) == set(CHECK_KEYS)


def test_summary_json_has_the_a11y_mean_and_counts_for_the_run_and_the_reference_pages() -> None:
    ours = report(contrast=(5, 0), landmarks=(2, 0)).to_dict()
    theirs = report(contrast=(5, 1), landmarks=(2, 0)).to_dict()
    items = [
        ItemResult(
            "1", "", "offline", "ok", scores={"a11y": 1.0}, details={"a11y": ours, "reference_a11y": theirs}
        ),
        ItemResult("2", "", "offline", "failed", error="no candidate"),
    ]
    summary = summarise(items, {}, {"source": "offline"})

    assert summary["means"]["a11y"] == 1.0 and summary["a11y"]["mean"] == 1.0
    assert summary["a11y"]["pages"] == 1  # the failed item has no report
    assert summary["a11y"]["checks"]["contrast"]["passed"] == 1
    assert summary["a11y_references"]["mean"] == pytest.approx(0.5)
    assert summary["a11y_references"]["checks"]["contrast"]["failed"] == 1
    markdown = render_markdown(summary)
    assert "## Accessibility" in markdown
    assert "| Text contrast | 0 / 1 (0) | 1 / 1 (1) |" in markdown


def test_the_overlay_numbers_each_boxed_finding_on_the_page() -> None:
    png = encode(Image.new("RGB", (400, 300), "white"), "PNG")
    findings = [
        Finding("landmarks", "html", "the page", "No main landmark"),  # number 1, no box
        Finding("contrast", "p", 'p "Faint"', "Low contrast", (100, 150, 100, 40)),
        Finding("link_names", "a", "a", "Empty link", (300, 20, 0, 18)),  # 0 px wide: still drawn
    ]
    assert [number for number, _ in numbered(findings)] == [1, 2, 3]

    with Image.open(io.BytesIO(draw_a11y_overlay(png, 400, findings, width=200))) as drawn:
        image = drawn.convert("RGB")
    assert image.size == (200, 150)
    assert image.getpixel((50, 95)) == FINDING  # the contrast box's bottom edge, at half scale
    assert image.getpixel((75, 85)) != (255, 255, 255)  # tinted inside
    assert any(image.getpixel((150, y)) == FINDING for y in range(8, 20))  # the empty link
    assert image.getpixel((10, 140)) == (255, 255, 255)  # nothing where there is no finding
