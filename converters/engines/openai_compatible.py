"""Vision-LLM engine over the OpenAI-compatible chat completions API (Kimi K2.5 and others).

Uses the official ``openai`` SDK for HTTP, SSE parsing, retries (429 honouring Retry-After, 5xx,
timeouts; ``max_retries`` bounded) and timeouts. Handoff adds, around the SDK: model-specific
sampling (no temperature for models whose server fixes it, and a one-time retry without it when
a server rejects it), Kimi's thinking switch, progress events, retry reporting (through httpx
event hooks: how long the SDK waited), translation of every failure into a HandoffError, and
agent mode (``convert_checking``: the model may check its code with a tool before it answers,
``converters.engines.tool_loop``).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import openai

from converters.cancel import Cancellation, Cancelled
from converters.conversion import (
    CodeChecker,
    Conversion,
    ConversionRequest,
    EventHandler,
    Grounding,
    StatusEvent,
    StopConversion,
)
from converters.engines.call import TRACKER, Call, CallTracker
from converters.engines.faults import FaultContext, translate
from converters.engines.grounding import needs_reading, with_reading
from converters.engines.messages import build_agent_messages, build_messages
from converters.engines.profiles import DEFAULT_TEMPERATURE, SAMPLING_MEMORY, SamplingMemory, profile_for
from converters.engines.reply import ReplyAssembler, ReplyContext
from converters.engines.tool_loop import ToolLoop
from converters.errors import ConversionStoppedError, HandoffError
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


class OpenAICompatibleEngine:
    """A ``Converter`` for any endpoint that speaks OpenAI's chat completions with images; it is
    also a ``ModelLister``, a ``ModelEndpoint``, ``ReadsDesign`` and ``ChecksCode`` (agent mode:
    the endpoint must take tools, as OpenAI's and Kimi's do)."""

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
            return call.stream_reply(on_event, cancel).finish()

    def convert_checking(
        self,
        request: ConversionRequest,
        check: CodeChecker,
        *,
        max_checks: int,
        on_event: EventHandler | None = None,
        cancel: Cancellation | None = None,
    ) -> Conversion:
        """Agent mode: convert, letting the model call ``check_render`` up to ``max_checks``
        times before it answers; each good call goes to ``check`` and its outcome back to the
        model (``converters.engines.tool_loop``, which says the limits). Usage and times cover
        every turn. Stops like ``convert``, keeping the best checked code so far."""
        request = self.prepare(request, on_event, cancel)
        with self._call(request, on_event, checks=max_checks) as call:
            return ToolLoop(call, check, max_checks, on_event, cancel).run()

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
    def _call(
        self, request: ConversionRequest, on_event: EventHandler | None, *, checks: int = 0
    ) -> Iterator[Call]:
        """The call for ``request``; with ``checks``, an agent-mode call with its tool."""
        config = self.config
        tools: list[dict[str, Any]] = []
        if checks:
            messages, tools, prompt_set = build_agent_messages(request, self.prompts, checks=checks)
        else:
            messages, prompt_set = build_messages(request, self.prompts)
        tracker = CallTracker(on_event)
        token = TRACKER.set(tracker)
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
            yield Call(self, request, on_event, messages, context, tracker, wants_temperature, tools=tools)
        finally:
            TRACKER.reset(token)

    def _on_request(self, request: Any) -> None:
        tracker = TRACKER.get()
        if tracker is None or not str(request.url.path).endswith("/chat/completions"):
            return
        if tracker.retry_since is not None:
            tracker.waited_s += time.monotonic() - tracker.retry_since
            tracker.retry_since = None
        tracker.attempts += 1

    def _on_response(self, response: Any) -> None:
        tracker = TRACKER.get()
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
