"""Untrusted text shown as text: the one way the app puts such text on the page.

Untrusted means anything Handoff did not write itself: a model's reply, reasoning or refusal, an
endpoint's error message, generated code's own error text, a stored title, tag, author or file
name, a model id, a URL parameter. Streamlit renders Markdown in most places (``st.markdown``,
``st.caption``, ``st.error`` and friends, widget labels, ``help`` tooltips, badges), and Markdown
can load images and make links: ``![x](http://evil/beacon)`` fetches the moment it is shown.

``md_text(text)`` makes a Markdown fragment that shows ``text`` exactly, nothing more:

- every ASCII punctuation character is backslash-escaped, so there is no emphasis, link, image,
  HTML, heading, list, table, math or Streamlit directive (``:red[...]``, ``:material/...:``);
- what GitHub-flavoured Markdown would turn into a link by itself (``http://...``, ``www....``,
  an e-mail address) goes in a code span: autolinks are found after escapes are resolved, in text
  nodes only, so escaping alone does not stop them (checked in the app), but a code span does;
- a word joiner after a ``:`` that starts a word keeps ``:smile:`` from becoming an emoji;
- explicit bidirectional controls (U+202A-U+202E, U+2066-U+2069) are shown as ``[U+202E]``,
  and text with right-to-left characters is isolated (U+2068 ... U+2069), so it cannot reorder
  the text around it, nor hide what it says (left-to-right text needs no isolate, and gets none:
  no invisible characters in what a user copies).

``plain_text(text)`` does only the bidi part, for places that show text without Markdown
(``st.text``, ``st.code``, select box options).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

FIRST_STRONG_ISOLATE: Final = "\u2068"
POP_DIRECTIONAL_ISOLATE: Final = "\u2069"
WORD_JOINER: Final = "\u2060"
HARD_BREAK: Final = "  \n"

_BIDI_CONTROLS: Final = re.compile("[\u202a-\u202e\u2066-\u2069]")
_ASCII_PUNCTUATION: Final = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
_WORD_AFTER_COLON: Final = re.compile(r"(\\:)(?=\w)")
# What remark-gfm links without any Markdown syntax: scheme URLs, www. hosts, e-mail addresses.
_LINKISH: Final = re.compile(
    r"(?i)[a-z][a-z0-9+.\-]*://\S*|(?<![\w.])www\.\S*|\b(?:mailto|xmpp):\S+|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+"
)
_BACKTICKS: Final = re.compile(r"`+")
_RIGHT_TO_LEFT: Final = frozenset({"R", "AL", "AN"})


def plain_text(text: object) -> str:
    """``text`` with its explicit bidi controls made visible, isolated from what surrounds it."""
    return _isolated(_BIDI_CONTROLS.sub(lambda match: f"[U+{ord(match.group()):04X}]", str(text)))


def md_text(text: object) -> str:
    """A Markdown fragment that shows ``text`` literally (see the module docstring).

    Line breaks are kept as hard breaks; an empty text gives an empty (isolated) fragment.
    """
    shown = _BIDI_CONTROLS.sub(lambda match: f"[U+{ord(match.group()):04X}]", str(text))
    lines = [_escape_line(line) for line in shown.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return _isolated(HARD_BREAK.join(lines))


def _isolated(text: str) -> str:
    if any(unicodedata.bidirectional(char) in _RIGHT_TO_LEFT for char in text):
        return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"
    return text


def _escape_line(line: str) -> str:
    parts: list[str] = []
    end = 0
    for match in _LINKISH.finditer(line):
        parts.append(_escape_words(line[end : match.start()]))
        parts.append(_code_span(match.group()))
        end = match.end()
    parts.append(_escape_words(line[end:]))
    return "".join(parts)


def _escape_words(text: str) -> str:
    escaped = _ASCII_PUNCTUATION.sub(r"\\\1", text)
    return _WORD_AFTER_COLON.sub(lambda match: match.group(1) + WORD_JOINER, escaped)


def _code_span(text: str) -> str:
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
