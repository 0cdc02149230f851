"""Times as the person reading the page would say them: in their browser's time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st


def viewer_zone() -> ZoneInfo | None:
    """The browser's time zone (``st.context.timezone``), if it sent a known one."""
    name = st.context.timezone
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # a browser can send anything
        return None


def local_time(moment: datetime | str) -> str:
    """``moment`` (an aware datetime, or ISO 8601; naive means UTC) as "3 Dec 2026, 06:39" in
    the viewer's zone, or in UTC, said so, when the browser did not tell its zone. A string that
    is not a time comes back as it is."""
    if isinstance(moment, str):
        text = moment
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    zone = viewer_zone()
    shown = moment.astimezone(zone or UTC)
    text = f"{shown.day} {shown:%b %Y, %H:%M}"
    return text if zone is not None else f"{text} UTC"
