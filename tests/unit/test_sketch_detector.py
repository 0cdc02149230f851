"""The sketch widget detector: the committed model, decoding, refusals and awkward images."""

from __future__ import annotations

import hashlib
import itertools
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from converters.errors import EngineError
from converters.intake.kinds import SKETCH_CLASSES
from converters.offline.model import Box
from converters.offline.sketch import detector
from converters.offline.sketch.detector import (
    MODEL_PATH,
    MODEL_SHA256,
    OUTPUT_STRIDE,
    SketchBox,
    SketchDetector,
    decode,
    detect_widgets,
    grayscale,
    ink_map,
)

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _wobbly_rect(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], rng: np.random.Generator) -> None:
    x0, y0, x1, y1 = box
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
    for (ax, ay), (bx, by) in itertools.pairwise(corners):
        mid = ((ax + bx) / 2 + rng.normal(0, 1.5), (ay + by) / 2 + rng.normal(0, 1.5))
        draw.line([(ax, ay), mid, (bx, by)], fill=(40, 40, 90), width=3)


def pen_sketch() -> tuple[Image.Image, dict[str, Box]]:
    """A pen-on-paper-like page: a heading, a crossed image, a text box and a button with text."""
    rng = np.random.default_rng(3)
    image = Image.new("RGB", (1200, 900), (236, 234, 228))
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 44)
    big = ImageFont.truetype(FONT, 64)
    draw.text((100, 60), "Our products", font=big, fill=(40, 40, 90))
    _wobbly_rect(draw, (100, 220, 420, 500), rng)
    draw.line([(100, 220), (420, 500)], fill=(40, 40, 90), width=3)
    draw.line([(420, 220), (100, 500)], fill=(40, 40, 90), width=3)
    _wobbly_rect(draw, (560, 260, 1060, 340), rng)
    _wobbly_rect(draw, (560, 620, 900, 720), rng)
    draw.text((640, 640), "Submit", font=font, fill=(40, 40, 90))
    truth = {
        "Image": Box(95, 215, 330, 290),
        "TextBox": Box(555, 255, 510, 90),
        "Button": Box(555, 615, 350, 110),
    }
    return image, truth


def _iou(a: Box, b: Box) -> float:
    ix = max(0, min(a.right, b.right) - max(a.x, b.x))
    iy = max(0, min(a.bottom, b.bottom) - max(a.y, b.y))
    inter = ix * iy
    return inter / (a.area + b.area - inter)


def test_the_committed_model_matches_its_checksum() -> None:
    assert hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest() == MODEL_SHA256
    assert MODEL_PATH.stat().st_size < 20_000_000


def test_it_finds_the_widgets_of_a_drawing_in_their_places() -> None:
    image, truth = pen_sketch()
    found = detect_widgets(image)
    assert found, "nothing found on a drawing of four widgets"
    assert all(isinstance(b, SketchBox) and b.label in SKETCH_CLASSES for b in found)
    assert [b.score for b in found] == sorted((b.score for b in found), reverse=True)
    for label, box in truth.items():
        best = max((_iou(b.box, box) for b in found if b.label == label), default=0.0)
        assert best >= 0.5, f"{label} not found where it was drawn: {found}"


def test_boxes_are_in_pixels_of_the_image_given() -> None:
    image, truth = pen_sketch()
    half = image.resize((600, 450))
    found = detect_widgets(half)
    images = [b.box for b in found if b.label == "Image"]
    assert images
    full = truth["Image"]
    assert max(_iou(b, Box(full.x // 2, full.y // 2, full.w // 2, full.h // 2)) for b in images) >= 0.5
    assert all(b.box.x >= 0 and b.box.right <= 600 and b.box.y >= 0 and b.box.bottom <= 450 for b in found)


def test_a_damaged_model_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    copy = tmp_path / "sketch.onnx"
    shutil.copy(MODEL_PATH, copy)
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    with pytest.raises(EngineError, match="damaged"):
        SketchDetector(copy, MODEL_SHA256)


def test_a_missing_model_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="missing"):
        SketchDetector(tmp_path / "absent.onnx", MODEL_SHA256)


def test_a_file_that_is_no_model_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "sketch.onnx"
    junk.write_bytes(b"not a model")
    with pytest.raises(EngineError, match="cannot be loaded"):
        SketchDetector(junk, None)


@pytest.mark.parametrize("size", [(1, 1), (3, 500), (500, 3), (31, 33)])
def test_tiny_and_thin_images_give_a_result(size: tuple[int, int]) -> None:
    found = detect_widgets(Image.new("RGB", size, "white"))
    assert all(0 <= b.box.x < size[0] and b.box.right <= size[0] for b in found)


def test_a_large_photo_is_read_and_an_oversized_one_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    image, _ = pen_sketch()
    large = image.resize((4800, 3600))
    assert any(b.label == "Image" for b in detect_widgets(large))
    monkeypatch.setattr(detector, "MAX_INPUT_PIXELS", 1_000_000)
    with pytest.raises(EngineError, match="too large"):
        detect_widgets(large)


@pytest.mark.parametrize("mode", ["L", "1", "P", "RGBA", "LA", "CMYK", "I;16", "I", "F"])
def test_every_image_mode_is_read(mode: str) -> None:
    image, _ = pen_sketch()
    if mode in ("I;16", "I", "F"):
        values = np.asarray(image.convert("L"), np.float32) * 257
        odd = (
            Image.fromarray(values.astype(np.uint16))
            if mode == "I;16"
            else Image.fromarray(values).convert(mode)
        )
    else:
        odd = image.convert(mode)
    gray = grayscale(odd)
    assert gray.dtype == np.uint8 and gray.shape == (image.height, image.width)
    assert gray.max() > 200 and gray.min() < 100  # paper stays light and ink dark
    assert any(b.label == "Image" for b in detect_widgets(odd))


def test_transparency_counts_as_paper() -> None:
    clear = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    assert grayscale(clear).min() == 255


def test_the_ink_map_is_padded_to_the_nets_multiple_and_blank_paper_stays_blank() -> None:
    ink, scale = ink_map(np.full((900, 1200), 230, np.uint8))
    assert ink.shape == (288, 384) and scale == pytest.approx(0.32)
    assert float(ink.max()) < 0.2


def test_decode_votes_one_box_from_its_centre_cells_and_drops_lone_cells() -> None:
    classes, h, w = 1 + len(SKETCH_CLASSES), 20, 30
    prob = np.zeros((classes, h, w), np.float32)
    prob[0] = 1.0
    ltrb = np.zeros((4, h, w), np.float32)
    button = SKETCH_CLASSES.index("Button") + 1
    for gy in range(8, 11):
        for gx in range(10, 14):
            prob[0, gy, gx], prob[button, gy, gx] = 0.1, 0.9
            cx, cy = (gx + 0.5) * OUTPUT_STRIDE, (gy + 0.5) * OUTPUT_STRIDE
            ltrb[:, gy, gx] = (cx - 30, cy - 25, 70 - cx, 50 - cy)
    label = SKETCH_CLASSES.index("Label") + 1
    prob[0, 2, 2], prob[label, 2, 2] = 0.2, 0.8  # one stray cell
    ltrb[:, 2, 2] = 5
    found = decode(prob, ltrb)
    assert [item[0] for item in found] == ["Button"]
    assert np.allclose(found[0][1], (30, 25, 70, 50), atol=1e-3)
    assert found[0][2] == pytest.approx(0.9)
