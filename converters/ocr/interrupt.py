"""Model runs that a ``Cancellation`` can end midway: onnxruntime's ``RunOptions.terminate``.

rapidocr runs its onnxruntime sessions without run options, so a detector run, seconds long on a
large page, cannot be stopped from outside. ``make_interruptible`` wraps a rapidocr stage's
session so that its runs take the ``RunOptions`` of the calling context, if there are any;
``interruptible(cancel)`` gives the runs of its ``with`` block (in this thread) options that
``cancel`` terminates: onnxruntime checks the flag between operators, so a run ends, failing,
within one operator's time (under 0.1 s on an idle core; one heavy operator on a loaded machine
can take a second or more). Without options a stage runs exactly as rapidocr runs it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import numpy as np

from converters.cancel import Cancellation

logger = logging.getLogger(__name__)

_RUN_OPTIONS: ContextVar[Any | None] = ContextVar("handoff_ocr_run_options", default=None)
"""The onnxruntime ``RunOptions`` for stage runs in this context (see ``interruptible``)."""


class _InterruptibleSession:
    """rapidocr's onnxruntime session, run with the ``RunOptions`` of the calling context (see
    ``interruptible``) when there are any; otherwise exactly as rapidocr runs it."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __call__(self, input_content: np.ndarray) -> np.ndarray:
        options = _RUN_OPTIONS.get()
        if options is None:
            return self._inner(input_content)  # type: ignore[no-any-return]
        inner = self._inner
        feed = dict(zip(inner.get_input_names(), [input_content], strict=False))
        return inner.session.run(inner.get_output_names(), feed, options)[0]  # type: ignore[no-any-return]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def make_interruptible(stage: Any) -> None:
    """Route ``stage``'s runs through ``_InterruptibleSession``, if it is built as rapidocr 3.x
    builds its onnxruntime stages (a ``session`` with an onnxruntime ``session.run``); otherwise
    leave it: cancellation then acts between runs only."""
    inner = getattr(stage, "session", None)
    runner = getattr(inner, "session", None)
    if inner is None or not callable(getattr(runner, "run", None)):
        logger.info("rapidocr's %s cannot be interrupted mid-run", type(stage).__name__)
        return
    stage.session = _InterruptibleSession(inner)


@contextmanager
def interruptible(cancel: Cancellation | None) -> Iterator[None]:
    """Detector and recogniser runs in this block (this thread) end, failing, soon after ``cancel``
    is cancelled: onnxruntime checks its terminate flag between operators."""
    if cancel is None:
        yield
        return
    import onnxruntime  # type: ignore[import-untyped]  # loaded already, with rapidocr's models

    options = onnxruntime.RunOptions()

    def terminate() -> None:
        options.terminate = True

    token = _RUN_OPTIONS.set(options)
    try:
        with cancel.on_cancel(terminate):
            yield
    finally:
        _RUN_OPTIONS.reset(token)
