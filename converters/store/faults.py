"""Database and file-system failures turned into ``StoreError`` messages a user can act on.

Every message names where the library is (the data folder, or the database URL with its
password hidden) and what to do. No message and no log line ever holds a password.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from converters.errors import DatabaseUnavailableError, HandoffError, StoreError

BUSY_TIMEOUT_S = 5.0

_FULL = ("database or disk is full", "no space left", "disk quota exceeded", "disk full")
_DENIED = (
    "unable to open database file",
    "readonly database",
    "read-only file system",
    "permission denied",
    "not a directory",
    "access denied",
)
_CORRUPT = ("file is not a database", "malformed", "file is encrypted", "not a database")
_LOCKED = ("database is locked", "database table is locked", "lock timeout")
# PostgreSQL's SQLSTATEs for "the server went away": class 08 (connection exception), an
# administrator's or a crash's shutdown, and a server still starting or stopping.
_GONE_STATES = ("08", "57P01", "57P02", "57P03")
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
_DENIED_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EEXIST}
DB_ERRORS = (SQLAlchemyError, sqlite3.Error, OSError)  # what a database call may raise


@dataclass(frozen=True)
class Place:
    """Where a library lives, for messages: a SQLite file (``folder`` is its data directory) or
    another database, shown as its URL with the password hidden."""

    backend: str
    shown: str  # the folder, or the redacted URL
    folder: Path | None = None
    file: Path | None = None
    password: str | None = field(default=None, repr=False)

    @classmethod
    def of(cls, url: URL) -> Place:
        backend = url.get_backend_name()
        if backend == "sqlite":
            database = url.database or ""
            if database in ("", ":memory:") or "mode=memory" in database:
                return cls(backend, "an in-memory database")
            if url.query.get("uri") == "true" and database.startswith("file:"):
                database = database.removeprefix("file:").split("?")[0]  # sqlite URI filename
            file = Path(database).absolute()
            return cls(backend, str(file.parent), folder=file.parent, file=file)
        return cls(backend, url.render_as_string(hide_password=True), password=url.password or None)

    @property
    def where(self) -> str:
        return f"in {self.shown}" if self.folder else f"in the database at {self.shown}"

    @property
    def setting(self) -> str:
        return "HANDOFF_DATA_DIR" if self.folder or self.backend == "sqlite" else "HANDOFF_DATABASE_URL"

    def scrub(self, text: str) -> str:
        """``text`` without the password, if the database's error message repeated it."""
        return text.replace(self.password, "***") if self.password else text


def parse_url(url: str | URL) -> URL:
    """``url`` as a SQLAlchemy ``URL``; ``StoreError`` (without the URL itself) if it is not one."""
    if isinstance(url, URL):
        return url
    try:
        return make_url(url)
    except ArgumentError as exc:
        raise StoreError(
            "HANDOFF_DATABASE_URL is not a database URL SQLAlchemy understands; write it like "
            "postgresql+psycopg://user:password@host/dbname, or unset it to use the SQLite file."
        ) from exc


@contextmanager
def transaction(engine: Engine, action: str, place: Place) -> Iterator[Connection]:
    """A transaction on ``engine`` (the writer's take the write lock, see ``database``);
    failures as ``StoreError`` saying ``action`` failed at ``place``."""
    try:
        with engine.begin() as connection:
            yield connection
    except HandoffError:
        raise
    except DB_ERRORS as exc:
        raise store_error(exc, action, place) from exc


def store_error(exc: BaseException, action: str, place: Place) -> StoreError:
    """A ``StoreError`` saying why ``action`` (``"save the conversion"``) failed at ``place``."""
    detail = place.scrub(_detail(exc))
    lowered = detail.lower()
    code = exc.errno if isinstance(exc, OSError) else None
    folder = place.shown if place.folder else f"the database at {place.shown}"
    if code in _FULL_ERRNOS or any(words in lowered for words in _FULL):
        return StoreError(
            f"The disk holding {folder} is full: Handoff could not {action}. Free some space on it, "
            f"or set {place.setting} to a folder on another disk."
        )
    if _unreachable(exc, place):
        return DatabaseUnavailableError(
            f"The library's database is unreachable: Handoff could not {action} ({detail}). Check "
            f"that the database server at {place.shown} is running and reachable; the app retries "
            "on the next action."
        )
    if isinstance(exc, PoolTimeoutError):
        return StoreError(
            f"The library's database is busy: every connection of this app to {place.shown} stayed "
            f"in use, so Handoff could not {action}. Try again in a moment."
        )
    if isinstance(exc, NoSuchModuleError | ModuleNotFoundError):
        return StoreError(
            f"Handoff cannot open {folder}: the database driver is not installed ({detail}). "
            "Install that driver where Handoff runs (for PostgreSQL: pip install psycopg), or unset "
            "HANDOFF_DATABASE_URL to use the SQLite file."
        )
    if any(words in lowered for words in _CORRUPT):
        shown = place.file or place.shown
        return StoreError(
            f"The library {shown} is damaged ({detail}): Handoff could not {action}. Move the file "
            "aside to start an empty library (Handoff creates a new one), or restore it from a backup."
        )
    if any(words in lowered for words in _LOCKED):
        return StoreError(
            f"The library {place.where} stayed busy for more than {BUSY_TIMEOUT_S:g} s (another "
            f"Handoff is writing to it), so Handoff could not {action}. Try again in a moment."
        )
    if code in _DENIED_ERRNOS or any(words in lowered for words in _DENIED):
        if place.folder is not None:
            return StoreError(
                f"Handoff cannot write its library in {place.folder}: {detail}. Make that folder "
                "writable, or set HANDOFF_DATA_DIR to a writable folder."
            )
        return StoreError(f"Handoff cannot write to the database at {place.shown}: {detail}.")
    return StoreError(f"Handoff could not {action} {place.where}: {detail}.")


def _unreachable(exc: BaseException, place: Place) -> bool:
    """Whether a database server (never a SQLite file) could not be reached or dropped the
    connection: SQLAlchemy saw a disconnect, or the driver failed without a server's SQLSTATE
    (could not connect) or with one that says the server went away."""
    if place.backend == "sqlite" or not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    if place.backend != "postgresql":
        return False
    state = getattr(exc.orig, "sqlstate", None)
    return isinstance(exc, OperationalError) and (state is None or str(state).startswith(_GONE_STATES))


def _detail(exc: BaseException) -> str:
    """The driver's own words: never SQLAlchemy's ``str()``, which appends SQL and parameters."""
    original = getattr(exc, "orig", None)
    if isinstance(original, BaseException):
        exc = original
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
