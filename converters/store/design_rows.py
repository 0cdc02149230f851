"""Designs in the database: their rows and content-addressed blobs, written once, deleted last.

A design is identified by ``f"{sha256}-{page}"`` (digest of the uploaded bytes, PDF page). Its
normalised PNG is a blob keyed by its own digest, the uploaded bytes a blob keyed by the design's
``sha256``: two pages of one PDF share the original, and any blob is kept while a design uses it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.engine import Connection

from converters.intake import DesignImage
from converters.store.queries import insert_ignore
from converters.store.schema import blobs, conversions, designs, frames
from converters.store.thumbnails import thumbnail_of


@dataclass(frozen=True)
class DesignRows:
    """What storing a new design writes: its row and its blobs (made before the transaction,
    so that PNG encoding and the thumbnail do not hold the write lock)."""

    design: dict[str, Any]
    blobs: tuple[dict[str, Any], ...]


def design_key(design: DesignImage) -> str:
    return f"{design.sha256}-{design.page}"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def design_state(connection: Connection, key: str) -> bool | None:
    """``None`` if the design is not stored, else whether its original bytes are."""
    row = connection.execute(select(designs.c.original_sha256).where(designs.c.key == key)).first()
    return None if row is None else row[0] is not None


def prepare_design(design: DesignImage, original: bytes | None, now: datetime) -> DesignRows:
    """The rows of a design not stored yet: PNG and original blobs, facts, a thumbnail."""
    png = design.png
    png_sha = sha256_of(png)
    stored = [_blob(png, png_sha)]
    if original is not None:
        stored.append(_blob(original, design.sha256))
    row = {
        "key": design_key(design),
        "sha256": design.sha256,
        "page": design.page,
        "source_name": design.source_name,
        "source_format": str(design.source_format.value),
        "width": design.width,
        "height": design.height,
        "png_sha256": png_sha,
        "original_sha256": design.sha256 if original is not None else None,
        "created": now,
        "thumbnail": thumbnail_of(design.image_view()),
    }
    return DesignRows(design=row, blobs=tuple(stored))


def store_design(
    connection: Connection,
    design: DesignImage,
    original: bytes | None,
    prepared: DesignRows | None,
    now: datetime,
) -> None:
    """Within a write transaction: insert the design unless stored (another session may have
    stored it since ``prepared`` was made), or add its original bytes if it lacked them."""
    key = design_key(design)
    state = design_state(connection, key)
    if state is None:
        rows = prepared or prepare_design(design, original, now)  # deleted since the check: rare
        for blob in rows.blobs:
            insert_ignore(connection, blobs, blob)
        insert_ignore(connection, designs, rows.design)
    elif original is not None and not state:
        insert_ignore(connection, blobs, _blob(original, design.sha256))
        connection.execute(update(designs).where(designs.c.key == key).values(original_sha256=design.sha256))


def delete_unused_design(connection: Connection, key: str) -> None:
    """Delete the design if no conversion uses it any more (as its design or as a frame), and
    each of its blobs no other design uses."""
    used = select(conversions.c.id).where(conversions.c.design_key == key).limit(1)
    if connection.execute(used).first() is not None:
        return
    as_frame = select(frames.c.conversion_id).where(frames.c.design_key == key).limit(1)
    if connection.execute(as_frame).first() is not None:
        return
    row = connection.execute(
        select(designs.c.png_sha256, designs.c.original_sha256).where(designs.c.key == key)
    ).first()
    connection.execute(delete(designs).where(designs.c.key == key))
    for sha in {value for value in row or () if value is not None}:
        users = select(designs.c.key).where(
            or_(designs.c.png_sha256 == sha, designs.c.original_sha256 == sha)
        )
        if connection.execute(users.limit(1)).first() is None:
            connection.execute(delete(blobs).where(blobs.c.sha256 == sha))


def _blob(data: bytes, sha: str) -> dict[str, Any]:
    return {"sha256": sha, "size": len(data), "data": data}
