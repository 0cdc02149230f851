"""Code-quality scores of a rendered candidate page, read from its ``PageStructure``.

The Design2Code fidelity scores (``converters.fidelity.scores``) only look at where text lands and
what it looks like, so a page made of absolutely positioned text lines scores as well as a real
layout. These scores look at the code behind the picture and expose such a dump:

- ``absolute_share``: visible elements whose computed ``position`` is ``absolute`` or ``fixed``,
  divided by all visible elements (0..1, lower is better; 0 for a page without visible elements).
  ``sticky`` and ``relative`` do not count.
- ``reflow``: whether every ``ReflowCheck`` of the structure passed (no horizontal overflow, and
  no overlapping, clipped or squeezed text beyond what the full-width page has, at each narrower
  width);
  ``None`` when none were made.
- ``tree_bleu``: TreeBLEU (Gui et al. 2024, Vision2UI / WebCode2M), the recall of the reference's
  1-height subtrees (an element and the tag names of its element children, ``"ul>li,li,li"``) in
  the candidate: ``sum over signatures of min(count_ref, count_cand) / number of reference
  subtrees`` (0..1). ``None`` when the reference has no subtrees, or there is no reference page.
- ``semantics``: four heuristic checks (``Semantics``), each ``True``/``False``, or ``None`` when
  it does not apply, and their ``score``, the share of applicable checks that passed.

Semantic checks (tags are lower case; a role is the first token of the ``role`` attribute):

- ``landmarks``: the candidate has a ``main`` (tag or role ``main``) and at least one of
  ``header``/``nav``/``footer`` (or roles ``banner``/``navigation``/``contentinfo``). Applies
  when the candidate has any visible text.
- ``headings``: the candidate has an ``h1``-``h6``, the first is an ``h1`` or ``h2``, and in
  document order a heading is never more than one level deeper than the one before (``h1`` then
  ``h3`` fails; going back up by any number of levels is fine). Applies when the candidate has
  visible text, unless a reference is given and has no headings.
- ``controls``: fails if an element other than ``button``/``input``/``select``/``textarea`` has a
  control role (``CONTROL_ROLES``: a ``div role="button"``, an ``a role="button"``), or if for
  some kind of native control the candidate has fewer than half as many as the reference. Kinds:
  ``button`` (``<button>`` and ``<input type=button|submit|reset|image>``), ``checkbox``,
  ``radio``, ``input`` (any other ``<input>``), ``select``, ``textarea``. Applies when the
  reference has native controls or the candidate has role-faked ones.
- ``images``: the candidate has at least half as many ``img``/``svg``/``picture``/``canvas``/
  ``video`` elements as the reference. Applies only when a reference is given and has some.

Limits and deviations:

- TreeBLEU reads the DOM as written, invisible elements included (the signatures of
  ``PageStructure.subtrees``), while every other score reads only visible elements.
- The paper states TreeBLEU with sets of subtrees; here repeats count, clipped as in BLEU's n-gram
  precision, so a reference list of five items needs five in the candidate, and a candidate that
  repeats one subtree cannot earn more than the reference's count of it.
- The semantic checks are heuristics on a flat list of visible elements: there is no tree, so a
  ``header`` inside an ``article`` (which is not a banner landmark) still counts, and
  ``role="heading"`` without a tag is not a heading (its ``aria-level`` is not recorded).
- Only visible elements count: an ``<img>`` that failed to load and collapsed to no area is not an
  image. A ``<picture>`` counts besides the ``<img>`` inside it, on both sides alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, fields
from itertools import pairwise
from typing import Final

from converters.render.types import Element, PageStructure, ReflowCheck

POSITIONED: Final = frozenset({"absolute", "fixed"})
"""Computed ``position`` values that take an element out of the flow."""
OTHER_LANDMARK_TAGS: Final = frozenset({"header", "nav", "footer"})
OTHER_LANDMARK_ROLES: Final = frozenset({"banner", "navigation", "contentinfo"})
"""Tags and roles of the landmarks of which the candidate needs one besides ``main``."""
HEADINGS: Final = {f"h{level}": level for level in range(1, 7)}
NATIVE_CONTROLS: Final = frozenset({"button", "input", "select", "textarea"})
CONTROL_ROLES: Final = frozenset(
    {
        "button",
        "checkbox",
        "radio",
        "switch",
        "textbox",
        "searchbox",
        "combobox",
        "listbox",
        "slider",
        "spinbutton",
    }
)
"""Roles that fake a form control when put on an element other than one of ``NATIVE_CONTROLS``."""
BUTTON_INPUTS: Final = frozenset({"button", "submit", "reset", "image"})
"""``<input type>`` values that make a button."""
IMAGES: Final = frozenset({"img", "svg", "picture", "canvas", "video"})
"""Tags that count as images."""


@dataclass(frozen=True)
class Semantics:
    """The semantic checks: ``True`` passed, ``False`` failed, ``None`` not applicable.

    See the module docstring for what each check asks and when it applies.
    """

    landmarks: bool | None
    headings: bool | None
    controls: bool | None
    images: bool | None

    @property
    def checks(self) -> dict[str, bool | None]:
        """The checks by name, in field order."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def score(self) -> float | None:
        """Share (0..1) of the applicable checks that passed; ``None`` when none apply."""
        applicable = [passed for passed in self.checks.values() if passed is not None]
        if not applicable:
            return None
        return sum(applicable) / len(applicable)

    def to_dict(self) -> dict[str, bool | float | None]:
        """The checks by name and ``score``, for JSON."""
        return {**self.checks, "score": self.score}


@dataclass(frozen=True)
class QualityScores:
    """The code-quality scores of one candidate page (see the module docstring).

    ``reflow_checks`` are the structure's checks that ``reflow`` summarises; ``tree_bleu`` is
    ``None`` without a reference page.
    """

    absolute_share: float
    reflow: bool | None
    reflow_checks: tuple[ReflowCheck, ...]
    semantics: Semantics
    tree_bleu: float | None

    def to_dict(self) -> dict[str, object]:
        """Plain types only (``json.dumps`` takes it): the ``vocabulary.QUALITY_SCORES`` keys (``semantics``
        with its checks) plus ``reflow_checks``."""
        return {
            "absolute_share": self.absolute_share,
            "reflow": self.reflow,
            "reflow_checks": [
                {
                    "width": check.width,
                    "overflow_px": check.overflow_px,
                    "overlaps": check.overlaps,
                    "clipped": check.clipped,
                    "overlaps_at_full": check.overlaps_at_full,
                    "clipped_at_full": check.clipped_at_full,
                    "squeezed": check.squeezed,
                    "squeezed_at_full": check.squeezed_at_full,
                    "passed": check.passed,
                }
                for check in self.reflow_checks
            ],
            "semantics": self.semantics.to_dict(),
            "tree_bleu": self.tree_bleu,
        }


def quality_scores(candidate: PageStructure, reference: PageStructure | None = None) -> QualityScores:
    """All code-quality scores of ``candidate``; ``reference`` when the reference is an HTML page."""
    return QualityScores(
        absolute_share=absolute_share(candidate),
        reflow=reflow_passed(candidate),
        reflow_checks=candidate.reflow,
        semantics=semantic_checks(candidate, reference),
        tree_bleu=None if reference is None else tree_bleu(reference.subtrees, candidate.subtrees),
    )


def absolute_share(structure: PageStructure) -> float:
    """Share (0..1) of visible elements positioned ``absolute`` or ``fixed``; 0 without elements."""
    if not structure.elements:
        return 0.0
    positioned = sum(1 for e in structure.elements if e.position.lower() in POSITIONED)
    return positioned / len(structure.elements)


def reflow_passed(structure: PageStructure) -> bool | None:
    """Whether every reflow check passed; ``None`` when the structure has none."""
    if not structure.reflow:
        return None
    return all(check.passed for check in structure.reflow)


def reflow_problems(check: ReflowCheck) -> list[str]:
    """What went wrong at ``check``'s width, in words ("42 px wider than the screen", "3
    overlapping text pairs", "1 element with cut-off text"); empty when it fits."""
    if check.passed:
        return []
    problems = []
    if check.overflow_px > 1:
        problems.append(f"{check.overflow_px:.0f} px wider than the screen")
    if check.overlaps:
        pairs = "pair" if check.overlaps == 1 else "pairs"
        problems.append(f"{check.overlaps:d} overlapping text {pairs}")
    if check.clipped:
        elements = "element" if check.clipped == 1 else "elements"
        problems.append(f"{check.clipped:d} {elements} with cut-off text")
    if check.squeezed > check.squeezed_at_full:
        texts = "text" if check.squeezed == 1 else "texts"
        problems.append(f"{check.squeezed:d} {texts} squeezed narrower than their words")
    return problems


def tree_bleu(reference_subtrees: Sequence[str], candidate_subtrees: Sequence[str]) -> float | None:
    """TreeBLEU, the 1-height subtree recall (0..1): clipped matches / reference subtrees.

    Each signature counts at most as often as the reference has it (BLEU's clipping); ``None``
    when the reference has no subtrees.
    """
    if not reference_subtrees:
        return None
    reference = Counter(reference_subtrees)
    found = reference & Counter(candidate_subtrees)  # multiset intersection: min of the counts
    return found.total() / reference.total()


def semantic_checks(candidate: PageStructure, reference: PageStructure | None = None) -> Semantics:
    """The four semantic checks of ``candidate``, against ``reference`` where one is needed."""
    has_text = any(e.text.strip() for e in candidate.elements)
    return Semantics(
        landmarks=_landmarks(candidate.elements) if has_text else None,
        headings=_headings(candidate.elements, reference) if has_text else None,
        controls=_controls(candidate.elements, reference),
        images=_images(candidate.elements, reference),
    )


def _landmarks(elements: Sequence[Element]) -> bool:
    has_main = any(e.tag == "main" or _role(e) == "main" for e in elements)
    has_other = any(e.tag in OTHER_LANDMARK_TAGS or _role(e) in OTHER_LANDMARK_ROLES for e in elements)
    return has_main and has_other


def _headings(elements: Sequence[Element], reference: PageStructure | None) -> bool | None:
    """The headings check of a candidate with text (``None`` when the reference has no headings)."""
    if reference is not None and not _heading_levels(reference.elements):
        return None
    levels = _heading_levels(elements)
    if not levels or levels[0] > 2:
        return False
    return all(after - before <= 1 for before, after in pairwise(levels))


def _heading_levels(elements: Sequence[Element]) -> list[int]:
    return [HEADINGS[e.tag] for e in elements if e.tag in HEADINGS]


def _controls(elements: Sequence[Element], reference: PageStructure | None) -> bool | None:
    faked = any(e.tag not in NATIVE_CONTROLS and _role(e) in CONTROL_ROLES for e in elements)
    wanted = _control_kinds(reference.elements) if reference is not None else Counter[str]()
    if not faked and not wanted:
        return None
    if faked:
        return False
    have = _control_kinds(elements)
    return all(have[kind] >= count / 2 for kind, count in wanted.items())


def _control_kinds(elements: Sequence[Element]) -> Counter[str]:
    """Native controls by kind (see the module docstring for the kinds)."""
    kinds: Counter[str] = Counter()
    for e in elements:
        if e.tag == "input":
            kind = e.kind.lower()
            if kind in BUTTON_INPUTS:
                kinds["button"] += 1
            elif kind in ("checkbox", "radio"):
                kinds[kind] += 1
            else:
                kinds["input"] += 1
        elif e.tag in NATIVE_CONTROLS:
            kinds[e.tag] += 1
    return kinds


def _images(elements: Sequence[Element], reference: PageStructure | None) -> bool | None:
    if reference is None:
        return None
    wanted = _image_count(reference.elements)
    if not wanted:
        return None
    return _image_count(elements) >= wanted / 2


def _image_count(elements: Sequence[Element]) -> int:
    return sum(1 for e in elements if e.tag in IMAGES)


def _role(element: Element) -> str:
    """The element's role: the first token of its ``role`` attribute, lower case ("" if none)."""
    tokens = element.role.lower().split()
    return tokens[0] if tokens else ""
