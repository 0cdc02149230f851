"""The one list of scores (``converters.fidelity.vocabulary``): its keys, names and explanations,
the combined score, and the contracts that read it."""

from __future__ import annotations

import pytest

from converters.evaluation.results import ItemResult
from converters.evaluation.summary import render_markdown, summarise
from converters.fidelity import vocabulary
from converters.fidelity.vocabulary import (
    ALL_SCORES,
    FIDELITY_KEYS,
    FIDELITY_SCORES,
    SCORE_KEYS,
    SCORES,
    combined_score,
    has_fidelity,
)
from tests.fakes.fidelity import scored_conversion


def test_the_five_fidelity_scores_in_order_then_the_code_quality_ones() -> None:
    assert FIDELITY_KEYS == ("block", "text", "position", "color", "visual")
    # The order of summary.json, the item results and summary.md's columns: stored, do not reorder.
    assert SCORE_KEYS == (
        "block",
        "text",
        "position",
        "color",
        "visual",
        "absolute_share",
        "reflow",
        "tree_bleu",
        "semantics",
    )
    assert [score.label for score in FIDELITY_SCORES] == ["Block", "Text", "Position", "Color", "Visual"]
    assert list(SCORES) == list(SCORE_KEYS) and all(SCORES[s.key] is s for s in ALL_SCORES)


@pytest.mark.parametrize("score", ALL_SCORES, ids=lambda score: score.key)
def test_every_score_has_a_label_a_column_and_a_one_line_explanation(score: vocabulary.Score) -> None:
    assert score.key.isidentifier() and score.key.islower()
    for text in (score.label, score.column, score.explanation):
        assert text.strip() == text and text and "\n" not in text
    assert score.explanation.endswith(".")


def test_labels_are_distinct_and_only_absolute_share_is_better_low() -> None:
    assert len({score.label for score in ALL_SCORES}) == len(ALL_SCORES)
    assert [score.key for score in ALL_SCORES if not score.higher_is_better] == ["absolute_share"]
    assert [score.key for score in ALL_SCORES if score.kind == "pass_fail"] == ["reflow"]
    assert all(score.higher_is_better and score.kind == "fraction" for score in FIDELITY_SCORES)


def test_the_combined_score_is_the_mean_of_the_five_fidelity_scores() -> None:
    scores = {"block": 0.9, "text": 0.95, "position": 0.8, "color": 0.7, "visual": 0.6}
    assert combined_score(scores) == pytest.approx(0.79)
    # Code-quality scores do not count, however bad.
    assert combined_score(
        {**scores, "absolute_share": 1.0, "reflow": 0.0, "semantics": None}
    ) == pytest.approx(0.79)


def test_a_missing_or_unmeasured_fidelity_score_counts_as_zero() -> None:
    assert combined_score({"block": 1.0, "text": 1.0}) == pytest.approx(0.4)
    assert combined_score({"block": 1.0, "text": 1.0, "visual": None}) == pytest.approx(0.4)
    assert combined_score({}) == 0.0
    assert not has_fidelity({"block": 1.0, "text": 1.0, "position": 1.0, "color": 1.0})
    assert not has_fidelity({"block": 1.0, "text": 1.0, "position": 1.0, "color": 1.0, "visual": None})
    assert has_fidelity(dict.fromkeys(FIDELITY_KEYS, 0.0))


def test_a_reports_scores_are_keyed_and_ordered_by_the_vocabulary() -> None:
    report = scored_conversion().report
    assert list(report.scores()) == list(SCORE_KEYS)
    assert combined_score(report.scores()) == pytest.approx(0.79)  # the badge's 79%
    assert report.to_dict()["scores"] == report.scores()


def test_summary_md_titles_its_columns_as_runs_and_the_readme_print_them() -> None:
    scores = dict.fromkeys(SCORE_KEYS, 0.5)
    item = ItemResult(id="1", category="", source="offline", status="ok", scores=dict(scores))
    table = render_markdown(summarise([item], {}, {"source": "offline"}))
    assert (
        "| run | n | failed | Block | Text | Position | Color | Visual | abs. share | reflow | TreeBLEU "
        "| semantics |"
    ) in table.splitlines()
