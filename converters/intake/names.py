"""How an upload's file name appears in messages."""

from __future__ import annotations

from pathlib import PurePath


def base_name(filename: str) -> str:
    """The last path component of a browser-supplied name (which may use either slash)."""
    return PurePath(filename.replace("\\", "/")).name.strip()


def display_name(filename: str) -> str:
    """``“name.png”`` for messages, shortened when long; ``The file`` when there is no name."""
    base = base_name(filename)
    if not base:
        return "The file"
    if len(base) > 80:
        base = base[:77] + "..."
    return f"“{base}”"
