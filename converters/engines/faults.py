"""Translate the openai SDK's exceptions into Handoff's errors, in words a user can act on.

This is the one place SDK exceptions are caught and re-raised; nothing else in Handoff knows
the SDK's exception classes. Every message built from server text is scrubbed of the API key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import openai

from converters.errors import (
    AuthenticationError,
    ContextTooLongError,
    EngineConnectionError,
    EngineError,
    EngineTimeoutError,
    ModelNotFoundError,
    RateLimitError,
    RequestRejectedError,
    ServerError,
)

_CONTEXT_WORDS = re.compile(r"context[ _]length|maximum context|too many tokens|token limit|too long", re.I)
_TEMPERATURE_WORDS = re.compile(r"temperature", re.I)


@dataclass(frozen=True)
class FaultContext:
    """What a message needs to be specific: who was asked, for what, and how hard we tried."""

    engine_label: str  # "Kimi (Moonshot)" or "the endpoint at http://…"
    base_url: str
    model: str
    key_hint: str  # where the key comes from, e.g. "MOONSHOT_API_KEY or the Settings page"
    secret: str | None
    retries: int
    waited_s: float = 0.0
    attempts: int = 1


def scrub(text: str, secret: str | None) -> str:
    """``text`` with the key (and any bearer token) replaced, shortened to one readable line."""
    if secret:
        text = text.replace(secret, "***")
    text = re.sub(r"(?i)bearer\s+\S+", "Bearer ***", text)
    text = " ".join(text.split()).rstrip(".")  # messages add their own punctuation
    return text if len(text) <= 300 else text[:297] + "..."


def is_temperature_rejection(exc: Exception) -> bool:
    """A 400 whose complaint is the temperature (e.g. "only 1 is allowed for this model")."""
    if not isinstance(exc, openai.BadRequestError):
        return False
    param = _error_field(exc, "param")
    return param == "temperature" or bool(_TEMPERATURE_WORDS.search(_server_message(exc)))


def translate(
    exc: Exception, ctx: FaultContext, list_models: Callable[[], list[str]] | None = None
) -> EngineError:
    """The Handoff error for an SDK exception raised while asking ``ctx``'s endpoint."""
    who, model = ctx.engine_label, ctx.model
    reason = scrub(_server_message(exc), ctx.secret)
    if isinstance(exc, openai.AuthenticationError):
        return AuthenticationError(
            f"{who} refused the API key (401: {reason}). Check {ctx.key_hint} and try again."
        )
    if isinstance(exc, openai.PermissionDeniedError):
        return AuthenticationError(
            f"{who} does not allow this key to use {model} (403: {reason}). "
            f"Use a key with access to the model, or pick another model."
        )
    if isinstance(exc, openai.NotFoundError):
        available = _safe_list(list_models)
        if available:
            return ModelNotFoundError(
                f"{who} has no model {model!r}. Available models: {', '.join(available[:20])}"
                f"{' …' if len(available) > 20 else ''}. Choose one of them.",
                tuple(available),
            )
        return ModelNotFoundError(
            f"{_with_url(ctx)} answered 404 for model {model!r} ({reason}). Check the model id and "
            "the base URL.",
        )
    if isinstance(exc, openai.RateLimitError):
        if _error_field(exc, "code") == "insufficient_quota" or "quota" in reason.lower():
            return RateLimitError(
                f"{who} says the account has no quota left ({reason}). Add credit or use another key.",
                ctx.waited_s,
            )
        return RateLimitError(
            f"{who} is still rate-limiting requests (429) after {ctx.retries} retries; Handoff waited "
            f"{ctx.waited_s:.1f} s as the server asked. Wait a minute and try again, or run fewer "
            "variants at once.",
            ctx.waited_s,
        )
    if isinstance(exc, openai.BadRequestError):
        if _error_field(exc, "code") == "context_length_exceeded" or _CONTEXT_WORDS.search(reason):
            return ContextTooLongError(
                f"The design and prompt are too large for {model} ({reason}). Crop the design to "
                "one screen, or choose a model with a larger context window."
            )
        return RequestRejectedError(f"{who} rejected the request (400: {reason}).")
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status >= 500:
            return ServerError(
                f"{who} had a server error ({status}) on {ctx.attempts} attempts. The service may "
                "be overloaded or down; try again in a few minutes."
            )
        return RequestRejectedError(f"{who} rejected the request ({status}: {reason}).")
    if isinstance(exc, openai.APITimeoutError):
        return EngineTimeoutError(
            f"{who} did not answer in time (after {ctx.attempts} attempts). The service may be busy; "
            "try again, or raise the timeout on the Settings page."
        )
    if isinstance(exc, openai.APIConnectionError):
        cause = scrub(str(exc.__cause__ or exc), ctx.secret)
        return EngineConnectionError(
            f"Could not reach {_with_url(ctx)} ({cause}). Check the base URL and the network."
        )
    return EngineError(f"{who} failed: {scrub(str(exc), ctx.secret)}")


def _with_url(ctx: FaultContext) -> str:
    """The engine and its base URL, naming the URL once ("the endpoint at …" already does)."""
    if ctx.base_url in ctx.engine_label:
        return ctx.engine_label
    return f"{ctx.engine_label} at {ctx.base_url}"


def _server_message(exc: Exception) -> str:
    message = _error_field(exc, "message")
    return message if isinstance(message, str) and message else str(exc)


def _error_field(exc: Exception, name: str) -> object:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict):
            return inner.get(name)
    return None


def _safe_list(list_models: Callable[[], list[str]] | None) -> list[str]:
    if list_models is None:
        return []
    try:
        return sorted(list_models())
    except (openai.OpenAIError, EngineError):
        return []
