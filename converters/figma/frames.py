"""A frame of a Figma file, from its link, as a ``DesignImage`` whose ``figma`` is the frame's node.

``import_figma_frame(link, token, settings)`` asks the API for the node (bounded depth, that node
only), checks it is a frame, gets its picture at 2x (from the cache when the file's version has not
changed), halves it to CSS px, puts ``FigmaFrame(file_key, node_id, version, name, document,
components)`` into the PNG (``converters.intake.figma_png``) and reads that through ``load_design``
as any PNG upload: ``design_file(design)`` gives those bytes back, for the library to keep, so a
reopened design still has its nodes.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import warnings
from collections.abc import Callable, Mapping
from typing import Any, Final

from PIL import Image

from converters.errors import (
    FigmaNotAFrameError,
    FigmaNotFoundError,
    FigmaResponseError,
    FigmaTokenError,
    FigmaTooLargeError,
)
from converters.figma.cache import CacheKey, FrameCache
from converters.figma.client import TOKEN_HELP, FigmaApi
from converters.figma.links import FigmaLink, parse_figma_link
from converters.intake import DesignImage, FigmaFrame, load_design
from converters.intake.design import png_bytes
from converters.intake.figma_png import with_frame
from converters.intake.limits import IntakeLimits
from converters.settings import Secret, Settings

logger = logging.getLogger(__name__)

FRAME_TYPES: Final = frozenset({"FRAME", "COMPONENT", "INSTANCE"})
"""Nodes that are a screen or a part of one, with their own box and children. A SECTION holds
frames side by side on the canvas (not one screen), a COMPONENT_SET its variants side by side, a
GROUP has no layout of its own, a CANVAS is a whole page: the message says to link a frame instead."""
NODE_DEPTH: Final = 32
"""Levels of children asked for below the frame: deeper than designs nest (a web page's DOM walked
into nodes reaches ~20), while a runaway tree is still cut off (``MAX_JSON_BYTES`` bounds its size)."""
PICTURE_SCALE: Final = 2
"""The picture is rendered at 2x and halved: sharper edges and text than a 1x render."""
CACHE_FOLDER: Final = "figma-cache"
_NOT_A_FRAME: Final = {
    "CANVAS": "a whole page",
    "SECTION": "a section (frames side by side on the canvas)",
    "COMPONENT_SET": "a component set (its variants side by side; link one variant)",
    "GROUP": "a group (it has no layout of its own; Frame selection turns it into a frame)",
    "DOCUMENT": "the whole file",
}


def import_figma_frame(
    link: str | FigmaLink,
    token: Secret | None,
    settings: Settings,
    *,
    on_status: Callable[[str], None] | None = None,
) -> DesignImage:
    """The frame ``link`` names, as a design (see the module docstring). ``token`` is the session's
    token, else ``settings.figma_token`` (``FIGMA_TOKEN``) is used. Raises a ``FigmaError`` for a
    bad link, a missing or refused token, a missing node, a node that is not a frame, rate limits,
    size caps, an unreachable API or a malformed answer, and ``IntakeError`` for a picture intake
    refuses."""
    say = on_status or (lambda _text: None)
    target = link if isinstance(link, FigmaLink) else parse_figma_link(link)
    secret = token if token is not None and token.reveal().strip() else settings.figma_token
    if secret is None:
        raise FigmaTokenError(f"Importing from Figma needs a personal access token. {TOKEN_HELP}")
    secret = Secret(secret.reveal().strip())
    cache = FrameCache(settings.data_dir / CACHE_FOLDER)
    with FigmaApi(secret, base_url=settings.figma_api_base) as api:
        say("Reading the frame from Figma…")
        answer = api.file_nodes(target.file_key, target.node_id, depth=NODE_DEPTH)
        version, file_name, entry = _node_entry(answer, target)
        document = entry["document"]
        _check_frame(document, target)
        key = CacheKey(
            settings.figma_api_base, target.file_key, target.node_id, version, NODE_DEPTH, PICTURE_SCALE
        )
        picture = cache.get(key)
        if picture is None:
            say("Rendering the frame's picture in Figma…")
            url = api.picture_url(target.file_key, target.node_id, version=version, scale=PICTURE_SCALE)
            picture = api.download_picture(url)
            _check_png(picture)
            cache.put(key, picture)
        else:
            logger.info(
                "figma: picture of %s %s version %s from the cache", target.file_key, target.node_id, version
            )
    name = str(document.get("name") or "Figma frame")
    image = _picture_at_css_size(picture, document.get("absoluteBoundingBox"), settings.limits)
    components = entry.get("components")
    frame = FigmaFrame(
        file_key=target.file_key,
        node_id=target.node_id,
        version=version,
        name=name,
        document=document,
        components=components if isinstance(components, dict) else {},
    )
    note = (
        f"Imported from Figma: frame “{name}” ({target.node_id}) of “{file_name}”, version {version}; "
        f"its picture, rendered at {PICTURE_SCALE}x, was halved to CSS px."
    )
    # Encoded as the design encodes itself, so ``design_file`` gives back these very bytes.
    design = load_design(with_frame(png_bytes(image), frame), _file_name(name), limits=settings.limits)
    return dataclasses.replace(design, notes=(*design.notes, note))


def design_file(design: DesignImage) -> bytes:
    """The file of a design imported from Figma: its picture with its frame inside, the bytes its
    ``sha256`` names (``ValueError`` for a design that is not from Figma)."""
    if design.figma is None:
        raise ValueError("design_file needs a design imported from Figma")
    return with_frame(design.png, design.figma)


def _node_entry(answer: Mapping[str, Any], target: FigmaLink) -> tuple[str, str, Mapping[str, Any]]:
    """The file's version and name, and ``nodes[ID]``; ``FigmaNotFoundError`` when it is null."""
    version, nodes = answer.get("version"), answer.get("nodes")
    if not isinstance(version, str) or not isinstance(nodes, dict):
        raise FigmaResponseError(
            "Figma's answer for the frame has no version or nodes: it is not the API's usual answer. "
            "If FIGMA_API_BASE is set, check that it names the Figma API."
        )
    file_name = str(answer.get("name") or target.file_key)
    entry = nodes.get(target.node_id)
    if entry is None:
        raise FigmaNotFoundError(
            f"The Figma file “{file_name}” has no node {target.node_id}: it was deleted, or the link is "
            "old. Copy the frame's link again in Figma."
        )
    if not isinstance(entry, dict) or not isinstance(entry.get("document"), dict):
        raise FigmaResponseError(f"Figma's answer for node {target.node_id} holds no node document.")
    return version, file_name, entry


def _check_frame(document: Mapping[str, Any], target: FigmaLink) -> None:
    kind = str(document.get("type", ""))
    if kind in FRAME_TYPES:
        return
    what = _NOT_A_FRAME.get(kind, f"a {kind.lower().replace('_', ' ') or 'node'} layer")
    raise FigmaNotAFrameError(
        f"Node {target.node_id} is {what}, not a frame. Link the frame of one screen or component: "
        "select it in Figma (its name on the canvas) and copy its link."
    )


def _check_png(picture: bytes) -> None:
    if not picture.startswith(b"\x89PNG\r\n\x1a\n"):
        raise FigmaResponseError(
            "The frame's picture that Figma linked is not a PNG image. Import it again; if it persists, "
            "export the frame as PNG in Figma and upload the file instead."
        )


def _picture_at_css_size(picture: bytes, box: object, limits: IntakeLimits) -> Image.Image:
    """The 2x picture halved to the frame's CSS size (its ``absoluteBoundingBox``), as RGB. The
    picture's pixels are checked before they are decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(picture), formats=("PNG",)) as opened:
                if opened.width * opened.height > PICTURE_SCALE**2 * limits.max_pixels:
                    raise FigmaTooLargeError(
                        f"The frame's picture is {opened.width:,} × {opened.height:,} px at "
                        f"{PICTURE_SCALE}x, above the limit of {limits.max_pixels / 1e6:.0f} megapixels "
                        "at 1x. Link a smaller frame (one screen), or raise HANDOFF_MAX_MEGAPIXELS."
                    )
                image = opened.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise FigmaResponseError(
            "The frame's picture from Figma cannot be decoded. Import it again."
        ) from exc
    width, height = _css_size(image.size, box)
    if (width, height) != image.size:
        image = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return image


def _css_size(size: tuple[int, int], box: object) -> tuple[int, int]:
    """The picture's size at 1x: its frame's box width when the API gave one (Figma lowers the
    scale of very large renders), else the picture halved."""
    width, height = size
    factor = float(PICTURE_SCALE)
    if isinstance(box, dict) and isinstance(box.get("width"), int | float) and box["width"] > 0:
        factor = max(1.0, width / float(box["width"]))
    return max(1, round(width / factor)), max(1, round(height / factor))


def _file_name(name: str) -> str:
    """A file name for the frame's picture: Figma names often hold slashes ("Web / Home")."""
    cleaned = " ".join(name.replace("/", "-").replace("\\", "-").split())[:120].strip(" .-")
    return f"{cleaned or 'Figma frame'}.png"
