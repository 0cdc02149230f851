"""Grounding a model in the offline engine's reading of the design (fake OpenAI server): every
line of known text reaches the request, a long page is trimmed with a note, a blank design sends
no facts, and draft mode sends the offline engine's code."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
from PIL import Image

from converters.conversion import ConversionRequest, Grounding, screen_frames
from converters.engines.grounding import (
    FROM_FILE_NOTE,
    MAX_GROUNDING_TOKENS,
    design_facts,
    estimate_tokens,
    frames_facts,
    with_reading,
)
from converters.intake import load_design
from converters.offline.model import Box, Kind
from converters.offline.reading import DesignRead, ReadLine, Region
from converters.offline.routing import read_design_of
from converters.targets import Target
from tests.builders import encode, landing_page
from tests.fakes.engines import EventLog, kimi_engine
from tests.fakes.openai_server import FakeOpenAIServer, Reply
from tests.unit.test_intake_vector_svg import LOGIN

LANDING_TEXT = (
    "Northwind",
    "Home",
    "Pricing",
    "About",
    "Design to code, offline",
    "Upload a mockup and get clean, responsive code in seconds.",
    "No key and no network: everything runs on this machine.",
    "Get started",
    "Email address",
    "you@example.com",
)
REPLY = "```html\n<!DOCTYPE html><html><body><h1>Design to code, offline</h1></body></html>\n```"


@pytest.fixture(scope="module")
def landing() -> ConversionRequest:
    design = load_design(encode(landing_page(), "PNG"), "landing.png")
    return ConversionRequest(design, Target.HTML_TAILWIND, grounding=Grounding.LAYOUT)


def sent_text(server: FakeOpenAIServer) -> str:
    body = server.chat_requests()[-1].body
    assert body is not None
    parts: list[dict[str, Any]] = body["messages"][1]["content"]
    assert [part["type"] for part in parts] == ["image_url", "text"]  # the image once, then the text
    return str(parts[1]["text"])


def test_every_line_of_the_designs_text_reaches_the_request(
    fake_openai: FakeOpenAIServer, landing: ConversionRequest
) -> None:
    fake_openai.script(Reply(content=REPLY))
    events = EventLog()
    conversion = kimi_engine(fake_openai).convert(landing, events)
    text = sent_text(fake_openai)
    for line in LANDING_TEXT:
        assert f': "{line}"' in text, line
    assert "The image is the truth" in text and "OCR mistakes" in text
    assert (
        "Regions (kind [x, y, width, height], fill):" in text and "- header [0, 0, 1280, 80], #0f172a" in text
    )
    assert " heading [" in text and " button [" in text  # roles as the offline engine classified them
    assert "Left out" not in text
    assert (
        conversion.strategy == "grounded (layout)" and 0 < conversion.grounding_tokens < MAX_GROUNDING_TOKENS
    )
    assert "grounding" in conversion.prompt_name
    assert any("Reading the design" in getattr(event, "text", "") for event in events)


def test_text_grounding_leaves_the_regions_out(
    fake_openai: FakeOpenAIServer, landing: ConversionRequest
) -> None:
    fake_openai.script(Reply(content=REPLY))
    kimi_engine(fake_openai).convert(dataclasses.replace(landing, grounding=Grounding.TEXT))
    text = sent_text(fake_openai)
    assert ': "Get started"' in text and "Regions (" not in text


def test_a_long_page_is_trimmed_to_the_budget_with_a_note_of_what_was_left_out() -> None:
    lines = tuple(
        ReadLine(
            f"Line number {n} of a very long page with many words",
            Kind.PARAGRAPH,
            Box(40, 30 * n, 600, 20),
            (0, 0, 0),
        )
        for n in range(1, 1001)
    )
    read = DesignRead(
        1280,
        30_100,
        (255, 255, 255),
        lines,
        (Region(Kind.HEADER, Box(0, 0, 1280, 80), None),),
        None,
        None,
        "",
    )  # type: ignore[arg-type]
    facts, left_out = design_facts(read, Grounding.LAYOUT)
    assert estimate_tokens(facts) <= MAX_GROUNDING_TOKENS
    trimmed = re.match(r"^([\d,]+) text lines from y = ([\d,]+) px down\.$", left_out)
    assert trimmed is not None
    left = int(trimmed.group(1).replace(",", ""))
    assert 0 < left < 1000 and trimmed.group(2) == f"{lines[1000 - left].box.y:,}"  # the first left out
    assert f"Left out to keep this short: {left_out} Read them from the image." in facts
    assert ': "Line number 1 of a very long page with many words"' in facts  # the top is kept


def test_a_blank_design_sends_no_grounding(fake_openai: FakeOpenAIServer) -> None:
    blank = load_design(encode(Image.new("RGB", (640, 400), "white"), "PNG"), "blank.png")
    fake_openai.script(Reply(content=REPLY))
    conversion = kimi_engine(fake_openai).convert(
        ConversionRequest(blank, Target.HTML_CSS, grounding=Grounding.LAYOUT)
    )
    assert "OCR and layout reader" not in sent_text(fake_openai)
    assert conversion.grounding_tokens == 0


def test_draft_mode_sends_the_offline_engines_code_to_improve(
    fake_openai: FakeOpenAIServer, landing: ConversionRequest
) -> None:
    fake_openai.script(Reply(content=REPLY))
    drafted = with_reading(dataclasses.replace(landing, draft=True))
    assert drafted.reading is not None and "Get started" in drafted.reading.draft
    conversion = kimi_engine(fake_openai).convert(drafted)
    text = sent_text(fake_openai)
    assert "a starting point to improve, not to retype" in text
    assert f"```html\n{drafted.reading.draft.rstrip()}\n```" in text
    assert conversion.strategy == "grounded (layout) + draft" and "draft" in conversion.prompt_name
    assert (
        len(fake_openai.chat_requests()) == 1
    )  # read once: a request that carries its reading is not read again


def test_a_design_is_read_once_however_many_turns_ask_for_its_reading(
    landing: ConversionRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    from converters.engines import grounding
    from converters.offline import reading, routing

    calls: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> reading.DesignRead:
        calls.append(1)
        return routing.read_design_of(*args, **kwargs)

    monkeypatch.setattr(grounding, "read_design_of", counted)
    monkeypatch.setattr(grounding, "_READINGS", type(grounding._READINGS)())
    first = with_reading(landing)
    again = with_reading(dataclasses.replace(landing, draft=True))  # a change turn of the same design
    assert len(calls) == 1
    assert first.reading is not None and again.reading is not None
    assert again.reading.facts == first.reading.facts and again.reading.draft  # the draft is still written


def test_a_vector_designs_reading_is_said_to_be_exact() -> None:
    read = read_design_of(load_design(LOGIN, "login.svg"))
    facts, _ = design_facts(read, Grounding.LAYOUT)
    assert facts.startswith("Page: 800 x 600 CSS px")
    assert FROM_FILE_NOTE in facts and "Sign in" in facts


def _read_of(width: int, *texts: str) -> DesignRead:
    lines = tuple(
        ReadLine(text, Kind.HEADING, Box(16, 40 * n, width - 32, 28), (17, 24, 39))
        for n, text in enumerate(texts, start=1)
    )
    return DesignRead(
        width, 800, (255, 255, 255), lines, (Region(Kind.HEADER, Box(0, 0, width, 60), None),), None, None, ""
    )  # type: ignore[arg-type]


def test_each_frame_gets_its_own_labelled_facts() -> None:
    facts, left_out = frames_facts(
        [(390, _read_of(390, "Menu", "Design to code")), (1280, _read_of(1280, "Pricing", "Design to code"))],
        Grounding.LAYOUT,
    )
    mobile, desktop = facts.split("\n\n", 1)[0], facts.split("Frame 2 of 2", 1)[1]
    assert mobile.startswith("Frame 1 of 2, 390 CSS px wide:\nPage: 390 x 800 CSS px")
    assert ': "Menu"' in facts.split("Frame 2 of 2")[0] and ': "Menu"' not in desktop
    assert desktop.startswith(", 1280 CSS px wide:\nPage: 1280 x 800 CSS px") and ': "Pricing"' in desktop
    assert "- header [0, 0, 1280, 60]" in desktop and left_out == ""


def test_a_frames_request_is_grounded_per_frame_and_sent_in_one_request(
    fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from converters.engines import grounding

    desktop = load_design(encode(landing_page(), "PNG"), "desktop.png")
    mobile = load_design(encode(landing_page(390, 900), "PNG"), "mobile.png")
    reads = {1280: _read_of(1280, "Pricing"), 390: _read_of(390, "Menu")}
    monkeypatch.setattr(grounding, "read_design_of", lambda design, cancel=None: reads[design.width])
    monkeypatch.setattr(grounding, "_READINGS", type(grounding._READINGS)())
    request = ConversionRequest(
        desktop, Target.HTML_CSS, grounding=Grounding.TEXT, frames=screen_frames([mobile, desktop])
    )
    fake_openai.script(Reply(content=REPLY))
    conversion = kimi_engine(fake_openai).convert(request)
    body = fake_openai.chat_requests()[-1].body
    assert body is not None
    text = body["messages"][1]["content"][-1]["text"]
    first, second = (
        text.index("Frame 1 of 2, 390 CSS px wide:"),
        text.index("Frame 2 of 2, 1280 CSS px wide:"),
    )
    assert first < text.index(': "Menu"') < second < text.index(': "Pricing"')
    assert "The image is the truth" in text
    assert conversion.grounding_tokens == estimate_tokens(
        frames_facts(list(zip((390, 1280), (reads[390], reads[1280]), strict=True)), Grounding.TEXT)[0]
    )
