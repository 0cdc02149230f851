"""Design2Code block scores on synthetic text blocks (no browser)."""

from __future__ import annotations

import dataclasses
import difflib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from skimage.color import deltaE_ciede2000, rgb2lab

from converters.fidelity import BlockScores, score_blocks
from converters.fidelity.scores import MIN_SIMILARITY, TextSimilarities, text_similarity
from converters.render.types import TextBlock

PAGE = (1000, 800)
BLACK = (0, 0, 0)
RED = (255, 0, 0)


def block(text: str, x: float, y: float, w: float = 200, h: float = 40, color=BLACK) -> TextBlock:
    return TextBlock(text=text, x=x, y=y, width=w, height=h, color=color)


# Long texts (autojunk starts at 200 characters) from a small alphabet (many repeats, many ties).
_texts = st.text(alphabet="abc de\u00e9\u4e2d", max_size=450)


@given(_texts, _texts)
def test_text_similarity_is_difflibs_ratio_to_the_last_bit(a: str, b: str) -> None:
    # Design2Code's scores are difflib's; the compiled matcher must not move them at all.
    assert text_similarity(a, b) == difflib.SequenceMatcher(None, a, b).ratio()


@given(st.lists(st.tuples(_texts, _texts), max_size=12))
def test_kept_similarities_are_difflibs_ratio_in_any_order_of_pairs(pairs: list[tuple[str, str]]) -> None:
    # One matcher per second text is given every first text in turn; nothing may carry over.
    similarities = TextSimilarities()
    for a, b in [*pairs, *((b, a) for a, b in pairs), *pairs]:
        assert similarities(a, b) == difflib.SequenceMatcher(None, a, b).ratio()


def page() -> list[TextBlock]:
    """Four blocks of equal area, each with distinct text."""
    return [
        block("Welcome to our store", 100, 50),
        block("Fresh fruit delivered daily", 100, 150),
        block("Contact us for wholesale prices", 100, 250),
        block("Copyright 2024 Orchard Ltd", 100, 650),
    ]


def scores_tuple(s: BlockScores) -> tuple[float, float, float, float]:
    return s.block, s.text, s.position, s.color


def test_identical_blocks_score_one_on_all_four() -> None:
    s = score_blocks(page(), PAGE, page(), PAGE)
    assert scores_tuple(s) == pytest.approx((1.0, 1.0, 1.0, 1.0))
    assert [(m.reference, m.candidate) for m in s.matches] == [((i,), (i,)) for i in range(4)]
    assert s.missing == () and s.extra == ()


def test_same_layout_on_a_page_of_another_size_scores_one() -> None:
    scaled = [
        dataclasses.replace(b, x=b.x * 2, y=b.y * 2, width=b.width * 2, height=b.height * 2) for b in page()
    ]
    s = score_blocks(page(), PAGE, scaled, (2000, 1600))
    assert scores_tuple(s) == pytest.approx((1.0, 1.0, 1.0, 1.0))


def test_empty_candidate_scores_zero() -> None:
    s = score_blocks(page(), PAGE, [], PAGE)
    assert scores_tuple(s) == (0.0, 0.0, 0.0, 0.0)
    assert s.matches == () and s.missing == (0, 1, 2, 3) and s.extra == ()


def test_empty_reference_scores_zero_and_lists_candidates_as_extra() -> None:
    s = score_blocks([], PAGE, page(), PAGE)
    assert scores_tuple(s) == (0.0, 0.0, 0.0, 0.0)
    assert s.extra == (0, 1, 2, 3)
    assert scores_tuple(score_blocks([], PAGE, [], PAGE)) == (0.0, 0.0, 0.0, 0.0)


def test_shift_by_a_tenth_of_the_width_costs_position_only() -> None:
    shifted = [dataclasses.replace(b, x=b.x + 0.1 * PAGE[0]) for b in page()]
    s = score_blocks(page(), PAGE, shifted, PAGE)
    assert s.text == pytest.approx(1.0)
    assert s.block == pytest.approx(1.0)
    assert s.color == pytest.approx(1.0)
    assert s.position == pytest.approx(0.9)


def test_vertical_shift_is_normalised_by_page_height() -> None:
    shifted = [dataclasses.replace(b, y=b.y + 0.25 * PAGE[1]) for b in page()]
    assert score_blocks(page(), PAGE, shifted, PAGE).position == pytest.approx(0.75)


def test_red_instead_of_black_costs_color_by_ciede2000() -> None:
    red = [dataclasses.replace(b, color=RED) for b in page()]
    s = score_blocks(page(), PAGE, red, PAGE)
    delta = float(
        deltaE_ciede2000(rgb2lab(np.array([[0.0, 0.0, 0.0]])), rgb2lab(np.array([[1.0, 0.0, 0.0]])))[0]
    )
    assert 30 < delta < 70  # sanity: a large but not saturating difference
    assert s.color == pytest.approx(1 - delta / 100)
    assert (s.block, s.text, s.position) == pytest.approx((1.0, 1.0, 1.0))


def test_deleting_one_of_four_equal_blocks_costs_its_area_once() -> None:
    ref = page()
    cand = ref[:2] + ref[3:]
    s = score_blocks(ref, PAGE, cand, PAGE)
    a = 200 * 40 / (PAGE[0] * PAGE[1])
    matched = 3 * a + 3 * a  # three blocks on each side
    unmatched = a  # the deleted block, on the reference side only
    assert s.block == pytest.approx(matched / (matched + unmatched))
    assert s.block == pytest.approx(6 / 7)
    assert s.missing == (2,) and s.extra == ()
    assert (s.text, s.position, s.color) == pytest.approx((1.0, 1.0, 1.0))


def test_extra_candidate_block_counts_on_the_candidate_side() -> None:
    cand = [*page(), block("Subscribe to our newsletter today", 500, 700, w=400)]
    s = score_blocks(page(), PAGE, cand, PAGE)
    a = 200 * 40 / (PAGE[0] * PAGE[1])
    assert s.block == pytest.approx(8 * a / (8 * a + 2 * a))
    assert s.extra == (4,) and s.missing == ()


def test_reference_block_split_in_two_candidate_blocks_is_merged() -> None:
    ref = [block("Hello world", 100, 100, w=220)]
    cand = [block("Hello", 100, 100, w=100), block("world", 220, 100, w=100)]
    s = score_blocks(ref, PAGE, cand, PAGE)
    assert len(s.matches) == 1
    match = s.matches[0]
    assert match.reference == (0,) and match.candidate == (0, 1)
    assert match.similarity == pytest.approx(1.0)
    assert s.missing == () and s.extra == ()
    assert s.block == pytest.approx(1.0)
    # Union box of the candidate group: x 100..320 vs 100..320: same centre.
    assert s.position == pytest.approx(1.0)


def test_candidate_block_split_on_the_reference_side_is_merged() -> None:
    ref = [block("Our", 100, 100), block("quick brown", 100, 150), block("fox jumps", 100, 200)]
    cand = [block("Our quick brown fox jumps", 100, 100, h=140)]
    s = score_blocks(ref, PAGE, cand, PAGE)
    assert [(m.reference, m.candidate) for m in s.matches] == [((0, 1, 2), (0,))]
    assert s.text == pytest.approx(1.0)


def test_merging_does_not_swallow_unrelated_neighbours() -> None:
    ref = [block("Pricing", 100, 100), block("Zebra", 100, 200)]
    cand = [block("Pricing", 100, 100)]
    s = score_blocks(ref, PAGE, cand, PAGE)
    assert [(m.reference, m.candidate) for m in s.matches] == [((0,), (0,))]
    assert s.missing == (1,)


def test_pairs_under_half_similar_are_not_matched() -> None:
    ref = [block("About our company", 100, 100)]
    cand = [block("Buy now", 100, 100)]
    assert text_similarity("About our company", "Buy now") < MIN_SIMILARITY
    s = score_blocks(ref, PAGE, cand, PAGE)
    assert s.matches == ()
    assert s.missing == (0,) and s.extra == (0,)
    assert scores_tuple(s) == (0.0, 0.0, 0.0, 0.0)


def test_assignment_maximises_total_similarity() -> None:
    ref = [block("Sign in", 0, 0), block("Sign up", 0, 100)]
    cand = [block("Sign up", 0, 100), block("Sign in", 0, 0)]
    s = score_blocks(ref, PAGE, cand, PAGE)
    assert sorted((m.reference, m.candidate) for m in s.matches) == [((0,), (1,)), ((1,), (0,))]
    assert scores_tuple(s) == pytest.approx((1.0, 1.0, 1.0, 1.0))


def test_partial_text_similarity_is_the_mean_over_matches() -> None:
    ref = [block("Welcome home", 0, 0), block("Contact", 0, 100)]
    cand = [block("Welcome hom", 0, 0), block("Contact", 0, 100)]
    s = score_blocks(ref, PAGE, cand, PAGE)
    assert s.text == pytest.approx((text_similarity("Welcome home", "Welcome hom") + 1.0) / 2)


def test_non_positive_page_size_is_rejected() -> None:
    with pytest.raises(ValueError, match="ref_size"):
        score_blocks(page(), (0, 800), page(), PAGE)


def test_texts_are_compared_in_lower_case_as_design2code_does() -> None:
    reference = [TextBlock("The Stampin' Pad", 10, 10, 200, 20, (0, 0, 0))]
    candidate = [TextBlock("THE STAMPIN' PAD", 10, 10, 200, 20, (0, 0, 0))]
    scores = score_blocks(reference, (1280, 720), candidate, (1280, 720))
    assert scores.text == 1.0 and scores.block == 1.0


def test_similarities_kept_from_other_candidates_change_no_score() -> None:
    reference = page()
    candidates = [
        [block("Welcome to the store", 100, 60), block("Fresh fruit daily", 120, 150)],
        [*page()[:2], block("Contact us for wholesale", 100, 260), block("Copyright Orchard", 90, 640)],
        [block("Fresh fruit", 100, 150), block("delivered daily", 320, 150), *page()[2:]],
    ]
    kept = TextSimilarities()

    for candidate in candidates:
        assert score_blocks(reference, PAGE, candidate, PAGE, similarities=kept) == score_blocks(
            reference, PAGE, candidate, PAGE
        )
    compared = len(kept)
    score_blocks(reference, PAGE, candidates[1], PAGE, similarities=kept)
    assert compared > 0 and len(kept) == compared  # a candidate seen before compares nothing anew
