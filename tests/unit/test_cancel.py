"""The cancellation token: set once, checked cheaply, with callbacks for work that cannot poll."""

from __future__ import annotations

import threading

import pytest

from converters.cancel import Cancellation, Cancelled, check


def test_a_new_token_lets_work_go_on_and_a_cancelled_one_stops_it() -> None:
    token = Cancellation()
    token.check()
    check(token)
    check(None)  # no token: nothing can stop the work
    assert not token.cancelled and not token.wait(0)
    token.cancel()
    assert token.cancelled and token.wait(0)
    with pytest.raises(Cancelled):
        token.check()
    with pytest.raises(Cancelled):
        check(token)


def test_callbacks_run_once_on_cancel_and_only_while_registered() -> None:
    token = Cancellation()
    calls: list[str] = []
    with token.on_cancel(lambda: calls.append("left")):
        pass
    with token.on_cancel(lambda: calls.append("inside")):
        token.cancel()
        token.cancel()  # a second cancel runs nothing again
    assert calls == ["inside"]


def test_a_callback_registered_after_the_cancel_runs_at_once() -> None:
    token = Cancellation()
    token.cancel()
    calls: list[str] = []
    with token.on_cancel(lambda: calls.append("late")):
        assert calls == ["late"]


def test_a_failing_callback_does_not_keep_the_others_from_running() -> None:
    token = Cancellation()
    calls: list[str] = []

    def broken() -> None:
        raise RuntimeError("boom")

    with token.on_cancel(broken), token.on_cancel(lambda: calls.append("second")):
        token.cancel()
    assert calls == ["second"] and token.cancelled


def test_a_cancel_from_another_thread_wakes_a_waiter() -> None:
    token = Cancellation()
    thread = threading.Thread(target=token.cancel)
    thread.start()
    assert token.wait(30)
    thread.join()


def test_work_that_cannot_notice_a_stop_in_time_leaves_its_partial_result_for_the_caller() -> None:
    token = Cancellation()
    assert token.partial() is None  # nothing registered
    so_far: list[str] = ["<header>"]
    with token.keeps_partial(lambda: "".join(so_far)):
        so_far.append("<main>")
        assert token.partial() == "<header><main>"  # made when asked, from the work's latest state
    assert token.partial() is None  # the work ended: it hands over its own result now


def test_a_partial_result_that_fails_to_be_made_is_none() -> None:
    token = Cancellation()
    with token.keeps_partial(lambda: 1 / 0):
        assert token.partial() is None
