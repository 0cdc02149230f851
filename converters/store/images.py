"""Reading a stored design (its facts, normalised PNG, uploaded bytes and thumbnail) and a
conversion's result thumbnail, each within the caller's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from converters.errors import NotFoundError
from converters.store.conversion_rows import missing
from converters.store.schema import blobs, conversions, designs
from converters.store.types import StoredDesign

_c = conversions.c


def design_facts(connection: Connection, key: str) -> StoredDesign:
    """The facts of a stored design; ``NotFoundError`` if there is none with that key."""
    columns = [designs.c[name] for name in ("key", "sha256", "page", "source_name", "source_format")]
    columns += [designs.c.width, designs.c.height, designs.c.created]
    row = _design_value(connection, key, *columns)
    return StoredDesign(*row)


def design_png(connection: Connection, key: str) -> bytes:
    """The normalised PNG of a design."""
    png = _design_value(connection, key, blobs.c.data, join=designs.c.png_sha256)
    return bytes(png[0])


def design_original(connection: Connection, key: str) -> tuple[bytes, str] | None:
    """``(bytes, file name)`` of the uploaded file, or ``None`` if it was saved without it."""
    row = _design_value(connection, key, designs.c.original_sha256, designs.c.source_name)
    if row[0] is None:
        return None
    data = _design_value(connection, key, blobs.c.data, join=designs.c.original_sha256)
    return bytes(data[0]), str(row[1])


def design_thumbnail(connection: Connection, key: str) -> bytes:
    """A PNG of the design at most 320 × 240 px, made when it was first saved."""
    return bytes(_design_value(connection, key, designs.c.thumbnail)[0])


def result_thumbnail(connection: Connection, conversion_id: str) -> bytes | None:
    """The conversion's result thumbnail, or ``None``; ``NotFoundError`` for an unknown id."""
    row = connection.execute(select(_c.result_thumbnail).where(_c.id == conversion_id)).first()
    if row is None:
        raise NotFoundError(missing(conversion_id))
    return None if row[0] is None else bytes(row[0])


def _design_value(connection: Connection, key: str, *columns: Any, join: Any = None) -> tuple[Any, ...]:
    statement = select(*columns).where(designs.c.key == key)
    if join is not None:
        statement = statement.select_from(designs.join(blobs, blobs.c.sha256 == join))
    row = connection.execute(statement).first()
    if row is None:
        raise NotFoundError(
            f"The library has no design {key}: it was deleted with its last conversion, or the "
            "link is mistyped."
        )
    return tuple(row)
