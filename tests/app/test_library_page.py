"""The library through AppTest: results are saved as they finish, found, opened, edited, deleted
and shared by a read-only ``?c=`` link; a library that cannot be written never costs a result."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from converters.intake import load_design
from converters.settings import Settings
from converters.store import Store
from converters.targets import Target
from tests.app.flows import DESIGN, convert, convert_again, upload
from tests.builders import conversion, encode, mock_ui, shown
from tests.fakes.openai_server import FakeOpenAIServer
from ui import library_store

APP = str(Path(__file__).resolve().parents[2] / "app.py")
HTML = "<!DOCTYPE html><html><head><title>t</title></head><body><h1>Pricing</h1></body></html>"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("HANDOFF_DATA_DIR", str(folder))
    monkeypatch.delenv("HANDOFF_DATABASE_URL", raising=False)
    return folder


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    store = library_store.open_library(Settings.from_env())
    yield store


def saved(
    store: Store,
    title: str,
    *,
    tags: tuple[str, ...] = (),
    author: str = "",
    code: str = HTML,
    target: Target = Target.HTML_CSS,
    engine: str = "offline",
) -> str:
    design = load_design(encode(mock_ui(320 + len(title), 200), "PNG"), f"{title}.png")
    made = conversion(code, target, engine=engine)
    return store.save(made, design, title=title, tags=tags, author=author).id


def library_app(query: dict[str, str] | None = None) -> AppTest:
    st.cache_resource.clear()
    app = AppTest.from_file(APP, default_timeout=30)
    for name, value in (query or {}).items():
        app.query_params[name] = value
    app.run()
    return app


def open_library(app: AppTest) -> AppTest:
    app.switch_page("pages/library.py")
    app.run()
    assert not app.exception, app.exception
    return app


def markdown(app: AppTest) -> list[str]:
    return [shown(element.value) for element in app.markdown]


def test_a_finished_conversion_is_saved_with_its_scores_and_a_link(
    store: Store, kimi_app: AppTest, fake_openai: FakeOpenAIServer
) -> None:
    convert(kimi_app, fake_openai)

    page = store.search()
    assert page.total == 1
    item = page.items[0]
    assert item.target is Target.REACT_TAILWIND and item.engine == "kimi" and item.complete
    assert item.design_name == "home.png"
    assert any(
        f"Saved to the library as {item.id}" in text and f"?c={item.id}" in text
        for text in markdown(kimi_app)
    )
    stored = store.get(item.id)
    assert stored.conversion.code == kimi_app.session_state["history"][0].conversion.code
    assert store.design_original(item.design_key) == (DESIGN, "home.png")
    # The fake scoring service finishes at once; its scores and rendering land in the library.
    refreshed = store.get(item.id).item
    assert refreshed.fidelity is not None and refreshed.fidelity["block"] == pytest.approx(0.9)
    assert refreshed.has_result_thumbnail and store.result_thumbnail(item.id)


def test_converting_the_same_design_again_makes_a_new_version(
    store: Store, kimi_app: AppTest, fake_openai: FakeOpenAIServer
) -> None:
    upload(kimi_app)
    for _ in range(2):
        convert_again(kimi_app, fake_openai)
    newest, oldest = store.search().items
    assert newest.parent_id == oldest.id
    assert [version.id for version in store.versions(newest.id)] == [oldest.id, newest.id]


def test_the_library_lists_newest_first_and_searches_and_filters(store: Store) -> None:
    saved(store, "Landing page", tags=("marketing",), author="Ada")
    saved(store, "Checkout", tags=("shop",), author="Grace", target=Target.REACT_TAILWIND, code=REACT_CODE)
    saved(store, "Settings screen", author="Linus", engine="kimi")
    app = open_library(library_app())
    assert _card_titles(app) == ["Settings screen", "Checkout", "Landing page"]

    app.text_input(key="library-search").set_value("shop").run()
    assert _card_titles(app) == ["Checkout"]
    app.text_input(key="library-search").set_value("ada").run()
    assert _card_titles(app) == ["Landing page"]
    app.text_input(key="library-search").set_value("").run()
    app.selectbox(key="library-engine").set_value("kimi").run()
    assert _card_titles(app) == ["Settings screen"]
    app.selectbox(key="library-engine").set_value("").run()
    app.selectbox(key="library-target").set_value(Target.REACT_TAILWIND.value).run()
    assert _card_titles(app) == ["Checkout"]


def test_the_library_pages_through_many_conversions(store: Store) -> None:
    for number in range(30):
        saved(store, f"Screen {number:02d}")
    app = open_library(library_app())
    assert len(_card_titles(app)) == 24 and _card_titles(app)[0] == "Screen 29"
    assert any("1-24 of 30" in shown(caption.value) for caption in app.caption)
    next(button for button in app.button if button.key == "library-older").click().run()
    assert _card_titles(app) == [f"Screen {n:02d}" for n in range(5, -1, -1)]


def test_opening_renaming_tagging_and_deleting_a_conversion(store: Store) -> None:
    conversion_id = saved(store, "Landing page")
    app = open_library(library_app())
    next(button for button in app.button if button.key == f"open-{conversion_id}").click().run()
    assert not app.exception
    assert [tab.label for tab in app.tabs] == ["Preview", "Fidelity", "Code", "Details"]
    assert any(str(block.value).endswith(f"/?c={conversion_id}") for block in app.code)
    assert {shown(button.label) for button in app.get("download_button")} >= {"Download project (zip)"}

    form = app.text_input
    next(box for box in form if box.label == "Title").set_value("Pricing page")
    next(box for box in form if box.label.startswith("Tags")).set_value("Web, launch , web")
    next(button for button in app.button if button.label == "Save changes").click().run()
    item = store.get(conversion_id).item
    assert item.title == "Pricing page" and item.tags == ("web", "launch")

    delete = next(button for button in app.button if button.key == f"delete-{conversion_id}")
    assert delete.disabled  # not before the confirmation is ticked
    app.checkbox(key=f"delete-sure-{conversion_id}").check().run()
    next(button for button in app.button if button.key == f"delete-{conversion_id}").click().run()
    assert store.search().total == 0
    assert not app.exception


def test_a_shared_link_opens_the_conversion_read_only(store: Store) -> None:
    conversion_id = saved(store, "Landing page", tags=("marketing",))
    app = library_app({"c": conversion_id})
    assert not app.exception
    assert any("read-only" in str(caption.value) for caption in app.caption)
    assert [tab.label for tab in app.tabs] == ["Preview", "Fidelity", "Code", "Details"]
    assert not [box for box in app.text_input if box.label == "Title"]  # no editing tools
    assert not [button for button in app.button if button.label == "Delete"]
    code = next(tab for tab in app.tabs if tab.label == "Code")
    assert any("Pricing" in str(block.value) for block in code.code)


def test_a_link_to_a_missing_conversion_says_so(store: Store) -> None:
    app = library_app({"c": "no-such-id"})
    assert not app.exception
    assert [title.value for title in app.title] == ["Conversion not found"]
    assert any("no-such-id" in shown(warning.value) for warning in app.warning)


def test_an_unwritable_library_keeps_the_result_on_screen_and_downloadable(
    kimi_app: AppTest, fake_openai: FakeOpenAIServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("HANDOFF_DATA_DIR", str(blocker / "data"))  # under a file: fails for root too
    st.cache_resource.clear()
    app = AppTest.from_file(APP, default_timeout=30)
    app.run()
    convert(app, fake_openai)
    warnings = [shown(warning.value) for warning in app.warning]
    assert any("Not saved to the library" in text and str(blocker) in text for text in warnings), warnings
    assert [tab.label for tab in app.tabs] == ["Preview", "Fidelity", "Code", "Details"]
    assert app.get("download_button")
    open_library(app)
    assert any(str(blocker) in shown(error.value) for error in app.error)


REACT_CODE = 'export default function App() {\n  return <main className="p-4">Checkout</main>;\n}\n'


def _card_titles(app: AppTest) -> list[str]:
    firsts = [text.split("\n", 1)[0].rstrip() for text in markdown(app)]
    return [first[2:-2] for first in firsts if first.startswith("**") and first.endswith("**")]


def test_a_conversion_without_scores_can_be_scored_from_the_library(store: Store) -> None:
    conversion_id = saved(store, "From the command line")
    app = open_library(library_app())
    next(button for button in app.button if button.key == f"open-{conversion_id}").click().run()
    assert any("no scores yet" in str(info.value) for info in app.info)
    next(button for button in app.button if button.key == f"library-score-{conversion_id}").click().run()
    assert not app.exception
    item = store.get(conversion_id).item
    assert item.fidelity is not None and item.fidelity["visual"] == pytest.approx(0.6)
    assert item.has_result_thumbnail
    assert any(shown(metric.label) == "Block" and metric.value == "90%" for metric in app.metric)


def test_the_read_only_view_does_not_offer_to_score(store: Store) -> None:
    conversion_id = saved(store, "Landing page")
    app = library_app({"c": conversion_id})
    assert not [button for button in app.button if button.key == f"library-score-{conversion_id}"]


def test_stored_titles_tags_and_authors_are_shown_as_text(store: Store) -> None:
    # Escaped before, but a bare URL was still linked and a right-to-left override reordered the
    # card; they come from whoever saved the conversion, and every visitor of the library sees them.
    conversion_id = saved(
        store,
        "Pricing www.evil-example.com \u202etxt.exe",
        tags=("![x](http://evil.test/x)",),
        author="[Your session expired](http://evil.test/y)",
    )
    app = open_library(library_app())
    raw = [str(element.value) for element in app.markdown]
    card = next(text for text in raw if "Pricing" in text)
    assert "`www.evil-example.com`" in card  # a code span: never linked
    assert "\u202e" not in card and "\\[U\\+202E\\]" in card
    assert "![x](" not in card and "\\!\\[x\\]\\(" in card
    next(button for button in app.button if button.key == f"open-{conversion_id}").click().run()
    caption = " ".join(str(element.value) for element in app.caption)
    assert "](http" not in caption and "\\[Your session expired\\]\\(" in caption
