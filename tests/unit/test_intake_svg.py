"""SVG is rendered safely: no entities, no fetches, no file reads, no scripts, bounded size."""

from __future__ import annotations

import gzip
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from converters import CorruptFileError, LimitExceededError, SourceFormat, UnsupportedFormatError, load_design
from converters.intake import svg as svg_intake
from tests.builders import BUTTON, HEADER, MOCK_SVG_BODY, encode, mock_ui, svg


def _must_not_draw(*args: object) -> None:
    raise AssertionError("the SVG was drawn; it should have been refused before drawing")


def test_svg_renders_at_twice_its_css_size_on_white() -> None:
    design = load_design(svg(MOCK_SVG_BODY), "frame.svg")
    assert design.source_format is SourceFormat.SVG
    assert (design.width, design.height, design.scale) == (640, 400, 2.0)
    image = design.image()
    assert image.getpixel((20, 20)) == HEADER
    assert image.getpixel((100, 330)) == BUTTON
    assert image.getpixel((600, 380)) == (255, 255, 255)  # transparent canvas -> white


def test_svg_size_from_units_and_viewbox() -> None:
    in_cm = load_design(
        svg(MOCK_SVG_BODY, width="8cm", height="5cm", extra='viewBox="0 0 320 200"'), "cm.svg"
    )
    assert (in_cm.width, in_cm.height) == (604, 377)  # 8 cm = 302.36 CSS px, x2, floored
    only_box = load_design(
        svg(MOCK_SVG_BODY, width="100%", height="100%", extra='viewBox="0 0 320 200"'), "v.svg"
    )
    assert (only_box.width, only_box.height) == (640, 400)


def test_svgz_is_read() -> None:
    design = load_design(gzip.compress(svg(MOCK_SVG_BODY)), "frame.svgz")
    assert design.image().getpixel((20, 20)) == HEADER


def test_svg_without_any_size_is_refused() -> None:
    data = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>'
    with pytest.raises(CorruptFileError, match="has no size"):
        load_design(data, "nosize.svg")


def test_svg_with_external_entity_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY leak SYSTEM "file://{secret}">]>'
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><text y="20">&leak;</text></svg>'
    ).encode()
    with pytest.raises(UnsupportedFormatError, match="declares XML entities") as caught:
        load_design(data, "xxe.svg")
    assert "TOP-SECRET" not in str(caught.value)


def test_billion_laughs_is_refused_quickly() -> None:
    entities = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    data = (
        f'<!DOCTYPE svg [{entities}]><svg xmlns="http://www.w3.org/2000/svg" width="9" height="9">&a9;</svg>'
    )
    with pytest.raises(UnsupportedFormatError):
        load_design(data.encode(), "laughs.svg")


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(encode(mock_ui(), "PNG"))

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    _CountingHandler.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_external_href_is_never_fetched(local_server: str, tmp_path: Path) -> None:
    red = tmp_path / "red.png"
    red.write_bytes(encode(mock_ui().resize((50, 50)).point(lambda _: 255), "PNG"))
    body = (
        f'<image href="{local_server}/track.png" x="0" y="0" width="100" height="100"/>'
        f'<image xlink:href="file://{red}" x="100" y="0" width="100" height="100"/>'
        '<rect x="0" y="150" width="20" height="20" fill="#000"/>'
    )
    design = load_design(svg(body), "remote.svg")
    assert _CountingHandler.hits == []
    image = design.image()
    assert image.getpixel((100, 100)) == (255, 255, 255)  # the remote image did not load
    assert image.getpixel((300, 100)) == (255, 255, 255)  # nor the local file
    assert image.getpixel((10, 310)) == (0, 0, 0)  # the rest still renders
    assert any("Did not load 2 external resource(s)" in note for note in design.notes)


def test_script_is_ignored_with_a_note() -> None:
    body = (
        MOCK_SVG_BODY + '<script>document.write("x")</script><rect onclick="alert(1)" width="1" height="1"/>'
    )
    design = load_design(svg(body), "script.svg")
    assert design.image().getpixel((20, 20)) == HEADER
    assert any("Ignored 2 script(s)" in note for note in design.notes)


@pytest.mark.parametrize(("width", "height"), [("100000000", "100000000"), ("1e12", "10"), ("30000", "10")])
def test_absurd_size_is_refused_without_rendering(
    width: str, height: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(svg_intake, "_draw", _must_not_draw)
    with pytest.raises(LimitExceededError, match="limit is 20,000 px per side"):
        load_design(svg("<rect width='10' height='10'/>", width=width, height=height), "huge.svg")


def test_large_svg_is_rendered_smaller_to_fit_the_pixel_budget() -> None:
    design = load_design(svg("<rect width='10' height='10'/>", width="19000", height="4000"), "wide.svg")
    assert design.width * design.height <= 40_000_000
    assert design.scale < 1.0
    assert any("instead of 2×" in note for note in design.notes)


def test_use_bomb_is_refused_before_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    defs = '<rect id="a0" width="1" height="1"/>' + "".join(
        f'<g id="a{i}">' + f'<use href="#a{i - 1}"/>' * 10 + "</g>" for i in range(1, 7)
    )
    monkeypatch.setattr(svg_intake, "_draw", _must_not_draw)
    with pytest.raises(LimitExceededError, match="nested <use> references"):
        load_design(svg(f'<defs>{defs}</defs><use href="#a6"/>'), "bomb.svg")


def test_use_cycle_is_refused() -> None:
    with pytest.raises(CorruptFileError, match="refers to itself"):
        load_design(svg('<g id="loop"><use href="#loop"/></g>'), "cycle.svg")


def test_malformed_svg() -> None:
    with pytest.raises(CorruptFileError, match="not well-formed"):
        load_design(b'<svg xmlns="http://www.w3.org/2000/svg" width="10"><rect></svg>', "broken.svg")
