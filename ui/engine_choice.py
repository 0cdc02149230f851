"""Which engine the Convert page uses, and why it does not offer the others.

One place for this, so that the Settings page ("in use") and the Convert page (its engine menu)
say the same thing: an engine is offered when it can run with this session's settings; the one
selected first is the engine saved on the Settings page (``HANDOFF_ENGINE`` until one is saved),
or, when that one cannot run, the first engine offered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import streamlit as st

from converters import HandoffError, Settings
from converters.conversion import ModelEndpoint
from converters.engines import (
    EngineOverrides,
    create_engine,
    engine_infos,
    engine_status,
)
from converters.engines.presets import preset_for
from ui import session
from ui.safe_text import HARD_BREAK, md_text

ENGINE_CHOICE: Final = "engine_choice"
"""Session key: the engine saved with "Use these settings" on the Settings page."""
SETTINGS_PAGE: Final = "pages/settings.py"


@dataclass(frozen=True)
class EngineOffer:
    """The engines the Convert page offers, the one it selects first, and why the rest are not offered.

    ``labels``: every registered engine, in registry order. ``missing``: for each engine,
    ``None`` when it can run, else what it needs (a sentence). ``chosen``: the engine saved on
    the Settings page (``None``: none yet); ``default``: the settings' engine (``HANDOFF_ENGINE``).
    """

    labels: Mapping[str, str]
    missing: Mapping[str, str | None]
    overrides: Mapping[str, EngineOverrides]
    chosen: str | None
    default: str

    @property
    def preferred(self) -> str:
        """The engine asked for: the one chosen on the Settings page, else the default."""
        return self.chosen or self.default

    @property
    def ready(self) -> list[str]:
        """The engines offered, in registry order."""
        return [name for name in self.labels if self.missing.get(name) is None]

    @property
    def in_use(self) -> str | None:
        """The engine the Convert page selects first: the chosen one, else the default, else the
        first offered, whichever can run first; ``None`` when none can run."""
        ready = self.ready
        return next(
            (name for name in (self.chosen, self.default) if name in ready), ready[0] if ready else None
        )

    @property
    def not_offered(self) -> dict[str, str]:
        """Each engine that cannot run, and what it needs, the preferred one first."""
        waiting = {name: missing for name, missing in self.missing.items() if missing is not None}
        first = {self.preferred: waiting.pop(self.preferred)} if self.preferred in waiting else {}
        return first | waiting

    def label(self, name: str | None) -> str:
        return self.labels.get(name, name) if name else "no engine"


@dataclass(frozen=True)
class EngineInUse:
    """What the in-use engine asks: its model and base URL (``None`` for a local engine)."""

    name: str
    label: str
    model: str | None = None
    base_url: str | None = None


def engine_offer(
    settings: Settings, overrides: Mapping[str, EngineOverrides], chosen: str | None
) -> EngineOffer:
    """The offer for ``settings`` with this session's ``overrides`` (engine -> choices) and the
    engine ``chosen`` on the Settings page (``None``: not yet)."""
    labels = {info.name: info.label for info in engine_infos()}
    missing = {name: engine_status(settings, overrides.get(name))[name] for name in labels}
    known = chosen if chosen in labels else None  # an engine since removed is no choice
    return EngineOffer(labels, missing, dict(overrides), known, settings.engine)


def current_offer(settings: Settings) -> EngineOffer:
    """The offer for this browser session."""
    overrides = {info.name: session.overrides(info.name) for info in engine_infos()}
    chosen = st.session_state.get(ENGINE_CHOICE)
    return engine_offer(settings, overrides, chosen if isinstance(chosen, str) else None)


def choose_engine(name: str) -> None:
    """Make ``name`` the engine the Convert page selects first (the Settings page's save)."""
    st.session_state[ENGINE_CHOICE] = name


def engine_in_use(settings: Settings, offer: EngineOffer) -> EngineInUse | None:
    """The in-use engine with the model and endpoint it would ask (built, not contacted)."""
    name = offer.in_use
    if name is None:
        return None
    if not preset_for(name, None).asks_a_server:  # the offline engine: nothing to build or show
        return EngineInUse(name, offer.label(name))
    try:
        engine = create_engine(name, settings, offer.overrides.get(name))
    except HandoffError:
        return EngineInUse(name, offer.label(name))
    try:
        if isinstance(engine, ModelEndpoint):
            return EngineInUse(name, offer.label(name), engine.model, engine.base_url)
        return EngineInUse(name, offer.label(name))
    finally:
        engine.close()


def engine_in_use_md(settings: Settings, offer: EngineOffer, *, bold: bool = False) -> str:
    """Markdown naming the in-use engine, its model and base URL ("no engine" when none can run)."""
    used = engine_in_use(settings, offer)
    if used is None:
        return "no engine"
    shown = f"**{md_text(used.label)}**" if bold else md_text(used.label)
    if used.model:
        shown += f", model {md_text(used.model)}"
    if used.base_url:
        shown += f", at {md_text(used.base_url)}"
    return shown


def in_use_md(settings: Settings, offer: EngineOffer) -> str:
    """Markdown for the Settings page: the engine in use, what it asks, and why the preferred
    engine is not the one in use (when it is not)."""
    used = engine_in_use(settings, offer)
    if used is None:
        first = "No engine can run yet, so the Convert page cannot convert."
    else:
        first = f"The Convert page uses {engine_in_use_md(settings, offer, bold=True)}."
    if offer.in_use == offer.preferred or offer.preferred not in offer.not_offered:
        return first
    return first + HARD_BREAK + _not_offered_md(offer, offer.preferred)


def unavailable_engines_md(offer: EngineOffer) -> str | None:
    """Markdown for the Convert page: each engine it does not offer and what that engine needs;
    ``None`` when every engine is offered."""
    lines = [_not_offered_md(offer, name) for name in offer.not_offered]
    return HARD_BREAK.join(lines) if lines else None


def show_unavailable_engines(offer: EngineOffer) -> None:
    """A caption under the Convert page's engine menu: the engines not offered and why, with a
    link to the Settings page. Draws nothing when every engine is offered."""
    note_md = unavailable_engines_md(offer)
    if note_md is None:
        return
    st.caption(note_md)
    st.page_link(SETTINGS_PAGE, label="Set up an engine in Settings", icon=":material/settings:")


def _not_offered_md(offer: EngineOffer, name: str) -> str:
    asked = ""
    if name == offer.preferred:
        asked = ", chosen in Settings," if offer.chosen else ", the default engine,"
    return f"{md_text(offer.label(name))}{asked} is not offered: {md_text(offer.missing[name] or '')}"
