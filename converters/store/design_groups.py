"""Designs as the library shows them: each design with every conversion of it, its versions.

One design is every conversion with the same ``design_key`` (``f"{sha256}-{page}"``: the digest
of the uploaded bytes and the PDF page), however it was saved: the app makes a new conversion of
a design the next version of the design's latest (``parent_id``), the command line saves each as
a root, and old libraries may hold chains that a delete broke; all are versions of one design.
A conversion saved without a design is a design of its own. Versions are numbered from 1 in the
order they were saved (``v1`` is the oldest still kept; deleting one renumbers the later ones).
``parent_id`` keeps its meaning: the conversion a version refines.

No column is added for this: a design's card is found by grouping ``conversions`` on
``coalesce(design_key, id)``, which older libraries already have.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.engine import Connection

from converters.store import queries
from converters.store.schema import conversions
from converters.store.types import DesignCard, LibraryItem

_c = conversions.c


def group_key() -> ColumnElement[Any]:
    """The design a conversion belongs to: its ``design_key``, or its own id without a design."""
    return func.coalesce(_c.design_key, _c.id)


def count_designs(connection: Connection, conditions: Sequence[ColumnElement[bool]]) -> int:
    """How many designs have at least one conversion meeting ``conditions``."""
    statement = select(func.count(func.distinct(group_key()))).where(*conditions)
    return int(connection.execute(statement).scalar() or 0)


def design_cards(
    connection: Connection, conditions: Sequence[ColumnElement[bool]], *, limit: int, offset: int
) -> tuple[DesignCard, ...]:
    """One page of designs with a conversion meeting ``conditions``, the design whose newest
    such conversion is newest first; each card holds all the design's versions."""
    key = group_key().label("key")
    grouped = (
        select(key, func.max(_c.seq).label("newest")).where(*conditions).group_by(group_key()).subquery()
    )
    rows = connection.execute(
        select(grouped.c.key, grouped.c.newest).order_by(grouped.c.newest.desc()).limit(limit).offset(offset)
    ).all()
    if not rows:
        return ()
    keys = [str(row.key) for row in rows]
    members = or_(_c.design_key.in_(keys), and_(_c.design_key.is_(None), _c.id.in_(keys)))
    statement = queries.item_select().add_columns(_c.seq).where(members).order_by(None).order_by(_c.seq)
    found = connection.execute(statement).all()
    items = queries.load_items(connection, found)
    versions: dict[str, list[tuple[int, LibraryItem]]] = {}
    for row, item in zip(found, items, strict=True):
        versions.setdefault(item.design_key or item.id, []).append((int(row.seq), item))
    cards = []
    for row in rows:
        members_of = versions.get(str(row.key), [])
        shown = next((item for seq, item in members_of if seq == row.newest), None)
        if shown is None:  # deleted between the two reads
            continue
        kept = tuple(item for _, item in members_of)
        cards.append(DesignCard(key=str(row.key), versions=kept, shown=shown))
    return tuple(cards)


def member_ids(connection: Connection, conversion_id: str) -> list[str] | None:
    """The ids of every version of ``conversion_id``'s design, oldest first; ``None`` if there
    is no such conversion."""
    row = connection.execute(select(_c.design_key).where(_c.id == conversion_id)).first()
    if row is None:
        return None
    if row.design_key is None:
        return [conversion_id]
    statement = select(_c.id).where(_c.design_key == row.design_key).order_by(_c.seq)
    return [str(value) for value in connection.execute(statement).scalars()]


def versions_of(connection: Connection, ids: Sequence[str]) -> tuple[LibraryItem, ...]:
    """The ``LibraryItem``s of ``ids``, oldest first."""
    statement = queries.item_select().where(_c.id.in_(list(ids))).order_by(None).order_by(_c.seq)
    return queries.load_items(connection, connection.execute(statement).all())
