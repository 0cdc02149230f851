"""A small client of Figma's REST API: a node's JSON, the URL of its picture, the picture.

Only what an import needs: ``GET {base}/v1/files/KEY/nodes?ids=ID&depth=N`` and
``GET {base}/v1/images/KEY?ids=ID&format=png&scale=S``, then the picture from the URL that
answer gives (a storage host: the token is never sent there). The token goes in the
``X-Figma-Token`` header and nowhere else: not in a URL, a log line or a message (every message
built from an answer is scrubbed of it). Every failure is one of the ``FigmaError`` types, with the
``httpx2`` exception chained. Bodies are read as a stream and refused past a size cap, so a huge
file costs no more than the cap.
"""

from __future__ import annotations

import email.utils
import json
import logging
import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Final

import httpx2

from converters.errors import (
    FigmaConnectionError,
    FigmaNotFoundError,
    FigmaRateLimitError,
    FigmaResponseError,
    FigmaTokenError,
    FigmaTooLargeError,
)
from converters.settings import Secret

logger = logging.getLogger(__name__)

MAX_JSON_BYTES: Final = 32 * 1024 * 1024
"""Most bytes of a node's JSON read: a screen's frame is well under a few MB; more is a whole page
of frames, or a file Handoff should not hold in memory."""
MAX_PICTURE_BYTES: Final = 64 * 1024 * 1024
"""Most bytes of a picture downloaded: a 2x PNG of a long page is ~10-20 MB."""
MAX_ERROR_BYTES: Final = 4096
"""Of an error's body only this much is read: enough for Figma's ``err`` text."""
CONNECT_TIMEOUT_S: Final = 10.0
READ_TIMEOUT_S: Final = 60.0
"""Figma renders a picture while the images call waits: a long page takes tens of seconds."""
RATE_LIMIT_RETRIES: Final = 1
"""Retries after a 429 whose wait is short; a longer wait is the user's to decide."""
MAX_RETRY_WAIT_S: Final = 5.0
"""A ``Retry-After`` up to this is waited out in place; above it the import stops and says when."""
TOKEN_HELP: Final = (
    "Make a personal access token in Figma (Settings > Security > Personal access tokens, with the "
    "File content scope, read-only) and paste it here, or set FIGMA_TOKEN."
)
_SHOWN_ERR_CHARS: Final = 200


class FigmaApi:
    """Figma's REST API at ``base_url`` (``{base_url}/v1/...``) with ``token``. A context manager:
    ``close()`` releases the connections."""

    def __init__(
        self,
        token: Secret,
        *,
        base_url: str,
        max_json_bytes: int | None = None,
        max_picture_bytes: int | None = None,
    ) -> None:
        self._token = token
        self.base_url = base_url.rstrip("/")
        self.max_json_bytes = max_json_bytes or MAX_JSON_BYTES
        self.max_picture_bytes = max_picture_bytes or MAX_PICTURE_BYTES
        timeout = httpx2.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S)
        self._client = httpx2.Client(timeout=timeout, follow_redirects=False)
        # The picture's host is another server: a client of its own, without the token.
        self._downloads = httpx2.Client(timeout=timeout, follow_redirects=True)

    def __enter__(self) -> FigmaApi:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()
        self._downloads.close()

    def file_nodes(self, file_key: str, node_id: str, *, depth: int) -> dict[str, Any]:
        """The answer of ``GET /v1/files/KEY/nodes?ids=ID&depth=N`` as JSON (an object)."""
        params = {"ids": node_id, "depth": str(depth)}
        return self._json(f"/v1/files/{file_key}/nodes", params, what=f"the file {file_key}")

    def picture_url(self, file_key: str, node_id: str, *, version: str, scale: int) -> str:
        """The URL Figma gives for a PNG of the node at ``scale`` (``GET /v1/images/KEY``)."""
        params = {"ids": node_id, "format": "png", "scale": str(scale), "version": version}
        answer = self._json(f"/v1/images/{file_key}", params, what=f"the file {file_key}")
        images = answer.get("images")
        url = images.get(node_id) if isinstance(images, dict) else None
        if answer.get("err"):
            raise FigmaResponseError(
                f"Figma could not render the frame's picture: {self._shown(answer['err'])}. Try again later."
            )
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise FigmaResponseError(
                "Figma rendered no picture of the frame (it may be empty or invisible). "
                "Check that the frame shows something in Figma, then import it again."
            )
        return url

    def download_picture(self, url: str) -> bytes:
        """The bytes at ``url`` (the picture's host), at most ``max_picture_bytes``."""
        try:
            with self._downloads.stream("GET", url) as response:
                if response.status_code != 200:
                    raise FigmaResponseError(
                        f"The frame's picture could not be downloaded (HTTP {response.status_code}). "
                        "Import it again; Figma's picture links expire after a while."
                    )
                return self._body(response, self.max_picture_bytes, "The frame's picture")
        except httpx2.TimeoutException as exc:
            raise FigmaConnectionError(
                "Downloading the frame's picture timed out. Check the connection and import it again."
            ) from exc
        except httpx2.HTTPError as exc:
            raise FigmaConnectionError(
                "The host of the frame's picture could not be reached. Check the connection and "
                "import it again."
            ) from exc

    def _json(self, path: str, params: Mapping[str, str], *, what: str) -> dict[str, Any]:
        for attempt in range(RATE_LIMIT_RETRIES + 1):
            body, wait = self._get(path, params, what=what)
            if body is not None:
                try:
                    value = json.loads(body)
                except (UnicodeDecodeError, ValueError) as exc:
                    raise FigmaResponseError(
                        f"Figma's API at {self.base_url} answered with something that is not JSON. "
                        "If FIGMA_API_BASE is set, check that it names the Figma API; else try again later."
                    ) from exc
                if not isinstance(value, dict):
                    raise FigmaResponseError(f"Figma's API answered {path} with JSON that is not an object.")
                return value
            if wait is not None and wait <= MAX_RETRY_WAIT_S and attempt < RATE_LIMIT_RETRIES:
                logger.info("figma: 429 on %s, retrying in %.1f s", path, wait)
                wait_out(wait)
                continue
            raise _rate_limited(wait)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _get(self, path: str, params: Mapping[str, str], *, what: str) -> tuple[bytes | None, float | None]:
        """The body of a 200 answer, or ``(None, Retry-After)`` for a 429; raises for the rest."""
        headers = {"X-Figma-Token": self._token.reveal(), "Accept": "application/json"}
        url = self.base_url + path
        try:
            with self._client.stream("GET", url, params=params, headers=headers) as response:
                status = response.status_code
                logger.info("figma: GET %s -> %d", path, status)
                if status == 200:
                    return self._body(response, self.max_json_bytes, "The frame's JSON"), None
                detail = self._error_text(response)
                if status == 429:
                    return None, _retry_after(response.headers.get("retry-after"))
        except httpx2.TimeoutException as exc:
            raise FigmaConnectionError(
                f"Figma's API at {self.base_url} did not answer in time. Check the connection and try "
                "again; a large frame can take Figma a while to render."
            ) from exc
        except httpx2.HTTPError as exc:
            raise FigmaConnectionError(
                f"Figma's API at {self.base_url} could not be reached ({type(exc).__name__}). Check the "
                "connection (and FIGMA_API_BASE, if it is set), then try again."
            ) from exc
        said = f": {detail}" if detail else ""
        if status in (401, 403):
            raise FigmaTokenError(
                f"Figma refused the access token (HTTP {status}{said}): it is wrong, expired or revoked, "
                f"or lacks the File content scope. {TOKEN_HELP}"
            )
        if status == 404:
            raise FigmaNotFoundError(
                f"Figma has no {what}, or the token's account cannot open it (HTTP 404{said}). Check the "
                "link, and that the file is shared with the account that made the token."
            )
        if status >= 500:
            raise FigmaResponseError(
                f"Figma's API failed on its side (HTTP {status}{said}). Try again in a minute."
            )
        raise FigmaResponseError(f"Figma's API refused the request (HTTP {status}{said}).")

    def _body(self, response: httpx2.Response, cap: int, what: str) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise _too_large(what, cap)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > cap:  # counted after decompression: a small gzip cannot unpack past the cap
                raise _too_large(what, cap)
            chunks.append(chunk)
        return b"".join(chunks)

    def _error_text(self, response: httpx2.Response) -> str:
        """Figma's ``err`` (or ``message``) of an error answer, short and without the token."""
        raw = b""
        for chunk in response.iter_bytes():
            raw += chunk
            if len(raw) >= MAX_ERROR_BYTES:
                break
        try:
            value = json.loads(raw[:MAX_ERROR_BYTES])
        except (UnicodeDecodeError, ValueError):
            return ""
        text = value.get("err") or value.get("message") if isinstance(value, dict) else None
        return self._shown(text) if isinstance(text, str) else ""

    def _shown(self, text: object) -> str:
        """``text`` as it may appear in a message: short, and never the token."""
        shown = " ".join(str(text).split())[:_SHOWN_ERR_CHARS]
        secret = self._token.reveal()
        return shown.replace(secret, "********") if secret else shown


def wait_out(seconds: float) -> None:
    """Wait out a short ``Retry-After`` (a module function, so tests can replace it)."""
    time.sleep(seconds)


def _too_large(what: str, cap: int) -> FigmaTooLargeError:
    return FigmaTooLargeError(
        f"{what} is larger than {cap // (1024 * 1024)} MB, more than Handoff reads. Link a single screen's "
        "frame rather than a page of them, or split the frame."
    )


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (seconds or an HTTP date), ``None`` if absent or bad."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _rate_limited(wait: float | None) -> FigmaRateLimitError:
    if wait is None:
        return FigmaRateLimitError(
            "Figma is limiting this token's requests (HTTP 429) and did not say for how long. "
            "Wait a minute, then import again.",
            None,
        )
    at = (datetime.now(UTC) + timedelta(seconds=wait)).strftime("%H:%M:%S UTC")
    return FigmaRateLimitError(
        f"Figma is limiting this token's requests (HTTP 429): try again in {wait:.0f} s (after {at}).",
        wait,
    )
