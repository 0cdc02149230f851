"""The frames of one screen in one request: each frame's image after a line with its width,
narrowest first, then a task that asks for one mobile-first page with breakpoints at the wider
frames' widths in the target's terms; through the engine, on the fake server."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from PIL import Image, ImageDraw

from converters.conversion import ConversionRequest, Revision, screen_frames
from converters.engines.frame_messages import TAILWIND_BREAKPOINTS, breakpoint_rule
from converters.engines.messages import build_messages
from converters.intake import DesignImage, load_design
from converters.intake.design import model_picture
from converters.prompts import PromptRegistry
from converters.targets import Target
from tests.builders import encode
from tests.fakes.engines import HTML_REPLY, kimi_engine
from tests.fakes.openai_server import FakeOpenAIServer, Reply


def frame(width: int, height: int, name: str, fill: tuple[int, int, int]) -> DesignImage:
    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).rectangle((0, 0, width, 60), fill=fill)
    return load_design(encode(image, "PNG"), name)


@pytest.fixture(scope="module")
def screen() -> ConversionRequest:
    """A desktop frame (1280 px) and a mobile one (a 2x export of 390 CSS px), given desktop first."""
    desktop = frame(1280, 800, "desktop.png", (79, 70, 229))
    mobile = frame(780, 1600, "mobile.png", (16, 185, 129))
    frames = screen_frames([desktop, mobile], [1280, 390])  # a 2x phone export is given its width
    return ConversionRequest(desktop, Target.HTML_TAILWIND, frames=frames)


def user_parts(request: ConversionRequest) -> list[dict[str, Any]]:
    messages, _ = build_messages(request, PromptRegistry.default())
    parts: list[dict[str, Any]] = messages[1]["content"]
    return parts


def test_each_frame_comes_after_a_line_with_its_width_narrowest_first(screen: ConversionRequest) -> None:
    parts = user_parts(screen)
    assert [part["type"] for part in parts] == ["text", "image_url", "text", "image_url", "text"]
    assert parts[0]["text"] == "Frame 1 of 2: 390 CSS px wide (image 780 x 1600 px)."
    assert parts[2]["text"] == "Frame 2 of 2: 1280 CSS px wide (image 1280 x 800 px)."
    mobile, desktop = (frame.design for frame in screen.frames)
    assert parts[1]["image_url"]["url"] == mobile.model_data_url()
    assert parts[3]["image_url"]["url"] == desktop.model_data_url()


def test_the_task_asks_for_one_mobile_first_page_with_breakpoints_at_the_frames_widths(
    screen: ConversionRequest,
) -> None:
    text = user_parts(screen)[-1]["text"]
    assert text.startswith("Convert this screen into HTML + Tailwind. It comes as 2 frames")
    assert "- 390 px: mobile.png\n- 1280 px: desktop.png" in text
    assert "Mobile-first" in text and "No duplicated markup" in text
    assert "`xl:` (1280 px) for the 1280 px frame" in text  # 1280 px is Tailwind's xl
    assert "hidden at the other frames' widths" in text and "`hidden md:flex`" in text
    assert "Dominant colours of the widest frame" in text and "#4f46e5" in text  # the desktop's header
    css = user_parts(dataclasses.replace(screen, target=Target.HTML_CSS))[-1]["text"]
    assert "`@media (min-width: 1280px)` for the 1280 px frame" in css and "`display: none`" in css


def test_a_width_off_tailwinds_scale_gets_an_arbitrary_breakpoint() -> None:
    assert breakpoint_rule(1024, Target.REACT_TAILWIND) == "`lg:` (1024 px)"
    assert breakpoint_rule(900, Target.REACT_TAILWIND) == "`min-[900px]:`"
    assert breakpoint_rule(900, Target.HTML_CSS) == "`@media (min-width: 900px)`"
    assert TAILWIND_BREAKPOINTS[768] == "md"


def test_the_prompt_set_names_the_frames_prompts_and_its_hash_is_not_the_single_designs(
    screen: ConversionRequest,
) -> None:
    prompts = PromptRegistry.default()
    _, framed = build_messages(screen, prompts)
    _, single = build_messages(dataclasses.replace(screen, frames=()), prompts)
    assert framed.name == "system+targets/html-tailwind+frame-label+frames"
    assert single.name == "system+targets/html-tailwind+task"
    assert framed.sha256 != single.sha256
    assert build_messages(screen, prompts)[1].sha256 == framed.sha256  # pure: the same again


def test_one_design_is_sent_as_before(screen: ConversionRequest) -> None:
    parts = user_parts(dataclasses.replace(screen, frames=()))
    assert [part["type"] for part in parts] == ["image_url", "text"]
    assert parts[1]["text"].startswith("Convert this design into HTML + Tailwind.")


def test_a_check_turn_of_frames_says_which_image_is_the_design(screen: ConversionRequest) -> None:
    render = model_picture(encode(Image.new("RGB", (1280, 900), "white"), "PNG"))
    check = Revision("<main>Hi</main>", "Text missing.", check=True, picture=render)
    messages, _ = build_messages(dataclasses.replace(screen, revision=check), PromptRegistry.default())
    said = messages[-1]["content"][0]["text"]
    assert "the last of the frames' images, the widest frame, is the design" in said


def test_the_engine_sends_every_frame_in_one_request(
    fake_openai: FakeOpenAIServer, screen: ConversionRequest
) -> None:
    fake_openai.script(Reply(content=HTML_REPLY))
    conversion = kimi_engine(fake_openai).convert(screen)
    requests = fake_openai.chat_requests()
    assert len(requests) == 1
    body = requests[0].body
    assert body is not None
    parts = body["messages"][1]["content"]
    assert sum(part["type"] == "image_url" for part in parts) == 2
    assert "390 CSS px wide" in parts[0]["text"] and "1280 CSS px wide" in parts[2]["text"]
    assert conversion.prompt_name.endswith("+frame-label+frames")
    assert conversion.design_sha256 == screen.design.sha256  # the widest frame's
