"""A page's accessibility report, and the totals of many pages.

The renderer fills an ``A11yReport`` in the browser (``converters.render.audit``): per check of
``vocabulary.CHECKS``, how many elements passed, failed or could not be decided, and a ``Finding``
per failing element (capped at ``MAX_FINDINGS_PER_CHECK`` a check; the counts stay exact).

The share of checks passed (``A11yReport.share``), everywhere it is shown or averaged:

    share = checks passed / checks applicable, per page, 0..1 (``None`` when none applies)

- a check *applies* to a page when at least one element of the page was judged by it (passed or
  failed): a page with no image is not judged on alt text, one with no control not on keyboard
  focus. Landmarks apply to every page with a body, contrast to every page with visible text.
- a check *passes* when it applies and no element fails it; one failing element fails it.
- elements axe-core cannot decide (``unsure``: text over an image or a gradient, whose contrast
  depends on pixels it does not read) neither pass nor fail a check; they are counted apart.

Each check weighs the same whatever the number of elements: a page with one unnamed link out of
forty fails "Link names" as a page with forty does; the element counts tell the two apart. Over
many pages (``A11yTotals``), the mean is the mean of the pages' shares (pages with no share left
out), and each check counts the pages it passed, failed or did not apply to, and its failing and
undecided elements summed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from converters.a11y.vocabulary import CHECK_KEYS, CHECKS

MAX_FINDINGS_PER_CHECK: Final = 50
"""Findings kept per check and page: enough to fix a page by, bounded for a page with a thousand
unnamed links (stored with every result)."""


@dataclass(frozen=True)
class Contrast:
    """A contrast finding's numbers: the ratio measured and the one asked for (e.g. 4.5), and the
    text and background colours axe-core read from the rendered page, as ``#rrggbb``."""

    ratio: float
    expected: float
    foreground: str
    background: str


@dataclass(frozen=True)
class Finding:
    """One element that fails a check.

    ``check``: a ``Check.key``; ``selector``: a CSS selector of the element in the rendered page;
    ``element``: a short description of it (tag and text, or image file), for people;
    ``message``: what is wrong, in a sentence (axe-core's wording, or ours for the keyboard
    check). ``box``: the element's border box, ``(x, y, width, height)`` in CSS px from the top
    left of the page; ``None`` for a finding about the whole page (no main landmark).
    Every text field is the page's own content or derived from it: untrusted.
    """

    check: str
    selector: str
    element: str
    message: str
    box: tuple[float, float, float, float] | None = None
    contrast: Contrast | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "check": self.check,
            "selector": self.selector,
            "element": self.element,
            "message": self.message,
            "box": list(self.box) if self.box is not None else None,
        }
        if self.contrast is not None:
            data["contrast"] = {
                "ratio": self.contrast.ratio,
                "expected": self.contrast.expected,
                "foreground": self.contrast.foreground,
                "background": self.contrast.background,
            }
        return data

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Finding:
        box = raw.get("box")
        contrast = raw.get("contrast")
        return cls(
            check=str(raw["check"]),
            selector=str(raw.get("selector", "")),
            element=str(raw.get("element", "")),
            message=str(raw.get("message", "")),
            box=(float(box[0]), float(box[1]), float(box[2]), float(box[3])) if box else None,
            contrast=Contrast(
                ratio=float(contrast["ratio"]),
                expected=float(contrast["expected"]),
                foreground=str(contrast["foreground"]),
                background=str(contrast["background"]),
            )
            if contrast
            else None,
        )


@dataclass(frozen=True)
class CheckResult:
    """One check on one page: elements that ``passed``, ``failed`` and that were ``unsure`` (see
    the module's docstring)."""

    key: str
    passed: int = 0
    failed: int = 0
    unsure: int = 0

    @property
    def applies(self) -> bool:
        return self.passed + self.failed > 0

    @property
    def outcome(self) -> bool | None:
        """``True`` passed, ``False`` failed, ``None`` does not apply."""
        return None if not self.applies else self.failed == 0


@dataclass(frozen=True)
class A11yReport:
    """The accessibility checks of one rendered page: one ``CheckResult`` per ``vocabulary.CHECKS``
    (in that order) and the findings, grouped by check in that order, each group in document
    order. ``error``: why the checks could not run (then ``checks`` is empty and ``share`` ``None``).
    """

    checks: tuple[CheckResult, ...]
    findings: tuple[Finding, ...] = ()
    error: str = ""

    def check(self, key: str) -> CheckResult:
        """The result of the check ``key``; a check the report lacks did not apply."""
        return next((c for c in self.checks if c.key == key), CheckResult(key))

    @property
    def share(self) -> float | None:
        """Checks passed / checks applicable (0..1), ``None`` when no check applies; see the module."""
        outcomes = [c.outcome for c in self.checks if c.outcome is not None]
        return sum(outcomes) / len(outcomes) if outcomes else None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON: ``share``, per check ``{passed, failed, unsure, outcome}``, ``findings``."""
        data: dict[str, Any] = {
            "share": self.share,
            "checks": {
                c.key: {"passed": c.passed, "failed": c.failed, "unsure": c.unsure, "outcome": c.outcome}
                for c in self.checks
            },
            "findings": [finding.to_dict() for finding in self.findings],
        }
        if self.error:
            data["error"] = self.error
        return data

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> A11yReport:
        """The report ``to_dict`` wrote; checks it lacks (older reports) did not apply."""
        stored = raw.get("checks") or {}
        checks = tuple(
            CheckResult(
                key,
                passed=int(stored[key].get("passed", 0)),
                failed=int(stored[key].get("failed", 0)),
                unsure=int(stored[key].get("unsure", 0)),
            )
            for key in CHECK_KEYS
            if key in stored
        )
        findings = tuple(Finding.from_dict(item) for item in raw.get("findings") or ())
        return cls(checks, findings, str(raw.get("error", "")))


@dataclass
class CheckTotals:
    """One check over many pages: pages it ``passed``, ``failed`` and did not apply to
    (``not_applicable``), and its failing and undecided elements summed (``elements_failed``,
    ``elements_unsure``)."""

    passed: int = 0
    failed: int = 0
    not_applicable: int = 0
    elements_failed: int = 0
    elements_unsure: int = 0

    def to_dict(self) -> dict[str, int]:
        return {
            "passed": self.passed,
            "failed": self.failed,
            "not_applicable": self.not_applicable,
            "elements_failed": self.elements_failed,
            "elements_unsure": self.elements_unsure,
        }


@dataclass
class A11yTotals:
    """Many pages' reports together: ``pages`` with a report (``errors`` of them could not be
    checked), ``mean`` of their shares (``None`` without any) and ``checks`` by key."""

    pages: int = 0
    errors: int = 0
    mean: float | None = None
    checks: dict[str, CheckTotals] = field(default_factory=lambda: {key: CheckTotals() for key in CHECK_KEYS})

    @classmethod
    def of(cls, reports: Iterable[A11yReport]) -> A11yTotals:
        totals = cls()
        shares: list[float] = []
        for report in reports:
            totals.pages += 1
            if report.error:
                totals.errors += 1
                continue
            if (share := report.share) is not None:
                shares.append(share)
            for check in CHECKS:
                result, counts = report.check(check.key), totals.checks[check.key]
                if result.outcome is None:
                    counts.not_applicable += 1
                elif result.outcome:
                    counts.passed += 1
                else:
                    counts.failed += 1
                counts.elements_failed += result.failed
                counts.elements_unsure += result.unsure
        totals.mean = sum(shares) / len(shares) if shares else None
        return totals

    def to_dict(self) -> dict[str, Any]:
        """``{pages, errors, mean, checks: {key: CheckTotals.to_dict()}}``, as ``summary.json`` has it."""
        return {
            "pages": self.pages,
            "errors": self.errors,
            "mean": self.mean,
            "checks": {key: counts.to_dict() for key, counts in self.checks.items()},
        }
