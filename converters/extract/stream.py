"""Show the code of a reply while it streams: only code, never prose or fence lines."""

from __future__ import annotations

import re
from enum import Enum, auto

from converters.extract.fences import THINK_CLOSE, THINK_OPEN, closes, parse_opener


class _Mode(Enum):
    SEEKING = auto()  # no code yet: each line is judged as soon as its start allows
    THINKING = auto()  # inside a leading <think> section
    FENCED = auto()  # inside a fenced block
    RAW = auto()  # unfenced code: everything is shown, up to </html>
    DONE = auto()  # the code ended; the rest of the reply is not shown


class _Verdict(Enum):
    BLANK = auto()
    PROSE = auto()
    MAYBE_OPENER = auto()  # starts with a fence: the rest of the line decides
    OPENER = auto()
    RAW = auto()
    THINK = auto()


_REPLY_START_CODE = ("<", "import ", "export ", '"use client"', "'use client'")
_LINE_START_CODE = ("import ", "export ")
_LINE_START_HTML = ("<!doctype", "<html")  # compared with the line's start lower-cased
_HTML_END = re.compile("</html>", re.I)
_HTML_END_TAIL = len("</html>") - 1
_THINK_TAIL = len(THINK_CLOSE) - 1


class CodeStream:
    """Pulls the code out of a reply as it streams, for live display.

    ``feed`` each text delta; it returns only the code to append to what is shown, and ``code``
    is everything shown so far. Code starts after a fence opener line, or at the reply's first
    line when that looks like code (``<``, ``import``, ``export``, ``"use client"``), or at a
    later line starting ``<!DOCTYPE``/``<html``/``import``/``export``. A fenced block ends at its
    closing fence, unfenced code after ``</html>``; nothing after that is shown, so a second block
    is never appended. A line that may still become a closing fence is held back until it
    resolves, so fence characters never flash on screen. Each character is examined a bounded
    number of times, so the work is proportional to the reply's length however it is split.
    """

    def __init__(self) -> None:
        self._mode = _Mode.SEEKING
        self._started = False  # the first non-empty delta arrived (its byte-order mark dropped)
        self._after_cr = False  # the last delta ended with "\r": a "\n" opening the next is its pair
        self._at_reply_start = True  # seeking: only whitespace (or a think section) so far
        self._line = ""  # seeking: the current line without its indentation, while not yet judged
        self._skip_line = False  # seeking: the current line is prose; wait for its end
        self._await_newline = False  # seeking: the current line may open a fence; judge it once it ends
        self._line_rest: list[str] = []  # seeking: the rest of that line, joined once it ends
        self._fence = ""  # fenced: the opening fence, e.g. "```" or "~~~~"
        self._held: list[str] = []  # fenced: a line start that may close the block, not yet shown
        self._held_shape = ""  # fenced: that line start in short (see _shape)
        self._tail = ""  # raw/thinking: the last characters seen, to find </html> or </think> across deltas
        self._mid_line = False  # fenced: the current line is code and has been shown in part
        self._language: str | None = None
        self._parts: list[str] = []

    @property
    def code(self) -> str:
        """All the code shown so far."""
        if len(self._parts) > 1:
            self._parts = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""

    @property
    def language(self) -> str | None:
        """The language tag of the fence the code is in, lower-cased, or ``None``."""
        return self._language

    def feed(self, delta: str) -> str:
        """Take the next piece of the reply; return the new code to show (often ``""``)."""
        text = self._normalise(delta)
        shown: list[str] = []
        while text and self._mode is not _Mode.DONE:
            if self._mode is _Mode.SEEKING:
                text = self._seek(text, shown)
            elif self._mode is _Mode.THINKING:
                text = self._think(text)
            elif self._mode is _Mode.FENCED:
                text = self._fenced(text, shown)
            else:
                text = self._raw(text, shown)
        return self._show(shown)

    def finish(self) -> str:
        """End the stream: show a first line left unjudged if it proves to be code; return it.

        A held-back partial closing fence (the reply was cut inside it) is dropped.
        """
        shown: list[str] = []
        seeking = self._mode is _Mode.SEEKING and self._line and not self._skip_line
        if seeking and self._judge(self._line, complete=True) is _Verdict.RAW:
            shown.append(self._line)
        self._mode, self._line, self._line_rest, self._held = _Mode.DONE, "", [], []
        return self._show(shown)

    def _show(self, shown: list[str]) -> str:
        new = "".join(shown)
        if new:
            self._parts.append(new)
        return new

    def _normalise(self, delta: str) -> str:
        if not self._started and delta:
            self._started = True
            delta = delta.removeprefix("\ufeff")
        if self._after_cr and delta.startswith("\n"):
            delta = delta[1:]
            self._after_cr = False
        if not delta:
            return ""
        self._after_cr = delta.endswith("\r")
        return delta.replace("\r\n", "\n").replace("\r", "\n")

    def _seek(self, text: str, shown: list[str]) -> str:
        pos = 0
        while pos < len(text):
            newline = text.find("\n", pos)
            end = len(text) if newline < 0 else newline
            segment, pos = text[pos:end], end + 1
            if self._skip_line:
                self._skip_line = newline < 0
                continue
            if self._await_newline:
                self._line_rest.append(segment)
                if newline < 0:
                    return ""
                self._line += "".join(self._line_rest)
                self._await_newline, self._line_rest = False, []
            else:
                self._line += segment if self._line else segment.lstrip(" \t")
            verdict = self._judge(self._line, complete=newline >= 0)
            if verdict is None:
                return ""
            if verdict is _Verdict.MAYBE_OPENER:
                self._await_newline = True
                return ""
            line, self._line = self._line, ""
            opener = parse_opener(line) if verdict is _Verdict.OPENER else None
            if opener is not None:
                self._fence, self._language = opener
                self._mode, self._held, self._held_shape, self._mid_line = _Mode.FENCED, [], "", False
                return text[end + 1 :]
            if verdict is _Verdict.RAW:
                self._mode, self._tail = _Mode.RAW, ""
                return line + text[end:]
            if verdict is _Verdict.THINK:
                self._mode, self._tail = _Mode.THINKING, ""
                return line[len(THINK_OPEN) :] + text[end:]
            if verdict is _Verdict.PROSE:
                self._at_reply_start = False
                self._skip_line = newline < 0
        return ""

    def _judge(self, line: str, *, complete: bool) -> _Verdict | None:
        """What ``line`` is, or ``None`` while its start leaves that open. Never changes its mind
        as the line grows, so the result does not depend on where the deltas were split."""
        body = line.lstrip(" \t")
        if not body:
            return _Verdict.BLANK if complete else None
        if body[0] in "`~":
            run = len(body) - len(body.lstrip(body[0]))
            if not complete and run >= 3:
                return _Verdict.MAYBE_OPENER
            if not complete and run == len(body):
                return None
            return _Verdict.OPENER if complete and parse_opener(line) else _Verdict.PROSE
        if self._at_reply_start:
            if body.startswith(THINK_OPEN):
                return _Verdict.THINK
            if not complete and THINK_OPEN.startswith(body):
                return None
        code_starts = _REPLY_START_CODE if self._at_reply_start else _LINE_START_CODE
        undecided = False
        for start_of_line, starts in ((body, code_starts), (body[:9].lower(), _LINE_START_HTML)):
            for start in starts:
                if start_of_line.startswith(start):
                    return _Verdict.RAW
                undecided = undecided or (not complete and start.startswith(start_of_line))
        return None if undecided else _Verdict.PROSE

    def _fenced(self, text: str, shown: list[str]) -> str:
        pos = 0
        while pos < len(text):
            newline = text.find("\n", pos)
            end = len(text) if newline < 0 else newline + 1
            if self._mid_line:
                shown.append(text[pos:end])
                self._mid_line = newline < 0
                pos = end
                continue
            # At a line start, or continuing a held line start that may yet close the block. The
            # held text is only compared through its short shape, so it is never re-read.
            segment = text[pos : end if newline < 0 else newline]
            shape = self._held_shape + segment
            if newline >= 0 and closes(shape, self._fence):
                self._mode = _Mode.DONE
                return ""
            if newline < 0 and _could_close(shape, self._fence):
                self._held.append(segment)
                self._held_shape = _shape(shape, self._fence)
                return ""
            shown.extend((*self._held, text[pos:end]))
            self._held, self._held_shape = [], ""
            self._mid_line = newline < 0
            pos = end
        return ""

    def _raw(self, text: str, shown: list[str]) -> str:
        window = self._tail + text
        match = _HTML_END.search(window)
        if match is None:
            shown.append(text)
            self._tail = window[-_HTML_END_TAIL:]
        else:
            shown.append(text[: match.end() - len(self._tail)])
            self._mode = _Mode.DONE
        return ""

    def _think(self, text: str) -> str:
        window = self._tail + text
        end = window.find(THINK_CLOSE)
        if end < 0:
            self._tail = window[-_THINK_TAIL:]
            return ""
        self._mode, self._tail, self._at_reply_start = _Mode.SEEKING, "", True
        return window[end + len(THINK_CLOSE) :]


def _shape(start: str, fence: str) -> str:
    """A short line start that closes, or may close, a block exactly when ``start`` does, whatever
    follows: indentation and trailing blanks shrink to one space, the fence run to the fence."""
    body = start.lstrip(" \t")
    run = len(body) - len(body.lstrip(fence[0]))
    indent = " " if len(body) < len(start) else ""
    return indent + fence[0] * min(run, len(fence)) + (" " if body[run:] else "")


def _could_close(partial: str, fence: str) -> bool:
    """Whether an unfinished line may still become a fence closing ``fence``."""
    body = partial.lstrip(" \t")
    run = len(body) - len(body.lstrip(fence[0]))
    return run == len(body) or (run >= len(fence) and not body[run:].strip(" \t"))
