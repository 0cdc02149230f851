"""Chat messages for a vision model: prompt files + the design's model copy + measured palette.

Pure functions: the same request and prompt files give the same messages, testable offline.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any, Final

from converters.conversion import ConversionRequest
from converters.engines.frame_messages import frames_content, palette_lines
from converters.prompts import Prompt, PromptRegistry

CHECK_TOOL: Final = "check_render"
"""The name of the one tool of agent mode: the model sends its code, Handoff answers with scores."""


@dataclass(frozen=True)
class PromptSet:
    """The prompts one conversion used: ``name`` joins their names, ``sha256`` covers them all."""

    prompts: tuple[Prompt, ...]

    @property
    def name(self) -> str:
        return "+".join(prompt.name for prompt in self.prompts)

    @property
    def sha256(self) -> str:
        joined = "\n".join(f"{prompt.name}:{prompt.sha256}" for prompt in self.prompts)
        return hashlib.sha256(joined.encode()).hexdigest()


def build_messages(
    request: ConversionRequest, prompts: PromptRegistry
) -> tuple[list[dict[str, Any]], PromptSet]:
    """System and user messages for ``request``; the user message carries the image first (for
    a request with frames, each frame's image after a line with its width, narrowest first:
    ``converters.engines.frame_messages``), then the text."""
    design = request.design
    system = prompts.render("system")
    rules = prompts.render(f"targets/{request.target.value}")
    palette = palette_lines(request) or "- (no dominant colour)"
    images: list[dict[str, Any]]
    if request.frames:
        images, task, labels = frames_content(request, prompts, palette)
        used = [system, rules, *labels, task]
    else:
        images = [{"type": "image_url", "image_url": {"url": design.model_data_url()}}]
        task = prompts.render(
            "task",
            target=request.target.label,
            width=design.width,
            height=design.height,
            scale_note=_scale_note(request),
            palette=palette,
        )
        used = [system, rules, task]
    text = task.text
    if request.instructions.strip():
        extra = prompts.render("instructions", instructions=request.instructions.strip())
        used.append(extra)
        text += "\n" + extra.text
    reading = request.reading
    if reading is not None and reading.facts:
        facts = prompts.render("grounding", facts=reading.facts)
        used.append(facts)
        text += facts.text
    if reading is not None and reading.draft:
        draft = prompts.render(
            "draft",
            draft=reading.draft.rstrip(),
            language=request.target.fence,
            fence=_markup_fence(reading.draft),
        )
        used.append(draft)
        text += draft.text
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": f"{system.text.rstrip()}\n\n{rules.text.rstrip()}\n"},
        {
            "role": "user",
            "content": [*images, {"type": "text", "text": text}],
        },
    ]
    if request.revision is not None:
        turn, turn_prompts = _change_messages(request, prompts)
        used.extend(turn_prompts)
        messages.extend(turn)
    return messages, PromptSet(tuple(used))


def build_agent_messages(
    request: ConversionRequest, prompts: PromptRegistry, *, checks: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], PromptSet]:
    """``build_messages`` for agent mode: the user message also says the model may call
    ``CHECK_TOOL`` up to ``checks`` times (``prompts/agent.txt``), and the tool itself comes
    with them (its description from ``prompts/agent-tool.txt``), in the chat-completions
    ``tools`` format. Both prompts are in the prompt set."""
    messages, used = build_messages(request, prompts)
    about = prompts.render("agent", tool=CHECK_TOOL, target=request.target.label, checks=checks)
    described = prompts.render("agent-tool", target=request.target.label)
    user = messages[1]
    messages[1] = {**user, "content": [*user["content"], {"type": "text", "text": about.text}]}
    tool = {
        "type": "function",
        "function": {
            "name": CHECK_TOOL,
            "description": described.text.strip(),
            "parameters": {
                "type": "object",
                "properties": {"code": {"type": "string"}},
                "required": ["code"],
            },
        },
    }
    return messages, [tool], PromptSet((*used.prompts, about, described))


def _scale_note(request: ConversionRequest) -> str:
    design = request.design
    if design.scale != 1.0:
        return (
            f"It was rendered at {design.scale:g}x, so the design is "
            f"{design.width / design.scale:.0f} x {design.height / design.scale:.0f} CSS pixels."
        )
    return "Treat one image pixel as one CSS pixel unless the design is obviously a 2x export."


def _markup_fence(markup: str) -> str:
    """A code fence longer than any run of backticks in ``markup``, so that it cannot close early."""
    longest = max((len(run) for run in re.findall(r"`+", markup)), default=0)
    return "`" * max(3, longest + 1)


def _change_messages(
    request: ConversionRequest, prompts: PromptRegistry
) -> tuple[list[dict[str, Any]], list[Prompt]]:
    """A turn of refinement after the conversion's two messages: the current code as the
    assistant's answer, then the change asked, from ``prompts/refine.txt`` (with
    ``refine-element.txt`` when the user pointed at an element).

    The assistant message has no ``reasoning_content``: Moonshot needs the thinking of earlier
    turns only around tool calls (this conversation has none), and dropping it keeps every turn
    the size of the current code, however long the thread.
    """
    revision = request.revision
    assert revision is not None
    earlier = "\n".join(f"{n}. {text}" for n, text in enumerate(revision.earlier, start=1)) or "(none)"
    used: list[Prompt] = []
    element = ""
    if revision.element.strip():
        markup = revision.element.strip()
        about = prompts.render("refine-element", markup=markup, fence=_markup_fence(markup))
        used.append(about)
        element = about.text
    if revision.check:
        design = (
            "the last of the frames' images, the widest frame, is the design at this width"
            if request.frames
            else "the first image is the design"
        )
        picture = (
            f"\nThe image after this message is what your code drew, at the design's width ({design}).\n"
            if revision.picture is not None
            else ""
        )
        change = prompts.render(
            "revise", feedback=revision.instruction, target=request.target.label, picture=picture
        )
    else:
        change = prompts.render(
            "refine",
            instruction=revision.instruction,
            element=element,
            earlier=earlier,
            target=request.target.label,
        )
    content: str | list[dict[str, Any]] = change.text
    if revision.check and revision.picture is not None:
        # The feedback first (it says the picture follows), then the render it is about.
        content = [
            {"type": "text", "text": change.text},
            {"type": "image_url", "image_url": {"url": revision.picture.data_url()}},
        ]
    return [
        {"role": "assistant", "content": f"```{request.target.fence}\n{revision.code.rstrip()}\n```"},
        {"role": "user", "content": content},
    ], [change, *used]
