"""Changing the words of stored conversions: title, author and tags, and the search text made of them."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from sqlalchemy import update
from sqlalchemy.engine import Connection

from converters.store import fields, queries
from converters.store.schema import conversions
from converters.store.types import LibraryItem

_c = conversions.c


@dataclasses.dataclass(frozen=True)
class Labels:
    """New labels for ``update``, cleaned (``None``: keep the stored one)."""

    title: str | None
    author: str | None
    tags: tuple[str, ...] | None

    @classmethod
    def clean(cls, title: str | None, author: str | None, tags: Sequence[str] | None) -> Labels:
        return cls(
            title=None if title is None else fields.clean_title(title),
            author=None if author is None else fields.clean_author(author),
            tags=None if tags is None else fields.clean_tags(tags),
        )


def relabel(connection: Connection, current: LibraryItem, labels: Labels) -> LibraryItem:
    """Write ``labels`` over ``current``'s; an empty title goes back to the design's file name."""
    title = labels.title
    if title == "":
        title = fields.title_from_name(current.design_name)
    changed = dataclasses.replace(
        current,
        title=current.title if title is None else title,
        author=current.author if labels.author is None else labels.author,
        tags=current.tags if labels.tags is None else labels.tags,
    )
    connection.execute(
        update(conversions)
        .where(_c.id == current.id)
        .values(
            title=changed.title,
            author=changed.author,
            search_text=fields.search_text(changed.title, changed.author, changed.tags),
        )
    )
    if labels.tags is not None:
        queries.replace_tags(connection, current.id, labels.tags)
    return changed
