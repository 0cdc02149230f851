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
    copy = Image.open(io.BytesIO(design.model_png))
    assert copy.size == (200, 125) and copy.mode == "RGB"
    assert design.model_data_url().startswith("data:image/png;base64,")
    assert design.model_tokens == 8 * 5


def test_model_copy_is_the_same_png_when_within_policy() -> None:
    design = load_design(encode(mock_ui(), "PNG"), "a.png")
    assert design.model_png is design.png
