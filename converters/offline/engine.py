"""The ``offline`` engine: detect -> classify -> layout -> emit, on this machine, with no key.

Deterministic: the same image and target give byte-identical code. Designs wider than
``MAX_CSS_WIDTH`` are taken to be 2x screenshots and halved first, so geometry is in CSS px.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from datetime import UTC, datetime
from typing import Final

from PIL import Image

from converters.engines.types import (
    CodeEvent,
    Conversion,
    ConversionRequest,
    EventHandler,
    StatusEvent,
    StopConversion,
    Timings,
)
from converters.errors import ConversionStoppedError, EngineError, HandoffError
from converters.offline.classify import classify
from converters.offline.detect import detect
from converters.offline.emit import emit
from converters.offline.layout import build_tree
from converters.offline.model import Element, Kind

PIPELINE_VERSION: Final = "1"
"""Bumped when the same design would give different code: it is the Conversion's model id."""
MAX_CSS_WIDTH: Final = 1600
"""Designs wider than this (px) are read as 2x screenshots (same rule as the fidelity reference)."""


class OfflineEngine:
    """Converts a design with OCR and computer vision; no network, no key."""

    name = "offline"
    needs_key = False

    def convert(self, request: ConversionRequest, on_event: EventHandler | None = None) -> Conversion:
        started_at = datetime.now(UTC).isoformat(timespec="seconds")
        started = time.perf_counter()

        def report(text: str) -> None:
            if on_event is not None:
                try:
                    on_event(StatusEvent(text))
                except StopConversion as stop:
                    raise ConversionStoppedError(
                        "Stopped before any code was written.", partial=None
                    ) from stop

        image = request.design.image_view()
        if image.width > MAX_CSS_WIDTH:
            image = image.resize((image.width // 2, max(1, image.height // 2)), Image.Resampling.LANCZOS)
        report("Reading the text (OCR)…")
        try:
            detection = detect(image)
            report(f"Found {len(detection.lines)} text lines and {len(detection.shapes)} shapes; laying out…")
            classified = classify(detection)
            tree = build_tree(classified.elements, detection.width, detection.height)
            title = _title(classified.elements) or request.design.source_name.rsplit(".", 1)[0] or "Design"
            code = emit(tree, request.target, title=title, page_background=detection.background)
        except HandoffError:
            raise
        except (ValueError, RuntimeError, MemoryError) as exc:
            raise EngineError(
                f"The offline engine could not read this design ({exc}). Try a clearer image."
            ) from exc
        warnings = list(detection.warnings)
        if not detection.lines and not detection.shapes:
            warnings.append(
                "No text or shapes were found: the page is empty. Is the design blank or very faint?"
            )
        elif not detection.lines:
            warnings.append("No readable text was found; text in the result is placeholder text.")
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
            design_sha256=request.design.sha256,
        )

    def close(self) -> None:
        """Nothing to release: the OCR models stay loaded for the process (loaded once)."""


def _title(elements: tuple[Element, ...]) -> str:
    """The page title: the first top-level heading's text."""
    for element in elements:
        if element.kind is Kind.HEADING and element.level <= 2:
            return element.text.replace("\n", " ")[:60]
    return ""
