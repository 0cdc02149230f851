"""Browser sessions converting at once with the offline engine: each its own design, each checked
to show its own result and none of the others'. Shared by ``test_concurrent_sessions.py`` (three
sessions, in the suite) and ``benchmarks/load_bench.py`` (ten, and memory over a hundred).

Each design is a page with one unique word in its heading ("Amber orders"): OCR reads it back
into the code, so a session's page holding another session's word would be a result shown to
the wrong user.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.builders import FONT_DIR

WORDS = (
    "Amber", "Birch", "Cedar", "Delta", "Ember", "Fjord", "Grove", "Harbor", "Island", "Juniper",
    "Kestrel", "Lumen", "Meadow", "Nectar", "Orchid", "Prairie",
)  # fmt: skip
"""Heading words OCR reads reliably and no design shares: one per session."""
UPLOAD_INPUT = "[data-testid='stFileUploaderDropzoneInput']"
DESIGN_IMAGE = "[data-testid='stImage'] img"
PAGE_READY_MS = 120_000
"""Under ten conversions at once on two cores, a page's first paint can take tens of seconds."""
POLL_S = 0.5
"""How often the sessions are looked at while they convert: finish times are this precise."""
POLL_READ_MS = 5_000  # one poll's read of the picker; a miss is read again at the next poll


def draw_session_design(path: Path, word: str, number: int = 0, *, cards: int = 3) -> Path:
    """A 1280 x 720 landing page whose heading is ``word`` (and ``number``, for many designs),
    with ``cards`` cards under it (fewer: less text to read, a quicker conversion)."""
    image = Image.new("RGB", (1280, 720), "white")
    draw = ImageDraw.Draw(image)
    bold = ImageFont.truetype(f"{FONT_DIR}/DejaVuSans-Bold.ttf", 44)
    body = ImageFont.truetype(f"{FONT_DIR}/DejaVuSans.ttf", 22)
    draw.rectangle((0, 0, 1280, 72), fill="#1e293b")
    draw.text((40, 22), "Handoff Store", fill="white", font=body)
    heading = f"{word} orders {number}" if number else f"{word} orders"
    draw.text((40, 140), heading, fill="#0f172a", font=bold)
    draw.text((40, 220), "Track every parcel from the warehouse to the door.", fill="#475569", font=body)
    draw.rounded_rectangle((40, 290, 230, 346), radius=10, fill="#4f46e5")
    draw.text((72, 305), "Get started", fill="white", font=body)
    for column in range(cards):
        left = 40 + column * 410
        draw.rounded_rectangle((left, 420, left + 380, 640), radius=12, outline="#cbd5e1", width=2)
        draw.text((left + 24, 450), f"Step {column + 1}", fill="#0f172a", font=bold)
        draw.text((left + 24, 530), "Scan, pack and ship.", fill="#475569", font=body)
    image.save(path)
    return path


@dataclass
class Session:
    """One browser session: its own context (cookies, websocket), design and word."""

    word: str
    design: Path
    context: BrowserContext
    page: Page
    clicked: float = 0.0
    finished: float | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def seconds(self) -> float | None:
        return None if self.finished is None else self.finished - self.clicked

    def close(self) -> None:
        self.context.close()


def open_session(browser: Browser, url: str, word: str, design: Path) -> Session:
    """A fresh browser context on the app with ``design`` uploaded, ready to convert."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(url, timeout=PAGE_READY_MS)
    upload = page.locator(UPLOAD_INPUT)
    expect(upload).to_be_attached(timeout=PAGE_READY_MS)
    upload.set_input_files(design)
    expect(page.locator(DESIGN_IMAGE).first).to_be_visible(timeout=PAGE_READY_MS)
    expect(page.get_by_role("combobox", name="Engine")).to_have_value(re.compile("^Offline"))
    return Session(word, design, context, page)


def start(session: Session) -> None:
    session.page.get_by_role("button", name="Convert", exact=True).click()
    session.clicked = time.monotonic()


def result_title(session: Session, timeout_ms: float = POLL_READ_MS) -> str:
    """The Result picker's value (``HH:MM:SS · name.png · target[ · state]``), or ``""`` (none
    yet, or redrawn away while read: a loaded machine can take seconds to draw it again)."""
    picker = session.page.get_by_role("combobox", name="Result")
    if picker.count() == 0:
        return ""
    try:
        return picker.first.input_value(timeout=timeout_ms)
    except PlaywrightTimeoutError:
        return ""


def wait_all(sessions: list[Session], timeout_s: float) -> None:
    """Poll every session until each shows a result for its own design (or ``timeout_s``)."""
    deadline = time.monotonic() + timeout_s
    waiting = [s for s in sessions if s.finished is None]
    while waiting and time.monotonic() < deadline:
        for session in list(waiting):
            if f"· {session.design.name} ·" in result_title(session):
                session.finished = time.monotonic()
                waiting.remove(session)
        time.sleep(POLL_S)
    for session in waiting:
        session.problems.append(f"no result within {timeout_s:.0f} s")


def check_own_result(session: Session, words: tuple[str, ...]) -> None:
    """The session shows a complete result of its own design, whose code holds its word and no
    other session's (nor does anything else on its page)."""
    title = result_title(session, PAGE_READY_MS)
    if title.endswith(("· failed", "· stopped", "· partial")):
        session.problems.append(f"result is {title.rsplit('· ', 1)[1]}")
    page = session.page
    page.get_by_role("tab", name="Code").click()
    code = page.locator("[data-testid='stCode']").first
    try:
        expect(code).to_contain_text(session.word, timeout=PAGE_READY_MS)
    except AssertionError:
        session.problems.append(f"its own word {session.word!r} is not in its code")
    shown = page.content() + code.inner_text()
    strangers = [word for word in words if word != session.word and re.search(rf"\b{word}\b", shown)]
    if strangers:
        session.problems.append(f"shows other sessions' words: {', '.join(strangers)}")
