"""Check and revise with the real scorer (Chromium + OCR) and the fake Kimi: a first answer that
leaves out a third of the page's text is revised with feedback that names it, and kept because it
scores better; a revision that scores worse is discarded; the cost cap stops the loop. Four
variants of different quality are ranked by their score."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from converters.conversion import Conversion, ConversionRequest
from converters.fidelity.service import FidelityService
from converters.intake import DesignImage, load_design
from converters.revise import RevisingConverter, design_scorer
from converters.strategies import VariantsConverter, strategies
from converters.targets import Target
from tests.builders import encode, landing_page
from tests.fakes.engines import EventLog, kimi_engine
from tests.fakes.openai_server import FakeOpenAIServer, Reply

pytestmark = pytest.mark.e2e

TEXTS = (
    ("header", "Northwind", 40, 24, 24, "#ffffff"),
    ("nav", "Home Pricing About", 900, 30, 18, "#e2e8f0"),
    ("h1", "Design to code, offline", 120, 160, 44, "#111827"),
    ("p", "Upload a mockup and get clean, responsive code in seconds.", 120, 240, 18, "#374151"),
    ("p", "No key and no network: everything runs on this machine.", 120, 268, 18, "#374151"),
    ("button", "Get started", 158, 346, 18, "#ffffff"),
    ("label", "Email address", 120, 440, 18, "#111827"),
)


def page(kept: int) -> str:
    """The landing page as HTML with the first ``kept`` texts of ``TEXTS`` (in place, in flow)."""
    parts = []
    for _, text, x, y, size, colour in TEXTS[:kept]:
        parts.append(
            f'<div style="position:absolute;left:{x}px;top:{y}px;font:{size}px/1.2 DejaVu Sans,sans-serif;'
            f'color:{colour}">{text}</div>'
        )
    return (
        "```html\n<!DOCTYPE html><html><head><title>Northwind</title></head>"
        '<body style="margin:0;width:1280px;height:800px;position:relative;background:#fff">'
        '<div style="position:absolute;left:0;top:0;width:1280px;height:80px;background:#0f172a"></div>'
        '<div style="position:absolute;left:120px;top:330px;width:200px;height:54px;background:#4f46e5;'
        'border-radius:8px"></div>' + "".join(parts) + "</body></html>\n```"
    )


@pytest.fixture(scope="module")
def service() -> Iterator[FidelityService]:
    scorer = FidelityService()
    yield scorer
    scorer.close()


@pytest.fixture(scope="module")
def design() -> DesignImage:
    return load_design(encode(landing_page(), "PNG"), "landing.png")


def test_a_revision_that_restores_the_missing_text_is_kept_and_the_feedback_named_it(
    fake_openai: FakeOpenAIServer, service: FidelityService, design: DesignImage
) -> None:
    fake_openai.script(Reply(content=page(4)), Reply(content=page(len(TEXTS))))
    events = EventLog()
    engine = RevisingConverter(kimi_engine(fake_openai), design_scorer(service, design), rounds=1)
    result = engine.convert(ConversionRequest(design, Target.HTML_CSS), events)
    assert "Get started" in result.code  # the revision
    (check,) = result.checks
    assert check.kept and check.score_after is not None and check.score_after > check.score_before
    assert '"Get started"' in check.feedback and '"Email address"' in check.feedback
    sent = fake_openai.chat_requests()[1].body
    assert sent is not None and [m["role"] for m in sent["messages"]] == [
        "system",
        "user",
        "assistant",
        "user",
    ]
    feedback_part, picture_part = sent["messages"][3]["content"]  # the feedback, then the render
    assert '"Get started"' in feedback_part["text"] and "Handoff rendered the code" in feedback_part["text"]
    assert "what your code drew" in feedback_part["text"]
    assert picture_part["image_url"]["url"].startswith("data:image/png;base64,")
    assert result.usage is not None and result.usage.input_tokens == 2_000  # both turns counted
    assert "check and revise (1 round(s), 1 kept)" in result.strategy
    assert Conversion.from_dict(json.loads(result.to_json())).checks == result.checks  # stored as made
    print(
        f"revise gain: {check.score_before:.3f} -> {check.score_after:.3f}; model {check.model_s:.2f} s, "
        f"render and score {check.score_s:.2f} s"
    )


def test_a_revision_that_scores_worse_is_discarded(
    fake_openai: FakeOpenAIServer, service: FidelityService, design: DesignImage
) -> None:
    fake_openai.script(Reply(content=page(6)), Reply(content=page(1)))
    engine = RevisingConverter(kimi_engine(fake_openai), design_scorer(service, design), rounds=2)
    result = engine.convert(ConversionRequest(design, Target.HTML_CSS))
    assert "Upload a mockup" in result.code  # the first answer
    (check,) = result.checks  # a revision that did not help ends the loop
    assert not check.kept and check.score_after is not None and check.score_after < check.score_before
    assert len(fake_openai.chat_requests()) == 2


def test_the_cost_cap_stops_the_loop_with_the_best_code(
    fake_openai: FakeOpenAIServer, service: FidelityService, design: DesignImage
) -> None:
    fake_openai.script(Reply(content=page(4)))
    engine = RevisingConverter(
        kimi_engine(fake_openai), design_scorer(service, design), rounds=3, max_cost_usd=0.001
    )
    result = engine.convert(ConversionRequest(design, Target.HTML_CSS))
    (check,) = result.checks
    assert not check.kept and check.score_after is None and "cost cap ($0.0010)" in check.note
    assert len(fake_openai.chat_requests()) == 1


def test_four_variants_of_different_quality_are_ranked_by_their_score(
    fake_openai: FakeOpenAIServer, service: FidelityService, design: DesignImage
) -> None:
    # The variants ask at the same time, so which strategy gets which reply is the server's order:
    # what is pinned is that the ranking follows the replies' quality, whoever got them.
    fake_openai.script(*(Reply(content=page(kept)) for kept in (1, 3, 5, len(TEXTS))))
    converter = VariantsConverter(kimi_engine(fake_openai), design_scorer(service, design), strategies(4))
    result = converter.convert(ConversionRequest(design, Target.HTML_CSS))
    ranked = converter.ranked
    assert len(ranked) == 4 and all(variant.score is not None for variant in ranked)
    scores = [variant.score or 0.0 for variant in ranked]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]
    kept = [
        sum(text in (variant.conversion.code if variant.conversion else "") for _, text, *_ in TEXTS)
        for variant in ranked
    ]
    assert kept == [len(TEXTS), 5, 3, 1]  # more of the page's text, a better score
    assert result.code == ranked[0].conversion.code if ranked[0].conversion else False
    assert {variant.strategy for variant in ranked} == set(strategies(4))
    assert len(fake_openai.chat_requests()) == 4  # one request each: the agent answered without a check
