"""Agent mode's conversation (``OpenAICompatibleEngine.convert_checking``): before it answers, the
model may call ``check_render`` with its complete code, up to a budget of checks.

It speaks the chat-completions API's own tool protocol: each request carries ``tools`` (the one
function, ``converters.engines.messages.build_agent_messages``) and ``tool_choice``; a turn of the
model comes back with ``tool_calls``; Handoff appends that assistant message and one ``tool``
message per call, and asks again. It knows nothing of fidelity: a good call's code goes to the
caller's ``check``, and the outcome's text goes back to the model.

Kimi's rules in thinking mode (platform.moonshot.cn, "use kimi k2 thinking model"): an assistant
message with tool calls goes back with its ``reasoning_content`` (the thinking of that turn) or the
next request is rejected; ``tool_choice`` is "auto" or "none", never "required" or a function.

Limits: every call uses up one of ``max_checks`` checks, malformed ones too (arguments that are
not JSON, no ``code``, another tool's name, code that is no page: the tool message says which);
calls past the budget are answered "not checked". Once the budget is spent, the last tool message
says so and the next request sends ``tool_choice`` "none"; a model that calls the tool even then is
not asked again: the best checked code is the result, with a warning that says so. A conversion
thus sends at most ``max_checks + 1`` requests. A check's ``stop`` (the cost cap) ends the loop the
same way. With no answer and nothing checked, ``NoCodeError``.
"""

from __future__ import annotations

import dataclasses
import json
import time
from contextlib import nullcontext
from typing import Any

from converters.cancel import Cancellation
from converters.conversion import (
    CodeCheck,
    CodeChecker,
    CodeEvent,
    Conversion,
    EventHandler,
    StatusEvent,
    StopConversion,
    Usage,
    restarting,
)
from converters.engines.call import Call
from converters.engines.messages import CHECK_TOOL
from converters.engines.reply import SHOWN_NAME_CHARS, ReplyAssembler, ToolCall
from converters.errors import ConversionStoppedError, HandoffError, NoCodeError
from converters.extract import ExtractedCode, extract_code
from converters.targets import Target
from converters.versions import summed_usage


class ToolLoop:
    """One agent-mode conversion: turns of the model until it answers (see the module docstring)."""

    def __init__(
        self,
        call: Call,
        check: CodeChecker,
        max_checks: int,
        on_event: EventHandler | None,
        cancel: Cancellation | None,
    ) -> None:
        self.call = call
        self.check = check
        self.max_checks = max_checks
        self.on_event = on_event
        self.cancel = cancel
        self.used = 0
        self.usages: list[Usage | None] = []
        self.reasoning: list[str] = []
        self.best: Conversion | None = None
        self.best_score: float | None = None
        self.last_checked: Conversion | None = None
        self.first_byte_s: float | None = None
        self.first_code_s: float | None = None

    @property
    def label(self) -> str:
        return self.call.context.engine_label

    def run(self) -> Conversion:
        """The model's answer, or the best checked code (see the module docstring)."""
        try:
            return self._turns()
        except StopConversion:
            raise self._stopped() from None
        except ConversionStoppedError as exc:
            if self._kept() is not None:
                raise self._stopped() from exc
            raise

    def _turns(self) -> Conversion:
        turn = 0
        while True:
            turn += 1
            self.call.tool_choice = "auto" if self.used < self.max_checks else "none"
            events = self.on_event
            if turn > 1:
                events = restarting(self.on_event)
                self._emit(StatusEvent(f"Sending the check to {self.label}…"))
            started = time.perf_counter()
            assembler = self.call.stream_reply(events, self.cancel, self._partial)
            model_s = time.perf_counter() - started
            self.usages.append(assembler.usage)
            self.reasoning.append(assembler.reasoning)
            if self.first_byte_s is None:
                self.first_byte_s = assembler.first_byte_s
            if not assembler.calls_tools:
                return self._whole(assembler.finish())
            calls = assembler.finish_tools()
            if self.call.tool_choice == "none":
                if self._kept() is None:
                    raise NoCodeError(
                        f"{self.label} kept calling {CHECK_TOOL} instead of answering, and none of "
                        "its calls held code Handoff could check. Try again, or turn agent mode off."
                    )
                warning = (
                    f"{self.label} kept calling {CHECK_TOOL} after its {self.max_checks} check(s) "
                    "instead of answering: the best checked code is kept."
                )
                self._emit(StatusEvent(warning))
                return self._end(warning)
            self.call.messages.append(_assistant_message(assembler, calls, self.call.sends_reasoning))
            replies, stop = self._answer_calls(assembler, calls, model_s)
            self.call.messages.extend(replies)
            if stop:
                return self._end(stop)
            if self.cancel is not None and self.cancel.cancelled:
                raise self._stopped()

    def _answer_calls(
        self, assembler: ReplyAssembler, calls: tuple[ToolCall, ...], model_s: float
    ) -> tuple[list[dict[str, Any]], str]:
        """One tool message per call, and the reason to stop asking (empty: go on)."""
        turn_usage = assembler.usage
        replies: list[dict[str, Any]] = []
        stop = ""
        for call in calls:
            if stop or self.used >= self.max_checks:
                text = "Not checked: you have no checks left."
            else:
                self.used += 1
                text, stop, checked = self._check(assembler, call, turn_usage, model_s)
                if checked:
                    turn_usage = None  # the turn's tokens count once, with its first check
            replies.append({"role": "tool", "tool_call_id": call.id, "content": text})
        left = self.max_checks - self.used
        if left:
            replies[-1]["content"] += f"\n\nYou have {left} check(s) left."
        else:
            replies[-1]["content"] += (
                "\n\nThat was your last check. Answer now with the final code in one fenced code block."
            )
        return replies, stop

    def _check(
        self, assembler: ReplyAssembler, call: ToolCall, turn_usage: Usage | None, model_s: float
    ) -> tuple[str, str, bool]:
        """The text for the model, the reason to stop (or ""), and whether ``check`` was asked."""
        number = self.used
        extracted = _code_of(call, self.call.context.target)
        if isinstance(extracted, str):
            self._emit(StatusEvent(f"Check {number} of {self.max_checks}: the call could not be checked."))
            return extracted, "", False
        candidate = self._whole(assembler.conversion(extracted.code, extracted.warnings, complete=True))
        self.last_checked = candidate
        if self.first_code_s is None:
            self.first_code_s = time.perf_counter() - self.call.context.started
        self._emit(CodeEvent(extracted.code, restart=True))
        self._emit(StatusEvent(f"Check {number} of {self.max_checks}: {self.label} sent its code…"))
        with self.cancel.keeps_partial(self._kept) if self.cancel else nullcontext():
            outcome = self.check(CodeCheck(candidate, number, turn_usage, round(model_s, 3)))
        if outcome.score is not None and (self.best_score is None or outcome.score > self.best_score):
            self.best, self.best_score = candidate, outcome.score
        return outcome.text, outcome.stop, True

    def _kept(self) -> Conversion | None:
        """The code the loop would end with now: the best scored, else the last checked."""
        kept = self.best or self.last_checked
        return self._whole(kept) if kept is not None else None

    def _partial(self, assembler: ReplyAssembler) -> Conversion | None:
        kept = self._kept()
        return kept if kept is not None else assembler.partial()

    def _whole(self, conversion: Conversion) -> Conversion:
        """``conversion`` as the loop's result so far: every turn's usage and reasoning, the time
        from the first request."""
        timings = conversion.timings
        first_code = [t for t in (self.first_code_s, timings.first_code_s) if t is not None]
        first_byte = self.first_byte_s
        return dataclasses.replace(
            conversion,
            usage=summed_usage(self.usages).as_usage(),
            reasoning="\n\n".join(text for text in self.reasoning if text),
            timings=dataclasses.replace(
                timings,
                total_s=round(time.perf_counter() - self.call.context.started, 3),
                first_byte_s=round(first_byte, 3) if first_byte is not None else None,
                first_code_s=round(min(first_code), 3) if first_code else None,
            ),
        )

    def _end(self, warning: str) -> Conversion:
        """The best checked code as the result, with ``warning`` (why the loop ended)."""
        kept = self._kept()
        assert kept is not None  # a stop comes from a check; a model that calls on is handled before
        return dataclasses.replace(kept, warnings=(*kept.warnings, warning))

    def _stopped(self) -> ConversionStoppedError:
        kept = self._kept()
        if kept is None:
            return ConversionStoppedError("Stopped by you before any code was checked. Try again.", None)
        return ConversionStoppedError(
            f"Stopped by you after {self.used} check(s); the best checked code is kept.",
            dataclasses.replace(kept, complete=False, warnings=(*kept.warnings, "Stopped by you.")),
        )

    def _emit(self, event: StatusEvent | CodeEvent) -> None:
        if self.on_event is not None:
            self.on_event(event)


def _assistant_message(
    assembler: ReplyAssembler, calls: tuple[ToolCall, ...], sends_reasoning: bool
) -> dict[str, Any]:
    """The model's turn as it goes back: its text, its calls as it made them, and its thinking
    when it had any or thinks on this call (Kimi rejects a tool-call turn sent back without it)."""
    message: dict[str, Any] = {
        "role": "assistant",
        "content": assembler.content,
        "tool_calls": [
            {"id": call.id, "type": "function", "function": {"name": call.name, "arguments": call.arguments}}
            for call in calls
        ],
    }
    if assembler.reasoning or sends_reasoning:
        message["reasoning_content"] = assembler.reasoning
    return message


def _code_of(call: ToolCall, target: Target) -> ExtractedCode | str:
    """The code a call of the tool sends, or what is wrong with the call, in words for the model."""
    if call.name != CHECK_TOOL:
        name = call.name[:SHOWN_NAME_CHARS] or "(no name)"
        return f"There is no tool named {json.dumps(name)}: the only tool is {CHECK_TOOL}."
    try:
        arguments = json.loads(call.arguments)
    except json.JSONDecodeError as exc:
        return (
            f"The arguments of {CHECK_TOOL} are not valid JSON ({exc.msg} at character {exc.pos}). "
            'Send one JSON object: {"code": "<the complete code>"}.'
        )
    except RecursionError:
        return f"The arguments of {CHECK_TOOL} are nested too deeply to read."
    code = arguments.get("code") if isinstance(arguments, dict) else None
    if not isinstance(code, str) or not code.strip():
        return (
            f'{CHECK_TOOL} needs "code": the complete {target.label} code, as one non-empty JSON '
            "string. Nothing was checked."
        )
    try:
        return extract_code(code, target)
    except HandoffError as exc:
        return f"{CHECK_TOOL} could not use this code: {exc}"
