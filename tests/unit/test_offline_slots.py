"""Offline reads take turns: one per slot, the rest wait in line, say so, and can be stopped."""

from __future__ import annotations

import threading

import pytest

from converters.cancel import Cancellation, Cancelled
from converters.offline.slots import ReadSlots

WAIT_S = 30.0  # only a bound for a broken gate to fail instead of hanging; never reached


def test_a_second_read_waits_for_the_first_and_says_where_it_is_in_line() -> None:
    slots = ReadSlots(1)
    inside, release, second_in = threading.Event(), threading.Event(), threading.Event()
    told: list[int] = []

    def first() -> None:
        with slots.held(Cancellation(), told.append):
            inside.set()
            release.wait(WAIT_S)

    def second() -> None:
        with slots.held(Cancellation(), told.append):
            second_in.set()

    one = threading.Thread(target=first)
    one.start()
    assert inside.wait(WAIT_S)
    two = threading.Thread(target=second)
    two.start()
    while not told:  # the second has said it waits
        two.join(0.01)
    assert told == [1] and not second_in.is_set()
    release.set()
    assert second_in.wait(WAIT_S)
    one.join(WAIT_S)
    two.join(WAIT_S)


def test_a_waiting_read_can_be_stopped_and_leaves_the_slot_free() -> None:
    slots = ReadSlots(1)
    stop = Cancellation()
    with slots.held(Cancellation(), lambda _ahead: None):
        stop.cancel()
        with pytest.raises(Cancelled), slots.held(stop, lambda _ahead: None):
            pytest.fail("entered a full gate")
    entered = []
    with slots.held(Cancellation(), entered.append):  # free again, entered at once
        pass
    assert entered == []


def test_a_read_that_fails_gives_its_slot_back() -> None:
    slots = ReadSlots(1)
    with pytest.raises(RuntimeError), slots.held(Cancellation(), lambda _ahead: None):
        raise RuntimeError("boom")
    told: list[int] = []
    with slots.held(Cancellation(), told.append):
        pass
    assert told == []


def test_reads_enter_in_the_order_they_came_and_each_hears_its_place_move_up() -> None:
    slots = ReadSlots(1)
    entered: list[str] = []
    told: dict[str, list[int]] = {"a": [], "b": []}
    release = {name: threading.Event() for name in ("holder", "a", "b")}
    holding = threading.Event()

    def read(name: str) -> None:
        with slots.held(Cancellation(), told[name].append if name in told else (lambda _place: None)):
            entered.append(name)
            holding.set()
            release[name].wait(WAIT_S)

    def started(name: str, until: threading.Event | list[int]) -> threading.Thread:
        thread = threading.Thread(target=read, args=(name,))
        thread.start()
        while not (until.is_set() if isinstance(until, threading.Event) else until):
            thread.join(0.01)
        return thread

    threads = [started("holder", holding), started("a", told["a"]), started("b", told["b"])]
    assert told == {"a": [1], "b": [2]} and entered == ["holder"]
    release["holder"].set()
    while told["b"] != [2, 1]:  # a went in; b is next now
        threads[2].join(0.01)
    assert entered == ["holder", "a"]
    release["a"].set()
    release["b"].set()
    for thread in threads:
        thread.join(WAIT_S)
    assert entered == ["holder", "a", "b"]
