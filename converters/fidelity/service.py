"""Fidelity scoring in the background, for the app: one Chromium, one job at a time, cached.

``FidelityService.submit`` scores a conversion against its design image and returns a
``Future``; ``submit_frames`` scores one against the frames of a screen, each at its width
(``converters.fidelity.frames``). The design's OCR reference and each report are cached (by the
design's sha256 and CSS width, the code's hash and whether its accessibility was checked), so
showing a result again costs nothing, and so are the text
similarities of the latest designs' candidates, so that a revision, which keeps most of its
texts, is matched faster (with the same scores). The browser starts with the first job and is
closed by ``close``.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Final

from PIL import Image

from converters.fidelity.frames import Scores, mean_scores, score_frames
from converters.fidelity.report import FidelityReport, Reference, reference_from_image, score_candidate
from converters.fidelity.scores import TextSimilarities
from converters.fidelity.sweep import ReflowSweep, sweep_reflow
from converters.priority import lower_this_thread
from converters.render import Renderer, TextBlock
from converters.targets import Target

REFERENCES_KEPT: Final = 8
REPORTS_KEPT: Final = 32
SIMILARITIES_KEPT: Final = 2
"""Designs whose text similarities are kept (up to ~15 MB each): the one being revised, and one
more to go back to."""


@dataclass(frozen=True)
class ScoredConversion:
    """A finished job: the reference it was measured against and the report."""

    reference: Reference
    report: FidelityReport


@dataclass(frozen=True)
class ScoredFrames:
    """A finished frames job: each frame's reference and report, narrowest first."""

    frames: tuple[ScoredConversion, ...]

    @property
    def widths(self) -> tuple[int, ...]:
        """The frames' widths (CSS px) the candidate was rendered at, narrowest first."""
        return tuple(frame.reference.css_width for frame in self.frames)

    @property
    def widest(self) -> ScoredConversion:
        return self.frames[-1]

    def scores(self) -> Scores:
        """The mean over the frames (``mean_scores``), by ``Score.key``."""
        return mean_scores([frame.report.scores() for frame in self.frames])


@dataclass(frozen=True)
class FrameDesign:
    """One frame to score against: ``key`` names its design for the caches (its sha256, with
    its page for a page of a document), ``image`` is read on the worker thread only, ``width``
    is the frame's CSS width (the candidate is rendered at it), ``blocks`` its text blocks when
    its file states them (``design_blocks``; ``None``: OCR reads them)."""

    key: str
    image: Image.Image
    width: int
    blocks: tuple[TextBlock, ...] | None = None


class FidelityService:
    """Scores conversions on a worker thread; thread-safe; ``close`` when done."""

    def __init__(self, renderer_factory: Callable[[], Renderer] = Renderer) -> None:
        self._factory = renderer_factory
        self._renderer: Renderer | None = None
        self._executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="handoff-fidelity", initializer=lower_this_thread
        )
        self._lock = threading.Lock()
        self._references: OrderedDict[tuple[str, int | None], Reference] = OrderedDict()
        self._similarities: OrderedDict[tuple[str, int | None], TextSimilarities] = OrderedDict()
        self._jobs: OrderedDict[tuple[str, int | None, str, str, bool], Future[ScoredConversion]] = (
            OrderedDict()
        )
        self._frame_jobs: OrderedDict[
            tuple[tuple[tuple[str, int], ...], str, str, bool], Future[ScoredFrames]
        ] = OrderedDict()

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
        """Score ``code`` against the design (its image is only read, on the worker thread).

        ``css_width``: the design's width in CSS px, which the candidate is rendered at
        (``design_css_width``); ``None`` guesses it from the image, as for a raster upload.
        ``a11y``: check its accessibility too (the app's result view; check-and-revise does not
        ask, to stay fast); a job that checked it answers a later request without.
        ``blocks``: the design's text blocks when its file states them (``design_blocks``, image
        pixels); ``None``: OCR reads them from the image.
        """
        digest = hashlib.sha256(code.encode()).hexdigest()
        key = (design_sha256, css_width, digest, target.value, a11y)
        with self._lock:
            for candidate in (key, (*key[:4], True)) if not a11y else (key,):
                job = self._jobs.get(candidate)
                if job is not None and not (job.done() and job.exception() is not None):
                    self._jobs.move_to_end(candidate)
                    return job
            job = self._executor.submit(
                self._score, design_sha256, css_width, image, code, target, a11y, blocks
            )
            self._jobs[key] = job
            while len(self._jobs) > REPORTS_KEPT:
                self._jobs.popitem(last=False)
            return job

    def submit_frames(
        self, frames: Sequence[FrameDesign], code: str, target: Target, *, a11y: bool = False
    ) -> Future[ScoredFrames]:
        """Score ``code`` against each of ``frames`` (narrowest first, two or more), rendered at
        each frame's width (``score_frames``); ``a11y`` checks the render at the widest frame.
        A finished job is kept, as ``submit`` keeps them; a failed one is tried again."""
        digest = hashlib.sha256(code.encode()).hexdigest()
        key = (tuple((frame.key, frame.width) for frame in frames), digest, target.value, a11y)
        with self._lock:
            job = self._frame_jobs.get(key)
            if job is not None and not (job.done() and job.exception() is not None):
                self._frame_jobs.move_to_end(key)
                return job
            job = self._executor.submit(self._score_frames, tuple(frames), code, target, a11y)
            self._frame_jobs[key] = job
            while len(self._frame_jobs) > REPORTS_KEPT:
                self._frame_jobs.popitem(last=False)
            return job

    def sweep(
        self, code: str, target: Target, *, width: int, widths: tuple[int, ...] | None = None
    ) -> Future[ReflowSweep]:
        """Check on the worker thread how ``code`` reflows at every width of ``widths`` (default
        ``sweep_widths()``: every 32 px from 320 to 1440), loaded ``width`` CSS px wide (the
        design's width): ``converters.fidelity.sweep``. Not cached: the app asks once a result."""
        return self._executor.submit(self._sweep, code, target, width, widths)

    def close(self) -> None:
        """Finish the running job, drop queued ones and close the browser."""
        self._executor.shutdown(wait=True, cancel_futures=True)
        if self._renderer is not None:
            self._renderer.close()
            self._renderer = None

    def _sweep(self, code: str, target: Target, width: int, widths: tuple[int, ...] | None) -> ReflowSweep:
        if self._renderer is None:
            self._renderer = self._factory()
        return sweep_reflow(self._renderer, code, target, width=width, widths=widths)

    def _score(
        self,
        design_sha256: str,
        css_width: int | None,
        image: Image.Image,
        code: str,
        target: Target,
        a11y: bool,
        blocks: Sequence[TextBlock] | None = None,
    ) -> ScoredConversion:
        reference = self._reference(design_sha256, css_width, image, blocks)
        similarities = self._similarities_of(design_sha256, css_width)
        if self._renderer is None:
            self._renderer = self._factory()
        # A page that hangs or crashes the browser fails only its own job: the renderer replaces
        # its browser before the next one (see ``converters.render.Renderer``).
        report = score_candidate(
            self._renderer, reference, code, target, similarities=similarities, a11y=a11y
        )
        # The next job is most likely this design's next answer, seconds away: its page (and the
        # JSX compiler) are made in the meantime, not while it waits.
        self._renderer.prepare(reference.css_width, target)
        return ScoredConversion(reference, report)

    def _score_frames(
        self, frames: tuple[FrameDesign, ...], code: str, target: Target, a11y: bool
    ) -> ScoredFrames:
        references = [self._reference(frame.key, frame.width, frame.image, frame.blocks) for frame in frames]
        similarities = [self._similarities_of(frame.key, frame.width) for frame in frames]
        if self._renderer is None:
            self._renderer = self._factory()
        reports = score_frames(self._renderer, references, code, target, a11y=a11y, similarities=similarities)
        self._renderer.prepare(max(frame.width for frame in frames), target)
        return ScoredFrames(
            tuple(
                ScoredConversion(reference, report)
                for reference, report in zip(references, reports, strict=True)
            )
        )

    def _reference(
        self, design_key: str, css_width: int | None, image: Image.Image, blocks: Sequence[TextBlock] | None
    ) -> Reference:
        """The design's reference at ``css_width``, read (OCR) once and kept (worker thread only)."""
        reference = self._references.get((design_key, css_width))
        if reference is None:
            reference = reference_from_image(image, blocks=blocks, css_width=css_width)
            self._references[(design_key, css_width)] = reference
            while len(self._references) > REFERENCES_KEPT:
                self._references.popitem(last=False)
        return reference

    def _similarities_of(self, design_key: str, css_width: int | None) -> TextSimilarities:
        """The text similarities kept for the design at ``css_width`` (worker thread only)."""
        similarities = self._similarities.pop((design_key, css_width), None) or TextSimilarities()
        self._similarities[(design_key, css_width)] = similarities
        while len(self._similarities) > SIMILARITIES_KEPT:
            self._similarities.popitem(last=False)
        return similarities
