"""The words a user gives a conversion (title, author, tags): normalised and bounded; new ids.

Too-long values are refused with a ``StoreError`` rather than cut silently, so that what a user
typed is never changed behind their back; the limits are exported for input widgets
(``max_chars``). Only the default title (the design's file name) is shortened, since nobody typed it.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Sequence
from pathlib import PurePath

from converters.errors import StoreError
from converters.intake import DesignImage

MAX_TITLE_CHARS = 200
MAX_AUTHOR_CHARS = 100
MAX_TAG_CHARS = 40
MAX_TAGS = 20
UNTITLED = "Untitled"

# Lower-case letters and digits: URL-safe, never starts with "-" (which a shell or argparse would
# take for an option), and 12 of them are 62 random bits: not guessable from other ids.
_ID_ALPHABET = string.ascii_lowercase + string.digits
ID_LENGTH = 12
# Joins title, author and tags into one search column; nobody types it into a search box.
_SEPARATOR = "\x1f"


def new_id() -> str:
    """A fresh conversion id: 12 characters of ``[a-z0-9]`` from ``secrets``."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(ID_LENGTH))


def clean_title(title: str) -> str:
    """``title`` with runs of white space (newlines too) made one space; ``StoreError`` if too long."""
    return _bounded(_words(title), MAX_TITLE_CHARS, "A title")


def clean_author(author: str) -> str:
    """``author`` with runs of white space made one space; ``StoreError`` if too long."""
    return _bounded(_words(author), MAX_AUTHOR_CHARS, "An author")


def clean_tags(tags: Sequence[str] | str) -> tuple[str, ...]:
    """Tags split at commas, stripped, lower-cased, without repeats, in the order given.

    A plain string is one comma-separated list (``"login, Mobile"`` -> ``("login", "mobile")``).
    ``StoreError`` for a tag over 40 characters or more than 20 tags.
    """
    cleaned = split_tags(tags)
    for tag in cleaned:
        _bounded(tag, MAX_TAG_CHARS, f"A tag ({tag[:20]}…)")
    if len(cleaned) > MAX_TAGS:
        raise StoreError(f"A conversion can have at most {MAX_TAGS} tags; these are {len(cleaned)}.")
    return cleaned


def split_tags(tags: Sequence[str] | str) -> tuple[str, ...]:
    """The normalisation of ``clean_tags`` without its limits (for data already stored)."""
    items = [tags] if isinstance(tags, str) else list(tags)
    seen: dict[str, None] = {}
    for item in items:
        for part in item.split(","):
            tag = _words(part).lower()
            if tag:
                seen.setdefault(tag, None)
    return tuple(seen)


def default_title(design: DesignImage | None) -> str:
    """The design's file name without its extension (``"Home Screen"``), plus ``page N`` for a
    page of a multi-page PDF; ``Untitled`` without a design. Cut to the title limit."""
    if design is None:
        return UNTITLED
    stem = title_from_name(design.source_name)
    if design.page_count > 1:
        stem = f"{stem} page {design.page}"
    return stem[:MAX_TITLE_CHARS]


def title_from_name(name: str) -> str:
    """A file name without folder and extension, white space collapsed, cut to the title limit;
    ``Untitled`` if nothing is left."""
    stem = " ".join(PurePath(name.replace("\\", "/")).stem.split())
    return stem[:MAX_TITLE_CHARS] or UNTITLED


def fold(text: str) -> str:
    """Text as it is compared in searches: white space collapsed, case folded (Unicode-aware)."""
    return _words(text).casefold()


def search_text(title: str, author: str, tags: Sequence[str]) -> str:
    """The column a text search looks in: title, author and tags, folded."""
    return _SEPARATOR.join(fold(part) for part in (title, author, *tags))


def _words(text: str) -> str:
    """``text`` with runs of white space made one space and NUL characters dropped (invisible,
    and PostgreSQL's text refuses them: a title or a search must work the same on every backend)."""
    return " ".join(text.replace("\x00", "").split())


def _bounded(value: str, limit: int, what: str) -> str:
    if len(value) > limit:
        raise StoreError(f"{what} can be at most {limit} characters; this one has {len(value)}.")
    return value
