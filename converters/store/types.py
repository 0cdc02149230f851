"""What the library gives back: stored designs, library cards, whole stored conversions, designs
with their versions, pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from converters.conversion import Conversion
from converters.targets import Target


@dataclass(frozen=True)
class StoredDesign:
    """A design kept in the library. ``key`` (``f"{sha256}-{page}"``) identifies it; ``sha256`` is
    the digest of the uploaded bytes; ``width``/``height`` are pixels of the normalised image;
    ``created`` (UTC) is when it was first saved."""

    key: str
    sha256: str
    page: int
    source_name: str
    source_format: str
    width: int
    height: int
    created: datetime


@dataclass(frozen=True)
class LibraryItem:
    """One stored conversion without its code: what a card of the library grid shows.

    ``created`` is the UTC time it was saved; ``design_key``/``design_name`` are empty when it
    was saved without a design; ``parent_id`` is the conversion it refines (``None`` for a
    root) and ``instruction`` the change asked; ``fidelity`` holds the scores set with
    ``Store.set_fidelity`` (``None`` until then).
    """

    id: str
    title: str
    author: str
    tags: tuple[str, ...]
    target: Target
    engine: str
    model: str
    created: datetime
    design_key: str
    design_name: str
    complete: bool
    error: str
    parent_id: str | None
    fidelity: dict[str, float] | None = field(default=None, hash=False)
    has_result_thumbnail: bool = False
    instruction: str = ""
    """The change this version made to its parent, in the user's words (empty for a conversion)."""


@dataclass(frozen=True)
class StoredFrame:
    """One frame of a conversion made from the frames of a screen: its ``width`` in CSS px and
    its design (``design_key``, for ``Store.design_image``; ``sha256`` and ``page`` of the upload)."""

    width: int
    design_key: str
    sha256: str
    page: int


@dataclass(frozen=True)
class StoredConversion:
    """A stored conversion in full: its card and the ``Conversion`` exactly as it was saved.
    ``frames``: the frames of one screen it was made from, narrowest first (the widest is its
    design); empty for a conversion of one design."""

    item: LibraryItem
    conversion: Conversion
    frames: tuple[StoredFrame, ...] = ()


@dataclass(frozen=True)
class DesignCard:
    """One design of the library grid (see ``converters.store.design_groups``).

    ``key`` is the design's key, or the conversion's id for one saved without a design;
    ``versions`` are all its conversions, oldest first (version ``n`` is ``versions[n - 1]``);
    ``shown`` is the newest of them that matched the search (the newest of all without one).
    """

    key: str
    versions: tuple[LibraryItem, ...]
    shown: LibraryItem

    @property
    def title(self) -> str:
        """The design's title: its newest version's (renaming a design renames every version)."""
        newest = self.versions[-1]
        return newest.title or newest.design_name

    def number(self, conversion_id: str) -> int:
        """The version number (from 1) of one of its conversions."""
        return next(n for n, item in enumerate(self.versions, start=1) if item.id == conversion_id)


@dataclass(frozen=True)
class DesignPage:
    """One page of designs: ``items`` newest first, ``total`` matching designs in all."""

    items: tuple[DesignCard, ...]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True)
class LibraryPage:
    """One page of a search: ``items`` newest first, ``total`` matches in all, from ``offset``."""

    items: tuple[LibraryItem, ...]
    total: int
    offset: int
    limit: int
