"""Convert and Settings pages through AppTest, with the fake OpenAI-compatible server."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from converters.engines.reply import MAX_REPLY_CHARS
from converters.targets import Target
from tests.app.conftest import JOB_WAIT_S
from tests.app.flows import convert_again, upload
from tests.builders import encode, mock_ui, shown
from tests.fakes.engines import HTML_REPLY, REACT_REPLY, TEST_KEY
from tests.fakes.openai_server import FakeOpenAIServer, Reply
from ui.code_view import CODE_VIEW_MAX_CHARS
from ui.live import LIVE_CODE_TAIL_CHARS, code_tail


def _convert(app: AppTest) -> AppTest:
    app.file_uploader[0].set_value(("home.png", encode(mock_ui(640, 400), "PNG"), "image/png"))
    app.run()
    next(button for button in app.button if button.label == "Convert").click()
    app.run()
    job = app.session_state["job"]
    assert job is not None and job.wait(JOB_WAIT_S)
    app.run()  # the live view sees the finished job and records it
    app.run()
    assert not app.exception
    return app


def test_converting_records_a_result_with_downloads(kimi_app: AppTest, fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content=REACT_REPLY))
    app = _convert(kimi_app)
    (entry,) = app.session_state["history"]
    assert entry.conversion is not None and "<h1>Welcome</h1>" in entry.conversion.code
    assert entry.error is None
    assert [shown(button.proto.label) for button in app.get("download_button")][-2:] == [
        "Download home.jsx",
        "Download home-project.zip",
    ]
    assert any("export default function App" in code.value for code in app.code)
    result = next(box for box in app.selectbox if box.label == "Result")
    assert "home.png · React + Tailwind" in shown(result.format_func(result.value))


def test_a_reply_without_a_component_is_explained(kimi_app: AppTest, fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content=HTML_REPLY))  # HTML where React was asked for
    app = _convert(kimi_app)
    (entry,) = app.session_state["history"]
    assert entry.conversion is None and entry.error
    assert any(entry.error in shown(error.value) for error in app.error)


def test_a_failed_conversion_is_reported_and_the_page_stays_usable(
    kimi_app: AppTest, fake_openai: FakeOpenAIServer
) -> None:
    fake_openai.api_key = "the-right-key-is-different"
    app = _convert(kimi_app)
    assert any("refused the API key" in error.value for error in app.error)
    assert TEST_KEY not in str([element.value for element in app.error])
    fake_openai.api_key = None
    fake_openai.script(Reply(content=REACT_REPLY))
    next(button for button in app.button if button.label == "Convert").click()
    app.run()
    assert app.session_state["job"].wait(JOB_WAIT_S)
    app.run()
    app.run()
    assert len(app.session_state["history"]) == 2
    assert app.session_state["history"][0].conversion is not None


def test_settings_page_takes_a_session_key_without_showing_it(kimi_app: AppTest) -> None:
    kimi_app.switch_page("pages/settings.py")
    kimi_app.run()
    assert any(
        "Using the key from MOONSHOT_API_KEY (not shown)" in shown(info.value) for info in kimi_app.info
    )
    session_key = "test-session-only-key-0123456789"
    key_input = next(widget for widget in kimi_app.text_input if widget.label == "API key for this session")
    key_input.input(session_key)
    next(button for button in kimi_app.button if button.label == "Use these settings").click()
    kimi_app.run()
    overrides = kimi_app.session_state["engine_overrides"]["kimi"]
    assert overrides.api_key.reveal() == session_key
    texts = [
        shown(element.value)
        for kind in ("markdown", "info", "success", "caption")
        for element in kimi_app.get(kind)
    ]
    assert not any(session_key in text for text in texts)
    assert any("A key you entered is in use for this session." in info.value for info in kimi_app.info)


def test_a_very_long_result_shows_the_start_of_its_code_and_downloads_all(
    kimi_app: AppTest, fake_openai: FakeOpenAIServer
) -> None:
    cards = "".join(f"      <p>Card {number} of a very long page</p>\n" for number in range(4000))
    code = f"export default function App() {{\n  return (\n    <main>\n{cards}    </main>\n  );\n}}\n"
    assert CODE_VIEW_MAX_CHARS < len(code) < MAX_REPLY_CHARS
    app = convert_again(upload(kimi_app), fake_openai, f"```jsx\n{code}```")
    (entry,) = app.session_state["history"]
    assert entry.conversion is not None and entry.conversion.code == code
    code_tab = next(tab for tab in app.tabs if tab.label == "Code")
    (view,) = [element.value for element in code_tab.code]
    assert code.startswith(view) and len(view) <= CODE_VIEW_MAX_CHARS
    note = " ".join(shown(caption.value) for caption in code_tab.caption)
    assert f"of {code.count(chr(10)) + 1:,} lines: the downloads below hold all of it" in note


def test_the_live_code_view_shows_the_end_of_long_code() -> None:
    code = "".join(f"line {number}\n" for number in range(5000))
    tail, hidden = code_tail(code)
    assert code.endswith(tail) and tail.startswith("line ") and len(tail) <= LIVE_CODE_TAIL_CHARS
    assert hidden == code[: len(code) - len(tail)].count("\n")
    assert code_tail("short") == ("short", 0)


def test_an_html_tailwind_result_downloads_with_its_css_compiled_from_the_convert_page(
    kimi_app: AppTest, fake_openai: FakeOpenAIServer
) -> None:
    app = upload(kimi_app)
    target = next(group for group in app.get("button_group") if group.label == "Target")
    target.set_value(Target.HTML_TAILWIND.value).run()
    app = convert_again(app, fake_openai, HTML_REPLY)

    def labels() -> list[str]:  # each names the file it downloads as (e2e checks the names)
        return [shown(button.proto.label) for button in app.get("download_button")][1:]  # after the PNG's

    assert labels() == ["Download home.html (Tailwind runtime)"]
    build = next(button for button in app.button if button.label == "Compile the CSS for download")
    build.click().run(timeout=60)
    assert not app.exception and not app.error
    assert labels() == [
        "Download home.html (Tailwind runtime)",
        "Download home-with-css.html",
        "Download home-project.zip",
    ]
