"""Writing systems of OCR'd text: characters from a script the page is not written in are doubted.

The recogniser (rapidocr's PP-OCR model) reads Latin, Chinese and Japanese with one alphabet, so
a symbol on a Latin page can come out as a CJK character that looks like it: a "+" button as
"十", a "-" as "一". A page's scripts are those of most of its letters (``page_scripts``); in a
line of a page not written in a character's script, that character is:

- replaced by the symbol it looks like when it is a well-known look-alike (``LOOKALIKES``), and
  full-width forms by their plain ones ("（" by "(");
- dropped with its line when the line is that one character alone (an icon read as a letter);
- otherwise kept (a language switcher's "中文" is real).

Pages in CJK, or mixing scripts (each with at least ``NATIVE_SHARE`` of the letters), keep every
character. Scripts come from ``unicodedata`` names (no dependency): a letter's script is the
first word of its name, with Chinese, Japanese kana and CJK punctuation one family (``CJK``), as
the recogniser reads them together.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Final

from converters.offline.model import TextLine

CJK: Final = "CJK"
"""The family of Chinese ideographs, Japanese kana and CJK punctuation and full-width forms."""
_CJK_NAME_STARTS: Final = ("CJK", "HIRAGANA", "KATAKANA", "IDEOGRAPHIC", "FULLWIDTH", "HALFWIDTH")
NATIVE_SHARE: Final = 0.1
"""Share of a page's letters from which a script is the page's own: a Japanese page's English
nav items pass it; one misread symbol among a page of Latin text does not."""
MIN_LETTERS: Final = 4
"""Fewest letters (in lines of more than one character) a page needs before any script is judged
foreign on it: fewer say nothing about its language."""
LOOKALIKES: Final[dict[str, str]] = {
    "十": "+",  # "ten", a cross: the plus of a zoom or add button
    "一": "-",  # "one", a horizontal stroke: a minus or a dash
    "ー": "-",  # the kana prolonged sound mark, a horizontal stroke: a dash
    "二": "=",  # "two", two horizontal strokes: an equals sign
    "丨": "|",  # a vertical stroke: a separator bar
    "ノ": "/",  # the kana "no", a slanted stroke: a slash
    "口": "□",  # "mouth", a square: an empty box (a checkbox or an icon)
    "囗": "□",  # "enclosure", a square: an empty box
    "。": ".",  # the ideographic full stop: a period
    "、": ",",  # the ideographic comma: a comma
}
"""CJK characters that a Latin page's symbols are misread as, and the symbol each stands for."""


@dataclass(frozen=True)
class Doubted:
    """Lines after ``doubt_foreign``: kept (some with characters replaced) and how many were
    dropped (a lone foreign character each)."""

    lines: tuple[TextLine, ...]
    dropped: int


def script_of(char: str) -> str | None:
    """The writing system of a letter (``CJK`` for Chinese, kana and CJK punctuation and full-width
    forms; else the first word of its Unicode name: ``LATIN``, ``CYRILLIC``, ``HANGUL``...);
    ``None`` for digits, spaces, punctuation and symbols shared by all scripts."""
    name = unicodedata.name(char, "")
    if name.startswith(_CJK_NAME_STARTS):
        return CJK
    if not unicodedata.category(char).startswith("L"):
        return None
    return name.split(" ", 1)[0] or None


def page_scripts(texts: Iterable[str]) -> frozenset[str] | None:
    """The scripts a page is written in: the most common one, and every one with at least
    ``NATIVE_SHARE`` of its letters. Texts of one character are left out (they are what is in
    doubt). ``None`` when the page has under ``MIN_LETTERS`` letters: every script is its own."""
    counts: Counter[str] = Counter()
    for text in texts:
        if len(text.strip()) <= 1:
            continue
        counts.update(script_of(char) or "" for char in text if unicodedata.category(char).startswith("L"))
    counts.pop("", None)
    total = sum(counts.values())
    if total < MIN_LETTERS:
        return None
    first = counts.most_common(1)[0][0]
    return frozenset({first, *(script for script, count in counts.items() if count >= NATIVE_SHARE * total)})


def doubt_foreign(lines: Sequence[TextLine]) -> Doubted:
    """``lines`` with the characters of scripts foreign to the page replaced or dropped (see the
    module); lines unchanged when every script is the page's."""
    native = page_scripts(line.text for line in lines)
    if native is None:
        return Doubted(tuple(lines), 0)
    kept: list[TextLine] = []
    dropped = 0
    for line in lines:
        text = "".join(_plain(char, native) for char in line.text)
        foreign = [char for char in text if script_of(char) not in (None, *native)]
        if foreign and len(text.strip()) == 1:
            dropped += 1
            continue
        kept.append(line if text == line.text else replace(line, text=text))
    return Doubted(tuple(kept), dropped)


def _plain(char: str, native: frozenset[str]) -> str:
    """``char``, or what it stands for when its script is foreign to the page (``LOOKALIKES``,
    then the plain form of a full-width one)."""
    script = script_of(char)
    if script is None or script in native:
        return char
    if char in LOOKALIKES:
        return LOOKALIKES[char]
    plain = unicodedata.normalize("NFKC", char)
    return plain if len(plain) == 1 and script_of(plain) != CJK else char
