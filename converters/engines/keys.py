"""Which API key may go to which endpoint.

A key from the environment (``MOONSHOT_API_KEY``, ``OPENAI_API_KEY``) is the operator's. It is
sent only to its own endpoint (``MOONSHOT_BASE_URL``; ``OPENAI_BASE_URL``, else OpenAI's API,
the SDK's home for that key) and to the origins the operator lists in ``HANDOFF_KEY_ENDPOINTS``.
Any other base URL, typed by whoever uses the app, gets the key typed in that browser session or
no key at all: otherwise a visitor could point the app at their own server and read the
operator's key from its ``Authorization`` header.

Endpoints are compared by origin (scheme, host, port): the key protects a server, and any path on
the same server reaches the same hands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

from converters.settings import Secret, Settings

OPENAI_HOME_URL: Final = "https://api.openai.com/v1"
"""Where an ``OPENAI_API_KEY`` belongs when ``OPENAI_BASE_URL`` does not say (the SDK's default)."""
_DEFAULT_PORTS: Final = {"http": 80, "https": 443}


@dataclass(frozen=True)
class KeyChoice:
    """The key for one request, and why.

    ``key``: what to send (``None``: no key). ``source``: ``"session"`` (typed on the Settings
    page), ``"environment"`` (the operator's, allowed for this endpoint) or ``"none"``.
    ``withheld``: the environment variable whose key exists but is not sent to this endpoint, and
    ``home``: the origin it belongs to; both empty when nothing was held back.
    """

    key: Secret | None
    source: str
    withheld: str = ""
    home: str = ""

    def hint(self, base_url: str) -> str:
        """Where the user gets a key for this endpoint, for error messages."""
        if self.source == "session":
            return "the key you entered on the Settings page"
        if self.withheld:
            return (
                f"the key for {origin(base_url)}: none was sent, because the one in {self.withheld} is "
                f"only sent to {self.home}. Enter a key on the Settings page"
            )
        if self.source == "environment":
            return f"the environment's key for {origin(base_url)}"
        return "the key on the Settings page"


def origin(url: str) -> str:
    """``scheme://host[:port]`` of ``url``, lower-cased, default ports dropped; ``""`` if not http(s)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return ""
    try:
        port = parts.port
    except ValueError:
        return ""
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    return f"{scheme}://{host}" + (f":{port}" if port and port != _DEFAULT_PORTS[scheme] else "")


def environment_key(settings: Settings, engine: str) -> tuple[str, Secret | None, str]:
    """The environment variable, key and home URL of ``engine``'s operator key."""
    if engine == "kimi":
        return "MOONSHOT_API_KEY", settings.moonshot_api_key, settings.moonshot_base_url
    return "OPENAI_API_KEY", settings.openai_api_key, settings.openai_base_url or OPENAI_HOME_URL


def may_receive_environment_key(settings: Settings, engine: str, base_url: str) -> bool:
    """Whether the operator's key of ``engine`` may be sent to ``base_url``."""
    _, _, home = environment_key(settings, engine)
    target = origin(base_url)
    allowed = {origin(home), *(origin(url) for url in settings.key_endpoints)}
    return bool(target) and target in allowed


def choose_key(settings: Settings, engine: str, base_url: str, session_key: Secret | None) -> KeyChoice:
    """The key to send to ``base_url`` for ``engine``: the session's, else the environment's when
    it belongs there (see the module docstring), else none."""
    if session_key is not None:
        return KeyChoice(session_key, "session")
    variable, key, home = environment_key(settings, engine)
    if key is None:
        return KeyChoice(None, "none")
    if may_receive_environment_key(settings, engine, base_url):
        return KeyChoice(key, "environment")
    return KeyChoice(None, "none", withheld=variable, home=origin(home))
