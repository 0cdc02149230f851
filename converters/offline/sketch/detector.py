"""The sketch detector's output: the widgets drawn on a photo of a sketch.

(The detector itself, ``detect_widgets``, lands here with its model; ``SketchBox`` is what it
returns and what ``converters.offline.sketch.build`` reads.)
"""

from __future__ import annotations

from dataclasses import dataclass

from converters.offline.model import Box


@dataclass(frozen=True)
class SketchBox:
    """One widget found on a sketch: its class ``label`` (one of
    ``converters.intake.kinds.SKETCH_CLASSES``), its ``box`` in px of the image the detector was
    given, and the detector's confidence ``score`` (0..1)."""

    label: str
    box: Box
    score: float
