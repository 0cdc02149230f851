"""Per-browser-session state: settings, engine choices, the running job and the history.

Streamlit keeps ``st.session_state`` per browser session, so nothing here is shared between
users. Keys are named once, here, so the pages cannot drift apart.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import cast

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from converters import DesignImage, IntakeError, Settings
from converters.conversion import Conversion, Frame
from converters.engines import EngineOverrides
from converters.jobs import ConversionJob

HISTORY_LIMIT = 30  # results kept per session (older ones drop off)

SETUP_OPEN = "setup_open"
"""The Convert page's setup (upload and options) is unfolded: its expander's state."""
TAILWIND_BUILDS = "tailwind_builds"
"""Result key -> the downloads of its HTML + Tailwind page compiled, built on request this session."""
FOLLOWED_LINK = "followed_link"
"""The ``?c=<id>`` this session last brought in or put in the address (``ui.restore``)."""
FOLD_SETUP = "fold_setup"
"""Set when a conversion starts: the next run folds the setup before drawing it."""
OPEN_SETUP = "open_setup"
"""Set when the setup holds news for the user (frames an engine refused): the next run unfolds it."""
CHANGE_INPUT = "change_request"
"""The "Ask for a change" box (``ui.refine``): what the user typed, once submitted."""
CHANGE_OF = "change_of"
"""The result a running change was asked of (``ui.refine.ChangeOf``), until it is recorded."""
CHANGE_NOTICE = "change_notice"
"""Why the last change asked was not made, shown above the box until the next one is asked."""
CHANGE_DRAFT = "change_draft"
"""The text of a change that was not made, put back in the box on the next run."""
CHANGE_GO_CONVERT = "change_go_convert"
"""Set when a change asked on the Library page has started: that page then opens its live view."""
GROUNDING = "grounding"
"""How much of the design's reading a model gets (``ui.model_strategy``), a ``Grounding`` value."""
DRAFT = "draft_offline"
"""Whether a model gets the offline engine's code as a draft (``ui.model_strategy``)."""
REVISE = "revise_rounds"
"""Rounds of check and revise after a model's answer (``ui.model_strategy``)."""
VARIANTS = "variants"
"""How many strategies a model conversion runs at once and ranks (``ui.model_strategy``), 1-4."""
AGENT = "agent_checks"
"""Whether the model checks its own render with a tool instead of follow-up turns (``ui.model_strategy``)."""
VERSION_CODE = "version_code"
"""Library id -> its ``Conversion``, for the Versions tab (``ui.versions``); saved ones never change."""
DESIGN_SOURCE = "design_source"
"""Where the Convert page takes the design from: ``file`` (the uploader), ``frames`` (the frames
of one screen: ``ui.frames_upload``) or ``figma`` (a link)."""
FIGMA_LINK = "figma_link"
"""The Figma frame link typed on the Convert page (``ui.figma_import``)."""
DESIGN_KIND = "design_kind"
"""What the design is, as chosen on the Convert page (``ui.design_kind``): ``AUTOMATIC_KIND``
or a ``DesignKind`` (a sketch photo, a digital wireframe, a screenshot)."""
AUTOMATIC_KIND = "automatic"
"""The Design kind choice that lets the engine tell (the default)."""
FIGMA_TOKEN = "figma_token"
"""The Figma personal access token typed for this browser session only: never stored or shown."""
FIGMA_NOTICE = "figma_notice"
"""Why the last Figma import failed (its message), shown under the form until the next import."""
SIGNED_IN_AS = "signed_in_as"
"""The name a user gave when they signed in with the team password (``ui.access``)."""
UPLOAD = "upload"
"""The Convert page's file uploader (several files at once: the frames of one screen)."""
FRAMES_UPLOAD = "frames_upload"
"""The Convert page's uploader of the frames of one screen (several files, or a PDF's pages)."""
FRAME_WIDTHS = "frame_widths"
"""Frame id -> its width in CSS px as the user corrected it (``ui.frames_panel``); kept apart from
the widgets, whose state Streamlit drops when the user visits another page."""
FRAME_WIDTH_NOTICES = "frame_width_notices"
"""Frame id -> why its width was changed from what was typed or read (out of range), shown under it."""
FRAMES_NOTICE = "frames_notice"
"""Why the last conversion of frames could not make one result of them (the engine's
``FramesError``), shown next to the uploader until the uploaded files change."""
SEPARATELY = "frames_separately"
"""How the Convert page converts several designs: ``False`` as the frames of one screen (one
result), ``True`` each on its own, one after another (``ui.frames_panel``)."""
QUEUE = "conversion_queue"
"""Conversions waiting to start, one after another (``ui.conversion_queue``): designs converted
separately."""


@dataclass(frozen=True)
class VariantCard:
    """One variant of a ranked conversion, as the strip above its result shows it: its strategy,
    its combined fidelity, a picture of its render (PNG; ``None`` when it could not be scored),
    the session result it became (``None``: it failed, ``error`` says why)."""

    strategy: str
    score: float | None
    picture: bytes | None
    entry_id: str | None
    error: str = ""


@dataclass(frozen=True)
class FrameRef:
    """One frame of a result made from the frames of a screen: its design (sha256 and page: the
    design itself is looked up among those uploaded, ``frames_of``) and its width in CSS px."""

    sha256: str
    page: int
    width: int

    @classmethod
    def of(cls, frame: Frame) -> FrameRef:
        return cls(frame.design.sha256, frame.design.page, frame.width)


@dataclass(frozen=True)
class HistoryEntry:
    """One finished conversion of this session (complete, partial, stopped or failed)."""

    id: str
    design_name: str
    target_label: str
    conversion: Conversion | None
    error: str | None
    created: datetime = field(default_factory=lambda: datetime.now(UTC))
    stored_id: str | None = None
    """Its id in the library, when it was saved there."""
    store_error: str | None = None
    """Why it was not saved to the library (the result itself is unaffected)."""
    stopped: str | None = None
    """When the user stopped it: what the job said then ("Stopped after 3.2 s, before any code
    was written."). A stop is not a failure: ``error`` is ``None`` unless partial code was kept."""
    variant: str = ""
    """The strategy that made it, when it is one of several variants ranked together."""
    variants: tuple[VariantCard, ...] = ()
    """All the variants of its run, best first (empty when it was not one of several)."""
    design_page: int = 1
    """The page of its design (a PDF's pages share one sha256)."""
    frames: tuple[FrameRef, ...] = ()
    """The frames it was made from, narrowest first (empty: one design); its design is the widest."""

    @property
    def title(self) -> str:
        if self.conversion is None:
            state = "stopped" if self.stopped else "failed"
        else:
            state = "partial" if not self.conversion.complete else ""
        when = self.created.astimezone().strftime("%H:%M:%S")
        suffix = f" · {state}" if state else ""
        if self.variant:
            suffix = f" · {self.variant}{suffix}"
        change = self.conversion.instruction if self.conversion is not None else ""
        if change:
            change = f" · “{change if len(change) <= 40 else change[:39] + '…'}”"
        if self.frames:
            change = f" · frames {' + '.join(str(frame.width) for frame in self.frames)} px{change}"
        return f"{when} · {self.design_name} · {self.target_label}{change}{suffix}"


def settings(*, gated: bool = True) -> Settings:
    """The process settings that ``app.py`` put in the session.

    A page can run without ``app.py``: on a fresh server whose first request is a page URL
    (``/settings``), Streamlit falls back to its legacy ``pages/`` folder mode before any
    ``st.navigation`` call has switched it off. Switch it off and rerun through ``app.py``, and
    so too when this session may not use the app (``ui.access``: sign-in is on and nobody signed
    in), so that a page never draws for such a visitor however it was reached. ``gated=False``
    is for the pages they may see (the sign-in, a read-only link).
    """
    from ui.access import visitor  # here: ui.access keeps its session keys in this module

    known = st.session_state.get("settings")
    if not isinstance(known, Settings) or (gated and not visitor(known).allowed):
        PagesManager.uses_pages_directory = False
        st.rerun()
    return cast(Settings, st.session_state["settings"])


def overrides(engine: str) -> EngineOverrides:
    """This session's choices for ``engine`` (Settings page); empty when none were made."""
    chosen: dict[str, EngineOverrides] = st.session_state.setdefault("engine_overrides", {})
    return chosen.get(engine, EngineOverrides())


def set_overrides(engine: str, value: EngineOverrides) -> None:
    st.session_state.setdefault("engine_overrides", {})[engine] = value


def job() -> ConversionJob | None:
    value = st.session_state.get("job")
    return value if isinstance(value, ConversionJob) else None


def set_job(value: ConversionJob | None) -> None:
    st.session_state["job"] = value


def history() -> list[HistoryEntry]:
    entries: list[HistoryEntry] = st.session_state.setdefault("history", [])
    return entries


def stored_entry(stored_id: str) -> HistoryEntry | None:
    """This session's result saved in the library as ``stored_id``, if it has one."""
    return next((entry for entry in history() if entry.stored_id == stored_id), None)


def record(
    design_name: str,
    target_label: str,
    conversion: Conversion | None,
    error: str | None,
    *,
    stored_id: str | None = None,
    store_error: str | None = None,
    stopped: str | None = None,
    variant: str = "",
    design_page: int = 1,
    frames: tuple[FrameRef, ...] = (),
) -> HistoryEntry:
    """Add a finished job to the history (newest first) and select it."""
    entry = HistoryEntry(
        uuid.uuid4().hex[:8],
        design_name,
        target_label,
        conversion,
        error,
        stored_id=stored_id,
        store_error=store_error,
        stopped=stopped,
        variant=variant,
        design_page=design_page,
        frames=frames,
    )
    entries = history()
    entries.insert(0, entry)
    del entries[HISTORY_LIMIT:]
    st.session_state["selected_result"] = entry.id
    return entry


INTAKE = "intake"
"""(where it came from, the normalised design or why it was refused, or ``Uploads``: several at
once): only the latest is kept."""


@dataclass(frozen=True)
class UploadedDesign:
    """A design read from the uploader, with ``id``, which names its widgets (``ui.frames_panel``):
    the uploader's id of its file (and the page, for a document's pages), stable while it stays."""

    id: str
    design: DesignImage


@dataclass(frozen=True)
class Uploads:
    """Several designs from the uploader at once (several files, or a document's pages taken as
    frames), in upload order: each ``UploadedDesign``, or the file's name and why it was refused.
    ``cut``: more were given than are read (``ui.frames_upload.MAX_PARTS``)."""

    items: tuple[UploadedDesign | tuple[str, IntakeError], ...]
    cut: bool = False

    @property
    def designs(self) -> tuple[UploadedDesign, ...]:
        return tuple(item for item in self.items if isinstance(item, UploadedDesign))

    @property
    def refused(self) -> tuple[tuple[str, IntakeError], ...]:
        return tuple(item for item in self.items if not isinstance(item, UploadedDesign))


def kept_design() -> DesignImage | None:
    """The one design this session is working on (uploaded, or brought back from the library);
    ``None`` with none, or with several (``kept_designs``)."""
    kept = st.session_state.get(INTAKE)
    return kept[1] if kept is not None and isinstance(kept[1], DesignImage) else None


def kept_designs() -> tuple[DesignImage, ...]:
    """Every design this session is working on: the one (``kept_design``) or several uploaded at once."""
    kept = st.session_state.get(INTAKE)
    if kept is not None and isinstance(kept[1], Uploads):
        return tuple(item.design for item in kept[1].designs)
    design = kept_design()
    return (design,) if design is not None else ()


def design_of(entry: HistoryEntry) -> DesignImage | None:
    """The design ``entry`` was made from, if it is still uploaded (its widest frame, for frames)."""
    conversion = entry.conversion
    if conversion is None:
        return None
    found = [design for design in kept_designs() if design.sha256 == conversion.design_sha256]
    # A result brought back from the library does not know its page: then any page of the file.
    return next((design for design in found if design.page == entry.design_page), found[0] if found else None)


def frames_of(entry: HistoryEntry) -> tuple[Frame, ...] | None:
    """The frames ``entry`` was made from, narrowest first, if all are still uploaded."""
    kept = {(design.sha256, design.page): design for design in kept_designs()}
    frames = []
    for ref in entry.frames:
        design = kept.get((ref.sha256, ref.page))
        if design is None:
            return None
        frames.append(Frame(design, ref.width))
    return tuple(frames) or None


def keep_original(sha256: str, data: bytes, *, more: bool = False) -> None:
    """The uploaded bytes of the current design, for the library: only the latest design's are
    kept, or, with ``more``, those of each of the designs uploaded together."""
    kept = st.session_state.get("intake_original")
    originals = dict(kept) if more and isinstance(kept, dict) else {}
    originals[sha256] = data
    st.session_state["intake_original"] = originals


def original(sha256: str) -> bytes | None:
    kept = st.session_state.get("intake_original")
    return kept.get(sha256) if isinstance(kept, dict) else None


def link_variants(cards: tuple[VariantCard, ...]) -> None:
    """Give every result of one ranked run the strip of all of them."""
    ids = {card.entry_id for card in cards if card.entry_id}
    entries = history()
    for place, entry in enumerate(entries):
        if entry.id in ids:
            entries[place] = replace(entry, variants=cards)


def selected() -> HistoryEntry | None:
    entries = history()
    wanted = st.session_state.get("selected_result")
    return next((entry for entry in entries if entry.id == wanted), entries[0] if entries else None)
