"""The library through AppTest: results are saved as they finish, found, opened, edited and
deleted; a library that cannot be written never costs a result (the ``?c=`` link that opens a
saved result on the Convert page: ``test_convert_reload.py``).

One card per design with its versions inside, all cards alike, the Convert page's Fidelity tab,
a design renamed with all its versions and their downloads, and no two downloads of one name."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from PIL import Image, ImageDraw
from streamlit.testing.v1 import AppTest

from converters.errors import RenderError
from converters.fidelity.vocabulary import ALL_SCORES, FIDELITY_SCORES
from converters.intake import load_design
from converters.settings import Settings
from converters.store import Store
from converters.targets import Target
from tests.app.flows import DESIGN, convert, convert_again, upload
from tests.builders import conversion, encode, mock_ui, shown
from tests.fakes.fidelity import FakeFidelityService, scored_conversion
from tests.fakes.openai_server import FakeOpenAIServer
from ui import library_store, results
from ui.library_grid import TILE, TILE_GAP, card_picture

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
    design_name: str = "",
    parent: str | None = None,
) -> str:
    design = load_design(design_png(design_name or title), f"{design_name or title}.png")
    made = conversion(code, target, engine=engine, design_sha256=design.sha256)
    return store.save(made, design, title=title, tags=tags, author=author, parent_id=parent).id


def design_png(name: str) -> bytes:
    """A mock page with a mark of its own: each name is another design (other bytes)."""
    image = mock_ui(320, 200)
    colour = tuple(hashlib.sha256(name.encode()).digest()[:3])
    ImageDraw.Draw(image).rectangle((250, 150, 300, 190), fill=colour)
    return encode(image, "PNG")


def library_app() -> AppTest:
    st.cache_resource.clear()
    app = AppTest.from_file(APP, default_timeout=30)
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


def test_opening_renaming_tagging_and_deleting_a_conversion(
    store: Store, offered: list[tuple[str, str]]
) -> None:
    conversion_id = saved(store, "Landing page")
    app = open_library(library_app())
    next(button for button in app.button if button.key == f"open-{conversion_id}").click().run()
    assert not app.exception
    assert [tab.label for tab in app.tabs] == ["Preview", "Fidelity", "Code", "Theme", "Versions", "Details"]
    assert any(str(block.value).endswith(f"/?c={conversion_id}") for block in app.code)
    assert {name for _, name in offered} >= {"Landing-page-project.zip"}

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
    assert [tab.label for tab in app.tabs] == ["Preview", "Fidelity", "Code", "Theme", "Versions", "Details"]
    assert app.get("download_button")
    open_library(app)
    assert any(str(blocker) in shown(error.value) for error in app.error)


REACT_CODE = 'export default function App() {\n  return <main className="p-4">Checkout</main>;\n}\n'


def _card_titles(app: AppTest) -> list[str]:
    firsts = [text.split("\n", 1)[0].rstrip() for text in markdown(app)]
    return [first[2:-2] for first in firsts if first.startswith("**") and first.endswith("**")]


def open_conversion(app: AppTest, conversion_id: str) -> AppTest:
    next(button for button in app.button if button.key == f"open-{conversion_id}").click().run()
    assert not app.exception, app.exception
    return app


def open_tab(app: AppTest, label: str) -> Any:
    """Open a tab of the opened conversion (the Fidelity tab runs only while it is open)."""
    app.session_state["library-tabs"] = label
    app.run()
    assert not app.exception, app.exception
    return next(tab for tab in app.tabs if tab.label == label)


def test_a_conversion_without_scores_is_scored_when_its_fidelity_tab_opens(
    store: Store, fidelity: FakeFidelityService
) -> None:
    conversion_id = saved(store, "From the command line")
    app = open_conversion(open_library(library_app()), conversion_id)
    assert fidelity.submitted == []  # not while the tab is closed
    open_tab(app, "Fidelity")
    assert len(fidelity.submitted) == 1 and fidelity.css_widths == [320]
    item = store.get(conversion_id).item
    assert item.fidelity is not None and item.fidelity["visual"] == pytest.approx(0.6)
    assert item.has_result_thumbnail
    app.run()
    assert len(fidelity.submitted) == 1  # one job per opened result, not one per rerun


def test_the_fidelity_tab_is_the_convert_pages_with_explanations_and_overlay(
    store: Store, fidelity: FakeFidelityService
) -> None:
    conversion_id = saved(store, "Landing page")
    store.set_fidelity(
        conversion_id, {"block": 0.5, "text": 0.5, "position": 0.5, "color": 0.5, "visual": 0.5}
    )
    app = open_conversion(open_library(library_app()), conversion_id)
    tab = open_tab(app, "Fidelity")
    text = "\n".join(shown(element.value) for element in tab.markdown)
    for line in (
        "Block · :green[**90%**]",  # the fresh scoring's, not the saved 50%
        "Visual · :red[**60%**]",
        ":red[✗] 375 px: 42 px wider than the screen, 3 overlapping text pairs, 1 element with cut-off text",
        ":green[✓] landmarks · :red[✗] heading order · :gray[n.a.] form controls · :gray[n.a.] images",
        "**2 matched, 1 missing, 1 extra**",
    ):
        assert line in text
    for score in ALL_SCORES:
        assert score.explanation in text
    assert len(tab.get("image")) == 3  # the annotated original and result, and the a11y overlay
    assert "Accessibility · **40%** of checks" in text
    assert any("Fidelity 79%" in value for value in (str(element.value) for element in app.markdown))
    saved_now = store.get(conversion_id).item.fidelity  # the card shows what the tab shows
    assert saved_now is not None and saved_now["block"] == pytest.approx(0.9)
    assert saved_now["a11y"] == pytest.approx(0.4)  # the share of checks passed is kept too


def test_while_it_is_scored_again_the_saved_scores_show_with_their_explanations(
    store: Store, fidelity: FakeFidelityService
) -> None:
    fidelity.outcome = None  # a scoring that does not finish during the test
    conversion_id = saved(store, "Landing page")
    saved_scores = {"block": 0.9, "text": 0.8, "position": 0.7, "color": 0.6, "visual": 0.5}
    store.set_fidelity(conversion_id, {**saved_scores, "absolute_share": 0.0, "reflow": 1.0, "a11y": 0.75})
    app = open_conversion(open_library(library_app()), conversion_id)
    tab = open_tab(app, "Fidelity")
    text = "\n".join(shown(element.value) for element in tab.markdown)
    assert "Block · :green[**90%**]" in text and "Visual · :red[**50%**]" in text
    assert "Reflow · :green[**passes**]" in text
    assert "Accessibility · **75%** of checks" in text  # the share kept with the scores
    for score in FIDELITY_SCORES:
        assert score.explanation in text
    assert any("where the text went" in shown(caption.value) for caption in tab.caption)


def test_a_failed_scoring_is_explained_and_the_saved_scores_still_show(
    store: Store, fidelity: FakeFidelityService
) -> None:
    fidelity.outcome = RenderError("Chromium did not start: install Debian's chromium")
    conversion_id = saved(store, "Landing page")
    store.set_fidelity(conversion_id, dict.fromkeys(("block", "text", "position", "color", "visual"), 0.7))
    app = open_conversion(open_library(library_app()), conversion_id)
    tab = open_tab(app, "Fidelity")
    assert [shown(error.value) for error in tab.error] == [
        "This result could not be scored. Chromium did not start: install Debian's chromium"
    ]
    assert "Block · :orange[**70%**]" in "\n".join(shown(element.value) for element in tab.markdown)
    fidelity.outcome = scored_conversion()
    next(button for button in tab.button if button.label == "Try again").click().run()
    assert not app.exception and len(fidelity.submitted) == 2
    assert not next(tab for tab in app.tabs if tab.label == "Fidelity").error


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


# -- designs and their versions ----------------------------------------------------------------


@pytest.fixture
def offered(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """``(label, file name)`` of every download button drawn since the list was last cleared."""
    drawn: list[tuple[str, str]] = []
    original = st.download_button

    def recording(label: str, data: object, file_name: str | None = None, **options: Any) -> Any:
        drawn.append((shown(label), str(file_name)))
        return original(label, data, file_name=file_name, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(st, "download_button", recording)
    return drawn


def versions_of_landing(store: Store) -> list[str]:
    """Three versions of one design (as the app chains them, then as the command line saves one)
    and, saved last, another design."""
    first = saved(store, "Landing page", design_name="landing", tags=("web",))
    second = saved(
        store,
        "Landing page",
        design_name="landing",
        parent=first,
        target=Target.REACT_TAILWIND,
        code=REACT_CODE,
    )
    third = saved(store, "Landing page", design_name="landing", code=HTML.replace("Pricing", "Plans"))
    saved(store, "Checkout", design_name="checkout")
    return [first, second, third]


def test_one_card_per_design_with_its_versions_inside(store: Store) -> None:
    first, second, third = versions_of_landing(store)
    app = open_library(library_app())
    assert _card_titles(app) == ["Checkout", "Landing page"]
    assert any("1-2 of 2 designs, newest first" in shown(caption.value) for caption in app.caption)
    landing = next(text for text in markdown(app) if text.startswith("**Landing page**"))
    assert "3 versions" in landing
    pills = next(group for group in app.get("button_group") if group.options == ["v1", "v2", "v3"])
    pills.set_value(second).run()  # a version's button opens that version
    assert not app.exception
    assert app.session_state["library_open"] == second
    assert any("version 2 of 3" in shown(caption.value) for caption in app.caption)
    picker = next(box for box in app.selectbox if box.label.startswith("Version"))
    assert shown(picker.label) == "Version (3 of this design)" and picker.value == second
    picker.set_value(first).run()
    assert app.session_state["library_open"] == first
    next(button for button in app.button if button.key == "library-back").click().run()
    assert _card_titles(app) == ["Checkout", "Landing page"]
    assert all(group.value is None for group in app.get("button_group"))  # nothing left selected
    assert third in {button.key.removeprefix("open-") for button in app.button if button.key}


def test_every_card_is_made_of_the_same_parts(store: Store) -> None:
    # Even heights: one picture of one size, four one-line texts, one row of versions, one button,
    # however long the title, however many tags and versions, scored or not.
    versions_of_landing(store)
    long_one = saved(store, "A very long title " * 8, tags=tuple(f"tag{n}" for n in range(12)))
    store.set_fidelity(long_one, dict.fromkeys(("block", "text", "position", "color", "visual"), 0.8))
    saved(store, "Bare")
    app = open_library(library_app())
    cards = [text for text in markdown(app) if text.startswith("**")]
    assert len(cards) == 4
    assert all(len(text.split("\n\n")) == 4 for text in cards), cards  # paragraphs, each one line
    assert len(app.get("image")) == 4 and len(app.get("button_group")) == 4
    assert all(len(image.proto.imgs) == 1 for image in app.get("image"))  # one picture of one shape
    assert "fidelity 80%" in next(text for text in cards if text.startswith("**A very long"))
    assert "not scored" in next(text for text in cards if text.startswith("**Bare"))


def test_renaming_a_design_renames_every_version_and_its_downloads(
    store: Store, offered: list[tuple[str, str]]
) -> None:
    first, second, third = versions_of_landing(store)
    app = open_conversion(open_library(library_app()), third)
    assert [name for _, name in offered if name.endswith(".html")][-1] == "Landing-page-v3.html"
    form = app.text_input
    assert any("changes all 3 versions" in shown(caption.value) for caption in app.caption)
    next(box for box in form if box.label == "Title").set_value("Pricing page")
    next(box for box in form if box.label.startswith("Tags")).set_value("launch")
    offered.clear()
    next(button for button in app.button if button.label == "Save changes").click().run()
    assert not app.exception
    for version in (first, second, third):
        item = store.get(version).item
        assert (item.title, item.tags) == ("Pricing page", ("launch",))
    assert {name for _, name in offered} >= {"Pricing-page-v3.html", "Pricing-page-v3-project.zip"}
    names = {}
    for number, version in enumerate((first, second, third), start=1):
        offered.clear()
        app.session_state["library_open"] = version
        app.run()
        names[number] = {name for _, name in offered}
    assert names[1] == {"Pricing-page.zip", "Pricing-page.html", "Pricing-page-project.zip"}
    assert names[2] == {"Pricing-page-v2.jsx", "Pricing-page-v2-project.zip"}
    assert all(name.startswith("Pricing-page-v3") for name in names[3])
    next(button for button in app.button if button.key == "library-back").click().run()
    assert _card_titles(app) == ["Checkout", "Pricing page"]


def test_no_two_downloads_share_a_name(
    store: Store, offered: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(results, "compile_with_own_renderer", lambda page: ".bg-white{}")
    tailwind = '<!DOCTYPE html><html><body><h1 class="text-xl">Plans</h1></body></html>'
    first = saved(store, "Plans", target=Target.HTML_TAILWIND, code=tailwind)
    second = saved(store, "Plans", target=Target.HTML_TAILWIND, code=tailwind, parent=first)
    app = open_library(library_app())
    every: list[str] = []
    for version in (first, second):
        app.session_state["library_open"] = version
        app.run()
        next(button for button in app.button if _builds(button.key, version)).click().run()
        offered.clear()
        app.run()
        assert not app.exception
        names = [name for _, name in offered]
        assert len(names) == 3 and len(set(names)) == 3, offered  # the page, with its CSS, project
        every += names
    assert len(set(every)) == len(every) == 6, every
    assert "Plans-with-css.html" in every and "Plans-v2.html" in every


def _builds(key: str | None, conversion_id: str) -> bool:
    """Whether ``key`` is the "Compile the CSS for download" button of ``conversion_id``."""
    return key is not None and "build" in key and conversion_id in key


def test_a_new_version_of_a_renamed_design_keeps_its_name(
    store: Store, kimi_app: AppTest, fake_openai: FakeOpenAIServer
) -> None:
    convert(kimi_app, fake_openai)
    (item,) = store.search().items
    store.update_design(item.id, title="Home page", tags=["mobile"])
    convert_again(kimi_app, fake_openai)
    newest = store.search().items[0]
    assert (newest.title, newest.tags, newest.parent_id) == ("Home page", ("mobile",), item.id)
    assert store.search_designs().total == 1


@pytest.mark.parametrize(
    ("original", "result"),
    [
        ((320, 200), (320, 240)),  # a wide design, a result's thumbnail
        ((111, 240), (102, 240)),  # a phone design, a long page
        ((160, 90), None),  # a small design, nothing rendered yet
        (None, None),
    ],
)
def test_a_cards_picture_has_one_size_whatever_it_shows(
    original: tuple[int, int] | None, result: tuple[int, int] | None
) -> None:
    def png(size: tuple[int, int] | None) -> bytes | None:
        return None if size is None else encode(mock_ui(*size), "PNG")

    with Image.open(io.BytesIO(card_picture(png(original), png(result)))) as picture:
        assert picture.size == (2 * TILE[0] + TILE_GAP, TILE[1])
