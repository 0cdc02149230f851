"""A conversion running in a background thread, observed by polling (the app) and stoppable.

Streamlit reruns a page script whenever a widget changes; a conversion tied to one script run
would be cut by any click. A ``ConversionJob`` lives in the session instead: the thread runs
the engine, the page reads ``snapshot()`` whenever it runs, and nothing is lost by a rerun.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from converters.engines import (
    CodeEvent,
    Conversion,
    ConversionEvent,
    ConversionRequest,
    Converter,
    ReasoningEvent,
    StatusEvent,
    StopConversion,
    Usage,
    UsageEvent,
)
from converters.errors import EngineError, HandoffError, StreamInterruptedError

logger = logging.getLogger(__name__)


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
    error: HandoffError | None
    revision: int  # grows with every change to ``code``: redraw only when it moved


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
    revision: int = 0
    finished_at: float | None = None


class ConversionJob:
    """Runs ``engine.convert(request)`` in a daemon thread; ``stop()`` asks it to finish early."""

    REASONING_TAIL = 400  # characters of the latest reasoning kept for display

    def __init__(self, engine: Converter, request: ConversionRequest) -> None:
        self.engine = engine
        self.request = request
        self._state = _State()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="handoff-conversion", daemon=True)

    def start(self) -> ConversionJob:
        self._started = time.monotonic()
        self._thread.start()
        return self

    def stop(self) -> None:
        """Ask the conversion to stop at the next piece of the reply; what arrived is kept."""
        self._stop.set()
        with self._lock:
            if not self._state.done:
                self._state.status = "Stopping…"

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job is done (tests, CLI); ``True`` if it finished in time."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def snapshot(self) -> JobSnapshot:
        with self._lock:
            state = self._state
            end = state.finished_at or time.monotonic()
            return JobSnapshot(
                status=state.status,
                code="".join(state.code),
                reasoning_chars=state.reasoning_chars,
                reasoning_tail=state.reasoning_tail,
                elapsed_s=end - self._started,
                usage=state.usage,
                done=state.done,
                stopping=self._stop.is_set() and not state.done,
                result=state.result,
                error=state.error,
                revision=state.revision,
            )

    def _on_event(self, event: ConversionEvent) -> None:
        if self._stop.is_set():
            raise StopConversion
        with self._lock:
            state = self._state
            if isinstance(event, StatusEvent):
                state.status = event.text
            elif isinstance(event, ReasoningEvent):
                state.reasoning_chars += len(event.text)
                state.reasoning_tail = (state.reasoning_tail + event.text)[-self.REASONING_TAIL :]
                state.status = "Thinking…"
            elif isinstance(event, CodeEvent):
                state.code.append(event.text)
                state.revision += 1
                state.status = "Writing code…"
            elif isinstance(event, UsageEvent):
                state.usage = event.usage

    def _run(self) -> None:
        result: Conversion | None = None
        error: HandoffError | None = None
        try:
            result = self.engine.convert(self.request, self._on_event)
        except StopConversion:
            error = EngineError("You stopped the conversion before any code arrived.")
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
        with self._lock:
            state = self._state
            state.result, state.error, state.done = result, error, True
            state.finished_at = time.monotonic()
            if result is not None and result.code != "".join(state.code):
                state.code = [result.code]  # the final, extracted and repaired code
                state.revision += 1
            state.status = _final_status(result, error)


def _final_status(result: Conversion | None, error: HandoffError | None) -> str:
    if error is not None:
        return str(error)
    if result is not None and result.complete:
        return "Done."
    return "Done, with warnings."
