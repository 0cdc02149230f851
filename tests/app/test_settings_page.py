"""The Settings page through AppTest: the engine in use, the Offline preset, refusing a preset that
cannot run, readiness of what the form holds, model listing, and a dead endpoint's error."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.builders import shown
from tests.fakes.openai_server import FakeOpenAIServer

APP = str(Path(__file__).resolve().parents[2] / "app.py")
SETTINGS = "pages/settings.py"
SESSION_KEY = "session-key-typed-on-settings-0123456789"
OPERATOR_KEY = "operator-openai-key-never-sent-to-a-typed-url"


@pytest.fixture(autouse=True)
def fresh_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No keys, no endpoint, no engine chosen: a fresh machine."""
    for name in (
        "MOONSHOT_API_KEY",
        "MOONSHOT_BASE_URL",
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "HANDOFF_ENGINE",
        "HANDOFF_MODEL",
        "HANDOFF_KEY_ENDPOINTS",
    ):
        monkeypatch.delenv(name, raising=False)
    st.cache_resource.clear()  # the app reads settings once per process
    yield
    st.cache_resource.clear()


def settings_page() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=30)
    app.run()
    return go(app, SETTINGS)


def go(app: AppTest, page: str) -> AppTest:
    app.switch_page(page)
    app.run()
    assert not app.exception
    return app


def pick_preset(app: AppTest, label: str) -> AppTest:
    app.selectbox(key="settings_preset").select(label)
    app.run()
    assert not app.exception
    return app


def fill(app: AppTest, label: str, value: str) -> None:
    next(widget for widget in app.text_input if widget.label == label).input(value)


def click(app: AppTest, label: str) -> AppTest:
    next(button for button in app.button if button.label == label).click()
    app.run()
    assert not app.exception
    return app


def in_use(app: AppTest) -> str:
    """The in-use note as read (its engine's name is in bold)."""
    (note,) = [shown(info.value) for info in app.info if "The Convert page uses" in shown(info.value)]
    return note.replace("**", "")


def texts(app: AppTest, kind: str) -> list[str]:
    return [shown(element.value) for element in app.get(kind)]


def convert_engines(app: AppTest) -> tuple[list[str], str]:
    """The Convert page's engine menu: its options (as shown) and the engine selected."""
    go(app, "pages/convert.py")
    menu = next(box for box in app.selectbox if box.label == "Engine")
    return list(menu.options), str(menu.value)


def test_a_fresh_machine_uses_the_offline_preset_and_says_so() -> None:
    app = settings_page()
    assert in_use(app) == "The Convert page uses Offline (no key, no network)."
    presets = app.selectbox(key="settings_preset")
    assert presets.value == "Offline (no key, no network)"
    assert presets.options[0] == "Offline (no key, no network)"
    assert "Kimi K2.5 (Moonshot)" in presets.options and "Custom endpoint" in presets.options
    assert not app.text_input  # no endpoint, model or key to set for the offline engine
    assert any("No key, no network" in text for text in texts(app, "markdown"))

    click(app, "Use these settings")
    assert texts(app, "success") == [
        "Saved for this session. The Convert page now uses Offline (no key, no network)."
    ]
    assert app.session_state["engine_choice"] == "offline"


def test_kimi_without_a_key_is_refused_with_the_reason() -> None:
    app = pick_preset(settings_page(), "Kimi K2.5 (Moonshot)")
    click(app, "Use these settings")

    (error,) = texts(app, "error")
    assert error.startswith(
        "Kimi K2.5 (Moonshot) was not saved for this session. Not ready: set MOONSHOT_API_KEY"
    )
    assert error.endswith("Nothing changed: the Convert page still uses Offline (no key, no network).")
    assert not app.success
    assert "engine_choice" not in app.session_state
    assert in_use(app) == "The Convert page uses Offline (no key, no network)."
    assert convert_engines(app) == (["Offline (no key, no network)"], "offline")


def test_kimi_with_a_session_key_becomes_the_engine_in_use() -> None:
    app = pick_preset(settings_page(), "Kimi K2.5 (Moonshot)")
    fill(app, "API key for this session", SESSION_KEY)
    click(app, "Use these settings")

    assert texts(app, "success") == [
        "Saved for this session. The Convert page now uses Kimi K2.5 (Moonshot)."
    ]
    assert in_use(app) == (
        "The Convert page uses Kimi K2.5 (Moonshot), model kimi-k2.5, at https://api.moonshot.ai/v1."
    )
    assert "A key you entered is in use for this session." in texts(app, "info")
    everything = [
        text for kind in ("markdown", "info", "success", "caption", "error") for text in texts(app, kind)
    ]
    assert not any(SESSION_KEY in text for text in everything)
    assert convert_engines(app) == (["Offline (no key, no network)", "Kimi K2.5 (Moonshot)"], "kimi")

    # Back on Settings, the preset shown is the engine in use.
    app = go(app, SETTINGS)
    assert app.selectbox(key="settings_preset").value == "Kimi K2.5 (Moonshot)"


def test_the_engine_chosen_but_not_ready_is_named_beside_the_engine_in_use() -> None:
    app = pick_preset(settings_page(), "Kimi K2.5 (Moonshot)")
    fill(app, "API key for this session", SESSION_KEY)
    click(app, "Use these settings")
    click(app, "Forget the session key")

    assert in_use(app) == (
        "The Convert page uses Offline (no key, no network).  \n"
        "Kimi K2.5 (Moonshot), chosen in Settings, is not offered: set MOONSHOT_API_KEY, or enter a "
        "Moonshot key on the Settings page."
    )
    assert convert_engines(app) == (["Offline (no key, no network)"], "offline")


def test_not_ready_describes_what_the_form_holds() -> None:
    app = pick_preset(settings_page(), "Ollama (this machine)")
    url = next(widget for widget in app.text_input if widget.label == "Base URL")
    assert url.value == "http://127.0.0.1:11434/v1"
    (status,) = [text for text in texts(app, "caption") if text.startswith("Not ready")]
    assert status.startswith("Not ready: choose a model")  # not "enter a base URL": the field holds one

    app = pick_preset(app, "Custom endpoint")
    assert any(text.startswith("Not ready: set OPENAI_BASE_URL") for text in texts(app, "caption"))
    fill(app, "Base URL", "http://127.0.0.1:11434/v1")
    fill(app, "Model", "llava")
    click(app, "Use these settings")
    assert texts(app, "success") == ["Saved for this session. The Convert page now uses Custom endpoint."]
    assert not any(text.startswith("Not ready") for text in texts(app, "caption"))
    assert in_use(app) == (
        "The Convert page uses OpenAI-compatible endpoint, model llava, at http://127.0.0.1:11434/v1."
    )
    # A URL on a preset's server is shown as that preset next time.
    assert convert_engines(app) == (
        ["Offline (no key, no network)", "OpenAI-compatible endpoint"],
        "openai-compatible",
    )
    assert go(app, SETTINGS).selectbox(key="settings_preset").value == "Ollama (this machine)"


def test_a_refused_preset_leaves_the_engine_in_use_as_it_was() -> None:
    app = pick_preset(settings_page(), "Ollama (this machine)")
    fill(app, "Model", "llava")
    click(app, "Use these settings")
    saved = app.session_state["engine_overrides"]["openai-compatible"]

    app = pick_preset(app, "Custom endpoint")
    fill(app, "Base URL", "https://llm.example.com/v1")
    fill(app, "Model", "")
    click(app, "Use these settings")
    (error,) = texts(app, "error")
    assert error.startswith("Custom endpoint was not saved for this session. Not ready: choose a model")
    assert error.endswith(
        "Nothing changed: the Convert page still uses OpenAI-compatible endpoint, model llava, at "
        "http://127.0.0.1:11434/v1."
    )
    assert app.session_state["engine_overrides"]["openai-compatible"] == saved
    assert in_use(app).endswith("model llava, at http://127.0.0.1:11434/v1.")


def test_a_base_url_that_is_not_http_is_refused() -> None:
    app = pick_preset(settings_page(), "Custom endpoint")
    fill(app, "Base URL", "ftp://files.example.com/v1")
    fill(app, "Model", "m")
    click(app, "Use these settings")
    (error,) = texts(app, "error")
    assert "Not ready: the base URL must start with http:// or https://" in error
    assert "engine_overrides" not in app.session_state or not app.session_state["engine_overrides"]


def test_models_are_listed_before_one_is_chosen_and_the_operators_key_stays_home(
    monkeypatch: pytest.MonkeyPatch, fake_openai: FakeOpenAIServer
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", OPERATOR_KEY)  # belongs to api.openai.com, not to a typed URL
    app = pick_preset(settings_page(), "Custom endpoint")
    fill(app, "Base URL", fake_openai.base_url)
    fill(app, "Model", "")
    click(app, "Use these settings")  # refused: no model yet, but the form keeps the URL
    assert any("Not ready: choose a model" in text for text in texts(app, "error"))
    assert any(
        "The key in OPENAI_API_KEY is only sent to https://api.openai.com" in w for w in texts(app, "warning")
    )

    click(app, "List the endpoint's models")
    models = next(box for box in app.selectbox if box.label == "Available models")
    assert list(models.options) == ["gpt-4o-mini", "kimi-k2.5", "local-vlm"]
    models.select("local-vlm")
    app.run()
    click(app, "Use this model")

    assert texts(app, "success") == ["Saved for this session. The Convert page now uses Custom endpoint."]
    assert in_use(app) == (
        f"The Convert page uses OpenAI-compatible endpoint, model local-vlm, at {fake_openai.base_url}."
    )
    assert next(widget for widget in app.text_input if widget.label == "Model").value == "local-vlm"
    assert fake_openai.requests, "the models were asked of the typed endpoint"
    assert all(
        OPERATOR_KEY not in request.headers.get("authorization", "") for request in fake_openai.requests
    )


def test_a_dead_endpoints_error_names_its_url_once() -> None:
    with socket.socket() as probe:  # a port with nothing listening
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}/v1"
    app = pick_preset(settings_page(), "Custom endpoint")
    fill(app, "Base URL", dead)
    fill(app, "Model", "m")
    click(app, "Use these settings")
    click(app, "List the endpoint's models")
    (error,) = texts(app, "error")
    assert error.startswith(f"Could not reach the endpoint at {dead} (")
    assert error.count(dead) == 1


@pytest.mark.parametrize(("cap", "said"), [("0.5", "Cost cap: $0.50 per conversion"), (None, "No cost cap.")])
def test_a_model_preset_shows_the_operators_cost_cap(
    monkeypatch: pytest.MonkeyPatch, cap: str | None, said: str
) -> None:
    if cap is None:
        monkeypatch.delenv("HANDOFF_MAX_COST_USD", raising=False)
    else:
        monkeypatch.setenv("HANDOFF_MAX_COST_USD", cap)
    app = pick_preset(settings_page(), "Kimi K2.5 (Moonshot)")
    (note,) = [text for text in texts(app, "markdown") if "cost cap" in text.lower()]
    assert said in note and "HANDOFF_MAX_COST_USD" in note
    assert not [text for text in texts(app, "number_input")]  # the operator's to set, not a visitor's
    offline = pick_preset(app, "Offline (no key, no network)")
    assert not [text for text in texts(offline, "markdown") if "cost cap" in text.lower()]
