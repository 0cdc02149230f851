"""Deterministic zips with safe entry names: the same files always give the same bytes."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from typing import Final

FIXED_TIME: Final = (2026, 1, 1, 0, 0, 0)
"""The timestamp of every entry, so that a zip depends on its files only."""

_DRIVE = re.compile(r"\A[A-Za-z]:")
# Characters Windows refuses in names, and control characters.
_UNSAFE_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"|?*]+')


def safe_entry_name(name: str, fallback: str = "file.txt") -> str:
    """``name`` as a relative zip entry name that extracts inside the target folder on any system.

    Backslashes count as separators; a drive (``C:``), empty, ``.`` and ``..`` parts are dropped;
    characters Windows refuses and control characters become ``-``; trailing dots and spaces of
    a part (which Windows strips) go. ``fallback`` when nothing is left.
    """
    parts: list[str] = []
    for part in re.split(r"[\\/]+", _DRIVE.sub("", name.strip())):
        cleaned = _UNSAFE_CHARS.sub("-", part).rstrip(". ").lstrip(" ")
        if cleaned:
            parts.append(cleaned)
    return "/".join(parts) or fallback


def zip_files(files: Mapping[str, str | bytes], *, sort: bool = False) -> bytes:
    """A zip of ``files`` (name -> text, written as UTF-8, or bytes) with safe entry names (see
    ``safe_entry_name``) and fixed timestamps, in the given order or ``sort``-ed by entry name.
    Two names that clean to the same entry keep the later file."""
    entries: dict[str, bytes] = {}
    for name, content in files.items():
        entries[safe_entry_name(name)] = content.encode("utf-8") if isinstance(content, str) else content
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries) if sort else entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever system builds the zip: same bytes everywhere
            info.external_attr = 0o644 << 16
            archive.writestr(info, entries[name])
    return buffer.getvalue()
