"""A conversion running in a background thread, observed by polling (the app) and stoppable.

Streamlit reruns a page script whenever a widget changes; a conversion tied to one script run
would be cut by any click. A ``ConversionJob`` lives in the session instead: the thread runs
the engine, the page reads ``snapshot()`` whenever it runs, and nothing is lost by a rerun.

Stopping is an outcome, not an error: ``stop()`` cancels the engine's ``Cancellation`` (and makes
the next event raise ``StopConversion``, for engines that only stop there); the snapshot then
says ``JobOutcome.STOPPED`` with no error and the partial result, if the engine had one. A job
waits ``STOP_GRACE_S`` for its engine to stop; an engine still busy then (a model endpoint that
sends nothing) is left to end on its own, its result unused, and the job reports itself stopped.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Final

from converters.cancel import Cancellation
from converters.conversion import (
    CodeEvent,
    Conversion,
    ConversionEvent,
    ConversionRequest,
    Converter,
    ReasoningEvent,
    StageEvent,
    StatusEvent,
    StopConversion,
    Usage,
    UsageEvent,
)
from converters.errors import ConversionStoppedError, EngineError, HandoffError, StreamInterruptedError
from converters.priority import lower_this_thread

logger = logging.getLogger(__name__)

STOP_GRACE_S: Final = 0.3
"""Seconds a stopped job waits for its engine to stop by itself (and hand over its partial
result) before it ends without it. A model engine notices a stop only when its endpoint next
sends something (within ~50 ms while it streams); the offline engine within 0.4 s at p95 on a
busy 2-core machine (benchmarks/stop_bench.py). Stop must show "Stopped" within 1 s, and the
app's page rerun after it takes 0.4-0.6 s on such a machine: 0.3 s is what is left to wait."""


class JobOutcome(StrEnum):
    """How a job ended, or ``RUNNING``."""

    RUNNING = "running"
    COMPLETE = "complete"
    """The result is complete."""
    PARTIAL = "partial"
    """The result is flagged incomplete (a reply cut at the output limit); its warnings say why."""
    STOPPED = "stopped"
    """The user stopped it; ``result`` keeps the partial code when there was some."""
    FAILED = "failed"
    """``error`` says why; ``result`` may keep what arrived before a stream broke."""


@dataclass(frozen=True)
class StageTime(StageEvent):
    """One stage an engine reported: its latest ``StageEvent`` (name, place, progress) and its
    seconds so far."""

    seconds: float = 0.0
    finished: bool = False


@dataclass(frozen=True)
class JobSnapshot:
    """What a job has done so far, as plain values safe to read from another thread."""

    status: str
    code: str
    reasoning_chars: int
    reasoning_tail: str
    elapsed_s: float
    usage: Usage | None
    done: bool
    stopping: bool
    result: Conversion | None  # the finished (or partial, flagged) conversion
    error: HandoffError | None  # only when the outcome is FAILED
    revision: int  # grows with every change to ``code``: redraw only when it moved
    outcome: JobOutcome = JobOutcome.RUNNING
    stages: tuple[StageTime, ...] = ()  # for engines that report stages (``offline``), in order

    @property
    def stopped(self) -> bool:
        return self.outcome is JobOutcome.STOPPED


@dataclass
class _Stage:
    event: StageEvent  # the latest of this stage
    started: float
    ended: float | None = None


@dataclass
class _State:
    status: str = "Starting…"
    code: list[str] = field(default_factory=list)
    reasoning_chars: int = 0
    reasoning_tail: str = ""
    usage: Usage | None = None
    result: Conversion | None = None
    error: HandoffError | None = None
    done: bool = False
    outcome: JobOutcome = JobOutcome.RUNNING
    revision: int = 0
    finished_at: float | None = None
    stages: list[_Stage] = field(default_factory=list)


class ConversionJob:
    """Runs ``engine.convert(request)`` in a daemon thread; ``stop()`` asks it to finish early."""

    REASONING_TAIL = 400  # characters of the latest reasoning kept for display

    def __init__(self, engine: Converter, request: ConversionRequest) -> None:
        self.engine = engine
        self.request = request
        self._state = _State()
        self._lock = threading.Lock()
        self._cancel = Cancellation()
        self._give_up: threading.Timer | None = None
        self._done = threading.Event()
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="handoff-conversion", daemon=True)

    def start(self) -> ConversionJob:
        self._started = time.monotonic()
        self._thread.start()
        return self

    def stop(self) -> None:
        """Ask the conversion to stop; the job ends as stopped within ``STOP_GRACE_S`` (plus the
        engine's partial result, when it stops in that time). What arrived is kept."""
        with self._lock:
            if self._state.done or self._cancel.cancelled:
                return
            self._state.status = "Stopping…"
            self._give_up = threading.Timer(STOP_GRACE_S, self._end_stopped_without_engine)
            self._give_up.daemon = True
        self._cancel.cancel()
        self._give_up.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job is done (tests, CLI); ``True`` if it finished in time. A stopped job
        is done when it says so, though its engine may still be winding down (``engine_running``)."""
        return self._done.wait(timeout)

    @property
    def engine_running(self) -> bool:
        """Whether the engine's thread still runs: after a stop, until the engine notices it."""
        return self._thread.is_alive()

    def snapshot(self) -> JobSnapshot:
        with self._lock:
            state = self._state
            now = time.monotonic()
            end = state.finished_at or now
            return JobSnapshot(
                status=state.status,
                code="".join(state.code),
                reasoning_chars=state.reasoning_chars,
                reasoning_tail=state.reasoning_tail,
                elapsed_s=end - self._started,
                usage=state.usage,
                done=state.done,
                stopping=self._cancel.cancelled and not state.done,
                result=state.result,
                error=state.error,
                revision=state.revision,
                outcome=state.outcome,
                stages=tuple(_stage_time(stage, end) for stage in state.stages),
            )

    def _on_event(self, event: ConversionEvent) -> None:
        if self._cancel.cancelled:
            raise StopConversion
        with self._lock:
            state = self._state
            if state.done:
                return  # stopped already: an engine winding down changes nothing
            if isinstance(event, StageEvent):
                _track_stage(state.stages, event, time.monotonic())
            elif isinstance(event, StatusEvent):
                state.status = event.text
            elif isinstance(event, ReasoningEvent):
                state.reasoning_chars += len(event.text)
                state.reasoning_tail = (state.reasoning_tail + event.text)[-self.REASONING_TAIL :]
                state.status = "Thinking…"
            elif isinstance(event, CodeEvent):
                if event.restart:
                    state.code.clear()
                state.code.append(event.text)
                state.revision += 1
                state.status = "Writing code…"
            elif isinstance(event, UsageEvent):
                state.usage = event.usage

    def _run(self) -> None:
        lower_this_thread()  # the pages of every session come first (converters.priority)
        result: Conversion | None = None
        error: HandoffError | None = None
        stopped_status: str | None = None  # set when the engine stopped
        try:
            result = self.engine.convert(self.request, self._on_event, cancel=self._cancel)
        except StopConversion:
            stopped_status = "Stopped before the engine had sent anything."
        except ConversionStoppedError as exc:
            stopped_status = str(exc)
            result = exc.partial if isinstance(exc.partial, Conversion) else None
        except StreamInterruptedError as exc:
            error = exc
            result = exc.partial if isinstance(exc.partial, Conversion) else None
        except HandoffError as exc:
            error = exc
        except Exception as exc:
            error = EngineError(f"The conversion failed unexpectedly ({type(exc).__name__}). Try again.")
            logger.exception("conversion job crashed")
        finally:
            close = getattr(self.engine, "close", None)
            if callable(close):
                close()
        if error is not None and self._cancel.cancelled:
            # Stopped while it failed (a stalled endpoint timing out, say): the user asked for it.
            stopped_status, error = "Stopped.", None
        with self._lock:
            state = self._state
            if state.done:
                return  # the job ended as stopped while the engine wound down; its result is not used
            if stopped_status is not None:
                self._finish(state, JobOutcome.STOPPED, stopped_status, result=result)
            elif error is not None:
                self._finish(state, JobOutcome.FAILED, str(error), result=result, error=error)
            elif result is not None and result.complete:
                self._finish(state, JobOutcome.COMPLETE, "Done.", result=result)
            else:
                self._finish(state, JobOutcome.PARTIAL, "Done, with warnings.", result=result)
        if self._give_up is not None:
            self._give_up.cancel()

    def _end_stopped_without_engine(self) -> None:
        """The engine did not stop within ``STOP_GRACE_S``: end the job now, as stopped, with the
        partial result the engine keeps ready for this (``Cancellation.keeps_partial``), if any."""
        partial = self._cancel.partial()  # outside the lock: the engine's thread may emit meanwhile
        with self._lock:
            state = self._state
            if state.done:
                return
            elapsed = time.monotonic() - self._started
            logger.info(
                "engine %s still busy %.1f s after Stop; the job ends without it",
                self.engine.name,
                STOP_GRACE_S,
            )
            result = partial if isinstance(partial, Conversion) else None
            kept = " The code written so far is kept." if result is not None else ""
            self._finish(state, JobOutcome.STOPPED, f"Stopped after {elapsed:.1f} s.{kept}", result=result)

    def _finish(
        self,
        state: _State,
        outcome: JobOutcome,
        status: str,
        *,
        result: Conversion | None = None,
        error: HandoffError | None = None,
    ) -> None:
        """Record the end of the job; call with ``_lock`` held."""
        now = time.monotonic()
        state.result, state.error, state.done, state.outcome = result, error, True, outcome
        state.status, state.finished_at = status, now
        for stage in state.stages:
            stage.ended = stage.ended or now
        if result is not None and result.code != "".join(state.code):
            state.code = [result.code]  # the final, extracted and repaired code
            state.revision += 1
        self._done.set()


def _track_stage(stages: list[_Stage], event: StageEvent, now: float) -> None:
    """Start the stage ``event`` names (ending the one before) or update its progress."""
    if not stages or stages[-1].event.index != event.index:
        if stages:
            stages[-1].ended = now
        stages.append(_Stage(event, started=now))
    stages[-1].event = event


def _stage_time(stage: _Stage, end: float) -> StageTime:
    return StageTime(
        **asdict(stage.event), seconds=(stage.ended or end) - stage.started, finished=stage.ended is not None
    )
