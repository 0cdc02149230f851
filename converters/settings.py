"""One settings object, read once from the environment and passed explicitly.

Nothing here runs at import time: call ``Settings.from_env()`` where the process starts (the
app, the CLI) and hand the result down. API keys are wrapped in ``Secret`` so that printing,
logging or serialising a ``Settings`` never shows them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from converters.conversion import Grounding
from converters.errors import SettingsError
from converters.intake.limits import MB, IntakeLimits

ENGINE_NAMES = ("offline", "kimi", "openai-compatible")
DEFAULT_MOONSHOT_BASE_URL = "https://api.moonshot.ai/v1"
DEFAULT_FIGMA_API_BASE = "https://api.figma.com"


class Secret:
    """A string that does not show itself: ``repr``/``str`` give ``'********'``.

    Call ``reveal()`` only at the point where the value is handed to the client that needs it.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class Settings:
    """Everything configurable about Handoff. Environment variables:

    ``MOONSHOT_API_KEY``, ``MOONSHOT_BASE_URL`` (default ``https://api.moonshot.ai/v1``),
    ``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``HANDOFF_ENGINE`` (default ``kimi`` when a
    Moonshot key is set, else ``offline``), ``HANDOFF_MODEL`` (model of that engine),
    ``HANDOFF_KIMI_THINKING`` (``on``/``off``, default on), ``HANDOFF_TIMEOUT_S`` (seconds to
    wait for the next part of a model's reply, default 120), ``HANDOFF_DATA_DIR`` (default
    ``$XDG_DATA_HOME/handoff`` or ``~/.local/share/handoff``; the library's SQLite file lives
    there), ``HANDOFF_DATABASE_URL`` (a SQLAlchemy URL that replaces that file, e.g.
    ``postgresql://user:password@host/dbname``, psycopg 3; it may hold a password, so it is a
    ``Secret``), and the intake limits
    ``HANDOFF_MAX_UPLOAD_MB`` (default 25), ``HANDOFF_MAX_MEGAPIXELS`` (default 40),
    ``HANDOFF_MAX_PDF_PAGES`` (default 100), and ``HANDOFF_KEY_ENDPOINTS`` (base URLs, comma- or
    space-separated, that may receive the environment's API keys besides each key's own endpoint;
    see ``converters.engines.keys``), and ``HANDOFF_GROUNDING`` (``off``, ``text`` or ``layout``,
    default ``layout``: how much of the offline engine's reading of a design a model engine gets,
    see ``converters.engines.grounding``), ``HANDOFF_REVISE`` (rounds of check and revise after a
    model's answer in the app, 0 to ``MAX_REVISE_ROUNDS``, default 1; see ``converters.revise``)
    ``HANDOFF_REVISE_PICTURE`` (``on``/``off``, default on: a check turn sends the model the picture
    of its render beside the feedback, about as many image tokens again as the design) and
    ``HANDOFF_MAX_COST_USD`` (no more revision rounds once a conversion has cost this much;
    default: no cap), ``FIGMA_TOKEN`` (a Figma personal access token for importing frames from
    Figma links; a ``Secret``) and ``FIGMA_API_BASE`` (the Figma REST API's base URL, default
    ``https://api.figma.com``; requests go to ``{base}/v1/...``: tests and proxies point it elsewhere),
    ``HANDOFF_TEAM_PASSWORD`` (one password for a team without an identity provider: set, the app
    asks everyone to sign in with it; a ``Secret``; see ``converters.access``).
    """

    engine: str = "offline"
    model: str | None = None
    moonshot_api_key: Secret | None = None
    moonshot_base_url: str = DEFAULT_MOONSHOT_BASE_URL
    openai_api_key: Secret | None = None
    openai_base_url: str | None = None
    kimi_thinking: bool = True
    timeout_s: float = 120.0
    data_dir: Path = field(default_factory=lambda: _default_data_dir({}))
    database_url: Secret | None = None
    limits: IntakeLimits = field(default_factory=IntakeLimits)
    key_endpoints: tuple[str, ...] = ()
    grounding: Grounding = Grounding.LAYOUT
    revise_rounds: int = 1
    revise_picture: bool = True
    max_cost_usd: float | None = None
    figma_token: Secret | None = None
    figma_api_base: str = DEFAULT_FIGMA_API_BASE
    team_password: Secret | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read settings from ``environ`` (default ``os.environ``); raises ``SettingsError``."""
        env = os.environ if environ is None else environ
        moonshot_key = _secret(env, "MOONSHOT_API_KEY")
        engine = _text(env, "HANDOFF_ENGINE") or ("kimi" if moonshot_key else "offline")
        if engine not in ENGINE_NAMES:
            raise SettingsError(
                f"HANDOFF_ENGINE is {engine!r}, which is not an engine Handoff has. "
                f"Use one of: {', '.join(ENGINE_NAMES)}."
            )
        defaults = IntakeLimits()
        limits = IntakeLimits(
            max_bytes=round(_positive(env, "HANDOFF_MAX_UPLOAD_MB", defaults.max_bytes / MB) * MB),
            max_pixels=round(_positive(env, "HANDOFF_MAX_MEGAPIXELS", defaults.max_pixels / 1e6) * 1e6),
            max_pdf_pages=round(_positive(env, "HANDOFF_MAX_PDF_PAGES", defaults.max_pdf_pages)),
        )
        data_dir = _text(env, "HANDOFF_DATA_DIR")
        return cls(
            engine=engine,
            model=_text(env, "HANDOFF_MODEL"),
            moonshot_api_key=moonshot_key,
            moonshot_base_url=_url(env, "MOONSHOT_BASE_URL") or DEFAULT_MOONSHOT_BASE_URL,
            openai_api_key=_secret(env, "OPENAI_API_KEY"),
            openai_base_url=_url(env, "OPENAI_BASE_URL"),
            kimi_thinking=_switch(env, "HANDOFF_KIMI_THINKING", default=True),
            timeout_s=_positive(env, "HANDOFF_TIMEOUT_S", 120.0),
            data_dir=Path(data_dir).expanduser() if data_dir else _default_data_dir(env),
            database_url=_secret(env, "HANDOFF_DATABASE_URL"),
            limits=limits,
            key_endpoints=_urls(env, "HANDOFF_KEY_ENDPOINTS"),
            grounding=_grounding(env),
            revise_rounds=_rounds(env),
            revise_picture=_switch(env, "HANDOFF_REVISE_PICTURE", default=True),
            max_cost_usd=_positive(env, "HANDOFF_MAX_COST_USD", 0.0) or None,
            figma_token=_secret(env, "FIGMA_TOKEN"),
            figma_api_base=_url(env, "FIGMA_API_BASE") or DEFAULT_FIGMA_API_BASE,
            team_password=_password(env, "HANDOFF_TEAM_PASSWORD"),
        )


MAX_REVISE_ROUNDS = 3
"""Most rounds of check and revise: each costs a model turn and a render; past three, the gain of a
round is rarely worth its cost (Design2Code's self-revision gained most in its first round)."""


def _rounds(env: Mapping[str, str]) -> int:
    raw = _text(env, "HANDOFF_REVISE")
    if raw is None:
        return 1
    if not raw.isdigit() or int(raw) > MAX_REVISE_ROUNDS:
        raise SettingsError(f"HANDOFF_REVISE is {raw!r}; use a whole number from 0 to {MAX_REVISE_ROUNDS}.")
    return int(raw)


def _grounding(env: Mapping[str, str]) -> Grounding:
    value = (_text(env, "HANDOFF_GROUNDING") or Grounding.LAYOUT.value).lower()
    try:
        return Grounding(value)
    except ValueError:
        choices = ", ".join(mode.value for mode in Grounding)
        raise SettingsError(f"HANDOFF_GROUNDING is {value!r}; use one of: {choices}.") from None


def _text(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def _secret(env: Mapping[str, str], name: str) -> Secret | None:
    value = _text(env, name)
    return Secret(value) if value else None


MIN_TEAM_PASSWORD_CHARS = 12
"""Shortest team password accepted: with sign-in rate-limited, 12 characters are far beyond guessing."""


def _password(env: Mapping[str, str], name: str) -> Secret | None:
    value = env.get(name, "")  # not stripped: spaces may be part of a password
    if not value.strip():
        return None
    if len(value) < MIN_TEAM_PASSWORD_CHARS:
        raise SettingsError(
            f"{name} is shorter than {MIN_TEAM_PASSWORD_CHARS} characters; choose a longer one "
            "(a passphrase of a few words is easy to share and hard to guess)."
        )
    return Secret(value)


def _url(env: Mapping[str, str], name: str) -> str | None:
    value = _text(env, name)
    if value is not None and not value.startswith(("http://", "https://")):
        raise SettingsError(f"{name} must be an http:// or https:// URL, e.g. https://api.example.com/v1.")
    return value.rstrip("/") if value else None


def _urls(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    raw = _text(env, name) or ""
    urls = tuple(part.rstrip("/") for part in raw.replace(",", " ").split())
    for url in urls:
        if not url.startswith(("http://", "https://")):
            raise SettingsError(
                f"{name} holds {url!r}; list http:// or https:// base URLs, e.g. https://llm.example.com/v1."
            )
    return urls


def _positive(env: Mapping[str, str], name: str, default: float) -> float:
    raw = _text(env, name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0 or value == float("inf"):
        raise SettingsError(f"{name} is {raw!r}; it must be a positive number.")
    return value


def _switch(env: Mapping[str, str], name: str, *, default: bool) -> bool:
    raw = _text(env, name)
    if raw is None:
        return default
    value = raw.lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} is {raw!r}; use on or off.")


def _default_data_dir(env: Mapping[str, str]) -> Path:
    xdg = _text(env, "XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "handoff"
