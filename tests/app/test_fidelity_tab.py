"""The Fidelity tab and the score badge through AppTest, with a fake fidelity service.

The service is ``tests.fakes.fidelity.FakeFidelityService`` (see ``tests/app/conftest.py``): every
result is scored at once with its ``outcome``, by default ``scored_conversion()`` (Block 90%,
Text 95%, Position 80%, Color 70%, Visual 60%: a badge of 79%).
"""

from __future__ import annotations

import hashlib

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Tab

from converters.a11y import CHECKS
from converters.errors import RenderError
from converters.fidelity.vocabulary import ALL_SCORES
from converters.targets import Target
from tests.app.flows import DESIGN, convert, convert_again, upload
from tests.builders import MOCK_SVG_BODY, encode, mock_ui, shown, svg
from tests.fakes.fidelity import FakeFidelityService, scored_conversion
from tests.fakes.openai_server import FakeOpenAIServer
from ui.fidelity_tab import NO_TEXT


def _tab(app: AppTest, label: str) -> Tab:
    return next(tab for tab in app.tabs if tab.label == label)


def _texts(block: AppTest | Tab, kind: str = "markdown") -> list[str]:
    return [shown(element.value) for element in block.get(kind)]


def _badges(app: AppTest) -> list[str]:
    return [text for text in _texts(app) if "-badge[" in text]


def test_the_fidelity_tab_shows_both_score_sets_with_explanations_and_the_overlay(
    kimi_app: AppTest, fake_openai: FakeOpenAIServer, fidelity: FakeFidelityService
) -> None:
    app = convert(kimi_app, fake_openai)

    assert [tab.label for tab in app.tabs] == ["Preview", "Fidelity", "Code", "Theme", "Versions", "Details"]
    assert _badges(app) == [":orange-badge[:material/target: Fidelity 79%]"]  # mean of 90/95/80/70/60
    tab = _tab(app, "Fidelity")
    page_text = "\n".join(_texts(tab))
    for line in (
        "Block · :green[**90%**]",
        "Text · :green[**95%**]",
        "Position · :orange[**80%**]",
        "Color · :orange[**70%**]",
        "Visual · :red[**60%**]",
        "Absolute positioning · **25%** of elements",
        "Reflow · :red[**fails**]",
        ":green[✓] 768 px: fits",
        ":red[✗] 375 px: 42 px wider than the screen, 3 overlapping text pairs, 1 element with cut-off text",
        "Semantics · **50%** of checks",
        ":green[✓] landmarks · :red[✗] heading order · :gray[n.a.] form controls · :gray[n.a.] images",
        "TreeBLEU · **n/a**: needs a reference page",
        "**2 matched, 1 missing, 1 extra**",
    ):
        assert line in page_text
    for score in ALL_SCORES:
        assert score.explanation in page_text
    # The annotated original and result, side by side, then the accessibility overlay.
    assert len(tab.get("image")) == 3
    assert not tab.error and not tab.info

    tab.toggle[0].set_value(True)
    app.run()
    assert len(_tab(app, "Fidelity").get("image")) == 2  # the blend instead of the two
    sha256 = hashlib.sha256(DESIGN).hexdigest()
    assert [(sha, target) for sha, _, target in fidelity.submitted] == [(sha256, Target.REACT_TAILWIND)]
    assert "export default function App" in fidelity.submitted[0][1]
    assert fidelity.a11y == [True]  # the result view asks for the accessibility report


def test_the_accessibility_section_lists_each_check_and_numbers_every_finding(
    kimi_app: AppTest, fake_openai: FakeOpenAIServer, fidelity: FakeFidelityService
) -> None:
    app = convert(kimi_app, fake_openai)
    page_text = "\n".join(_texts(_tab(app, "Fidelity")))
    for line in (
        "#### Accessibility",
        "Accessibility · **40%** of checks",  # 2 of the 5 checks that apply
        ":red[✗] Text contrast: 1 of 4 elements fail, 1 undecided",
        ":green[✓] Image alt text: 1 element passes",
        ":gray[n.a.] Form labels",
        ":red[✗] Keyboard focus: 1 of 3 elements fail",
        '**1.** Text contrast: p "Extra line"',
        "contrast 2.10:1, needs 4.5:1 (#aaaaaa on #ffffff)",
        "**2.** Landmarks: the whole page",
        '**3.** Keyboard focus: div "Sign up"',
    ):
        assert line in page_text
    for check in CHECKS:
        assert check.label in page_text


def test_a_vector_design_is_scored_at_its_css_width_and_a_raster_at_its_own_width(
    kimi_app: AppTest, fake_openai: FakeOpenAIServer, fidelity: FakeFidelityService
) -> None:
    app = convert(kimi_app, fake_openai)  # a 640 px PNG: one pixel is one CSS px
    upload(app, "plans.svg", svg(MOCK_SVG_BODY, width="600", height="360"))  # drawn 1200 px wide
    convert_again(app, fake_openai)
    assert fidelity.css_widths == [640, 600]


def test_a_failed_scoring_is_explained_and_the_rest_of_the_result_still_works(
    kimi_app: AppTest, fake_openai: FakeOpenAIServer, fidelity: FakeFidelityService
) -> None:
    message = "Chromium did not start from /nowhere: install Debian's chromium or set HANDOFF_CHROMIUM"
    fidelity.outcome = RenderError(message)
    app = convert(kimi_app, fake_openai)

    errors = _texts(_tab(app, "Fidelity"), "error")
    assert errors == [f"This result could not be scored. {message}"]
    assert _badges(app) == [":gray-badge[:material/error: Fidelity not scored]"]
    assert any("export default function App" in code for code in _texts(_tab(app, "Code"), "code"))
    assert [shown(button.proto.label) for button in app.get("download_button")][-2:] == [
        "Download home.jsx",
        "Download home-project.zip",
    ]
    app.run()
    assert len(fidelity.submitted) == 1  # a failed job is not retried on every rerun

    fidelity.outcome = scored_conversion()
    next(button for button in app.button if button.label == "Try again").click()
    app.run()
    assert not app.exception
    assert len(fidelity.submitted) == 2
    assert not _tab(app, "Fidelity").error
    assert _badges(app) == [":orange-badge[:material/target: Fidelity 79%]"]


def test_an_unexpected_failure_shows_no_internals(
    kimi_app: AppTest, fake_openai: FakeOpenAIServer, fidelity: FakeFidelityService
) -> None:
    fidelity.outcome = ValueError("internal detail /srv/secret/path")
    app = convert(kimi_app, fake_openai)
    (error,) = _texts(_tab(app, "Fidelity"), "error")
    assert "Scoring failed unexpectedly (ValueError)" in error
    assert "/srv/secret/path" not in error


def test_while_scoring_the_badge_and_the_tab_say_so(
    kimi_app: AppTest, fake_openai: FakeOpenAIServer, fidelity: FakeFidelityService
) -> None:
    fidelity.outcome = None  # the job never finishes
    app = convert(kimi_app, fake_openai)
    (badge,) = _badges(app)
    assert badge.startswith(":gray-badge[:material/progress_activity: Scoring… ")
    assert "Scoring this result against your design…" in "\n".join(_texts(_tab(app, "Fidelity")))
    assert any("export default function App" in code for code in _texts(_tab(app, "Code"), "code"))


def test_a_design_without_text_is_explained(
    kimi_app: AppTest, fake_openai: FakeOpenAIServer, fidelity: FakeFidelityService
) -> None:
    fidelity.outcome = scored_conversion(reference_blocks=False)
    app = convert(kimi_app, fake_openai)
    tab = _tab(app, "Fidelity")
    assert _texts(tab, "info") == [NO_TEXT]
    assert "Block · :red[**0%**]" in "\n".join(_texts(tab))
    assert "**0 matched, 0 missing, 3 extra**" in "\n".join(_texts(tab))


def test_a_result_whose_design_is_gone_is_not_scored(
    kimi_app: AppTest, fake_openai: FakeOpenAIServer, fidelity: FakeFidelityService
) -> None:
    app = convert(kimi_app, fake_openai)
    app.session_state["fidelity_jobs"] = {}  # as if the result had never been shown
    app.file_uploader[0].set_value(("other.png", encode(mock_ui(320, 200), "PNG"), "image/png"))
    app.run()
    assert not app.exception
    (info,) = _texts(_tab(app, "Fidelity"), "info")
    assert "no longer uploaded" in info
    assert _badges(app) == []
    assert len(fidelity.submitted) == 1
