"""Sign-in with the team password and read-only links, in a real browser against one app server
(``HANDOFF_TEAM_PASSWORD`` set): a wrong password then the right one; a visitor with a read-only
link sees that one conversion and can reach nothing else; a link revoked in the Library shows the
one message for links that name nothing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from converters.intake import load_design
from converters.settings import Settings
from converters.store import Store
from converters.targets import Target
from tests import builders
from tests.e2e.conftest import AppServer, run_app
from tests.e2e.test_app_convert import TIMEOUT_MS, PreviewFrames, shoot, wait_until_idle

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery staple"
SCREENS = Path("/work/notes/screens")
CODE = (
    "<!doctype html><html><body><main><h1>Quarterly report</h1><p>Shared read-only</p></main></body></html>"
)


@dataclass(frozen=True)
class TeamApp:
    server: AppServer
    shared_id: str
    token: str
    private_id: str


@pytest.fixture(scope="module")
def team_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TeamApp]:
    """The app with a team password, and a library of two conversions, one with a read-only link."""
    log_dir = tmp_path_factory.mktemp("streamlit-team")
    data_dir = log_dir / "data"
    store = Store.open(Settings(data_dir=data_dir))
    try:
        data = builders.encode(builders.mock_ui(640, 400), "PNG")
        design = load_design(data, "report.png")
        shared = store.save(
            builders.conversion(CODE, Target.HTML_CSS), design, original=data, title="Quarterly report"
        )
        store.set_fidelity(shared.id, {"block": 0.91, "text": 0.97})
        private = store.save(
            builders.conversion("<main>Private</main>", Target.HTML_CSS), None, title="Secret plan"
        )
        token = store.share(shared.id)
    finally:
        store.close()
    env = {"HANDOFF_TEAM_PASSWORD": PASSWORD, "HANDOFF_DATA_DIR": str(data_dir)}
    with run_app(log_dir, env) as server:
        yield TeamApp(server, shared.id, token, private.id)
    assert PASSWORD not in server.log()


def sign_in(page: Page, app: TeamApp, name: str, password: str) -> None:
    page.get_by_role("textbox", name="Your name").fill(name)
    page.get_by_role("textbox", name="Team password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    wait_until_idle(page)


def keep(page: Page, artifacts_dir: Path, name: str) -> None:
    shoot(page, artifacts_dir, name)
    if SCREENS.is_dir():
        shutil.copy(artifacts_dir / name, SCREENS / f"auth-{name}")


def test_a_wrong_password_is_refused_and_the_right_one_signs_in(
    team_app: TeamApp, page: Page, artifacts_dir: Path
) -> None:
    page.goto(team_app.server.url)
    expect(page.get_by_role("heading", name="Sign in to Handoff")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_role("textbox", name="Team password")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_role("link", name="Library")).to_have_count(0)
    wait_until_idle(page)
    keep(page, artifacts_dir, "sign-in.png")
    sign_in(page, team_app, "Ana", "not the password")
    expect(page.get_by_text("That is not the team's password.")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_role("link", name="Library")).to_have_count(0)
    sign_in(page, team_app, "Ana", PASSWORD)
    expect(page.get_by_role("heading", name="Convert a design")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("Signed in as Ana")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_role("link", name="Library")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to Handoff")).to_be_visible(timeout=TIMEOUT_MS)


def test_a_visitor_with_a_read_only_link_sees_that_conversion_and_nothing_else(
    team_app: TeamApp, browser: Browser, artifacts_dir: Path
) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(f"{team_app.server.url}/?s={team_app.token}")
        expect(page.get_by_role("heading", name="Quarterly report")).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.get_by_text("A read-only view shared with a link")).to_be_visible(timeout=TIMEOUT_MS)
        wait_until_idle(page)
        frames = PreviewFrames(page)
        frames.expect_rendered()
        expect(frames.generated.get_by_text("Shared read-only")).to_be_visible(timeout=TIMEOUT_MS)
        keep(page, artifacts_dir, "share-visitor.png")
        page.get_by_role("tab", name="Code").click()
        expect(page.get_by_text("Shared read-only").first).to_be_visible(timeout=TIMEOUT_MS)
        # Nothing leads elsewhere, and nothing changes anything.
        expect(page.locator("[data-testid='stSidebar']")).to_have_count(0)
        for name in ("Library", "Convert", "Settings"):
            expect(page.get_by_role("link", name=name)).to_have_count(0)
        for label in ("Edit or delete", "Delete", "Convert", "Revoke the read-only link", "Sign out"):
            expect(page.get_by_role("button", name=label, exact=True)).to_have_count(0)
        # The app's other addresses, with or without the token, give the sign-in screen.
        for path in ("/library", f"/library?s={team_app.token}", f"/?c={team_app.private_id}", "/settings"):
            page.goto(f"{team_app.server.url}{path}")
            wait_until_idle(page)
            expect(page.get_by_text("Secret plan")).to_have_count(0)
            expect(page.get_by_role("heading", name="Library")).to_have_count(0)
            if "s=" not in path:
                expect(page.get_by_role("heading", name="Sign in to Handoff")).to_be_visible(
                    timeout=TIMEOUT_MS
                )
    finally:
        context.close()


def test_a_link_revoked_in_the_library_stops_working(
    team_app: TeamApp, browser: Browser, page: Page, artifacts_dir: Path
) -> None:
    page.goto(team_app.server.url)
    sign_in(page, team_app, "Ben", PASSWORD)
    page.get_by_role("link", name="Library").click()
    expect(page.get_by_role("heading", name="Library")).to_be_visible(timeout=TIMEOUT_MS)
    page.locator(f".st-key-open-{team_app.shared_id} button").click()
    revoke = page.get_by_role("button", name="Revoke the read-only link")
    expect(revoke).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator("[data-testid='stCode']", has_text=f"/?s={team_app.token}")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    revoke.scroll_into_view_if_needed()
    keep(page, artifacts_dir, "library-share-link.png")
    revoke.click()
    expect(page.get_by_role("button", name="Create a read-only link")).to_be_visible(timeout=TIMEOUT_MS)
    keep(page, artifacts_dir, "library-revoked.png")

    visitor = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        other = visitor.new_page()
        other.goto(f"{team_app.server.url}/?s={team_app.token}")
        expect(other.get_by_text("This link was revoked or never existed.")).to_be_visible(timeout=TIMEOUT_MS)
        expect(other.get_by_text("Quarterly report")).to_have_count(0)
        keep(other, artifacts_dir, "share-revoked.png")
    finally:
        visitor.close()
