"""A Figma frame's picture as one PNG file that carries the frame's nodes.

A design imported from Figma is its frame's picture plus the frame's node JSON (``FigmaFrame``).
To keep both wherever a design file goes (the library keeps the uploaded bytes and reads them
again when a conversion is reopened), the JSON travels inside the PNG in a private ancillary
chunk: PNG readers skip it, ``load_design`` reads it back, so a reopened design converts from
its exact nodes again instead of from its pixels.

The chunk's content is as untrusted as any upload: its size is bounded before and after
decompression, and a chunk that does not read is reported and ignored (the picture still is a
design).
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Iterator, Mapping
from typing import Any, Final

from converters.intake.figma_frame import FigmaFrame

CHUNK_TYPE: Final = b"hdFf"
"""Private (2nd letter lower case), ancillary (1st lower case) and safe to copy (4th lower case):
editors that do not know it keep it or drop it, and never refuse the picture because of it."""
FORMAT_VERSION: Final = 1
"""Written into the chunk, so a later layout of it can be told apart."""
MAX_FRAME_JSON: Final = 32 * 1024 * 1024
"""Largest frame JSON read back: the Figma client's own cap on a node answer, so anything
imported fits, while a crafted chunk cannot inflate past it (zlib reaches ~1000:1)."""
COMPRESS_LEVEL: Final = 9
"""Node JSON is repetitive; the best level makes it ~10-20x smaller for a once-per-import cost."""
_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
_IEND: Final = b"IEND"
_HEADER: Final = struct.Struct(">I4s")


class FrameChunkError(ValueError):
    """The PNG's frame chunk is there but does not read: truncated, too large or not a frame."""


def with_frame(png: bytes, frame: FigmaFrame) -> bytes:
    """``png`` with ``frame`` in a chunk before its end (any earlier frame chunk is replaced)."""
    payload = {
        "version": FORMAT_VERSION,
        "file_key": frame.file_key,
        "node_id": frame.node_id,
        "file_version": frame.version,
        "name": frame.name,
        "document": frame.document,
        "components": frame.components,
    }
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    data = zlib.compress(text.encode("utf-8"), COMPRESS_LEVEL)
    kept = [(kind, body) for kind, body in _chunks(png) if kind not in (CHUNK_TYPE, _IEND)]
    out = [_SIGNATURE]
    for kind, body in [*kept, (CHUNK_TYPE, data), (_IEND, b"")]:
        out.append(_HEADER.pack(len(body), kind) + body + struct.pack(">I", zlib.crc32(kind + body)))
    return b"".join(out)


def frame_in(png: bytes) -> FigmaFrame | None:
    """The frame a PNG carries, ``None`` if it carries none; ``FrameChunkError`` if its chunk
    does not read."""
    try:
        body = next((body for kind, body in _chunks(png) if kind == CHUNK_TYPE), None)
    except FrameChunkError:
        return None  # a damaged PNG: the decoder reports it, not this
    if body is None:
        return None
    return _frame(_inflate(body))


def _inflate(body: bytes) -> Mapping[str, Any]:
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(body, MAX_FRAME_JSON + 1)
    except zlib.error as exc:
        raise FrameChunkError("its Figma layers are damaged") from exc
    if len(text) > MAX_FRAME_JSON or inflater.unconsumed_tail:
        raise FrameChunkError(f"its Figma layers exceed {MAX_FRAME_JSON // (1024 * 1024)} MB")
    try:
        payload = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise FrameChunkError("its Figma layers are not readable JSON") from exc
    if not isinstance(payload, dict):
        raise FrameChunkError("its Figma layers are not a frame")
    return payload


def _frame(payload: Mapping[str, Any]) -> FigmaFrame:
    if payload.get("version") != FORMAT_VERSION:
        raise FrameChunkError(f"its Figma layers are in an unknown layout ({payload.get('version')!r})")
    document, components = payload.get("document"), payload.get("components", {})
    texts = [payload.get(key) for key in ("file_key", "node_id", "file_version", "name")]
    if not isinstance(document, dict) or not isinstance(components, dict):
        raise FrameChunkError("its Figma layers hold no frame")
    if not all(isinstance(text, str) for text in texts):
        raise FrameChunkError("its Figma layers do not say which frame they are")
    file_key, node_id, version, name = (str(text) for text in texts)
    return FigmaFrame(file_key, node_id, version, name, document, components)


def _chunks(png: bytes) -> Iterator[tuple[bytes, bytes]]:
    """``(type, data)`` of each chunk, up to ``IEND``; CRCs are left to the image decoder."""
    if not png.startswith(_SIGNATURE):
        raise FrameChunkError("not a PNG")
    at = len(_SIGNATURE)
    while at + _HEADER.size <= len(png):
        length, kind = _HEADER.unpack_from(png, at)
        start = at + _HEADER.size
        if start + length + 4 > len(png):
            raise FrameChunkError("a truncated PNG")
        yield kind, png[start : start + length]
        if kind == _IEND:
            return
        at = start + length + 4
    raise FrameChunkError("a PNG without its end")
