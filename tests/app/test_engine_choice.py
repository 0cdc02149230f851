"""ui.engine_choice: which engine the Convert page uses, why it does not offer the others, and the
note the Convert page shows about them (rendered through AppTest)."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from converters import Secret, Settings
from converters.engines import EngineOverrides, engine_infos, registry
from tests.builders import shown
from ui.engine_choice import engine_in_use, engine_offer, in_use_md, unavailable_engines_md

KEY = "k" * 24
FRESH = Settings.from_env({})
NO_KIMI_KEY = "set MOONSHOT_API_KEY, or enter a Moonshot key on the Settings page."
NO_BASE_URL = (
    "set OPENAI_BASE_URL (for example http://127.0.0.1:11434/v1), or enter a base URL on the Settings page."
)


def test_a_fresh_machine_offers_offline_and_says_why_not_the_others() -> None:
    offer = engine_offer(FRESH, {}, None)
    assert (offer.ready, offer.in_use, offer.preferred, offer.chosen) == (
        ["offline"],
        "offline",
        "offline",
        None,
    )
    assert offer.not_offered == {"kimi": NO_KIMI_KEY, "openai-compatible": NO_BASE_URL}
    assert shown(unavailable_engines_md(offer)) == (
        f"Kimi K2.5 (Moonshot) is not offered: {NO_KIMI_KEY}  \n"
        f"OpenAI-compatible endpoint is not offered: {NO_BASE_URL}"
    )
    assert shown(in_use_md(FRESH, offer)) == "The Convert page uses **Offline (no key, no network)**."


def test_an_engine_chosen_in_settings_that_cannot_run_is_named_first_and_offline_is_used() -> None:
    offer = engine_offer(FRESH, {}, "kimi")
    assert (offer.in_use, offer.preferred, offer.chosen) == ("offline", "kimi", "kimi")
    assert list(offer.not_offered) == ["kimi", "openai-compatible"]
    note = shown(unavailable_engines_md(offer))
    assert note.startswith(f"Kimi K2.5 (Moonshot), chosen in Settings, is not offered: {NO_KIMI_KEY}")
    assert shown(in_use_md(FRESH, offer)) == (
        f"The Convert page uses **Offline (no key, no network)**.  \n"
        f"Kimi K2.5 (Moonshot), chosen in Settings, is not offered: {NO_KIMI_KEY}"
    )


def test_the_default_engine_that_cannot_run_is_called_the_default() -> None:
    settings = Settings.from_env({"HANDOFF_ENGINE": "openai-compatible"})
    offer = engine_offer(settings, {}, None)
    assert offer.in_use == "offline"
    assert list(offer.not_offered) == ["openai-compatible", "kimi"]  # the one asked for first
    assert shown(unavailable_engines_md(offer)).startswith(
        "OpenAI-compatible endpoint, the default engine, is not offered: "
    )


def test_every_engine_ready_means_no_note_and_the_choice_wins() -> None:
    settings = Settings.from_env({"MOONSHOT_API_KEY": KEY, "OPENAI_BASE_URL": "http://127.0.0.1:8000/v1"})
    session = {"openai-compatible": EngineOverrides(model="qwen2.5-vl")}
    assert engine_offer(settings, session, None).in_use == "kimi"  # a Moonshot key makes Kimi the default
    offer = engine_offer(settings, session, "openai-compatible")
    assert offer.ready == ["offline", "kimi", "openai-compatible"] and offer.in_use == "openai-compatible"
    assert unavailable_engines_md(offer) is None
    assert engine_offer(settings, session, "an-engine-since-removed").in_use == "kimi"


def test_a_chosen_engine_that_cannot_run_gives_way_to_the_default_before_the_first_offered() -> None:
    settings = Settings.from_env(
        {"HANDOFF_ENGINE": "openai-compatible", "OPENAI_BASE_URL": "http://127.0.0.1:8000/v1"}
    )
    session = {"openai-compatible": EngineOverrides(model="qwen2.5-vl")}
    offer = engine_offer(settings, session, "kimi")  # chosen with a session key since forgotten
    assert (offer.ready, offer.in_use) == (["offline", "openai-compatible"], "openai-compatible")
    assert shown(in_use_md(settings, offer)) == (
        "The Convert page uses **OpenAI-compatible endpoint**, model qwen2.5-vl, at "
        "http://127.0.0.1:8000/v1.  \n"
        f"Kimi K2.5 (Moonshot), chosen in Settings, is not offered: {NO_KIMI_KEY}"
    )


def test_the_engine_in_use_says_what_it_asks() -> None:
    settings = Settings.from_env({"MOONSHOT_API_KEY": KEY})
    kimi = engine_in_use(settings, engine_offer(settings, {}, None))
    assert kimi is not None
    assert (kimi.name, kimi.model, kimi.base_url) == ("kimi", "kimi-k2.5", "https://api.moonshot.ai/v1")
    offline = engine_in_use(settings, engine_offer(settings, {}, "offline"))
    assert offline is not None and (offline.model, offline.base_url) == (None, None)


def test_a_model_name_and_url_from_the_session_are_shown_as_text() -> None:
    bait = "![x](http://evil.example/beacon) **loud**"
    session = {
        "openai-compatible": EngineOverrides(
            base_url="http://127.0.0.1:8000/v1", model=bait, api_key=Secret(KEY)
        )
    }
    markdown = in_use_md(FRESH, engine_offer(FRESH, session, "openai-compatible"))
    assert "](http" not in markdown and "**loud**" not in markdown
    assert shown(markdown) == (
        f"The Convert page uses **OpenAI-compatible endpoint**, model {bait}, at http://127.0.0.1:8000/v1."
    )
    assert KEY not in markdown


# The note's link goes to the Settings page, so it is drawn in an app that has one: a Convert page
# that shows only the note, and a stand-in Settings page.
NOTE_APP = """
import streamlit as st

from converters import Settings
from ui.engine_choice import ENGINE_CHOICE, current_offer, show_unavailable_engines


def convert() -> None:
    st.session_state[ENGINE_CHOICE] = "kimi"
    show_unavailable_engines(current_offer(Settings.from_env({})))


st.navigation([st.Page(convert, title="Convert", default=True), st.Page("pages/settings.py")]).run()
"""


def test_the_convert_page_note_lists_each_engine_not_offered_with_a_link_to_settings(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "settings.py").write_text('import streamlit as st\n\nst.title("Settings")\n')
    (tmp_path / "app.py").write_text(NOTE_APP)
    app = AppTest.from_file(str(tmp_path / "app.py"), default_timeout=30)
    app.run()
    assert not app.exception
    (caption,) = [shown(element.value) for element in app.caption]
    assert caption == (
        f"Kimi K2.5 (Moonshot), chosen in Settings, is not offered: {NO_KIMI_KEY}  \n"
        f"OpenAI-compatible endpoint is not offered: {NO_BASE_URL}"
    )
    (link,) = app.get("page_link")
    assert link.proto.label == "Set up an engine in Settings"
    assert link.proto.page.endswith("settings")


def test_the_app_registers_its_engines_where_it_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_REGISTRY", {})  # a fresh process: importing registers nothing
    for name in ("MOONSHOT_API_KEY", "OPENAI_BASE_URL", "HANDOFF_ENGINE", "HANDOFF_MODEL"):
        monkeypatch.delenv(name, raising=False)
    st.cache_resource.clear()  # the app reads settings once per process
    app = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=30)
    app.run()
    st.cache_resource.clear()
    assert not app.exception
    assert [info.name for info in engine_infos()] == ["offline", "kimi", "openai-compatible"]
    assert [shown(element.value) for element in app.caption] == [
        f"Kimi K2.5 (Moonshot) is not offered: {NO_KIMI_KEY}  \n"
        f"OpenAI-compatible endpoint is not offered: {NO_BASE_URL}"
    ]
