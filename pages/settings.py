"""Settings page: engine presets, endpoint, model, a session-only API key, Kimi thinking."""

from __future__ import annotations

import streamlit as st

from converters import HandoffError, Secret
from converters.engines import (
    EngineOverrides,
    OpenAICompatibleEngine,
    choose_key,
    create_engine,
    engine_status,
)
from converters.engines.keys import origin
from ui import session
from ui.safe_text import md_text, plain_text

PRESETS = {  # label -> (engine, base URL or None for the engine's own)
    "Kimi K2.5 (Moonshot)": ("kimi", None),
    "OpenAI": ("openai-compatible", "https://api.openai.com/v1"),
    "OpenRouter": ("openai-compatible", "https://openrouter.ai/api/v1"),
    "Ollama (this machine)": ("openai-compatible", "http://127.0.0.1:11434/v1"),
    "vLLM (this machine)": ("openai-compatible", "http://127.0.0.1:8000/v1"),
    "LM Studio (this machine)": ("openai-compatible", "http://127.0.0.1:1234/v1"),
    "Custom endpoint": ("openai-compatible", ""),
}

settings = session.settings()
st.title("Settings")
st.caption("Choices here last for this browser session only. Nothing is saved or shared.")

preset = st.selectbox("Engine preset", list(PRESETS), key="settings_preset")
engine, preset_url = PRESETS[preset]
current = session.overrides(engine)
default_url = settings.moonshot_base_url if engine == "kimi" else (settings.openai_base_url or "")

with st.form("endpoint"):
    base_url = st.text_input(
        "Base URL",
        value=preset_url or current.base_url or default_url,  # a chosen preset wins
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
    saved = st.form_submit_button("Use these settings", type="primary")

if saved:
    base = base_url.strip().rstrip("/")
    if base and not base.startswith(("http://", "https://")):
        st.error("The base URL must start with http:// or https://, e.g. http://127.0.0.1:11434/v1.")
    else:
        session.set_overrides(
            engine,
            EngineOverrides(
                base_url=base or None,
                model=model.strip() or None,
                api_key=Secret(key.strip()) if key.strip() else current.api_key,
                thinking=thinking if engine == "kimi" else None,
            ),
        )
        st.session_state["engine_choice"] = engine
        st.success("Saved for this session. The Convert page now uses these settings.")
        current = session.overrides(engine)

in_use_url = current.base_url or default_url
key_choice = choose_key(settings, engine, in_use_url, current.api_key)
if key_choice.source == "session":
    st.info("A key you entered is in use for this session.", icon=":material/key:")
    if st.button("Forget the session key"):
        session.set_overrides(
            engine, EngineOverrides(current.base_url, current.model, None, current.thinking)
        )
        st.rerun()
elif key_choice.source == "environment":
    variable = "MOONSHOT_API_KEY" if engine == "kimi" else "OPENAI_API_KEY"
    st.info(
        f"Using the key from {md_text(variable)} (not shown) for {md_text(origin(in_use_url))}.",
        icon=":material/key:",
    )
elif key_choice.withheld:
    # The operator's key belongs to its own endpoint: a typed URL never receives it.
    needs_none = "" if engine == "kimi" else ", or leave it empty for a server that needs none"
    st.warning(
        f"The key in {md_text(key_choice.withheld)} is only sent to {md_text(key_choice.home)}. For "
        f"{md_text(origin(in_use_url) or in_use_url)}, enter a key above{md_text(needs_none)}.",
        icon=":material/key_off:",
    )
elif engine == "kimi":
    st.warning("No Moonshot key yet: set MOONSHOT_API_KEY or enter one above.", icon=":material/key_off:")

missing = engine_status(settings, current).get(engine)
if missing:
    st.caption(f"Not ready: {md_text(missing)}")
elif st.button("List the endpoint's models", icon=":material/list:"):
    try:
        listed = create_engine(engine, settings, current)
        try:
            models = listed.list_models() if isinstance(listed, OpenAICompatibleEngine) else []
        finally:
            listed.close()
    except HandoffError as exc:
        st.error(md_text(exc), icon=":material/error:")
    else:
        st.session_state[f"models_{engine}"] = models
models = st.session_state.get(f"models_{engine}")
if models:
    chosen = st.selectbox(
        "Available models",
        models,
        index=models.index(current.model) if current.model in models else 0,
        format_func=plain_text,  # ids come from the endpoint
    )
    if st.button("Use this model"):
        session.set_overrides(
            engine, EngineOverrides(current.base_url, chosen, current.api_key, current.thinking)
        )
        st.rerun()
