"""The app's side of the library: one store per process, saving results as they finish.

The store is opened once per server process and data location (``HANDOFF_DATA_DIR`` or
``HANDOFF_DATABASE_URL``); it is thread-safe, so every session and the scoring thread share it.
A store that cannot be opened or written never costs a user their result: the error is shown
beside the result, which stays on screen and downloadable.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from concurrent.futures import Future

from converters import DesignImage, HandoffError, Settings
from converters.conversion import Conversion, Frame
from converters.errors import StoreError
from converters.fidelity.service import ScoredConversion, ScoredFrames
from converters.store import Store
from converters.store.shares import share_url
from ui.preview_pane import app_origin

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_stores: dict[tuple[str, str], Store] = {}


def open_library(settings: Settings) -> Store:
    """The process's store for these settings (opened on first use); raises ``StoreError``."""
    url = settings.database_url.reveal() if settings.database_url else ""
    key = (str(settings.data_dir), url)
    with _lock:
        store = _stores.get(key)
        if store is None:
            store = _stores[key] = Store.open(settings)
        return store


def library_or_error(settings: Settings) -> Store | StoreError:
    try:
        return open_library(settings)
    except StoreError as exc:
        return exc


def save_result(
    settings: Settings,
    conversion: Conversion,
    design: DesignImage | None,
    *,
    original: bytes | None,
    error: str,
    author: str,
    parent_id: str | None = None,
    frames: tuple[Frame, ...] = (),
    originals: Mapping[str, bytes] | None = None,
) -> str | StoreError:
    """Save a finished (or cut) conversion; its id, or the error that kept it from the library.

    A change asked of a result is the next version of that result (``parent_id``); a new
    conversion of a design already in the library, of that design's latest conversion. Either
    way it takes the parent's title and tags (a renamed design keeps its name). ``author`` is who
    made it (the signed-in user, ``ui.access.author``); with sign-in off it is empty, and the
    parent's author is kept. ``frames``: the frames of one screen it was made from (``design`` is
    the widest), kept with it, with the uploads of their designs in ``originals`` (by sha256).
    """
    try:
        store = open_library(settings)
        latest = None
        if parent_id is not None:
            latest = store.get(parent_id).item
        elif design is not None:
            latest = store.latest_for_design(f"{design.sha256}-{design.page}")
        item = store.save(
            conversion,
            design,
            original=original,
            title=latest.title if latest is not None else "",
            author=author or (latest.author if latest is not None else ""),
            tags=latest.tags if latest is not None else (),
            parent_id=latest.id if latest is not None else None,
            error=error,
            frames=frames,
            originals=originals,
        )
    except StoreError as exc:  # NotFoundError too: the parent was deleted meanwhile
        logger.warning("a result was not saved to the library: %s", exc)
        return exc
    return item.id


def record_scores_when_done(
    settings: Settings, conversion_id: str, future: Future[ScoredConversion] | Future[ScoredFrames]
) -> None:
    """Once scoring finishes, keep its scores and a thumbnail of the rendered result."""

    def done(finished: Future[ScoredConversion] | Future[ScoredFrames]) -> None:
        if finished.cancelled() or finished.exception() is not None:
            return
        try:
            save_scores(open_library(settings), conversion_id, finished.result())
        except HandoffError as exc:  # deleted meanwhile, or the disk filled up: the scores stay on screen
            logger.warning("scores of %s were not saved to the library: %s", conversion_id, exc)

    future.add_done_callback(done)


def save_scores(store: Store, conversion_id: str, scored: ScoredConversion | ScoredFrames) -> None:
    """Keep a scoring's numbers and a thumbnail of the rendered result (for frames: the mean over
    them, and the render at the widest, the design the library keeps); raises ``StoreError``."""
    if isinstance(scored, ScoredFrames):
        measured, picture = scored.scores(), scored.widest.report.candidate.png
    else:
        measured, picture = scored.report.scores(), scored.report.candidate.png
    scores = {name: float(value) for name, value in measured.items() if value is not None}
    store.set_fidelity(conversion_id, scores)
    store.set_result_thumbnail(conversion_id, picture)


def share_link(conversion_id: str) -> str:
    """``<origin>/?c=<id>``: this app's address as the browser reached it (right behind proxies).
    With sign-in on, it opens only for signed-in users (``read_only_link`` is for anyone)."""
    return f"{app_origin() or ''}/?c={conversion_id}"


def read_only_link(token: str) -> str:
    """``<origin>/?s=<token>``: a share token's read-only view (``ui.share_view``), for anyone."""
    return f"{app_origin() or ''}/{share_url(token)}"
