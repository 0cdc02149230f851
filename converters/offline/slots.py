"""How many offline reads run at once in one process: one per core, the others wait their turn.

OCR, detection and layout are CPU-bound. Ten of them at once on two cores finish no sooner than
two at a time would, and they starve everything else the process does: in ``load_bench.py``, a
new visitor's page did not load within two minutes while ten sessions converted. A waiting
conversion says how many are ahead of it and can be stopped while it waits.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Final

from converters.cancel import Cancellation

READS_AT_ONCE: Final = max(1, os.cpu_count() or 1)
"""One read per core: more only time-slices the same cores and slows every page the app serves."""
STOP_POLL_S: Final = 0.25
"""How often a waiting conversion looks whether it was stopped: a stop feels immediate."""


class ReadSlots:
    """A counting gate for reads: ``held(cancel, on_wait)`` enters at once when a slot is free,
    else calls ``on_wait(ahead)`` and waits (raising ``Cancelled`` if ``cancel`` is set)."""

    def __init__(self, count: int = READS_AT_ONCE) -> None:
        self._free = threading.BoundedSemaphore(count)
        self._lock = threading.Lock()
        self._waiting = 0

    @contextmanager
    def held(self, cancel: Cancellation, on_wait: Callable[[int], None]) -> Iterator[None]:
        if not self._free.acquire(blocking=False):
            with self._lock:
                self._waiting += 1
                ahead = self._waiting
            try:
                on_wait(ahead)
                while not self._free.acquire(timeout=STOP_POLL_S):
                    cancel.check()
            finally:
                with self._lock:
                    self._waiting -= 1
        try:
            yield
        finally:
            self._free.release()


READS: Final = ReadSlots()
"""The process's gate, shared by every session's offline conversions."""
