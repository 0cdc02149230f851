"""``DesignImage``: one normalised design, the input of every engine."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from PIL import Image

from converters.intake.limits import ModelImagePolicy
from converters.intake.sniff import SourceFormat

# PNG compression level for the normalised copy: 1 is several times faster than the default 6
# on photos and screenshots alike, for files about 20-30 % larger. These bytes are produced on
# every upload and stored, so encode speed matters more than size.
PNG_COMPRESS_LEVEL = 1


@dataclass(frozen=True)
class DesignImage:
    """A design normalised to one RGB image, plus facts about where it came from.

    ``width``/``height`` are pixels of the normalised image. ``scale`` is pixels per CSS px
    (or per PDF point) for vector sources, which are rendered at ``IntakeLimits.vector_scale``;
    rasters carry no such information and have ``scale`` 1. ``sha256`` is the hex digest of the
    uploaded bytes; with ``page`` it identifies the design. ``notes`` say what intake changed
    or skipped (frames dropped, transparency flattened, colour profile converted, ...).

    PNG bytes and the model-facing copy are computed on first use and kept.
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

    def __post_init__(self) -> None:
        if self._image.mode != "RGB":
            raise TypeError("DesignImage needs an RGB PIL image")
        if self._image.size != (self.width, self.height):
            raise TypeError("DesignImage width/height must match the image")

    def image(self) -> Image.Image:
        """A copy of the normalised RGB image (the original stays unchanged)."""
        return self._image.copy()

    @cached_property
    def png(self) -> bytes:
        """The normalised image as PNG bytes (RGB, 8 bits per channel, no metadata)."""
        return _encode_png(self._image)

    def data_url(self) -> str:
        """``data:image/png;base64,...`` of the full-size normalised image."""
        return _data_url(self.png)

    @property
    def model_size(self) -> tuple[int, int]:
        """Size of the copy sent to a vision model (see ``ModelImagePolicy``)."""
        return self.model_policy.fit(self.width, self.height)

    @property
    def model_tokens(self) -> int:
        """Estimated image tokens of the model copy."""
        return self.model_policy.estimate_tokens(*self.model_size)

    @cached_property
    def model_png(self) -> bytes:
        """The model-facing copy as PNG bytes: the same image when it is within the policy."""
        if self.model_size == (self.width, self.height):
            return self.png
        # reducing_gap makes Pillow shrink by an integer factor first: much faster, same look.
        copy = self._image.resize(self.model_size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        return _encode_png(copy)

    def model_data_url(self) -> str:
        """``data:image/png;base64,...`` of the model copy, ready for a chat message."""
        return _data_url(self.model_png)

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


def _encode_png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    return buffer.getvalue()


def _data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
