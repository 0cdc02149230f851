"""Asking for a change under a result (AppTest, fake Kimi): it runs as a conversion does, becomes
the next version with its instruction, shows the thread, and a change that is refused or fails
keeps the result current and the instruction in the box."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from converters import Settings
from converters.conversion import MAX_CHANGE_CHARS
from tests.app.conftest import APP, JOB_WAIT_S
from tests.app.flows import convert
from tests.builders import shown
from tests.fakes.engines import REACT_REPLY
from tests.fakes.openai_server import ErrorReply, FakeOpenAIServer, Reply
from ui import library_store, session

STICKY = "Make the header sticky"


def ask(app: AppTest, text: str) -> AppTest:
    app.chat_input(key=session.CHANGE_INPUT).set_value(text).run()
    job = app.session_state["job"]
    if job is not None:
        assert job.wait(JOB_WAIT_S)
        app.run()  # the live view records the change
        app.run()
    assert not app.exception
    return app


def thread(app: AppTest) -> list[str]:
    """The thread caption's steps (the library of the test session holds earlier versions too)."""
    text = next(text for text in captions(app) if text.startswith(":material/forum:"))
    return text.split(" → ")


def captions(app: AppTest) -> list[str]:
    return [shown(caption.value) for caption in app.caption]


def errors(app: AppTest) -> list[str]:
    return [shown(error.value) for error in app.error]


def test_a_change_becomes_the_next_version_and_the_thread_shows_it(
    kimi_app: AppTest, fake_openai: FakeOpenAIServer
) -> None:
    app = convert(kimi_app, fake_openai)
    first = app.session_state["history"][0]
    fake_openai.script(Reply(content=REACT_REPLY.replace("Welcome", "Sticky header")))
    ask(app, STICKY)
    changed = app.session_state["history"][0]
    assert changed.conversion.instruction == STICKY and "Sticky header" in changed.conversion.code
    assert app.session_state["selected_result"] == changed.id
    sent = fake_openai.chat_requests()[-1].body
    assert sent is not None and [m["role"] for m in sent["messages"]] == [
        "system",
        "user",
        "assistant",
        "user",
    ]
    assert "<h1>Welcome</h1>" in sent["messages"][2]["content"] and STICKY in sent["messages"][3]["content"]
    assert any(f" → v{len(thread(app))} “{STICKY}” · " in text for text in captions(app)), captions(app)
    assert first.stored_id is not None and changed.stored_id is not None
    result = next(box for box in app.selectbox if box.label == "Result")
    assert f"“{STICKY}”" in result.format_func(result.value)

    fake_openai.script(Reply(content=REACT_REPLY.replace("Welcome", "Blue")))
    ask(app, "Use #0052cc for the buttons")
    asked = fake_openai.chat_requests()[-1].body
    assert asked is not None and f"1. {STICKY}" in asked["messages"][3]["content"]
    assert "Sticky header" in asked["messages"][2]["content"]  # the current code, not the first


def test_a_refused_change_sends_nothing_and_keeps_the_text(
    kimi_app: AppTest, fake_openai: FakeOpenAIServer
) -> None:
    app = convert(kimi_app, fake_openai)
    requests, entries = len(fake_openai.chat_requests()), len(app.session_state["history"])
    long_text = "x" * 10_000
    ask(app, long_text)
    assert len(fake_openai.chat_requests()) == requests and len(app.session_state["history"]) == entries
    assert any(f"at most {MAX_CHANGE_CHARS:,}" in text for text in errors(app))
    assert app.chat_input(key=session.CHANGE_INPUT).proto.value == long_text  # back in the box


def test_a_change_that_fails_keeps_the_result_current(
    kimi_app: AppTest, fake_openai: FakeOpenAIServer
) -> None:
    app = convert(kimi_app, fake_openai)
    first = app.session_state["history"][0]
    fake_openai.script(ErrorReply(401, "bad key"))
    app.chat_input(key=session.CHANGE_INPUT).set_value(STICKY).run()
    assert app.session_state["job"].wait(JOB_WAIT_S)
    app.run()  # the live view records the failed change, and the page shows the result again
    box = app.chat_input(key=session.CHANGE_INPUT)
    assert box.proto.value == STICKY and box.proto.set_value  # the instruction is put back in the box
    assert app.session_state["selected_result"] == first.id  # the failed change is listed, not current
    assert app.session_state["history"][0].error  # recorded as failed
    app.run()
    assert any(text.startswith("The change was not made.") for text in errors(app))  # until the next one


def test_with_no_model_engine_the_box_says_how_to_set_one_up(
    kimi_app: AppTest, fake_openai: FakeOpenAIServer
) -> None:
    app = convert(kimi_app, fake_openai)
    app.session_state["engine_overrides"] = {}
    app.session_state["settings"] = app.session_state["settings"].__class__(
        **{**vars(app.session_state["settings"]), "moonshot_api_key": None}
    )
    app.run()
    box = app.chat_input(key=session.CHANGE_INPUT)
    assert box.proto.disabled
    assert any(
        "Set up a model engine to ask for changes" in text or "Settings page" in text
        for text in captions(app)
    )


def test_a_cut_change_is_saved_partial_and_the_result_it_changed_stays_current(
    kimi_app: AppTest, fake_openai: FakeOpenAIServer
) -> None:
    app = convert(kimi_app, fake_openai)
    first = app.session_state["history"][0]
    fake_openai.script(Reply(content=REACT_REPLY.replace("Welcome", "Half"), finish_reason="length"))
    ask(app, STICKY)
    cut = app.session_state["history"][0]
    assert cut.conversion is not None and not cut.conversion.complete and cut.stored_id is not None
    assert cut.conversion.instruction == STICKY
    assert app.session_state["selected_result"] == first.id
    assert any("Its partial code is kept in the Result list." in text for text in errors(app))


def open_versions(app: AppTest) -> Any:
    app.session_state["result-tabs"] = "Versions"
    app.run()
    assert not app.exception, app.exception
    return next(tab for tab in app.tabs if tab.label == "Versions")


def three_versions(app: AppTest, fake_openai: FakeOpenAIServer) -> AppTest:
    convert(app, fake_openai)
    fake_openai.script(Reply(content=REACT_REPLY.replace("Welcome", "Sticky header")))
    ask(app, STICKY)
    fake_openai.script(Reply(content=REACT_REPLY.replace("Welcome", "Blue buttons")))
    return ask(app, "Use #0052cc for the buttons")


def test_the_versions_tab_lists_the_thread_with_its_cost_and_compares_two_versions(
    own_library: Path, kimi_app: AppTest, fake_openai: FakeOpenAIServer
) -> None:
    app = three_versions(kimi_app, fake_openai)
    assert any(" · 3 model turns · " in text and "$" in text for text in captions(app)), captions(app)
    tab = open_versions(app)
    table = tab.dataframe[0].value
    assert list(table["Version"]) == ["v1", "v2", "v3 · shown"]
    assert list(table["Change asked"]) == [
        "(converted from the design)",
        STICKY,
        "Use #0052cc for the buttons",
    ]
    assert list(table["From"]) == ["", "v1", "v2"]
    assert any(text.startswith("3 versions · 3 model turns · ") for text in captions(tab)), captions(tab)
    # Compare: v2 -> v3 by default, the diff highlighted, a preview of each.
    diff = next(code for code in tab.code if code.language == "diff")
    assert (
        "-" in diff.value
        and "Sticky header" in diff.value
        and "+" in diff.value
        and "Blue buttons" in diff.value
    )
    assert any("1 line(s) added, 1 removed, from v2 to v3." in text for text in captions(tab)), captions(tab)
    before = next(box for box in tab.selectbox if box.label == "From")
    before.set_value(app.session_state["history"][-1].stored_id).run()
    tab = next(tab for tab in app.tabs if tab.label == "Versions")
    assert "from v1 to v3" in " ".join(captions(tab))


def test_an_earlier_version_can_be_made_current_and_the_next_change_starts_from_it(
    own_library: Path, kimi_app: AppTest, fake_openai: FakeOpenAIServer
) -> None:
    app = three_versions(kimi_app, fake_openai)
    first = app.session_state["history"][-1]
    tab = open_versions(app)
    back = next(box for box in tab.selectbox if box.label == "Go back to a version")
    back.set_value(first.stored_id)
    next(button for button in tab.button if button.label == "Make current").click().run()
    assert not app.exception
    assert app.session_state["selected_result"] == first.id  # already in this session: shown again
    entries = len(app.session_state["history"])
    fake_openai.script(Reply(content=REACT_REPLY.replace("Welcome", "Grid")))
    ask(app, "Make it a grid")
    sent = fake_openai.chat_requests()[-1].body
    assert sent is not None and "<h1>Welcome</h1>" in sent["messages"][2]["content"]  # v1's code
    assert "Sticky header" not in sent["messages"][3]["content"]  # nor v2's instruction
    branched = app.session_state["history"][0]
    assert len(app.session_state["history"]) == entries + 1
    store = library_store.open_library(Settings.from_env())
    assert store.get(branched.stored_id).item.parent_id == first.stored_id
    assert len(store.design_versions(first.stored_id)) == 4  # nothing overwritten


def test_a_change_asked_in_the_library_runs_in_the_convert_pages_live_view(
    own_library: Path, kimi_app: AppTest, fake_openai: FakeOpenAIServer
) -> None:
    app = convert(kimi_app, fake_openai)
    stored_id = app.session_state["history"][0].stored_id
    fresh = AppTest.from_file(APP, default_timeout=30)  # another browser session
    fresh.run()
    fresh.switch_page("pages/library.py").run()
    fresh.session_state["library_open"] = stored_id
    fresh.run()
    assert not fresh.exception, fresh.exception
    fake_openai.script(Reply(content=REACT_REPLY.replace("Welcome", "From the library")))
    fresh.chat_input(key=session.CHANGE_INPUT).set_value(STICKY).run()
    assert not fresh.exception, fresh.exception
    assert not [title for title in fresh.title if title.value == "Library"]  # switched to Convert
    job = fresh.session_state["job"]
    assert job is not None and job.wait(JOB_WAIT_S)
    fresh.switch_page("pages/convert.py")  # where the browser is now (AppTest does not follow st.switch_page)
    fresh.run()  # the live view records the change
    fresh.run()
    changed = fresh.session_state["history"][0]
    assert changed.conversion.instruction == STICKY and "From the library" in changed.conversion.code
    store = library_store.open_library(Settings.from_env())
    assert store.get(changed.stored_id).item.parent_id == stored_id
    sent = fake_openai.chat_requests()[-1].body
    assert sent is not None
    parts = sent["messages"][1]["content"]
    assert [part["type"] for part in parts].count("image_url") == 1  # the design, from the library
