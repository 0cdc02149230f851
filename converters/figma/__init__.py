"""Figma link import: a frame of a Figma file, through its REST API, as a design.

``parse_figma_link`` reads a pasted link; ``import_figma_frame`` fetches the frame's node and its
picture and returns a ``DesignImage`` of the picture with ``figma`` set (``FigmaFrame``). The API's
base URL is ``Settings.figma_api_base`` (``FIGMA_API_BASE``), the token the session's or
``FIGMA_TOKEN``; failures are ``FigmaError``s (``converters.errors``).
"""

from __future__ import annotations

from converters.figma.client import FigmaApi
from converters.figma.frames import FRAME_TYPES, NODE_DEPTH, PICTURE_SCALE, design_file, import_figma_frame
from converters.figma.links import FigmaLink, frame_url, parse_figma_link

__all__ = [
    "FRAME_TYPES",
    "NODE_DEPTH",
    "PICTURE_SCALE",
    "FigmaApi",
    "FigmaLink",
    "design_file",
    "frame_url",
    "import_figma_frame",
    "parse_figma_link",
]
