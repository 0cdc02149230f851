"""The accessibility checks in real Chromium: one small page made to fail each check, one that
passes them all, and a page that tries to fool the checker from its own scripts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from converters.a11y import CHECK_KEYS, A11yReport
from converters.render import Renderer
from converters.targets import Target

pytestmark = pytest.mark.e2e

PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
# Every check applies to this page and passes: landmarks, headings in order, dark text on white,
# an image with alt text, a labelled field, a named button and links, all reachable by Tab.
MAIN = f"""
<h1>Plans</h1>
<h2>Team</h2>
<p>Everything a small team needs.</p>
<img src="{PIXEL}" alt="Team photo" width="40" height="40">
<label for="mail">Email</label> <input id="mail" type="email">
<button type="button">Subscribe</button>
"""


def page(main: str = MAIN, *, landmarks: bool = True, head: str = "") -> str:
    """A small page around ``main``; without ``landmarks``, its parts are plain divs."""
    header, body, footer = ("header", "main", "footer") if landmarks else ("div", "div", "div")
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Plans</title>{head}</head>'
        f'<body style="font: 16px sans-serif; color: #111; background: #fff">'
        f'<{header}><a href="#top">Home</a> <a href="#plans">Plans</a></{header}>'
        f"<{body}>{main}</{body}>"
        f"<{footer}><p>© Plans Inc.</p></{footer}></body></html>"
    )


FAILING = {
    # Grey text on a translucent panel: the background is what the page paints there, not white.
    "contrast": page(
        MAIN + '<div style="background: rgba(0, 0, 0, 0.5)"><p style="color: #777">On the panel</p></div>'
    ),
    "image_alt": page(MAIN + f'<img src="{PIXEL}" width="30" height="30">'),
    "form_labels": page(MAIN + '<input type="text">'),
    "button_names": page(MAIN + '<button type="button" style="width: 40px; height: 20px"></button>'),
    "link_names": page(
        MAIN + '<a href="#more"><span style="display: inline-block; width: 16px; height: 16px"></span></a>'
    ),
    "heading_order": page(MAIN.replace("<h2>Team</h2>", "<h4>Team</h4>")),
    "landmarks": page(landmarks=False),
    "keyboard": page(MAIN + '<div onclick="void 0" style="cursor: pointer">Open menu</div>'),
}
"""One page per check, failing that check alone."""


@pytest.fixture(scope="module")
def renderer(chromium_path: str) -> Iterator[Renderer]:
    with Renderer(chromium_path=chromium_path) as renderer:
        yield renderer


def audit(renderer: Renderer, html: str) -> A11yReport:
    report = renderer.render_code(html, Target.HTML_CSS, width=800, a11y=True).a11y
    assert report is not None and not report.error
    return report


def test_a_clean_page_passes_every_check_and_each_check_applies(renderer: Renderer) -> None:
    report = audit(renderer, page())

    assert [check.key for check in report.checks] == list(CHECK_KEYS)
    assert [check.key for check in report.checks if check.outcome is not True] == []
    assert report.share == 1.0 and report.findings == ()
    assert report.check("keyboard").passed == 4  # the two links, the field and the button
    assert renderer.render_code(page(), Target.HTML_CSS, width=800).a11y is None  # off by default


@pytest.mark.parametrize("check", list(FAILING), ids=str)
def test_a_page_made_to_fail_one_check_fails_that_check_alone(renderer: Renderer, check: str) -> None:
    report = audit(renderer, FAILING[check])

    assert [c.key for c in report.checks if c.outcome is False] == [check]
    assert report.share == pytest.approx(7 / 8)
    assert report.findings and {finding.check for finding in report.findings} == {check}
    first = report.findings[0]
    assert first.selector and first.element and first.message
    if check == "contrast":  # the ratio and the colours read in the browser
        assert first.element == 'p "On the panel"' and first.contrast is not None
        assert (first.contrast.foreground, first.contrast.background) == ("#777777", "#808080")
        assert first.contrast.ratio < 1.2 and first.contrast.expected == 4.5
    if check == "landmarks":
        assert any(finding.box is None for finding in report.findings)  # "no main landmark": the page
    else:
        assert first.box is not None and first.box[1] > 0  # points at the element, in page px


def test_a_page_cannot_fool_the_checks_from_its_own_scripts(renderer: Renderer) -> None:
    # The checker runs in a world of its own: the page's built-ins and globals are not its.
    tamper = """<script>
      window.axe = { run: async () => ({ passes: [], violations: [], incomplete: [] }) };
      Array.prototype.filter = function () { return []; };
      Element.prototype.getBoundingClientRect = () => new DOMRect(0, 0, 0, 0);
      window.getComputedStyle = () => ({ color: "rgb(0, 0, 0)", getPropertyValue: () => "" });
    </script>"""
    report = audit(renderer, page(MAIN + '<p style="color: #bbbbbb">Faint small print</p>', head=tamper))

    assert report.check("contrast").outcome is False
    assert report.check("keyboard").outcome is True  # Tab still walks the page


def test_a_reference_page_is_checked_the_same_way(renderer: Renderer, tmp_path: Path) -> None:
    path = tmp_path / "reference.html"
    path.write_text(FAILING["heading_order"], encoding="utf-8")

    report = renderer.render_html_file(path, a11y=True).a11y

    assert report is not None and [c.key for c in report.checks if c.outcome is False] == ["heading_order"]


def test_radios_of_one_group_are_reached_by_the_tab_stop_of_their_group(renderer: Renderer) -> None:
    # Tab stops once per group of radios (one name); the arrow keys move within the group.
    radios = "".join(
        f'<label><input type="radio" name="plan" value="{plan}"> {plan}</label>'
        for plan in ("Free", "Pro", "Team")
    )
    alone = '<label><input type="radio" name="other" tabindex="-1"> Skipped</label>'
    report = audit(renderer, page(MAIN + radios))
    assert report.check("keyboard").outcome is True
    assert report.check("keyboard").passed == 7  # the two links, the field, the button, three radios

    skipped = audit(renderer, page(MAIN + radios + alone))  # a group Tab never reaches still fails
    assert skipped.check("keyboard").failed == 1
