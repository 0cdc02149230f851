"""Scoring a candidate against the frames of a screen (``converters.fidelity.frames``) and the
service's frames jobs, with a stand-in renderer that draws nothing but says what it was asked
(the real renders are covered end to end in ``tests/e2e/test_app_frames.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest

from converters.a11y import A11yReport
from converters.fidelity.frames import mean_scores, score_frames
from converters.fidelity.report import Reference
from converters.fidelity.service import FidelityService, FrameDesign
from converters.fidelity.vocabulary import BLOCK, REFLOW
from converters.render import PageStructure, Rendering, TextBlock
from converters.targets import Target
from tests.builders import encode, mock_ui

HEADLINE = TextBlock("Welcome", 20, 10, 120, 30, (255, 255, 255))


@dataclass
class _Renderer:
    """Renders every page as the ``mock_ui`` of its width with one text block; records each call."""

    calls: list[tuple[int, bool]] = field(default_factory=list)
    prepared: list[int] = field(default_factory=list)

    def render_code(
        self,
        code: str,
        target: Target,
        *,
        width: int = 1280,
        structure: bool = False,
        reflow: Sequence[int] = (),
        a11y: bool = False,
    ) -> Rendering:
        self.calls.append((width, a11y))
        return Rendering(
            png=encode(mock_ui(width, 400), "PNG"),
            width=width,
            height=400,
            blocks=(HEADLINE,),
            status="rendered",
            structure=PageStructure((), ()),
            a11y=A11yReport((), ()) if a11y else None,
        )

    def prepare(self, width: int = 1280, target: Target | None = None) -> None:
        self.prepared.append(width)

    def close(self) -> None:
        pass


def _reference(width: int) -> Reference:
    return Reference(
        kind="image",
        png=encode(mock_ui(width, 400), "PNG"),
        width=width,
        height=400,
        css_width=width,
        blocks=(HEADLINE,),
        structure=None,
    )


def test_each_frame_is_rendered_at_its_width_and_checked_for_accessibility_at_the_widest() -> None:
    renderer = _Renderer()
    reports = score_frames(
        renderer,  # type: ignore[arg-type]
        [_reference(390), _reference(1280)],
        "<p>Welcome</p>",
        Target.HTML_CSS,
        a11y=True,
    )
    assert renderer.calls == [(390, False), (1280, True)]
    assert [report.candidate.width for report in reports] == [390, 1280]
    assert reports[0].blocks.block == pytest.approx(1.0)  # the same text in the same place


def test_score_frames_needs_references_and_one_similarities_per_reference() -> None:
    with pytest.raises(ValueError, match="at least one reference"):
        score_frames(_Renderer(), [], "", Target.HTML_CSS)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="one TextSimilarities per reference"):
        score_frames(_Renderer(), [_reference(390)], "", Target.HTML_CSS, similarities=[None, None])  # type: ignore[arg-type]


def test_the_mean_of_frames_skips_missing_scores_and_reflow_passes_only_if_all_do() -> None:
    scores = mean_scores(
        [{BLOCK.key: 0.5, REFLOW.key: True}, {BLOCK.key: 1.0, REFLOW.key: False}, {BLOCK.key: None}]
    )
    assert scores[BLOCK.key] == pytest.approx(0.75)
    assert scores[REFLOW.key] is False


def test_the_service_scores_frames_in_one_job_and_keeps_it() -> None:
    renderer = _Renderer()
    service = FidelityService(lambda: renderer)  # type: ignore[arg-type,return-value]
    frames = [
        FrameDesign("mobile-1", mock_ui(390, 400), 390, (HEADLINE,)),
        FrameDesign("desktop-1", mock_ui(1280, 400), 1280, (HEADLINE,)),
    ]
    try:
        future = service.submit_frames(frames, "<p>Welcome</p>", Target.HTML_CSS, a11y=True)
        scored = future.result(timeout=30)
        again = service.submit_frames(frames, "<p>Welcome</p>", Target.HTML_CSS, a11y=True)
    finally:
        service.close()
    assert again is future  # one job per frames, code and target
    assert scored.widths == (390, 1280)
    assert scored.widest.report.candidate.width == 1280
    assert renderer.calls == [(390, False), (1280, True)]
    assert renderer.prepared == [1280]
    per_frame = [frame.report.scores()[BLOCK.key] for frame in scored.frames]
    assert scored.scores()[BLOCK.key] == pytest.approx(sum(per_frame) / 2)  # type: ignore[arg-type]
