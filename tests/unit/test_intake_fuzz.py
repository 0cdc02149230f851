"""Property: whatever bytes arrive, intake returns a DesignImage or raises IntakeError, quickly.

Inputs are valid files of every format, mutated: bytes flipped, cut, inserted, overwritten.
CI runs a fixed set of examples (``derandomize``); locally each run explores new ones, and
``HANDOFF_FUZZ_EXAMPLES`` raises the count for a longer hunt.
"""

from __future__ import annotations

import gzip
import os
from functools import cache

import cairosvg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converters import DesignImage, IntakeError, load_design
from tests.builders import MOCK_SVG_BODY, encode, mock_ui, pdf, svg


@cache
def seeds() -> dict[str, bytes]:
    image = mock_ui(128, 80)
    frames = [image, image.rotate(180)]
    vector = svg(MOCK_SVG_BODY)
    return {
        "seed.png": encode(image, "PNG"),
        "seed.jpg": encode(image, "JPEG", quality=80),
        "seed.gif": encode(image, "GIF", save_all=True, append_images=frames[1:]),
        "seed.webp": encode(image, "WEBP"),
        "seed.bmp": encode(image, "BMP"),
        "seed.tiff": encode(image, "TIFF", compression="tiff_lzw"),
        "seed.avif": encode(image, "AVIF"),
        "seed.svg": vector,
        "seed.svgz": gzip.compress(vector),
        "seed.pdf": pdf([image]),
        "vector.pdf": cairosvg.svg2pdf(bytestring=vector),
    }


@st.composite
def mutated_files(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(seeds())))
    data = bytearray(seeds()[name])
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, max(0, len(data) - 1)))
        action = draw(st.sampled_from(["flip", "cut", "insert", "overwrite", "grow-number"]))
        if action == "flip":
            data[position] ^= draw(st.integers(1, 255))
        elif action == "cut":
            del data[position:]
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=16))
        elif action == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=16))
            data[position : position + len(chunk)] = chunk
        else:  # make a size field or a number huge: the classic way to reach a bomb
            data[position : position + 4] = (
                b"\x7f\xff\xff\xff" if name[-3:] not in ("svg", "pdf") else b"9999999"
            )
        if not data:
            break
    return name, bytes(data)


@settings(
    max_examples=int(os.environ.get("HANDOFF_FUZZ_EXAMPLES", "300")),
    deadline=None,  # no time limits in unit tests: benchmarks/intake_bench.py measures intake times
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(mutated_files())
def test_mutated_files_give_a_design_or_an_intake_error(case: tuple[str, bytes]) -> None:
    name, data = case
    try:
        design = load_design(data, name)
    except IntakeError as exc:
        assert str(exc)  # a message for the user, never empty
    else:
        assert isinstance(design, DesignImage)
        assert design.image().mode == "RGB"
        assert design.png.startswith(b"\x89PNG")
