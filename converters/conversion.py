"""What a conversion is: the request (with the ``Frame``s of a screen drawn at several widths), the
result, the progress events, the ``Converter`` protocol every engine implements and the optional
capabilities an engine may add (``ModelLister``, ``ModelEndpoint``, ``ReadsDesign``, ``ChecksCode``).

The bottom layer shared by the engines, the job runner, the library, export and the app: it
imports only ``cancel``, ``errors``, ``intake`` and ``targets``, so code that only reads or
stores a ``Conversion`` never loads an engine (nor the OpenAI SDK). What an engine is for menus
(``EngineInfo``) and how engines are made (the registry) live in ``converters.engines``."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any, Final, Protocol, runtime_checkable

from converters.cancel import Cancellation
from converters.errors import ChangeRequestError, FramesError
from converters.intake import DesignImage
from converters.intake.design import EncodedImage
from converters.intake.frames import frame_order
from converters.intake.kinds import DesignKind
from converters.targets import Target

MAX_CHANGE_CHARS: Final = 2_000
"""Longest instruction for a change: a paragraph or two (the longest asked for in tests of other
tools run to a few hundred characters). A longer text is a pasted document or a mistake, and it
would be resent with every later turn (``Revision.earlier``)."""
MAX_ELEMENT_CHARS: Final = 2_000
"""Longest markup of a selected element sent with a change (the preview passes on 1,500; see
``converters.preview.document.PICK_HTML_CHARS``): a few hundred tokens, sent once, not resent."""


@dataclass(frozen=True)
class Revision:
    """A change asked of an existing result: ``code`` (the current version, in the request's
    target), the ``instruction`` for this turn and the ``earlier`` instructions that led to the
    code, oldest first. Only the current code is sent, never older versions: a long session
    stays within the model's context and the user's budget."""

    code: str
    instruction: str
    earlier: tuple[str, ...] = ()
    element: str = ""
    """The markup of the element the change is about, as the preview rendered it (the user
    pointed at it); empty for a change to the whole page."""
    check: bool = False
    """A turn of check and revise (``converters.revise``): ``instruction`` is Handoff's feedback
    on the render of ``code``, not the user's words (sent from ``prompts/revise.txt``)."""
    picture: EncodedImage | None = None
    """In a check turn, the render of ``code`` that was scored (model-sized), sent as a second
    image after the feedback: the model sees what its code drew beside the design."""

    def __post_init__(self) -> None:
        instruction = self.instruction.strip()
        if not instruction:
            raise ChangeRequestError("Say what to change: the instruction is empty.")
        if len(instruction) > MAX_CHANGE_CHARS and not self.check:
            raise ChangeRequestError(
                f"The instruction is {len(instruction):,} characters long; at most {MAX_CHANGE_CHARS:,} "
                "are sent. Ask for one change at a time, in a sentence or two."
            )
        if not self.code.strip():
            raise ChangeRequestError("There is no code to change: convert the design first.")
        if len(self.element) > MAX_ELEMENT_CHARS:
            raise ChangeRequestError(
                f"The selected element's markup is {len(self.element):,} characters long; at most "
                f"{MAX_ELEMENT_CHARS:,} are sent. Select a smaller part of the page."
            )
        object.__setattr__(self, "instruction", instruction)


class Grounding(StrEnum):
    """How much of the offline engine's reading of a design a model gets with it: nothing; the
    text lines (words, role, box, colour) and colours; or those and the regions (header, nav,
    sections, cards, images, footer with their boxes)."""

    OFF = "off"
    TEXT = "text"
    LAYOUT = "layout"


@dataclass(frozen=True)
class DesignReading:
    """The offline engine's reading of a design as a model gets it: ``facts`` (text for the prompt,
    empty when nothing was read), its estimated ``tokens``, ``left_out`` (what the budget trimmed,
    said in words; empty when nothing was) and, in draft mode, the offline engine's ``draft``
    code."""

    facts: str
    tokens: int
    left_out: str = ""
    draft: str = ""


@dataclass(frozen=True)
class Frame:
    """One drawing of a screen at one width: the ``design`` and its ``width`` in CSS px (read
    from the image, ``DesignImage.css_width``, or corrected by the user). Made and checked as
    a set by ``screen_frames``."""

    design: DesignImage
    width: int


def screen_frames(designs: Sequence[DesignImage], widths: Sequence[int] | None = None) -> tuple[Frame, ...]:
    """``designs``, the same screen drawn at several widths, as the frames of one request,
    narrowest first (in any order given). ``widths``: each design's width in CSS px, in the
    order of ``designs``; ``None`` reads them from the images (``DesignImage.css_width``: a 2x
    export halved). Frames of very different heights are fine.

    Raises ``FramesError`` (``OneFrameError``, ``TooManyFramesError``, ``SameWidthFramesError``;
    see ``converters.intake.frames.frame_order``) with a message for the user.
    """
    chosen = [design.css_width for design in designs] if widths is None else list(widths)
    if len(chosen) != len(designs):
        raise ValueError("screen_frames needs one width per design")
    order = frame_order(chosen, [design.source_name for design in designs])
    return tuple(Frame(designs[index], chosen[index]) for index in order)


@dataclass(frozen=True)
class ConversionRequest:
    """One design to convert into one target, with the user's optional instructions; with a
    ``revision``, a change to a result of it (the design is sent again: the model sees it).

    For a model engine: ``grounding`` says how much of the offline engine's reading of the design
    goes into the prompt, and ``draft`` gives it the offline engine's code to improve; the engine
    reads the design first (``reading``, filled in once read). The offline engine ignores them.

    ``kind``: what the design is (a sketch photo, a digital wireframe, a screenshot), named by the
    user; ``None`` lets the engine tell (the offline engine guesses it and reads each kind its own
    way; model engines ignore it).

    ``frames``: empty for a conversion of one design. With two or more (``screen_frames``), the
    same screen at several widths, narrowest first, for one responsive result that looks like
    each frame at its width; ``design`` is then the widest frame's design. An engine that does
    not read frames yet converts ``design`` alone, as for one design (the desktop frame).
    """

    design: DesignImage
    target: Target
    instructions: str = ""
    revision: Revision | None = None
    grounding: Grounding = Grounding.OFF
    draft: bool = False
    reading: DesignReading | None = None
    frames: tuple[Frame, ...] = ()
    kind: DesignKind | None = None

    def __post_init__(self) -> None:
        if not self.frames:
            return
        widths = [frame.width for frame in self.frames]
        order = frame_order(widths, [frame.design.source_name for frame in self.frames])
        if order != tuple(range(len(widths))):
            raise FramesError(
                f"The frames are not narrowest first ({', '.join(map(str, widths))} px): order them "
                "with screen_frames."
            )
        if self.frames[-1].design != self.design:
            raise FramesError(
                f"The design to convert is {self.design.source_name}, not the widest frame "
                f"({self.frames[-1].design.source_name}): a request's design is its widest frame."
            )

    @property
    def strategy(self) -> str:
        """How a model is asked (``strategy_name``)."""
        return strategy_name(self.grounding, self.draft)


def strategy_name(grounding: Grounding, draft: bool) -> str:
    """How a model is asked, in words a table can hold: "plain", "grounded (layout)",
    "grounded (text) + draft", "draft"."""
    parts = [f"grounded ({grounding.value})"] if grounding is not Grounding.OFF else []
    if draft:
        parts.append("draft")
    return " + ".join(parts) or "plain"


@dataclass(frozen=True)
class Usage:
    """Tokens a conversion used and what they cost. ``input_tokens`` includes ``cached_tokens``
    (as OpenAI and Moonshot count them); ``cost_usd`` is ``None`` when the model's price is unknown."""

    input_tokens: int = 0
    cached_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float | None = None


@dataclass(frozen=True)
class Timings:
    """Seconds from sending the request: first byte of the reply, first code, end."""

    started_at: str  # ISO 8601, UTC
    total_s: float
    first_byte_s: float | None = None
    first_code_s: float | None = None


@dataclass(frozen=True)
class CheckRound:
    """One round of check and revise (``converters.revise``): the combined fidelity of the code
    before and of the revision (``None``: no revision came), whether the revision was kept, the
    feedback sent and how many problems it named, the round's tokens and cost, and its seconds
    with the model and rendering and scoring. ``note`` says why the loop ended here, if it did.

    In agent mode (``converters.agent``) a round is one check the model asked for: ``score_before``
    is the best checked code's score before it (``None`` for the first check), ``score_after``
    the checked code's, ``kept`` whether it became the best; the tokens and cost are those of the
    turn that asked (counted on the turn's first check only)."""

    score_before: float | None
    score_after: float | None
    kept: bool
    feedback: str
    problems: int
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float | None = None
    model_s: float = 0.0
    score_s: float = 0.0
    note: str = ""


@dataclass(frozen=True)
class Conversion:
    """The result of one conversion. ``complete`` is false for a cut stream or a reply cut at the
    output limit; ``warnings`` then say what is missing. Serialisable with ``to_json``."""

    code: str
    target: Target
    engine: str
    model: str
    prompt_name: str
    prompt_hash: str
    timings: Timings
    usage: Usage | None = None
    warnings: tuple[str, ...] = ()
    complete: bool = True
    reasoning: str = ""
    design_sha256: str = ""
    instruction: str = ""
    """The change this result made to its parent (``Revision.instruction``); empty for a conversion."""
    strategy: str = ""
    """How a model was asked (``ConversionRequest.strategy``); empty for the offline engine."""
    grounding_tokens: int = 0
    """Estimated tokens of the design's reading sent with the image (0: none was sent)."""
    checks: tuple[CheckRound, ...] = ()
    """The rounds of check and revise that led to this code (``converters.revise``), or the
    checks the model asked for in agent mode (``converters.agent``)."""
    notes: tuple[str, ...] = ()
    """How the engine read the design, for the user (not problems: those are ``warnings``), e.g.
    that a vector design was read from its file's text rather than by OCR."""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["target"] = self.target.value
        data["warnings"] = list(self.warnings)
        data["notes"] = list(self.notes)
        data["checks"] = [asdict(check) for check in self.checks]
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Conversion:
        values = dict(data)
        values["target"] = Target(values["target"])
        values["timings"] = Timings(**values["timings"])
        values["usage"] = Usage(**values["usage"]) if values.get("usage") else None
        values["warnings"] = tuple(values.get("warnings", ()))
        values["notes"] = tuple(values.get("notes", ()))
        values["checks"] = tuple(CheckRound(**check) for check in values.get("checks", ()))
        return cls(**values)


@dataclass(frozen=True)
class StatusEvent:
    """Progress in words: "Waiting for kimi-k2.5…", "Rate limited; retrying in 2 s"."""

    text: str


@dataclass(frozen=True)
class ReasoningEvent:
    """A piece of the model's reasoning (thinking) text; progress, never part of the code."""

    text: str


@dataclass(frozen=True)
class CodeEvent:
    """New code text, appended to what came before (prose and fences are already removed); with
    ``restart``, the first text of a new answer, which replaces the code so far (a revision)."""

    text: str
    restart: bool = False


@dataclass(frozen=True)
class UsageEvent:
    """Token usage, once the endpoint reports it (some servers never do)."""

    usage: Usage


@dataclass(frozen=True)
class StageEvent:
    """An engine that works in stages (``offline``) began one, or moved on inside it.

    ``name`` says what the stage does, for people ("Reading the text"); ``index`` is its place
    (1-based) among the engine's ``count`` stages; ``done`` of ``total`` ``unit`` ("lines") are
    finished inside it, when the stage counts them (``total`` is 0 when it does not). Stages come
    in order; the next stage's first event ends the one before. Times are the observer's to take.
    """

    name: str
    index: int
    count: int
    done: int = 0
    total: int = 0
    unit: str = ""


ConversionEvent = StatusEvent | ReasoningEvent | CodeEvent | UsageEvent | StageEvent


class StopConversion(Exception):
    """Raised by an event handler to stop a conversion; the engine then raises
    ``ConversionStoppedError`` carrying the partial result. Engines that work long between events
    also take a ``Cancellation`` (``Converter.convert``), which stops them between events too."""


EventHandler = Callable[[ConversionEvent], None]


def restarting(on_event: EventHandler | None) -> EventHandler | None:
    """``on_event`` for a new answer in the same conversion (a revision, an agent's next turn):
    its first code replaces the code shown so far (until then, the live view keeps showing the
    code before it)."""
    if on_event is None:
        return None
    started = False

    def relay(event: ConversionEvent) -> None:
        nonlocal started
        if isinstance(event, CodeEvent) and not started:
            started = True
            event = CodeEvent(event.text, restart=True)
        on_event(event)

    return relay


@runtime_checkable
class Converter(Protocol):
    """An engine: turns a ``ConversionRequest`` into a ``Conversion``, reporting progress."""

    @property
    def name(self) -> str: ...

    @property
    def needs_key(self) -> bool: ...

    def convert(
        self,
        request: ConversionRequest,
        on_event: EventHandler | None = None,
        *,
        cancel: Cancellation | None = None,
    ) -> Conversion:
        """Convert, reporting progress to ``on_event``. Stopping: ``on_event`` raises
        ``StopConversion``, or ``cancel`` is cancelled (the engine checks it at least as often as
        it sends events, and more often where it works long between them); either way the engine
        raises ``ConversionStoppedError`` (with the partial result, if it has one) soon after."""
        ...

    def close(self) -> None:
        """Release connections or models the engine holds; it may not be used afterwards."""


@runtime_checkable
class ModelLister(Protocol):
    """An optional capability of a ``Converter``: it can list the models its endpoint serves.

    Ask with ``isinstance(engine, ModelLister)``; an engine without a model (``offline``) is not
    one."""

    def list_models(self) -> list[str]:
        """Model ids the endpoint offers, sorted; raises ``EngineError`` when it cannot say."""
        ...


@runtime_checkable
class ModelEndpoint(Protocol):
    """An optional capability of a ``Converter``: it asks a model at an endpoint, and says which
    and where (for "in use" notes; nothing is contacted). Ask with ``isinstance``."""

    @property
    def model(self) -> str:
        """The model it asks, as the endpoint names it."""
        ...

    @property
    def base_url(self) -> str:
        """The endpoint's base URL (``…/v1``)."""
        ...


@runtime_checkable
class ReadsDesign(Protocol):
    """An engine that reads the design before it asks a model (grounding, draft): ``prepare``
    returns the request with its reading, so that several turns share one reading."""

    def prepare(
        self, request: ConversionRequest, on_event: EventHandler | None, cancel: Cancellation | None
    ) -> ConversionRequest: ...


@dataclass(frozen=True)
class CodeCheck:
    """A model's request, in agent mode, to check code before it answers (a call of its
    ``check_render`` tool). ``candidate``: the code as a result (its usage: every turn so far);
    ``number``: the call's place in the budget (1-based; malformed calls use up places too);
    ``turn_usage``: the tokens and cost of the turn that asked (``None`` for that turn's later
    checks, so that summing the checks counts each turn once); ``model_s``: that turn's seconds."""

    candidate: Conversion
    number: int
    turn_usage: Usage | None
    model_s: float


@dataclass(frozen=True)
class CheckOutcome:
    """What a check found. ``text``: what the model is told; ``score``: ranks the code among the
    conversion's checked codes (higher is better; ``None``: it could not be measured); ``stop``:
    when not empty, why no more turns may be asked (said to the user): the loop ends with the
    best code so far."""

    text: str
    score: float | None
    stop: str = ""


CodeChecker = Callable[[CodeCheck], CheckOutcome]
"""Checks code a model wrote, for the model (agent mode)."""


@runtime_checkable
class ChecksCode(Protocol):
    """An optional capability of a ``Converter``: its model may check code with a tool (``check``)
    up to ``max_checks`` times before it answers (agent mode, ``converters.agent``). Ask with
    ``isinstance``; an engine without a model (``offline``) is not one."""

    def convert_checking(
        self,
        request: ConversionRequest,
        check: CodeChecker,
        *,
        max_checks: int,
        on_event: EventHandler | None = None,
        cancel: Cancellation | None = None,
    ) -> Conversion:
        """The model's answer, or the best checked code when it would not answer; stops like
        ``Converter.convert``, with the best checked code so far as the partial result."""
        ...
