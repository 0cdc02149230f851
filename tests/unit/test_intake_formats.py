"""Every format designers export comes out as one clean RGB image with the right facts."""

from __future__ import annotations

import base64
import hashlib
import io

import numpy as np
import pytest
from PIL import Image, ImageCms

from converters import DesignImage, SourceFormat, load_design
from tests.builders import BUTTON, HEADER, display_p3_profile, encode, mock_ui


def _close(actual: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 6) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def _check_mock(design: DesignImage, scale: float = 1.0) -> None:
    image = design.image()
    assert image.mode == "RGB"
    assert image.size == (design.width, design.height) == (round(320 * scale), round(200 * scale))
    assert _close(image.getpixel((int(10 * scale), int(10 * scale))), HEADER)
    assert _close(image.getpixel((int(60 * scale), int(165 * scale))), BUTTON)
    assert _close(image.getpixel((int(300 * scale), int(190 * scale))), (255, 255, 255))


@pytest.mark.parametrize(
    ("fmt", "params", "expected"),
    [
        ("PNG", {}, SourceFormat.PNG),
        ("JPEG", {"quality": 95}, SourceFormat.JPEG),
        ("WEBP", {"lossless": True}, SourceFormat.WEBP),
        ("GIF", {}, SourceFormat.GIF),
        ("BMP", {}, SourceFormat.BMP),
        ("TIFF", {}, SourceFormat.TIFF),
        ("AVIF", {"quality": 95}, SourceFormat.AVIF),
    ],
)
def test_raster_formats_normalise_to_the_same_picture(
    fmt: str, params: dict[str, object], expected: SourceFormat
) -> None:
    data = encode(mock_ui(), fmt, **params)
    design = load_design(data, f"mock.{fmt.lower()}")
    assert design.source_format is expected
    assert design.source_bytes == len(data)
    assert design.sha256 == hashlib.sha256(data).hexdigest()
    assert (design.page, design.page_count, design.scale) == (1, 1, 1.0)
    _check_mock(design)


def test_png_bytes_and_data_url_round_trip() -> None:
    design = load_design(encode(mock_ui(), "JPEG"), "shot.jpg")
    assert design.png.startswith(b"\x89PNG")
    reloaded = Image.open(io.BytesIO(design.png))
    assert reloaded.mode == "RGB"
    assert reloaded.tobytes() == design.image().tobytes()
    prefix = "data:image/png;base64,"
    url = design.data_url()
    assert url.startswith(prefix)
    assert base64.b64decode(url[len(prefix) :]) == design.png


def test_image_returns_a_copy() -> None:
    design = load_design(encode(mock_ui(), "PNG"), "a.png")
    design.image().paste((0, 0, 0), (0, 0, 320, 200))
    assert design.image().getpixel((300, 190)) == (255, 255, 255)


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_exif_orientation_is_applied(orientation: int) -> None:
    # A camera stores the sensor's pixels and says how to turn them: undo the turn here so
    # that applying the EXIF orientation gives back the upright mock.
    upright = mock_ui()
    stored = {3: upright.rotate(180), 6: upright.rotate(90, expand=True), 8: upright.rotate(-90, expand=True)}
    exif = Image.Exif()
    exif[0x0112] = orientation
    data = encode(stored[orientation], "JPEG", quality=95, exif=exif.tobytes())
    design = load_design(data, "photo.jpg")
    _check_mock(design)
    assert any("EXIF orientation" in note for note in design.notes)


def test_sixteen_bit_grey_is_scaled_not_clipped() -> None:
    ramp = (np.arange(320, dtype=np.uint32)[None, :].repeat(200, axis=0) * 65535 // 319).astype(np.uint16)
    data = encode(Image.fromarray(ramp), "PNG")
    design = load_design(data, "deep.png")
    row = np.asarray(design.image())[100, :, 0]
    assert row[0] == 0 and row[-1] == 255
    assert 120 <= row[160] <= 135  # mid-grey, where clipping would give 255
    assert any("16-bit" in note for note in design.notes)


def test_palette_with_transparency_is_composited_on_white() -> None:
    image = mock_ui().convert("P", palette=Image.Palette.ADAPTIVE, colors=8)
    corner = image.getpixel((300, 190))
    data = encode(image, "PNG", transparency=corner)
    design = load_design(data, "palette.png")
    _check_mock(design)


def test_rgba_half_transparent_blends_onto_white() -> None:
    image = Image.new("RGBA", (64, 64), (0, 0, 0, 128))
    design = load_design(encode(image, "PNG"), "glass.png")
    assert _close(design.image().getpixel((5, 5)), (127, 127, 127), tolerance=2)
    assert any("white background" in note for note in design.notes)


def test_grey_with_alpha_and_cmyk_become_rgb() -> None:
    design = load_design(encode(mock_ui(mode="LA"), "PNG"), "la.png")
    assert design.image().mode == "RGB"
    cmyk = load_design(encode(mock_ui(mode="CMYK"), "JPEG", quality=95), "print.jpg")
    _check_mock(cmyk)


def test_embedded_colour_profile_is_converted_to_srgb() -> None:
    # Display P3 red is more saturated than sRGB red: after conversion the red channel is
    # clipped at 255 and green/blue go negative (clipped to 0); a mid P3 red moves visibly.
    image = Image.new("RGB", (64, 64), (180, 60, 60))
    image.paste((255, 255, 255), (32, 0, 64, 64))
    design = load_design(encode(image, "PNG", icc_profile=display_p3_profile()), "p3.png")
    red = design.image().getpixel((5, 5))
    assert red[0] > 190 and red[1] < 55  # moved towards a more saturated sRGB red
    assert _close(design.image().getpixel((40, 5)), (255, 255, 255), tolerance=2)
    assert any("to sRGB" in note for note in design.notes)


def test_srgb_tagged_image_is_left_alone() -> None:
    image = Image.new("RGB", (64, 64), (0, 200, 0))
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    design = load_design(encode(image, "PNG", icc_profile=srgb), "tagged.png")
    assert design.image().getpixel((3, 3)) == (0, 200, 0)
    assert not design.notes


def test_broken_colour_profile_is_ignored_with_a_note() -> None:
    data = encode(mock_ui(), "PNG", icc_profile=b"not a profile at all" * 4)
    design = load_design(data, "odd.png")
    _check_mock(design)
    assert any("colour profile" in note for note in design.notes)


def test_animated_gif_keeps_the_first_frame() -> None:
    frames = [Image.new("RGB", (64, 48), colour) for colour in ("red", "blue", "green")]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
    design = load_design(data, "anim.gif")
    assert _close(design.image().getpixel((10, 10)), (255, 0, 0))
    assert any("3 frames" in note for note in design.notes)


def test_multipage_tiff_keeps_the_first_page() -> None:
    pages = [mock_ui(), Image.new("RGB", (320, 200), "black")]
    data = encode(pages[0], "TIFF", save_all=True, append_images=pages[1:])
    design = load_design(data, "pages.tiff")
    _check_mock(design)
    assert any("2 pages" in note for note in design.notes)


def test_content_wins_over_a_wrong_extension() -> None:
    design = load_design(encode(mock_ui(), "JPEG"), "screen.png")
    assert design.source_format is SourceFormat.JPEG
    assert any("named “screen.png” but holds JPEG" in note for note in design.notes)


def test_source_name_drops_client_paths() -> None:
    design = load_design(encode(mock_ui(), "PNG"), "C:\\Users\\ana\\Desktop\\home.png")
    assert design.source_name == "home.png"


def test_metadata_is_json_ready() -> None:
    design = load_design(encode(mock_ui(), "PNG"), "home.png")
    facts = design.metadata
    assert facts["source_format"] == "png"
    assert (facts["width"], facts["height"], facts["model_tokens"]) == (320, 200, 12 * 8)
