"""The ``offline`` engine: detect -> classify -> layout -> emit, on this machine, with no key.

Deterministic: the same image and target give byte-identical code. Geometry is in CSS px: a
vector design (SVG, PDF) is read at the size its file declares, whatever it was rendered at, and
from its file's text and shapes when it has live text (``read_design_of``), a picture the way its
kind suits (a sketch photo, a wireframe, a screenshot: ``converters.offline.routing``, the kind
guessed unless the request names it); raster designs wider
than ``MAX_CSS_WIDTH`` (``converters.offline.reading``) are taken to be 2x screenshots and halved.

Progress comes as a ``StageEvent`` per stage (see ``STAGES``; the OCR stages also count their
regions and lines) and a ``StatusEvent`` in words as each stage begins. Stopping: the engine
checks its ``Cancellation`` between stages, before each OCR region and recogniser batch, between
the steps of shape detection, and terminates a model run in progress (see ``converters.ocr``),
so it stops within a fraction of a second; an ``on_event`` that raises ``StopConversion`` stops
it the same way. Nothing is kept: the code is written only at the end.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from datetime import UTC, datetime
from typing import Final

from converters.cancel import Cancellation, Cancelled
from converters.conversion import (
    CodeEvent,
    Conversion,
    ConversionRequest,
    EventHandler,
    StageEvent,
    StatusEvent,
    StopConversion,
    Timings,
)
from converters.errors import ConversionStoppedError, EngineError, EngineUnavailableError, HandoffError
from converters.intake import DesignImage
from converters.intake.kinds import DesignKind
from converters.offline.detect import DetectPhase
from converters.offline.figma import read_figma
from converters.offline.frames_code import frames_code
from converters.offline.reading import DesignRead, write_code
from converters.offline.routing import read_design_of
from converters.offline.slots import READS

PIPELINE_VERSION: Final = "14"
"""Bumped when the same design would give different code: it is the Conversion's model id."""

STAGES: Final = (
    ("Finding the text", "regions"),
    ("Reading the text", "lines"),
    ("Finding shapes", ""),
    ("Laying out", ""),
    ("Writing the code", ""),
)
"""The pipeline's stages as ``StageEvent`` names them, in order, with the unit each one counts."""
_STAGE_OF_PHASE: Final[dict[DetectPhase, int]] = {"detect": 1, "recognise": 2, "shapes": 3}
CHANGES_NEED_A_MODEL: Final = (
    "The offline engine cannot make changes asked in words: it lays out the design as it is. "
    "Set up a model engine to ask for changes: on the Settings page choose Kimi (with a Moonshot "
    "key) or an OpenAI-compatible endpoint, or set MOONSHOT_API_KEY or OPENAI_API_KEY and "
    "restart. Its changes start from this result's code."
)


class OfflineEngine:
    """Converts a design with OCR and computer vision; no network, no key."""

    name = "offline"
    needs_key = False

    def convert(
        self,
        request: ConversionRequest,
        on_event: EventHandler | None = None,
        *,
        cancel: Cancellation | None = None,
    ) -> Conversion:
        """Convert ``request`` (see the module's docstring for progress and stopping). Raises
        ``ConversionStoppedError`` (no partial result) when stopped, ``EngineError`` when the
        design cannot be read, ``OcrError`` when the OCR models fail."""
        if request.revision is not None:
            raise EngineUnavailableError(CHANGES_NEED_A_MODEL)
        started_at = datetime.now(UTC).isoformat(timespec="seconds")
        started = time.perf_counter()
        # Our own token, cancelled by the caller's and by an on_event that raises StopConversion
        # from inside the OCR (whose worker threads must not see that exception).
        stop = Cancellation()
        try:
            progress = _Progress(on_event, stop)
            watching = cancel.on_cancel(stop.cancel) if cancel is not None else contextlib.nullcontext()
            with watching, READS.held(stop, progress.waiting):
                code, read, joined = self._run(request, progress)
        except (StopConversion, Cancelled) as exc:
            seconds = time.perf_counter() - started
            raise ConversionStoppedError(
                f"Stopped after {seconds:.1f} s, before any code was written.", partial=None
            ) from exc
        detection = read.detection
        warnings = list(detection.warnings) + list(joined)
        if not detection.lines and not detection.shapes:
            warnings.append(
                "No text or shapes were found: the page is empty. Is the design blank or very faint?"
            )
        elif not detection.lines:
            warnings.append("No readable text was found; text in the result is placeholder text.")
        if request.instructions.strip():
            warnings.append(
                "Your instructions were not followed: the offline engine lays out the design as it "
                "is. A model engine (Kimi K2.5, or an OpenAI-compatible endpoint: Settings) reads them."
            )
        first_code = time.perf_counter() - started
        if on_event is not None:
            with contextlib.suppress(StopConversion):  # the code is complete already: keep it
                on_event(CodeEvent(code))
        total = time.perf_counter() - started
        return Conversion(
            code=code,
            target=request.target,
            engine=self.name,
            model=f"offline-{PIPELINE_VERSION}",
            prompt_name="offline pipeline",
            prompt_hash=hashlib.sha256(f"offline-{PIPELINE_VERSION}".encode()).hexdigest(),
            timings=Timings(started_at=started_at, total_s=total, first_byte_s=None, first_code_s=first_code),
            usage=None,
            warnings=tuple(warnings),
            notes=read.notes,
            design_sha256=request.design.sha256,
        )

    def close(self) -> None:
        """Nothing to release: the OCR models stay loaded for the process (loaded once)."""

    def _run(
        self, request: ConversionRequest, progress: _Progress
    ) -> tuple[str, DesignRead, tuple[str, ...]]:
        """The code for ``request``, how its design was read and the warnings of joining its
        frames (``frames_code``); raises ``StopConversion`` or ``Cancelled`` when stopped."""
        try:
            if request.frames:
                reads = [self._read(frame.design, request.kind, progress) for frame in request.frames]
                progress.stage(5)
                widths = [frame.width for frame in request.frames]
                code, warnings = frames_code(reads, widths, request.target, request.design.source_name)
                return code, reads[-1], warnings
            read = self._read(request.design, request.kind, progress)
            progress.stage(5)
            return write_code(read, request.target, request.design.source_name), read, ()
        except HandoffError:
            raise
        except (ValueError, RuntimeError, MemoryError) as exc:
            raise EngineError(
                f"The offline engine could not read this design ({exc}). Try a clearer image."
            ) from exc

    def _read(self, design: DesignImage, kind: DesignKind | None, progress: _Progress) -> DesignRead:
        """How ``design`` reads: from its Figma frame's nodes (no OCR), else its file or its pixels
        as ``kind`` (``None``: guessed) suits (``read_design_of``)."""
        if design.figma is not None:
            progress.stage(4)
            return read_figma(design.figma.document, design.figma.components)
        progress.stage(1)
        return read_design_of(
            design,
            kind=kind,
            cancel=progress.cancel,
            on_progress=progress.phase,
            before_layout=lambda: progress.stage(4),
        )


class _Progress:
    """The engine's events for its stages, and its stop token (see ``OfflineEngine.convert``)."""

    def __init__(self, on_event: EventHandler | None, cancel: Cancellation) -> None:
        self.on_event = on_event
        self.cancel = cancel
        self._current = 0

    def stage(self, index: int, done: int = 0, total: int = 0) -> None:
        """Report stage ``index`` (1-based in ``STAGES``) begun, or ``done`` of ``total`` in it;
        raises ``Cancelled`` or ``StopConversion`` when the conversion is to stop."""
        self.cancel.check()
        if self.on_event is None:
            return
        name, unit = STAGES[index - 1]
        if index != self._current:
            self._current = index
            self.on_event(StatusEvent(f"{name}…"))
        self.on_event(StageEvent(name, index, len(STAGES), done=done, total=total, unit=unit))
        self.cancel.check()  # a stop seen by whoever got the event: before the stage's work

    def waiting(self, ahead: int) -> None:
        """Say the read waits for a free slot (``converters.offline.slots``), number ``ahead`` in line."""
        if self.on_event is not None:
            self.on_event(StatusEvent(f"Waiting for a free reader: number {ahead} in line on this server…"))

    def phase(self, phase: DetectPhase, done: int, total: int) -> None:
        """``detect``'s progress (called from OCR threads): the stage it is in, never raising;
        a stop asked for by ``on_event`` cancels the token, which the OCR checks next."""
        try:
            self.stage(_STAGE_OF_PHASE[phase], done, total)
        except StopConversion:
            self.cancel.cancel()
        except Cancelled:
            pass  # the OCR raises it itself at its next check
