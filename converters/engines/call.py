"""One conversion's request to an OpenAI-compatible endpoint (``OpenAICompatibleEngine``): the
parameters it sends, one streamed reply read into a ``ReplyAssembler``, the one-time retry without
a temperature, and the translation of failures; with retry bookkeeping the engine's HTTP hooks
reach through a ContextVar. Agent mode asks several times on one call (``tool_loop``)."""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import openai

from converters.cancel import Cancellation
from converters.conversion import Conversion, ConversionRequest, EventHandler, StatusEvent, StopConversion
from converters.engines.faults import is_temperature_rejection, translate
from converters.engines.profiles import profile_for
from converters.engines.reply import ReplyAssembler, ReplyContext
from converters.errors import ConversionStoppedError, EngineError, HandoffError

if TYPE_CHECKING:
    from converters.engines.openai_compatible import OpenAICompatibleEngine

logger = logging.getLogger(__name__)


@dataclass
class CallTracker:
    """Per-conversion retry bookkeeping, reached from the HTTP hooks through a ContextVar."""

    on_event: EventHandler | None
    attempts: int = 0
    waited_s: float = 0.0
    retry_since: float | None = None


TRACKER: contextvars.ContextVar[CallTracker | None] = contextvars.ContextVar("handoff_call", default=None)


@dataclass
class Call:
    """One conversion's prepared request and what its error handling needs."""

    engine: OpenAICompatibleEngine
    request: ConversionRequest
    on_event: EventHandler | None
    messages: list[dict[str, Any]]
    context: ReplyContext
    tracker: CallTracker
    with_temperature: bool
    sent: list[dict[str, Any]] = field(default_factory=list)
    tools: list[dict[str, Any]] = field(default_factory=list)
    tool_choice: str = "auto"
    """With ``tools``: "auto" or "none", the only two Kimi accepts in thinking mode."""

    @property
    def sends_reasoning(self) -> bool:
        """Whether the model thinks on this call (Kimi with thinking on), so that an assistant
        message with tool calls must go back with its ``reasoning_content``."""
        return profile_for(self.engine.config.model).thinking_switch and self.engine.config.thinking

    def params(self) -> dict[str, Any]:
        config = self.engine.config
        profile = profile_for(config.model)
        params: dict[str, Any] = {
            "model": config.model,
            "messages": self.messages,
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        if profile.max_output_tokens:
            params["max_tokens"] = profile.max_output_tokens
        if self.with_temperature:
            params["temperature"] = config.temperature
        if profile.thinking_switch and not config.thinking:
            params["extra_body"] = {"thinking": {"type": "disabled"}}
        if self.tools:
            params["tools"] = self.tools
            params["tool_choice"] = self.tool_choice
        return params

    def stream_reply(
        self,
        on_event: EventHandler | None,
        cancel: Cancellation | None,
        partial_of: Callable[[ReplyAssembler], Conversion | None] | None = None,
    ) -> ReplyAssembler:
        """Sends ``messages`` and reads the whole reply into a ``ReplyAssembler`` (not finished:
        the caller decides whether it is an answer or a turn of tool calls).

        A stop (``cancel``, or ``on_event`` raising ``StopConversion``) raises
        ``ConversionStoppedError`` carrying ``partial_of(assembler)``: by default the reply's
        code so far; ``cancel.partial()`` gives the same while the reply streams."""
        self.tracker.attempts, self.tracker.waited_s = 0, 0.0  # each turn's retries are its own
        partial = partial_of or streamed_partial
        client = self.engine.client()
        while True:
            try:
                stream = client.chat.completions.create(**self.params())
                break
            except openai.OpenAIError as exc:
                if not self.retry_without_temperature(exc):
                    raise self.failure(exc) from exc
        assembler = ReplyAssembler(self.context, on_event)
        keep = cancel.keeps_partial(lambda: partial(assembler)) if cancel else nullcontext()
        try:
            with stream, keep:
                for chunk in stream:
                    if cancel is not None and cancel.cancelled:
                        raise StopConversion
                    assembler.add_chunk(chunk)
        except StopConversion:
            raise ConversionStoppedError(str(assembler.stopped()), partial(assembler)) from None
        except openai.OpenAIError as exc:
            raise self.stream_failure(assembler, exc) from exc
        return assembler

    def retry_without_temperature(self, exc: Exception) -> bool:
        """After a 400 about the temperature: remember it for the model and retry once without."""
        if not (self.with_temperature and is_temperature_rejection(exc)):
            return False
        config = self.engine.config
        self.engine.memory.reject_temperature(config.base_url, config.model)
        self.with_temperature = False
        self.engine.emit(
            self.on_event,
            StatusEvent(f"{config.model} fixes its own sampling; asking again without a temperature…"),
        )
        return True

    def failure(self, exc: Exception) -> EngineError:
        ctx = self.engine.fault_context(self.tracker.attempts, self.tracker.waited_s)
        return translate(exc, ctx, self.engine.list_models)

    def stream_failure(self, assembler: ReplyAssembler, exc: Exception) -> HandoffError:
        if isinstance(exc, openai.APITimeoutError):
            what = f"The reply stalled (nothing for {self.engine.config.read_timeout_s:g} s)"
        elif isinstance(exc, openai.APIConnectionError):
            what = "The connection broke"
        else:
            what = "The endpoint reported an error mid-reply"
        logger.info("stream from %s broke: %s", self.engine.config.base_url, type(exc).__name__)
        return assembler.interrupted(what)


def streamed_partial(assembler: ReplyAssembler) -> Conversion | None:
    return assembler.partial()
