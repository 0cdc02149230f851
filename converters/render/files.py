"""The renderer's own HTTP server on 127.0.0.1: the vendored runtime, host pages, reference folders."""

from __future__ import annotations

import http.server
import logging
import mimetypes
import secrets
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from converters.preview import VENDOR_DIR

logger = logging.getLogger(__name__)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    pages: dict[str, bytes]
    folders: dict[str, Path]
    vendor: dict[str, bytes]


class _Handler(http.server.BaseHTTPRequestHandler):
    """``/vendor/<file>``, ``/host/<key>`` and ``/page/<key>/<path>``; 404 for anything else."""

    server: _Server

    def do_GET(self) -> None:
        found = self._find(unquote(self.path.split("?", 1)[0].split("#", 1)[0]))
        if found is None:
            self._send(404, "text/plain; charset=utf-8", b"not found")
        else:
            self._send(200, *found)

    def _find(self, path: str) -> tuple[str, bytes] | None:
        parts = path.split("/", 3)  # "", "vendor"|"host"|"page", name or key, rest
        if len(parts) == 3 and parts[1] == "vendor":
            name = parts[2]
            if name not in self.server.vendor:
                file = VENDOR_DIR / name
                if "/" in name or name.startswith(".") or not file.is_file():
                    return None
                self.server.vendor[name] = file.read_bytes()
            return _content_type(name), self.server.vendor[name]
        if len(parts) == 3 and parts[1] == "host" and parts[2] in self.server.pages:
            return "text/html; charset=utf-8", self.server.pages[parts[2]]
        if len(parts) == 4 and parts[1] == "page" and parts[2] in self.server.folders:
            folder = self.server.folders[parts[2]]
            file = (folder / parts[3]).resolve()
            if file.is_relative_to(folder) and file.is_file():
                return _content_type(file.name), file.read_bytes()
        return None

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")  # the runtime's <script crossorigin> from "null"
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("render server: " + format, *args)


class FileServer:
    """The renderer's HTTP server on a free port of 127.0.0.1, in a daemon thread."""

    def __init__(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.pages, self._server.folders, self._server.vendor = {}, {}, {}
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="handoff-render-http")
        self._thread.daemon = True
        self._thread.start()

    def share_page(self, document: str) -> str:
        key = secrets.token_hex(8)
        self._server.pages[key] = document.encode("utf-8")
        return key

    def share_folder(self, folder: Path) -> str:
        key = secrets.token_hex(8)
        self._server.folders[key] = folder.resolve()
        return key

    def forget(self, key: str) -> None:
        self._server.pages.pop(key, None)
        self._server.folders.pop(key, None)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def _content_type(name: str) -> str:
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if guessed == "application/javascript":
        guessed = "text/javascript"
    return guessed + ("; charset=utf-8" if guessed.startswith("text/") else "")
