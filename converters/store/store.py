"""``Store``: the library of designs and conversions, in SQLite by default, any SQLAlchemy
database on request. One ``Store`` per process; its methods may be called from any thread.

What it keeps: designs (facts, a thumbnail, the normalised PNG and the uploaded bytes, each blob
content-addressed and stored once), conversions (the ``Conversion`` as exact JSON plus its
target, engine, model, prompt hash, usage, cost, time and completeness as columns to filter on;
an error text; fidelity scores; a result thumbnail), the version chain (``parent_id``: the
conversion a new one refines), a title, an author (who made it: the app records the signed-in
user), tags, when each was saved, and its read-only share links (``converters.store.shares``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import URL, Connection

from converters.conversion import Conversion, Frame
from converters.errors import IntakeError, NotFoundError
from converters.intake import DesignImage, IntakeLimits, load_design
from converters.settings import Settings
from converters.store import design_groups, design_rows, fields, frame_rows, images, queries, shares
from converters.store.conversion_rows import conversion_of, conversion_row, load_item, missing
from converters.store.database import driver_url, make_engines
from converters.store.faults import DB_ERRORS, Place, parse_url, store_error, transaction
from converters.store.labels import Labels, relabel
from converters.store.migration import integrity_ok, migrate
from converters.store.schema import conversions
from converters.store.thumbnails import thumbnail_of_bytes
from converters.store.types import (
    DesignPage,
    LibraryItem,
    LibraryPage,
    StoredConversion,
    StoredDesign,
)
from converters.targets import Target

logger = logging.getLogger(__name__)

DATABASE_FILE = "library.db"
MAX_PAGE = 500
_c = conversions.c
_T = TypeVar("_T")


class Store:
    """The library. ``Store(url)`` opens (creating or upgrading the schema) the database at a
    SQLAlchemy URL; ``Store.open(settings)`` opens the one the settings name. Every failure is a
    ``StoreError`` whose message says where the library is and what to do; an unknown id is a
    ``NotFoundError``."""

    def __init__(self, url: str | URL) -> None:
        parsed = driver_url(parse_url(url))
        self._place = Place.of(parsed)
        try:
            self._reader, self._writer = make_engines(parsed)
        except (*DB_ERRORS, ImportError) as exc:
            raise store_error(exc, "open the library", self._place) from exc
        try:
            migrate(self._reader, self._writer, self._place)
        except BaseException:
            self._reader.dispose()
            raise

    @classmethod
    def open(cls, settings: Settings) -> Store:
        """The library at ``HANDOFF_DATABASE_URL`` if set, else ``<data_dir>/library.db``
        (the folder is created)."""
        if settings.database_url is not None:
            return cls(settings.database_url.reveal())
        folder = settings.data_dir
        file_url = URL.create("sqlite", database=str(folder / DATABASE_FILE))
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise store_error(exc, "create its data folder", Place.of(file_url)) from exc
        return cls(file_url)

    def close(self) -> None:
        """Close the pooled connections (SQLite then folds its WAL into the database file)."""
        self._reader.dispose()

    # -- writing ------------------------------------------------------------------------------

    def save(
        self,
        conversion: Conversion,
        design: DesignImage | None,
        *,
        original: bytes | None = None,
        title: str = "",
        author: str = "",
        tags: Sequence[str] = (),
        parent_id: str | None = None,
        error: str = "",
        frames: Sequence[Frame] = (),
        originals: Mapping[str, bytes] | None = None,
    ) -> LibraryItem:
        """Store ``conversion`` (and ``design`` with its normalised PNG and, if given, the
        ``original`` uploaded bytes, each stored once) in one transaction. ``title`` defaults to
        the design's file name; ``parent_id`` is the conversion this one refines; ``error`` says
        why a partial result stopped. ``frames``: the frames of one screen it was made from,
        narrowest first, the widest being ``design`` (``converters.store.frame_rows``); each is
        stored with its design and, when ``originals`` (sha256 -> bytes) has them, its uploaded
        bytes. ``StoreError`` for a too-long title/author/tag (see
        ``converters.store.fields``), ``NotFoundError`` if ``parent_id`` is not stored."""
        item_title = fields.clean_title(title) or fields.default_title(design)
        item_author = fields.clean_author(author)
        item_tags = fields.clean_tags(tags)
        if original is not None and design is not None and design_rows.sha256_of(original) != design.sha256:
            raise ValueError("original must be the uploaded bytes the design was made from")
        now = datetime.now(UTC)
        key = design_rows.design_key(design) if design is not None else None
        stored = frame_rows.frame_designs(frames, design, original, originals or {})
        prepared = {  # Pillow work outside the write lock
            design_rows.design_key(each): design_rows.prepare_design(each, data, now)
            for each, data in stored
            if self._read("read the library", design_rows.design_state, design_rows.design_key(each)) is None
        }
        item = LibraryItem(
            id=fields.new_id(),
            title=item_title,
            author=item_author,
            tags=item_tags,
            target=conversion.target,
            engine=conversion.engine,
            model=conversion.model,
            created=now,
            design_key=key or "",
            design_name=design.source_name if design is not None else "",
            complete=conversion.complete,
            error=error,
            parent_id=parent_id,
            instruction=conversion.instruction,
        )
        with self._transaction("save the conversion", write=True) as connection:
            if parent_id is not None and not queries.conversion_exists(connection, parent_id):
                raise NotFoundError(missing(parent_id) + " A new version cannot refine it.")
            for each, data in stored:
                ready = prepared.get(design_rows.design_key(each))
                design_rows.store_design(connection, each, data, ready, now)
            connection.execute(conversions.insert().values(conversion_row(item, conversion)))
            frame_rows.insert_frames(connection, item.id, frames)
            queries.replace_tags(connection, item.id, item_tags)
            # As ``get`` will show it: a design stored earlier keeps the file name it came with.
            return load_item(connection, item.id)

    def update(
        self,
        conversion_id: str,
        *,
        title: str | None = None,
        author: str | None = None,
        tags: Sequence[str] | None = None,
    ) -> LibraryItem:
        """Change the title, author or tags (``None`` keeps one); an empty title goes back to
        the design's file name."""
        labels = Labels.clean(title, author, tags)
        with self._transaction("update the conversion", write=True) as connection:
            return relabel(connection, load_item(connection, conversion_id), labels)

    def update_design(
        self,
        conversion_id: str,
        *,
        title: str | None = None,
        author: str | None = None,
        tags: Sequence[str] | None = None,
    ) -> tuple[LibraryItem, ...]:
        """``update`` every version of ``conversion_id``'s design at once (one transaction), so
        that its versions keep one title (their downloads are named after it); returns them,
        oldest first. See ``converters.store.design_groups`` for what one design is."""
        labels = Labels.clean(title, author, tags)
        with self._transaction("rename the design", write=True) as connection:
            ids = design_groups.member_ids(connection, conversion_id)
            if ids is None:
                raise NotFoundError(missing(conversion_id))
            for item in design_groups.versions_of(connection, ids):
                relabel(connection, item, labels)
            return design_groups.versions_of(connection, ids)

    def set_result_thumbnail(self, conversion_id: str, png: bytes) -> None:
        """Keep a thumbnail (fit into 320 × 240) of the rendered result, for the library grid."""
        thumbnail = thumbnail_of_bytes(png)
        self._update(conversion_id, "save the result thumbnail", result_thumbnail=thumbnail)

    def set_fidelity(self, conversion_id: str, scores: Mapping[str, float]) -> None:
        """Keep the fidelity scores (name -> 0..1) of a conversion, replacing earlier ones."""
        self._update(conversion_id, "save the fidelity scores", fidelity_json=queries.scores_json(scores))

    def delete(self, conversion_id: str) -> None:
        """Delete a conversion. Its children then refine its parent; a design that no
        conversion uses any more is deleted with the blobs no other design uses."""
        with self._transaction("delete the conversion", write=True) as connection:
            row = connection.execute(
                select(_c.parent_id, _c.design_key).where(_c.id == conversion_id)
            ).first()
            if row is None:
                raise NotFoundError(missing(conversion_id))
            parent_id, design_key = row
            connection.execute(
                update(conversions).where(_c.parent_id == conversion_id).values(parent_id=parent_id)
            )
            queries.replace_tags(connection, conversion_id, ())
            shares.forget(connection, conversion_id)
            frame_keys = frame_rows.forget(connection, conversion_id)
            connection.execute(delete(conversions).where(_c.id == conversion_id))
            for key in dict.fromkeys((*frame_keys, design_key)):
                if key is not None:
                    design_rows.delete_unused_design(connection, key)

    def share(self, conversion_id: str) -> str:
        """The conversion's active share token, made if it has none (``converters.store.shares``);
        ``NotFoundError`` for an unknown id."""
        with self._transaction("share the conversion", write=True) as connection:
            if not queries.conversion_exists(connection, conversion_id):
                raise NotFoundError(missing(conversion_id))
            if shares.active_token(connection, conversion_id) is None:
                shares.create_token(connection, conversion_id)
            # Read again, not the one just made: a session sharing at the same moment gets the same.
            return str(shares.active_token(connection, conversion_id))

    def revoke_share(self, conversion_id: str) -> bool:
        """Revoke the conversion's share link(s); whether one was active. An unknown id has none."""
        with self._transaction("revoke the link", write=True) as connection:
            return shares.revoke(connection, conversion_id)

    # -- reading ------------------------------------------------------------------------------

    def share_token(self, conversion_id: str) -> str | None:
        """The conversion's active share token, or ``None`` (none is made)."""
        return self._read("read the share link", shares.active_token, conversion_id)

    def shared(self, token: str) -> StoredConversion:
        """The conversion an active share token names; ``NotFoundError`` with one message for an
        unknown and a revoked token alike."""
        with self._transaction("read the shared conversion", write=False) as connection:
            conversion_id = shares.shared_id(connection, token)
        if conversion_id is None:
            raise NotFoundError(shares.UNKNOWN_LINK)
        try:
            return self.get(conversion_id)
        except NotFoundError:  # deleted between the two reads: the link names nothing now
            raise NotFoundError(shares.UNKNOWN_LINK) from None

    def get(self, conversion_id: str) -> StoredConversion:
        """The conversion with its card and frames; ``NotFoundError`` if no conversion has that id."""
        with self._transaction("read the conversion", write=False) as connection:
            item = load_item(connection, conversion_id)
            data = connection.execute(select(_c.conversion_json).where(_c.id == conversion_id)).scalar()
            frames = frame_rows.load_frames(connection, conversion_id)
        return StoredConversion(item=item, conversion=conversion_of(conversion_id, data), frames=frames)

    def search(
        self,
        text: str = "",
        *,
        target: Target | None = None,
        engine: str | None = None,
        limit: int = 24,
        offset: int = 0,
    ) -> LibraryPage:
        """Conversions newest first whose title, author or a tag contains ``text`` (any case),
        of ``target`` and ``engine`` when given; ``limit`` (1-500) from ``offset``."""
        limit, offset = max(1, min(limit, MAX_PAGE)), max(0, offset)
        conditions = queries.search_conditions(text, target, engine)
        with self._transaction("search the library", write=False) as connection:
            total = connection.execute(select(func.count()).select_from(conversions).where(*conditions))
            count = int(total.scalar() or 0)
            rows = connection.execute(queries.item_select().where(*conditions).limit(limit).offset(offset))
            items = queries.load_items(connection, rows.all())
        return LibraryPage(items=items, total=count, offset=offset, limit=limit)

    def search_designs(
        self,
        text: str = "",
        *,
        target: Target | None = None,
        engine: str | None = None,
        limit: int = 24,
        offset: int = 0,
    ) -> DesignPage:
        """Designs with a conversion that ``search`` would find, each with all its versions;
        the design whose newest match is newest comes first; ``limit`` (1-500) designs from
        ``offset``. See ``converters.store.design_groups`` for what one design is."""
        limit, offset = max(1, min(limit, MAX_PAGE)), max(0, offset)
        conditions = queries.search_conditions(text, target, engine)
        with self._transaction("search the library", write=False) as connection:
            count = design_groups.count_designs(connection, conditions)
            cards = design_groups.design_cards(connection, conditions, limit=limit, offset=offset)
        return DesignPage(items=cards, total=count, offset=offset, limit=limit)

    def recent(self, limit: int = 20) -> tuple[LibraryItem, ...]:
        """The ``limit`` (1-500) newest conversions."""
        with self._transaction("read the library", write=False) as connection:
            rows = connection.execute(queries.item_select().limit(max(1, min(limit, MAX_PAGE))))
            return queries.load_items(connection, rows.all())

    def engines(self) -> tuple[str, ...]:
        """The engines of the stored conversions, sorted (for a filter menu)."""
        with self._transaction("read the library", write=False) as connection:
            return tuple(connection.execute(select(_c.engine).distinct().order_by(_c.engine)).scalars())

    def versions(self, conversion_id: str) -> tuple[LibraryItem, ...]:
        """Every conversion of the version chain ``conversion_id`` belongs to (its root and all
        the root's descendants), oldest first."""
        with self._transaction("read the versions", write=False) as connection:
            if not queries.conversion_exists(connection, conversion_id):
                raise NotFoundError(missing(conversion_id))
            chain = queries.chain_ids(connection, conversion_id)
            statement = queries.item_select().where(_c.id.in_(chain)).order_by(None).order_by(_c.seq)
            return queries.load_items(connection, connection.execute(statement).all())

    def design_versions(self, conversion_id: str) -> tuple[LibraryItem, ...]:
        """Every conversion of ``conversion_id``'s design, oldest first (version 1 first); just
        itself for one saved without a design. See ``converters.store.design_groups``."""
        with self._transaction("read the versions", write=False) as connection:
            ids = design_groups.member_ids(connection, conversion_id)
            if ids is None:
                raise NotFoundError(missing(conversion_id))
            return design_groups.versions_of(connection, ids)

    def thread(self, conversion_id: str) -> tuple[LibraryItem, ...]:
        """The versions ``conversion_id`` was refined from and itself, oldest first: the first
        conversion, then each change asked (``LibraryItem.instruction``). ``NotFoundError`` if
        it is not stored."""
        with self._transaction("read the versions", write=False) as connection:
            ids = queries.ancestor_ids(connection, conversion_id)
            if not ids:
                raise NotFoundError(missing(conversion_id))
            rows = connection.execute(queries.item_select().where(_c.id.in_(ids))).all()
            items = {item.id: item for item in queries.load_items(connection, rows)}
        return tuple(items[item_id] for item_id in reversed(ids))

    def latest_for_design(self, design_key: str) -> LibraryItem | None:
        """The newest conversion of a design, or ``None``."""
        with self._transaction("read the library", write=False) as connection:
            rows = connection.execute(queries.item_select().where(_c.design_key == design_key).limit(1))
            items = queries.load_items(connection, rows.all())
        return items[0] if items else None

    def design(self, design_key: str) -> StoredDesign:
        """The facts of a stored design; ``NotFoundError`` if there is none with that key."""
        return self._read("read the design", images.design_facts, design_key)

    def design_image(self, design_key: str, limits: IntakeLimits | None = None) -> DesignImage:
        """The design as intake made it, to convert or change again: read again from its upload
        when the library kept it (a vector design keeps its CSS size), else from its stored PNG."""
        facts = self.design(design_key)
        original = self.design_original(design_key)
        if original is not None:
            try:
                return load_design(original[0], original[1], page=facts.page, limits=limits)
            except IntakeError:
                logger.info("the upload of design %s no longer loads; using its stored image", design_key)
        return load_design(self.design_png(design_key), f"{Path(facts.source_name).stem}.png", limits=limits)

    def design_png(self, design_key: str) -> bytes:
        """The normalised PNG of a design."""
        return self._read("read the design", images.design_png, design_key)

    def design_original(self, design_key: str) -> tuple[bytes, str] | None:
        """``(bytes, file name)`` of the uploaded file, or ``None`` if it was saved without it."""
        return self._read("read the design", images.design_original, design_key)

    def design_thumbnail(self, design_key: str) -> bytes:
        """A PNG of the design at most 320 × 240 px, made when it was first saved."""
        return self._read("read the design", images.design_thumbnail, design_key)

    def result_thumbnail(self, conversion_id: str) -> bytes | None:
        """The result thumbnail set with ``set_result_thumbnail``, or ``None``."""
        return self._read("read the result thumbnail", images.result_thumbnail, conversion_id)

    def integrity_ok(self) -> bool:
        """Whether SQLite's ``PRAGMA integrity_check`` says ``ok`` (always true elsewhere)."""
        return integrity_ok(self._reader, self._place)

    # -- helpers ------------------------------------------------------------------------------

    def _transaction(self, action: str, *, write: bool) -> AbstractContextManager[Connection]:
        """A transaction (writes take the write lock, see ``database``); failures as ``StoreError``."""
        return transaction(self._writer if write else self._reader, action, self._place)

    def _read(self, action: str, read: Callable[[Connection, str], _T], key: str) -> _T:
        """``read(connection, key)`` in a read transaction."""
        with self._transaction(action, write=False) as connection:
            return read(connection, key)

    def _update(self, conversion_id: str, action: str, **values: Any) -> None:
        with self._transaction(action, write=True) as connection:
            if not queries.conversion_exists(connection, conversion_id):
                raise NotFoundError(missing(conversion_id))
            connection.execute(update(conversions).where(_c.id == conversion_id).values(**values))
