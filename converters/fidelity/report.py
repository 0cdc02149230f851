"""One candidate scored against one reference: fidelity, visual and code-quality scores together.

A ``Reference`` is what a candidate is compared with: an HTML page rendered in Chromium (blocks and
DOM from the page: the benchmarks) or an image (a user's upload: blocks from OCR, or from a vector
design's own text; no DOM, so no TreeBLEU and semantics judged on the candidate alone).
``score_candidate`` renders the candidate through the preview runtime at the reference's CSS
width (for an upload: ``design_css_width``), checks how it reflows at 768 and 375 px, and returns
a ``FidelityReport`` that keeps the candidate's rendering (for overlays).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from PIL import Image

from converters.a11y import A11yReport
from converters.fidelity.quality import QualityScores, quality_scores
from converters.fidelity.scores import BlockScores, TextSimilarities, score_blocks
from converters.fidelity.visual import visual_score
from converters.fidelity.vocabulary import (
    A11Y,
    ABSOLUTE_SHARE,
    BLOCK,
    COLOR,
    POSITION,
    REFLOW,
    SEMANTICS,
    TEXT,
    TREE_BLEU,
    VISUAL,
)
from converters.intake import DesignImage
from converters.intake.design import RASTER_2X_ABOVE
from converters.ocr import text_blocks
from converters.render import MAX_WIDTH, MIN_WIDTH, WIDTH, PageStructure, Renderer, Rendering, TextBlock
from converters.targets import Target

REFLOW_WIDTHS: Final = (768, 375)
"""Narrower viewports (CSS px) at which a candidate must still lay out cleanly."""


@dataclass(frozen=True)
class Reference:
    """What a candidate is compared with: a screenshot, its text blocks and, for HTML, its DOM.

    ``width``/``height``: the page size in the blocks' units (CSS px for HTML, pixels for an
    image). ``css_width``: the viewport width a candidate is rendered at to be comparable. An
    image may have more pixels than CSS px (a vector design is drawn at 2x for OCR): the scores
    compare positions and areas as fractions of each page, and the pictures at one common width,
    so only ``css_width`` has to be the design's CSS width.
    """

    kind: Literal["html", "image"]
    png: bytes
    width: int
    height: int
    css_width: int
    blocks: tuple[TextBlock, ...]
    structure: PageStructure | None
    a11y: A11yReport | None = None
    """The reference page's accessibility report, when it was rendered with one (benchmarks)."""


@dataclass(frozen=True)
class FidelityReport:
    """The scores of one candidate, and the rendering they were measured on (with its
    accessibility report, ``candidate.a11y``, when it was asked for)."""

    blocks: BlockScores
    visual: float
    quality: QualityScores
    candidate: Rendering

    def scores(self) -> dict[str, float | bool | None]:
        """The headline numbers (0..1; ``reflow`` a pass/fail) by ``Score.key``, in the order of
        ``vocabulary.SCORE_KEYS`` (as in ``summary.json``)."""
        return {
            BLOCK.key: self.blocks.block,
            TEXT.key: self.blocks.text,
            POSITION.key: self.blocks.position,
            COLOR.key: self.blocks.color,
            VISUAL.key: self.visual,
            ABSOLUTE_SHARE.key: self.quality.absolute_share,
            REFLOW.key: self.quality.reflow,
            TREE_BLEU.key: self.quality.tree_bleu,
            SEMANTICS.key: self.quality.semantics.score,
            A11Y.key: self.candidate.a11y.share if self.candidate.a11y is not None else None,
        }

    def to_dict(self) -> dict[str, Any]:
        """Scores and details as plain JSON types (no screenshot); ``a11y`` is the candidate's
        ``A11yReport.to_dict()``, when it was checked."""
        details: dict[str, Any] = {
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
        if self.candidate.a11y is not None:
            details["a11y"] = self.candidate.a11y.to_dict()
        return details


def reference_from_html(
    renderer: Renderer, path: Path, *, width: int = WIDTH, a11y: bool = False
) -> Reference:
    """Render the reference page at ``path`` (``width`` CSS px wide: 1280, the benchmarks'
    screenshots, unless a frame of another width is scored) with its DOM facts (and, with
    ``a11y``, its accessibility report)."""
    rendering = renderer.render_html_file(path, width=width, structure=True, a11y=a11y)
    return Reference(
        kind="html",
        png=rendering.png,
        width=rendering.width,
        height=rendering.height,
        css_width=width,
        blocks=rendering.blocks,
        structure=rendering.structure,
        a11y=rendering.a11y,
    )


def reference_from_image(
    image: Image.Image, *, blocks: Sequence[TextBlock] | None = None, css_width: int | None = None
) -> Reference:
    """A reference made from a design image: its text blocks come from OCR unless given.

    ``css_width``: the design's width in CSS px when it is known (``design_css_width``: a vector
    design's image is larger than its CSS size); without it, it is guessed from the image's width
    (``guess_css_width``). OCR reads the image at its full size either way.
    """
    rgb = image.convert("RGB")
    buffer = io.BytesIO()
    rgb.save(buffer, format="PNG", compress_level=1)
    return Reference(
        kind="image",
        png=buffer.getvalue(),
        width=rgb.width,
        height=rgb.height,
        css_width=css_width if css_width is not None else guess_css_width(rgb.width),
        blocks=tuple(blocks) if blocks is not None else text_blocks(rgb),
        structure=None,
    )


def design_blocks(design: DesignImage) -> tuple[TextBlock, ...] | None:
    """The text blocks of a vector design read from its file (one per text run, in the image's
    pixels, with the file's colours), or ``None`` when it has no live text (then OCR reads them)."""
    facts = design.vector
    if facts is None or not facts.has_text:
        return None
    scale = design.scale
    return tuple(
        TextBlock(
            run.text, run.box.x * scale, run.box.y * scale, run.box.w * scale, run.box.h * scale, run.colour
        )
        for run in facts.texts
        if run.text.strip()
    )


def reference_from_design(design: DesignImage) -> Reference:
    """The reference an upload is scored against: its image at its CSS width, with the text
    blocks its file states (``design_blocks``) or, without them, those OCR reads."""
    return reference_from_image(
        design.image_view(), blocks=design_blocks(design), css_width=design_css_width(design)
    )


def design_css_width(design: DesignImage) -> int:
    """The viewport (CSS px) a candidate for ``design`` is rendered and scored at.

    A vector design (SVG, PDF) declares its width (``DesignImage.css_size``): that, within
    ``MIN_WIDTH``..``MAX_WIDTH`` (its image is ``design.scale`` times wider, 2x by default, for
    OCR). A raster's is guessed from its pixels (``guess_css_width``).
    """
    size = design.css_size
    if size is None:
        return guess_css_width(design.width)
    return min(MAX_WIDTH, max(MIN_WIDTH, size[0]))


def guess_css_width(image_width: int) -> int:
    """The viewport (CSS px) a raster design of ``image_width`` px is shown at: its own width, or
    half of it above ``RASTER_2X_ABOVE`` (a 2x screenshot), within 320..1600 px."""
    width = image_width // 2 if image_width > RASTER_2X_ABOVE else image_width
    return min(RASTER_2X_ABOVE, max(MIN_WIDTH, width))


def score_candidate(
    renderer: Renderer,
    reference: Reference,
    code: str,
    target: Target,
    *,
    reflow: Sequence[int] = REFLOW_WIDTHS,
    similarities: TextSimilarities | None = None,
    a11y: bool = False,
) -> FidelityReport:
    """Render ``code`` and score it against ``reference``: blocks, visual, code quality, and with
    ``a11y`` its accessibility (about a second more; off for check-and-revise, which compares
    fidelity only).

    ``similarities``: text similarities kept from earlier candidates for this reference (faster,
    the same scores; see ``TextSimilarities``)."""
    rendering = renderer.render_code(
        code, target, width=reference.css_width, structure=True, reflow=reflow, a11y=a11y
    )
    return score_rendering(reference, rendering, similarities=similarities)


def score_rendering(
    reference: Reference, rendering: Rendering, *, similarities: TextSimilarities | None = None
) -> FidelityReport:
    """Score an existing candidate rendering (made with ``structure``) against ``reference``."""
    blocks = score_blocks(
        reference.blocks,
        (reference.width, reference.height),
        rendering.blocks,
        (rendering.width, rendering.height),
        similarities=similarities,
    )
    visual = visual_score(reference.png, reference.blocks, rendering.png, rendering.blocks)
    structure = rendering.structure or PageStructure((), ())
    quality = quality_scores(structure, reference.structure)
    return FidelityReport(blocks=blocks, visual=visual, quality=quality, candidate=rendering)
