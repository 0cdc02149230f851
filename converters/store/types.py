"""What the library gives back: stored designs, library cards, whole stored conversions, pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from converters.engines.types import Conversion
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
    root); ``fidelity`` holds the scores set with ``Store.set_fidelity`` (``None`` until then).
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


@dataclass(frozen=True)
class StoredConversion:
    """A stored conversion in full: its card and the ``Conversion`` exactly as it was saved."""

    item: LibraryItem
    conversion: Conversion


@dataclass(frozen=True)
class LibraryPage:
    """One page of a search: ``items`` newest first, ``total`` matches in all, from ``offset``."""

    items: tuple[LibraryItem, ...]
    total: int
    offset: int
    limit: int
