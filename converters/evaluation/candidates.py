"""Where the candidates of an evaluation come from: an engine, a folder of files, or a baseline."""

from __future__ import annotations

import base64
import mimetypes
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Final, Protocol

import numpy as np
from PIL import Image

from converters.conversion import Conversion, ConversionRequest, Converter, Frame, Grounding, screen_frames
from converters.engines import EngineOverrides, create_engine
from converters.errors import EvalError
from converters.evaluation.baselines import empty_page, ocr_lines_page, screenshot_page, unstyled_page
from converters.evaluation.dataset import Dataset, DatasetItem
from converters.fidelity.report import (
    Reference,
    design_blocks,
    design_css_width,
    reference_from_html,
    reference_from_image,
)
from converters.fidelity.service import FidelityService
from converters.intake import DesignImage, load_design
from converters.intake.kinds import DesignKind
from converters.ocr import text_blocks
from converters.render import Renderer, TextBlock
from converters.revise import design_scorer
from converters.settings import Settings
from converters.strategies import VariantsConverter, asked_converter, variants_summary
from converters.targets import Target

CANDIDATE_SUFFIXES: Final = {".html": None, ".jsx": Target.REACT_TAILWIND, ".tsx": Target.REACT_TAILWIND}
"""Candidate files ``--candidates`` reads, by suffix, and the target each is rendered as (HTML: see
``html_target``)."""

_ASSET_SUFFIXES: Final = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg")


@dataclass(frozen=True)
class Candidate:
    """Code to score, the target it was written for, and how it was made."""

    code: str
    target: Target
    latency_s: float | None = None
    engine: str = ""
    model: str = ""
    warnings: tuple[str, ...] = ()
    usage: dict[str, Any] | None = None
    """How a model made it (``strategy``, tokens, ``cost_usd``, ``grounding_tokens``); ``None``
    for code that no model wrote."""


class ItemContext:
    """What the candidates of one item share, each computed at most once: the input design, the
    reference (rendered page or OCR'd image) and the OCR text blocks of the input; for an item
    with frames, the frames and the reference at each frame's width."""

    def __init__(self, dataset: Dataset, item: DatasetItem, renderer: Renderer, settings: Settings) -> None:
        self.dataset = dataset
        self.item = item
        self.renderer = renderer
        self._settings = settings
        self._references: dict[int, Reference] = {}

    @cached_property
    def design(self) -> DesignImage:
        return self._load(self.item.input)

    @cached_property
    def frames(self) -> tuple[Frame, ...]:
        """The item's frames for a request, narrowest first (empty for an item without); the
        widest is ``design`` itself."""
        if not self.item.frames:
            return ()
        designs = [self._load(frame.input) for frame in self.item.frames[:-1]] + [self.design]
        return screen_frames(designs, [frame.width for frame in self.item.frames])

    @cached_property
    def ocr_blocks(self) -> tuple[TextBlock, ...]:
        return text_blocks(self.design.image_view())

    @cached_property
    def reference(self) -> Reference:
        """The reference of the item's input (of its widest frame, for an item with frames)."""
        if self.item.frames:
            return self.reference_at(self.item.frames[-1].width)
        if self.item.reference_html is not None:
            return reference_from_html(self.renderer, self.item.reference_html, a11y=True)
        return reference_from_image(
            self.design.image_view(),
            blocks=design_blocks(self.design) or self.ocr_blocks,
            css_width=design_css_width(self.design),
        )

    def reference_at(self, width: int) -> Reference:
        """For an item with frames: the reference of its frame ``width`` CSS px wide, the page
        rendered at that width (with its accessibility report at the widest frame's only, as
        for one input) or, without a page, the frame's own image."""
        found = self._references.get(width)
        if found is not None:
            return found
        frame = next((f for f in self.frames if f.width == width), None)
        if frame is None:
            raise EvalError(f"Item {self.item.id} has no frame {width} px wide.")
        if self.item.reference_html is not None:
            widest = width == self.frames[-1].width
            found = reference_from_html(self.renderer, self.item.reference_html, width=width, a11y=widest)
        else:
            image = frame.design.image_view()
            read = self.ocr_blocks if frame.design is self.design else None
            blocks = design_blocks(frame.design) or read or text_blocks(image)
            found = reference_from_image(image, blocks=blocks, css_width=width)
        self._references[width] = found
        return found

    def _load(self, path: Path) -> DesignImage:
        return load_design(path.read_bytes(), path.name, limits=self._settings.limits)

    @cached_property
    def background(self) -> tuple[int, int, int]:
        """The page colour: the median of the input's outer 4 px frame."""
        pixels = np.asarray(self.design.image_view())
        frame = np.concatenate(
            [
                pixels[:4].reshape(-1, 3),
                pixels[-4:].reshape(-1, 3),
                pixels[:, :4].reshape(-1, 3),
                pixels[:, -4:].reshape(-1, 3),
            ]
        )
        r, g, b = (int(v) for v in np.median(frame, axis=0))
        return r, g, b

    def prepared(self, code: str) -> str:
        """``code`` with references to the dataset's image files inlined as data URLs (the preview
        policy loads no files), e.g. Design2Code's ``rick.jpg`` placeholder."""
        return inline_assets(code, self.dataset.root)


class CandidateSource(Protocol):
    """Makes the candidate of one item; raises ``HandoffError`` when it cannot."""

    name: str
    saves_code: bool
    """Whether the run keeps the code in ``candidates/`` (an engine's output: yes; files, baselines: no)."""

    def produce(self, context: ItemContext) -> Candidate: ...


class EngineSource:
    """Converts each input with an engine (one engine per worker thread)."""

    def __init__(
        self,
        settings: Settings,
        engine: str,
        target: Target,
        overrides: EngineOverrides,
        *,
        grounding: Grounding = Grounding.OFF,
        draft: bool = False,
        revise: int = 0,
        variants: int = 1,
        agent: bool = False,
        kind: DesignKind | None = None,
    ) -> None:
        self.name = engine
        self._kind = kind
        self._grounding = grounding
        self._draft = draft
        self._revise = revise
        self._variants = variants
        self._agent = agent
        checks = revise > 0 or variants > 1 or agent
        self._scoring = FidelityService() if checks else None
        self.saves_code = True
        self._settings = settings
        self._target = target
        self._overrides = overrides
        self._local = threading.local()
        self._engines: list[Converter] = []
        self._lock = threading.Lock()
        first = create_engine(engine, settings, overrides)  # fails early on a bad engine or missing key
        self._engines.append(first)
        self._local.engine = first

    def produce(self, context: ItemContext) -> Candidate:
        engine: Converter | None = getattr(self._local, "engine", None)
        if engine is None:
            engine = create_engine(self.name, self._settings, self._overrides)
            with self._lock:
                self._engines.append(engine)
            self._local.engine = engine
        request = ConversionRequest(
            design=context.design,
            target=self._target,
            grounding=self._grounding,
            draft=self._draft,
            frames=context.frames,
            kind=self._kind,
        )
        started = time.monotonic()
        if self._scoring is not None:  # its own scorer: the item's is the harness's, after this
            engine = asked_converter(
                engine,
                design_scorer(self._scoring, context.design),
                rounds=self._revise,
                variants=self._variants,
                agent=self._agent,
                max_cost_usd=self._settings.max_cost_usd,
                picture=self._settings.revise_picture,
            )
        conversion = engine.convert(request)
        usage = _usage(conversion)
        ranked = variants_summary(engine)
        if usage is not None and ranked is not None and isinstance(engine, VariantsConverter):
            spent = engine.spent  # the candidate cost every variant
            usage.update(
                input_tokens=spent.input_tokens if spent else None,
                output_tokens=spent.output_tokens if spent else None,
                cost_usd=spent.cost_usd if spent else None,
                variants=ranked,
            )
        return Candidate(
            code=conversion.code,
            target=conversion.target,
            latency_s=time.monotonic() - started,
            engine=conversion.engine,
            model=conversion.model,
            warnings=tuple(conversion.warnings),
            usage=usage,
        )

    def close(self) -> None:
        with self._lock:
            engines, self._engines = self._engines, []
        for engine in engines:
            engine.close()
        if self._scoring is not None:
            self._scoring.close()


class DirectorySource:
    """Reads existing outputs named by the manifest's ids: ``{id}.html``, ``{id}.jsx`` or ``{id}.tsx``."""

    def __init__(self, folder: Path, html_as: Target | None = None) -> None:
        if not folder.is_dir():
            raise EvalError(f"--candidates {folder} is not a folder.")
        self.name = "candidates"
        self.saves_code = False
        self._folder = folder
        self._html_as = html_as

    def produce(self, context: ItemContext) -> Candidate:
        for name, target in candidate_names(context.item.id).items():
            path = self._folder / name
            if path.is_file():
                try:
                    code = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as exc:
                    raise EvalError(f"Cannot read {path}: {exc}.") from exc
                return Candidate(code, target or self._html_as or html_target(code), engine="files")
        names = ", ".join(candidate_names(context.item.id))
        raise EvalError(f"No candidate for item {context.item.id} in {self._folder} (looked for {names}).")

    def missing(self, items: Sequence[DatasetItem], *, skip: bool = False) -> tuple[str, ...]:
        """The ids of ``items`` that have no candidate file in the folder, in their order.

        Unless ``skip``, any such id is an ``EvalError`` naming them all, the folder and the file
        names it looked for; with ``skip``, only a folder that has no item's file is.
        """
        missing = [
            item.id
            for item in items
            if not any((self._folder / name).is_file() for name in candidate_names(item.id))
        ]
        if not missing:
            return ()
        if skip and len(missing) < len(items):
            return tuple(missing)
        pattern = " or ".join(candidate_names("{id}"))
        if skip:
            raise EvalError(
                f"--candidates {self._folder} has no file for any of the {len(items)} items to score "
                f"(each item needs {pattern}): is it the right folder?"
            )
        example = " or ".join(candidate_names(missing[0]))
        raise EvalError(
            f"--candidates {self._folder} has no file for {len(missing)} of the {len(items)} items to "
            f"score: {', '.join(missing)}. Each item needs {pattern} (for {missing[0]}: {example}). "
            "Add the files, choose items with --ids, or pass --skip-missing to score only the items "
            "that have one."
        )


class BaselineSource:
    """One of the calibration baselines of ``converters.evaluation.baselines``."""

    def __init__(self, name: str, make: Callable[[ItemContext], str]) -> None:
        self.name = name
        self.saves_code = False
        self._make = make

    def produce(self, context: ItemContext) -> Candidate:
        return Candidate(self._make(context), Target.HTML_CSS, engine=f"baseline:{self.name}")


def baseline_sources(kind: str) -> tuple[BaselineSource, ...]:
    """The baselines that make sense for a dataset kind (none for sketches: they have no text truth)."""
    if kind == "sketches":
        return ()
    sources = [BaselineSource("empty", lambda _: empty_page())]
    if kind == "pages":
        sources.append(BaselineSource("unstyled", _unstyled))
    sources.append(BaselineSource("screenshot", lambda c: screenshot_page(c.design.png)))
    sources.append(BaselineSource("ocr_lines", _ocr_lines))
    return tuple(sources)


def candidate_names(item_id: str) -> dict[str, Target | None]:
    """The file names ``--candidates`` reads for an item, in the order it tries them, each with the
    target it is rendered as (``None``: see ``DirectorySource``)."""
    return {f"{item_id}{suffix}": target for suffix, target in CANDIDATE_SUFFIXES.items()}


def html_target(code: str) -> Target:
    """HTML that loads Tailwind (a script or stylesheet naming it) is HTML + Tailwind, else HTML + CSS."""
    return (
        Target.HTML_TAILWIND if re.search(r"<(script|link)\b[^>]*tailwind", code, re.I) else Target.HTML_CSS
    )


def inline_assets(code: str, folder: Path) -> str:
    """Replace quoted or ``url()`` references to image files directly in ``folder`` with data URLs."""
    names = sorted(
        (p.name for p in folder.iterdir() if p.is_file() and p.suffix.lower() in _ASSET_SUFFIXES),
        key=len,
        reverse=True,
    )
    wanted = [name for name in names if name in code]
    if not wanted:
        return code
    urls: dict[str, str] = {}
    for name in wanted:
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        urls[name] = f"data:{kind};base64," + base64.b64encode((folder / name).read_bytes()).decode("ascii")
    pattern = re.compile(r"(?<=[\"'(])(?:\./)?(" + "|".join(re.escape(n) for n in wanted) + r")(?=[\"')])")
    return pattern.sub(lambda m: urls[m.group(1)], code)


def _unstyled(context: ItemContext) -> str:
    assert context.item.reference_html is not None
    return unstyled_page(context.item.reference_html.read_text(encoding="utf-8", errors="replace"))


def _ocr_lines(context: ItemContext) -> str:
    design = context.design
    image: Image.Image = design.image_view()
    return ocr_lines_page(context.ocr_blocks, image.size, context.reference.css_width, context.background)


def _usage(conversion: Conversion) -> dict[str, Any] | None:
    """What ``summary.json`` records of how a model made ``conversion`` (``None``: no model did)."""
    if not conversion.strategy and conversion.usage is None:
        return None
    usage = conversion.usage
    return {
        "strategy": conversion.strategy,
        "input_tokens": usage.input_tokens if usage else None,
        "output_tokens": usage.output_tokens if usage else None,
        "cost_usd": usage.cost_usd if usage else None,
        "grounding_tokens": conversion.grounding_tokens,
        "rounds": [
            {"before": r.score_before, "after": r.score_after, "kept": r.kept, "cost_usd": r.cost_usd}
            for r in conversion.checks
        ],
    }
