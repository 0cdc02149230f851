"""The one list of accessibility checks: each check's key, its names for people, what it asks of a
page, and the axe-core rules that make it.

Every place that names a check reads it here: the renderer's audit (``converters.render.audit``,
which runs ``AXE_RULES`` and the keyboard walk), ``A11yReport`` and its stored form, the
evaluation's ``summary.json`` and ``summary.md``, the app's Accessibility section and its overlay,
and ``benchmarks/a11y_bench.py``. A new check is added here first.

What the checks follow: WCAG 2.2 level AA where it has a criterion (contrast 1.4.3, non-text
content 1.1.1, labels 1.3.1/4.1.2, names 2.4.4/4.1.2, keyboard 2.1.1), and the practices the
WAI's tutorials ask for where it has none (heading order, landmarks), as axe-core encodes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final


@dataclass(frozen=True)
class Check:
    """One accessibility check.

    ``key``: its name in ``A11yReport``, the stored reports, ``summary.json`` and the library (kept
    on disk: never rename one). ``label``: its name for people. ``explanation``: one line, shown
    next to it. ``rules``: the axe-core rule ids whose results make it (empty for a check of our
    own, which the renderer runs itself).
    """

    key: str
    label: str
    explanation: str
    rules: tuple[str, ...]


CONTRAST: Final = Check(
    "contrast",
    "Text contrast",
    "Text stands out from the background it is drawn on by WCAG 2.2 AA's ratios: 4.5:1, or 3:1 "
    "for large text (24 px, or 18.66 px bold).",
    ("color-contrast",),
)
IMAGE_ALT: Final = Check(
    "image_alt",
    "Image alt text",
    'Images have a text alternative (alt, aria-label), or alt="" when they are decoration.',
    ("image-alt", "input-image-alt", "role-img-alt", "svg-img-alt"),
)
FORM_LABELS: Final = Check(
    "form_labels",
    "Form labels",
    "Inputs, selects and text areas have a label: a <label>, aria-label(ledby), a title or a placeholder.",
    ("label", "select-name"),
)
BUTTON_NAMES: Final = Check(
    "button_names",
    "Button names",
    "Buttons have an accessible name: text, aria-label, or an image with alt text.",
    ("button-name", "input-button-name"),
)
LINK_NAMES: Final = Check(
    "link_names",
    "Link names",
    "Links have an accessible name: text, aria-label, or an image with alt text.",
    ("link-name",),
)
HEADING_ORDER: Final = Check(
    "heading_order",
    "Heading order",
    "Heading levels go down one step at a time (an h2 is not followed by an h4).",
    ("heading-order",),
)
LANDMARKS: Final = Check(
    "landmarks",
    "Landmarks",
    "The page has one main landmark, and all its content lies in landmarks (header, nav, main, footer…).",
    ("landmark-one-main", "region"),
)
KEYBOARD: Final = Check(
    "keyboard",
    "Keyboard focus",
    "Pressing Tab from the top of the page reaches every visible, enabled control (links, buttons, "
    "form fields, elements with click handlers or widget roles).",
    (),
)

CHECKS: Final = (
    CONTRAST,
    IMAGE_ALT,
    FORM_LABELS,
    BUTTON_NAMES,
    LINK_NAMES,
    HEADING_ORDER,
    LANDMARKS,
    KEYBOARD,
)
"""Every check, in the order reports, tables and the app list them."""
CHECK_KEYS: Final = tuple(check.key for check in CHECKS)
CHECKS_BY_KEY: Final[Mapping[str, Check]] = MappingProxyType({check.key: check for check in CHECKS})
AXE_RULES: Final = tuple(rule for check in CHECKS for rule in check.rules)
"""The axe-core rules the renderer runs: those of the checks, nothing else."""
CHECK_OF_RULE: Final[Mapping[str, str]] = MappingProxyType(
    {rule: check.key for check in CHECKS for rule in check.rules}
)
"""Which check each axe-core rule counts towards."""
