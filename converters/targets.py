"""The closed vocabulary of output stacks."""

from __future__ import annotations

from enum import StrEnum


class Target(StrEnum):
    """What the generated code is written in."""

    REACT_TAILWIND = "react-tailwind"
    HTML_CSS = "html-css"
    HTML_TAILWIND = "html-tailwind"

    @property
    def label(self) -> str:
        """Human name for menus, e.g. ``React + Tailwind``."""
        return _LABELS[self]

    @property
    def fence(self) -> str:
        """The language of its code fences and highlighting: ``jsx`` or ``html``."""
        return "jsx" if self is Target.REACT_TAILWIND else "html"


_LABELS = {
    Target.REACT_TAILWIND: "React + Tailwind",
    Target.HTML_CSS: "HTML + CSS",
    Target.HTML_TAILWIND: "HTML + Tailwind",
}
