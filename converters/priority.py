"""Background work yields the CPU to the pages the app serves.

A conversion and fidelity scoring are batch work: when ten sessions convert on two cores, a new
visitor's page should still come at once, and the batch work should have every cycle nobody else
wants. (Not the renderer's browser: lowered, its screenshots stopped matching Playwright's own in
one run out of three, ``test_render``'s pixel test, so it runs at the usual priority.)

The operating system's scheduler does exactly that for a thread with a higher niceness, so
background threads lower their own priority when they start; threads and processes they start
inherit it (Linux keeps niceness per thread).
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Final

BACKGROUND_NICENESS: Final = 10
"""Added to a background thread's niceness: at 10 more, the scheduler gives a thread about a
tenth of the CPU share of one at the default (each step is about 1.25 times), so a page's
request runs first, yet the work alone on the machine still runs at full speed."""


def lower_this_thread() -> bool:
    """Lower the calling thread's CPU priority by ``BACKGROUND_NICENESS``; ``True`` if it was.

    Only Linux keeps niceness per thread (elsewhere ``setpriority`` would slow the whole process,
    page threads included), so elsewhere this does nothing. Raising it back needs privileges,
    so call it only in a thread that does background work to its end."""
    if not sys.platform.startswith("linux"):
        return False
    thread = threading.get_native_id()
    try:
        os.setpriority(os.PRIO_PROCESS, thread, os.getpriority(os.PRIO_PROCESS, thread) + BACKGROUND_NICENESS)
    except OSError:  # a sandbox that forbids it: the work runs, at the usual priority
        return False
    return True
