"""A cancellation token: one thread asks work running in another to stop, soon and cleanly.

Work that runs in steps polls the token between them (``check`` raises ``Cancelled``); work that
blocks inside a library for longer than a user will wait (an onnxruntime run of the OCR
detector: seconds on a large page) registers a callback with ``on_cancel`` that interrupts it.
The token knows nothing of what it stops, so every layer can take one: ``converters.ocr``
(between recogniser batches, and inside a run), ``converters.offline`` (between stages),
the engines (``Converter.convert(..., cancel=...)``) and ``converters.jobs`` (``stop()``).

``Cancelled`` is control flow, not an error: the layer that started the work turns it into its
own outcome (an engine raises ``ConversionStoppedError``; a job reports itself stopped).

Some work cannot notice a stop in time at all (a read waiting on a model endpoint that has gone
silent wakes only when the endpoint sends again). It says how to make what it has so far with
``keeps_partial``; a caller that stops waiting for it takes that (``partial``) instead of nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

logger = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised by ``Cancellation.check`` (and by work that watches a token) once it is cancelled."""


class Cancellation:
    """A flag that is set once (``cancel``) and never cleared, with callbacks run when it is set.

    Thread-safe. Callbacks run once, in the thread that calls ``cancel`` (they must be quick and
    must not raise: an exception is logged and the other callbacks still run), or at once in the
    registering thread when the token is already cancelled.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: dict[int, Callable[[], None]] = {}
        self._next_id = 0
        self._partial: Callable[[], object] | None = None

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        """Ask the work to stop; later calls do nothing."""
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            callbacks = list(self._callbacks.values())
            self._callbacks.clear()
        for callback in callbacks:
            _run(callback)

    def check(self) -> None:
        """Raise ``Cancelled`` when the token is cancelled; a cheap call for loops and stage edges."""
        if self._event.is_set():
            raise Cancelled

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the token is cancelled or ``timeout`` seconds pass; ``True`` if cancelled."""
        return self._event.wait(timeout)

    @contextmanager
    def on_cancel(self, callback: Callable[[], None]) -> Iterator[None]:
        """Run ``callback`` if the token is cancelled while the ``with`` block runs (or already is)."""
        key: int | None = None
        with self._lock:
            if not self._event.is_set():
                key = self._next_id
                self._next_id += 1
                self._callbacks[key] = callback
        if key is None:
            _run(callback)
        try:
            yield
        finally:
            if key is not None:
                with self._lock:
                    self._callbacks.pop(key, None)

    @contextmanager
    def keeps_partial(self, make: Callable[[], object]) -> Iterator[None]:
        """While the ``with`` block runs, ``partial()`` returns what ``make`` returns: the work's
        result so far. ``make`` runs in the caller's thread, so it must only read the work's state."""
        with self._lock:
            self._partial = make
        try:
            yield
        finally:
            with self._lock:
                self._partial = None

    def partial(self) -> object | None:
        """What the work registered with ``keeps_partial`` has made so far, or ``None`` (nothing
        registered, or making it failed: that is logged)."""
        with self._lock:
            make = self._partial
        if make is None:
            return None
        try:
            return make()
        except Exception:
            logger.exception("making the partial result of stopped work failed")
            return None


def check(cancel: Cancellation | None) -> None:
    """``cancel.check()``, for the many functions whose token is optional."""
    if cancel is not None:
        cancel.check()


def _run(callback: Callable[[], None]) -> None:
    try:
        callback()
    except Exception:
        logger.exception("a cancellation callback failed")
