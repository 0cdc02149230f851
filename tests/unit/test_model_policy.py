"""The model-facing copy follows its documented size policy and token estimate."""

from __future__ import annotations

import io

from PIL import Image

from converters import ModelImagePolicy, load_design
from tests.builders import encode, mock_ui


def test_small_images_are_not_resized() -> None:
    policy = ModelImagePolicy()
    assert policy.fit(1280, 800) == (1280, 800)
    assert policy.estimate_tokens(1280, 800) == 46 * 29


def test_pixel_budget_and_longest_side_both_hold() -> None:
    policy = ModelImagePolicy()
    for width, height in [(4000, 3000), (1280, 12000), (7000, 200), (20000, 300), (3000, 3000)]:
        fitted = policy.fit(width, height)
        assert fitted[0] * fitted[1] <= policy.max_pixels
        assert max(fitted) <= policy.max_side
        assert abs(fitted[0] / fitted[1] - width / height) < 0.02 * width / height + 0.01


def test_model_copy_bytes_match_the_policy() -> None:
    policy = ModelImagePolicy(max_side=200, max_pixels=200 * 200)
    design = load_design(encode(mock_ui(640, 400), "PNG"), "a.png", model_policy=policy)
    assert design.model_size == (200, 125)
    copy = Image.open(io.BytesIO(design.model_copy.data))
    assert copy.size == (design.model_copy.width, design.model_copy.height) == (200, 125)
    assert (copy.format, copy.mode, design.model_copy.mime) == ("PNG", "RGB", "image/png")
    assert design.model_data_url().startswith("data:image/png;base64,")
    assert design.model_tokens == 8 * 5


def test_model_copy_is_the_same_png_when_within_policy() -> None:
    design = load_design(encode(mock_ui(), "PNG"), "a.png")
    assert design.model_copy.data is design.png


def test_photographic_sources_get_jpeg_copies_with_the_right_mime() -> None:
    photo = mock_ui(4000, 3000)
    design = load_design(encode(photo, "JPEG", quality=90), "sketch.jpg")
    assert design.model_copy.mime == "image/jpeg"
    assert design.model_data_url().startswith("data:image/jpeg;base64,")
    with Image.open(io.BytesIO(design.model_copy.data)) as copy:
        assert copy.format == "JPEG" and copy.size == design.model_size
    assert design.display_copy.mime == "image/jpeg"
    assert (design.display_copy.width, design.display_copy.height) == (2048, 1536)
    assert design.png.startswith(b"\x89PNG")  # the normalised image itself stays lossless


def test_display_copy_keeps_narrow_pages_whole() -> None:
    design = load_design(encode(mock_ui(640, 4000), "PNG"), "tall.png")
    assert design.display_copy.data is design.png
    assert (design.display_copy.width, design.display_copy.height) == (640, 4000)
