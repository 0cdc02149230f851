"""A stand-in for the app's ``FidelityService`` and a scored conversion built by hand.

The real service starts Chromium and the OCR models; the AppTest suite injects ``FakeFidelityService``
instead (``tests/app/conftest.py``), whose ``submit`` hands back a future already holding
``outcome``: a ``ScoredConversion``, an exception, or ``None`` for a job that never finishes.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace

from PIL import Image

from converters.a11y import A11yReport, CheckResult, Contrast, Finding
from converters.fidelity.quality import QualityScores, Semantics
from converters.fidelity.report import FidelityReport, Reference
from converters.fidelity.scores import BlockScores, Match
from converters.fidelity.service import FrameDesign, ScoredConversion, ScoredFrames
from converters.render import PageStructure, ReflowCheck, Rendering, TextBlock
from converters.targets import Target
from tests.builders import encode, mock_ui

WHITE = (255, 255, 255)
SLATE = (71, 85, 105)


A11Y_REPORT = A11yReport(
    checks=(
        CheckResult("contrast", passed=3, failed=1, unsure=1),
        CheckResult("image_alt", passed=1),
        CheckResult("form_labels"),
        CheckResult("button_names"),
        CheckResult("link_names", passed=2),
        CheckResult("heading_order"),
        CheckResult("landmarks", passed=2, failed=1),
        CheckResult("keyboard", passed=2, failed=1),
    ),
    findings=(
        Finding(
            "contrast",
            "body > footer > p",
            'p "Extra line"',
            "Element has insufficient color contrast of 2.1",
            (30, 740, 120, 16),
            Contrast(2.1, 4.5, "#aaaaaa", "#ffffff"),
        ),
        Finding("landmarks", "html", "the page", "Document should have one main landmark"),
        Finding(
            "keyboard",
            "body > div:nth-of-type(2)",
            'div "Sign up"',
            'A <div> is not focusable: give it tabindex="0" and key handling, or use a <button> or <a href>.',
            (30, 700, 80, 20),
        ),
    ),
)
"""The result's accessibility report in ``scored_conversion``."""


def scored_conversion(*, reference_blocks: bool = True) -> ScoredConversion:
    """A 640 x 400 design against a 640 x 800 result, with hand-picked scores.

    Fidelity: Block 90%, Text 95%, Position 80%, Color 70%, Visual 60% (mean 79%). Blocks: two
    matched, one missing ("Old footer"), one extra ("Extra line"). Code quality: 25% absolute,
    reflow fails at 375 px, landmarks pass, headings fail, no TreeBLEU (an image reference).
    Accessibility (``A11Y_REPORT``): contrast, landmarks and keyboard fail, image alt and link
    names pass, the rest do not apply: 2 of 5 checks, 40%.
    ``reference_blocks=False``: the design's OCR found no text (every block score is then 0).
    """
    design_blocks = (
        TextBlock("Welcome", 20, 20, 140, 30, WHITE),
        TextBlock("Sign up", 30, 360, 80, 20, WHITE),
        TextBlock("Old footer", 400, 370, 100, 16, SLATE),
    )
    result_blocks = (
        TextBlock("Welcome", 24, 24, 140, 30, WHITE),
        TextBlock("Sign up", 30, 700, 80, 20, WHITE),
        TextBlock("Extra line", 30, 740, 120, 16, SLATE),
    )
    reference = Reference(
        kind="image",
        png=encode(mock_ui(640, 400), "PNG"),
        width=640,
        height=400,
        css_width=640,
        blocks=design_blocks if reference_blocks else (),
        structure=None,
    )
    candidate = Rendering(
        png=encode(Image.new("RGB", (640, 800), "white"), "PNG"),
        width=640,
        height=800,
        blocks=result_blocks,
        status="rendered",
        structure=PageStructure((), ()),
        a11y=A11Y_REPORT,
    )
    if reference_blocks:
        blocks = BlockScores(
            block=0.9,
            text=0.95,
            position=0.8,
            color=0.7,
            matches=(Match((0,), (0,), 1.0, 0.99, 1.0), Match((1,), (1,), 0.9, 0.61, 0.4)),
            missing=(2,),
            extra=(2,),
        )
    else:
        blocks = BlockScores(0.0, 0.0, 0.0, 0.0, (), (), (0, 1, 2))
    quality = QualityScores(
        absolute_share=0.25,
        reflow=False,
        reflow_checks=(ReflowCheck(768, 0.0, 0, 0), ReflowCheck(375, 42.4, 3, 1)),
        semantics=Semantics(landmarks=True, headings=False, controls=None, images=None),
        tree_bleu=None,
    )
    report = FidelityReport(blocks=blocks, visual=0.6, quality=quality, candidate=candidate)
    return ScoredConversion(reference, report)


@dataclass
class FakeFidelityService:
    """Answers every ``submit`` with a future holding ``outcome`` (``None``: still running).

    ``submitted``, ``css_widths``, ``a11y`` and ``blocks`` record each call, in order.
    ``submit_frames`` answers with ``frame_outcomes`` (one per frame, narrowest first; by default
    ``outcome`` for each, its reference at the frame's width) or the exception in ``outcome``;
    ``frame_jobs`` records each call's frames (key and width) and code."""

    outcome: ScoredConversion | BaseException | None = field(default_factory=scored_conversion)
    submitted: list[tuple[str, str, Target]] = field(default_factory=list)
    css_widths: list[int | None] = field(default_factory=list)
    a11y: list[bool] = field(default_factory=list)
    blocks: list[Sequence[TextBlock] | None] = field(default_factory=list)
    frame_outcomes: Sequence[ScoredConversion] | None = None
    frame_jobs: list[tuple[tuple[tuple[str, int], ...], str]] = field(default_factory=list)

    def submit(
        self,
        design_sha256: str,
        image: Image.Image,
        code: str,
        target: Target,
        *,
        css_width: int | None = None,
        a11y: bool = False,
        blocks: Sequence[TextBlock] | None = None,
    ) -> Future[ScoredConversion]:
        self.submitted.append((design_sha256, code, target))
        self.blocks.append(blocks)
        self.a11y.append(a11y)
        self.css_widths.append(css_width)
        future: Future[ScoredConversion] = Future()
        if isinstance(self.outcome, BaseException):
            future.set_exception(self.outcome)
        elif self.outcome is not None:
            future.set_result(self.outcome)
        return future

    def submit_frames(
        self, frames: Sequence[FrameDesign], code: str, target: Target, *, a11y: bool = False
    ) -> Future[ScoredFrames]:
        self.frame_jobs.append((tuple((frame.key, frame.width) for frame in frames), code))
        self.a11y.append(a11y)
        future: Future[ScoredFrames] = Future()
        if isinstance(self.outcome, BaseException):
            future.set_exception(self.outcome)
        elif self.frame_outcomes is not None:
            future.set_result(ScoredFrames(tuple(self.frame_outcomes)))
        elif self.outcome is not None:
            outcome = self.outcome
            future.set_result(
                ScoredFrames(
                    tuple(
                        replace(outcome, reference=replace(outcome.reference, css_width=frame.width))
                        for frame in frames
                    )
                )
            )
        return future

    def close(self) -> None:
        """Nothing to close."""
