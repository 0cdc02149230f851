"""The rows of the conversions table: a new conversion's row, one read back (its card as a
``LibraryItem``, its stored JSON as a ``Conversion``), and the message for an unknown id."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.engine import Connection

from converters.conversion import Conversion
from converters.errors import NotFoundError, StoreError
from converters.store import fields, queries
from converters.store.schema import conversions
from converters.store.types import LibraryItem

_c = conversions.c


def conversion_row(item: LibraryItem, conversion: Conversion) -> dict[str, Any]:
    """The values to insert for ``conversion`` saved as ``item``."""
    usage = conversion.usage
    return {
        "id": item.id,
        "design_key": item.design_key or None,
        "parent_id": item.parent_id,
        "title": item.title,
        "author": item.author,
        "target": conversion.target.value,
        "engine": conversion.engine,
        "model": conversion.model,
        "prompt_name": conversion.prompt_name,
        "prompt_hash": conversion.prompt_hash,
        "complete": conversion.complete,
        "error": item.error,
        "input_tokens": usage.input_tokens if usage else None,
        "cached_tokens": usage.cached_tokens if usage else None,
        "output_tokens": usage.output_tokens if usage else None,
        "cost_usd": usage.cost_usd if usage else None,
        "total_s": conversion.timings.total_s,
        "created": item.created,
        "instruction": item.instruction,
        "conversion_json": json.dumps(conversion.to_dict(), ensure_ascii=False),
        "search_text": fields.search_text(item.title, item.author, item.tags),
    }


def conversion_of(conversion_id: str, data: object) -> Conversion:
    """The ``Conversion`` in a row's ``conversion_json``; ``StoreError`` if it cannot be read."""
    try:
        return Conversion.from_dict(json.loads(str(data)))
    except (ValueError, TypeError, KeyError) as exc:
        raise StoreError(
            f"The stored conversion {conversion_id} cannot be read ({exc}); delete it and convert again."
        ) from exc


def load_item(connection: Connection, conversion_id: str) -> LibraryItem:
    """The stored conversion's card; ``NotFoundError`` if there is none with that id."""
    rows = connection.execute(queries.item_select().where(_c.id == conversion_id)).all()
    if not rows:
        raise NotFoundError(missing(conversion_id))
    return queries.load_items(connection, rows)[0]


def missing(conversion_id: str) -> str:
    """The message for a conversion id the library does not have."""
    return f"The library has no conversion {conversion_id!r}: it was deleted, or the id is mistyped."
