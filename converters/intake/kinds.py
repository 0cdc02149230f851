"""What a design is: the vocabularies that name kinds of input and the widgets a drawing shows.

``DesignKind`` names the three kinds of design people bring, each read by the offline engine in
its own way: a photo of a hand-drawn sketch (``sketch``: pen or pencil on paper, read by a
learned detector), a clean digital wireframe (``wireframe``: boxes, crossed images and text
bars drawn in a tool) and a screenshot or mockup of a real page (``screenshot``). The engine
tells them apart by itself; a user can name the kind instead.

``SKETCH_CLASSES`` are the widget classes sketch datasets label and the sketch detector finds.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

DesignKind = Literal["sketch", "wireframe", "screenshot"]

DESIGN_KINDS: Final[tuple[DesignKind, ...]] = get_args(DesignKind)
"""Every kind, in the order the app and the CLI offer them."""

KIND_LABELS: Final[dict[DesignKind, str]] = {
    "sketch": "Sketch photo",
    "wireframe": "Digital wireframe",
    "screenshot": "Screenshot or mockup",
}
"""Each kind's name in menus (the app's Design kind choice)."""

SKETCH_CLASSES: Final[tuple[str, ...]] = (
    "Button",
    "TextBox",
    "CheckBox",
    "RadioButton",
    "ComboBox",
    "Image",
    "Heading",
    "Paragraph",
    "Label",
    "Link",
)
"""The widget classes of the sketch datasets and the sketch detector, in their usual order."""
