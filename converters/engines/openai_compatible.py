"""Vision-LLM engine over the OpenAI-compatible chat completions API (Kimi K2.5 and others).

Uses the official ``openai`` SDK for HTTP, SSE parsing, retries (429 honouring Retry-After, 5xx,
timeouts; ``max_retries`` bounded) and timeouts. Handoff adds, around the SDK: model-specific
sampling (no temperature for models whose server fixes it, and a one-time retry without it when
a server rejects it), Kimi's thinking switch, progress events, retry reporting (through httpx
event hooks: how long the SDK waited), and translation of every failure into a HandoffError.
"""

from __future__ import annotations

import asyncio
import contextvars
import dataclasses
import datetime
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any

import openai

from converters.cancel import Cancellation, Cancelled
from converters.conversion import (
    Conversion,
    ConversionRequest,
    EventHandler,
    Grounding,
    StatusEvent,
    StopConversion,
)
from converters.engines.faults import FaultContext, is_temperature_rejection, translate
from converters.engines.grounding import needs_reading, with_reading
from converters.engines.messages import build_messages
from converters.engines.profiles import DEFAULT_TEMPERATURE, SAMPLING_MEMORY, SamplingMemory, profile_for
from converters.engines.reply import ReplyAssembler, ReplyContext
from converters.errors import ConversionStoppedError, EngineError, HandoffError
from converters.prompts import PromptRegistry
from converters.settings import Secret

logger = logging.getLogger(__name__)

# Some local servers (vLLM, Ollama, LM Studio) need no key, but the SDK insists on one.
NO_KEY_PLACEHOLDER = "not-needed"
_RETRIED_STATUSES = frozenset({408, 409, 429})


@dataclass(frozen=True)
class EndpointConfig:
    """Where and how to ask. ``label`` names the endpoint in messages ("Kimi (Moonshot)")."""

    engine: str
    label: str
    base_url: str
    model: str
    api_key: Secret | None
    key_hint: str
    thinking: bool = True
    temperature: float = DEFAULT_TEMPERATURE
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 120.0
    max_retries: int = 2


@dataclass
class _CallTracker:
    """Per-conversion retry bookkeeping, reached from the HTTP hooks through a ContextVar."""

    on_event: EventHandler | None
    attempts: int = 0
    waited_s: float = 0.0
    retry_since: float | None = None


_TRACKER: contextvars.ContextVar[_CallTracker | None] = contextvars.ContextVar("handoff_call", default=None)


@dataclass
class _Call:
    """One conversion's prepared request and what its error handling needs."""

    engine: OpenAICompatibleEngine
    request: ConversionRequest
    on_event: EventHandler | None
    messages: list[dict[str, Any]]
    context: ReplyContext
    tracker: _CallTracker
    with_temperature: bool
    sent: list[dict[str, Any]] = field(default_factory=list)

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
        return params

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


class OpenAICompatibleEngine:
    """A ``Converter`` for any endpoint that speaks OpenAI's chat completions with images; it is
    also a ``ModelLister`` and a ``ModelEndpoint``."""

    streams = True

    def __init__(
        self,
        config: EndpointConfig,
        *,
        needs_key: bool,
        prompts: PromptRegistry | None = None,
        memory: SamplingMemory = SAMPLING_MEMORY,
    ) -> None:
        self.config = config
        self._needs_key = needs_key
        self.prompts = prompts or PromptRegistry.default()
        self.memory = memory
        self._client: openai.OpenAI | None = None

    @property
    def name(self) -> str:
        return self.config.engine

    @property
    def needs_key(self) -> bool:
        return self._needs_key

    @property
    def model(self) -> str:
        return self.config.model

    @property
    def base_url(self) -> str:
        return self.config.base_url

    # -- public API --------------------------------------------------------------------------

    def convert(
        self,
        request: ConversionRequest,
        on_event: EventHandler | None = None,
        *,
        cancel: Cancellation | None = None,
    ) -> Conversion:
        """Convert with the sync client, streaming events to ``on_event``.

        ``cancel`` (like an ``on_event`` that raises ``StopConversion``) is honoured at the next
        piece of the reply: a read that is waiting for the endpoint cannot be interrupted (closing
        the response from another thread does not wake it), so a stop while the endpoint is
        silent acts when it next sends, or at the read timeout. ``converters.jobs`` does not wait
        for that: a stopped job ends at once with ``cancel.partial()`` (the code so far) and
        leaves the engine to finish on its own.
        """
        request = self.prepare(request, on_event, cancel)
        with self._call(request, on_event) as call:
            client = self.client()
            while True:
                try:
                    stream = client.chat.completions.create(**call.params())
                    break
                except openai.OpenAIError as exc:
                    if not call.retry_without_temperature(exc):
                        raise call.failure(exc) from exc
            assembler = ReplyAssembler(call.context, on_event)
            keep = cancel.keeps_partial(lambda: assembler.stopped().partial) if cancel else nullcontext()
            try:
                with stream, keep:
                    for chunk in stream:
                        if cancel is not None and cancel.cancelled:
                            raise StopConversion
                        assembler.add_chunk(chunk)
            except StopConversion:
                raise assembler.stopped() from None
            except openai.OpenAIError as exc:
                raise call.stream_failure(assembler, exc) from exc
            return assembler.finish()

    async def aconvert(
        self,
        request: ConversionRequest,
        on_event: EventHandler | None = None,
        *,
        client: openai.AsyncOpenAI | None = None,
    ) -> Conversion:
        """Convert with the async client (``client`` shared by concurrent variants, or a new one)."""
        own = client is None
        if needs_reading(request):  # the OCR holds no event loop: read in a thread
            request = await asyncio.to_thread(self.prepare, request, on_event, None)
        active = client or self.async_client()
        try:
            with self._call(request, on_event) as call:
                while True:
                    try:
                        stream = await active.chat.completions.create(**call.params())
                        break
                    except openai.OpenAIError as exc:
                        if not call.retry_without_temperature(exc):
                            raise call.failure(exc) from exc
                assembler = ReplyAssembler(call.context, on_event)
                try:
                    async with stream:
                        async for chunk in stream:
                            assembler.add_chunk(chunk)
                except StopConversion:
                    raise assembler.stopped() from None
                except openai.OpenAIError as exc:
                    raise call.stream_failure(assembler, exc) from exc
                return assembler.finish()
        finally:
            if own:
                await active.close()

    def prepare(
        self, request: ConversionRequest, on_event: EventHandler | None, cancel: Cancellation | None
    ) -> ConversionRequest:
        """``request`` with the offline engine's reading of its design, when it asks for one
        (``converters.engines.grounding``). A design the OCR cannot read is sent without it."""
        if not needs_reading(request):
            return request
        try:
            return with_reading(request, on_event=on_event, cancel=cancel)
        except (Cancelled, StopConversion) as exc:
            raise ConversionStoppedError(
                "Stopped while reading the design, before the model was asked.", partial=None
            ) from exc
        except HandoffError as exc:
            logger.warning("reading the design for grounding failed: %s", exc)
            self.emit(on_event, StatusEvent(f"The design could not be read ({exc}); asking without it…"))
            return dataclasses.replace(request, grounding=Grounding.OFF, draft=False)

    def list_models(self) -> list[str]:
        """Model ids the endpoint offers (``GET /models``); raises EngineError when it cannot."""
        try:
            return sorted(model.id for model in self.client().models.list())
        except openai.OpenAIError as exc:
            raise translate(exc, self.fault_context(attempts=1, waited_s=0.0)) from exc

    def client(self) -> openai.OpenAI:
        """The sync client, made on first use (thread-safe to share)."""
        if self._client is None:
            hooks: dict[str, list[Callable[..., Any]]] = {
                "request": [self._on_request],
                "response": [self._on_response],
            }
            self._client = openai.OpenAI(
                **self._client_options(), http_client=openai.DefaultHttpxClient(event_hooks=hooks)
            )
        return self._client

    def async_client(self) -> openai.AsyncOpenAI:
        """A new async client; the caller closes it (it belongs to the running event loop)."""

        async def on_request(request: Any) -> None:
            self._on_request(request)

        async def on_response(response: Any) -> None:
            self._on_response(response)

        hooks: dict[str, list[Callable[..., Any]]] = {"request": [on_request], "response": [on_response]}
        return openai.AsyncOpenAI(
            **self._client_options(), http_client=openai.DefaultAsyncHttpxClient(event_hooks=hooks)
        )

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- internals ---------------------------------------------------------------------------

    def fault_context(self, attempts: int, waited_s: float) -> FaultContext:
        """What error messages need to know about this endpoint and the attempts made."""
        config = self.config
        return FaultContext(
            engine_label=config.label,
            base_url=config.base_url,
            model=config.model,
            key_hint=config.key_hint,
            secret=config.api_key.reveal() if config.api_key else None,
            retries=max(0, attempts - 1),
            waited_s=waited_s,
            attempts=max(1, attempts),
        )

    def emit(self, on_event: EventHandler | None, event: StatusEvent) -> None:
        if on_event is not None:
            on_event(event)

    def _client_options(self) -> dict[str, Any]:
        config = self.config
        return {
            "base_url": config.base_url,
            "api_key": config.api_key.reveal() if config.api_key else NO_KEY_PLACEHOLDER,
            "max_retries": config.max_retries,
            "timeout": openai.Timeout(config.read_timeout_s, connect=config.connect_timeout_s),
        }

    @contextmanager
    def _call(self, request: ConversionRequest, on_event: EventHandler | None) -> Iterator[_Call]:
        config = self.config
        messages, prompt_set = build_messages(request, self.prompts)
        tracker = _CallTracker(on_event)
        token = _TRACKER.set(tracker)
        try:
            what = "the change" if request.revision else "the design"
            self.emit(on_event, StatusEvent(f"Sending {what} to {config.label} ({config.model})…"))
            context = ReplyContext(
                engine=config.engine,
                engine_label=config.label,
                model=config.model,
                target=request.target,
                prompt_name=prompt_set.name,
                prompt_hash=prompt_set.sha256,
                design_sha256=request.design.sha256,
                instruction=request.revision.instruction if request.revision else "",
                strategy=request.strategy,
                grounding_tokens=request.reading.tokens if request.reading is not None else 0,
                started_at=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                started=time.perf_counter(),
            )
            wants_temperature = not profile_for(
                config.model
            ).fixed_sampling and self.memory.accepts_temperature(config.base_url, config.model)
            yield _Call(self, request, on_event, messages, context, tracker, wants_temperature)
        finally:
            _TRACKER.reset(token)

    def _on_request(self, request: Any) -> None:
        tracker = _TRACKER.get()
        if tracker is None or not str(request.url.path).endswith("/chat/completions"):
            return
        if tracker.retry_since is not None:
            tracker.waited_s += time.monotonic() - tracker.retry_since
            tracker.retry_since = None
        tracker.attempts += 1

    def _on_response(self, response: Any) -> None:
        tracker = _TRACKER.get()
        status = int(response.status_code)
        if tracker is None or not (status in _RETRIED_STATUSES or status >= 500):
            return
        if not str(response.request.url.path).endswith("/chat/completions"):
            return
        retries_left = self.config.max_retries - (tracker.attempts - 1)
        logger.info("%s answered %d (attempt %d)", self.config.base_url, status, tracker.attempts)
        if retries_left <= 0:
            return
        tracker.retry_since = time.monotonic()
        wait = response.headers.get("retry-after")
        when = f"in {wait} s as it asks" if wait and wait.replace(".", "", 1).isdigit() else "shortly"
        reason = "is rate-limiting (429)" if status == 429 else f"answered {status}"
        self.emit(tracker.on_event, StatusEvent(f"{self.config.label} {reason}; retrying {when}…"))
