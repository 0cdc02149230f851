"""A scripted fake of an OpenAI-compatible chat API, served over real HTTP on 127.0.0.1.

Point the official ``openai`` SDK (or anything else) at ``server.base_url``; each
``POST /v1/chat/completions`` consumes the next scripted ``Reply`` or ``ErrorReply``::

    with FakeOpenAIServer() as server:
        server.script(ErrorReply(429, headers={"Retry-After": "1"}), Reply("<div>hi</div>"))
        client = openai.OpenAI(base_url=server.base_url, api_key="test-key")
        ...
        assert server.chat_requests()[0].body["model"] == "kimi-k2.5"

Endpoints:

- ``POST /v1/chat/completions``: one JSON ``chat.completion``, or Server-Sent Events in OpenAI's
  chunk format when the body has ``"stream": true``. A ``model`` not in ``models`` gets 404
  ``model_not_found`` without consuming the script; an empty script gets 500.
- ``GET /v1/models``: OpenAI's list format over ``models``.
- Anything else: 404 in OpenAI's error format.

Limits: stdlib only; HTTP/1.1 without TLS; streaming bodies use chunked transfer encoding so that
a scripted cut shows up in the client as an incomplete body. Handler threads are daemons and every
delay waits on a stop event, so ``stop()`` returns promptly even while a reply is stalling.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import socketserver
import sys
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Final, cast
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

JsonObject = dict[str, Any]

CHAT_PATH: Final = "/v1/chat/completions"
MODELS_PATH: Final = "/v1/models"
NO_REPLY_LEFT: Final = "fake server: no scripted reply left"
_STOP_TIMEOUT_S: Final = 2.0
HOLD_LIMIT_S: Final = 120.0
"""A held stream carries on by itself after this long, so a test that never releases it fails on
its own assertion instead of hanging the suite."""


def _default_usage() -> JsonObject:
    return {"prompt_tokens": 1000, "completion_tokens": 500, "total_tokens": 1500}


@dataclass(frozen=True)
class RecordedRequest:
    """One HTTP request the server received, recorded before it was answered.

    ``headers`` has lower-cased names (the last value wins for repeated headers). ``body`` is the
    parsed JSON body when it is a JSON object, else ``None``. ``received_at`` is ``time.monotonic()``
    in seconds, taken when the request line had been read.
    """

    method: str
    path: str
    headers: dict[str, str]
    body: JsonObject | None
    received_at: float


@dataclass(frozen=True)
class ToolCall:
    """One scripted call of a tool: the function ``name``, its ``arguments`` as raw text (so a
    test can send malformed JSON) and the call's ``id`` (empty: ``call_<n>_<index>``, with ``n``
    the completion's number)."""

    name: str
    arguments: str
    id: str = ""


@dataclass(frozen=True)
class Reply:
    """One scripted answer to one chat-completions request.

    Served as SSE when the request has ``"stream": true``, else as one JSON ``chat.completion``
    whose message carries ``content`` and, when ``reasoning`` is set, ``reasoning_content``, and,
    when ``tool_calls`` is set, ``tool_calls`` (``content`` then ``null`` if empty).

    Streaming order, as OpenAI and Kimi send it: a role chunk (``{"role": "assistant",
    "content": ""}``), the ``reasoning`` text as ``delta.reasoning_content`` chunks, the ``content``
    text as ``delta.content`` chunks (or ``refusal`` as ``delta.refusal`` chunks), the tool calls, a
    chunk with an empty delta and ``finish_reason``, a usage chunk (``"choices": []``), then
    ``data: [DONE]``. Each tool call streams as OpenAI's do: a first ``delta.tool_calls`` chunk
    with its ``index``, ``id``, ``"type": "function"``, the function's ``name`` and empty
    ``arguments``, then its arguments in ``chunk_chars`` pieces (``{"index": i, "function":
    {"arguments": piece}}``).

    Fields:

    - ``tool_calls``: ``ToolCall``s the reply makes, in order (their index is their place).
    - ``finish_reason``: ``None`` sends no finish_reason chunk at all. With ``tool_calls``, the
      default ``"stop"`` is sent as ``"tool_calls"``, as OpenAI and Kimi do; any other value is
      sent as given.
    - ``usage``: sent as the final usage chunk only if the request asked for
      ``stream_options.include_usage``; always in a JSON reply. ``None`` sends no usage at all.
    - ``chunk_chars``: characters of text per reasoning/content/refusal delta chunk (>= 1).
    - ``chunk_delay_s``: seconds to sleep before each text chunk.
    - ``first_byte_delay_s``: seconds to sleep before the status line (streaming and JSON).
    - ``cut_after_chunks``: streaming only. After N text chunks (reasoning, content, refusal and
      tool-call chunks all count; the role chunk does not; N above the number of text chunks means after the
      last one) the server closes the socket without the terminating chunk, the finish_reason
      chunk or ``[DONE]``. Iterating the ``openai`` v3 SDK's stream then raises
      ``openai.APIConnectionError`` ("Connection error.") whose ``__cause__`` is
      ``httpx2.RemoteProtocolError`` ("peer closed connection without sending complete message
      body (incomplete chunked read)"); the chunks before the cut arrive normally.
    - ``stall_after_chunks`` / ``stall_s``: streaming only. After N text chunks (counted and
      clamped as for the cut) the server sleeps ``stall_s`` seconds, then carries on. With a client
      read timeout shorter than the stall, iterating the ``openai`` v3 SDK's stream raises
      ``openai.APITimeoutError`` (a subclass of ``openai.APIConnectionError``) whose
      ``__cause__`` is ``httpx2.ReadTimeout``; a ``first_byte_delay_s`` longer than the read
      timeout makes ``create()`` itself raise the same ``openai.APITimeoutError``.
    - ``hold_after_chunks``: streaming only. After N text chunks (counted and clamped as for the
      cut) the server waits until the test calls ``FakeOpenAIServer.release()`` (or
      ``HOLD_LIMIT_S`` passes), then carries on: what a client shows mid-stream stays on screen for
      as long as the test needs to look, however loaded the machine.
    - ``refusal``: when set, sent as ``delta.refusal`` chunks (or ``message.refusal``) instead
      of ``content``.
    """

    content: str = ""
    reasoning: str = ""
    finish_reason: str | None = "stop"
    usage: JsonObject | None = field(default_factory=_default_usage)
    chunk_chars: int = 16
    chunk_delay_s: float = 0.0
    first_byte_delay_s: float = 0.0
    cut_after_chunks: int | None = None
    stall_after_chunks: int | None = None
    stall_s: float = 0.0
    hold_after_chunks: int | None = None
    refusal: str | None = None
    tool_calls: tuple[ToolCall, ...] = ()

    @property
    def sent_finish_reason(self) -> str | None:
        """The finish_reason the server sends (see ``finish_reason``)."""
        if self.tool_calls and self.finish_reason == "stop":
            return "tool_calls"
        return self.finish_reason

    def tool_call_ids(self, completion: int) -> list[str]:
        """The ids of the tool calls as sent in the ``completion``-th answer."""
        return [call.id or f"call_{completion}_{index}" for index, call in enumerate(self.tool_calls)]

    def __post_init__(self) -> None:
        if self.chunk_chars < 1:
            raise ValueError(f"chunk_chars must be at least 1, got {self.chunk_chars}")
        for name in (
            "chunk_delay_s",
            "first_byte_delay_s",
            "stall_s",
            "cut_after_chunks",
            "stall_after_chunks",
            "hold_after_chunks",
        ):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"{name} must not be negative, got {value}")


@dataclass(frozen=True)
class ErrorReply:
    """One scripted HTTP error, with a body in OpenAI's error format.

    The body is ``{"error": {"message": ..., "type": ..., "param": ..., "code": ...}}``;
    ``headers`` are added to the response (e.g. ``{"Retry-After": "1"}``, or ``{"retry-after-ms":
    "10"}`` to make the SDK's own retry quick).
    """

    status: int
    message: str = "error"
    type: str = "invalid_request_error"
    code: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    param: str | None = None

    def body(self) -> JsonObject:
        """The JSON error body OpenAI would send."""
        return {"error": {"message": self.message, "type": self.type, "param": self.param, "code": self.code}}


def temperature_rejection() -> ErrorReply:
    """400 for a temperature the model refuses, as reasoning models (Kimi K2.5, o-series) answer."""
    return ErrorReply(
        400,
        "invalid temperature: only 1 is allowed for this model",
        "invalid_request_error",
        param="temperature",
    )


def context_too_long() -> ErrorReply:
    """400 ``context_length_exceeded`` for a prompt larger than the model's window."""
    return ErrorReply(
        400,
        "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.",
        "invalid_request_error",
        code="context_length_exceeded",
        param="messages",
    )


def model_not_found(model: str) -> ErrorReply:
    """404 ``model_not_found`` for a model the key cannot use."""
    return ErrorReply(
        404,
        f"The model `{model}` does not exist or you do not have access to it.",
        "invalid_request_error",
        code="model_not_found",
    )


def _invalid_api_key() -> ErrorReply:
    return ErrorReply(401, "Incorrect API key provided.", "invalid_request_error", code="invalid_api_key")


class _Stopping(Exception):
    """Raised inside a handler when the server stops during one of its delays."""


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 64  # benchmarks open many connections at once

    def __init__(self, fake: FakeOpenAIServer) -> None:
        self.fake = fake
        super().__init__(("127.0.0.1", 0), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn, a reverse DNS lookup that can take seconds.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (_Stopping, ConnectionError, TimeoutError)):
            return  # the client went away or the server is stopping: expected in these tests
        logger.error("fake OpenAI server: handler failed", exc_info=error)
        self.fake._note_error(error)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    @property
    def fake(self) -> FakeOpenAIServer:
        return cast(_HTTPServer, self.server).fake

    def setup(self) -> None:
        super().setup()
        self.fake._track(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.fake._untrack(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        """Silences http.server's stderr lines; ``FakeOpenAIServer.log`` records each request."""

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        received_at = time.monotonic()
        path = urlsplit(self.path).path
        headers = {name.lower(): value for name, value in self.headers.items()}
        raw = self._read_body()
        body = self._parse_json(raw)
        self.fake._record(RecordedRequest(self.command, path, headers, body, received_at))

        api_key = self.fake.api_key
        if api_key is not None and headers.get("authorization") != f"Bearer {api_key}":
            self._send_error(_invalid_api_key())
        elif path == MODELS_PATH and self.command == "GET":
            data = [{"id": m, "object": "model", "created": 0, "owned_by": "fake"} for m in self.fake.models]
            self._send_json(200, {"object": "list", "data": data})
        elif path == CHAT_PATH and self.command == "POST":
            self._chat(raw, body)
        else:
            self._send_error(ErrorReply(404, f"Invalid URL ({self.command} {path})"))

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    @staticmethod
    def _parse_json(raw: bytes) -> JsonObject | None:
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            return None
        return parsed if isinstance(parsed, dict) else None

    def _chat(self, raw: bytes, body: JsonObject | None) -> None:
        if body is None:
            self._send_error(ErrorReply(400, "We could not parse the JSON body of your request."))
            return
        model = body.get("model")
        if not isinstance(model, str) or not model:
            self._send_error(ErrorReply(400, "you must provide a model parameter", param="model"))
            return
        if model not in self.fake.models:
            self._send_error(model_not_found(model))
            return
        reply = self.fake._next_reply()
        if reply is None:
            self._send_error(ErrorReply(500, NO_REPLY_LEFT, "server_error"))
        elif isinstance(reply, ErrorReply):
            self._send_error(reply)
        elif body.get("stream") is True:
            options = body.get("stream_options")
            include_usage = isinstance(options, dict) and options.get("include_usage") is True
            self._stream(reply, model, include_usage)
        else:
            self._complete(reply, model)

    # --- plain responses -------------------------------------------------------------------

    def _send_json(self, status: int, payload: JsonObject, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.fake._log_line(f"{self.command} {urlsplit(self.path).path} {status}")
        self.wfile.write(data)

    def _send_error(self, error: ErrorReply) -> None:
        self._send_json(error.status, error.body(), error.headers)

    def _complete(self, reply: Reply, model: str) -> None:
        self.fake._pause(reply.first_byte_delay_s)
        number, completion_id = self.fake._completion_id()
        message: JsonObject = {
            "role": "assistant",
            "content": reply.content if reply.refusal is None else None,
            "refusal": reply.refusal,
        }
        if reply.reasoning:
            message["reasoning_content"] = reply.reasoning
        if reply.tool_calls:
            message["content"] = message["content"] or None
            ids = reply.tool_call_ids(number)
            message["tool_calls"] = [
                {
                    "id": ids[index],
                    "type": "function",
                    "function": {"name": call.name, "arguments": call.arguments},
                }
                for index, call in enumerate(reply.tool_calls)
            ]
        payload: JsonObject = {
            "id": completion_id,
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {"index": 0, "message": message, "finish_reason": reply.sent_finish_reason, "logprobs": None}
            ],
        }
        if reply.usage is not None:
            payload["usage"] = reply.usage
        self._send_json(200, payload)

    # --- streaming -------------------------------------------------------------------------

    def _stream(self, reply: Reply, model: str, include_usage: bool) -> None:
        fake = self.fake
        fake._pause(reply.first_byte_delay_s)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        note = "" if reply.cut_after_chunks is None else f" (cut after {reply.cut_after_chunks} chunks)"
        fake._log_line(f"{self.command} {urlsplit(self.path).path} 200{note}")

        number, completion_id = fake._completion_id()
        created = int(time.time())

        def chunk(delta: JsonObject, finish_reason: str | None = None) -> JsonObject:
            choice = {"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": None}
            return {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [choice],
            }

        pieces = _split(reply.reasoning, "reasoning_content", reply.chunk_chars)
        if reply.refusal is not None:
            pieces += _split(reply.refusal, "refusal", reply.chunk_chars)
        else:
            pieces += _split(reply.content, "content", reply.chunk_chars)
        ids = reply.tool_call_ids(number)
        for index, call in enumerate(reply.tool_calls):
            pieces += _tool_call_pieces(index, ids[index], call, reply.chunk_chars)
        stall_at = None if reply.stall_after_chunks is None else min(reply.stall_after_chunks, len(pieces))
        cut_at = None if reply.cut_after_chunks is None else min(reply.cut_after_chunks, len(pieces))
        hold_at = None if reply.hold_after_chunks is None else min(reply.hold_after_chunks, len(pieces))

        self._write_event(chunk({"role": "assistant", "content": ""}))
        for sent in range(len(pieces) + 1):
            if sent == stall_at:
                fake._pause(reply.stall_s)
            if sent == hold_at:
                fake._hold()
            if sent == cut_at:
                self._cut()
                return
            if sent == len(pieces):
                break
            fake._pause(reply.chunk_delay_s)
            self._write_event(chunk(pieces[sent]))

        if reply.sent_finish_reason is not None:
            self._write_event(chunk({}, reply.sent_finish_reason))
        if include_usage and reply.usage is not None:
            self._write_event({**chunk({}), "choices": [], "usage": reply.usage})
        self._write_event("[DONE]")
        self._write_chunk(b"")  # the zero-length chunk that ends a chunked body

    def _write_event(self, event: JsonObject | str) -> None:
        data = event if isinstance(event, str) else json.dumps(event)
        self._write_chunk(f"data: {data}\n\n".encode())

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _cut(self) -> None:
        """Ends the connection mid-body: no terminating chunk, so the client sees an incomplete body."""
        self.close_connection = True
        self.wfile.flush()
        with contextlib.suppress(OSError):  # the client may already have gone away
            self.connection.shutdown(socket.SHUT_RDWR)


def _split(text: str, key: str, size: int) -> list[JsonObject]:
    return [{key: text[i : i + size]} for i in range(0, len(text), size)]


def _tool_call_pieces(index: int, call_id: str, call: ToolCall, size: int) -> list[JsonObject]:
    """The deltas of one streamed tool call: its head, then its arguments in ``size`` pieces."""
    function = {"name": call.name, "arguments": ""}
    head = {"index": index, "id": call_id, "type": "function", "function": function}
    pieces: list[JsonObject] = [{"tool_calls": [head]}]
    for start in range(0, len(call.arguments), size):
        piece = call.arguments[start : start + size]
        pieces.append({"tool_calls": [{"index": index, "function": {"arguments": piece}}]})
    return pieces


class FakeOpenAIServer:
    """A real HTTP server on 127.0.0.1 (free port) that answers like an OpenAI-compatible chat API.

    ``models`` are the model ids it knows; a chat request for any other model gets 404
    ``model_not_found``. When ``api_key`` is set, every request without ``Authorization: Bearer
    <api_key>`` gets 401 ``invalid_api_key``; when ``None``, any key (or none) is accepted.

    ``requests`` records every request received, in order (including ones answered with an error);
    ``log`` has one line per answered request, ``"<METHOD> <path> <status>"`` (streams cut on purpose
    add ``" (cut after N chunks)"``), and never holds a header. ``errors`` collects unexpected
    exceptions raised inside handler threads (client disconnects are expected and not collected);
    a test can assert it stays empty. Use it as a context manager, or call ``start()`` and ``stop()``.
    """

    def __init__(
        self, models: Sequence[str] = ("kimi-k2.5", "gpt-4o-mini"), api_key: str | None = None
    ) -> None:
        self.models: tuple[str, ...] = tuple(models)
        self.api_key = api_key
        self.requests: list[RecordedRequest] = []
        self.log: list[str] = []
        self.errors: list[BaseException] = []
        self._lock = threading.Lock()
        self._connections_idle = threading.Condition(self._lock)
        self._connections: set[socket.socket] = set()
        self._replies: deque[Reply | ErrorReply] = deque()
        self._stopping = threading.Event()
        self._releases = 0  # how many times release() was called: a hold waits for the next one
        self._released = threading.Condition(self._lock)
        self._holding = 0
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._completions = 0
        self._base_url: str | None = None

    # --- scripting and inspection ----------------------------------------------------------

    def script(self, *replies: Reply | ErrorReply) -> None:
        """Queues answers for ``POST /v1/chat/completions``, consumed one per request, in order.

        Scripted errors are consumed like replies, so ``script(ErrorReply(500), Reply("ok"))``
        answers 500 and then succeeds (which lets the SDK's own retry succeed). With the queue
        empty the server answers 500 ``"fake server: no scripted reply left"``.
        """
        with self._lock:
            self._replies.extend(replies)

    def release(self) -> None:
        """Lets every stream held by ``Reply.hold_after_chunks`` now carry on (not later ones)."""
        with self._lock:
            self._releases += 1
            self._released.notify_all()

    @property
    def holding(self) -> int:
        """How many streams are waiting for ``release()``."""
        with self._lock:
            return self._holding

    @property
    def pending_replies(self) -> int:
        """How many scripted answers have not been consumed yet."""
        with self._lock:
            return len(self._replies)

    def chat_requests(self) -> list[RecordedRequest]:
        """The recorded ``POST /v1/chat/completions`` requests, in order."""
        with self._lock:
            return [r for r in self.requests if r.method == "POST" and r.path == CHAT_PATH]

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/v1``, the value to give the SDK as ``base_url``."""
        if self._base_url is None:
            raise RuntimeError("FakeOpenAIServer: call start() before reading base_url")
        return self._base_url

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> FakeOpenAIServer:
        """Binds a free port on 127.0.0.1 and serves in a daemon thread; returns ``self``."""
        if self._httpd is not None:
            raise RuntimeError("FakeOpenAIServer is already running")
        self._stopping.clear()
        httpd = _HTTPServer(self)
        self._httpd = httpd
        self._base_url = f"http://127.0.0.1:{httpd.server_port}/v1"
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-openai-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stops serving and closes the listening socket and every open connection.

        Delays and stalls in progress are cut short. Waits at most about two seconds for handler
        threads to let go of their connections. Calling it twice is harmless.
        """
        httpd, thread = self._httpd, self._thread
        if httpd is None or thread is None:
            return
        self._stopping.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # its handler may have closed it already
                connection.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + _STOP_TIMEOUT_S
        with self._connections_idle:
            while self._connections and time.monotonic() < deadline:
                self._connections_idle.wait(timeout=max(0.0, deadline - time.monotonic()))
        self._httpd = None
        self._thread = None

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # --- used by the handler threads ---------------------------------------------------------

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _log_line(self, line: str) -> None:
        logger.debug("fake OpenAI server: %s", line)
        with self._lock:
            self.log.append(line)

    def _note_error(self, error: BaseException | None) -> None:
        if error is not None:
            with self._lock:
                self.errors.append(error)

    def _next_reply(self) -> Reply | ErrorReply | None:
        with self._lock:
            return self._replies.popleft() if self._replies else None

    def _completion_id(self) -> tuple[int, str]:
        """The next completion's number (1-based) and id."""
        with self._lock:
            self._completions += 1
            return self._completions, f"chatcmpl-fake-{self._completions}"

    def _pause(self, seconds: float) -> None:
        """Sleeps, but raises ``_Stopping`` at once if the server stops meanwhile."""
        stopped = self._stopping.wait(seconds) if seconds > 0 else self._stopping.is_set()
        if stopped:
            raise _Stopping

    def _hold(self) -> None:
        """Waits for ``release()`` (or ``HOLD_LIMIT_S``); raises ``_Stopping`` if the server stops."""
        deadline = time.monotonic() + HOLD_LIMIT_S
        with self._lock:
            ticket = self._releases
            self._holding += 1
            try:
                while self._releases == ticket and time.monotonic() < deadline:
                    if self._stopping.is_set():
                        raise _Stopping
                    self._released.wait(0.1)
            finally:
                self._holding -= 1

    def _track(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.add(connection)

    def _untrack(self, connection: socket.socket) -> None:
        with self._connections_idle:
            self._connections.discard(connection)
            self._connections_idle.notify_all()
