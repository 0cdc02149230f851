"""A Figma design's file: its picture with the frame's nodes inside, read back by ``load_design``
wherever it goes (the library keeps it, a reopened conversion reads it again)."""

from __future__ import annotations

import hashlib
import io
import json
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from converters.figma import design_file, import_figma_frame
from converters.intake import FigmaFrame, load_design
from converters.intake.figma_png import CHUNK_TYPE, MAX_FRAME_JSON, frame_in, with_frame
from converters.settings import Secret, Settings
from converters.store import Store
from tests.fakes.figma_server import FIGMA_TEST_TOKEN, FakeFigmaServer, load_fixture
from tests.unit.test_store import make_conversion

FRAME = FigmaFrame(
    file_key="AbC123",
    node_id="1:2",
    version="42",
    name="Login – Desktop",
    document={"id": "1:2", "type": "FRAME", "name": "Login – Desktop", "children": [{"id": "1:3"}]},
    components={"9:1": {"name": "Button"}},
)


def _png(size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#336699").save(buffer, format="PNG")
    return buffer.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I4s", len(body), kind) + body + struct.pack(">I", zlib.crc32(kind + body))


def _with_chunk_body(body: bytes) -> bytes:
    png = _png()
    end = png.rindex(b"IEND") - 4
    return png[:end] + _chunk(CHUNK_TYPE, body) + png[end:]


def test_a_frame_rides_in_the_png_and_reads_back_the_same() -> None:
    data = with_frame(_png(), FRAME)
    assert frame_in(data) == FRAME
    with Image.open(io.BytesIO(data)) as opened:  # still a PNG any reader opens
        opened.load()
        assert opened.size == (40, 30)
    design = load_design(data, "Login.png")
    assert design.figma == FRAME
    assert design.notes == ()


def test_writing_a_frame_again_replaces_the_first() -> None:
    other = FigmaFrame("K", "3:4", "7", "Other", {"id": "3:4", "type": "FRAME"})
    data = with_frame(with_frame(_png(), FRAME), other)
    assert data.count(CHUNK_TYPE) == 1
    assert frame_in(data) == other


def test_a_plain_png_carries_no_frame() -> None:
    assert frame_in(_png()) is None
    assert load_design(_png(), "plain.png").figma is None


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"not zlib at all", "damaged"),
        (zlib.compress(b"{not json"), "not readable JSON"),
        (zlib.compress(b"[1, 2]"), "not a frame"),
        (zlib.compress(json.dumps({"version": 99}).encode()), "unknown layout"),
        (zlib.compress(json.dumps({"version": 1, "document": []}).encode()), "hold no frame"),
        (zlib.compress(b"[" * 100_000 + b"]" * 100_000), "not readable JSON"),
    ],
)
def test_a_chunk_that_does_not_read_leaves_the_picture_a_design_and_says_so(body: bytes, reason: str) -> None:
    design = load_design(_with_chunk_body(body), "odd.png")
    assert design.figma is None
    assert (design.width, design.height) == (40, 30)
    assert len(design.notes) == 1 and reason in design.notes[0] and "its pixels" in design.notes[0]


def test_a_chunk_inflating_past_the_cap_is_not_inflated() -> None:
    bomb = zlib.compress(b" " * (MAX_FRAME_JSON + 1024), 9)  # ~33 KB that would inflate to 32 MB
    design = load_design(_with_chunk_body(bomb), "bomb.png")
    assert design.figma is None
    assert "exceed 32 MB" in design.notes[0]


@pytest.fixture
def server() -> Iterator[FakeFigmaServer]:
    with FakeFigmaServer() as fake:
        yield fake


def test_an_imported_frame_keeps_its_nodes_through_the_library(
    server: FakeFigmaServer, tmp_path: Path
) -> None:
    fixture = server.add(load_fixture("auto-layout-cards"))
    settings = Settings(data_dir=tmp_path / "data", figma_api_base=server.base_url)
    design = import_figma_frame(fixture.link, Secret(FIGMA_TEST_TOKEN), settings)
    data = design_file(design)
    assert design.sha256 == hashlib.sha256(data).hexdigest()  # the bytes its key names
    assert FIGMA_TEST_TOKEN.encode() not in data

    store = Store(f"sqlite:///{tmp_path / 'library.db'}")
    try:
        item = store.save(make_conversion(), design, original=data)
        reopened = store.design_image(item.design_key)
    finally:
        store.close()
    assert reopened.figma == design.figma
    assert reopened.sha256 == design.sha256
    assert reopened.image_view().tobytes() == design.image_view().tobytes()


def test_design_file_needs_a_figma_design() -> None:
    with pytest.raises(ValueError, match="imported from Figma"):
        design_file(load_design(_png(), "plain.png"))
