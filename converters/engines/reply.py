"""Assemble a streamed chat reply: events out as chunks arrive, a Conversion (or error) at the end.

Shared by the sync and async paths of the OpenAI-compatible engine, so both behave alike. A reply
may call tools instead of answering (agent mode, ``converters.engines.tool_loop``): the calls are
gathered from ``delta.tool_calls`` (by index: id, function name, argument pieces) or a whole
message's ``tool_calls``, and such a reply is a turn of the conversation, not an empty answer.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Final

from converters.conversion import (
    CodeEvent,
    Conversion,
    ConversionEvent,
    EventHandler,
    ReasoningEvent,
    StatusEvent,
    Timings,
    Usage,
    UsageEvent,
)
from converters.engines.pricing import cost_usd
from converters.errors import (
    ConversionStoppedError,
    EmptyReplyError,
    HandoffError,
    NoCodeError,
    RefusalError,
    ReplyTooLargeError,
    StreamInterruptedError,
)
from converters.extract import CodeStream, extract_code
from converters.targets import Target
from converters.tokens import in_theme_shape

MAX_REPLY_CHARS: Final = 400_000
"""Most characters of reply text (code and prose, not reasoning) Handoff reads: about 100,000
tokens, three times the output budget of Kimi K2.5 and GPT-4.1 (32,768 tokens) and far beyond any
page (generated pages run 5,000-60,000 characters). Past it the reply is a model stuck in a loop or
a hostile endpoint, and showing it would freeze the app page for tens of seconds."""
MAX_REASONING_CHARS: Final = 2_000_000
"""Most characters of reasoning kept; past it the reasoning is cut (the reply may go on)."""
MAX_TOOL_CALLS: Final = 16
"""Most tool calls one reply may make: a model checking its code calls once per turn (a few in
parallel at most); more is an endpoint gone wrong. Their arguments count towards ``MAX_REPLY_CHARS``
with the reply's text, so the calls of one reply hold at most that much."""
SHOWN_NAME_CHARS: Final = 60
"""Most characters of a tool's name (the model's words) put in a status line or a tool message."""


@dataclass(frozen=True)
class ToolCall:
    """One call of a tool a reply made: the endpoint's ``id`` for it (answered in the ``tool``
    message), the function ``name`` and its ``arguments`` as the raw text the model wrote (JSON,
    if the model got it right)."""

    id: str
    name: str
    arguments: str


@dataclass
class _ToolCallParts:
    id: str = ""
    name: str = ""
    arguments: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ReplyContext:
    """Who is answering and what for; copied into the Conversion."""

    engine: str
    engine_label: str
    model: str
    target: Target
    prompt_name: str
    prompt_hash: str
    design_sha256: str
    instruction: str
    started_at: str
    started: float  # time.perf_counter() when the request was sent
    strategy: str = ""
    grounding_tokens: int = 0


class ReplyAssembler:
    """Feed it the stream's chunks; it emits events and builds the result."""

    def __init__(self, context: ReplyContext, on_event: EventHandler | None) -> None:
        self.context = context
        self._on_event = on_event
        self._content: list[str] = []
        self._content_chars = 0
        self._reasoning: list[str] = []
        self._reasoning_chars = 0
        self._refusal: list[str] = []
        self._tool_calls: dict[int, _ToolCallParts] = {}
        self._code = CodeStream()
        self.finish_reason: str | None = None
        self.usage: Usage | None = None
        self.first_byte_s: float | None = None
        self.first_code_s: float | None = None

    def emit(self, event: ConversionEvent) -> None:
        if self._on_event is not None:
            self._on_event(event)

    def add_chunk(self, chunk: Any) -> None:
        """One ``ChatCompletionChunk`` (typed loosely: servers add their own fields)."""
        if self.first_byte_s is None:
            self.first_byte_s = time.perf_counter() - self.context.started
        if getattr(chunk, "usage", None) is not None:
            self._set_usage(chunk.usage)
        for choice in getattr(chunk, "choices", None) or ():
            if choice.finish_reason:
                self.finish_reason = choice.finish_reason
            delta = choice.delta
            if delta is None:
                continue
            reasoning = _extra(delta, "reasoning_content") or _extra(delta, "reasoning")
            if reasoning and self._reasoning_chars < MAX_REASONING_CHARS:
                self._reasoning.append(reasoning)
                self._reasoning_chars += len(reasoning)
                self.emit(ReasoningEvent(reasoning))
            refusal = getattr(delta, "refusal", None)
            if refusal:
                self._refusal.append(refusal)
            if delta.content:
                self._add_content(delta.content)
                code = self._code.feed(delta.content)
                if code:
                    if self.first_code_s is None:
                        self.first_code_s = time.perf_counter() - self.context.started
                    self.emit(CodeEvent(code))
            for position, piece in enumerate(getattr(delta, "tool_calls", None) or ()):
                index = getattr(piece, "index", None)
                self._add_tool_piece(index if isinstance(index, int) else position, piece)

    def add_message(self, completion: Any) -> None:
        """A whole non-streamed ``ChatCompletion`` (servers that cannot stream)."""
        self.first_byte_s = time.perf_counter() - self.context.started
        if completion.usage is not None:
            self._set_usage(completion.usage)
        for choice in completion.choices:
            self.finish_reason = choice.finish_reason
            message = choice.message
            reasoning = _extra(message, "reasoning_content") or _extra(message, "reasoning")
            if reasoning:
                self._reasoning.append(reasoning)
            if getattr(message, "refusal", None):
                self._refusal.append(message.refusal)
            if message.content:
                self._add_content(message.content)
                self.emit(CodeEvent(self._code.feed(message.content)))
            for index, call in enumerate(getattr(message, "tool_calls", None) or ()):
                self._add_tool_piece(index, call)

    def _add_tool_piece(self, index: int, piece: Any) -> None:
        """A streamed piece of the tool call at ``index`` (or a whole call): any of its id, its
        function's name and a piece of its arguments."""
        parts = self._tool_calls.get(index)
        if parts is None:
            if len(self._tool_calls) >= MAX_TOOL_CALLS:
                raise ReplyTooLargeError(
                    f"{self.context.engine_label} made more than {MAX_TOOL_CALLS} tool calls in one "
                    "reply, far more than checking a page needs. The reply was stopped there. Convert "
                    "again, or choose another model."
                )
            parts = self._tool_calls[index] = _ToolCallParts()
        function = getattr(piece, "function", None)
        name = getattr(function, "name", None)
        arguments = getattr(function, "arguments", None)
        call_id = getattr(piece, "id", None)
        if isinstance(call_id, str) and call_id and not parts.id:
            self._count(len(call_id))
            parts.id = call_id
        if isinstance(name, str) and name and not parts.name:
            self._count(len(name))
            parts.name = name
            self.emit(StatusEvent(f"{self.context.engine_label} is calling {name[:SHOWN_NAME_CHARS]}…"))
        if isinstance(arguments, str) and arguments:
            self._count(len(arguments))
            parts.arguments.append(arguments)

    def _add_content(self, text: str) -> None:
        self._count(len(text))
        self._content.append(text)

    def _count(self, chars: int) -> None:
        """Counts ``chars`` more of reply text (content and tool calls); raises past the limit."""
        self._content_chars += chars
        if self._content_chars > MAX_REPLY_CHARS:
            raise ReplyTooLargeError(
                f"{self.context.engine_label} sent more than {MAX_REPLY_CHARS:,} characters, far more "
                "than any page needs (a model stuck repeating itself, or an endpoint that is not a "
                "chat model). The reply was stopped there and nothing of it was kept. Convert again, "
                "or choose another model."
            )

    @property
    def content(self) -> str:
        return "".join(self._content)

    @property
    def reasoning(self) -> str:
        """The reasoning (thinking) text of the reply, as far as it was kept."""
        return "".join(self._reasoning)

    @property
    def tool_calls(self) -> tuple[ToolCall, ...]:
        """The tool calls of the reply, in the order of their indexes; a call without an id gets
        ``call_<index>``."""
        return tuple(
            ToolCall(parts.id or f"call_{index}", parts.name, "".join(parts.arguments))
            for index, parts in sorted(self._tool_calls.items())
        )

    @property
    def calls_tools(self) -> bool:
        """Whether the reply is a turn of tool calls rather than an answer: it calls a tool, and it
        says so (finish_reason ``tool_calls``) or its text holds no code."""
        if not self._tool_calls:
            return False
        if self.finish_reason == "tool_calls" or not self.content.strip():
            return True
        try:
            extract_code(self.content, self.context.target)
        except HandoffError:
            return True
        return False

    def finish_tools(self) -> tuple[ToolCall, ...]:
        """The tool calls of a turn that ended normally (see ``calls_tools``); raises for refusals
        and cut streams, as ``finish`` does."""
        self._refuse()
        if self.finish_reason is None:
            raise self.interrupted("The reply ended without its closing marker")
        return self.tool_calls

    def finish(self) -> Conversion:
        """The result of a stream that ended normally; raises for refusals and empty replies (and
        ``NoCodeError`` for a reply that only calls a tool)."""
        who = self.context.engine_label
        tail = self._code.finish()  # a last line the live view held back, undecided
        if tail:
            self.emit(CodeEvent(tail))
        self._refuse()
        if not self.content.strip() and self._tool_calls:
            names = ", ".join(sorted({call.name or "(no name)" for call in self.tool_calls}))
            raise NoCodeError(
                f"{who} called a tool ({names}) instead of answering with code. Try again, or "
                "choose another model."
            )
        if not self.content.strip():
            if self._reasoning and self.finish_reason == "length":
                raise EmptyReplyError(
                    f"{who} used its whole output budget thinking and wrote no code. Turn thinking "
                    "off on the Settings page, or try again."
                )
            raise EmptyReplyError(f"{who} sent an empty reply. Try again, or choose another model.")
        if self.finish_reason is None:
            raise self.interrupted("The reply ended without its closing marker")
        extracted = extract_code(self.content, self.context.target, truncated=self.finish_reason == "length")
        code, warnings = extracted.code, extracted.warnings
        if self.finish_reason != "length":  # a cut answer is left as it came
            code, note = in_theme_shape(code, self.context.target)
            warnings = (*warnings, note) if note else warnings
        return self.conversion(code, warnings, complete=self.finish_reason != "length")

    def _refuse(self) -> None:
        """Raises ``RefusalError`` when the model declined (a refusal, or its content filter)."""
        if self._refusal or self.finish_reason == "content_filter":
            said = "".join(self._refusal).strip()
            raise RefusalError(
                f"{self.context.engine_label} declined to convert this design"
                + (f": “{said[:200]}”" if said else " (its content filter stopped the reply)")
                + ". Try another design or model."
            )

    def stopped(self) -> ConversionStoppedError:
        """The error for a conversion the user stopped, with the partial result when there is code."""
        interrupted = self.interrupted("Stopped by you")
        return ConversionStoppedError(str(interrupted), interrupted.partial)

    def interrupted(self, what: str) -> StreamInterruptedError:
        """The error for a stream that broke off, carrying the partial result when there is code."""
        who = self.context.engine_label
        received = len(self.content)
        message = f"{what} after {received:,} characters from {who}. " + (
            "The partial code is kept; convert again for a complete result." if received else "Try again."
        )
        return StreamInterruptedError(message, self.partial(what))

    def partial(self, what: str = "Stopped by you") -> Conversion | None:
        """The result of the code that arrived, flagged incomplete (``what`` says why), or
        ``None`` when no code came."""
        if not self.content.strip():
            return None
        try:
            extracted = extract_code(self.content, self.context.target)
        except HandoffError:
            return None
        warnings = (f"{what}: the code is incomplete.", *extracted.warnings)
        return self.conversion(extracted.code, warnings, complete=False)

    def conversion(self, code: str, warnings: tuple[str, ...], *, complete: bool) -> Conversion:
        """``code`` as this reply's result: who answered, its usage and its times so far."""
        ctx = self.context
        return Conversion(
            code=code,
            target=ctx.target,
            engine=ctx.engine,
            model=ctx.model,
            prompt_name=ctx.prompt_name,
            prompt_hash=ctx.prompt_hash,
            timings=Timings(
                started_at=ctx.started_at,
                total_s=round(time.perf_counter() - ctx.started, 3),
                first_byte_s=_round(self.first_byte_s),
                first_code_s=_round(self.first_code_s),
            ),
            usage=self.usage,
            warnings=warnings if self.usage else (*warnings, "The endpoint reported no token usage."),
            complete=complete,
            reasoning="".join(self._reasoning),
            design_sha256=ctx.design_sha256,
            instruction=ctx.instruction,
            strategy=ctx.strategy,
            grounding_tokens=ctx.grounding_tokens,
        )

    def _set_usage(self, raw: Any) -> None:
        input_tokens = int(getattr(raw, "prompt_tokens", 0) or 0)
        output_tokens = int(getattr(raw, "completion_tokens", 0) or 0)
        details = getattr(raw, "prompt_tokens_details", None)
        cached = getattr(details, "cached_tokens", None) if details is not None else None
        if cached is None:
            cached = _extra(raw, "cached_tokens")  # Moonshot reports it at the top level
        cached_tokens = int(cached or 0)
        self.usage = Usage(
            input_tokens=input_tokens,
            cached_tokens=cached_tokens,
            output_tokens=output_tokens,
            cost_usd=cost_usd(self.context.model, input_tokens, cached_tokens, output_tokens),
        )
        self.emit(UsageEvent(self.usage))


def _extra(obj: Any, name: str) -> Any:
    """A field the SDK's models do not declare (``reasoning_content``, ``cached_tokens``).

    Pydantic keeps undeclared fields in ``model_extra``; looking there first matters: a missing
    attribute costs an AttributeError per chunk, a noticeable share of the time on fast streams.
    """
    extra = getattr(obj, "model_extra", None)
    if isinstance(extra, dict):
        return extra.get(name)
    return getattr(obj, name, None)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
