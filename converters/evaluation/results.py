"""Per-item results of an evaluation run and how they are stored (one JSON file per item)."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal


@dataclass(frozen=True)
class ItemResult:
    """One candidate of one item: how it was made and scored, or why it failed.

    ``scores`` maps the keys of ``converters.fidelity.vocabulary.SCORE_KEYS`` to a number, a bool
    (``reflow``) or ``None`` (not applicable); ``layout`` holds the sketch layout scores
    (``LayoutScores.to_dict``); ``details`` the matches, quality checks and render facts
    (``FidelityReport.to_dict`` without the scores).
    """

    id: str
    category: str
    source: str
    status: Literal["ok", "failed"]
    target: str = ""
    engine: str = ""
    model: str = ""
    error: str = ""
    latency_s: float | None = None
    score_s: float | None = None
    warnings: tuple[str, ...] = ()
    scores: dict[str, float | bool | None] = field(default_factory=dict)
    layout: dict[str, Any] | None = None
    details: dict[str, Any] = field(default_factory=dict)
    candidate_file: str = ""
    usage: dict[str, Any] | None = None
    """How a model made the candidate (``Candidate.usage``); ``None`` for code no model wrote."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "category": self.category,
            "source": self.source,
            "status": self.status,
            "target": self.target,
            "engine": self.engine,
            "model": self.model,
            "error": self.error,
            "latency_s": self.latency_s,
            "score_s": self.score_s,
            "warnings": list(self.warnings),
            "scores": self.scores,
            "layout": self.layout,
            "details": self.details,
            "candidate_file": self.candidate_file,
            **({"usage": self.usage} if self.usage is not None else {}),
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ItemResult:
        return cls(
            id=str(raw["id"]),
            category=str(raw.get("category", "")),
            source=str(raw.get("source", "")),
            status="ok" if raw.get("status") == "ok" else "failed",
            target=str(raw.get("target", "")),
            engine=str(raw.get("engine", "")),
            model=str(raw.get("model", "")),
            error=str(raw.get("error", "")),
            latency_s=raw.get("latency_s"),
            score_s=raw.get("score_s"),
            warnings=tuple(raw.get("warnings", ())),
            scores=dict(raw.get("scores") or {}),
            layout=raw.get("layout"),
            details=dict(raw.get("details") or {}),
            candidate_file=str(raw.get("candidate_file", "")),
            usage=raw.get("usage"),
        )


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as JSON atomically: a run killed mid-write leaves the old file or none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1, ensure_ascii=False, allow_nan=False)
            handle.write("\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    """Write ``text`` atomically (see ``write_json``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_result(path: Path) -> ItemResult | None:
    """The result stored at ``path``, or ``None`` if there is none or it is unreadable (redo it)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return ItemResult.from_dict(raw) if isinstance(raw, dict) else None
    except (OSError, ValueError, KeyError):
        return None
