"""Exact lines part into paragraphs where their pitch changes, a line ended with room to spare or a
list marker stands before one; a line in several colours keeps them as spans."""

from __future__ import annotations

import re
from dataclasses import replace

from converters.offline.classify import classify
from converters.offline.emit import emit
from converters.offline.layout import build_tree
from converters.offline.model import Box, Detection, Span, TextLine
from converters.offline.paragraphs import colour_spans, ends_paragraph, paragraph_colour
from converters.targets import Target

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


LINK = (37, 99, 235)


def _mixed(parts: tuple[tuple[str, tuple[int, int, int]], ...], y: int, w: int) -> TextLine:
    """An exact line set in several colours, its colour the one most characters are in."""
    spans = tuple(Span(text, colour=colour) for text, colour in parts)
    counts: dict[tuple[int, int, int], int] = {}
    for text, colour in parts:
        counts[colour] = counts.get(colour, 0) + len(text.strip())
    main = max(counts, key=lambda colour: counts[colour])
    text = "".join(text for text, _ in parts)
    return TextLine(text, Box(40, y, w, 19), main, WHITE, size=16.0, weight=400, spans=spans)


def test_a_paragraph_with_a_link_keeps_the_link_as_a_span_of_its_colour() -> None:
    lines = [
        _mixed((("Ads are shown on ", INK), ("our website ", LINK), ("and on", INK)), 100, 800),
        _line("the caravans site.", 119, 140),
    ]
    assert paragraph_colour(lines) == INK
    assert colour_spans(lines, INK) == (
        Span("Ads are shown on "),
        Span("our website ", colour=LINK),
        Span("and on the caravans site."),  # wrapped lines join with a space
    )


def test_lines_in_one_colour_have_no_spans() -> None:
    lines = [_line("a full line of text", 100, 800), _line("and its end", 119, 100)]
    assert colour_spans(lines, INK) == () and paragraph_colour(lines) is None


def test_the_paragraphs_colour_is_its_words_not_its_more_numerous_link_characters() -> None:
    line = _mixed((("See ", INK), ("Terms and Conditions of Use", LINK), (" and ", INK)), 100, 400)
    assert line.colour == LINK  # most characters
    assert paragraph_colour([line]) == INK


def test_a_list_item_ends_the_paragraph_above_it() -> None:
    first = _line("NASA funding to Randerson, Morton, Andela, and Giglio", 100, 392)
    second = _line("Gordon and Betty Moore Foundation funding to Randerson", 120, 410)
    assert not ends_paragraph([first], second)  # no room for its first word: it could have wrapped
    assert ends_paragraph([first], replace(second, item=True))


def test_classify_writes_a_link_inside_a_paragraph_as_a_span_of_its_colour() -> None:
    lines = (
        _mixed((("Read the ", INK), ("guide ", LINK), ("before you start, it is short.", INK)), 100, 500),
    )
    (element,) = classify(Detection(1280, 900, WHITE, lines, ())).elements
    assert element.style.colour == INK
    assert [span.colour for span in element.spans] == [None, LINK, None]
    code = emit(build_tree((element,), 1280, 900), Target.HTML_CSS, title="t")
    assert re.search(r"Read the <span class=\"[^\"]+\">guide </span>before you start", code)
