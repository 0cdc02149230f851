"""A vector file's runs set side by side on one line are read as one line."""

from __future__ import annotations

from converters.intake.vector import Rect, TextRun
from converters.offline.vector_lines import LinePart, joined_lines

GREY = (102, 102, 102)


BLUE = (37, 99, 235)


def _run(text: str, x: float, w: float, *, weight: int = 400, colour: tuple[int, int, int] = GREY) -> TextRun:
    return TextRun(text, Rect(x, 100, w, 19), "DejaVuSans", 16.0, weight, colour)


def joined_runs(runs: tuple[TextRun, ...]) -> list[TextRun]:
    return [line.run for line in joined_lines(runs)]


def test_a_bold_phrase_inside_a_line_joins_it_with_spaces_and_the_lines_regular_weight() -> None:
    runs = (_run("We are bound by", 0, 120), _run("ethical work", 125, 100, weight=700), _run("and", 230, 30))
    (line,) = joined_runs(runs)
    assert line.text == "We are bound by ethical work and"
    assert line.font_weight == 400  # the paragraph's weight, not its emphasis
    assert (line.box.x, line.box.w) == (0, 260)


def test_a_comma_set_right_after_a_run_joins_without_a_space() -> None:
    (line,) = joined_runs((_run("cleared", 0, 56), _run(",", 56.5, 4, weight=700)))
    assert line.text == "cleared,"


def test_a_run_in_another_colour_joins_its_line_and_keeps_its_colour_as_a_part() -> None:
    runs = (_run("Read the", 0, 60), _run("guide", 65, 40, colour=BLUE), _run("first.", 110, 40))
    (line,) = joined_lines(runs)
    assert line.run.text == "Read the guide first."
    assert line.run.colour == GREY  # the line's main colour: most of its characters
    assert line.parts == (LinePart("Read the ", GREY), LinePart("guide ", BLUE), LinePart("first.", GREY))


def test_a_line_in_one_colour_has_no_parts() -> None:
    (line,) = joined_lines((_run("We are bound by", 0, 120), _run("ethical work", 125, 100, weight=700)))
    assert line.parts == ()


def test_a_run_in_another_colour_on_a_ground_of_its_own_stays_apart() -> None:
    runs = (_run("Pricing", 0, 60), _run("NEW", 65, 30, colour=BLUE))
    on_badge = {runs[1].text: "badge"}  # the badge's fill is under "NEW" only
    lines = joined_lines(runs, lambda run: on_badge.get(run.text, "page"))
    assert [line.run.text for line in lines] == ["Pricing", "NEW"]


def test_a_superscript_set_small_within_the_line_joins_it() -> None:
    mark = TextRun("TM", Rect(112, 102, 12, 9), "DejaVuSans", 8.0, 400, GREY)
    runs = (_run("Mark Protect", 0, 107), mark, _run("Online Brand", 127, 100))
    (line,) = joined_lines(runs)
    assert line.run.text == "Mark Protect TM Online Brand"
    assert line.run.font_size == 16.0


def test_a_small_run_below_the_line_is_not_a_superscript() -> None:
    caption = TextRun("photo credit", Rect(112, 121, 50, 9), "DejaVuSans", 8.0, 400, GREY)
    assert [run.text for run in joined_runs((_run("Mark Protect", 0, 107), caption))] == [
        "Mark Protect",
        "photo credit",
    ]


def test_runs_further_apart_than_a_space_stay_apart() -> None:
    runs = (_run("Home", 0, 40), _run("About", 40 + 16, 45))  # a full em between nav items
    assert [run.text for run in joined_runs(runs)] == ["Home", "About"]


def test_a_run_on_the_next_line_starts_a_line_of_its_own() -> None:
    below = TextRun("next", Rect(0, 130, 30, 19), "DejaVuSans", 16.0, 400, GREY)
    assert [run.text for run in joined_runs((_run("first", 0, 40), below))] == ["first", "next"]
