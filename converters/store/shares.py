"""Read-only share links: an unguessable token that names one conversion until it is revoked.

A link (``?s=<token>``) is the only thing a visitor holds, so the token is all that lets them in:
``secrets.token_urlsafe`` makes it, and an unknown token and a revoked one get the same answer
(the caller cannot tell which). A conversion has at most one active token in practice; two
sessions sharing at the same moment may both insert one, and then every caller is given the
oldest, so they hand out one link, and revoking revokes them all.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from converters.store.schema import SHARE_TOKEN_CHARS, shares

SHARE_TOKEN_BYTES = 24
"""192 random bits (32 URL-safe characters): beyond guessing however many links exist."""
SHARE_PARAM = "s"
"""The query parameter of a read-only link (``?s=<token>``): the app and ``handoff share`` agree on it."""
UNKNOWN_LINK = "This link was revoked or never existed."
"""The one answer to a token that names nothing: it does not say which of the two it was."""

_s = shares.c


def share_url(token: str) -> str:
    """The app-relative read-only link of a share token: ``?s=<token>``, after the app's address."""
    return f"?{SHARE_PARAM}={token}"


def active_token(connection: Connection, conversion_id: str) -> str | None:
    """The conversion's active token (the oldest, if a race made two), or ``None``."""
    statement = (
        select(_s.token)
        .where(_s.conversion_id == conversion_id, _s.revoked.is_(None))
        .order_by(_s.created, _s.token)
        .limit(1)
    )
    token = connection.execute(statement).scalar()
    return None if token is None else str(token)


def create_token(connection: Connection, conversion_id: str) -> str:
    """A new active token for the conversion (the caller checked it exists)."""
    token = secrets.token_urlsafe(SHARE_TOKEN_BYTES)
    connection.execute(
        insert(shares).values(token=token, conversion_id=conversion_id, created=datetime.now(UTC))
    )
    return token


def revoke(connection: Connection, conversion_id: str) -> bool:
    """Revoke every active token of the conversion; whether there was one."""
    statement = (
        update(shares)
        .where(_s.conversion_id == conversion_id, _s.revoked.is_(None))
        .values(revoked=datetime.now(UTC))
    )
    return bool(connection.execute(statement).rowcount)


def shared_id(connection: Connection, token: str) -> str | None:
    """The id of the conversion an active token names, or ``None`` (unknown or revoked alike)."""
    if not token or len(token) > SHARE_TOKEN_CHARS:
        return None
    statement = select(_s.conversion_id).where(_s.token == token, _s.revoked.is_(None))
    found = connection.execute(statement).scalar()
    return None if found is None else str(found)


def forget(connection: Connection, conversion_id: str) -> None:
    """Delete every token of a conversion being deleted (its links name nothing any more)."""
    connection.execute(shares.delete().where(_s.conversion_id == conversion_id))
