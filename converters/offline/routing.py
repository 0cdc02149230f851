"""Which way the offline engine reads a design, and the note that tells the user (issue 14).

``read_design_of`` is the one entry point for a whole design (the engine's, and the model
engines' grounding): a vector file with live text is read from its text and shapes; any other
design is read from its pixels the way its kind (``DesignKind``) suits, the kind named by the
user (``ConversionRequest.kind``) or else guessed (``converters.offline.kind.guess_kind``):

- ``sketch`` (a photo or scan of pen on paper): ``read_sketch_photo``, the learned widget
  detector and the sketch reader (``converters.offline.sketch``);
- ``wireframe`` and ``screenshot``: the pixel path (``read_design``). A guessed kind leaves the
  shapes' own wireframe test in charge (it sees crossed boxes the guess cannot: a screenshot's
  output stays what it was); a kind the user named forces it, on for a wireframe, off for a
  screenshot.

The read's ``notes`` end with a sentence saying which way it was read and why (``kind_note``).
Figma frames have their own reader (``converters.offline.figma``) and note.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Final

from PIL import Image

from converters.cancel import Cancellation
from converters.intake import DesignImage
from converters.intake.kinds import DesignKind
from converters.offline.detect import DetectPhase
from converters.offline.from_file import detection_from_facts
from converters.offline.kind import KindGuess, guess_kind
from converters.offline.reading import (
    READ_BY_OCR,
    READ_FROM_FILE,
    DesignRead,
    design_css_image,
    read_design,
    read_detection,
)
from converters.offline.sketch.build import read_sketch
from converters.offline.sketch.detector import detect_widgets

KIND_READ_AS: Final[dict[DesignKind, str]] = {
    "sketch": "a hand-drawn sketch (photo of paper)",
    "wireframe": "a digital wireframe",
    "screenshot": "a screenshot or mockup of a page",
}
"""What each kind is read as, in the notes' words."""
KIND_NOT_RIGHT: Final = "Not right? Choose the kind under Design kind."
"""How to change a guessed kind, after every guessed kind's note (the app's menu; the command's is --kind)."""
SKETCHY: Final[dict[DesignKind, bool]] = {"wireframe": True, "screenshot": False}
"""The shapes' wireframe reading (text bars from short lines and scribbles) for a named kind read
by the pixel path (a sketch is read by the detector instead)."""


def kind_note(kind: DesignKind, guess: KindGuess | None) -> str:
    """The note of a design read as ``kind``: why (the ``guess``'s reason), or that the user chose
    it (``guess`` is ``None``)."""
    if guess is None:
        return f"Read as {KIND_READ_AS[kind]}, the kind you chose."
    return f"Read as {KIND_READ_AS[kind]}: {guess.reason}. {KIND_NOT_RIGHT}"


def read_design_of(
    design: DesignImage,
    *,
    kind: DesignKind | None = None,
    cancel: Cancellation | None = None,
    on_progress: Callable[[DetectPhase, int, int], None] | None = None,
    before_layout: Callable[[], None] | None = None,
) -> DesignRead:
    """Read ``design``: from its file's text and shapes when it is a vector export with live text
    (``DesignImage.vector``; ``kind`` does not apply), else from its picture at CSS px as ``kind``
    (``None``: guessed) suits (see the module's docstring). Raises as ``read_design`` does."""
    image = design_css_image(design)
    facts = design.vector
    if facts is not None and facts.has_text:
        if cancel is not None:
            cancel.check()
        read = read_detection(detection_from_facts(facts, image), before_layout)
        return replace(read, from_file=True, notes=(READ_FROM_FILE,))
    guess = None
    if kind is None:
        guess = guess_kind(image)
        kind = guess.kind
    if kind == "sketch":
        read = read_sketch_photo(image, cancel=cancel, before_layout=before_layout)
    else:
        sketchy = SKETCHY[kind] if guess is None else None
        read = read_design(
            image, cancel=cancel, on_progress=on_progress, before_layout=before_layout, sketchy=sketchy
        )
    earlier = (READ_BY_OCR,) if design.source_format.is_vector else ()
    later = read.notes if kind == "sketch" else ()  # what the sketch reader made of the drawing
    return replace(read, notes=(*earlier, kind_note(kind, guess), *later), kind=kind)


def read_sketch_photo(
    image: Image.Image,
    *,
    cancel: Cancellation | None = None,
    before_layout: Callable[[], None] | None = None,
) -> DesignRead:
    """Read a photo or scan of a hand-drawn sketch (``image`` at CSS px): THE place where sketches
    leave the pixel path, for the learned widget detector (``detect_widgets``) and the sketch
    reader (``read_sketch``). ``before_layout`` is called once, before the widgets are read."""
    if before_layout is not None:
        before_layout()
    return read_sketch(image, detect_widgets, cancel=cancel)
