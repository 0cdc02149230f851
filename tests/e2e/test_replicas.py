"""Two app replicas on one PostgreSQL library, as behind a load balancer with sticky sessions:
``handoff serve`` twice, on two ports, with one ``HANDOFF_DATABASE_URL`` (a new database of the
session's throwaway cluster, so the replicas make its schema as they start). A conversion made in
one (offline engine) is listed in the other's Library, opened there from it, downloaded there as
a project, and converted again there while the first replica converts the same design at the
same moment: both new versions land in one chain back to the first, and each replica's Library
shows all three.

Screenshot, for a human to look at: ``replicas-library.png`` (the first replica's Library
showing the versions the second saved), in ``artifacts_dir``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, Page, expect

from converters.store import LibraryItem, Store
from tests.e2e.conftest import run_apps
from tests.e2e.test_app_convert import (
    TIMEOUT_MS,
    PreviewFrames,
    convert_button,
    draw_design,
    shoot,
    wait_for,
    wait_until_idle,
)
from tests.e2e.test_library import _download_matching, share_link
from tests.e2e.test_stop_offline import convert_offline

if TYPE_CHECKING:  # conftest is loaded by pytest itself; the import is for the type only
    from conftest import AppServer

pytestmark = pytest.mark.e2e

VIEWPORT = {"width": 1400, "height": 1000}
# Offline conversions, the first loading the OCR models, two at once (each then scored) on a
# busy 2-core machine; the whole test does three of them and starts two servers.
OFFLINE_TIMEOUT_MS = 240_000
TEST_TIMEOUT_S = 600


@pytest.fixture
def replicas(postgres_url: str, tmp_path: Path) -> Iterator[tuple[AppServer, AppServer]]:
    """Two ``handoff serve`` on one new PostgreSQL database, started together."""
    folders = [tmp_path / "first", tmp_path / "second"]
    for folder in folders:
        folder.mkdir()
    env = {"HANDOFF_DATABASE_URL": postgres_url, "HANDOFF_ENGINE": "offline"}
    with run_apps(folders, env, serve=True) as (first, second):
        yield first, second


def wait_for_offline_result(page: Page) -> None:
    """The page shows a result and no conversion is running any more."""
    expect(page.get_by_role("tab", name="Preview")).to_be_visible(timeout=OFFLINE_TIMEOUT_MS)
    expect(page.get_by_role("button", name="Stop")).to_have_count(0, timeout=OFFLINE_TIMEOUT_MS)
    expect(convert_button(page)).to_have_count(1, timeout=OFFLINE_TIMEOUT_MS)
    expect(convert_button(page)).to_be_enabled(timeout=OFFLINE_TIMEOUT_MS)
    wait_until_idle(page)


def versions(url: str, conversion_id: str) -> tuple[LibraryItem, ...]:
    store = Store(url)
    try:
        return store.design_versions(conversion_id)
    finally:
        store.close()


@pytest.mark.timeout(TEST_TIMEOUT_S)
def test_a_conversion_made_in_one_replica_is_listed_opened_exported_and_versioned_in_the_other(
    replicas: tuple[AppServer, AppServer],
    postgres_url: str,
    browser: Browser,
    tmp_path: Path,
    artifacts_dir: Path,
) -> None:
    first, second = replicas
    designer = browser.new_context(viewport=VIEWPORT)
    developer = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    try:
        one: Page = designer.new_page()
        convert_offline(one, first.url, draw_design(tmp_path / "replica page.png", "Made in one replica"))
        wait_for_offline_result(one)
        made = share_link(one).rsplit("?c=", 1)[1]  # shown once saved

        two = developer.new_page()
        two.goto(f"{second.url}/library")  # listed in the other replica
        expect(two.get_by_text("1-1 of 1 design, newest first")).to_be_visible(timeout=TIMEOUT_MS)
        two.locator(f".st-key-open-{made} button").click()  # and opened there
        expect(two.get_by_role("tab", name="Preview")).to_be_visible(timeout=TIMEOUT_MS)
        PreviewFrames(two).expect_rendered()

        two.goto(f"{second.url}/?c={made}")  # its link: the Convert page, with its design
        PreviewFrames(two).expect_rendered()
        wait_until_idle(two)
        name, data = _download_matching(two, "project")  # exported there
        assert name == "replica-page-project.zip"
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert any(path.endswith("package.json") for path in archive.namelist())
            assert any(path.endswith("src/App.jsx") for path in archive.namelist())

        convert_button(one).click()  # both replicas convert the design again at once
        convert_button(two).click()
        wait_for(lambda: len(versions(postgres_url, made)) == 3, two, OFFLINE_TIMEOUT_MS)
        wait_for_offline_result(one)
        wait_for_offline_result(two)
        chain = versions(postgres_url, made)
        ids = [item.id for item in chain]
        assert ids[0] == made and chain[0].parent_id is None
        assert all(item.parent_id in ids[:index] for index, item in enumerate(chain) if index)
        store = Store(postgres_url)
        try:
            assert all(store.thread(item_id)[0].id == made for item_id in ids)  # one chain
        finally:
            store.close()

        for page, server in ((one, first), (two, second)):
            page.goto(f"{server.url}/library")
            expect(page.get_by_role("radio", name="v3", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
        wait_until_idle(one)
        shoot(one, artifacts_dir, "replicas-library.png")
    finally:
        designer.close()
        developer.close()
