"""The library's tables (SQLAlchemy Core, portable to PostgreSQL) and the steps that upgrade an
older database in place.

Schema versions (the one row of ``schema_version`` says which a database has):

1. ``blobs``, ``designs``, ``conversions``; tags as one comma-separated ``conversions.tags`` text.
2. Tags in their own table (one row each, searchable and countable); ``conversions.search_text``
   (title, author and tags folded, for case-insensitive search on every backend); fidelity
   scores; a thumbnail of the rendered result.
3. ``conversions.instruction``: the change a version made to its parent.
4. ``shares``: read-only share links, one unguessable token per link, revocable.
5. ``frames``: the frames of one screen a conversion was made from (issue 16), each with its
   width and its design; the conversion's own design is the widest of them.

A new database is created from the tables below at the current version; an older one runs each
step from its version up, all in one transaction, so a failed upgrade leaves it as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    column,
    insert,
    inspect,
    select,
    table,
    text,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.schema import CreateColumn
from sqlalchemy.types import TypeDecorator

from converters.store import fields

CURRENT_VERSION = 5
SHARE_TOKEN_CHARS = 64
"""Room for a share token: ``secrets.token_urlsafe(24)`` is 32 characters; a longer one later fits."""


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC ``datetime`` in Python, a plain UTC timestamp in the database (SQLite has
    no time zones; storing every time in UTC keeps the text order the time order)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the library stores aware datetimes only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


metadata = MetaData()

schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))

# Content-addressed bytes: an original upload (keyed by DesignImage.sha256) or a normalised PNG
# (keyed by its own digest). Each is stored once however many designs and conversions use it.
blobs = Table(
    "blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
)

designs = Table(
    "designs",
    metadata,
    Column("key", String(80), primary_key=True),  # f"{sha256}-{page}"
    Column("sha256", String(64), nullable=False),
    Column("page", Integer, nullable=False),
    Column("source_name", Text, nullable=False),
    Column("source_format", String(16), nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("png_sha256", String(64), ForeignKey("blobs.sha256"), nullable=False),
    Column("original_sha256", String(64), ForeignKey("blobs.sha256"), nullable=True),
    Column("created", UTCDateTime, nullable=False),
    Column("thumbnail", LargeBinary, nullable=False),
)

# Small columns first, big ones last: SQLite reads a row's columns in order, so a listing that
# never asks for the code never walks the pages that hold it.
conversions = Table(
    "conversions",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),  # insertion order: newest first
    Column("id", String(24), nullable=False, unique=True),
    Column("design_key", String(80), ForeignKey("designs.key"), nullable=True, index=True),
    Column("parent_id", String(24), ForeignKey("conversions.id", ondelete="SET NULL"), index=True),
    Column("title", Text, nullable=False),
    Column("author", Text, nullable=False),
    Column("target", String(32), nullable=False, index=True),
    Column("engine", String(64), nullable=False, index=True),
    Column("model", Text, nullable=False),
    Column("prompt_name", Text, nullable=False),
    Column("prompt_hash", String(64), nullable=False),
    Column("complete", Boolean, nullable=False),
    Column("error", Text, nullable=False),
    Column("input_tokens", Integer, nullable=True),
    Column("cached_tokens", Integer, nullable=True),
    Column("output_tokens", Integer, nullable=True),
    Column("cost_usd", Float, nullable=True),
    Column("total_s", Float, nullable=False),
    Column("created", UTCDateTime, nullable=False),
    Column("search_text", Text, nullable=False, server_default=""),
    Column("fidelity_json", Text, nullable=True),
    Column("conversion_json", Text, nullable=False),  # Conversion.to_dict(), exactly
    Column("result_thumbnail", LargeBinary, nullable=True),
    Column("instruction", Text, nullable=False, server_default=""),  # the change it made to its parent
)

tags = Table(
    "tags",
    metadata,
    Column(
        "conversion_id",
        String(24),
        ForeignKey("conversions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("tag", String(fields.MAX_TAG_CHARS), primary_key=True),
    Column("position", Integer, nullable=False),
    Index("ix_tags_tag", "tag"),
)

# A read-only link to one conversion (``?s=<token>``): the token is the only key a visitor holds.
# Revoking keeps the row (``revoked`` set), so a revoked token never names anything again.
shares = Table(
    "shares",
    metadata,
    Column("token", String(SHARE_TOKEN_CHARS), primary_key=True),
    Column(
        "conversion_id",
        String(24),
        ForeignKey("conversions.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("created", UTCDateTime, nullable=False),
    Column("revoked", UTCDateTime, nullable=True),
)

# The frames of a conversion made from one screen drawn at several widths, narrowest first
# (``position`` 0): each frame's design is stored once like any design (``designs``); the widest is
# also the conversion's own ``design_key``. A conversion of one design has no rows here.
frames = Table(
    "frames",
    metadata,
    Column(
        "conversion_id",
        String(24),
        ForeignKey("conversions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("position", Integer, primary_key=True),
    Column("width", Integer, nullable=False),  # CSS px, as the user confirmed or corrected it
    Column("design_key", String(80), ForeignKey("designs.key"), nullable=False, index=True),
)

HANDOFF_TABLES = frozenset(metadata.tables)


def read_version(connection: Connection) -> int:
    """The schema version of the database: 0 when it has no Handoff tables yet, -1 when it has
    tables but no ``schema_version`` (not a Handoff library)."""
    names = set(inspect(connection).get_table_names())
    if "schema_version" not in names:
        return -1 if names else 0
    version = connection.execute(select(schema_version.c.version)).scalar()
    return int(version or 0)


def create_current(connection: Connection) -> None:
    """Create every table of an empty database at ``CURRENT_VERSION``."""
    metadata.create_all(connection)
    connection.execute(insert(schema_version).values(version=CURRENT_VERSION))


def upgrade(connection: Connection, found: int) -> None:
    """Run the steps from version ``found`` to ``CURRENT_VERSION`` and record the new version."""
    for version in range(found, CURRENT_VERSION):
        UPGRADES[version](connection)
    connection.execute(update(schema_version).values(version=CURRENT_VERSION))


def _v1_to_v2(connection: Connection) -> None:
    """Tags move into their own table; search text, fidelity and result thumbnail columns appear."""
    for name in ("search_text", "fidelity_json", "result_thumbnail"):
        _add_column(connection, "conversions", conversions.c[name])
    tags.create(connection)
    old = table(
        "conversions", column("id"), column("title"), column("author"), column("tags"), column("search_text")
    )
    rows = connection.execute(select(old.c.id, old.c.title, old.c.author, old.c.tags)).all()
    for conversion_id, title, author, tag_text in rows:
        kept = tuple(tag[: fields.MAX_TAG_CHARS] for tag in fields.split_tags(tag_text or ""))
        kept = tuple(dict.fromkeys(kept))
        if kept:
            connection.execute(
                insert(tags),
                [
                    {"conversion_id": conversion_id, "tag": tag, "position": index}
                    for index, tag in enumerate(kept)
                ],
            )
        connection.execute(
            update(old)
            .where(old.c.id == conversion_id)
            .values(search_text=fields.search_text(title, author, kept))
        )
    connection.execute(text("ALTER TABLE conversions DROP COLUMN tags"))


def _add_column(connection: Connection, table_name: str, template: Column[object]) -> None:
    fresh: Column[object] = template._copy()
    Table(table_name, MetaData(), fresh)  # CreateColumn compiles a column of some table
    ddl = CreateColumn(fresh).compile(dialect=connection.dialect)
    connection.execute(text(f"ALTER TABLE {table_name} ADD COLUMN {ddl}"))


def _v2_to_v3(connection: Connection) -> None:
    """Conversions record the change they made to their parent (empty for the ones before)."""
    _add_column(connection, "conversions", conversions.c["instruction"])


def _v3_to_v4(connection: Connection) -> None:
    """Share links appear (none yet: every conversion starts unshared)."""
    shares.create(connection)


def _v4_to_v5(connection: Connection) -> None:
    """Conversions keep their frames (none yet: every conversion before was of one design)."""
    frames.create(connection)


# UPGRADES[n] turns a version-n database into version n + 1.
UPGRADES: dict[int, Callable[[Connection], None]] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
}
