"""The frames of a conversion in the database: one row per frame (position, width in CSS px, the
key of its design), narrowest first. Each frame's design is stored like any design
(``converters.store.design_rows``), once however many conversions use it; the widest frame's is
the conversion's own design, as for a conversion of one design.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from converters.conversion import Frame
from converters.intake import DesignImage
from converters.store import design_rows
from converters.store.schema import designs, frames
from converters.store.types import StoredFrame

_f = frames.c


def frame_designs(
    frame_list: Sequence[Frame],
    design: DesignImage | None,
    original: bytes | None,
    originals: Mapping[str, bytes],
) -> tuple[tuple[DesignImage, bytes | None], ...]:
    """Every design a save stores, each once: the conversion's own (with ``original``), then the
    narrower frames' (with their uploaded bytes from ``originals``, by sha256, when given).
    ``ValueError`` when the frames do not end with ``design`` or an original is not its design's
    bytes: a caller's mistake, not the user's."""
    chosen: dict[str, tuple[DesignImage, bytes | None]] = {}
    if design is not None:
        chosen[design_rows.design_key(design)] = (design, original)
    if frame_list:
        if design is None or design_rows.design_key(frame_list[-1].design) != design_rows.design_key(design):
            raise ValueError("the widest frame's design must be the conversion's design")
        for frame in frame_list[:-1]:
            data = originals.get(frame.design.sha256)
            if data is not None and design_rows.sha256_of(data) != frame.design.sha256:
                raise ValueError("each original must be the uploaded bytes its frame's design was made from")
            chosen.setdefault(design_rows.design_key(frame.design), (frame.design, data))
    return tuple(chosen.values())


def insert_frames(connection: Connection, conversion_id: str, frame_list: Sequence[Frame]) -> None:
    """Within the save's transaction, after the designs: the conversion's frame rows."""
    if not frame_list:
        return
    connection.execute(
        insert(frames),
        [
            {
                "conversion_id": conversion_id,
                "position": position,
                "width": frame.width,
                "design_key": design_rows.design_key(frame.design),
            }
            for position, frame in enumerate(frame_list)
        ],
    )


def load_frames(connection: Connection, conversion_id: str) -> tuple[StoredFrame, ...]:
    """The conversion's frames, narrowest first (empty for a conversion of one design)."""
    statement = (
        select(_f.width, _f.design_key, designs.c.sha256, designs.c.page)
        .select_from(frames.join(designs, designs.c.key == _f.design_key))
        .where(_f.conversion_id == conversion_id)
        .order_by(_f.position)
    )
    return tuple(
        StoredFrame(width=int(width), design_key=str(key), sha256=str(sha256), page=int(page))
        for width, key, sha256, page in connection.execute(statement)
    )


def forget(connection: Connection, conversion_id: str) -> tuple[str, ...]:
    """Delete the conversion's frame rows (the foreign key cascades too; this does not rely on
    it); the keys of the designs they used, for ``design_rows.delete_unused_design``."""
    keys = connection.execute(select(_f.design_key).where(_f.conversion_id == conversion_id)).scalars()
    used = tuple(dict.fromkeys(str(key) for key in keys))
    connection.execute(delete(frames).where(_f.conversion_id == conversion_id))
    return used
