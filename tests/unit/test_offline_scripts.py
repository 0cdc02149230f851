"""OCR characters from a script the page is not written in are doubted; CJK pages keep theirs."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

from converters.offline.classify import classify
from converters.offline.model import Box, Kind, TextLine
from converters.offline.reading import read_design
from converters.offline.scripts import CJK, LOOKALIKES, doubt_foreign, page_scripts, script_of
from tests.builders import FONT_DIR

LATIN_PAGE = ("Reader settings", "Zoom level", "Small", "Normal", "Large", "Changes are saved automatically.")


def _lines(*texts: str) -> list[TextLine]:
    return [
        TextLine(text, Box(0, 24 * index, 200, 20), (0, 0, 0), (255, 255, 255))
        for index, text in enumerate(texts)
    ]


def _texts(*texts: str) -> list[str]:
    return [line.text for line in doubt_foreign(_lines(*texts)).lines]


def test_scripts_of_characters() -> None:
    assert [script_of(c) for c in "aé十あア。（"] == ["LATIN", "LATIN", CJK, CJK, CJK, CJK, CJK]
    assert script_of("Ж") == "CYRILLIC" and script_of("한") == "HANGUL"
    assert [script_of(c) for c in "1+-. "] == [None] * 5


def test_on_a_latin_page_cjk_look_alikes_become_the_symbols_they_stand_for() -> None:
    assert _texts(*LATIN_PAGE, "十", "一", "口 Remember me") == [*LATIN_PAGE, "+", "-", "□ Remember me"]
    assert _texts(*LATIN_PAGE, "Total：（１０）。") == [*LATIN_PAGE, "Total:(10)."]
    assert all(script_of(symbol) is None for symbol in LOOKALIKES.values())


def test_a_lone_foreign_character_is_dropped_and_counted_but_words_are_kept() -> None:
    doubted = doubt_foreign(_lines(*LATIN_PAGE, "中", "中文"))
    assert [line.text for line in doubted.lines] == [*LATIN_PAGE, "中文"] and doubted.dropped == 1


def test_cjk_and_mixed_pages_keep_their_text() -> None:
    chinese = ("阅读设置", "缩放比例", "十", "一", "中")
    assert page_scripts(chinese) == {CJK}
    assert _texts(*chinese) == list(chinese)
    mixed = ("設定", "表示サイズ", "十", "Normal", "Large")
    assert page_scripts(mixed) == {CJK, "LATIN"}
    assert _texts(*mixed) == list(mixed)


def test_too_little_text_to_judge_changes_nothing() -> None:
    assert page_scripts(["OK", "十"]) is None
    assert _texts("OK", "十") == ["OK", "十"]


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(f"{FONT_DIR}/DejaVuSans.ttf", size)


def _centred(
    draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], text: str, size: int, fill: str
) -> None:
    left, top, right, bottom = draw.textbbox((0, 0), text, font=_font(size))
    centre = ((box[0] + box[2]) / 2 - (left + right) / 2, (box[1] + box[3]) / 2 - (top + bottom) / 2)
    draw.text(centre, text, fill=fill, font=_font(size))


def _display_settings() -> Image.Image:
    """Zoom buttons "-" and "+" (24 px, light on #3a3a3a) and a segmented control: the recogniser
    reads this "+" as "十" (score 0.63)."""
    image = Image.new("RGB", (520, 200), "white")
    draw = ImageDraw.Draw(image)
    draw.text((16, 14), "Display", fill="#141414", font=_font(20))
    draw.text((16, 64), "Zoom", fill="#282828", font=_font(14))
    for index, symbol in enumerate("-+"):
        x = 90 + 32 * index
        draw.rounded_rectangle((x, 60, x + 24, 84), radius=4, fill="#3a3a3a")
        _centred(draw, (x, 60, x + 24, 84), symbol, 16, "#ebebeb")
    draw.text((16, 124), "Text", fill="#282828", font=_font(14))
    draw.rounded_rectangle((88, 118, 320, 150), radius=6, fill="#e6e6e6")
    for index, label in enumerate(("Small", "Normal", "Large")):
        x = 90 + 76 * index
        if label == "Normal":
            draw.rounded_rectangle((x, 120, x + 76, 148), radius=5, fill="#3a3a3a")
        _centred(draw, (x, 120, x + 76, 148), label, 13, "#ebebeb" if label == "Normal" else "#282828")
    return image


def test_a_plus_button_on_a_latin_page_is_not_read_as_a_cjk_character() -> None:
    detection = read_design(_display_settings()).detection
    assert not any(script_of(c) == CJK for line in detection.lines for c in line.text)
    buttons = [e.text for e in classify(detection).elements if e.kind is Kind.BUTTON]
    assert "+" in buttons and "Normal" in buttons
