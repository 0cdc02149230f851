"""The SQLAlchemy engines behind a store: writes serialised on every backend, so that the store's
read-then-write steps (is the design stored? does the parent exist? which versions re-point?)
see every earlier write, however many threads, processes or app replicas write at once.

SQLite connections get, on connect:

- ``journal_mode=WAL``: readers never block the writer and the writer never blocks readers.
- ``synchronous=NORMAL``: in WAL mode a commit is in the WAL file (the OS's page cache) before
  ``commit`` returns, so killing the app, even with SIGKILL, loses nothing committed and never
  corrupts the file. Only a power cut or OS crash can undo the last few commits (never corrupt);
  ``FULL`` would guard that too at the price of an fsync on every save.
- ``busy_timeout`` (5 s): a writer waits for another one to finish instead of failing at once,
  so two sessions (or two processes) saving at the same moment both land.
- ``foreign_keys=ON``: SQLite ignores foreign keys unless asked.

SQLite writes begin with ``BEGIN IMMEDIATE`` (the write lock is taken at the start, with the
busy wait): a deferred transaction that reads and then writes can fail with SQLITE_BUSY at the
upgrade, without waiting, when another connection committed meanwhile. Reads use plain ``BEGIN``.

PostgreSQL (``postgresql://`` means the psycopg 3 driver) writes begin by taking a transaction
advisory lock (``pg_advisory_xact_lock``), waiting at most 5 s for it as SQLite does: the same
one-writer-at-a-time rule across every replica of the app, while readers never wait. Writes are
READ COMMITTED (each statement after the lock sees everything committed before it), reads
REPEATABLE READ (a listing's count and its page come from one moment, as on SQLite). Creating or
upgrading the schema is such a write, with a longer wait, so replicas starting together migrate
once. The pool's limits are below. SQLAlchemy's ``Engine`` and its pool are thread-safe; every
call checks out its own connection.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.pool import StaticPool

from converters.store.faults import BUSY_TIMEOUT_S

logger = logging.getLogger(__name__)

_BEGIN = "handoff_begin"  # execution option: "IMMEDIATE" for a write transaction
_LOCK_WAIT = "handoff_lock_wait_s"  # execution option: how long a PostgreSQL write waits for the lock

# PostgreSQL's pool, per app process (replica). A process serves every browser session from
# Streamlit's script threads plus the scoring threads; writes take turns (the lock), so more
# connections would only wait. 5 + 10 per replica keeps 6 replicas within PostgreSQL's default
# max_connections (100) with room for an administrator.
POOL_SIZE = 5  # kept open: the usual handful of sessions reading at once
MAX_OVERFLOW = 10  # opened for a burst (10 sessions converting at once) and closed after
POOL_TIMEOUT_S = 10.0  # a session waits this long for a free connection, then gets a "busy" message
POOL_RECYCLE_S = 1800  # replaced after 30 min: a failover or a server setting reaches every connection
CONNECT_TIMEOUT_S = 10  # a database host that does not answer fails in 10 s, not the OS's 2 min
MIGRATION_LOCK_WAIT_S = 120.0  # a replica waits this long for another one upgrading a big library
# pg_advisory_xact_lock's key for "writing to the library": "Handoff" in ASCII. Advisory locks
# belong to one database, so libraries in other databases of the server never wait for it.
WRITE_LOCK_KEY = int.from_bytes(b"Handoff", "big")


def driver_url(url: URL) -> URL:
    """``url`` with PostgreSQL's driver made explicit: ``postgresql://`` (and the ``postgres://``
    of many hosting providers) is psycopg 3, the driver Handoff installs, whatever SQLAlchemy's
    own default for the dialect is."""
    if url.drivername in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    return url


def make_engines(url: URL) -> tuple[Engine, Engine]:
    """``(reader, writer)``: one pool; the writer's transactions start by taking the write lock."""
    backend = url.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engines(url)
    if backend == "postgresql":
        return _postgres_engines(url)
    # hide_parameters: errors and logs never carry the code, the images or a user's titles.
    engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
    return engine, engine


def _sqlite_engines(url: URL) -> tuple[Engine, Engine]:
    options: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_S}, "hide_parameters": True}
    if url.database in (None, "", ":memory:"):  # one shared connection, or each would be its own db
        options.update(connect_args={"check_same_thread": False}, poolclass=StaticPool)
    engine = create_engine(url, **options)
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "begin", _begin_sqlite)
    return engine, engine.execution_options(**{_BEGIN: "IMMEDIATE"})


def _postgres_engines(url: URL) -> tuple[Engine, Engine]:
    engine = create_engine(
        url,
        hide_parameters=True,
        pool_size=POOL_SIZE,
        max_overflow=MAX_OVERFLOW,
        pool_timeout=POOL_TIMEOUT_S,
        pool_recycle=POOL_RECYCLE_S,
        pool_pre_ping=True,  # a connection a restart or a network cut broke is replaced, not used
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "handoff"},
        isolation_level="REPEATABLE READ",  # a read sees one moment, as SQLite's reads do
    )
    event.listen(engine, "begin", _begin_postgres)
    # A write sees, statement by statement, everything committed until it got the lock.
    return engine, engine.execution_options(isolation_level="READ COMMITTED", **{_BEGIN: "IMMEDIATE"})


def for_migration(writer: Engine) -> Engine:
    """The writer, waiting longer for the write lock: another replica may be upgrading the schema."""
    return writer.execution_options(**{_LOCK_WAIT: MIGRATION_LOCK_WAIT_S})


def _set_pragmas(dbapi_connection: Any, _record: object) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _begin_sqlite)
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


def _begin_sqlite(connection: Connection) -> None:
    mode = connection.get_execution_options().get(_BEGIN, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def _begin_postgres(connection: Connection) -> None:
    options = connection.get_execution_options()
    if options.get(_BEGIN) != "IMMEDIATE":
        return
    wait_ms = round(float(options.get(_LOCK_WAIT, BUSY_TIMEOUT_S)) * 1000)
    # SET LOCAL ends with the transaction; the lock too (released at commit or rollback).
    connection.exec_driver_sql(f"SET LOCAL lock_timeout = {wait_ms}")
    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
