"""The offline engine converts the frames of one screen into one responsive page (issue 16);
frames that do not go together give the widest frame's page and say why."""

from __future__ import annotations

from converters import load_design
from converters.conversion import ConversionRequest, screen_frames
from converters.offline.engine import OfflineEngine
from converters.targets import Target

FONT = 'font-family="DejaVu Sans" fill="#0f172a"'


def _svg(width: int, height: int, texts: list[tuple[int, int, int, str]]) -> bytes:
    """An SVG frame with live text: (x, baseline y, font size, words) each."""
    runs = "".join(
        f'<text x="{x}" y="{y}" font-size="{size}" {FONT}>{words}</text>' for x, y, size, words in texts
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">'
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>{runs}</svg>'
    ).encode()


DESKTOP = _svg(
    1280,
    400,
    [
        (40, 60, 32, "Plans for every team"),
        (1120, 56, 16, "Pricing"),
        (40, 200, 16, "Starter is for trying things out"),
        (680, 200, 16, "Studio is for agencies and studios"),
    ],
)
MOBILE = _svg(
    390,
    600,
    [
        (16, 60, 28, "Plans for every team"),
        (16, 110, 16, "Menu"),
        (16, 200, 16, "Starter is for trying things out"),
        (16, 320, 16, "Studio is for agencies and studios"),
    ],
)
OTHER_SCREEN = _svg(
    390,
    600,
    [(16, 60, 28, "Your basket"), (16, 200, 16, "Nothing in it yet"), (16, 320, 16, "Keep shopping")],
)


def _convert(
    frames: list[tuple[bytes, str]], target: Target = Target.HTML_CSS
) -> tuple[str, tuple[str, ...]]:
    designs = [load_design(data, name) for data, name in frames]
    ordered = screen_frames(designs)
    request = ConversionRequest(design=ordered[-1].design, target=target, frames=ordered)
    conversion = OfflineEngine().convert(request)
    return conversion.code, conversion.warnings


def test_a_desktop_and_a_mobile_frame_give_one_page_with_a_breakpoint_between() -> None:
    code, warnings = _convert([(DESKTOP, "desktop.svg"), (MOBILE, "mobile.svg")])
    assert warnings == ()
    assert "@media (min-width: 1280px)" in code
    body = code[code.index("<body") :]
    for words in ("Plans for every team", "Starter is for trying things out", "Pricing", "Menu"):
        assert body.count(words) == 1, words  # each element once, shown or hidden per width


def test_the_tailwind_targets_use_the_breakpoint_prefix() -> None:
    code, _ = _convert([(MOBILE, "mobile.svg"), (DESKTOP, "desktop.svg")], Target.REACT_TAILWIND)
    assert "xl:" in code and code.count("Studio is for agencies and studios") == 1


def test_frames_of_different_screens_give_the_widest_page_and_say_so() -> None:
    code, warnings = _convert([(DESKTOP, "desktop.svg"), (OTHER_SCREEN, "basket.svg")])
    assert any("look like different screens" in warning for warning in warnings)
    assert "@media (min-width" not in code and "Plans for every team" in code and "Your basket" not in code


def test_frames_too_close_in_width_give_the_widest_page_and_say_so() -> None:
    wider = _svg(
        1440, 400, [(40, 60, 32, "Plans for every team"), (40, 200, 16, "Starter is for trying things out")]
    )
    code, warnings = _convert([(DESKTOP, "desktop.svg"), (wider, "wide.svg")])
    assert any("too close in width" in warning for warning in warnings)
    assert "max-width: 1440px" in code and "@media (min-width" not in code
