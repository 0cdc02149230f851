"""A fake of Figma's REST API over real HTTP on 127.0.0.1, serving fixture files.

Point ``FIGMA_API_BASE`` (``Settings.figma_api_base``) at ``server.base_url``::

    with FakeFigmaServer() as server:
        server.add(load_fixture("auto-layout-card"))
        design = import_figma_frame(fixture.link, Secret(FIGMA_TEST_TOKEN), settings)

Endpoints, as Figma documents them (answers validate against ``@figma/rest-api-spec``):

- ``GET /v1/files/KEY/nodes?ids=ID[&depth=N]``: ``{name, role, lastModified, editorType,
  thumbnailUrl, version, nodes: {ID: {document, components, ...} | null}}``; children below
  ``depth`` are left out (an empty ``children``), as Figma does.
- ``GET /v1/images/KEY?ids=ID&format=png&scale=S``: ``{"err": null, "images": {ID: URL}}`` where
  URL is ``/pictures/KEY/ID.png`` on this server (Figma's is a storage host; the picture is the
  fixture's 2x PNG whatever the scale).
- A wrong ``X-Figma-Token`` gets 403 ``{"status": 403, "err": "Invalid token"}``; an unknown key
  404 ``{"status": 404, "err": "Not found"}``.

``fail(kind, Fault(...))`` makes the next request of a kind (``nodes``, ``images``, ``picture``)
answer with a scripted status, headers and body (or a stalled or huge body) instead. Every request
is recorded (``requests``), with its headers, so tests can check the token went only to the API.
"""

from __future__ import annotations

import contextlib
import copy
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Literal
from urllib.parse import parse_qs, urlsplit

FIGMA_TEST_TOKEN: Final = "figd_test-token-0123456789abcdef-never-shown"
FIXTURES: Final = Path(__file__).resolve().parents[1] / "fixtures" / "figma"
Kind = Literal["nodes", "images", "picture"]


@dataclass(frozen=True)
class FigmaFixture:
    """One fixture: the file it lives in, the frame's node id, the ``GET nodes`` answer (``nodes``,
    a full answer for that one node) and the frame's picture at 2x (PNG)."""

    name: str
    file_key: str
    node_id: str
    answer: dict[str, Any] = field(repr=False)
    picture: bytes = field(repr=False)
    source: str = ""
    reference_html: str | None = None

    @property
    def link(self) -> str:
        """The frame's link as Figma's Copy link to selection writes it."""
        return (
            f"https://www.figma.com/design/{self.file_key}/Fixture?node-id={self.node_id.replace(':', '-')}"
        )


def fixture_names() -> list[str]:
    return [entry["name"] for entry in json.loads((FIXTURES / "index.json").read_text())]


def load_fixture(name: str) -> FigmaFixture:
    """A committed fixture of ``tests/fixtures/figma`` by name (see its ``index.json``)."""
    entry = next(e for e in json.loads((FIXTURES / "index.json").read_text()) if e["name"] == name)
    folder = FIXTURES / name
    return FigmaFixture(
        name=name,
        file_key=entry["file_key"],
        node_id=entry["node_id"],
        answer=json.loads((folder / "nodes.json").read_text()),
        picture=(folder / "picture.png").read_bytes(),
        source=entry.get("source", ""),
        reference_html=entry.get("reference_html"),
    )


@dataclass(frozen=True)
class Fault:
    """A scripted answer: ``status`` with ``headers`` and ``body`` (bytes; default Figma's error
    JSON), or ``huge_bytes`` of a valid-looking JSON body sent in chunks with no length, or a
    ``stall_s`` before the status line."""

    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    huge_bytes: int = 0
    stall_s: float = 0.0


@dataclass(frozen=True)
class SeenRequest:
    kind: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]


class FakeFigmaServer:
    """See the module docstring. ``token`` is the one personal access token it accepts."""

    def __init__(self, token: str = FIGMA_TEST_TOKEN) -> None:
        self.token = token
        self.files: dict[str, list[FigmaFixture]] = defaultdict(list)
        self.requests: list[SeenRequest] = []
        self._faults: dict[str, deque[Fault]] = defaultdict(deque)
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.version_of: dict[str, str] = {}
        """File key -> the version served (default: the fixture's); set it to "edit" a file."""

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "start the server first"
        return f"http://127.0.0.1:{self._httpd.server_port}"

    def add(self, fixture: FigmaFixture) -> FigmaFixture:
        self.files[fixture.file_key].append(fixture)
        return fixture

    def fail(self, kind: Kind, *faults: Fault) -> None:
        with self._lock:
            self._faults[kind].extend(faults)

    def count(self, kind: Kind) -> int:
        return sum(request.kind == kind for request in self.requests)

    def start(self) -> FakeFigmaServer:
        server = self

        class Handler(_Handler):
            fake = server

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        httpd.daemon_threads = True
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-figma", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None and self._thread is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join()
        self._httpd = self._thread = None

    def __enter__(self) -> FakeFigmaServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    def _next_fault(self, kind: str) -> Fault | None:
        with self._lock:
            queue = self._faults[kind]
            return queue.popleft() if queue else None

    def _fixture(self, key: str, node_id: str) -> FigmaFixture | None:
        return next((f for f in self.files.get(key, []) if f.node_id == node_id), None)

    def nodes_answer(self, key: str, node_id: str, depth: int | None) -> dict[str, Any] | None:
        fixtures = self.files.get(key)
        if not fixtures:
            return None
        found = self._fixture(key, node_id)
        answer = copy.deepcopy(found.answer if found is not None else fixtures[0].answer)
        answer["version"] = self.version_of.get(key, answer["version"])
        if found is None:
            answer["nodes"] = {node_id: None}  # what Figma answers for an id the file lacks
        elif depth is not None:
            _cut(answer["nodes"][node_id]["document"], depth)
        return answer


def _cut(node: dict[str, Any], depth: int) -> None:
    """Leave out children more than ``depth`` levels below ``node`` (Figma's ``depth``; the
    specification requires ``children`` on frames, so they stay, empty)."""
    if "children" not in node:
        return
    if depth <= 0:
        node["children"] = []
        return
    for child in node["children"]:
        _cut(child, depth - 1)


class _Handler(BaseHTTPRequestHandler):
    fake: FakeFigmaServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the test's output stays quiet

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {name: values[0] for name, values in parse_qs(parts.query).items()}
        segments = [s for s in parts.path.split("/") if s]
        kind = "other"
        if len(segments) == 4 and segments[:2] == ["v1", "files"] and segments[3] == "nodes":
            kind = "nodes"
        elif len(segments) == 3 and segments[:2] == ["v1", "images"]:
            kind = "images"
        elif len(segments) == 3 and segments[0] == "pictures":
            kind = "picture"
        headers = {name.lower(): value for name, value in self.headers.items()}
        self.fake.requests.append(SeenRequest(kind, parts.path, query, headers))
        fault = self.fake._next_fault(kind)
        if fault is not None:
            self._fault(fault)
            return
        if kind == "picture":
            fixture = self.fake._fixture(segments[1], segments[2].removesuffix(".png").replace("-", ":"))
            if fixture is None:
                self._send(404, b"<Error>NoSuchKey</Error>", "application/xml")
            else:
                self._send(200, fixture.picture, "image/png")
            return
        if kind == "other":
            self._error(404, "Not found")
            return
        if headers.get("x-figma-token") != self.fake.token:
            self._error(403, "Invalid token")
            return
        key, node_id = segments[2], query.get("ids", "")
        if kind == "nodes":
            depth = int(query["depth"]) if query.get("depth", "").isdigit() else None
            answer = self.fake.nodes_answer(key, node_id, depth)
            if answer is None:
                self._error(404, "Not found")
            else:
                self._send(200, json.dumps(answer).encode(), "application/json")
            return
        if not self.fake.files.get(key):
            self._error(404, "Not found")
            return
        found = self.fake._fixture(key, node_id)
        url = f"{self.fake.base_url}/pictures/{key}/{node_id.replace(':', '-')}.png" if found else None
        self._send(200, json.dumps({"err": None, "images": {node_id: url}}).encode(), "application/json")

    def _fault(self, fault: Fault) -> None:
        if fault.stall_s:
            time.sleep(fault.stall_s)
        if fault.huge_bytes:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            piece = b'{"pad": "' + b"x" * 65_000 + b'"},'
            with contextlib.suppress(OSError):  # the client hangs up once it has read its cap
                self._chunk(b'{"nodes": [')
                for _ in range(fault.huge_bytes // len(piece) + 1):
                    self._chunk(piece)
                self._chunk(b"{}]}")
                self._chunk(b"")
            self.close_connection = True
            return
        body = fault.body
        if body is None:
            body = json.dumps({"status": fault.status, "err": f"fault {fault.status}"}).encode()
        self._send(fault.status, body, "application/json", fault.headers)

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")

    def _error(self, status: int, message: str) -> None:
        self._send(status, json.dumps({"status": status, "err": message}).encode(), "application/json")

    def _send(self, status: int, body: bytes, mime: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", mime)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)
