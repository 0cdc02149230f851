"""Statements the store shares between its methods, and rows turned into ``LibraryItem``s."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, Table, exists, insert, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from converters.store import fields
from converters.store.schema import conversions, designs, tags
from converters.store.types import LibraryItem
from converters.targets import Target

_c = conversions.c


def item_select() -> Select[Any]:
    """The columns of a ``LibraryItem`` (never the code or the thumbnail itself), newest first."""
    return (
        select(
            _c.id,
            _c.title,
            _c.author,
            _c.target,
            _c.engine,
            _c.model,
            _c.created,
            _c.design_key,
            designs.c.source_name.label("design_name"),
            _c.complete,
            _c.error,
            _c.parent_id,
            _c.instruction,
            _c.fidelity_json,
            _c.result_thumbnail.is_not(None).label("has_result_thumbnail"),
        )
        .select_from(conversions.outerjoin(designs, designs.c.key == _c.design_key))
        .order_by(_c.seq.desc())
    )


def load_items(connection: Connection, rows: Sequence[Row[Any]]) -> tuple[LibraryItem, ...]:
    """``LibraryItem``s of rows of ``item_select``, with their tags (one more query)."""
    ids = [row.id for row in rows]
    found: dict[str, list[str]] = {}
    if ids:
        statement = (
            select(tags.c.conversion_id, tags.c.tag)
            .where(tags.c.conversion_id.in_(ids))
            .order_by(tags.c.conversion_id, tags.c.position)
        )
        for conversion_id, tag in connection.execute(statement):
            found.setdefault(conversion_id, []).append(tag)
    return tuple(item_of(row, tuple(found.get(row.id, ()))) for row in rows)


def item_of(row: Row[Any], item_tags: tuple[str, ...]) -> LibraryItem:
    return LibraryItem(
        id=row.id,
        title=row.title,
        author=row.author,
        tags=item_tags,
        target=Target(row.target),
        engine=row.engine,
        model=row.model,
        created=row.created,
        design_key=row.design_key or "",
        design_name=row.design_name or "",
        complete=bool(row.complete),
        error=row.error,
        parent_id=row.parent_id,
        instruction=row.instruction,
        fidelity=scores_of(row.fidelity_json),
        has_result_thumbnail=bool(row.has_result_thumbnail),
    )


def scores_of(fidelity_json: str | None) -> dict[str, float] | None:
    if not fidelity_json:
        return None
    return {str(name): float(value) for name, value in json.loads(fidelity_json).items()}


def scores_json(scores: Mapping[str, float]) -> str:
    return json.dumps({str(name): float(value) for name, value in scores.items()}, sort_keys=True)


def replace_tags(connection: Connection, conversion_id: str, item_tags: Iterable[str]) -> None:
    connection.execute(tags.delete().where(tags.c.conversion_id == conversion_id))
    rows = [
        {"conversion_id": conversion_id, "tag": tag, "position": index} for index, tag in enumerate(item_tags)
    ]
    if rows:
        connection.execute(insert(tags), rows)


def insert_ignore(connection: Connection, table: Table, values: dict[str, Any]) -> None:
    """Insert a row unless one with its primary key exists (content-addressed rows: another
    session may have stored the same design a moment ago)."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        connection.execute(sqlite.insert(table).values(values).on_conflict_do_nothing())
    elif dialect == "postgresql":
        connection.execute(postgresql.insert(table).values(values).on_conflict_do_nothing())
    else:
        keys = [column == values[column.name] for column in table.primary_key.columns]
        if not connection.execute(select(exists().where(*keys))).scalar():
            connection.execute(insert(table).values(values))


def conversion_exists(connection: Connection, conversion_id: str) -> bool:
    return bool(connection.execute(select(exists().where(_c.id == conversion_id))).scalar())


def chain_ids(connection: Connection, conversion_id: str) -> Select[Any]:
    """A select of the ids in ``conversion_id``'s version chain: its root and all descendants."""
    up = select(_c.id, _c.parent_id).where(_c.id == conversion_id).cte("up", recursive=True)
    up = up.union(select(_c.id, _c.parent_id).join(up, _c.id == up.c.parent_id))
    root = connection.execute(select(up.c.id).where(up.c.parent_id.is_(None))).scalar() or conversion_id
    down = select(_c.id).where(_c.id == root).cte("down", recursive=True)
    down = down.union(select(_c.id).join(down, _c.parent_id == down.c.id))
    return select(down.c.id)


def ancestor_ids(connection: Connection, conversion_id: str) -> list[str]:
    """``conversion_id`` and the versions it refines, back to its root: newest first."""
    up = select(_c.id, _c.parent_id, literal(0).label("depth")).where(_c.id == conversion_id)
    chain = up.cte("chain", recursive=True)
    chain = chain.union_all(
        select(_c.id, _c.parent_id, (chain.c.depth + 1).label("depth")).join(
            chain, _c.id == chain.c.parent_id
        )
    )
    return list(connection.execute(select(chain.c.id).order_by(chain.c.depth)).scalars())


def search_conditions(text: str, target: Target | None, engine: str | None) -> list[ColumnElement[bool]]:
    """The WHERE conditions of ``Store.search``: ``text`` in the title, author or a tag (any case)."""
    conditions: list[ColumnElement[bool]] = []
    if fields.fold(text):
        conditions.append(_c.search_text.contains(fields.fold(text), autoescape=True))
    if target is not None:
        conditions.append(_c.target == Target(target).value)
    if engine:
        conditions.append(_c.engine == engine)
    return conditions
