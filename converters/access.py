"""Who may use the app: whether sign-in is on, the team password check, and its rate limit.

Sign-in is on when either way of signing in is configured, at any address:

- OpenID Connect through Streamlit's own ``st.login``: an ``[auth]`` table in a
  ``.streamlit/secrets.toml`` (the project's, or the user's ``~/.streamlit/secrets.toml``);
- one team password, ``HANDOFF_TEAM_PASSWORD`` (``Settings.team_password``).

With neither, the app is a one-person tool on 127.0.0.1 and ``handoff serve`` refuses any other
address (``refuse_open_serving``). Share links (``?s=<token>``, ``converters.store.shares``) are
the one way in without signing in, to one conversion, read-only.

The password is compared in constant time (digests of both sides, so not even its length leaks),
and wrong guesses are limited per client address and overall (``SignInLimiter``). Nothing here logs
or returns the password.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import threading
import time
import tomllib
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path

from converters.errors import SettingsError
from converters.settings import Secret, Settings

SECRETS_FILE = Path(".streamlit") / "secrets.toml"
"""Where Streamlit reads ``[auth]`` from, below the app's folder and below the user's home."""
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})

FAILURE_WINDOW_S = 60.0
"""How far back wrong passwords count: a minute, so a typo costs nobody a long wait."""
FAILURES_PER_CLIENT = 5
"""Wrong passwords one address may try per window: enough for typos, useless for guessing."""
FAILURES_OVERALL = 30
"""Wrong passwords from all addresses together per window: caps guessing from many addresses
(one IP each) at 43,200 a day, hopeless against a 12-character password."""
ANY_CLIENT = "*"


def oidc_configured(folders: Iterable[Path]) -> bool:
    """Whether a ``secrets.toml`` below one of ``folders`` has a non-empty ``[auth]`` table (as
    Streamlit reads it; an unreadable file counts as not configuring anything)."""
    for folder in folders:
        path = folder / SECRETS_FILE
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        auth = data.get("auth")
        if isinstance(auth, dict) and auth:
            return True
    return False


def secrets_folders(app_folder: Path) -> tuple[Path, ...]:
    """The folders whose ``.streamlit/secrets.toml`` Streamlit reads for an app run in
    ``app_folder``: the user's home and the app's folder."""
    return (Path.home(), app_folder)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address to bind) reaches only this machine."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def refuse_open_serving(host: str, settings: Settings, *, oidc: bool) -> None:
    """``SettingsError`` when ``host`` is reachable from a network and no sign-in is configured."""
    if is_loopback(host) or oidc or settings.team_password is not None:
        return
    raise SettingsError(
        f"Handoff will not serve {host} without sign-in: anyone who can reach it could see, change "
        "and delete every conversion. Set HANDOFF_TEAM_PASSWORD (one password for the team, 12 "
        "characters or more), or configure OpenID Connect in .streamlit/secrets.toml ([auth] with "
        "redirect_uri, cookie_secret, client_id, client_secret, server_metadata_url), or serve "
        "127.0.0.1 only."
    )


def password_matches(given: str, expected: Secret) -> bool:
    """Whether ``given`` is the team password, in time that depends on neither's content or length."""
    given_digest = hashlib.sha256(given.encode("utf-8")).digest()
    expected_digest = hashlib.sha256(expected.reveal().encode("utf-8")).digest()
    return hmac.compare_digest(given_digest, expected_digest)


class SignInLimiter:
    """Wrong passwords counted per client address and overall, over a sliding window.

    ``wait_s(client)`` is how long that client must wait before trying again (0: it may try now);
    ``failed(client)`` counts a wrong password. One limiter per process; thread-safe.
    """

    def __init__(
        self,
        *,
        per_client: int = FAILURES_PER_CLIENT,
        overall: int = FAILURES_OVERALL,
        window_s: float = FAILURE_WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limits = {"client": per_client, "overall": overall}
        self._window_s = window_s
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, deque[float]] = {}

    def wait_s(self, client: str) -> float:
        """Seconds until ``client`` may try a password again (0.0: now)."""
        with self._lock:
            now = self._clock()
            waits = [
                self._wait(ANY_CLIENT, self._limits["overall"], now),
                self._wait(client, self._limits["client"], now),
            ]
        return max(waits)

    def failed(self, client: str) -> None:
        """Count a wrong password from ``client``."""
        with self._lock:
            now = self._clock()
            for key in (client, ANY_CLIENT):
                self._failures.setdefault(key, deque()).append(now)
                self._wait(key, 0, now)  # drops the expired ones, so the table stays small

    def _wait(self, key: str, limit: int, now: float) -> float:
        times = self._failures.get(key)
        if times is None:
            return 0.0
        while times and times[0] <= now - self._window_s:
            times.popleft()
        if not times:
            del self._failures[key]
            return 0.0
        if len(times) < limit or limit <= 0:
            return 0.0
        # The oldest failure that keeps the count at the limit must leave the window first.
        return max(0.0, times[-limit] + self._window_s - now)
