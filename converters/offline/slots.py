"""How many offline reads run at once in one process: one per core, the others wait their turn.

OCR, detection and layout are CPU-bound. Ten of them at once on two cores finish no sooner than
two at a time would, and they starve everything else the process does: in ``load_bench.py``, a
new visitor's page did not load within two minutes while ten sessions converted. A waiting
conversion waits its turn (first come, first served), says its place in line as it moves up, and
can be stopped while it waits.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Final

from converters.cancel import Cancellation

READS_AT_ONCE: Final = max(1, os.cpu_count() or 1)
"""One read per core: more only time-slices the same cores and slows every page the app serves."""
STOP_POLL_S: Final = 0.25
"""How often a waiting conversion looks whether it was stopped: a stop feels immediate."""


class ReadSlots:
    """A first-come, first-served gate for reads: ``held(cancel, on_wait)`` enters at once when a
    slot is free and nobody waits, else waits its turn, calling ``on_wait(place)`` with its place
    in line (1: next) whenever that changes, and raising ``Cancelled`` if ``cancel`` is set."""

    def __init__(self, count: int = READS_AT_ONCE) -> None:
        self._free = count
        self._line: deque[object] = deque()  # one token per waiting read, first in line first
        self._turn = threading.Condition()

    @contextmanager
    def held(self, cancel: Cancellation, on_wait: Callable[[int], None]) -> Iterator[None]:
        token = object()
        told = 0
        with self._turn:
            self._line.append(token)
            try:
                while not (self._free and self._line[0] is token):
                    place = self._line.index(token) + 1
                    if place != told:
                        told = place
                        on_wait(place)
                    self._turn.wait(STOP_POLL_S)
                    cancel.check()
            finally:
                self._line.remove(token)
                self._turn.notify_all()  # the rest move up a place
            self._free -= 1
        try:
            yield
        finally:
            with self._turn:
                self._free += 1
                self._turn.notify_all()


READS: Final = ReadSlots()
"""The process's gate, shared by every session's offline conversions."""
