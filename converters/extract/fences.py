"""Reply text basics: newline clean-up, fenced blocks as CommonMark reads them, model quirks.

Fence rules (shared with ``CodeStream``): an opening fence is a line of three or more backticks or
tildes, indented by any amount, then an optional info string whose first word is the language; a
backtick fence's info string holds no backtick. The closing fence is a line holding only the same
character, at least as many times. Without one, the block runs to the end of the reply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

THINK_OPEN = "<think>"
THINK_CLOSE = "</think>"

_OPENER = re.compile(r"[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>.*)")
_LANGUAGE = re.compile(r"[\s{.]*(?P<word>[\w+#-]+)")
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")


@dataclass(frozen=True)
class Block:
    """One fenced block. ``language`` is the info string's first word, lower-cased, or ``None``."""

    language: str | None
    content: str
    closed: bool


def normalise_text(text: str) -> str:
    """Drop a leading byte-order mark; turn CRLF and lone CR into LF."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def tidy_code(code: str) -> str:
    """Code without leading blank lines or trailing whitespace, ending with exactly one newline."""
    body = _LEADING_BLANK_LINES.sub("", normalise_text(code)).rstrip()
    return body + "\n" if body else ""


def strip_thinking(text: str) -> str:
    """Drop a leading ``<think>...</think>`` section (some local models reason inside the answer).

    A section that never closes is all reasoning, so nothing is left.
    """
    stripped = text.lstrip()
    if not stripped.startswith(THINK_OPEN):
        return text
    end = stripped.find(THINK_CLOSE)
    return "" if end < 0 else stripped[end + len(THINK_CLOSE) :]


def parse_opener(line: str) -> tuple[str, str | None] | None:
    """``(fence, language)`` when ``line`` (without its newline) opens a fenced block, else ``None``."""
    match = _OPENER.fullmatch(line)
    if match is None:
        return None
    fence, info = match["fence"], match["info"]
    if fence[0] == "`" and "`" in info:
        return None
    word = _LANGUAGE.match(info)
    return fence, word["word"].lower() if word else None


def closes(line: str, fence: str) -> bool:
    """Whether ``line`` (without its newline) closes a block opened by ``fence``."""
    run = line.strip(" \t")
    return len(run) >= len(fence) and run == fence[0] * len(run)


def split_blocks(text: str) -> tuple[list[Block], str]:
    """Every fenced block in ``text`` (already normalised), in order, the last maybe unclosed;
    and the lines outside the blocks, where unfenced code may sit."""
    blocks: list[Block] = []
    outside: list[str] = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        opener = parse_opener(lines[index])
        if opener is None:
            outside.append(lines[index])
            index += 1
            continue
        fence, language = opener
        for end in range(index + 1, len(lines)):
            if closes(lines[end], fence):
                blocks.append(Block(language, "\n".join(lines[index + 1 : end]), closed=True))
                index = end + 1
                break
        else:
            content = _trim_unclosed("\n".join(lines[index + 1 :]), fence[0])
            blocks.append(Block(language, content, closed=False))
            break
    return blocks, "\n".join(outside)


def _trim_unclosed(content: str, fence_char: str) -> str:
    """Drop what is left of a closing fence the reply was cut in, or one glued to the last line."""
    body = content.rstrip()
    head, _, last = body.rpartition("\n")
    if last.strip() and set(last.strip()) == {fence_char}:
        return head
    if body.endswith(fence_char * 3):
        return body.rstrip(fence_char)
    return content
