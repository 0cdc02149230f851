"""The library: designs and their conversions kept in a database (SQLite file by default).

``Store.open(settings)`` opens it; every method is safe to call from many threads. See
``converters.store.store`` for what is kept, ``converters.store.schema`` for the tables and
``converters.store.design_groups`` for what one design and its versions are.
"""

from converters.store.fields import MAX_AUTHOR_CHARS, MAX_TAG_CHARS, MAX_TAGS, MAX_TITLE_CHARS
from converters.store.store import Store
from converters.store.thumbnails import THUMBNAIL_SIZE
from converters.store.types import (
    DesignCard,
    DesignPage,
    LibraryItem,
    LibraryPage,
    StoredConversion,
    StoredDesign,
    StoredFrame,
)

__all__ = [
    "MAX_AUTHOR_CHARS",
    "MAX_TAGS",
    "MAX_TAG_CHARS",
    "MAX_TITLE_CHARS",
    "THUMBNAIL_SIZE",
    "DesignCard",
    "DesignPage",
    "LibraryItem",
    "LibraryPage",
    "Store",
    "StoredConversion",
    "StoredDesign",
    "StoredFrame",
]
