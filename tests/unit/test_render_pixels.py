"""``rgb_pixels`` gives exactly what Pillow's ``convert("RGB")`` gives, whichever library decodes."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from converters.render.pixels import rgb_pixels


def _noise(mode: str, size: tuple[int, int] = (97, 61)) -> Image.Image:
    """A picture in ``mode`` with every channel value in use (odd sizes catch a stride mistake)."""
    bands = len(Image.new(mode, (1, 1)).getbands())
    values = np.random.default_rng(7).integers(0, 256, (size[1], size[0], bands), dtype=np.uint8)
    return Image.fromarray(values[..., 0] if bands == 1 else values).convert(mode)


def _png(image: Image.Image, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", **options)
    return buffer.getvalue()


def _pillow(png: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(png)) as image:
        return np.asarray(image.convert("RGB"))


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L", "LA", "P", "1"])
def test_every_kind_of_png_gives_pillows_rgb(mode: str) -> None:
    png = _png(_noise(mode))

    pixels = rgb_pixels(png)

    assert pixels.dtype == np.uint8 and pixels.shape == (61, 97, 3)
    assert np.array_equal(pixels, _pillow(png))


def test_alpha_is_dropped_not_composited() -> None:
    png = _png(Image.new("RGBA", (4, 3), (200, 10, 30, 0)))

    assert rgb_pixels(png)[0, 0].tolist() == [200, 10, 30]


def test_a_palette_with_a_transparent_colour_and_sixteen_bit_grey_match_pillow() -> None:
    palette = _noise("P")
    palette.info["transparency"] = 3
    deep = Image.fromarray(np.arange(0, 60_000, 10, dtype=np.uint16).reshape(60, 100))

    for png in (_png(palette, transparency=3), _png(deep)):
        assert np.array_equal(rgb_pixels(png), _pillow(png))


def test_an_exif_orientation_does_not_turn_the_picture() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to display"
    png = _png(_noise("RGB"), exif=exif)

    assert rgb_pixels(png).shape == (61, 97, 3)
    assert np.array_equal(rgb_pixels(png), _pillow(png))


def test_a_cut_off_png_is_refused_as_pillow_refuses_it() -> None:
    png = _png(_noise("RGB", (400, 300)))

    with pytest.raises(OSError):
        rgb_pixels(png[: len(png) // 2])
