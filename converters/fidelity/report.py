"""One candidate scored against one reference: fidelity, visual and code-quality scores together.

A ``Reference`` is what a candidate is compared with: an HTML page rendered in Chromium (blocks and
DOM from the page: the benchmarks) or an image (a user's upload: blocks from OCR, no DOM, so no
TreeBLEU and semantics judged on the candidate alone). ``score_candidate`` renders the candidate
through the preview runtime at the reference's width, checks how it reflows at 768 and 375 px,
and returns a ``FidelityReport`` that keeps the candidate's rendering (for overlays).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from PIL import Image

from converters.fidelity.quality import QualityScores, quality_scores
from converters.fidelity.scores import BlockScores, score_blocks
from converters.fidelity.visual import visual_score
from converters.ocr import text_blocks
from converters.render import MIN_WIDTH, WIDTH, PageStructure, Renderer, Rendering, TextBlock
from converters.targets import Target

REFLOW_WIDTHS: Final = (768, 375)
"""Narrower viewports (CSS px) at which a candidate must still lay out cleanly."""

EXPLANATIONS: Final = {
    "block": "Share of the text area (both pages) that found its counterpart; low: missing or extra text.",
    "text": "How alike the matched texts are, character by character.",
    "position": "How close matched text sits to where it is in the original, relative to the page size.",
    "color": "How close matched text colours are (CIEDE2000).",
    "visual": "Pixel similarity (SSIM) of the two pages with text masked: backgrounds, bars, cards, images.",
}
"""One line per fidelity score, for people (the code-quality ones are in ``quality.EXPLANATIONS``)."""


@dataclass(frozen=True)
class Reference:
    """What a candidate is compared with: a screenshot, its text blocks and, for HTML, its DOM.

    ``width``/``height``: the page size in the blocks' units (CSS px for HTML, pixels for an
    image). ``css_width``: the viewport width a candidate is rendered at to be comparable.
    """

    kind: Literal["html", "image"]
    png: bytes
    width: int
    height: int
    css_width: int
    blocks: tuple[TextBlock, ...]
    structure: PageStructure | None


@dataclass(frozen=True)
class FidelityReport:
    """The scores of one candidate, and the rendering they were measured on."""

    blocks: BlockScores
    visual: float
    quality: QualityScores
    candidate: Rendering

    def scores(self) -> dict[str, float | bool | None]:
        """The headline numbers (0..1; ``reflow`` a pass/fail), keyed as in ``summary.json``."""
        return {
            "block": self.blocks.block,
            "text": self.blocks.text,
            "position": self.blocks.position,
            "color": self.blocks.color,
            "visual": self.visual,
            "absolute_share": self.quality.absolute_share,
            "reflow": self.quality.reflow,
            "tree_bleu": self.quality.tree_bleu,
            "semantics": self.quality.semantics.score,
        }

    def to_dict(self) -> dict[str, Any]:
        """Scores and details as plain JSON types (no screenshot)."""
        return {
            "scores": self.scores(),
            "blocks": {
                "matches": [
                    {
                        "reference": list(m.reference),
                        "candidate": list(m.candidate),
                        "similarity": m.similarity,
                        "position": m.position,
                        "color": m.color,
                    }
                    for m in self.blocks.matches
                ],
                "missing": list(self.blocks.missing),
                "extra": list(self.blocks.extra),
            },
            "quality": self.quality.to_dict(),
            "render": {
                "status": self.candidate.status,
                "message": self.candidate.message,
                "width": self.candidate.width,
                "height": self.candidate.height,
                "blocked": list(self.candidate.blocked),
            },
        }


def reference_from_html(renderer: Renderer, path: Path) -> Reference:
    """Render the reference page at ``path`` (1280 px wide) with its DOM facts."""
    rendering = renderer.render_html_file(path, structure=True)
    return Reference(
        kind="html",
        png=rendering.png,
        width=rendering.width,
        height=rendering.height,
        css_width=WIDTH,
        blocks=rendering.blocks,
        structure=rendering.structure,
    )


def reference_from_image(image: Image.Image, *, blocks: Sequence[TextBlock] | None = None) -> Reference:
    """A reference made from a design image: its text blocks come from OCR unless given.

    The candidate is rendered as wide as the image in CSS px, on the assumption that an image
    wider than 1600 px is a 2x screenshot (so 2560 px is a 1280 px page), within 320..1600 px.
    """
    rgb = image.convert("RGB")
    buffer = io.BytesIO()
    rgb.save(buffer, format="PNG", compress_level=1)
    return Reference(
        kind="image",
        png=buffer.getvalue(),
        width=rgb.width,
        height=rgb.height,
        css_width=css_width(rgb.width),
        blocks=tuple(blocks) if blocks is not None else text_blocks(rgb),
        structure=None,
    )


def css_width(image_width: int) -> int:
    """The viewport (CSS px) a design image of ``image_width`` px is shown at: its own width, or
    half of it above 1600 px (a 2x screenshot), within 320..1600 px."""
    width = image_width // 2 if image_width > 1600 else image_width
    return min(1600, max(MIN_WIDTH, width))


def score_candidate(
    renderer: Renderer,
    reference: Reference,
    code: str,
    target: Target,
    *,
    reflow: Sequence[int] = REFLOW_WIDTHS,
) -> FidelityReport:
    """Render ``code`` and score it against ``reference``: blocks, visual, code quality."""
    rendering = renderer.render_code(code, target, width=reference.css_width, structure=True, reflow=reflow)
    return score_rendering(reference, rendering)


def score_rendering(reference: Reference, rendering: Rendering) -> FidelityReport:
    """Score an existing candidate rendering (made with ``structure``) against ``reference``."""
    blocks = score_blocks(
        reference.blocks,
        (reference.width, reference.height),
        rendering.blocks,
        (rendering.width, rendering.height),
    )
    visual = visual_score(reference.png, reference.blocks, rendering.png, rendering.blocks)
    structure = rendering.structure or PageStructure((), ())
    quality = quality_scores(structure, reference.structure)
    return FidelityReport(blocks=blocks, visual=visual, quality=quality, candidate=rendering)
