"""Opening a library: its schema created, or upgraded to ``CURRENT_VERSION``, once, however many
processes open it at the same moment; and SQLite's integrity check."""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine

from converters.errors import StoreError
from converters.store.database import for_migration
from converters.store.faults import DB_ERRORS, Place, store_error, transaction
from converters.store.schema import CURRENT_VERSION, create_current, read_version, upgrade

logger = logging.getLogger(__name__)


def migrate(reader: Engine, writer: Engine, place: Place) -> None:
    """Create the tables of an empty database or upgrade an older library; ``StoreError`` for a
    database holding other tables or a library a newer Handoff wrote."""
    with transaction(reader, "open the library", place) as connection:
        if read_version(connection) == CURRENT_VERSION:
            return
    with transaction(for_migration(writer), "set up the library", place) as connection:
        found = read_version(connection)  # again: another process may have done it meanwhile
        if found < 0:
            raise StoreError(
                f"{place.file or place.shown} is not a Handoff library (it holds other "
                f"tables). Set {place.setting} to another place."
            )
        if found > CURRENT_VERSION:
            raise StoreError(
                f"The library {place.where} was written by a newer Handoff (schema "
                f"version {found}; this one knows up to {CURRENT_VERSION}). Upgrade Handoff, "
                f"or set {place.setting} to another place."
            )
        if found == 0:
            create_current(connection)
        elif found < CURRENT_VERSION:
            logger.info("Upgrading the library from schema %d to %d", found, CURRENT_VERSION)
            upgrade(connection, found)


def integrity_ok(reader: Engine, place: Place) -> bool:
    """Whether SQLite's ``PRAGMA integrity_check`` says ``ok`` (always true elsewhere)."""
    if place.backend != "sqlite":
        return True
    try:
        with reader.connect() as connection:
            rows = connection.exec_driver_sql("PRAGMA integrity_check").scalars().all()
    except DB_ERRORS as exc:
        error = store_error(exc, "check the library", place)
        if "is damaged" in str(error):
            return False
        raise error from exc
    return list(rows) == ["ok"]
