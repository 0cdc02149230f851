"""The library in a real browser and a real app process: a conversion made in one browser is
opened from its link in another (on its Convert page) and downloaded as a project; a SIGKILL
mid-conversion loses nothing saved before it and leaves a sound database; at 1440 x 900 the cards
of the grid are of one height, a design's versions are inside its card, its Fidelity tab is the
Convert page's, and renaming it renames every version's downloads, no two of one name."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import signal
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, Page, Route, ViewportSize, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from converters.fidelity.vocabulary import BLOCK, POSITION, REFLOW
from converters.intake import load_design
from converters.store import Store
from converters.targets import Target
from tests import builders
from tests.e2e.conftest import run_app
from tests.e2e.test_app_convert import (
    HTML_CSS_CODE,
    SCORING_TIMEOUT_MS,
    TIMEOUT_MS,
    PreviewFrames,
    choose,
    convert_button,
    draw_design,
    draw_text_design,
    fenced,
    open_with_design,
    react_code,
    shoot,
    wait_for,
    wait_for_result,
    wait_until_idle,
)
from tests.fakes.openai_server import FakeOpenAIServer, Reply

if TYPE_CHECKING:  # conftest is loaded by pytest itself; the import is for the type only
    from conftest import LlmApp

pytestmark = pytest.mark.e2e

KEY = "test-library-key"


def share_link(page: Page) -> str:
    """The result's "link to share", as the page shows it."""
    link = page.get_by_role("link", name="link to share")
    expect(link).to_be_visible(timeout=TIMEOUT_MS)
    href = link.get_attribute("href")
    assert href is not None and "?c=" in href
    return href


def library_db(app: LlmApp) -> Path:
    return app.server.log_path.parent / "data" / "library.db"


def test_a_link_opens_the_conversion_in_another_browser_which_downloads_the_project(
    llm_app: LlmApp, browser: Browser, tmp_path: Path, artifacts_dir: Path
) -> None:
    code = react_code("Shared with the team")
    llm_app.fake.script(Reply(content=fenced(code, "jsx")))
    designer = browser.new_context(viewport={"width": 1400, "height": 1000})
    developer = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    try:
        page = designer.new_page()
        open_with_design(page, llm_app, draw_design(tmp_path / "team page.png", "Shared with the team"))
        choose(page, "React + Tailwind")
        convert_button(page).click()
        wait_for_result(page)
        link = share_link(page)
        shoot(page, artifacts_dir, "library-saved-result.png")

        other = developer.new_page()
        other.goto(link)  # the Convert page, with that result and its design (ui.restore)
        generated = PreviewFrames(other).generated
        expect(generated.get_by_role("heading", name="Shared with the team")).to_be_visible(
            timeout=TIMEOUT_MS
        )
        PreviewFrames(other).expect_rendered()
        shoot(other, artifacts_dir, "library-shared-link.png")

        name, data = _download_matching(other, "project")
        assert name == "team-page-project.zip"
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            app_file = next(n for n in names if n.endswith("src/App.jsx"))
            header_file = next(n for n in names if n.endswith("src/components/SiteHeader.jsx"))
            app_module, header_module = archive.read(app_file).decode(), archive.read(header_file).decode()
            assert "<SiteHeader />" in app_module and "export default function App" in app_module
            assert "Shared with the team" in header_module
            assert "export default function SiteHeader" in header_module
            assert any(n.endswith("package.json") for n in names)
            assert all(not n.startswith("/") and ".." not in n.split("/") for n in names)
    finally:
        designer.close()
        developer.close()


TAILWIND_PAGE = (
    '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Plans</title></head>\n'
    '<body>\n  <section class="bg-indigo-600 p-4 text-white"><h1 class="text-3xl">Plans</h1></section>\n'
    "</body>\n</html>\n"
)


def test_an_html_tailwind_page_downloads_with_its_css_compiled_in(
    llm_app: LlmApp, page: Page, browser: Browser, tmp_path: Path, artifacts_dir: Path
) -> None:
    store = Store(f"sqlite:///{library_db(llm_app)}")
    try:
        design = load_design(draw_design(tmp_path / "plans.png", "Plans").read_bytes(), "plans.png")
        conversion = builders.conversion(TAILWIND_PAGE, Target.HTML_TAILWIND, design_sha256=design.sha256)
        conversion_id = store.save(conversion, design).id
    finally:
        store.close()
    context = browser.new_context(accept_downloads=True)
    try:
        other = context.new_page()
        other.goto(f"{llm_app.url}/?c={conversion_id}")
        other.get_by_role("button", name="Compile the CSS for download").click()
        name, data = _download_matching(other, "with its CSS|with-css")
        assert name == "plans-with-css.html"
        html = data.decode()
        assert "<script" not in html and ".bg-indigo-600" in html and "Plans" in html
        shoot(other, artifacts_dir, "library-tailwind-compiled.png")
        # It renders styled from a file, with every request refused.
        (tmp_path / "plans-with-css.html").write_bytes(data)
        view = context.new_page()
        view.route("**/*", _files_only)
        view.goto((tmp_path / "plans-with-css.html").as_uri())
        section = view.locator("section")
        assert section.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
        assert section.evaluate("e => getComputedStyle(e).paddingTop") == "16px"
    finally:
        context.close()


def test_a_conversion_saved_without_scores_is_scored_when_its_fidelity_tab_opens(
    llm_app: LlmApp, page: Page, tmp_path: Path, artifacts_dir: Path
) -> None:
    store = Store(f"sqlite:///{library_db(llm_app)}")
    try:
        design = load_design(draw_design(tmp_path / "cli.png", "From the CLI").read_bytes(), "cli.png")
        code = react_code("From the CLI")
        conversion = builders.conversion(code, Target.REACT_TAILWIND, design_sha256=design.sha256)
        conversion_id = store.save(conversion, design, title="Scored later").id
    finally:
        store.close()
    page.goto(f"{llm_app.url}/library")
    page.locator(f".st-key-open-{conversion_id} button").click()
    page.get_by_role("tab", name="Fidelity").click()
    panel = page.get_by_role("tabpanel", name="Fidelity")
    expect(panel.get_by_text("Where the text went")).to_be_visible(timeout=SCORING_TIMEOUT_MS)
    expect(panel.get_by_text(BLOCK.explanation)).to_be_visible()  # as on the Convert page
    shoot(page, artifacts_dir, "library-scored-later.png")
    wait_for(lambda: _scored_item(llm_app, conversion_id), page, SCORING_TIMEOUT_MS)


def test_the_library_page_lists_what_was_saved(llm_app: LlmApp, page: Page, artifacts_dir: Path) -> None:
    store = Store(f"sqlite:///{library_db(llm_app)}")
    try:
        total = store.search_designs().total
        newest = store.search(limit=1).items[0] if total else None
    finally:
        store.close()
    if newest is None:
        pytest.skip("no conversion saved by the tests before this one")
    page.goto(f"{llm_app.url}/library")
    title = newest.title or newest.design_name
    expect(page.get_by_text(title).first).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(f"of {total} design")).to_be_visible()
    wait_until_idle(page)
    expect(page.locator("[class*='st-key-open-'] button").first).to_be_visible()
    shoot(page, artifacts_dir, "library-grid.png")
    page.locator("[class*='st-key-open-'] button").first.click()
    expect(page.get_by_role("tab", name="Preview")).to_be_visible(timeout=TIMEOUT_MS)
    PreviewFrames(page).expect_rendered()
    wait_until_idle(page)
    shoot(page, artifacts_dir, "library-opened.png")


def test_sigkill_mid_conversion_keeps_every_saved_conversion_and_a_sound_database(
    browser: Browser, tmp_path: Path, artifacts_dir: Path
) -> None:
    data = tmp_path / "data"
    with FakeOpenAIServer(models=("kimi-k2.5",), api_key=KEY) as fake:
        env = {
            "MOONSHOT_API_KEY": KEY,
            "MOONSHOT_BASE_URL": fake.base_url,
            "HANDOFF_ENGINE": "kimi",
            "HANDOFF_DATA_DIR": str(data),
        }
        (tmp_path / "first").mkdir()
        with run_app(tmp_path / "first", env) as server:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            try:
                page = context.new_page()
                # It needs only the app's url, which the server has too.
                open_with_design(page, server, draw_design(tmp_path / "kept.png", "Kept one"))  # type: ignore[arg-type]
                choose(page, "React + Tailwind")
                for heading in ("Kept one", "Kept two"):
                    fake.script(Reply(content=fenced(react_code(heading), "jsx")))
                    convert_button(page).click()
                    wait_for_result(page)
                    share_link(page)  # saved
                wait_for(lambda: _scored(data) == 2, page, SCORING_TIMEOUT_MS)  # scores and pictures saved
                wait_until_idle(page)
                slow = react_code("Never finished") + "\n".join(f"// line {n}" for n in range(4000))
                fake.script(Reply(content=fenced(slow, "jsx"), chunk_chars=8, chunk_delay_s=0.02))
                requests = len(fake.chat_requests())
                convert_button(page).click()
                expect(page.get_by_role("button", name="Stop")).to_be_visible(timeout=TIMEOUT_MS)
                wait_for(lambda: len(fake.chat_requests()) == requests + 1, page)
                page.wait_for_timeout(500)  # mid-stream
                os.kill(server.pid, signal.SIGKILL)
            finally:
                context.close()

        store = Store(f"sqlite:///{data / 'library.db'}")
        try:
            assert store.integrity_ok()
            titles = [store.get(item.id).conversion.code for item in store.search().items]
            assert len(titles) == 2
            assert "Kept two" in titles[0] and "Kept one" in titles[1]
            assert all(store.result_thumbnail(item.id) for item in store.search().items)
        finally:
            store.close()

        (tmp_path / "second").mkdir()
        with run_app(tmp_path / "second", env) as server:
            page = browser.new_page()
            try:
                page.goto(f"{server.url}/library")
                # Both are versions of one design: one card, two versions inside.
                expect(page.get_by_text("1-1 of 1 design, newest first")).to_be_visible(timeout=TIMEOUT_MS)
                expect(page.get_by_role("radio", name="v2", exact=True)).to_be_visible()
                shoot(page, artifacts_dir, "library-after-sigkill.png")
            finally:
                page.close()


def _download_matching(page: Page, label: str) -> tuple[str, bytes]:
    """Download with the button whose label matches the regular expression ``label``."""
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        page.get_by_role("button", name=re.compile(label)).click()
    value = info.value
    return value.suggested_filename, Path(value.path()).read_bytes()


def _scored_item(app: LlmApp, conversion_id: str) -> bool:
    store = Store(f"sqlite:///{library_db(app)}")
    try:
        item = store.get(conversion_id).item
        return item.fidelity is not None and item.has_result_thumbnail
    finally:
        store.close()


def _files_only(route: Route) -> None:
    if route.request.url.startswith("file:"):
        route.continue_()
    else:
        route.abort()


def _scored(data: Path) -> int:
    """How many conversions in the library at ``data`` have their scores and picture saved."""
    store = Store(f"sqlite:///{data / 'library.db'}")
    try:
        return sum(1 for item in store.search().items if item.fidelity and item.has_result_thumbnail)
    finally:
        store.close()


# -- the grid at 1440 x 900: designs and their versions --------------------------------------------

WIDE = ViewportSize(width=1440, height=900)
CARD = "[class*='st-key-card-']"


def _seed_designs(data: Path, tmp_path: Path) -> tuple[str, list[str]]:
    """A library of five designs: "Landing page" with three versions (the newest scored, with a
    rendering), a long title with many tags, a phone-sized design, a partial result and one
    without a design. Returns the landing design's key and its versions' ids, oldest first."""
    data.mkdir(parents=True, exist_ok=True)
    store = Store(f"sqlite:///{data / 'library.db'}")
    try:
        landing = load_design(
            draw_text_design(tmp_path / "landing.png", "Welcome aboard").read_bytes(), "landing.png"
        )
        codes = [
            (HTML_CSS_CODE, Target.HTML_CSS),
            (react_code("Welcome aboard"), Target.REACT_TAILWIND),
            (react_code("Welcome aboard!"), Target.REACT_TAILWIND),
        ]
        ids: list[str] = []
        for code, target in codes:
            made = builders.conversion(code, target, design_sha256=landing.sha256)
            ids.append(store.save(made, landing, title="Landing page", parent_id=ids[-1] if ids else None).id)
        scores = {"block": 0.91, "text": 0.96, "position": 0.83, "color": 0.74, "visual": 0.66}
        store.set_fidelity(ids[-1], scores)
        store.set_result_thumbnail(ids[-1], builders.encode(builders.landing_page(), "PNG"))
        long_design = load_design(
            draw_design(tmp_path / "long.png", "Checkout", "#0f766e").read_bytes(), "long.png"
        )
        store.save(
            builders.conversion(
                react_code("Checkout"), Target.REACT_TAILWIND, design_sha256=long_design.sha256
            ),
            long_design,
            title="A checkout page with a title far too long to fit on one line of a card",
            tags=[f"tag {n}" for n in range(12)],
            author="Ada",
        )
        phone = load_design(builders.encode(builders.mock_ui(375, 812), "PNG"), "phone sign-in.png")
        store.save(builders.conversion(react_code("Sign in"), Target.REACT_TAILWIND), phone)
        partial = builders.conversion(react_code("Cut")[:60], Target.REACT_TAILWIND)
        cut = load_design(draw_design(tmp_path / "cut.png", "Cut", "#b91c1c").read_bytes(), "cut.png")
        store.save(dataclasses.replace(partial, complete=False), cut, error="Stopped by the user.")
        store.save(builders.conversion(HTML_CSS_CODE, Target.HTML_CSS), None, title="From the command line")
        return landing.sha256 + "-1", ids
    finally:
        store.close()


def _download_names(page: Page) -> list[str]:
    """The file name of every download the opened conversion offers (whatever its label)."""
    names = []
    buttons = page.locator("[data-testid='stDownloadButton'] button")
    for index in range(buttons.count()):
        with page.expect_download(timeout=TIMEOUT_MS) as info:
            buttons.nth(index).click()
        names.append(info.value.suggested_filename)
        wait_until_idle(page)  # a download button reruns the page
    return names


def _pick_version(page: Page, number: int) -> None:
    """Choose version ``number`` in the opened conversion's Version box."""
    option = page.get_by_role("option", name=f"v{number} ·")
    for _ in range(3):  # a rerun that lands meanwhile closes the list
        wait_until_idle(page)
        page.get_by_role("combobox", name="Version (3 of this design)").click()
        try:
            option.click(timeout=5_000)
        except PlaywrightTimeout:
            continue
        return
    pytest.fail(f"version {number} could not be chosen")


def test_even_cards_hold_their_versions_and_a_renamed_design_renames_its_downloads(
    browser: Browser, tmp_path: Path, artifacts_dir: Path
) -> None:
    data = tmp_path / "data"
    design_key, versions = _seed_designs(data, tmp_path)
    with run_app(tmp_path, {"HANDOFF_DATA_DIR": str(data)}) as server:
        context = browser.new_context(viewport=WIDE, accept_downloads=True)
        try:
            page = context.new_page()
            page.goto(f"{server.url}/library")
            expect(page.get_by_text("1-5 of 5 designs, newest first")).to_be_visible(timeout=TIMEOUT_MS)
            wait_until_idle(page)
            cards = page.locator(CARD)
            expect(cards).to_have_count(5)
            page.wait_for_timeout(500)  # the pictures have their size once loaded
            heights = [round(cards.nth(n).bounding_box()["height"]) for n in range(5)]  # type: ignore[index]
            assert max(heights) - min(heights) <= 1, heights
            shoot(page, artifacts_dir, "library-grid-even-cards.png")
            landing = page.locator(f".st-key-design-versions-{design_key}")
            shoot(page, artifacts_dir, "library-grid-versions-inside.png", landing)

            expect(landing.get_by_role("radio")).to_have_count(3)  # a row of v1, v2, v3
            landing.get_by_role("radio", name="v2", exact=True).click()
            expect(page.get_by_text("version 2 of 3")).to_be_visible(timeout=TIMEOUT_MS)
            wait_until_idle(page)
            PreviewFrames(page).expect_rendered()
            shoot(page, artifacts_dir, "library-version-opened.png")

            page.get_by_role("tab", name="Fidelity").click()
            panel = page.get_by_role("tabpanel", name="Fidelity")
            expect(panel.get_by_text("Where the text went")).to_be_visible(timeout=SCORING_TIMEOUT_MS)
            expect(panel.get_by_text(POSITION.explanation)).to_be_visible()
            expect(panel.get_by_text(REFLOW.explanation)).to_be_visible()
            # The fidelity overlay, both sides, and the accessibility findings' (the white "Sign up"
            # on emerald fails contrast).
            expect(panel.locator("[data-testid='stImage']")).to_have_count(3)
            wait_until_idle(page)
            shoot(page, artifacts_dir, "library-fidelity-tab.png", panel.get_by_text("Where the text went"))

            before = _download_names(page)
            assert before and all(name.startswith("Landing-page-v2") for name in before), before
            page.get_by_text("Edit or delete").click()
            page.get_by_label("Title").fill("Pricing page")
            page.get_by_role("button", name="Save changes").click()
            expect(page.get_by_role("heading", name="Pricing page")).to_be_visible(timeout=TIMEOUT_MS)
            wait_until_idle(page)
            names = {2: _download_names(page)}
            for number in (1, 3):
                _pick_version(page, number)
                expect(page.get_by_text(f"version {number} of 3")).to_be_visible(timeout=TIMEOUT_MS)
                wait_until_idle(page)
                names[number] = _download_names(page)
            every = [name for found in names.values() for name in found]
            assert len(every) == len(set(every)), names  # no two downloads share a name
            assert all(name.startswith("Pricing-page-v2") for name in names[2]), names
            assert all(name.startswith("Pricing-page-v3") for name in names[3]), names
            assert all(name.startswith("Pricing-page") and "-v" not in name for name in names[1]), names
            shoot(page, artifacts_dir, "library-renamed-version.png")

            page.get_by_role("button", name="Back to the library").click()
            expect(page.get_by_text("Pricing page", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
        finally:
            context.close()
    store = Store(f"sqlite:///{data / 'library.db'}")
    try:
        assert {store.get(version).item.title for version in versions} == {"Pricing page"}
    finally:
        store.close()
