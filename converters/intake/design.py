"""``DesignImage``: one normalised design, the input of every engine."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Final

from PIL import Image

from converters.intake.figma_frame import FigmaFrame
from converters.intake.limits import ModelImagePolicy
from converters.intake.sniff import SourceFormat
from converters.intake.vector import VectorFacts

# PNG compression level for the normalised copy: 1 is several times faster than the default 6
# on photos and screenshots alike, for files about 20-30 % larger. These bytes are produced on
# every upload and stored, so encode speed matters more than size.
PNG_COMPRESS_LEVEL = 1
# Copies of photographic sources are re-encoded as JPEG: PNG of camera noise is ~10x bigger
# and ~20x slower to encode, and the source was lossy already.
JPEG_QUALITY = 90
_LOSSY_SOURCES = frozenset({SourceFormat.JPEG, SourceFormat.AVIF})
DISPLAY_MAX_SIDE = 2048
RASTER_2X_ABOVE: Final = 1600
"""A raster design wider than this (px) is taken for a 2x export: 2560 px is a 1280 px page (the
offline engine reads it halved, the fidelity scores render its candidate at half its width)."""


@dataclass(frozen=True)
class EncodedImage:
    """Image bytes with their MIME type (``image/png`` or ``image/jpeg``) and pixel size."""

    data: bytes = field(repr=False)
    mime: str
    width: int
    height: int

    def data_url(self) -> str:
        """``data:<mime>;base64,...``, as chat APIs and ``<img src>`` take it."""
        return f"data:{self.mime};base64," + base64.b64encode(self.data).decode("ascii")


@dataclass(frozen=True)
class DesignImage:
    """A design normalised to one RGB image, plus facts about where it came from.

    ``width``/``height`` are pixels of the normalised image. ``scale`` is pixels per CSS px
    (or per PDF point) for vector sources, which are rendered at ``IntakeLimits.vector_scale``;
    rasters carry no such information and have ``scale`` 1. ``sha256`` is the hex digest of the
    uploaded bytes; with ``page`` it identifies the design. ``notes`` say what intake changed
    or skipped (frames dropped, transparency flattened, colour profile converted, ...).

    Encoded copies (full-size PNG, model copy, display copy) are made on first use and kept.
    """

    _image: Image.Image = field(repr=False, compare=False)
    source_name: str
    source_format: SourceFormat
    source_bytes: int
    sha256: str
    width: int
    height: int
    page: int = 1
    page_count: int = 1
    scale: float = 1.0
    notes: tuple[str, ...] = ()
    model_policy: ModelImagePolicy = field(default_factory=ModelImagePolicy)
    figma: FigmaFrame | None = field(default=None, repr=False, compare=False)
    """The Figma frame this design was imported from (its picture is the image), else ``None``."""
    vector: VectorFacts | None = field(default=None, repr=False, compare=False)
    """What an SVG or PDF says exactly (texts, shapes, CSS px), else ``None`` (see ``VectorFacts``)."""

    def __post_init__(self) -> None:
        if self._image.mode != "RGB":
            raise TypeError("DesignImage needs an RGB PIL image")
        if self._image.size != (self.width, self.height):
            raise TypeError("DesignImage width/height must match the image")

    def image(self) -> Image.Image:
        """A copy of the normalised RGB image (the original stays unchanged)."""
        return self._image.copy()

    def image_view(self) -> Image.Image:
        """The normalised image itself, without a copy: for reading only, never modify it."""
        return self._image

    @property
    def css_size(self) -> tuple[int, int] | None:
        """The design's own size in CSS px, as a vector source declares it, else ``None``.

        An SVG's width and height (or viewBox), a PDF page's size in points (one point is taken
        as one CSS px, as design tools export frames): the image is ``scale`` times larger, for
        OCR. A raster's pixels do not say how many of them make a CSS px, hence ``None``.
        """
        if not self.source_format.is_vector:
            return None
        return max(1, round(self.width / self.scale)), max(1, round(self.height / self.scale))

    @property
    def css_width(self) -> int:
        """The design's width in CSS px: a vector's declared width (``css_size``); a raster's
        pixels, halved above ``RASTER_2X_ABOVE`` (a 2x export). Not clamped to what a browser
        renders: the caller bounds it where it renders."""
        size = self.css_size
        if size is not None:
            return size[0]
        return self.width // 2 if self.width > RASTER_2X_ABOVE else self.width

    @cached_property
    def png(self) -> bytes:
        """The normalised image as PNG bytes (RGB, 8 bits per channel, no metadata), lossless."""
        return png_bytes(self._image)

    def data_url(self) -> str:
        """``data:image/png;base64,...`` of the full-size normalised image."""
        return EncodedImage(self.png, "image/png", self.width, self.height).data_url()

    @property
    def model_size(self) -> tuple[int, int]:
        """Size of the copy sent to a vision model (see ``ModelImagePolicy``)."""
        return self.model_policy.fit(self.width, self.height)

    @property
    def model_tokens(self) -> int:
        """Estimated image tokens of the model copy."""
        return self.model_policy.estimate_tokens(*self.model_size)

    @cached_property
    def model_copy(self) -> EncodedImage:
        """The copy for a vision model: sized by the policy; JPEG for photographic sources."""
        return self._copy(*self.model_size)

    def model_data_url(self) -> str:
        """Data URL of the model copy, ready for a chat message's ``image_url``."""
        return self.model_copy.data_url()

    @cached_property
    def display_copy(self) -> EncodedImage:
        """A copy for showing in the app: at most 2,048 px wide (sharp on high-DPI screens)."""
        if self.width <= DISPLAY_MAX_SIDE:
            return self._copy(self.width, self.height)
        return self._copy(DISPLAY_MAX_SIDE, max(1, round(self.height * DISPLAY_MAX_SIDE / self.width)))

    @property
    def is_photographic(self) -> bool:
        """Whether the source was lossy (JPEG, AVIF): its copies are JPEG-encoded."""
        return self.source_format in _LOSSY_SOURCES

    def _copy(self, width: int, height: int) -> EncodedImage:
        if (width, height) == (self.width, self.height):
            image = self._image
        else:
            # reducing_gap: shrink by an integer factor first; much faster, same look.
            image = self._image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        if self.is_photographic:
            return EncodedImage(_encode(image, "JPEG"), "image/jpeg", width, height)
        data = self.png if image is self._image else _encode(image, "PNG")
        return EncodedImage(data, "image/png", width, height)

    @property
    def metadata(self) -> dict[str, Any]:
        """The facts about this design as plain JSON-ready values (no pixels)."""
        model_width, model_height = self.model_size
        return {
            "source_name": self.source_name,
            "source_format": self.source_format.value,
            "source_bytes": self.source_bytes,
            "sha256": self.sha256,
            "width": self.width,
            "height": self.height,
            "page": self.page,
            "page_count": self.page_count,
            "scale": self.scale,
            "model_width": model_width,
            "model_height": model_height,
            "model_tokens": self.model_tokens,
            "notes": list(self.notes),
        }


def png_bytes(image: Image.Image) -> bytes:
    """``image`` as a design's PNG (``DesignImage.png``): the same pixels give the same bytes."""
    return _encode(image, "PNG")


def _encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.save(buffer, format="JPEG", quality=JPEG_QUALITY, subsampling="4:4:4")
    else:
        image.save(buffer, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    return buffer.getvalue()


def model_picture(png: bytes, policy: ModelImagePolicy | None = None) -> EncodedImage:
    """A rendered page (PNG) as a vision model gets a second image: sized by ``policy`` as a
    design's model copy is, so it costs about as many tokens. Raises ``OSError``/``ValueError``
    for bytes Pillow cannot read."""
    with Image.open(io.BytesIO(png)) as opened:
        image = opened.convert("RGB")
    width, height = (policy or ModelImagePolicy()).fit(image.width, image.height)
    if (width, height) != image.size:
        image = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return EncodedImage(_encode(image, "PNG"), "image/png", width, height)
