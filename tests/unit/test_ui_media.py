"""Pictures the app page draws: the live view's design is made once, in the form st.image sends
as is (so its one-a-second redraws re-encode nothing)."""

from __future__ import annotations

import io

from PIL import Image
from streamlit.elements.lib.image_utils import MAXIMUM_CONTENT_WIDTH

from tests.builders import encode, landing_page
from ui.media import LIVE_PICTURE_FORMAT, LIVE_PICTURE_MAX_WIDTH, live_picture, render_thumbnail


def _opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_wide_design_is_scaled_to_what_st_image_passes_on_unchanged() -> None:
    wide = Image.new("RGB", (2048, 1024), "#336699")
    picture = _opened(live_picture(encode(wide, "PNG")))
    assert LIVE_PICTURE_MAX_WIDTH <= MAXIMUM_CONTENT_WIDTH  # else st.image would scale it again
    assert picture.size == (LIVE_PICTURE_MAX_WIDTH, LIVE_PICTURE_MAX_WIDTH // 2)
    assert picture.format == LIVE_PICTURE_FORMAT


def test_a_narrow_design_keeps_its_size_and_is_made_once() -> None:
    data = encode(landing_page(), "PNG")
    first = live_picture(data)
    assert _opened(first).size == _opened(data).size
    assert live_picture(data) is first


def test_a_thumbnail_is_the_top_of_the_page_and_an_unreadable_one_is_none() -> None:
    tall = Image.new("RGB", (960, 4000), "white")
    thumbnail = _opened(render_thumbnail(encode(tall, "PNG")) or b"")
    assert thumbnail.size == (480, 360)
    assert render_thumbnail(b"not a picture") is None
