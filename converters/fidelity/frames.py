"""One candidate scored against the frames of a screen (issue 16): the candidate rendered at each
frame's width and scored against that frame's reference, and the mean over the frames.

Shared by the app (``FidelityService.submit_frames``: references from the uploaded frames) and
``handoff eval`` (``converters.evaluation.frames``: references rendered from a page at each
width, or the frames' own images), so that a result's per-frame scores mean the same in both.
Each frame is scored as one design is (``score_candidate``, reflow checks included); the
accessibility checks run at the widest frame only, since the page's code is the same at every
width and they take a second.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from converters.fidelity.report import REFLOW_WIDTHS, FidelityReport, Reference, score_candidate
from converters.fidelity.scores import TextSimilarities
from converters.fidelity.vocabulary import REFLOW, SCORE_KEYS
from converters.render import Renderer
from converters.targets import Target

Scores = dict[str, float | bool | None]


def score_frames(
    renderer: Renderer,
    references: Sequence[Reference],
    code: str,
    target: Target,
    *,
    reflow: Sequence[int] = REFLOW_WIDTHS,
    a11y: bool = False,
    similarities: Sequence[TextSimilarities | None] = (),
) -> tuple[FidelityReport, ...]:
    """``code`` scored against each of ``references`` (one per frame, each at its frame's width,
    ``Reference.css_width``), in their order. With ``a11y``, the render at the widest frame's
    width is checked for accessibility too. ``similarities``: one per reference (or none), kept
    from earlier candidates of that frame (see ``TextSimilarities``)."""
    if not references:
        raise ValueError("score_frames needs at least one reference")
    if similarities and len(similarities) != len(references):
        raise ValueError("score_frames needs one TextSimilarities per reference, or none")
    widest = max(reference.css_width for reference in references)
    kept = list(similarities) or [None] * len(references)
    return tuple(
        score_candidate(
            renderer,
            reference,
            code,
            target,
            reflow=reflow,
            similarities=known,
            a11y=a11y and reference.css_width == widest,
        )
        for reference, known in zip(references, kept, strict=True)
    )


def mean_scores(per_frame: Sequence[Mapping[str, float | bool | None]]) -> Scores:
    """One result's scores from its frames': each score's mean over the frames that have it
    (``None`` when none has), ``reflow`` true only when every frame's render passed."""
    scores: Scores = {}
    for key in SCORE_KEYS:
        values = [value for frame in per_frame if (value := frame.get(key)) is not None]
        if not values:
            scores[key] = None
        elif key == REFLOW.key:
            scores[key] = all(bool(value) for value in values)
        else:
            scores[key] = sum(float(value) for value in values) / len(values)
    return scores
