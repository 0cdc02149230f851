"""Every width works: a candidate's reflow checked across a range of widths, not at two.

``REFLOW_WIDTHS`` (768 and 375 px) miss what breaks in between: a hero whose left padding was
803 px, reset only below 800 px, set its text one syllable per line at 1024 px. The sweep checks
every ``SWEEP_STEP_PX`` from ``SWEEP_FROM_PX`` to ``SWEEP_TO_PX`` (or between a screen's frames)
in one page, resized and measured again (``Renderer.check_reflow``: no screenshot, no reload;
cost in ``benchmarks/reflow_sweep_bench.py``), and says which widths fail and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from converters.fidelity.quality import reflow_problems
from converters.render import MIN_WIDTH, ReflowCheck, Renderer
from converters.targets import Target

SWEEP_FROM_PX: Final = MIN_WIDTH
"""Narrowest width swept (CSS px): the narrowest phones in use, the renderer's narrowest viewport."""
SWEEP_TO_PX: Final = 1440
"""Widest width swept (CSS px): the common wide laptop, beyond the 1280 px most designs are drawn at."""
SWEEP_STEP_PX: Final = 32
"""Between two widths swept (CSS px): 36 widths from 320 to 1440, on which the usual breakpoints
(640, 768, 1024, 1280) fall, and no gap between them wide enough to hide a broken layout (the
issue's case broke from 800 px up to about 1100)."""


@dataclass(frozen=True)
class ReflowSweep:
    """A candidate's reflow checks across a range: loaded ``width`` px wide (what the design meant
    there is not held against it), then checked at each width of ``checks``, narrowest first."""

    width: int
    checks: tuple[ReflowCheck, ...]

    @property
    def passed(self) -> bool:
        """Whether every width passed (``ReflowCheck.passed``)."""
        return all(check.passed for check in self.checks)

    @property
    def failing(self) -> tuple[int, ...]:
        """The widths (CSS px) that failed, narrowest first."""
        return tuple(check.width for check in self.checks if not check.passed)

    def problems(self) -> list[str]:
        """What failed, one line per failing width: "1024 px: 2 texts squeezed narrower than their
        words"; empty when every width passed."""
        failed = [check for check in self.checks if not check.passed]
        return [f"{check.width} px: {', '.join(reflow_problems(check))}" for check in failed]

    def to_dict(self) -> dict[str, Any]:
        """Plain types for JSON: the widths swept, those that failed and each failure in words."""
        return {
            "width": self.width,
            "widths": [check.width for check in self.checks],
            "failing": list(self.failing),
            "problems": self.problems(),
        }


def sweep_widths(
    narrowest: int = SWEEP_FROM_PX, widest: int = SWEEP_TO_PX, step: int = SWEEP_STEP_PX
) -> tuple[int, ...]:
    """The widths to check from ``narrowest`` to ``widest`` (CSS px, both included): those two and
    every multiple of ``step`` between them, narrowest first."""
    if narrowest > widest or step < 1:
        raise ValueError(f"cannot sweep from {narrowest} to {widest} px by {step}")
    inner = range((narrowest // step + 1) * step, widest, step)
    return tuple(sorted({narrowest, *inner, widest}))


def sweep_reflow(
    renderer: Renderer,
    code: str,
    target: Target,
    *,
    width: int,
    widths: tuple[int, ...] | None = None,
) -> ReflowSweep:
    """``code`` (written for ``target``) loaded ``width`` CSS px wide (the design's width) and
    checked at each of ``widths`` (default: ``sweep_widths()``, 320 to 1440 px). Raises
    ``RenderError`` when the page cannot be rendered."""
    chosen = sweep_widths() if widths is None else widths
    return ReflowSweep(width, renderer.check_reflow(code, target, width=width, widths=chosen))


def sweep_frames(renderer: Renderer, code: str, target: Target, frame_widths: tuple[int, ...]) -> ReflowSweep:
    """``code`` for the frames of one screen (``frame_widths``, CSS px, narrowest first) checked at
    every width between them: the widths from each frame up to the next are judged against the page
    loaded at that frame's width, the one whose layout they stretch (a text that breaks at the mobile
    frame's own width is how that frame is drawn, not something the page squeezed), the widest at
    itself. The sweep's ``width`` is the widest frame's."""
    checks: list[ReflowCheck] = []
    for narrow, wide in zip(frame_widths, (*frame_widths[1:], None), strict=True):
        widths = sweep_widths(narrow, wide)[:-1] if wide is not None else (narrow,)
        checks += renderer.check_reflow(code, target, width=narrow, widths=widths)
    return ReflowSweep(frame_widths[-1], tuple(checks))
