"""Who may use the app: sign-in configured or not, ``serve`` refusing a network address without
it, the team password compared in constant time, wrong guesses limited per address and overall."""

from __future__ import annotations

from pathlib import Path

import pytest

from converters.access import (
    SignInLimiter,
    is_loopback,
    oidc_configured,
    password_matches,
    refuse_open_serving,
)
from converters.errors import SettingsError
from converters.settings import Secret, Settings

PASSWORD = "correct horse battery"


def write_secrets(folder: Path, text: str) -> Path:
    (folder / ".streamlit").mkdir(parents=True, exist_ok=True)
    (folder / ".streamlit" / "secrets.toml").write_text(text, encoding="utf-8")
    return folder


def test_oidc_is_configured_by_an_auth_table_in_either_secrets_file(tmp_path: Path) -> None:
    home, app = tmp_path / "home", tmp_path / "app"
    assert not oidc_configured([home, app])
    write_secrets(app, 'api_key = "x"\n')
    assert not oidc_configured([home, app])
    write_secrets(home, "[auth]\n")  # an empty table configures nothing
    assert not oidc_configured([home, app])
    write_secrets(home, "this is not toml [")
    assert not oidc_configured([home, app])
    write_secrets(app, '[auth]\nredirect_uri = "http://h:8501/oauth2callback"\ncookie_secret = "s"\n')
    assert oidc_configured([home, app])


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.1.2.3", True), ("::1", True), ("[::1]", True), ("localhost", True),
     ("0.0.0.0", False), ("::", False), ("192.168.1.4", False), ("handoff.example.com", False)],
)  # fmt: skip
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serving_a_network_without_sign_in_is_refused_with_what_to_set() -> None:
    bare = Settings()
    refuse_open_serving("127.0.0.1", bare, oidc=False)
    with pytest.raises(SettingsError) as refused:
        refuse_open_serving("0.0.0.0", bare, oidc=False)
    message = str(refused.value)
    assert "HANDOFF_TEAM_PASSWORD" in message and "[auth]" in message and "127.0.0.1" in message
    refuse_open_serving("0.0.0.0", bare, oidc=True)
    refuse_open_serving("0.0.0.0", Settings(team_password=Secret(PASSWORD)), oidc=False)


def test_the_team_password_is_a_secret_of_twelve_characters_or_more() -> None:
    settings = Settings.from_env({"HANDOFF_TEAM_PASSWORD": PASSWORD})
    assert settings.team_password == Secret(PASSWORD)
    assert PASSWORD not in repr(settings)
    assert Settings.from_env({"HANDOFF_TEAM_PASSWORD": "  "}).team_password is None
    with pytest.raises(SettingsError, match="shorter than 12 characters") as short:
        Settings.from_env({"HANDOFF_TEAM_PASSWORD": "hunter2"})
    assert "hunter2" not in str(short.value)


def test_password_matches_only_the_exact_password() -> None:
    secret = Secret(PASSWORD)
    assert password_matches(PASSWORD, secret)
    for wrong in ("", PASSWORD.upper(), PASSWORD + " ", PASSWORD[:-1], "x" * 1000):
        assert not password_matches(wrong, secret)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_wrong_passwords_are_limited_per_client_for_a_window() -> None:
    clock = Clock()
    limiter = SignInLimiter(per_client=3, overall=100, window_s=60.0, clock=clock)
    for _ in range(3):
        assert limiter.wait_s("10.0.0.1") == 0.0
        limiter.failed("10.0.0.1")
        clock.now += 1.0
    assert limiter.wait_s("10.0.0.1") == pytest.approx(57.0)  # the first failure leaves at 1060
    assert limiter.wait_s("10.0.0.2") == 0.0  # another address is not held up
    clock.now += 57.0
    assert limiter.wait_s("10.0.0.1") == 0.0


def test_wrong_passwords_from_many_addresses_are_limited_overall() -> None:
    clock = Clock()
    limiter = SignInLimiter(per_client=3, overall=5, window_s=60.0, clock=clock)
    for address in range(5):
        limiter.failed(f"10.0.0.{address}")
    assert limiter.wait_s("10.9.9.9") == pytest.approx(60.0)
    clock.now += 60.0
    assert limiter.wait_s("10.9.9.9") == 0.0
