"""Check and revise: after a model's answer, render it, score it against the upload and give the
model one more turn with concrete feedback; keep the revision only if it scores better.

``RevisingConverter`` wraps a model engine and is itself a ``Converter``: the app's job, the CLI
and the eval harness run it as they run any engine, and its live events are the engine's (each
round streams into the same live view) plus a status line per check. The score that decides is
``combined_fidelity``: ``converters.fidelity.vocabulary.combined_score``, the mean of the five
fidelity scores (Block, Text, Position, Color, Visual), the number the result's badge shows.

Limits: at most ``rounds`` revisions, and none once the conversion has cost ``max_cost_usd``
(``HANDOFF_MAX_COST_USD``); either ends the loop with the best code so far and says so. A round
that fails (401, 429, a timeout, a reply without code) ends the loop the same way: the earlier
code is kept, never lost.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from contextlib import nullcontext
from functools import partial
from typing import Final

from converters.cancel import Cancellation
from converters.conversion import (
    CheckRound,
    Conversion,
    ConversionRequest,
    Converter,
    EventHandler,
    ReadsDesign,
    Revision,
    StatusEvent,
    restarting,
)
from converters.errors import ConversionStoppedError, HandoffError
from converters.fidelity.feedback import feedback
from converters.fidelity.report import design_blocks, design_css_width
from converters.fidelity.service import FidelityService, ScoredConversion
from converters.fidelity.vocabulary import combined_score
from converters.intake import DesignImage
from converters.intake.design import EncodedImage, model_picture
from converters.versions import thread_usage

SCORE_TIMEOUT_S: Final = 180.0
"""Longest wait for one render and score: a long page on a loaded machine takes tens of seconds."""

Scorer = Callable[[Conversion], ScoredConversion]
"""Renders a conversion's code and scores it against the design it was made from."""


def design_scorer(service: FidelityService, design: DesignImage) -> Scorer:
    """Scores a conversion of ``design`` against it with ``service`` (at the design's CSS width),
    waiting for the result."""

    def score(conversion: Conversion) -> ScoredConversion:
        job = service.submit(
            design.sha256,
            design.image_view(),
            conversion.code,
            conversion.target,
            css_width=design_css_width(design),
            blocks=design_blocks(design),
        )
        return job.result(timeout=SCORE_TIMEOUT_S)

    return score


def render_picture(scored: ScoredConversion) -> EncodedImage | None:
    """The render a check scored, sized for the model (``None`` if its screenshot is unreadable)."""
    try:
        return model_picture(scored.report.candidate.png)
    except (OSError, ValueError):
        return None


def combined_fidelity(scored: ScoredConversion) -> float:
    """The one number that ranks two codes for the same design (0..1): ``combined_score`` of the
    report, the mean of the five fidelity scores the result's badge shows."""
    scores = scored.report.scores()
    return combined_score({key: value for key, value in scores.items() if not isinstance(value, bool)})


class RevisingConverter:
    """``engine`` with up to ``rounds`` rounds of check and revise (see the module docstring)."""

    def __init__(
        self,
        engine: Converter,
        score: Scorer,
        *,
        rounds: int,
        max_cost_usd: float | None = None,
        picture: bool = True,
    ) -> None:
        self.engine = engine
        self.score = score
        self.rounds = rounds
        self.max_cost_usd = max_cost_usd
        self.picture = picture

    @property
    def name(self) -> str:
        return self.engine.name

    @property
    def needs_key(self) -> bool:
        return self.engine.needs_key

    def close(self) -> None:
        self.engine.close()

    def convert(
        self,
        request: ConversionRequest,
        on_event: EventHandler | None = None,
        *,
        cancel: Cancellation | None = None,
    ) -> Conversion:
        """The engine's answer to ``request``, revised while that scores better (``rounds`` at
        most). Raises what the engine raises for the first answer; a stop during a later round
        raises ``ConversionStoppedError`` carrying the best code so far."""
        # The design's reading, if the engine makes one, is made once and kept for the revision
        # turns: they send the conversion's first messages exactly.
        if isinstance(self.engine, ReadsDesign):
            request = self.engine.prepare(request, on_event, cancel)
        first = self.engine.convert(request, on_event, cancel=cancel)
        if self.rounds < 1 or not first.complete:
            return first
        best, best_scored, spent = first, self._score(first, on_event), [first]
        rounds: list[CheckRound] = []
        for number in range(1, self.rounds + 1):
            before = combined_fidelity(best_scored)
            notes = feedback(best_scored)
            cost = thread_usage(spent).cost_usd
            if not notes.text:
                rounds.append(CheckRound(before, None, False, "", 0, note="Nothing left to fix."))
                break
            note = cost_cap_note(self.max_cost_usd, cost)
            if note:
                rounds.append(CheckRound(before, None, False, notes.text, notes.problems, note=note))
                say(on_event, note)
                break
            say(
                on_event,
                f"Check {number}: fidelity {before:.0%}, {notes.problems} problem(s) found; "
                "asking for a revision…",
            )
            picture = render_picture(best_scored) if self.picture else None
            revision = Revision(best.code, notes.text, check=True, picture=picture)
            turn = dataclasses.replace(request, revision=revision)
            started = time.perf_counter()
            # The revision's turn gets a token of its own, so that a stop keeps the best code so
            # far (this loop's partial), not the revision's first lines (the engine's).
            inner = Cancellation()
            kept_so_far = _result(first, best, list(spent), list(rounds))
            linked = cancel.on_cancel(inner.cancel) if cancel is not None else nullcontext()
            keeps = cancel.keeps_partial(partial(_same, kept_so_far)) if cancel is not None else nullcontext()
            try:
                with linked, keeps:
                    revised = self.engine.convert(turn, restarting(on_event), cancel=inner)
            except ConversionStoppedError as exc:
                raise ConversionStoppedError(str(exc), partial=_result(first, best, spent, rounds)) from exc
            except HandoffError as exc:
                note = f"The revision failed ({exc}); the earlier code is kept."
                rounds.append(CheckRound(before, None, False, notes.text, notes.problems, note=note))
                say(on_event, note)
                break
            model_s = time.perf_counter() - started
            spent.append(revised)
            started = time.perf_counter()
            scored = self._score(revised, on_event) if revised.complete else None
            score_s = time.perf_counter() - started
            after = combined_fidelity(scored) if scored is not None else None
            kept = scored is not None and after is not None and after > before
            usage = revised.usage
            rounds.append(
                CheckRound(
                    before,
                    after,
                    kept,
                    notes.text,
                    notes.problems,
                    input_tokens=usage.input_tokens if usage else 0,
                    output_tokens=usage.output_tokens if usage else 0,
                    cost_usd=usage.cost_usd if usage else None,
                    model_s=round(model_s, 3),
                    score_s=round(score_s, 3),
                )
            )
            if kept and scored is not None:
                best, best_scored = revised, scored
                say(on_event, f"Check {number}: the revision scores {after:.0%} (was {before:.0%}): kept.")
            else:
                shown = f"{after:.0%}" if after is not None else "nothing (cut short)"
                say(
                    on_event,
                    f"Check {number}: the revision scores {shown}, not better than {before:.0%}: "
                    "the earlier code is kept.",
                )
                break  # a revision that did not help would be revised from the same code again
        else:
            if rounds and rounds[-1].kept:
                note = f"The round cap ({self.rounds}) was reached: the best code so far is kept."
                rounds[-1] = dataclasses.replace(rounds[-1], note=note)
        return _result(first, best, spent, rounds)

    def _score(self, conversion: Conversion, on_event: EventHandler | None) -> ScoredConversion:
        say(on_event, "Rendering the code and comparing it with the design…")
        return self.score(conversion)


def _result(
    first: Conversion, best: Conversion, spent: list[Conversion], rounds: list[CheckRound]
) -> Conversion:
    """``best`` as the conversion's result: the conversion's own instruction and strategy, the
    tokens and cost of every turn, the time from the first request, and the rounds."""
    total = sum(conversion.timings.total_s for conversion in spent) + sum(r.score_s for r in rounds)
    kept = sum(r.kept for r in rounds)
    return dataclasses.replace(
        best,
        instruction=first.instruction,
        strategy=f"{first.strategy or 'plain'} + check and revise ({len(rounds)} round(s), {kept} kept)",
        grounding_tokens=first.grounding_tokens,
        usage=thread_usage(spent).as_usage(),
        timings=dataclasses.replace(first.timings, total_s=round(total, 3)),
        checks=tuple(rounds),
    )


def _same(conversion: Conversion) -> Conversion:
    return conversion


def say(on_event: EventHandler | None, text: str) -> None:
    """``text`` as a status line of the live view."""
    if on_event is not None:
        on_event(StatusEvent(text))


def cost_cap_note(max_cost_usd: float | None, cost_usd: float | None) -> str:
    """Why no more turns are asked, once a conversion has cost ``max_cost_usd``
    (``HANDOFF_MAX_COST_USD``); empty while it may go on (no cap, or no price known)."""
    if max_cost_usd is None or cost_usd is None or cost_usd < max_cost_usd:
        return ""
    return f"The cost cap (${max_cost_usd:.4f}) was reached: the best code so far is kept."
