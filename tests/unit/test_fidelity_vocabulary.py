"""The one list of scores (``converters.fidelity.vocabulary``): its keys, names and explanations,
the combined score, the contracts that read it, and that no other module keeps a list of its own."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Final

import pytest

from converters.evaluation.results import ItemResult
from converters.evaluation.summary import render_markdown, summarise
from converters.fidelity import vocabulary
from converters.fidelity.vocabulary import (
    ALL_SCORES,
    FIDELITY_KEYS,
    FIDELITY_SCORES,
    QUALITY_SCORES,
    SCORE_KEYS,
    SCORES,
    combined_score,
    has_fidelity,
)
from tests.fakes.fidelity import scored_conversion

ROOT: Final = Path(__file__).resolve().parents[2]
SCANNED: Final = (ROOT / "converters", ROOT / "ui", ROOT / "pages", ROOT / "app.py")
"""The app and the library: where a second list of score names would drift from this one."""


def test_the_five_fidelity_scores_in_order_then_the_code_quality_ones_then_accessibility() -> None:
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
        "a11y",
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
        "| semantics | a11y |"
    ) in table.splitlines()


# --- no second list ---------------------------------------------------------------------------------

LABELS: Final = frozenset(text for s in ALL_SCORES for text in (s.label, s.column)) - set(SCORE_KEYS)
"""Names for people that are not also keys ("reflow" names a column and is the key too)."""


def _modules() -> list[Path]:
    paths = [path for root in SCANNED for path in ([root] if root.is_file() else sorted(root.rglob("*.py")))]
    return [path for path in paths if path.resolve() != Path(vocabulary.__file__).resolve()]


def _literals(tree: ast.AST) -> list[ast.Dict | ast.List | ast.Tuple | ast.Set]:
    kinds = ast.Dict | ast.List | ast.Tuple | ast.Set
    return [node for node in ast.walk(tree) if isinstance(node, kinds)]


def _strings(node: ast.AST) -> set[str]:
    """Every string constant in ``node``, nested literals included (a dict of (label, format)
    pairs names its labels one level down)."""
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def second_lists(path: Path) -> list[str]:
    """Where ``path`` writes two or more score labels into one literal, or copies an explanation."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    found = []
    for node in _literals(tree):
        labels = sorted(_strings(node) & LABELS)
        if len(labels) >= 2:
            found.append(f"{name}:{node.lineno} {labels}")
    explanations = {score.explanation for score in ALL_SCORES}
    for text in _strings(tree):
        found += [f"{name}: {e[:40]}…" for e in explanations if e in text]
    return found


def test_no_other_module_keeps_its_own_list_of_score_names_or_explanations() -> None:
    modules = _modules()
    assert any(path.name == "fidelity_tab.py" for path in modules)  # the scan sees the app
    assert [where for path in modules for where in second_lists(path)] == []


def test_the_scan_finds_a_second_list(tmp_path: Path) -> None:
    copied = tmp_path / "copy.py"
    copied.write_text(
        'TITLES = {"block": "Block", "visual": "Visual"}\n'
        'ROWS = {"absolute_share": ("Absolute positioning", "{:.0f}%"), "tree_bleu": ("TreeBLEU", "")}\n'
        f"HELP = {QUALITY_SCORES[1].explanation!r}\n"
        'FINE = ("Block", "display")\n',
        encoding="utf-8",
    )
    found = second_lists(copied)
    assert [where.split(" ")[0] for where in found] == ["copy.py:1", "copy.py:2", "copy.py:"]
