"""Asking for a change to a result in plain words: the box at the foot of the Convert page, the
thread of changes above the result, and what happens to a change that was not made.

A change runs as a conversion does (``ConversionJob``: the same live view, Stop and partial
results), with a ``Revision`` in its request, on a model engine: the one picked, or the first one
set up when the pick is the offline engine. The answer is saved as the next version of the result
it changed. A change that fails, is stopped or is cut keeps the result it was asked of current
and puts the instruction back in the box, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from converters import DesignImage, HandoffError, Settings
from converters.conversion import ConversionRequest, Revision
from converters.engines import create_engine, engine_infos
from converters.errors import ChangeRequestError
from converters.jobs import ConversionJob
from converters.offline.engine import CHANGES_NEED_A_MODEL
from converters.store import LibraryItem
from converters.versions import ThreadUsage, thread_usage
from ui import session
from ui.engine_choice import SETTINGS_PAGE, EngineOffer, current_offer
from ui.library_store import library_or_error
from ui.model_strategy import chosen_strategy
from ui.preview_pane import PickedElement
from ui.restore import bring_back
from ui.safe_text import md_text
from ui.versions import version_conversion

CONVERT_PAGE = "pages/convert.py"
ELEMENT_WORDS_SHOWN = 40
"""Characters of a selected element's text that name it in the thread (its markup goes whole)."""


@dataclass(frozen=True)
class ChangeOf:
    """The result a running change was asked of: its history entry and library id, and the
    instruction (put back in the box if the change is not made)."""

    entry_id: str
    stored_id: str | None
    instruction: str


def change_engine(offer: EngineOffer) -> str | None:
    """The engine that makes changes: the one in use if it is a model, else the first model set
    up; ``None`` when no model engine can run."""
    local = {info.name for info in engine_infos() if info.local}
    picked = st.session_state.get("engine")
    for name in (picked, offer.in_use, *offer.ready):
        if isinstance(name, str) and name in offer.ready and name not in local:
            return name
    return None


def thread_md(entry: session.HistoryEntry, settings: Settings) -> str | None:
    """Markdown of the changes that led to this result, first to last (``None`` for a result
    that is no change and has none before it)."""
    if entry.stored_id is None:
        instruction = entry.conversion.instruction if entry.conversion is not None else ""
        return f":material/forum: Changed: “{md_text(instruction)}”" if instruction else None
    store = library_or_error(settings)
    if isinstance(store, HandoffError):
        return None
    try:
        thread = store.thread(entry.stored_id)
    except HandoffError:
        return None
    if len(thread) < 2:
        return None
    steps = [
        f"v{number:d} " + (f"“{md_text(item.instruction)}”" if item.instruction else _converted(number))
        for number, item in enumerate(thread, start=1)
    ]
    try:
        usage = thread_usage(version_conversion(store, item.id) for item in thread)
    except HandoffError:
        return ":material/forum: " + " → ".join(steps)
    return ":material/forum: " + " → ".join(steps) + f" · {md_text(thread_cost(usage))}"


def thread_cost(usage: ThreadUsage) -> str:
    """What the turns of a thread used, in short: "2 model turns · 9,120 tokens · $0.0123"."""
    if usage.turns == 0:
        return "no model turns"
    tokens = usage.input_tokens + usage.output_tokens
    turns = f"{usage.turns:d} model turn{'s' if usage.turns != 1 else ''} · {tokens:,} tokens"
    if usage.cost_usd is None:
        return f"{turns} · cost unknown"
    return f"{turns} · ${usage.cost_usd:.4f}" + (" or more" if usage.unpriced else "")


def _converted(number: int) -> str:
    """A version that is no change: the first conversion, or the design converted again."""
    return "first conversion" if number == 1 else "converted again"


def change_box(
    entry: session.HistoryEntry | None, design: DesignImage | None, picked: PickedElement | None = None
) -> None:
    """The box at the foot of the page for a change to ``entry`` (about the element ``picked`` in
    its preview, if one is), or what to set up for it."""
    if not _notice_and_draft() or entry is None or entry.conversion is None:
        return
    if not entry.conversion.code.strip():
        return
    engine = _engine_or_how_to_set_one_up()
    _about(picked, engine)
    _box(engine, on_submit=_start_change, args=(entry, design, engine, picked))


def library_change_box(item: LibraryItem, picked: PickedElement | None = None) -> None:
    """The Library's box for a change to the stored conversion ``item``: the change runs on the
    Convert page, in its live view, with the conversion brought into this session as its result."""
    if not _notice_and_draft():
        return
    engine = _engine_or_how_to_set_one_up()
    _about(picked, engine)
    _box(engine, on_submit=_start_library_change, args=(item.id, engine, picked))


def element_name(picked: PickedElement) -> str:
    """How a selected element is named in the thread and the prompt: "the <button> “Sign up”"."""
    words = picked.text
    if len(words) > ELEMENT_WORDS_SHOWN:
        words = words[: ELEMENT_WORDS_SHOWN - 1] + "…"
    return f"the <{picked.tag}>" + (f" “{words}”" if words else "")


def about_element(instruction: str, picked: PickedElement | None) -> str:
    """The instruction as recorded and sent: prefixed with the element it is about, if any."""
    text = instruction.strip()
    if picked is None or not text:
        return text
    return f"On {element_name(picked)}: {text}"


def _about(picked: PickedElement | None, engine: str | None) -> None:
    if picked is not None and engine is not None:
        st.caption(
            f":material/ads_click: The next change is about {md_text(element_name(picked))} selected in "
            "the preview (Clear it there to ask about the whole page)."
        )


def follow_library_change() -> None:
    """On the Library page: once a change asked there has started, go to its live view."""
    if st.session_state.pop(session.CHANGE_GO_CONVERT, False) and session.job() is not None:
        st.switch_page(CONVERT_PAGE)


def _notice_and_draft() -> bool:
    """Why the last change was not made, and its text back in the box. ``True``: a box can show."""
    draft = st.session_state.pop(session.CHANGE_DRAFT, None)
    if isinstance(draft, str):
        st.session_state[session.CHANGE_INPUT] = draft  # back in the box, once: nothing typed is lost
    reason = st.session_state.get(session.CHANGE_NOTICE)
    if isinstance(reason, str):  # until the next change is asked
        st.error(f"The change was not made. {md_text(reason)}", icon=":material/error:")
    return True


def _engine_or_how_to_set_one_up() -> str | None:
    engine = change_engine(current_offer(session.settings()))
    if engine is None:
        st.caption(f":material/info: {md_text(CHANGES_NEED_A_MODEL)}")
        st.page_link(SETTINGS_PAGE, label="Set up a model engine", icon=":material/settings:")
    return engine


def _box(engine: str | None, *, on_submit: Callable[..., None], args: tuple[object, ...]) -> None:
    st.chat_input(
        "Ask for a change: “make the header sticky”, “use #0052cc for buttons”…"
        if engine is not None
        else "Set up a model engine to ask for changes",
        key=session.CHANGE_INPUT,
        disabled=engine is None or session.job() is not None,
        on_submit=on_submit,
        args=args,
    )


def _start_library_change(conversion_id: str, engine_name: str | None, picked: PickedElement | None) -> None:
    """The Library box's callback: bring the conversion into this session, then change it."""
    if engine_name is None or session.job() is not None:
        return
    settings = session.settings()
    store = library_or_error(settings)
    try:
        if isinstance(store, HandoffError):
            raise store
        stored = store.get(conversion_id)
    except HandoffError as exc:
        text = st.session_state.get(session.CHANGE_INPUT)
        _not_made(text if isinstance(text, str) else "", str(exc))
        return
    known = session.stored_entry(conversion_id)
    if known is not None:
        st.session_state["selected_result"] = known.id
        st.session_state[session.FOLD_SETUP] = True
    entry = known or bring_back(store, stored, settings)
    _start_change(entry, session.kept_design(), engine_name, picked)
    if session.job() is not None:
        st.session_state[session.CHANGE_GO_CONVERT] = True


def _start_change(
    entry: session.HistoryEntry,
    design: DesignImage | None,
    engine_name: str | None,
    picked: PickedElement | None = None,
) -> None:
    """The box's callback: start the change as a job, or say why it cannot start."""
    text = st.session_state.get(session.CHANGE_INPUT)
    text = text if isinstance(text, str) else ""
    st.session_state.pop(session.CHANGE_NOTICE, None)
    conversion = entry.conversion
    if conversion is None or engine_name is None or session.job() is not None:
        return
    settings = session.settings()
    try:
        source = _design_of(entry, design, settings)
        revision = Revision(
            conversion.code,
            about_element(text, picked),
            _earlier(entry, settings),
            element=picked.html if picked is not None else "",
        )
        engine = create_engine(engine_name, settings, session.overrides(engine_name))
    except HandoffError as exc:
        _not_made(text, str(exc))
        return
    grounding, draft = chosen_strategy(settings)  # the first messages as the conversion sent them
    frames = session.frames_of(entry) or ()  # a frames result: the change sees every frame again
    request = ConversionRequest(
        design=source,
        target=conversion.target,
        revision=revision,
        grounding=grounding,
        draft=draft,
        frames=frames if frames and frames[-1].design == source else (),
    )
    session.set_job(ConversionJob(engine, request).start())
    st.session_state["job_meta"] = (entry.design_name, conversion.target.value)
    st.session_state[session.CHANGE_OF] = ChangeOf(entry.id, entry.stored_id, revision.instruction)


def _design_of(entry: session.HistoryEntry, design: DesignImage | None, settings: Settings) -> DesignImage:
    """The design the result was made from: the one uploaded, else the library's copy."""
    conversion = entry.conversion
    if design is not None and conversion is not None and design.sha256 == conversion.design_sha256:
        return design
    store = library_or_error(settings)
    if entry.stored_id is None or isinstance(store, HandoffError):
        raise _no_design()
    item = store.get(entry.stored_id).item
    if not item.design_key:
        raise _no_design()
    return store.design_image(item.design_key, settings.limits)


def _no_design() -> ChangeRequestError:
    return ChangeRequestError(
        "The design of this result is no longer at hand, and a model needs to see it: upload it "
        "again, then ask for the change."
    )


def _earlier(entry: session.HistoryEntry, settings: Settings) -> tuple[str, ...]:
    """The changes that led to the result, oldest first (from the library; else its own)."""
    store = library_or_error(settings)
    if entry.stored_id is not None and not isinstance(store, HandoffError):
        try:
            return tuple(item.instruction for item in store.thread(entry.stored_id) if item.instruction)
        except HandoffError:
            pass
    own = entry.conversion.instruction if entry.conversion is not None else ""
    return (own,) if own else ()


def change_recorded(entry: session.HistoryEntry) -> None:
    """After a change's job is recorded as ``entry``: a change that was not made in full keeps
    the result it was asked of current and puts its instruction back in the box, with why."""
    change = st.session_state.pop(session.CHANGE_OF, None)
    if not isinstance(change, ChangeOf):
        return
    made = entry.conversion is not None and entry.conversion.complete and not entry.stopped
    if made:
        return
    if any(kept.id == change.entry_id for kept in session.history()):
        st.session_state["selected_result"] = change.entry_id
    if entry.conversion is not None:
        reason = (entry.error or entry.stopped or "It was cut short.") + (
            " Its partial code is kept in the Result list."
        )
    else:
        reason = entry.error or entry.stopped or "It stopped before any code came."
    _not_made(change.instruction, reason)


def _not_made(text: str, reason: str) -> None:
    st.session_state[session.CHANGE_NOTICE] = reason
    st.session_state[session.CHANGE_DRAFT] = text


def change_parent() -> str | None:
    """The library id of the result a running change was asked of, if one is running."""
    change = st.session_state.get(session.CHANGE_OF)
    return change.stored_id if isinstance(change, ChangeOf) else None
