"""``FigmaFrame``: a frame of a Figma file as its REST API gives it, carried with its picture.

A design imported from a Figma link is a ``DesignImage`` of the frame's picture (what preview,
fidelity and the library show) whose ``figma`` holds this: the frame's node as JSON, exactly as
``GET /v1/files/KEY/nodes?ids=ID`` returns it under ``nodes[ID].document``, so engines can read
the exact texts, styles, geometry and auto-layout instead of reading the picture.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FigmaFrame:
    """One frame node of a Figma file: ``file_key`` and ``node_id`` (``1:2``) name it, ``version``
    is the file's version when it was fetched, ``name`` the frame's name, ``document`` its node
    JSON (a ``FRAME``, ``COMPONENT`` or ``INSTANCE`` with its children) and ``components`` the
    response's ``components`` map (component id -> metadata), for naming instances."""

    file_key: str
    node_id: str
    version: str
    name: str
    document: Mapping[str, Any] = field(repr=False)
    components: Mapping[str, Any] = field(default_factory=dict, repr=False)
