"""Exact lines part into paragraphs where their pitch changes or a line ended with room to spare."""

from __future__ import annotations

from converters.offline.classify import classify
from converters.offline.model import Box, Detection, TextLine
from converters.offline.paragraphs import ends_paragraph

INK = (82, 82, 82)
WHITE = (255, 255, 255)


def _line(text: str, y: int, w: int, *, size: float = 16.0, x: int = 40) -> TextLine:
    return TextLine(text, Box(x, y, w, 19), INK, WHITE, size=size, weight=400)


def test_a_short_line_with_room_for_the_next_word_ends_its_paragraph() -> None:
    heading = _line("Find an Example", 593, 131)
    text = _line("There are several different locations that offer free essays online.", 615, 884)
    assert ends_paragraph([heading], text)


def test_a_full_line_continues_into_the_next() -> None:
    first = _line("There are several different locations that offer free essays online. The", 615, 884)
    second = _line("easiest way is to type it into the search bar.", 644, 435)
    assert not ends_paragraph([first], second)


def test_a_line_at_another_pitch_starts_a_new_paragraph() -> None:
    one, two = (
        _line("a full line of text that fills the column to its end", 100, 800),
        _line("and a second that fills it just as well as the first", 129, 800),
    )
    assert not ends_paragraph([one], two)
    assert ends_paragraph([one, two], _line("a new paragraph below a margin set wider", 170, 800))


def test_classify_parts_a_heading_from_its_text_in_the_same_type_and_keeps_the_text_whole() -> None:
    lines = (
        _line("Find an Example", 593, 131),
        _line("There are several different locations that offer free essays online. The", 615, 884),
        _line("easiest way is to type it into the search bar.", 644, 435),
    )
    classified = classify(Detection(1280, 900, WHITE, lines, ()))
    texts = [element.text for element in classified.elements]
    assert texts == ["Find an Example", f"{lines[1].text}\n{lines[2].text}"]


def test_ocr_lines_are_grouped_by_closeness_as_before() -> None:
    lines = (
        TextLine("Find an Example", Box(40, 593, 131, 19), INK, WHITE),
        TextLine("There are several different locations", Box(40, 615, 884, 19), INK, WHITE),
    )
    classified = classify(Detection(1280, 900, WHITE, lines, ()))
    assert len([e for e in classified.elements if e.lines]) == 1  # no exact boxes: joined
