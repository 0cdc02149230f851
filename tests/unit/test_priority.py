"""Background threads lower their own CPU priority, and only their own (Linux keeps niceness per
thread), so the pages the app serves come first."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from converters.priority import BACKGROUND_NICENESS, lower_this_thread

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="niceness per thread is Linux's")


def _niceness() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


@linux_only
def test_a_background_thread_and_the_threads_it_starts_run_lower_and_the_caller_does_not() -> None:
    before = _niceness()
    seen: dict[str, int | bool] = {}

    def child() -> None:
        seen["child"] = _niceness()

    def background() -> None:
        seen["lowered"] = lower_this_thread()
        seen["background"] = _niceness()
        started = threading.Thread(target=child)
        started.start()
        started.join()

    thread = threading.Thread(target=background)
    thread.start()
    thread.join()

    expected = min(before + BACKGROUND_NICENESS, 19)  # the kernel caps niceness at 19
    assert seen == {"lowered": True, "background": expected, "child": expected}
    assert _niceness() == before


def test_a_refused_change_leaves_the_work_running(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise PermissionError("not allowed here")

    monkeypatch.setattr(os, "setpriority", refuse)
    assert lower_this_thread() is False
