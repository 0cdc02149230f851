"""Figma links: which file and which node a pasted link names.

Figma's "Copy link to selection" gives ``https://www.figma.com/design/KEY/Name?node-id=1-2``;
older links say ``/file/`` instead of ``/design/``, prototype links ``/proto/`` (their
``node-id`` is the frame on screen), and a branch's link carries ``/branch/BRANCH_KEY/`` (the
API takes the branch's key as the file key). In the URL a node id's colon is a hyphen (``1-2``),
or percent-encoded (``1%3A2``) in old links; the API wants ``1:2``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final
from urllib.parse import parse_qs, urlsplit

from converters.errors import FigmaLinkError

FIGMA_HOSTS: Final = frozenset({"figma.com", "www.figma.com"})
DESIGN_KINDS: Final = frozenset({"design", "file", "proto"})
"""Path kinds whose files are design files (``board`` is FigJam, ``slides`` Figma Slides)."""
_KEY: Final = re.compile(r"[A-Za-z0-9]{6,128}")
# Plain ids (``12:34``) and ids inside instances (``I12:34;56:78``), colon or hyphen.
_NODE_ID: Final = re.compile(r"I?\d+[:-]\d+(?:;\d+[:-]\d+)*")
_MAX_LINK_CHARS: Final = 2048
"""Longer text is not a link someone copied from Figma (real ones are under 300 characters)."""
HOW_TO_LINK: Final = (
    "In Figma, select the frame, then choose Copy link to selection (right-click > Copy/Paste as), "
    "and paste that link here."
)


@dataclass(frozen=True)
class FigmaLink:
    """A node of a Figma file: ``file_key`` (or a branch's key) and ``node_id`` as the API
    writes it (``1:2``)."""

    file_key: str
    node_id: str


def parse_figma_link(text: str) -> FigmaLink:
    """The file and node a Figma link names; raises ``FigmaLinkError`` saying what is wrong."""
    link = text.strip()
    if not link:
        raise FigmaLinkError(f"Paste a link to a Figma frame. {HOW_TO_LINK}")
    if len(link) > _MAX_LINK_CHARS:
        raise FigmaLinkError(f"That is not a Figma link: it is {len(link):,} characters long. {HOW_TO_LINK}")
    if "://" not in link:
        link = "https://" + link  # "figma.com/design/..." pasted without its scheme
    parts = urlsplit(link)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or host not in FIGMA_HOSTS:
        raise FigmaLinkError(f"That is not a link to figma.com. {HOW_TO_LINK}")
    segments = [segment for segment in parts.path.split("/") if segment]
    if len(segments) < 2 or segments[0] not in DESIGN_KINDS:
        kind = segments[0] if segments else ""
        if kind == "board":
            raise FigmaLinkError("That link is a FigJam board; Handoff imports frames of Figma design files.")
        raise FigmaLinkError(f"That Figma link names no design file (…/design/KEY/…). {HOW_TO_LINK}")
    key = segments[1]
    if len(segments) >= 4 and segments[2] == "branch":
        key = segments[3]
    if not _KEY.fullmatch(key):
        raise FigmaLinkError(f"The file key in that Figma link is not one Figma makes. {HOW_TO_LINK}")
    query = parse_qs(parts.query)
    node = (query.get("node-id") or query.get("starting-point-node-id") or [""])[0].strip()
    if not node:
        raise FigmaLinkError(f"That link opens the whole file, not a frame: it has no node-id. {HOW_TO_LINK}")
    if not _NODE_ID.fullmatch(node):
        raise FigmaLinkError(f"The node-id in that Figma link is not one Figma makes. {HOW_TO_LINK}")
    return FigmaLink(file_key=key, node_id=node.replace("-", ":"))


def frame_url(link: FigmaLink) -> str:
    """The ``/design/`` link of ``link``'s node, as Figma writes it (for messages and notes)."""
    return f"https://www.figma.com/design/{link.file_key}/?node-id={link.node_id.replace(':', '-')}"
