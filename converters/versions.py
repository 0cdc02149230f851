"""Versions of a result side by side: what a thread of changes cost, and how two versions' code
differ.

Pure functions over ``Conversion``s, for the app's Versions tab and the CLI: the library gives the
versions (``Store.design_versions``, ``Store.thread``), this module compares them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from converters.conversion import Conversion, Usage

DIFF_CONTEXT_LINES: Final = 3
"""Unchanged lines shown around each change: as ``git diff`` does, enough to find the place."""


@dataclass(frozen=True)
class ThreadUsage:
    """Tokens and cost summed over versions. ``cost_usd`` is ``None`` when no version had a
    price; ``unpriced`` counts the versions that used tokens without one (the sum is then a floor)."""

    turns: int
    input_tokens: int
    cached_tokens: int
    output_tokens: int
    cost_usd: float | None
    unpriced: int

    def as_usage(self) -> Usage | None:
        """The sum as one result's ``Usage`` (``None`` when no turn reported usage)."""
        if not self.turns:
            return None
        return Usage(self.input_tokens, self.cached_tokens, self.output_tokens, self.cost_usd)


def thread_usage(conversions: Iterable[Conversion]) -> ThreadUsage:
    """The tokens and cost of every model turn among ``conversions`` (a local engine's turn has
    no usage and counts for nothing)."""
    return summed_usage(conversion.usage for conversion in conversions)


def summed_usage(usages: Iterable[Usage | None]) -> ThreadUsage:
    """The tokens and cost of model turns, one ``Usage`` per turn (``None``: a turn without usage,
    which counts for nothing)."""
    used: list[Usage] = [usage for usage in usages if usage is not None]
    priced = [usage.cost_usd for usage in used if usage.cost_usd is not None]
    return ThreadUsage(
        turns=len(used),
        input_tokens=sum(usage.input_tokens for usage in used),
        cached_tokens=sum(usage.cached_tokens for usage in used),
        output_tokens=sum(usage.output_tokens for usage in used),
        cost_usd=sum(priced) if priced else None,
        unpriced=len(used) - len(priced),
    )


@dataclass(frozen=True)
class CodeDiff:
    """A unified diff of two versions' code: ``text`` (empty when they are the same) and the
    number of lines ``added`` and ``removed``."""

    text: str
    added: int
    removed: int

    @property
    def same(self) -> bool:
        return not self.text


def code_diff(old: str, new: str, *, old_name: str, new_name: str) -> CodeDiff:
    """How ``new`` differs from ``old``, line by line, as ``git diff`` prints it."""
    lines = list(
        difflib.unified_diff(
            old.splitlines(),
            new.splitlines(),
            fromfile=old_name,
            tofile=new_name,
            n=DIFF_CONTEXT_LINES,
            lineterm="",
        )
    )
    body = lines[2:]  # after the two file-name lines
    added = sum(1 for line in body if line.startswith("+"))
    removed = sum(1 for line in body if line.startswith("-"))
    return CodeDiff("\n".join(lines), added, removed)
