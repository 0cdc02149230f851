"""Accessibility: the checks a rendered page is put through and the report they give.

``converters.a11y.vocabulary`` is the one list of the checks (keys, labels, explanations, the
axe-core rules behind each); ``converters.a11y.report`` holds ``A11yReport`` (one page, with the
definition of the share of checks passed) and ``A11yTotals`` (many pages); the renderer runs the
checks (``Renderer.render_code(..., a11y=True)``, ``converters.render.audit``) and
``converters.a11y.overlay`` draws the findings on the page's screenshot. Pure data and Pillow:
this package imports nothing else of ``converters``.
"""

from __future__ import annotations

from converters.a11y.report import A11yReport, A11yTotals, CheckResult, Contrast, Finding
from converters.a11y.vocabulary import CHECK_KEYS, CHECKS, CHECKS_BY_KEY, Check

__all__ = [
    "CHECKS",
    "CHECKS_BY_KEY",
    "CHECK_KEYS",
    "A11yReport",
    "A11yTotals",
    "Check",
    "CheckResult",
    "Contrast",
    "Finding",
]
