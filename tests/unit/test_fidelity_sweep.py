"""The reflow sweep's widths and what it reports (the browser side: tests/e2e/test_reflow_sweep.py)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence

import pytest

from converters.fidelity.service import FidelityService
from converters.fidelity.sweep import (
    SWEEP_FROM_PX,
    SWEEP_STEP_PX,
    SWEEP_TO_PX,
    ReflowSweep,
    sweep_frames,
    sweep_widths,
)
from converters.render import MIN_WIDTH, ReflowCheck
from converters.targets import Target


def test_the_default_sweep_is_every_32_px_from_320_to_1440() -> None:
    widths = sweep_widths()
    assert (SWEEP_FROM_PX, SWEEP_TO_PX, SWEEP_STEP_PX) == (MIN_WIDTH, 1440, 32)
    assert widths[0] == 320 and widths[-1] == 1440 and len(widths) == 36
    assert {640, 768, 800, 1024, 1280} <= set(widths)  # the usual breakpoints, and the 800
    assert all(b - a == 32 for a, b in itertools.pairwise(widths))


def test_a_range_between_frames_has_both_ends_and_the_steps_between() -> None:
    widths = sweep_widths(390, 1280)
    assert widths[:3] == (390, 416, 448) and widths[-2:] == (1248, 1280)
    assert sweep_widths(400, 400) == (400,)
    with pytest.raises(ValueError, match="cannot sweep from 1280 to 390"):
        sweep_widths(1280, 390)


def check(width: int, **counts: float) -> ReflowCheck:
    values = {"overflow_px": 0.0, "overlaps": 0, "clipped": 0, **counts}
    return ReflowCheck(
        width,
        float(values["overflow_px"]),
        int(values["overlaps"]),
        int(values["clipped"]),
        squeezed=int(values.get("squeezed", 0)),
    )


def test_a_sweep_says_which_widths_fail_and_why() -> None:
    sweep = ReflowSweep(1280, (check(768), check(800, squeezed=2), check(1024, squeezed=1, overflow_px=83)))
    assert not sweep.passed and sweep.failing == (800, 1024)
    assert sweep.problems() == [
        "800 px: 2 texts squeezed narrower than their words",
        "1024 px: 83 px wider than the screen, 1 text squeezed narrower than their words",
    ]
    data = sweep.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data == {
        "width": 1280,
        "widths": [768, 800, 1024],
        "failing": [800, 1024],
        "problems": sweep.problems(),
    }
    assert ReflowSweep(1280, (check(768),)).passed and ReflowSweep(1280, (check(768),)).problems() == []


class _Measuring:
    """A renderer that answers ``check_reflow`` from a table, and remembers what it was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, Target, int, tuple[int, ...]]] = []

    def check_reflow(
        self, code: str, target: Target, *, width: int, widths: Sequence[int]
    ) -> tuple[ReflowCheck, ...]:
        self.asked.append((code, target, width, tuple(widths)))
        return tuple(check(w, squeezed=1 if w == 1024 else 0) for w in widths)

    def close(self) -> None:
        pass


def test_the_app_can_ask_the_fidelity_service_for_a_sweep() -> None:
    measuring = _Measuring()
    service = FidelityService(lambda: measuring)  # type: ignore[arg-type, return-value]
    try:
        sweep = service.sweep("<main>Hi</main>", Target.HTML_CSS, width=1280).result(timeout=10)
    finally:
        service.close()
    assert measuring.asked == [("<main>Hi</main>", Target.HTML_CSS, 1280, sweep_widths())]
    assert sweep.failing == (1024,) and sweep.width == 1280


def test_a_screens_frames_are_swept_each_against_the_page_at_the_frame_whose_layout_it_stretches() -> None:
    measuring = _Measuring()
    sweep = sweep_frames(measuring, "<main>Hi</main>", Target.HTML_CSS, (390, 768, 1280))  # type: ignore[arg-type]
    assert [(width, widths[0], widths[-1]) for _, _, width, widths in measuring.asked] == [
        (390, 390, 736),  # the mobile layout from its own width up to the tablet frame
        (768, 768, 1248),
        (1280, 1280, 1280),
    ]
    assert sweep.width == 1280 and sweep.failing == (1024,)
    assert [check.width for check in sweep.checks] == list(sweep_widths(390, 1280))
