"""Prompt building is pure: same request, same messages; image first; palette and rules in."""

from __future__ import annotations

import dataclasses

from PIL import Image

from converters.conversion import ConversionRequest, Revision
from converters.engines.messages import build_messages
from converters.intake import load_design
from converters.intake.design import model_picture
from converters.palette import dominant_colours
from converters.prompts import PromptRegistry
from converters.targets import Target
from tests.builders import BUTTON, HEADER, MOCK_SVG_BODY, encode, mock_ui, svg


def _request(target: Target, instructions: str = "") -> ConversionRequest:
    design = load_design(encode(mock_ui(640, 400), "PNG"), "home.png")
    return ConversionRequest(design=design, target=target, instructions=instructions)


def test_messages_for_each_target() -> None:
    prompts = PromptRegistry.default()
    for target, rule in [
        (Target.REACT_TAILWIND, "default-exports a component named App"),
        (Target.HTML_CSS, "one `<style>` element"),
        (Target.HTML_TAILWIND, "Do not include the Tailwind script"),
    ]:
        messages, used = build_messages(_request(target), prompts)
        system, user = messages
        assert "Exact text" in system["content"] and rule in system["content"]
        assert [part["type"] for part in user["content"]] == ["image_url", "text"]
        assert f"Convert this design into {target.label}." in user["content"][1]["text"]
        assert used.name == f"system+targets/{target.value}+task"


def test_palette_lists_the_designs_own_colours() -> None:
    messages, _ = build_messages(_request(Target.HTML_CSS), PromptRegistry.default())
    text = messages[1]["content"][1]["text"]
    for colour in (HEADER, BUTTON, (255, 255, 255)):
        assert "#{:02x}{:02x}{:02x}".format(*colour) in text


def test_instructions_are_added_only_when_given() -> None:
    prompts = PromptRegistry.default()
    plain, plain_set = build_messages(_request(Target.HTML_CSS, "   "), prompts)
    extra, extra_set = build_messages(_request(Target.HTML_CSS, "Use a dark theme."), prompts)
    assert "Additional instructions" not in plain[1]["content"][1]["text"]
    assert "Use a dark theme." in extra[1]["content"][1]["text"]
    assert extra_set.name.endswith("+instructions") and extra_set.sha256 != plain_set.sha256


def test_same_request_same_messages_and_hash() -> None:
    prompts = PromptRegistry.default()
    first = build_messages(_request(Target.HTML_TAILWIND), prompts)
    second = build_messages(_request(Target.HTML_TAILWIND), prompts)
    assert first[0] == second[0] and first[1].sha256 == second[1].sha256


def test_vector_designs_state_their_css_size() -> None:
    design = load_design(svg(MOCK_SVG_BODY), "frame.svg")
    messages, _ = build_messages(ConversionRequest(design, Target.HTML_CSS), PromptRegistry.default())
    assert "rendered at 2x, so the design is 320 x 200 CSS pixels" in messages[1]["content"][1]["text"]


def test_dominant_colours_are_exact_and_ordered() -> None:
    swatches = dominant_colours(mock_ui(640, 400))
    assert swatches[0].hex == "#ffffff"
    assert {"#4f46e5", "#10b981", "#c8c8c8"} <= {swatch.hex for swatch in swatches}
    assert [s.share for s in swatches] == sorted((s.share for s in swatches), reverse=True)


def test_a_check_turn_carries_the_feedback_then_the_render_and_a_change_carries_neither() -> None:
    prompts = PromptRegistry.default()
    render = model_picture(encode(Image.new("RGB", (1280, 9000), "white"), "PNG"))
    assert max(render.width, render.height) <= 7_168  # sized as a design's model copy
    check = Revision("<main>Hi</main>", 'Text missing: "Sign up".', check=True, picture=render)
    request = dataclasses.replace(_request(Target.HTML_CSS), revision=check)
    messages, _ = build_messages(request, prompts)
    text, picture = messages[-1]["content"]
    assert "Sign up" in text["text"] and "what your code drew" in text["text"]
    assert picture == {"type": "image_url", "image_url": {"url": render.data_url()}}
    without = dataclasses.replace(request, revision=dataclasses.replace(check, picture=None))
    plain = build_messages(without, prompts)[0][-1]["content"]
    assert isinstance(plain, str) and "what your code drew" not in plain
