"""The renderer's HTTP server on 127.0.0.1: the vendored runtime, host pages, reference folders.

It is also the scoring browser's only way out. Chromium is started with this server as its HTTP
proxy for every destination, loopback included, so every request the browser makes arrives here,
whether Playwright's routing saw it or not (a speculation-rules prefetch, a TURN-over-TCP
``CONNECT``, a request of a sandboxed frame in its own process). The server answers the requests
addressed to itself and refuses all others (403), recording them in ``refused``.
"""

from __future__ import annotations

import http.server
import logging
import mimetypes
import secrets
import threading
from collections import deque
from pathlib import Path
from typing import Any, Final
from urllib.parse import unquote, urlsplit

from converters.preview import VENDOR_DIR

logger = logging.getLogger(__name__)

REFUSED_KEPT: Final = 200
"""Refused requests remembered (the newest); enough for any one render, bounded for a flood."""


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    pages: dict[str, tuple[bytes, str]]
    folders: dict[str, Path]
    vendor: dict[str, bytes]
    own_origin: str
    refused: deque[str]
    refused_total: int
    lock: threading.Lock


class _Handler(http.server.BaseHTTPRequestHandler):
    """``/vendor/<file>``, ``/host/<key>`` and ``/page/<key>/<path>``; 404 for anything else of its
    own, 403 for requests to any other destination (this server is the browser's proxy)."""

    server: _Server

    def do_GET(self) -> None:
        path = self._own_path()
        if path is None:
            self._refuse()
            return
        found = self._find(unquote(path.split("?", 1)[0].split("#", 1)[0]))
        if found is None:
            self._send(404, "text/plain; charset=utf-8", b"not found")
        else:
            self._send(200, *found)

    def do_CONNECT(self) -> None:  # HTTPS, WebSockets over TLS, TURN over TCP: never
        self._refuse()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_CONNECT

    def _own_path(self) -> str | None:
        """The path of a request addressed to this server, in either form a browser sends it:
        ``/path`` (direct) or ``http://127.0.0.1:port/path`` (through its proxy)."""
        if self.path.startswith("/"):
            return self.path
        parts = urlsplit(self.path)
        if f"{parts.scheme}://{parts.netloc}" != self.server.own_origin:
            return None
        return parts.path or "/"

    def _refuse(self) -> None:
        what = self.path if self.command != "CONNECT" else f"CONNECT {self.path}"
        with self.server.lock:
            self.server.refused.append(what)
            self.server.refused_total += 1
        logger.debug("render server refused %s %s", self.command, self.path)
        self._send(403, "text/plain; charset=utf-8", b"refused")

    def _find(self, path: str) -> tuple[str, bytes, str] | None:
        parts = path.split("/", 3)  # "", "vendor"|"host"|"page", name or key, rest
        if len(parts) == 3 and parts[1] == "vendor":
            name = parts[2]
            if name not in self.server.vendor:
                file = VENDOR_DIR / name
                if "/" in name or name.startswith(".") or not file.is_file():
                    return None
                self.server.vendor[name] = file.read_bytes()
            return _content_type(name), self.server.vendor[name], ""
        if len(parts) == 3 and parts[1] == "host" and parts[2] in self.server.pages:
            body, policy = self.server.pages[parts[2]]
            return "text/html; charset=utf-8", body, policy
        if len(parts) == 4 and parts[1] == "page" and parts[2] in self.server.folders:
            folder = self.server.folders[parts[2]]
            file = (folder / parts[3]).resolve()
            if file.is_relative_to(folder) and file.is_file():
                return _content_type(file.name), file.read_bytes(), ""
        return None

    def _send(self, status: int, content_type: str, body: bytes, policy: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")  # the runtime's <script crossorigin> from "null"
        self.send_header("Cache-Control", "no-store")
        if policy:
            # From the first byte, before any markup of the page is parsed (a <meta> policy only
            # applies from where it stands).
            self.send_header("Content-Security-Policy", policy)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("render server: " + format, *args)


class FileServer:
    """The renderer's HTTP server (and its browser's proxy) on a free port of 127.0.0.1."""

    def __init__(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.pages, self._server.folders, self._server.vendor = {}, {}, {}
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._server.own_origin = self.base
        self._server.refused = deque(maxlen=REFUSED_KEPT)
        self._server.refused_total = 0
        self._server.lock = threading.Lock()
        self._thread = threading.Thread(target=self._server.serve_forever, name="handoff-render-http")
        self._thread.daemon = True
        self._thread.start()

    def share_page(self, document: str, *, policy: str = "") -> str:
        """Serve ``document`` at ``/host/<key>`` (with ``policy`` as its Content-Security-Policy
        header, if given) until ``forget(key)``; returns the key."""
        key = secrets.token_hex(8)
        self._server.pages[key] = (document.encode("utf-8"), policy)
        return key

    def share_folder(self, folder: Path) -> str:
        key = secrets.token_hex(8)
        self._server.folders[key] = folder.resolve()
        return key

    def forget(self, key: str) -> None:
        self._server.pages.pop(key, None)
        self._server.folders.pop(key, None)

    def refused_since(self, mark: int) -> tuple[list[str], int]:
        """Requests refused after ``mark`` (a count this method returned before), and the new mark."""
        with self._server.lock:
            total = self._server.refused_total
            fresh = min(total - mark, len(self._server.refused))
            recent = list(self._server.refused)[len(self._server.refused) - fresh :] if fresh > 0 else []
            return recent, total

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def _content_type(name: str) -> str:
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if guessed == "application/javascript":
        guessed = "text/javascript"
    return guessed + ("; charset=utf-8" if guessed.startswith("text/") else "")
