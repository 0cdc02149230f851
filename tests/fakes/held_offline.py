"""The real offline engine, held inside its OCR until it is stopped: a Stop that always lands mid-OCR.

Without a hold, a test that clicks Stop races the engine (a small design converts in a second or
two; a loaded machine may take five times as long, or let the engine finish first). This engine
runs the real pipeline and pauses in the "Reading the text" stage, after its first line, until
its ``Cancellation`` is cancelled; then the real checks stop it.
"""

from __future__ import annotations

import threading

from converters.cancel import Cancellation
from converters.conversion import Conversion, ConversionEvent, ConversionRequest, EventHandler, StageEvent
from converters.offline.engine import OfflineEngine

HOLD_LIMIT_S = 120.0
"""A hold ends by itself after this long, so a test that never stops fails instead of hanging."""
READING_STAGE = 2


class HeldOfflineEngine(OfflineEngine):
    """``OfflineEngine`` that waits, after reading its first line, until it is stopped."""

    def __init__(self) -> None:
        self.holding = threading.Event()
        """Set while the engine waits inside its OCR (a test may then press Stop)."""

    def convert(
        self,
        request: ConversionRequest,
        on_event: EventHandler | None = None,
        *,
        cancel: Cancellation | None = None,
    ) -> Conversion:
        token = cancel or Cancellation()

        def hold(event: ConversionEvent) -> None:
            if on_event is not None:
                on_event(event)
            if isinstance(event, StageEvent) and event.index == READING_STAGE and event.done == 1:
                self.holding.set()
                token.wait(HOLD_LIMIT_S)
                self.holding.clear()

        return super().convert(request, hold, cancel=token)
