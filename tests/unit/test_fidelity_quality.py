"""Code-quality scores on hand-built page structures (no browser)."""

from __future__ import annotations

import json

import pytest

from converters.fidelity.quality import (
    QualityScores,
    Semantics,
    absolute_share,
    quality_scores,
    reflow_passed,
    reflow_problems,
    semantic_checks,
    tree_bleu,
)
from converters.fidelity.vocabulary import QUALITY_SCORES
from converters.render.types import Element, PageStructure, ReflowCheck


def el(tag: str, text: str = "", *, role: str = "", kind: str = "", position: str = "static") -> Element:
    return Element(
        tag=tag, role=role, kind=kind, position=position, x=0, y=0, width=100, height=20, text=text, depth=1
    )


def page(
    *elements: Element, subtrees: tuple[str, ...] = (), reflow: tuple[ReflowCheck, ...] = ()
) -> PageStructure:
    return PageStructure(elements=elements, subtrees=subtrees, reflow=reflow)


def good_page() -> PageStructure:
    """A small page that passes every semantic check on its own."""
    return page(
        el("header"),
        el("nav"),
        el("a", "Home"),
        el("main"),
        el("h1", "Orchard"),
        el("p", "Fresh fruit delivered daily."),
        el("h2", "Order"),
        el("input", kind="email"),
        el("button", "Send"),
        el("img"),
        el("footer", "© 2024"),
        subtrees=(
            "body>header,main,footer",
            "header>nav",
            "nav>a",
            "main>h1,p,h2,form,img",
            "form>input,button",
        ),
    )


def ok(width: int) -> ReflowCheck:
    return ReflowCheck(width=width, overflow_px=0.0, overlaps=0, clipped=0)


# absolute_share


def test_absolute_share_counts_absolute_and_fixed_but_not_relative_or_sticky() -> None:
    structure = page(
        el("div", position="absolute"),
        el("div", position="fixed"),
        el("div", position="relative"),
        el("div", position="sticky"),
        el("div"),
    )
    assert absolute_share(structure) == pytest.approx(2 / 5)


def test_absolute_share_of_a_dump_of_positioned_lines_is_one() -> None:
    structure = page(*(el("div", f"line {i}", position="absolute") for i in range(10)))
    assert absolute_share(structure) == 1.0


def test_absolute_share_without_elements_is_zero() -> None:
    assert absolute_share(page()) == 0.0


# reflow


def test_reflow_is_none_without_checks() -> None:
    assert reflow_passed(page(el("p", "x"))) is None


def test_reflow_passes_when_every_check_passes() -> None:
    # 1 px of overflow is rounding, still a pass.
    checks = (ok(768), ReflowCheck(width=375, overflow_px=1.0, overlaps=0, clipped=0))
    assert reflow_passed(page(el("p", "x"), reflow=checks)) is True


@pytest.mark.parametrize(
    "failing",
    [
        ReflowCheck(width=375, overflow_px=240.0, overlaps=0, clipped=0),
        ReflowCheck(width=375, overflow_px=0.0, overlaps=3, clipped=0),
        ReflowCheck(width=375, overflow_px=0.0, overlaps=0, clipped=1),
        ReflowCheck(width=1024, overflow_px=0.0, overlaps=0, clipped=0, squeezed=2),
    ],
)
def test_reflow_fails_when_any_check_fails(failing: ReflowCheck) -> None:
    assert reflow_passed(page(el("p", "x"), reflow=(ok(768), failing))) is False


def test_text_squeezed_at_full_width_already_is_not_held_against_a_narrower_width() -> None:
    check = ReflowCheck(width=768, overflow_px=0.0, overlaps=0, clipped=0, squeezed=1, squeezed_at_full=1)
    assert check.passed and reflow_problems(check) == []
    worse = ReflowCheck(width=768, overflow_px=0.0, overlaps=0, clipped=0, squeezed=3, squeezed_at_full=1)
    assert not worse.passed
    assert reflow_problems(worse) == ["3 texts squeezed narrower than their words"]


# tree_bleu


def test_tree_bleu_of_identical_subtrees_is_one() -> None:
    subtrees = ["body>header,main", "ul>li,li,li", "ul>li,li,li", "main>h1,p"]
    assert tree_bleu(subtrees, list(subtrees)) == 1.0


def test_tree_bleu_of_disjoint_subtrees_is_zero() -> None:
    assert tree_bleu(["ul>li,li", "main>h1,p"], ["body>div,div,div", "div>span"]) == 0.0


def test_tree_bleu_is_the_share_of_reference_subtrees_found() -> None:
    reference = ["body>header,main,footer", "main>h1,p", "ul>li,li", "nav>a,a"]
    candidate = ["body>header,main,footer", "main>h1,p", "body>div", "div>div,div"]
    assert tree_bleu(reference, candidate) == pytest.approx(2 / 4)


def test_tree_bleu_clips_repeats_to_the_reference_count() -> None:
    reference = ["li>a", "li>a", "ul>li,li", "main>h1,p"]
    candidate = ["li>a"] * 5
    # Only two of the five "li>a" match; without clipping this would be 5/4.
    assert tree_bleu(reference, candidate) == pytest.approx(2 / 4)


def test_tree_bleu_counts_reference_repeats_missing_from_the_candidate() -> None:
    assert tree_bleu(["li>a"] * 4, ["li>a"]) == pytest.approx(1 / 4)


def test_tree_bleu_is_none_for_a_reference_without_subtrees() -> None:
    assert tree_bleu([], ["body>div"]) is None


# semantic checks: landmarks


def test_landmarks_pass_with_main_and_header_tags() -> None:
    assert semantic_checks(good_page()).landmarks is True


def test_landmarks_pass_with_roles_on_divs() -> None:
    structure = page(el("div", role="banner"), el("div", "Hello", role="main"))
    assert semantic_checks(structure).landmarks is True


def test_landmarks_fail_without_main() -> None:
    structure = page(el("header"), el("div", "Hello"), el("footer"))
    assert semantic_checks(structure).landmarks is False


def test_landmarks_fail_with_main_alone() -> None:
    assert semantic_checks(page(el("main"), el("p", "Hello"))).landmarks is False


def test_checks_needing_text_do_not_apply_to_a_page_without_text() -> None:
    semantics = semantic_checks(page(el("div"), el("div", "   ")))
    assert semantics.landmarks is None
    assert semantics.headings is None


# semantic checks: headings


def test_headings_pass_stepping_down_one_level_and_back_up_any() -> None:
    structure = page(el("h1", "A"), el("h2", "B"), el("h3", "C"), el("h2", "D"), el("h3", "E"), el("h1", "F"))
    assert semantic_checks(structure).headings is True


def test_headings_pass_starting_at_h2() -> None:
    assert semantic_checks(page(el("h2", "A"), el("h3", "B"))).headings is True


def test_headings_fail_when_a_level_is_skipped() -> None:
    assert semantic_checks(page(el("h1", "A"), el("h3", "B"))).headings is False


def test_headings_fail_when_the_first_is_below_h2() -> None:
    assert semantic_checks(page(el("h3", "A"), el("h4", "B"))).headings is False


def test_headings_fail_without_any_heading() -> None:
    structure = page(el("div", "Big title", role="heading"), el("p", "Text"))
    assert semantic_checks(structure).headings is False


def test_headings_do_not_apply_when_the_reference_has_none() -> None:
    reference = page(el("p", "Just text"))
    assert semantic_checks(page(el("p", "Just text")), reference).headings is None


def test_headings_apply_when_the_reference_has_some() -> None:
    reference = page(el("h1", "Title"), el("p", "Text"))
    assert semantic_checks(page(el("div", "Title"), el("p", "Text")), reference).headings is False


# semantic checks: controls


def test_controls_do_not_apply_without_reference_or_faked_controls() -> None:
    assert semantic_checks(good_page()).controls is None


@pytest.mark.parametrize(
    ("tag", "role"),
    [("div", "button"), ("span", "checkbox"), ("a", "button"), ("div", "textbox"), ("ul", "listbox")],
)
def test_controls_fail_on_a_role_faked_control(tag: str, role: str) -> None:
    structure = page(el("p", "Pick one"), el(tag, "Go", role=role))
    assert semantic_checks(structure).controls is False


def test_controls_accept_a_role_on_a_native_control() -> None:
    reference = page(el("input", kind="checkbox"))
    candidate = page(el("input", kind="checkbox", role="switch"))
    assert semantic_checks(candidate, reference).controls is True


def test_controls_pass_with_at_least_half_the_reference_controls_of_each_kind() -> None:
    reference = page(*(el("input", kind="text") for _ in range(4)), el("button", "Send"), el("select"))
    # Two text fields (an email input counts as one), a submit input as the button, the select.
    candidate = page(
        el("input", kind="text"), el("input", kind="email"), el("input", kind="submit"), el("select")
    )
    assert semantic_checks(candidate, reference).controls is True


def test_controls_fail_with_fewer_than_half_the_reference_inputs() -> None:
    reference = page(*(el("input", kind="text") for _ in range(4)))
    candidate = page(el("input", kind="text"), el("div", "field"), el("div", "field"), el("div", "field"))
    assert semantic_checks(candidate, reference).controls is False


def test_controls_fail_when_a_kind_is_missing_even_if_others_abound() -> None:
    reference = page(el("textarea"), el("button", "Send"))
    candidate = page(el("input", kind="text"), el("input", kind="text"), el("button", "Send"))
    assert semantic_checks(candidate, reference).controls is False


def test_controls_fail_on_a_faked_control_even_when_counts_are_met() -> None:
    reference = page(el("button", "Send"))
    candidate = page(el("button", "Send"), el("div", "Cancel", role="button"))
    assert semantic_checks(candidate, reference).controls is False


# semantic checks: images


def test_images_do_not_apply_without_a_reference() -> None:
    assert semantic_checks(good_page()).images is None


def test_images_do_not_apply_when_the_reference_has_none() -> None:
    assert semantic_checks(good_page(), page(el("p", "text only"))).images is None


def test_images_pass_with_at_least_half_as_many() -> None:
    reference = page(el("img"), el("img"), el("svg"), el("video"))
    candidate = page(el("img"), el("svg"), el("div", "Photo"))
    assert semantic_checks(candidate, reference).images is True


def test_images_fail_when_the_candidate_has_none() -> None:
    reference = page(el("img"), el("picture"), el("canvas"))
    candidate = page(el("div", "Photo"), el("div", "Chart"))
    assert semantic_checks(candidate, reference).images is False


# semantic score


def test_score_is_the_share_of_applicable_checks_passed() -> None:
    assert Semantics(landmarks=True, headings=False, controls=None, images=True).score == pytest.approx(2 / 3)


def test_score_is_none_when_no_check_applies() -> None:
    semantics = semantic_checks(page())
    assert semantics == Semantics(landmarks=None, headings=None, controls=None, images=None)
    assert semantics.score is None


def test_score_of_a_positioned_dump_against_a_real_page() -> None:
    reference = good_page()
    dump = page(
        *(el("div", line, position="absolute") for line in ("Orchard", "Fresh fruit", "Send", "© 2024"))
    )
    semantics = semantic_checks(dump, reference)
    # landmarks, headings, controls (input and button missing) and images all fail.
    assert semantics == Semantics(landmarks=False, headings=False, controls=False, images=False)
    assert semantics.score == 0.0


def test_good_page_scores_one_against_itself() -> None:
    semantics = semantic_checks(good_page(), good_page())
    assert semantics == Semantics(landmarks=True, headings=True, controls=True, images=True)
    assert semantics.score == 1.0


# quality_scores and to_dict


def test_quality_scores_without_reference_has_no_tree_bleu() -> None:
    scores = quality_scores(good_page())
    assert scores.tree_bleu is None
    assert scores.reflow is None
    assert scores.reflow_checks == ()
    assert scores.absolute_share == 0.0


def test_quality_scores_against_a_reference() -> None:
    failing = ReflowCheck(width=375, overflow_px=12.5, overlaps=2, clipped=0)
    candidate = page(
        *good_page().elements[:-1],
        el("footer", "© 2024", position="fixed"),
        subtrees=good_page().subtrees[:4],
        reflow=(ok(768), failing),
    )
    scores = quality_scores(candidate, good_page())
    assert scores.absolute_share == pytest.approx(1 / 11)
    assert scores.reflow is False
    assert scores.reflow_checks == (ok(768), failing)
    assert scores.tree_bleu == pytest.approx(4 / 5)
    assert scores.semantics.score == 1.0


def test_to_dict_is_plain_json_with_every_explained_score() -> None:
    failing = ReflowCheck(width=375, overflow_px=12.5, overlaps=2, clipped=0)
    candidate = page(*good_page().elements, subtrees=good_page().subtrees, reflow=(ok(768), failing))
    scores = quality_scores(candidate, good_page())
    data = scores.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert {score.key for score in QUALITY_SCORES} <= set(data)
    assert data["reflow_checks"] == [
        {
            "width": 768,
            "overflow_px": 0.0,
            "overlaps": 0,
            "clipped": 0,
            "overlaps_at_full": 0,
            "clipped_at_full": 0,
            "squeezed": 0,
            "squeezed_at_full": 0,
            "passed": True,
        },
        {
            "width": 375,
            "overflow_px": 12.5,
            "overlaps": 2,
            "clipped": 0,
            "overlaps_at_full": 0,
            "clipped_at_full": 0,
            "squeezed": 0,
            "squeezed_at_full": 0,
            "passed": False,
        },
    ]
    assert data["semantics"] == {
        "landmarks": True,
        "headings": True,
        "controls": True,
        "images": True,
        "score": 1.0,
    }
    assert data["tree_bleu"] == 1.0
    assert data["reflow"] is False


def test_to_dict_keeps_none_as_null() -> None:
    data = QualityScores(
        absolute_share=0.0,
        reflow=None,
        reflow_checks=(),
        semantics=Semantics(landmarks=None, headings=None, controls=None, images=None),
        tree_bleu=None,
    ).to_dict()
    assert json.dumps(data) == (
        '{"absolute_share": 0.0, "reflow": null, "reflow_checks": [], "semantics": {"landmarks": null, '
        '"headings": null, "controls": null, "images": null, "score": null}, "tree_bleu": null}'
    )
