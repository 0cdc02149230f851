"""Settings page: the engine in use, engine presets (offline, Kimi, OpenAI-compatible servers),
endpoint, model, a session-only API key, Kimi thinking.

"Use these settings" saves a preset only when its engine can run with what the form holds, and
then makes it the engine the Convert page uses; otherwise it says what is missing and changes
nothing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

import streamlit as st

from converters import HandoffError, Secret
from converters.conversion import ModelLister
from converters.engines import (
    EngineOverrides,
    choose_key,
    create_engine,
    engine_status,
)
from converters.engines.keys import origin
from converters.engines.presets import Preset, preset_for, presets
from ui import session
from ui.engine_choice import choose_engine, current_offer, engine_in_use, engine_in_use_md, in_use_md
from ui.safe_text import md_text, plain_text

# (Comments, not docstrings: a page shows a bare string.)
ANY_MODEL: Final = "any"  # stands in for the model while listing: GET /models names none
NOTICE: Final = "settings_notice"  # session key: what the last save said, until it is shown

settings = session.settings()
st.title("Settings")
st.caption("Choices here last for this browser session only. Nothing is saved or shared.")
in_use_area = st.container()  # filled last: a save further down changes what is in use

offer = current_offer(settings)
used = engine_in_use(settings, offer)
choices = {preset.label: preset for preset in presets()}
first = preset_for(used.name, used.base_url) if used else presets()[0]
names = list(choices)
preset = choices[st.selectbox("Engine preset", names, index=names.index(first.label), key="settings_preset")]
engine = preset.engine
current = session.overrides(engine)
default_url = settings.moonshot_base_url if engine == "kimi" else (settings.openai_base_url or "")


def save(chosen: Preset, candidate: EngineOverrides, missing: str | None) -> tuple[bool, str]:
    """Make ``chosen`` with ``candidate`` the engine in use, unless it cannot run: (saved, Markdown)."""
    if missing:
        still_md = engine_in_use_md(settings, current_offer(settings))
        return False, (
            f"{md_text(chosen.label)} was not saved for this session. Not ready: {md_text(missing)} "
            f"Nothing changed: the Convert page still uses {still_md}."
        )
    if chosen.asks_a_server:
        session.set_overrides(chosen.engine, candidate)
    choose_engine(chosen.engine)
    return True, f"Saved for this session. The Convert page now uses {md_text(chosen.label)}."


def use_listed_model(chosen: Preset, candidate: EngineOverrides, model: str) -> None:
    """``on_click`` of "Use this model": saves before the form is drawn, so it shows the model."""
    with_model = replace(candidate, model=model)
    st.session_state[NOTICE] = save(chosen, with_model, engine_status(settings, with_model)[chosen.engine])


if preset.asks_a_server:
    with st.form("endpoint"):
        base_url = st.text_input(
            "Base URL",
            value=preset.base_url or current.base_url or default_url,  # a chosen preset wins
            help="The OpenAI-compatible API root, ending in /v1.",
        )
        model = st.text_input(
            "Model",
            value=current.model or (settings.model if settings.engine == engine else "") or "",
            placeholder="kimi-k2.5" if engine == "kimi" else "e.g. gpt-4o, qwen2.5-vl",
        )
        key = st.text_input(
            "API key for this session",
            type="password",
            placeholder="Leave empty to keep the current key",
            help="Used only in this browser session; never stored, logged or shown again.",
        )
        thinking = st.toggle(
            "Kimi thinking mode",
            value=settings.kimi_thinking if current.thinking is None else current.thinking,
            disabled=engine != "kimi",
            help="Kimi reasons before it writes code: slower, usually more faithful.",
        )
        submitted = st.form_submit_button("Use these settings", type="primary")
    base = base_url.strip().rstrip("/")
    candidate = EngineOverrides(
        base_url=base or None,
        model=model.strip() or None,
        api_key=Secret(key.strip()) if key.strip() else current.api_key,
        thinking=thinking if engine == "kimi" else None,
    )
    if base and not base.startswith(("http://", "https://")):
        missing: str | None = (
            "the base URL must start with http:// or https://, e.g. http://127.0.0.1:11434/v1."
        )
    else:
        missing = engine_status(settings, candidate)[engine]  # what the form holds, not what was saved
else:
    st.markdown(
        "Runs on this machine: it reads the design's text and layout and writes the code. No key, "
        "no network, nothing leaves this machine. It follows the design, not written instructions."
    )
    with st.form("offline"):
        submitted = st.form_submit_button("Use these settings", type="primary")
    candidate, missing = EngineOverrides(), None

if submitted:
    st.session_state[NOTICE] = save(preset, candidate, missing)
    current = session.overrides(engine)
notice = st.session_state.pop(NOTICE, None)
if notice is not None:
    saved, notice_md = notice
    if saved:
        st.success(notice_md, icon=":material/check_circle:")
    else:
        st.error(notice_md, icon=":material/block:")
elif missing:
    st.caption(f"Not ready: {md_text(missing)}")

if preset.asks_a_server:
    form_url = candidate.base_url or default_url
    key_choice = choose_key(settings, engine, form_url, current.api_key)
    if key_choice.source == "session":
        st.info("A key you entered is in use for this session.", icon=":material/key:")
        if st.button("Forget the session key"):
            session.set_overrides(engine, replace(current, api_key=None))
            st.rerun()
    elif key_choice.source == "environment":
        variable = "MOONSHOT_API_KEY" if engine == "kimi" else "OPENAI_API_KEY"
        st.info(
            f"Using the key from {md_text(variable)} (not shown) for {md_text(origin(form_url))}.",
            icon=":material/key:",
        )
    elif key_choice.withheld:
        # The operator's key belongs to its own endpoint: a typed URL never receives it.
        needs_none = "" if engine == "kimi" else ", or leave it empty for a server that needs none"
        st.warning(
            f"The key in {md_text(key_choice.withheld)} is only sent to {md_text(key_choice.home)}. For "
            f"{md_text(origin(form_url) or form_url)}, enter a key above{md_text(needs_none)}.",
            icon=":material/key_off:",
        )

    # Listing needs the endpoint and its key, not a model: it is how a model is found.
    listing = replace(candidate, model=candidate.model or (None if engine == "kimi" else ANY_MODEL))
    can_list = not missing or engine_status(settings, listing)[engine] is None
    if can_list and st.button("List the endpoint's models", icon=":material/list:"):
        try:
            listed = create_engine(engine, settings, listing)
            try:
                found = listed.list_models() if isinstance(listed, ModelLister) else []
            finally:
                listed.close()
        except HandoffError as exc:
            st.error(md_text(exc), icon=":material/error:")
        else:
            st.session_state[f"models_{engine}"] = (form_url, found)
    listed_for, models = st.session_state.get(f"models_{engine}", ("", []))
    if can_list and models and listed_for == form_url:
        chosen = st.selectbox(
            "Available models",
            models,
            index=models.index(candidate.model) if candidate.model in models else 0,
            format_func=plain_text,  # ids come from the endpoint
        )
        st.button("Use this model", on_click=use_listed_model, args=(preset, candidate, chosen))

if preset.asks_a_server:
    st.subheader("Model conversions", divider="gray")
    if settings.max_cost_usd is not None:
        cap_md = (
            f"**Cost cap: ${settings.max_cost_usd:.2f} per conversion** (HANDOFF_MAX_COST_USD). Check "
            "and revise and the agent's checks stop once a conversion has cost this much, and keep "
            "the best code so far."
        )
    else:
        cap_md = (
            "**No cost cap.** Set HANDOFF_MAX_COST_USD (dollars, e.g. 0.50) where Handoff is started "
            "to stop check and revise and the agent's checks once a conversion has cost that much."
        )
    st.markdown(cap_md)
    st.caption(
        "Set by whoever runs Handoff, not here, so a visitor cannot raise it. Defaults for the Convert "
        f"page: grounding {md_text(settings.grounding.value)} (HANDOFF_GROUNDING), "
        f"{settings.revise_rounds:d} round(s) of check and revise (HANDOFF_REVISE)."
    )

with in_use_area:
    st.info(in_use_md(settings, current_offer(settings)), icon=":material/bolt:")
