"""Design fixtures the tests draw themselves: small mock UIs in every format intake reads."""

from __future__ import annotations

import io
import re
import struct
import zlib

from PIL import Image, ImageDraw

from converters.conversion import Conversion, Timings
from converters.targets import Target

HEADER = (79, 70, 229)  # indigo header bar
BUTTON = (16, 185, 129)  # green button


def shown(markdown: object) -> str:
    """What a reader sees of Markdown the app escaped with ``ui.safe_text.md_text``: the text without
    its bidi isolates, word joiners, backslash escapes and code-span fences (AppTest reads the
    Markdown source, not the page)."""
    text = re.sub(r"(?<!\\)(`+) ?(.*?) ?(?<!\\)\1", r"\2", str(markdown))
    text = re.sub(r"\\(.)", r"\1", text)
    return text.replace("\u2068", "").replace("\u2069", "").replace("\u2060", "")


def mock_ui(width: int = 320, height: int = 200, mode: str = "RGB") -> Image.Image:
    """A tiny page: header bar, two grey text lines, a green button, on white."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, height // 5), fill=HEADER)
    draw.rectangle((20, height // 3, width - 40, height // 3 + 8), fill=(200, 200, 200))
    draw.rectangle((20, height // 3 + 20, width - 80, height // 3 + 28), fill=(200, 200, 200))
    draw.rectangle((20, height - 50, 120, height - 20), fill=BUTTON)
    return image if mode == "RGB" else image.convert(mode)


def encode(image: Image.Image, fmt: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **params)
    return buffer.getvalue()


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A few hundred bytes whose header claims ``width`` x ``height`` RGB pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", rows) + png_chunk(b"IEND", b"")
    )


def svg(body: str, width: str = "320", height: str = "200", extra: str = "") -> bytes:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width}" height="{height}" {extra}>{body}</svg>'
    ).encode()


MOCK_SVG_BODY = (
    '<rect width="320" height="40" fill="#4f46e5"/>'
    '<rect x="20" y="150" width="100" height="30" fill="#10b981"/>'
)


def pdf(pages: list[Image.Image]) -> bytes:
    """A PDF with one raster page per image (Pillow's writer: 72 dpi, 1 px = 1 pt)."""
    buffer = io.BytesIO()
    pages[0].save(buffer, format="PDF", save_all=True, append_images=pages[1:], resolution=72)
    return buffer.getvalue()


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz_tag(x: float, y: float, z: float) -> bytes:
    return b"XYZ " + bytes(4) + _s15(x) + _s15(y) + _s15(z)


def _desc_tag(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\x00"
    return b"desc" + bytes(4) + struct.pack(">I", len(ascii_text)) + ascii_text + bytes(4 + 4 + 2 + 1 + 67)


def display_p3_profile() -> bytes:
    """A minimal ICC v2 matrix/TRC profile with Display P3 primaries (D50) and gamma 2.2."""
    curve = b"curv" + bytes(4) + struct.pack(">IH", 1, round(2.2 * 256)) + bytes(2)
    tags = [
        (b"desc", _desc_tag("Display P3 (test)")),
        (b"wtpt", _xyz_tag(0.9642, 1.0, 0.8249)),
        (b"rXYZ", _xyz_tag(0.5151, 0.2412, -0.0011)),
        (b"gXYZ", _xyz_tag(0.2919, 0.6922, 0.0419)),
        (b"bXYZ", _xyz_tag(0.1572, 0.0666, 0.7841)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, payload in tags:
        padded = payload + bytes(-len(payload) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(payload))
        body += padded
    size = offset + len(body)
    header = (
        struct.pack(">I", size) + bytes(4) + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ " + bytes(12)
        + b"acsp" + bytes(24) + struct.pack(">I", 0) + _s15(0.9642) + _s15(1.0) + _s15(0.8249) + bytes(48)
    )  # fmt: skip
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


FONT_DIR = "/usr/share/fonts/truetype/dejavu"


def landing_page(width: int = 1280, height: int = 800) -> Image.Image:
    """A legible landing page for the offline engine: header with brand and nav, heading,
    paragraph, a filled button, a labelled input and a blue image placeholder."""
    from PIL import ImageFont

    regular = ImageFont.truetype(f"{FONT_DIR}/DejaVuSans.ttf", 18)
    bold = ImageFont.truetype(f"{FONT_DIR}/DejaVuSans-Bold.ttf", 44)
    brand = ImageFont.truetype(f"{FONT_DIR}/DejaVuSans-Bold.ttf", 24)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 80), fill=(15, 23, 42))
    draw.text((40, 24), "Northwind", font=brand, fill="white")
    for x, label in ((900, "Home"), (1000, "Pricing"), (1120, "About")):
        draw.text((x, 30), label, font=regular, fill=(226, 232, 240))
    draw.text((120, 160), "Design to code, offline", font=bold, fill=(17, 24, 39))
    draw.text(
        (120, 240),
        "Upload a mockup and get clean, responsive code in seconds.",
        font=regular,
        fill=(55, 65, 81),
    )
    draw.text(
        (120, 268), "No key and no network: everything runs on this machine.", font=regular, fill=(55, 65, 81)
    )
    draw.rounded_rectangle((120, 330, 320, 384), radius=8, fill=(79, 70, 229))
    draw.text((158, 346), "Get started", font=regular, fill="white")
    draw.text((120, 440), "Email address", font=regular, fill=(17, 24, 39))
    draw.rectangle((120, 472, 560, 520), outline=(148, 163, 184), width=2, fill="white")
    draw.text((134, 486), "you@example.com", font=regular, fill=(148, 163, 184))
    draw.rectangle((760, 160, 1160, 520), fill=(37, 99, 235))
    return image


LANDING_TEXTS = (
    ("header", "Northwind", 40, 24, 24, "#ffffff"),
    ("nav", "Home Pricing About", 900, 30, 18, "#e2e8f0"),
    ("h1", "Design to code, offline", 120, 160, 44, "#111827"),
    ("p", "Upload a mockup and get clean, responsive code in seconds.", 120, 240, 18, "#374151"),
    ("p", "No key and no network: everything runs on this machine.", 120, 268, 18, "#374151"),
    ("button", "Get started", 158, 346, 18, "#ffffff"),
    ("label", "Email address", 120, 440, 18, "#111827"),
)
"""The texts of ``landing_page``: role, text, x, y, font size and colour."""


def landing_html(kept: int) -> str:
    """``landing_page`` as an HTML page with the first ``kept`` of ``LANDING_TEXTS``, in place."""
    parts = []
    for _, text, x, y, size, colour in LANDING_TEXTS[:kept]:
        parts.append(
            f'<div style="position:absolute;left:{x}px;top:{y}px;font:{size}px/1.2 DejaVu Sans,sans-serif;'
            f'color:{colour}">{text}</div>'
        )
    return (
        "<!DOCTYPE html><html><head><title>Northwind</title></head>"
        '<body style="margin:0;width:1280px;height:800px;position:relative;background:#fff">'
        '<div style="position:absolute;left:0;top:0;width:1280px;height:80px;background:#0f172a"></div>'
        '<div style="position:absolute;left:120px;top:330px;width:200px;height:54px;background:#4f46e5;'
        'border-radius:8px"></div>' + "".join(parts) + "</body></html>"
    )


def conversion(
    code: str,
    target: Target,
    *,
    engine: str = "offline",
    model: str | None = None,
    design_sha256: str = "",
) -> Conversion:
    """A finished conversion of ``code``, as an engine would return it (no usage, 1 s)."""
    return Conversion(
        code=code,
        target=target,
        engine=engine,
        model=model or f"{engine}-1",
        prompt_name="p",
        prompt_hash="h",
        timings=Timings(started_at="2026-11-26T00:00:00+00:00", total_s=1.0),
        design_sha256=design_sha256,
    )


PAINTED_COLOUR_TOLERANCE = 4
"""Per channel: a block's colour is measured from its painted pixels, and anti-aliasing moves the
mean of a glyph's core a few units from the CSS colour."""


def near_colour(measured: tuple[int, int, int], css: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= PAINTED_COLOUR_TOLERANCE for a, b in zip(measured, css, strict=True))
