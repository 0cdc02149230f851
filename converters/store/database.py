"""The SQLAlchemy engine behind a store, with SQLite set up for an app many threads write to.

SQLite connections get, on connect:

- ``journal_mode=WAL``: readers never block the writer and the writer never blocks readers.
- ``synchronous=NORMAL``: in WAL mode a commit is in the WAL file (the OS's page cache) before
  ``commit`` returns, so killing the app, even with SIGKILL, loses nothing committed and never
  corrupts the file. Only a power cut or OS crash can undo the last few commits (never corrupt);
  ``FULL`` would guard that too at the price of an fsync on every save.
- ``busy_timeout`` (5 s): a writer waits for another one to finish instead of failing at once,
  so two sessions (or two processes) saving at the same moment both land.
- ``foreign_keys=ON``: SQLite ignores foreign keys unless asked.

Writes begin with ``BEGIN IMMEDIATE`` (the write lock is taken at the start, with the busy
wait): a deferred transaction that reads and then writes can fail with SQLITE_BUSY at the
upgrade, without waiting, when another connection committed meanwhile. Reads use plain ``BEGIN``.
SQLAlchemy's ``Engine`` and its pool are thread-safe; every call checks out its own connection.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.pool import StaticPool

from converters.store.faults import BUSY_TIMEOUT_S

logger = logging.getLogger(__name__)

_BEGIN = "handoff_begin"  # execution option: the BEGIN statement's mode on SQLite


def make_engines(url: URL) -> tuple[Engine, Engine]:
    """``(reader, writer)``: one pool; the writer's transactions start with ``BEGIN IMMEDIATE``."""
    if url.get_backend_name() != "sqlite":
        engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
        return engine, engine
    # hide_parameters: errors and logs never carry the code, the images or a user's titles.
    options: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_S}, "hide_parameters": True}
    if url.database in (None, "", ":memory:"):  # one shared connection, or each would be its own db
        options.update(connect_args={"check_same_thread": False}, poolclass=StaticPool)
    engine = create_engine(url, **options)
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "begin", _begin)
    return engine, engine.execution_options(**{_BEGIN: "IMMEDIATE"})


def _set_pragmas(dbapi_connection: Any, _record: object) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _begin)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {round(BUSY_TIMEOUT_S * 1000)}")  # before WAL: it may wait
        mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode and str(mode[0]).lower() not in ("wal", "memory"):
            logger.warning("SQLite refused WAL mode (journal mode is %s); saving still works", mode[0])
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get(_BEGIN, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")
