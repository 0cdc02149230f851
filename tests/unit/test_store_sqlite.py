"""The library in a SQLite file: libraries written by older releases upgraded in place, and the
file system's and SQLite's own faults (an unwritable folder, a read-only file, a full disk, a
damaged file) as messages that say where and what to do."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from converters.conversion import Conversion
from converters.errors import StoreError
from converters.intake import DesignImage
from converters.settings import Settings
from converters.store import Store
from converters.store.schema import CURRENT_VERSION
from tests.builders import encode, mock_ui
from tests.unit.test_store import make_conversion, make_design


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "library.db"


@pytest.fixture
def sqlite_store(db_file: Path) -> Iterator[Store]:
    opened = Store(f"sqlite:///{db_file}")
    yield opened
    opened.close()


def count(db_file: Path, sql: str) -> int:
    with sqlite3.connect(db_file) as connection:
        return int(connection.execute(sql).fetchone()[0])


def columns(db_file: Path) -> dict[str, set[str]]:
    with sqlite3.connect(db_file) as connection:
        names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: {row[1] for row in connection.execute(f"PRAGMA table_info({name})")} for name in names}


def test_a_new_library_file_is_in_wal_mode(sqlite_store: Store, db_file: Path) -> None:
    with sqlite3.connect(db_file) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# -- older schemas -----------------------------------------------------------------------

V1_SCHEMA = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version VALUES (1);
CREATE TABLE blobs (sha256 VARCHAR(64) NOT NULL PRIMARY KEY, size INTEGER NOT NULL, data BLOB NOT NULL);
CREATE TABLE designs (
    "key" VARCHAR(80) NOT NULL PRIMARY KEY, sha256 VARCHAR(64) NOT NULL, page INTEGER NOT NULL,
    source_name TEXT NOT NULL, source_format VARCHAR(16) NOT NULL, width INTEGER NOT NULL,
    height INTEGER NOT NULL, png_sha256 VARCHAR(64) NOT NULL REFERENCES blobs (sha256),
    original_sha256 VARCHAR(64) REFERENCES blobs (sha256), created DATETIME NOT NULL,
    thumbnail BLOB NOT NULL
);
CREATE TABLE conversions (
    seq INTEGER NOT NULL PRIMARY KEY, id VARCHAR(24) NOT NULL UNIQUE,
    design_key VARCHAR(80) REFERENCES designs ("key"),
    parent_id VARCHAR(24) REFERENCES conversions (id) ON DELETE SET NULL,
    title TEXT NOT NULL, author TEXT NOT NULL, tags TEXT NOT NULL DEFAULT '',
    target VARCHAR(32) NOT NULL, engine VARCHAR(64) NOT NULL, model TEXT NOT NULL,
    prompt_name TEXT NOT NULL, prompt_hash VARCHAR(64) NOT NULL, complete BOOLEAN NOT NULL,
    error TEXT NOT NULL, input_tokens INTEGER, cached_tokens INTEGER, output_tokens INTEGER,
    cost_usd FLOAT, total_s FLOAT NOT NULL, created DATETIME NOT NULL, conversion_json TEXT NOT NULL
);
CREATE INDEX ix_conversions_design_key ON conversions (design_key);
CREATE INDEX ix_conversions_parent_id ON conversions (parent_id);
CREATE INDEX ix_conversions_target ON conversions (target);
CREATE INDEX ix_conversions_engine ON conversions (engine);
"""


def write_v1_library(path: Path, design: DesignImage, data: bytes, conversion: Conversion) -> None:
    """A library as the first release of the store wrote it (tags as one text column)."""
    created = "2026-01-02 03:04:05.000000"
    thumbnail = encode(mock_ui(160, 100), "PNG")
    png_sha = hashlib.sha256(design.png).hexdigest()
    with sqlite3.connect(path) as connection:
        connection.executescript(V1_SCHEMA)
        connection.execute("INSERT INTO blobs VALUES (?, ?, ?)", (png_sha, len(design.png), design.png))
        connection.execute("INSERT INTO blobs VALUES (?, ?, ?)", (design.sha256, len(data), data))
        connection.execute(
            "INSERT INTO designs VALUES (?, ?, 1, 'Old.png', 'png', ?, ?, ?, ?, ?, ?)",
            (
                f"{design.sha256}-1",
                design.sha256,
                design.width,
                design.height,
                png_sha,
                design.sha256,
                created,
                thumbnail,
            ),
        )
        for seq, (conversion_id, parent, tags) in enumerate(
            [("root0000000a", None, "Login, Mobile,login"), ("child000000b", "root0000000a", "")], start=1
        ):
            row = (
                seq,
                conversion_id,
                f"{design.sha256}-1",
                parent,
                f"Old {seq}",
                tags,
                conversion.target.value,
            )
            connection.execute(
                "INSERT INTO conversions (seq, id, design_key, parent_id, title, author, tags, target,"
                " engine, model, prompt_name, prompt_hash, complete, error, input_tokens, cached_tokens,"
                " output_tokens, cost_usd, total_s, created, conversion_json) VALUES (?, ?, ?, ?, ?,"
                " 'Ana', ?, ?, 'kimi', 'kimi-k2.5', 'p', 'h', 0, '', 1, 0, 2, NULL, 1.5, ?, ?)",
                (*row, created, conversion.to_json()),
            )


def test_migration_from_v1_keeps_every_conversion(tmp_path: Path) -> None:
    design, data = make_design()
    conversion = make_conversion()
    old = tmp_path / "v1.db"
    write_v1_library(old, design, data, conversion)
    fresh = tmp_path / "fresh.db"
    Store(f"sqlite:///{fresh}").close()

    store = Store(f"sqlite:///{old}")
    try:
        assert columns(old) == columns(fresh)
        assert count(old, "SELECT version FROM schema_version") == CURRENT_VERSION
        root = store.get("root0000000a")
        assert root.conversion == conversion
        assert (root.item.title, root.item.author, root.item.tags) == ("Old 1", "Ana", ("login", "mobile"))
        assert [item.id for item in store.versions("child000000b")] == ["root0000000a", "child000000b"]
        assert [item.id for item in store.search("MOBILE").items] == ["root0000000a"]
        assert [item.id for item in store.search("old").items] == ["child000000b", "root0000000a"]
        assert store.design_original(f"{design.sha256}-1") == (data, "Old.png")
        newer = store.save(make_conversion(), design, parent_id="child000000b", tags=["new"])
        store.set_fidelity(newer.id, {"text": 0.5})
        assert store.latest_for_design(f"{design.sha256}-1") == store.get(newer.id).item
        assert count(old, "SELECT count(*) FROM designs") == 1 and store.integrity_ok()
    finally:
        store.close()


def test_a_newer_schema_or_a_foreign_database_is_refused(tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    Store(f"sqlite:///{newer}").close()
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(StoreError, match="written by a newer Handoff .*schema version 99.*up to 5"):
        Store(f"sqlite:///{newer}")
    foreign = tmp_path / "notes.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    with pytest.raises(StoreError, match="notes.db is not a Handoff library"):
        Store(f"sqlite:///{foreign}")


# -- faults ----------------------------------------------------------------------------------------


def test_unwritable_data_folder_says_where_and_what_to_do(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")  # fails for root too, unlike chmod
    folder = blocker / "sub"
    with pytest.raises(StoreError) as caught:
        Store.open(Settings(data_dir=folder))
    message = str(caught.value)
    assert f"Handoff cannot write its library in {folder}" in message
    assert "set HANDOFF_DATA_DIR to a writable folder" in message


def test_read_only_library_is_a_clear_error(tmp_path: Path) -> None:
    db_file = tmp_path / "library.db"
    Store(f"sqlite:///{db_file}").close()
    store = Store(f"sqlite:///file:{db_file}?mode=ro&uri=true")  # what a read-only folder gives
    try:
        with pytest.raises(StoreError) as caught:
            store.save(make_conversion(), None)
    finally:
        store.close()
    assert str(caught.value).startswith(f"Handoff cannot write its library in {tmp_path}: ")
    assert "readonly" in str(caught.value) and "set HANDOFF_DATA_DIR to a writable folder" in str(
        caught.value
    )


def test_full_disk_is_reported_and_nothing_half_saved(sqlite_store: Store, db_file: Path) -> None:
    design, data = make_design()

    def disk_full(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("INSERT INTO conversions"):
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(sqlite_store._reader, "before_cursor_execute", disk_full)
    try:
        with pytest.raises(StoreError) as caught:
            sqlite_store.save(make_conversion(), design, original=data)
    finally:
        event.remove(sqlite_store._reader, "before_cursor_execute", disk_full)
    assert str(caught.value).startswith(f"The disk holding {db_file.parent} is full: Handoff could not save")
    assert "HANDOFF_DATA_DIR" in str(caught.value)
    assert [count(db_file, f"SELECT count(*) FROM {name}") for name in ("designs", "blobs")] == [0, 0]
    assert sqlite_store.save(make_conversion(), design).design_key  # works again once there is room


def test_corrupt_library_is_detected(tmp_path: Path) -> None:
    db_file = tmp_path / "library.db"
    store = Store(f"sqlite:///{db_file}")
    for index in range(40):
        store.save(make_conversion("<p>" + "x" * 3000 + f"{index}</p>"), None, title=f"t{index}")
    store.close()
    assert db_file.stat().st_size > 20 * 4096
    with db_file.open("r+b") as handle:  # scribble over index and table pages, keep page 1
        handle.seek(4 * 4096)
        handle.write(b"\x07" * 8 * 4096)
    store = Store(f"sqlite:///{db_file}")
    try:
        assert not store.integrity_ok()
    finally:
        store.close()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not sqlite at all" * 200)
    with pytest.raises(StoreError, match="garbage.db is damaged .*Move the file aside"):
        Store(f"sqlite:///{garbage}")
