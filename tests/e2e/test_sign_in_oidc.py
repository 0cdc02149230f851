"""Sign-in with OpenID Connect (Streamlit's ``st.login``) in a real browser, against a local mock
provider (``oidc-provider-mock``) in this process: the app asks for sign-in, the provider's form
signs the user in, the app shows who they are, and signing out asks again.

The app finds ``[auth]`` in ``~/.streamlit/secrets.toml`` of a home folder of its own (``HOME``),
so the project's folder gets no secrets file."""

from __future__ import annotations

import secrets
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import AppServer, run_app
from tests.e2e.test_app_convert import TIMEOUT_MS, wait_until_idle

pytestmark = [
    pytest.mark.e2e,
    # oidc-provider-mock 0.3 (the last for Python 3.11) uses Authlib 1.9's deprecated hooks; the
    # provider runs in this process, where warnings are errors.
    pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning"),
]

USER = "ana@example.com"
SCREENS = Path("/work/notes/screens")


@pytest.fixture(scope="module")
def oidc_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app configured for OIDC against a mock provider on a free port of this machine."""
    with warnings.catch_warnings():  # its import uses authlib.jose, deprecated in Authlib 1.9
        pytest.importorskip("authlib.deprecate")  # first: its import asks to show every warning
        warnings.simplefilter("ignore")
        oidc_provider_mock = pytest.importorskip("oidc_provider_mock")
    log_dir = tmp_path_factory.mktemp("streamlit-oidc")
    home = log_dir / "home"
    (home / ".streamlit").mkdir(parents=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # the provider speaks plain http on localhost
        with oidc_provider_mock.run_server_in_thread() as provider:
            issuer = f"http://localhost:{provider.server_port}"
            (home / ".streamlit" / "secrets.toml").write_text(
                "[auth]\n"
                'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
                f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
                'client_id = "handoff-test"\n'
                'client_secret = "handoff-test-secret"\n'
                f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n',
                encoding="utf-8",
            )
            env = {"HOME": str(home), "HANDOFF_DATA_DIR": str(log_dir / "data")}
            with run_app(log_dir, env) as server:
                yield server


def test_a_user_signs_in_with_the_identity_provider_and_out_again(
    oidc_app: AppServer, page: Page, artifacts_dir: Path
) -> None:
    page.goto(oidc_app.url)
    expect(page.get_by_role("heading", name="Sign in to Handoff")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_role("link", name="Library")).to_have_count(0)
    expect(page.get_by_role("textbox", name="Team password")).to_have_count(0)  # not configured
    page.get_by_role("button", name="Sign in with your account").click()
    page.get_by_placeholder("sub").fill(USER)
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_text(f"Signed in as {USER}")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_role("heading", name="Convert a design")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_role("link", name="Library")).to_be_visible(timeout=TIMEOUT_MS)
    wait_until_idle(page)
    page.screenshot(path=artifacts_dir / "oidc-signed-in.png")
    if SCREENS.is_dir():
        shutil.copy(artifacts_dir / "oidc-signed-in.png", SCREENS / "auth-oidc-signed-in.png")
    # Signing out ends the provider's session too (its end-session page), then asks again.
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="End session").click()
    expect(page.get_by_role("heading", name="Sign in to Handoff")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(f"Signed in as {USER}")).to_have_count(0)
