"""Bad input is refused with an IntakeError that says what is wrong and what to do."""

from __future__ import annotations

import os

import pytest
from PIL import Image, ImageFile

from converters import (
    CorruptFileError,
    IntakeLimits,
    LimitExceededError,
    PageNotFoundError,
    UnsupportedFormatError,
    load_design,
)
from tests.builders import encode, mock_ui, png_bomb


def test_empty_file() -> None:
    with pytest.raises(UnsupportedFormatError, match=r"“empty\.png” is empty \(0 bytes\).*Export the design"):
        load_design(b"", "empty.png")


def test_random_bytes() -> None:
    with pytest.raises(UnsupportedFormatError, match="matches no known format"):
        load_design(os.urandom(4096).replace(b"\x89PNG", b"xxxx"), "noise.png")


def test_text_file_renamed_png() -> None:
    with pytest.raises(
        UnsupportedFormatError, match=r"“notes\.png” holds plain text, not an image.*PNG, JPEG"
    ):
        load_design("Meeting notes: ship the login screen ✓\n".encode() * 20, "notes.png")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"<!DOCTYPE html><html><body>hi</body></html>", "HTML page"),
        (b"PK\x03\x04" + bytes(100), "ZIP archive"),
        (b"8BPS" + bytes(100), "Photoshop"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64), "HEIC"),
    ],
)
def test_other_formats_are_named(content: bytes, says: str) -> None:
    with pytest.raises(UnsupportedFormatError, match=says):
        load_design(content, "design.png")


@pytest.mark.parametrize(
    ("fmt", "cut"), [("PNG", 0.5), ("JPEG", 0.5), ("PNG", 0.98), ("GIF", 0.5), ("WEBP", 0.6)]
)
def test_truncated_files(fmt: str, cut: float) -> None:
    data = encode(mock_ui(640, 400), fmt)
    with pytest.raises(CorruptFileError, match="incomplete|cannot be decoded") as caught:
        load_design(data[: int(len(data) * cut)], f"cut.{fmt.lower()}")
    assert "export it again" in str(caught.value).lower()


def test_decompression_bomb_is_refused_from_the_header(monkeypatch: pytest.MonkeyPatch) -> None:
    """No pixel is decoded (``benchmarks/intake_bench.py`` measures how fast the refusal is)."""
    bomb = png_bomb(100_000, 100_000)
    assert len(bomb) < 1000

    def must_not_decode(self: ImageFile.ImageFile) -> None:
        raise AssertionError("the bomb's pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", must_not_decode)
    with pytest.raises(LimitExceededError, match=r"declares 10,000 megapixels; the limit is 40 megapixels"):
        load_design(bomb, "bomb.png")


def test_pixel_limit_just_over_is_refused_and_just_under_accepted() -> None:
    limits = IntakeLimits(max_pixels=100 * 100)
    with pytest.raises(LimitExceededError, match="megapixels"):
        load_design(encode(mock_ui(101, 100), "PNG"), "big.png", limits=limits)
    assert load_design(encode(mock_ui(100, 100), "PNG"), "ok.png", limits=limits).width == 100


def test_file_size_limit() -> None:
    data = encode(mock_ui(), "PNG")
    with pytest.raises(LimitExceededError, match=r"the limit is 0 MB|limit is"):
        load_design(data, "big.png", limits=IntakeLimits(max_bytes=len(data) - 1))


def test_tiny_image_is_refused() -> None:
    with pytest.raises(LimitExceededError, match=r"only 1 × 1 px.*at least 16 px"):
        load_design(encode(Image.new("RGB", (1, 1), "red"), "PNG"), "dot.png")


def test_page_other_than_one_for_an_image() -> None:
    with pytest.raises(PageNotFoundError, match="one page; there is no page 2"):
        load_design(encode(mock_ui(), "PNG"), "a.png", page=2)


def test_png_with_broken_checksum() -> None:
    data = bytearray(encode(mock_ui(), "PNG"))
    data[40] ^= 0xFF  # inside the first IDAT chunk
    with pytest.raises(CorruptFileError):
        load_design(bytes(data), "bad.png")


def test_bomb_below_pillows_own_guard_gets_exact_size() -> None:
    with pytest.raises(LimitExceededError, match=r"8,000 × 6,000 px \(48\.0 megapixels\); the limit is 40"):
        load_design(png_bomb(8_000, 6_000), "big-header.png")
