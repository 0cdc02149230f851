"""The scoring browser keeps hostile generated code in: nothing reaches a server, and a page that
hangs the browser costs only its own render.

Each test is an attack found on the running app: a speculation-rules prefetch or prerender (not
seen by Playwright's routing), WebRTC to a STUN (UDP) or TURN (TCP) server, with the constructor
taken before the guard or from a fresh child frame, and a page that starts an endless loop. A
``LeakListener`` on 127.0.0.1 stands in for the attacker's server and must receive nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PIL import Image, ImageDraw, ImageFont

from converters.errors import RenderError
from converters.fidelity.service import FidelityService
from converters.render import Renderer
from converters.targets import Target
from tests.fakes.leak import LeakListener

pytestmark = pytest.mark.e2e

WEBRTC_SETTLE_S = 3.0  # ICE gathering contacts STUN/TURN servers within a second when it can


@pytest.fixture(scope="module")
def renderer(chromium_path: str) -> Iterator[Renderer]:
    with Renderer(chromium_path=chromium_path) as renderer:
        yield renderer


@pytest.fixture
def leak() -> Iterator[LeakListener]:
    with LeakListener() as listener:
        yield listener


def _text(renderer: Renderer, code: str) -> list[str]:
    rendering = renderer.render_code(code, Target.HTML_CSS)
    return [block.text for block in rendering.blocks]


def test_speculation_rules_reach_no_server(renderer: Renderer, leak: LeakListener) -> None:
    rules = (
        '{"prefetch": [{"source": "list", "urls": ["URL/prefetch"]}],'
        ' "prerender": [{"source": "list", "urls": ["URL/prerender"]}]}'
    ).replace("URL", leak.url)
    code = (
        f'<!DOCTYPE html><html><head><script type="speculationrules">{rules}</script></head>'
        f'<body><p>Prefetching</p><a href="{leak.url}/link">next</a>'
        "<script>var s = document.createElement('script'); s.type = 'speculationrules';"
        f"s.textContent = JSON.stringify({{prefetch: [{{source: 'list', urls: ['{leak.url}/dynamic']}}]}});"
        "document.head.appendChild(s);</script></body></html>"
    )
    rendering = renderer.render_code(code, Target.HTML_CSS)
    time.sleep(1.0)  # a prefetch runs in the background: give it time to arrive, if it would
    assert rendering.status == "rendered", rendering.message
    assert leak.seen() == []


@pytest.mark.parametrize(
    "code",
    [
        # Plain use, a constructor captured before the guard could run, and a fresh copy from a
        # child frame (the guard in the document cannot reach that one; the browser's can).
        "<!DOCTYPE html><html><body><p>RTC</p><script>var P = window.RTCPeerConnection;"
        "SEND</script></body></html>",
        "<script>var P = window.RTCPeerConnection;</script><!DOCTYPE html><html><head></head>"
        "<body><p>RTC</p><script>SEND</script></body></html>",
        "<!DOCTYPE html><html><body><p>RTC</p><script>var frame = document.createElement('iframe');"
        "document.body.appendChild(frame); var P;"
        "try { P = frame.contentWindow.RTCPeerConnection; } catch (e) { P = null; }"
        "SEND</script></body></html>",
    ],
    ids=["plain", "before-the-guard", "from-a-child-frame"],
)
def test_webrtc_reaches_no_stun_or_turn_server(renderer: Renderer, leak: LeakListener, code: str) -> None:
    send = (
        (
            "try { var pc = new P({iceServers: [{urls: 'stun:127.0.0.1:UDP'},"
            " {urls: 'turn:127.0.0.1:TCP?transport=tcp', username: 'u', credential: 'p'}]});"
            " pc.createDataChannel('x');"
            " pc.createOffer().then(function (o) { return pc.setLocalDescription(o); });"
            " document.body.insertAdjacentHTML('beforeend', '<p>peer made</p>');"
            " } catch (e) { document.body.insertAdjacentHTML('beforeend', '<p>no peer</p>'); }"
        )
        .replace("UDP", str(leak.udp_port))
        .replace("TCP", str(leak.tcp_port))
    )
    texts = _text(renderer, code.replace("SEND", send))
    time.sleep(WEBRTC_SETTLE_S)
    assert "no peer" in texts
    assert leak.seen() == []


def test_the_candidate_runs_sandboxed_under_a_header_policy(renderer: Renderer) -> None:
    # A <meta> policy only holds from where it stands; the header holds from the first byte, and
    # its sandbox gives the page the opaque origin it has in the app's preview frame.
    code = (
        "<script>var before = document.querySelector('meta[http-equiv]') ? 'guarded' : 'unguarded';"
        "var storage = (function () { try { localStorage.setItem('x', '1'); return 'storage'; }"
        " catch (e) { return 'opaque'; } })();</script><!DOCTYPE html><html><body>"
        "<p id='o'></p><script>document.getElementById('o').textContent = before + ' ' + storage + ' '"
        " + String(window.origin);</script></body></html>"
    )
    assert "guarded opaque null" in _text(renderer, code)


def test_a_page_that_hangs_the_browser_fails_alone(renderer: Renderer) -> None:
    # Loops as soon as its "rendered" status is out: the status arrives, then nothing answers.
    hung = (
        "<!DOCTYPE html><html><body><p>Looping</p><script>addEventListener('message', function (event) {"
        " if (event.data && event.data.state === 'rendered') { for (;;) {} } });</script></body></html>"
    )
    replaced = renderer.replaced
    with pytest.raises(RenderError, match="kept the browser busy"):
        renderer.render_code(hung, Target.HTML_CSS)
    assert renderer.replaced == replaced + 1
    assert _text(renderer, "<!DOCTYPE html><html><body><p>Next one</p></body></html>") == ["Next one"]


def test_a_page_that_loops_from_its_first_script_fails_alone(renderer: Renderer) -> None:
    with pytest.raises(RenderError, match="kept the browser busy"):
        renderer.render_code("<p>Never</p><script>for (;;) {}</script>", Target.HTML_CSS)
    assert _text(renderer, "<p>Still working</p>") == ["Still working"]


def test_a_page_that_forges_its_statuses_cannot_crash_the_renderer(renderer: Renderer) -> None:
    forged = (
        "<!DOCTYPE html><html><body><p>Forged</p><script>addEventListener('load', function () {"
        " for (var i = 0; i < 5000; i++) { window.__handoffStatus({}, [i], null); }"
        " window.__handoffStatus('rendered', 'forged');"
        " Array.from = function () { return [null]; }; });</script></body></html>"
    )
    with pytest.raises(RenderError, match="changed the browser's own functions"):
        renderer.render_code(forged, Target.HTML_CSS)
    assert _text(renderer, "<p>Fine</p>") == ["Fine"]


def test_one_hostile_conversion_does_not_stop_scoring_for_others(chromium_path: str) -> None:
    # The app's scoring service: one browser, one job at a time, for every session. A result that
    # hangs the browser fails its own scoring; the next session's result is still scored.
    service = FidelityService(lambda: Renderer(chromium_path=chromium_path))
    design = Image.new("RGB", (640, 360), "white")
    ImageDraw.Draw(design).text((24, 24), "Pricing plans", fill="black", font=ImageFont.load_default(size=32))
    hostile = (
        "<!DOCTYPE html><html><body><h1>Pricing plans</h1><script>addEventListener('message', function (e) {"
        " if (e.data && e.data.state === 'rendered') { for (;;) {} } });</script></body></html>"
    )
    benign = (
        "<!DOCTYPE html><html><body><h1 style='margin:24px;font-size:32px'>Pricing plans</h1></body></html>"
    )
    try:
        first = service.submit("design", design, hostile, Target.HTML_CSS)
        second = service.submit("design", design, benign, Target.HTML_CSS)
        with pytest.raises(RenderError, match="kept the browser busy"):
            first.result(timeout=120)
        scored = second.result(timeout=120)
        assert scored.report.candidate.status == "rendered"
        assert [block.text for block in scored.report.candidate.blocks] == ["Pricing plans"]
    finally:
        service.close()
