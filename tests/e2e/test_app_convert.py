"""Convert with a vision LLM in a real browser: live preview, result, downloads, errors, isolation.

The app runs under ``streamlit run`` with its Kimi engine pointed at a ``FakeOpenAIServer`` in this
process (the ``llm_app`` fixture); each test scripts the model's reply, drives the Convert page in
Chromium and looks inside the preview's two sandboxed frames: level 1, the harness
(``iframe[data-testid=handoff-preview-frame]``), and level 2, the generated page (``#preview``).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PIL import Image, ImageDraw, ImageFont
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, FrameLocator, Locator, Page, expect

from converters.store import Store
from converters.targets import Target
from converters.tokens import in_theme_shape
from tests.e2e.crashes import report_crashes
from tests.fakes.openai_server import CHAT_PATH, Reply

if TYPE_CHECKING:  # conftest is loaded by pytest itself; the import is for the type only
    from conftest import LlmApp

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 45_000
SCORING_TIMEOUT_MS = 90_000  # the app's first scoring starts Chromium and the OCR models
UPLOAD_INPUT = "[data-testid='stFileUploaderDropzoneInput']"
DESIGN_IMAGE = "[data-testid='stImage'] img"
PREVIEW_FRAME = "iframe[data-testid='handoff-preview-frame']"
INDIGO = "rgb(79, 70, 229)"
TEAL = "rgb(15, 118, 110)"
SESSION_KEY = "test-session-key-entered-on-settings-page"
# The app page's text outside code blocks (open shadow roots included; frames are other documents).
TEXT_OUTSIDE_CODE_BLOCKS = """() => {
  const parts = [];
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) { parts.push(node.textContent); return; }
    if (node.nodeType === Node.ELEMENT_NODE && node.matches("[data-testid='stCode'], script, style")) return;
    if (node.shadowRoot) walk(node.shadowRoot);
    for (const child of node.childNodes) walk(child);
  };
  walk(document.body);
  return parts.join(" ");
}"""


# --- designs and scripted replies ---------------------------------------------------------------


def draw_design(path: Path, heading: str, colour: str = "#4f46e5") -> Path:
    """A small mockup PNG: a coloured header with ``heading`` in it, a text line and a button."""
    image = Image.new("RGB", (640, 400), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 640, 90), fill=colour)
    draw.text((24, 36), heading, fill="white")
    draw.rectangle((24, 140, 520, 152), fill="#cbd5e1")
    draw.rounded_rectangle((24, 320, 164, 360), radius=8, fill="#10b981")
    image.save(path, format="PNG")
    return path


def draw_text_design(path: Path, heading: str) -> Path:
    """A 1280 x 800 mockup with text large enough to read: the page ``react_code(heading)`` draws."""
    image = Image.new("RGB", (1280, 800), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1280, 110), fill="#4f46e5")
    draw.text((24, 30), heading, fill="white", font=ImageFont.load_default(size=36))
    body = ImageFont.load_default(size=18)
    draw.text((24, 140), "Everything your team needs, in one place.", fill="#475569", font=body)
    draw.rounded_rectangle((24, 200, 130, 244), radius=8, fill="#10b981")
    draw.text((44, 211), "Sign up", fill="white", font=body)
    image.save(path, format="PNG")
    return path


def react_code(heading: str) -> str:
    """Two components, as the prompt asks for: the header region and the app composing it."""
    return (
        "import React from 'react';\n\n"
        "function SiteHeader() {\n"
        "  return (\n"
        '    <header className="bg-[#4f46e5] px-6 py-8 text-white">\n'
        f'      <h1 className="text-3xl font-bold">{heading}</h1>\n'
        "    </header>\n"
        "  );\n"
        "}\n\n"
        "export default function App() {\n"
        "  return (\n"
        '    <main className="min-h-screen bg-white">\n'
        "      <SiteHeader />\n"
        '      <p className="p-6 text-slate-600">Everything your team needs, in one place.</p>\n'
        '      <button className="m-6 rounded-lg bg-emerald-500 px-4 py-2 text-white">Sign up</button>\n'
        "    </main>\n"
        "  );\n"
        "}\n"
    )


HTML_CSS_CODE = (
    "<!DOCTYPE html>\n"
    '<html lang="en">\n'
    "<head>\n"
    '  <meta charset="utf-8">\n'
    "  <title>Pricing</title>\n"
    "  <style>\n"
    "    body { margin: 0; font-family: sans-serif; }\n"
    "    .hero { background-color: #0f766e; color: #ffffff; padding: 32px; }\n"
    "    .hero h1 { margin: 0; font-size: 40px; }\n"
    "  </style>\n"
    "</head>\n"
    "<body>\n"
    '  <section class="hero">\n'
    "    <h1>Simple pricing</h1>\n"
    "    <p>Start free, upgrade when you grow.</p>\n"
    "  </section>\n"
    "</body>\n"
    "</html>\n"
)


def fenced(code: str, language: str) -> str:
    """A model-like reply: a sentence, the code in a fence, a closing remark."""
    return f"Here is the code.\n\n```{language}\n{code}```\n\nLet me know if you want changes."


def hostile_page(fake_origin: str, fake_base_url: str) -> str:
    """Generated code that tries to escape the preview; it reports each outcome in ``#report``."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        '<head><meta charset="utf-8"><title>Hostile</title>\n'
        "<style>h1 { color: #0f766e; }</style>\n"
        "</head>\n"
        "<body>\n"
        "<h1>Harmless looking page</h1>\n"
        f'<img src="{fake_origin}/markup-beacon.png" alt="">\n'
        '<ul id="report"></ul>\n'
        "<script>\n"
        "(function () {\n"
        '  var report = document.getElementById("report");\n'
        "  function note(what, outcome) {\n"
        '    var item = document.createElement("li");\n'
        '    item.textContent = what + ": " + outcome;\n'
        "    report.appendChild(item);\n"
        "  }\n"
        '  try { window.top.document.body.innerHTML = "pwned"; note("top", "WRITTEN"); }\n'
        '  catch (e) { note("top", "blocked " + e.name); }\n'
        '  try { parent.document.body.innerHTML = "pwned"; note("parent", "WRITTEN"); }\n'
        '  catch (e) { note("parent", "blocked " + e.name); }\n'
        "  for (var i = 0; i < 5000; i++) {\n"
        '    parent.postMessage({ handoff: "status", state: "rendered", message: "pwned " + i }, "*");\n'
        '    window.top.postMessage({ handoff: "status", state: "error", message: "pwned " + i }, "*");\n'
        '    window.top.postMessage("pwned " + i, "*");\n'
        "  }\n"
        '  note("flood", "sent");\n'
        f'  try {{ window.open("{fake_origin}/popup"); }} catch (e) {{ }}\n'
        f'  var fetched = fetch("{fake_base_url}/chat/completions", {{ method: "POST", body: "{{}}" }})\n'
        '    .then(function () { return "LEAKED"; }, function (e) { return "blocked " + e.name; });\n'
        "  var imaged = new Promise(function (resolve) {\n"
        "    var image = new Image();\n"
        '    image.onload = function () { resolve("LEAKED"); };\n'
        '    image.onerror = function () { resolve("blocked"); };\n'
        f'    image.src = "{fake_origin}/beacon.png?pwned=1";\n'
        "  });\n"
        "  Promise.all([fetched, imaged]).then(function (outcomes) {\n"
        '    note("fetch", outcomes[0]);\n'
        '    note("image", outcomes[1]);\n'
        '    document.body.setAttribute("data-attacks", "done");\n'
        "  });\n"
        "})();\n"
        "</script>\n"
        "</body>\n"
        "</html>\n"
    )


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = report_crashes(
        browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    )
    try:
        yield context
    finally:
        context.close()


@dataclass
class BrowserLog:
    """Uncaught JavaScript errors (any frame) and console errors (CSP violations among them)."""

    uncaught: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture
def app_page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def browser_log(app_page: Page) -> BrowserLog:
    return watch(app_page)


def watch(page: Page) -> BrowserLog:
    """What goes wrong in ``page`` from now on: uncaught errors and console errors."""
    log = BrowserLog()
    page.on("pageerror", lambda error: log.uncaught.append(f"{error.name}: {error.message}"))
    page.on("console", lambda message: keep_error(log.console_errors, message))
    return log


def keep_error(errors: list[str], message: ConsoleMessage) -> None:
    if message.type == "error":
        errors.append(message.text)


# --- driving the page ----------------------------------------------------------------------------


def open_with_design(page: Page, app: LlmApp, design: Path) -> None:
    """Open the Convert page and upload ``design``; returns once the design is shown."""
    page.goto(app.url)
    upload = page.locator(UPLOAD_INPUT)
    expect(upload).to_be_attached(timeout=TIMEOUT_MS)
    upload.set_input_files(design)
    expect(page.locator(DESIGN_IMAGE)).to_be_visible(timeout=TIMEOUT_MS)
    wait_until_idle(page)


def open_setup(page: Page) -> None:
    """Unfold the Convert page's setup (upload and options) if a conversion folded it."""
    box = page.get_by_label("Instructions (optional)")
    if not box.is_visible():
        page.get_by_test_id("stExpander").first.locator("summary").click()
        expect(box).to_be_visible(timeout=TIMEOUT_MS)
        wait_until_idle(page)


def choose(page: Page, target_label: str) -> None:
    """Pick the target and check the Kimi engine is the one selected."""
    open_setup(page)
    page.get_by_role("radio", name=target_label, exact=True).click()
    wait_until_idle(page)
    expect(page.get_by_role("combobox", name="Engine")).to_have_value("Kimi K2.5 (Moonshot)")


def convert_button(page: Page) -> Locator:
    return page.get_by_role("button", name="Convert", exact=True)


def wait_until_idle(page: Page) -> None:
    expect(page.locator("[data-testid='stApp']")).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=TIMEOUT_MS
    )


def result_picker(page: Page) -> Locator:
    return page.get_by_role("combobox", name="Result")


def wait_for_result(page: Page) -> None:
    """The conversion finished and the page shows its result (tabs and the Result picker)."""
    expect(page.get_by_role("tab", name="Preview")).to_be_visible(timeout=TIMEOUT_MS)
    expect(result_picker(page)).to_be_visible()
    # On a loaded machine the run that drew the result can still be under way, with the last
    # run's elements shown (stale) beside the new ones: two Convert buttons until it ends.
    wait_until_idle(page)
    expect(convert_button(page)).to_have_count(1, timeout=TIMEOUT_MS)
    expect(convert_button(page)).to_be_enabled(timeout=TIMEOUT_MS)


@dataclass(frozen=True)
class PreviewFrames:
    """The shown preview of a page: ``harness`` is level 1, ``generated`` the generated page."""

    page: Page

    @property
    def harness(self) -> FrameLocator:
        return self.page.frame_locator(PREVIEW_FRAME)

    @property
    def generated(self) -> FrameLocator:
        return self.harness.frame_locator("#preview")

    def expect_rendered(self) -> None:
        """The pane's state label says the shown frame reported ``rendered`` (not an error)."""
        expect(self.page.locator(".hp-state")).to_have_attribute("data-state", "rendered", timeout=TIMEOUT_MS)


def download(page: Page, label: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        page.get_by_role("button", name=label).click()
    value = info.value
    return value.suggested_filename, Path(value.path()).read_bytes()


def shoot(page: Page, artifacts_dir: Path, name: str, target: Locator | None = None) -> None:
    """A screenshot for a human to look at, with ``target`` scrolled into view first."""
    if target is not None:
        target.scroll_into_view_if_needed()
        # Chromium does not paint cross-origin frames while they are off screen: give them a moment.
        page.wait_for_timeout(400)
    page.screenshot(path=artifacts_dir / name)


def chat_requests_since(app: LlmApp, start: int) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in app.fake.requests[start:]]


# --- tests ---------------------------------------------------------------------------------------


def test_react_conversion_previews_shows_code_and_downloads(
    llm: LlmApp, app_page: Page, browser_log: BrowserLog, tmp_path: Path, artifacts_dir: Path
) -> None:
    page, code = app_page, react_code("Welcome aboard")
    llm.fake.script(Reply(content=fenced(code, "jsx"), chunk_chars=12, chunk_delay_s=0.01))
    start = len(llm.fake.requests)
    open_with_design(page, llm, draw_design(tmp_path / "landing page.png", "Welcome aboard"))
    choose(page, "React + Tailwind")

    convert_button(page).click()
    wait_for_result(page)

    preview = PreviewFrames(page)
    expect(preview.generated.get_by_role("heading", name="Welcome aboard")).to_be_visible(timeout=TIMEOUT_MS)
    # The answer's bg-[#4f46e5] comes back as a theme colour (the note says so): still indigo.
    themed = in_theme_shape(code, Target.REACT_TAILWIND)[0]
    header_line = next(line.strip() for line in themed.splitlines() if "<header" in line)
    assert "bg-[#" not in header_line
    header = preview.generated.locator("header")
    expect(header).to_have_css("background-color", INDIGO, timeout=TIMEOUT_MS)
    assert header.evaluate("element => getComputedStyle(element).backgroundColor") == INDIGO
    preview.expect_rendered()
    shoot(page, artifacts_dir, "app-react-result.png", page.locator(PREVIEW_FRAME))

    page.get_by_role("tab", name="Code").click()
    code_block = page.get_by_test_id("stCode").filter(has_text="export default function App")
    expect(code_block).to_be_visible()
    for line in (header_line, "@theme {", "Welcome aboard", "Sign up"):
        expect(code_block).to_contain_text(line)
    outline = page.get_by_test_id("stDataFrame").filter(has_text="SiteHeader")
    expect(outline).to_be_visible()  # the components, listed above the code
    expect(page.get_by_text("Components: 2")).to_be_visible()
    shoot(page, artifacts_dir, "app-code-components.png", page.get_by_text("Components: 2"))

    name, data = download(page, "Download landing-page.jsx")
    assert name == "landing-page.jsx"
    assert data == themed.encode("utf-8")  # the fenced block in theme shape, nothing else changed
    sent = llm.fake.chat_requests()[-1]
    assert sent.body is not None and sent.body["model"] == "kimi-k2.5"
    assert chat_requests_since(llm, start) == [("POST", CHAT_PATH)]
    assert browser_log.uncaught == [] and browser_log.console_errors == []


def test_fidelity_tab_scores_the_result_against_the_design(
    llm: LlmApp, app_page: Page, browser_log: BrowserLog, tmp_path: Path, artifacts_dir: Path
) -> None:
    page = app_page
    external: list[str] = []
    local = ("http://127.0.0.1", "data:", "blob:", "about:")
    page.on("request", lambda r: None if r.url.startswith(local) else external.append(r.url))
    llm.fake.script(Reply(content=fenced(react_code("Welcome aboard"), "jsx"), chunk_chars=40))
    start = len(llm.fake.requests)
    open_with_design(page, llm, draw_text_design(tmp_path / "welcome.png", "Welcome aboard"))
    choose(page, "React + Tailwind")

    convert_button(page).click()
    wait_for_result(page)
    page.get_by_role("tab", name="Fidelity").click()

    panel = page.get_by_role("tabpanel", name="Fidelity")
    expect(panel.get_by_text("Where the text went")).to_be_visible(timeout=SCORING_TIMEOUT_MS)
    badge = page.locator("[class*='st-key-fidelity-badge-']")  # the slot above the tabs
    expect(badge).to_contain_text(re.compile(r"Fidelity \d{1,3}%"))
    expect(badge).not_to_contain_text("Scoring")
    scores = ("Block", "Text", "Position", "Color", "Visual", "Absolute positioning", "Reflow", "TreeBLEU")
    for score in scores:
        expect(panel.get_by_text(re.compile(rf"^{score} · "))).to_be_visible()
    expect(panel.get_by_text("n/a: needs a reference page")).to_be_visible()
    counts = panel.get_by_text(re.compile(r"^\d+ matched, \d+ missing, \d+ extra$"))
    expect(counts).to_be_visible()
    # OCR read the design's text and the rendered result has it too.
    assert not (counts.text_content() or "").startswith("0 matched")
    overlays = panel.locator(DESIGN_IMAGE)
    expect(overlays).to_have_count(3)  # the annotated design and result, then the a11y overlay
    for index in range(3):
        expect(overlays.nth(index)).to_have_js_property("naturalWidth", 800)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
    badge.evaluate("slot => slot.scrollIntoView({block: 'start'})")  # badge, tabs and scores on screen
    shoot(page, artifacts_dir, "app-fidelity-tab.png")
    panel.get_by_text("Where the text went").evaluate("heading => heading.scrollIntoView({block: 'start'})")
    shoot(page, artifacts_dir, "app-fidelity-overlay.png")

    # The accessibility report of the same render: white on emerald-500 fails AA contrast (2.5:1).
    expect(panel.get_by_role("heading", name="Accessibility")).to_be_visible()
    shown = re.sub("[\u2060\u2066-\u2069]", "", panel.inner_text())  # without md_text's isolates, joiners
    assert re.search(r"Accessibility · \d{1,3}% of checks", shown)
    assert re.search(r"Text contrast: 1 of \d+ elements fail", shown)
    assert 'Text contrast: button "Sign up"' in shown
    # The colours read in the browser: Tailwind 4's emerald-500 is oklch(69.6% 0.17 162.48), #00bc7d.
    assert re.search(r"contrast 2\.\d\d:1, needs 4\.5:1 \(#ffffff on #00bc7d\)", shown)
    panel.get_by_role("heading", name="Accessibility").evaluate(
        "heading => heading.scrollIntoView({block: 'start'})"
    )
    shoot(page, artifacts_dir, "a11y-overlay.png")

    panel.get_by_text("Blend the two").click()
    expect(panel.locator(DESIGN_IMAGE)).to_have_count(2, timeout=TIMEOUT_MS)  # the blend, the a11y overlay
    expect(panel.get_by_text("The result over the original, 50% each")).to_be_visible()
    page.get_by_role("tab", name="Code").click()  # the rest of the result still answers
    expect(page.get_by_test_id("stCode").filter(has_text="Welcome aboard")).to_be_visible()
    assert chat_requests_since(llm, start) == [("POST", CHAT_PATH)]
    assert external == []  # scoring, overlay and badge load nothing from outside the machine
    assert browser_log.uncaught == []


def test_html_css_conversion_previews_and_downloads_zip_and_single_file(
    llm: LlmApp, app_page: Page, browser_log: BrowserLog, tmp_path: Path, artifacts_dir: Path
) -> None:
    page = app_page
    llm.fake.script(Reply(content=fenced(HTML_CSS_CODE, "html"), chunk_chars=12, chunk_delay_s=0.01))
    open_with_design(page, llm, draw_design(tmp_path / "pricing.png", "Simple pricing", "#0f766e"))
    choose(page, "HTML + CSS")

    convert_button(page).click()
    wait_for_result(page)

    preview = PreviewFrames(page)
    expect(preview.generated.get_by_role("heading", name="Simple pricing")).to_be_visible(timeout=TIMEOUT_MS)
    expect(preview.generated.locator("section.hero")).to_have_css("background-color", TEAL)
    expect(preview.generated.locator("section.hero h1")).to_have_css("font-size", "40px")
    preview.expect_rendered()
    shoot(page, artifacts_dir, "app-html-css-result.png", page.locator(PREVIEW_FRAME))

    page.get_by_role("tab", name="Code").click()
    captions = page.get_by_test_id("stCaptionContainer")
    expect(captions.get_by_text("index.html", exact=True)).to_be_visible()
    expect(captions.get_by_text("styles.css", exact=True)).to_be_visible()
    # Handoff moved the answer's colours into :root custom properties (converters.tokens.literals).
    expect(page.get_by_test_id("stCode").filter(has_text="--color-primary: #0f766e;")).to_be_visible()

    name, data = download(page, "Download pricing.zip (index.html + styles.css)")
    assert name == "pricing.zip"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        folder = name.removesuffix(".zip")
        assert sorted(archive.namelist()) == [f"{folder}/index.html", f"{folder}/styles.css"]
        index = archive.read(f"{folder}/index.html").decode("utf-8")
        styles = archive.read(f"{folder}/styles.css").decode("utf-8")
    assert '<link rel="stylesheet" href="styles.css">' in index
    assert "<style" not in index and "<h1>Simple pricing</h1>" in index
    assert (
        ".hero { background-color: var(--color-primary); color: var(--color-text); padding: 32px; }" in styles
    )
    assert styles.startswith(":root {\n  --color-primary: #0f766e;\n  --color-text: #ffffff;\n}")

    name, data = download(page, "Download pricing.html")
    assert name == "pricing.html"
    assert data == in_theme_shape(HTML_CSS_CODE, Target.HTML_CSS)[0].encode("utf-8")
    assert browser_log.uncaught == [] and browser_log.console_errors == []


def test_refused_key_is_explained_and_a_session_key_fixes_it(
    llm: LlmApp, app_page: Page, browser_log: BrowserLog, tmp_path: Path, artifacts_dir: Path
) -> None:
    page = app_page
    llm.fake.api_key = SESSION_KEY  # the key in MOONSHOT_API_KEY is now refused with 401
    design = draw_design(tmp_path / "signup.png", "Create your account")
    open_with_design(page, llm, design)
    choose(page, "React + Tailwind")

    convert_button(page).click()

    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("refused the API key", timeout=TIMEOUT_MS)
    expect(error).to_contain_text("MOONSHOT_API_KEY")
    assert "sk-" not in (error.text_content() or "")  # no key, not even part of one, is shown
    expect(convert_button(page)).to_be_enabled()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    shoot(page, artifacts_dir, "app-refused-key.png", error)

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Settings")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_role("textbox", name="API key for this session").fill(SESSION_KEY)
    page.get_by_role("button", name="Use these settings").click()
    expect(page.get_by_text("Saved for this session.")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("A key you entered is in use for this session.")).to_be_visible()

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Convert").click()
    # The failed result folded the setup: its bar still names the design kept in the session.
    expect(page.get_by_test_id("stExpander").first).to_contain_text("signup.png", timeout=TIMEOUT_MS)
    upload = page.locator(UPLOAD_INPUT)
    expect(upload).to_be_attached(timeout=TIMEOUT_MS)
    wait_until_idle(page)
    if page.locator(DESIGN_IMAGE).count() == 0:  # the uploader loses its file on another page (for now)
        upload.set_input_files(design)
        expect(page.locator(DESIGN_IMAGE)).to_be_visible(timeout=TIMEOUT_MS)
    wait_until_idle(page)
    llm.fake.script(Reply(content=fenced(react_code("Create your account"), "jsx"), chunk_chars=40))
    convert_button(page).click()
    wait_for_result(page)

    expect(PreviewFrames(page).generated.get_by_role("heading", name="Create your account")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    assert llm.fake.chat_requests()[-1].headers["authorization"] == f"Bearer {SESSION_KEY}"
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
    assert browser_log.uncaught == []


def test_generated_code_cannot_reach_the_app_or_the_network(
    llm: LlmApp, app_page: Page, browser_log: BrowserLog, tmp_path: Path, artifacts_dir: Path
) -> None:
    page = app_page
    fake_origin = llm.fake.base_url.removesuffix("/v1")
    hostile = hostile_page(fake_origin, llm.fake.base_url)
    llm.fake.script(Reply(content=fenced(hostile, "html"), chunk_chars=64, chunk_delay_s=0.01))
    open_with_design(page, llm, draw_design(tmp_path / "hostile.png", "Harmless looking page"))
    choose(page, "HTML + CSS")
    start = len(llm.fake.requests)

    convert_button(page).click()
    wait_for_result(page)

    generated = PreviewFrames(page).generated
    expect(generated.locator("body")).to_have_attribute("data-attacks", "done", timeout=TIMEOUT_MS)
    report = generated.locator("#report")
    expect(report).to_contain_text("top: blocked SecurityError")
    expect(report).to_contain_text("parent: blocked SecurityError")
    expect(report).to_contain_text("fetch: blocked TypeError")
    expect(report).to_contain_text("image: blocked")
    expect(generated.get_by_role("heading", name="Harmless looking page")).to_have_css(
        "color", TEAL, timeout=TIMEOUT_MS
    )
    shoot(page, artifacts_dir, "app-hostile-result.png", page.locator(PREVIEW_FRAME))

    expect(convert_button(page)).to_be_visible()  # the app page is still the app
    assert page.evaluate(TEXT_OUTSIDE_CODE_BLOCKS).count("pwned") == 0  # the code view shows it, of course
    assert len(page.context.pages) == 1  # window.open made no popup
    page.get_by_role("tab", name="Code").click()  # the app still answers after the flood
    expect(page.get_by_test_id("stCode").filter(has_text="Harmless looking page")).to_be_visible()
    # Only the app's own request reached the server; nothing from any preview (live or final).
    assert chat_requests_since(llm, start) == [("POST", CHAT_PATH)]
    # What stopped them is the preview's Content-Security-Policy (the sandbox alone would not).
    blocked = "\n".join(browser_log.console_errors)
    assert "beacon.png?pwned=1' violates the following Content Security Policy directive" in blocked
    assert "chat/completions' violates the following Content Security Policy directive" in blocked
    assert browser_log.uncaught == []


def test_two_sessions_converting_at_once_each_see_their_own_result(
    llm: LlmApp, browser: Browser, tmp_path: Path, artifacts_dir: Path
) -> None:
    headings = {"alpha": "Alpha analytics", "beta": "Beta bookings"}
    contexts = {name: browser.new_context(viewport={"width": 1400, "height": 1000}) for name in headings}
    try:
        pages = {name: contexts[name].new_page() for name in headings}
        for name, heading in headings.items():
            open_with_design(pages[name], llm, draw_design(tmp_path / f"{name}.png", heading))
            choose(pages[name], "React + Tailwind")
        # Each stream holds after its first chunks until both sessions are converting, however
        # loaded the machine: the second starts while the first still streams.
        llm.fake.script(
            *(
                Reply(content=fenced(react_code(heading), "jsx"), chunk_chars=4, hold_after_chunks=8)
                for heading in headings.values()
            )
        )
        before = len(llm.fake.chat_requests())
        convert_button(pages["alpha"]).click()
        expect(pages["alpha"].get_by_role("button", name="Stop")).to_be_visible(timeout=TIMEOUT_MS)
        wait_for(lambda: len(llm.fake.chat_requests()) == before + 1, pages["alpha"])
        convert_button(pages["beta"]).click()
        expect(pages["beta"].get_by_role("button", name="Stop")).to_be_visible(timeout=TIMEOUT_MS)
        expect(pages["alpha"].get_by_role("button", name="Stop")).to_be_visible()  # both running
        shoot(pages["beta"], artifacts_dir, "app-concurrent-live-beta.png")
        wait_for(lambda: llm.fake.holding == len(headings), pages["alpha"])
        llm.fake.release()

        for name, heading in headings.items():
            page = pages[name]
            other = next(h for n, h in headings.items() if n != name)
            wait_for_result(page)
            generated = PreviewFrames(page).generated
            expect(generated.get_by_role("heading", name=heading)).to_be_visible(timeout=TIMEOUT_MS)
            expect(generated.get_by_text(other)).to_have_count(0)
            page.get_by_role("tab", name="Code").click()
            expect(page.get_by_test_id("stCode").filter(has_text=heading)).to_be_visible()
            assert other not in page.locator("body").inner_text()
            expect(result_picker(page)).to_have_value(re.compile(rf"· {name}\.png ·"))
            shoot(page, artifacts_dir, f"app-concurrent-{name}.png")
        assert len(llm.fake.chat_requests()) == before + 2
        # Both saved to the one library, though they finished within moments of each other.
        store = Store(f"sqlite:///{llm.server.log_path.parent / 'data' / 'library.db'}")
        try:
            codes = [store.get(item.id).conversion.code for item in store.search(limit=2).items]
        finally:
            store.close()
        themed = (
            in_theme_shape(react_code(heading), Target.REACT_TAILWIND)[0] for heading in headings.values()
        )
        assert sorted(codes) == sorted(themed)
    finally:
        for context in contexts.values():
            context.close()


def test_stop_keeps_partial_code_flagged_and_downloadable(
    llm: LlmApp, app_page: Page, browser_log: BrowserLog, tmp_path: Path, artifacts_dir: Path
) -> None:
    page = app_page
    sections = "".join(
        f'  <section class="p-6"><h2 class="text-xl font-semibold">Feature {n}</h2>'
        f'<p class="text-slate-600">Details about feature number {n}.</p></section>\n'
        for n in range(200)
    )
    full = (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Features</title></head>\n'
        '<body>\n  <header class="bg-[#4f46e5] p-6 text-white"><h1>All the features</h1></header>\n'
        f"{sections}</body>\n</html>\n"
    )
    llm.fake.script(Reply(content=fenced(full, "html"), chunk_chars=8, chunk_delay_s=0.02))  # ~60 s
    open_with_design(page, llm, draw_design(tmp_path / "features.png", "All the features"))
    choose(page, "HTML + Tailwind")

    convert_button(page).click()
    live_code = page.get_by_test_id("stCode").filter(has_text="Feature 3")
    expect(live_code).to_be_visible(timeout=TIMEOUT_MS)
    expect(PreviewFrames(page).generated.get_by_role("heading", name="All the features")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    shoot(page, artifacts_dir, "app-stop-live.png", page.get_by_role("button", name="Stop"))
    page.get_by_role("button", name="Stop").click()
    wait_for_result(page)

    warning = page.get_by_test_id("stAlertContentWarning").filter(has_text="Stopped by you")
    expect(warning.first).to_be_visible()
    expect(result_picker(page)).to_have_value(re.compile(r"· features\.png · HTML \+ Tailwind · partial$"))
    expect(PreviewFrames(page).generated.get_by_role("heading", name="All the features")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    shoot(page, artifacts_dir, "app-stop-result.png", warning.first)
    name, data = download(page, "Download features.html")
    assert name == "features.html"
    partial = data.decode("utf-8")
    assert "Feature 3" in partial and len(partial) < len(full) / 2
    assert full.startswith(partial.rstrip())
    assert browser_log.uncaught == []


def wait_for(condition: Callable[[], bool], page: Page, timeout_ms: int = TIMEOUT_MS) -> None:
    """Poll ``condition()`` (Python state, e.g. the fake's requests) every 50 ms until it holds."""
    for _ in range(timeout_ms // 50):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"condition not met within {timeout_ms} ms")
