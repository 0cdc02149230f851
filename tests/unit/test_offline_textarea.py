"""A tall, empty, outlined box under a label is a textarea; an empty card is still a card."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from converters.offline.classify import classify
from converters.offline.controls import CONTROL_MAX_HEIGHT
from converters.offline.model import Box, Detection, Kind, Shape, TextLine
from converters.offline.reading import read_design
from converters.offline.textarea import MAX_HEIGHT, labelled_textarea
from tests.builders import FONT_DIR

GREY = (190, 190, 190)
INK = (50, 50, 50)
WHITE = (255, 255, 255)


def _form(field_height: int) -> Image.Image:
    """A contact form: two inputs, a "Message" field ``field_height`` px tall, a button, and an
    empty outlined card beside the form (no label)."""
    image = Image.new("RGB", (800, 560), WHITE)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(f"{FONT_DIR}/DejaVuSans.ttf", 15)
    draw.text(
        (40, 24), "Contact us", fill=(20, 20, 20), font=ImageFont.truetype(f"{FONT_DIR}/DejaVuSans.ttf", 28)
    )
    y = 80
    for label in ("Name", "Email"):
        draw.text((40, y), label, fill=INK, font=font)
        draw.rounded_rectangle((40, y + 24, 440, y + 62), radius=4, outline=GREY, width=1)
        y += 84
    draw.text((40, y), "Message", fill=INK, font=font)
    draw.rounded_rectangle((40, y + 24, 440, y + 24 + field_height), radius=4, outline=GREY, width=1)
    y += 44 + field_height
    draw.rounded_rectangle((40, y, 160, y + 40), radius=4, fill=(37, 99, 235))
    draw.text((76, y + 10), "Send", fill=WHITE, font=ImageFont.truetype(f"{FONT_DIR}/DejaVuSans.ttf", 16))
    draw.rectangle((500, 104, 760, 300), outline=(200, 200, 200), width=1)
    return image


@pytest.mark.parametrize("field_height", [120, 160])
def test_a_labelled_message_field_taller_than_a_control_is_a_textarea(field_height: int) -> None:
    elements = classify(read_design(_form(field_height)).detection).elements
    textareas = [e for e in elements if e.kind is Kind.TEXTAREA]
    assert len(textareas) == 1
    field = textareas[0].box
    assert field.h > CONTROL_MAX_HEIGHT and field.x == 40 and abs(field.h - field_height) <= 2
    # The empty card beside the form has no label: it stays a card.
    assert [e.box.x for e in elements if e.kind is Kind.CARD] == [500]
    assert sum(e.kind is Kind.TEXT_INPUT for e in elements) == 2


def _line(text: str, box: Box) -> TextLine:
    return TextLine(text, box, INK, WHITE)


FIELD = Shape("box", Box(40, 100, 400, 140), border=GREY, border_width=1)
LABEL = _line("Message", Box(40, 76, 70, 20))


def test_the_rule_needs_an_outline_a_label_and_an_empty_wide_box() -> None:
    assert labelled_textarea(FIELD, [], [LABEL], [FIELD]) is not None
    assert labelled_textarea(FIELD, [], [], [FIELD]) is None  # no label: an empty card
    filled = Shape("fill", FIELD.box, fill=(240, 240, 240))
    assert labelled_textarea(filled, [], [LABEL], [filled]) is None  # no outline
    square = Shape("box", Box(40, 100, 180, 160), border=GREY, border_width=1)
    assert labelled_textarea(square, [], [LABEL], [square]) is None  # a panel or a picture
    tall = Shape("box", Box(40, 100, 1000, MAX_HEIGHT + 40), border=GREY, border_width=1)
    assert labelled_textarea(tall, [], [LABEL], [tall]) is None
    heading = _line("Message", Box(40, 50, 160, 48))
    assert labelled_textarea(FIELD, [], [heading], [FIELD]) is None  # a section's heading
    far = _line("Message", Box(40, 30, 70, 20))
    assert labelled_textarea(FIELD, [], [far], [FIELD]) is None


def test_a_box_holding_a_shape_is_a_card_but_a_resize_grip_is_allowed() -> None:
    picture = Shape("image", Box(60, 120, 120, 80))
    assert labelled_textarea(FIELD, [], [LABEL], [FIELD, picture]) is None
    grip = Shape("icon", Box(428, 228, 10, 10))
    assert labelled_textarea(FIELD, [], [LABEL], [FIELD, grip]) is not None


def test_a_label_left_of_the_field_counts() -> None:
    beside = _line("Message", Box(-40, 104, 70, 20))
    field = Shape("box", Box(40, 100, 400, 140), border=GREY, border_width=1)
    assert labelled_textarea(field, [], [beside], [field]) is not None


def test_classify_keeps_an_unlabelled_tall_box_a_card() -> None:
    detection = Detection(800, 600, WHITE, lines=(), shapes=(FIELD,))
    assert [e.kind for e in classify(detection).elements] == [Kind.CARD]
    labelled = Detection(800, 600, WHITE, lines=(LABEL,), shapes=(FIELD,))
    assert Kind.TEXTAREA in [e.kind for e in classify(labelled).elements]
