"""A vector file's runs set side by side on one line are read as one line."""

from __future__ import annotations

from converters.intake.vector import Rect, TextRun
from converters.offline.vector_lines import joined_runs

GREY = (102, 102, 102)


def _run(text: str, x: float, w: float, *, weight: int = 400, colour: tuple[int, int, int] = GREY) -> TextRun:
    return TextRun(text, Rect(x, 100, w, 19), "DejaVuSans", 16.0, weight, colour)


def test_a_bold_phrase_inside_a_line_joins_it_with_spaces_and_the_lines_regular_weight() -> None:
    runs = (_run("We are bound by", 0, 120), _run("ethical work", 125, 100, weight=700), _run("and", 230, 30))
    (line,) = joined_runs(runs)
    assert line.text == "We are bound by ethical work and"
    assert line.font_weight == 400  # the paragraph's weight, not its emphasis
    assert (line.box.x, line.box.w) == (0, 260)


def test_a_comma_set_right_after_a_run_joins_without_a_space() -> None:
    (line,) = joined_runs((_run("cleared", 0, 56), _run(",", 56.5, 4, weight=700)))
    assert line.text == "cleared,"


def test_runs_in_another_colour_stay_apart_as_a_link_is_its_own_text() -> None:
    runs = (_run("Read the", 0, 60), _run("guide", 65, 40, colour=(37, 99, 235)))
    assert [run.text for run in joined_runs(runs)] == ["Read the", "guide"]


def test_runs_further_apart_than_a_space_stay_apart() -> None:
    runs = (_run("Home", 0, 40), _run("About", 40 + 16, 45))  # a full em between nav items
    assert [run.text for run in joined_runs(runs)] == ["Home", "About"]


def test_a_run_on_the_next_line_starts_a_line_of_its_own() -> None:
    below = TextRun("next", Rect(0, 130, 30, 19), "DejaVuSans", 16.0, 400, GREY)
    assert [run.text for run in joined_runs((_run("first", 0, 40), below))] == ["first", "next"]
