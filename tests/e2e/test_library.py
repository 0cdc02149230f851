"""The library in a real browser and a real app process: a conversion made in one browser is
opened from its link in another and downloaded as a project; a SIGKILL mid-conversion loses
nothing saved before it and leaves a sound database."""

from __future__ import annotations

import io
import os
import signal
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from converters.intake import load_design
from converters.store import Store
from converters.targets import Target
from tests import builders
from tests.e2e.conftest import run_app
from tests.e2e.test_app_convert import (
    SCORING_TIMEOUT_MS,
    TIMEOUT_MS,
    PreviewFrames,
    choose,
    convert_button,
    download,
    draw_design,
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
        other.goto(link)
        expect(other.get_by_text("Shared conversion · read-only")).to_be_visible(timeout=TIMEOUT_MS)
        generated = PreviewFrames(other).generated
        expect(generated.get_by_role("heading", name="Shared with the team")).to_be_visible(
            timeout=TIMEOUT_MS
        )
        expect(other.get_by_role("button", name="Delete")).to_have_count(0)
        PreviewFrames(other).expect_rendered()
        shoot(other, artifacts_dir, "library-shared-link.png")

        name, data = download(other, "Download project (zip)")
        assert name == "team-page-project.zip"
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            app_file = next(n for n in names if n.endswith("src/App.jsx"))
            assert archive.read(app_file).decode() == code
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
        name, data = download(other, "Download index.html with its CSS")
        assert name == "plans.html"
        html = data.decode()
        assert "<script" not in html and ".bg-indigo-600" in html and "Plans" in html
        shoot(other, artifacts_dir, "library-tailwind-compiled.png")
        # It renders styled from a file, with every request refused.
        (tmp_path / "plans.html").write_bytes(data)
        view = context.new_page()
        view.route("**/*", _files_only)
        view.goto((tmp_path / "plans.html").as_uri())
        section = view.locator("section")
        assert section.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
        assert section.evaluate("e => getComputedStyle(e).paddingTop") == "16px"
    finally:
        context.close()


def test_a_conversion_saved_without_scores_is_scored_from_the_library(
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
    page.get_by_role("button", name="Score it now").click()
    panel = page.get_by_role("tabpanel", name="Fidelity")
    expect(panel.get_by_text("Block", exact=True)).to_be_visible(timeout=SCORING_TIMEOUT_MS)
    shoot(page, artifacts_dir, "library-scored-later.png")
    store = Store(f"sqlite:///{library_db(llm_app)}")
    try:
        item = store.get(conversion_id).item
        assert item.fidelity is not None and item.has_result_thumbnail
    finally:
        store.close()


def test_the_library_page_lists_what_was_saved(llm_app: LlmApp, page: Page, artifacts_dir: Path) -> None:
    store = Store(f"sqlite:///{library_db(llm_app)}")
    try:
        total = store.search().total
        newest = store.search(limit=1).items[0] if total else None
    finally:
        store.close()
    if newest is None:
        pytest.skip("no conversion saved by the tests before this one")
    page.goto(f"{llm_app.url}/library")
    title = newest.title or newest.design_name
    expect(page.get_by_text(title).first).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(f"of {total} conversion")).to_be_visible()
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
                expect(page.get_by_text("1-2 of 2 conversions, newest first")).to_be_visible(
                    timeout=TIMEOUT_MS
                )
                shoot(page, artifacts_dir, "library-after-sigkill.png")
            finally:
                page.close()


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
