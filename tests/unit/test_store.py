"""The library store, on SQLite and on PostgreSQL (the ``store`` fixture runs each test on both):
exact round trips, designs stored once, version chains, search, a new schema, and errors that
say where and what to do. SQLite's own faults and older schemas: ``test_store_sqlite``; writers
at once: ``test_store_concurrency``; PostgreSQL's pool and outages: ``test_store_postgres``."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import inspect, text

from converters.conversion import Conversion, Timings, Usage
from converters.errors import NotFoundError, StoreError
from converters.intake import DesignImage, load_design
from converters.settings import Secret, Settings
from converters.store import Store
from converters.store.faults import Place, parse_url, store_error
from converters.store.schema import CURRENT_VERSION, metadata
from converters.targets import Target
from tests.builders import encode, mock_ui

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def make_design(
    name: str = "Home Screen.png", width: int = 640, height: int = 400, colour: str = "white"
) -> tuple[DesignImage, bytes]:
    image = mock_ui(width, height)
    ImageDraw.Draw(image).rectangle((width - 60, height - 60, width - 20, height - 20), fill=colour)
    data = encode(image, "PNG")
    return load_design(data, name), data


def make_conversion(
    code: str = "<main>Hi</main>", target: Target = Target.HTML_TAILWIND, **changes: Any
) -> Conversion:
    values: dict[str, Any] = {
        "code": code,
        "target": target,
        "engine": "kimi",
        "model": "kimi-k2.5",
        "prompt_name": "convert/html-tailwind",
        "prompt_hash": "ab" * 32,
        "timings": Timings(
            started_at="2026-01-02T03:04:05Z", total_s=12.5, first_byte_s=0.8, first_code_s=3.25
        ),
        "usage": Usage(input_tokens=1200, cached_tokens=200, output_tokens=3400, cost_usd=0.0123),
        "warnings": ("The reply was cut at the output limit.", "Colours guessed"),
        "complete": False,
        "reasoning": "Looking at the header… ünïcödé ✓",
        "design_sha256": "",
    }
    values.update(changes)
    return Conversion(**values)


def count(store: Store, sql: str) -> int:
    """The one number ``sql`` selects from ``store``'s database (a test looking under the hood)."""
    with store._reader.connect() as connection:
        return int(connection.execute(text(sql)).scalar() or 0)


def columns(store: Store) -> dict[str, set[str]]:
    """The tables of ``store``'s database and their columns."""
    with store._reader.connect() as connection:
        found = inspect(connection)
        return {
            name: {column["name"] for column in found.get_columns(name)} for name in found.get_table_names()
        }


# -- round trip ------------------------------------------------------------------------------------


def test_round_trip_is_exact(store: Store) -> None:
    design, data = make_design()
    conversion = make_conversion(design_sha256=design.sha256)
    saved = store.save(
        conversion,
        design,
        original=data,
        title=" Sign-up  page ",
        author="Ana",
        tags=["Login, MOBILE", " mobile"],
        error="The connection broke after 150 characters.",
    )
    stored = store.get(saved.id)
    assert stored.conversion == conversion
    assert stored.conversion.usage == conversion.usage and stored.conversion.timings == conversion.timings
    assert stored.item == saved
    item = stored.item
    assert (item.title, item.author, item.tags) == ("Sign-up page", "Ana", ("login", "mobile"))
    assert (item.target, item.engine, item.model, item.complete) == (
        Target.HTML_TAILWIND,
        "kimi",
        "kimi-k2.5",
        False,
    )
    assert item.error == "The connection broke after 150 characters."
    assert item.design_key == f"{design.sha256}-1" and item.design_name == "Home Screen.png"
    assert item.created.tzinfo is not None and item.created.utcoffset() is not None
    assert item.parent_id is None and item.fidelity is None and not item.has_result_thumbnail
    assert re.fullmatch(r"[a-z0-9]{12}", item.id)


def test_conversion_without_usage_or_design(store: Store) -> None:
    conversion = make_conversion(usage=None, warnings=(), complete=True, reasoning="")
    saved = store.save(conversion, None)
    assert store.get(saved.id).conversion == conversion
    assert (saved.title, saved.design_key, saved.design_name) == ("Untitled", "", "")


def test_ids_are_unique_and_title_defaults_to_the_file_stem(store: Store) -> None:
    design, _ = make_design("mock-ups/Checkout v2.final.png")
    items = [store.save(make_conversion(), design) for _ in range(20)]
    assert len({item.id for item in items}) == 20
    assert items[0].title == "Checkout v2.final"


def test_labels_are_bounded_with_clear_errors(store: Store) -> None:
    with pytest.raises(StoreError, match="title can be at most 200 characters; this one has 201"):
        store.save(make_conversion(), None, title="x" * 201)
    with pytest.raises(StoreError, match="at most 20 tags"):
        store.save(make_conversion(), None, tags=[f"t{n}" for n in range(21)])
    with pytest.raises(StoreError, match="tag .* at most 40 characters"):
        store.save(make_conversion(), None, tags=["y" * 41])
    with pytest.raises(StoreError, match="author can be at most 100"):
        store.save(make_conversion(), None, author="z" * 101)
    assert store.search().total == 0
    assert store.save(make_conversion(), None, tags="a, B,,a ,c").tags == ("a", "b", "c")


def test_nul_characters_are_dropped_from_labels_and_searches(store: Store) -> None:
    saved = store.save(make_conversion(), None, title="Log\x00in", author="A\x00na", tags=["mo\x00bile"])
    assert (saved.title, saved.author, saved.tags) == ("Login", "Ana", ("mobile",))
    assert [item.id for item in store.search("LOG\x00IN").items] == [saved.id]
    assert store.update(saved.id, title="\x00").title == "Untitled"  # nothing left: the default


# -- designs, blobs, thumbnails ----------------------------------------------------------------


def test_a_design_and_its_blobs_are_stored_once(store: Store) -> None:
    design, data = make_design()
    same_design_again, _ = make_design()
    store.save(make_conversion(), design, original=data)
    store.save(make_conversion(target=Target.REACT_TAILWIND), same_design_again, original=data)
    renamed = store.save(make_conversion(), load_design(data, "Renamed.png"))  # same bytes, new name
    assert (renamed.title, renamed.design_name) == ("Renamed", "Home Screen.png")  # first name stays
    assert store.get(renamed.id).item == renamed
    assert count(store, "SELECT count(*) FROM conversions") == 3
    assert count(store, "SELECT count(*) FROM designs") == 1
    assert count(store, "SELECT count(*) FROM blobs") == 2  # the normalised PNG and the upload
    other, other_data = make_design("Other.png", colour="red")
    store.save(make_conversion(), other, original=other_data)
    assert (count(store, "SELECT count(*) FROM designs"), count(store, "SELECT count(*) FROM blobs")) == (
        2,
        4,
    )


def test_design_bytes_facts_and_thumbnail(store: Store) -> None:
    design, data = make_design(width=1280, height=800)
    item = store.save(make_conversion(), design, original=data)
    stored = store.design(item.design_key)
    assert (stored.sha256, stored.page, stored.source_name, stored.source_format) == (
        design.sha256,
        1,
        "Home Screen.png",
        "png",
    )
    assert (stored.width, stored.height) == (1280, 800) and stored.created == item.created
    assert store.design_png(item.design_key) == design.png
    assert store.design_original(item.design_key) == (data, "Home Screen.png")
    with Image.open(io.BytesIO(store.design_thumbnail(item.design_key))) as thumbnail:
        assert thumbnail.format == "PNG" and thumbnail.size == (320, 200)
    with pytest.raises(NotFoundError, match="no design"):
        store.design_png("0" * 64 + "-1")


def test_small_design_thumbnail_is_not_enlarged_and_original_is_optional(store: Store) -> None:
    design, data = make_design(width=200, height=100)
    item = store.save(make_conversion(), design)
    assert store.design_original(item.design_key) is None
    with Image.open(io.BytesIO(store.design_thumbnail(item.design_key))) as thumbnail:
        assert thumbnail.size == (200, 100)
    store.save(make_conversion(), design, original=data)  # saved later with the upload: now kept
    assert store.design_original(item.design_key) == (data, "Home Screen.png")
    with pytest.raises(ValueError, match="original"):
        store.save(make_conversion(), design, original=b"other bytes")


def test_fidelity_and_result_thumbnail(store: Store) -> None:
    item = store.save(make_conversion(), None)
    assert store.result_thumbnail(item.id) is None
    store.set_fidelity(item.id, {"block": 0.93, "text": 0.98, "visual": 1})
    store.set_result_thumbnail(item.id, encode(mock_ui(1280, 2400), "PNG"))
    again = store.get(item.id).item
    assert again.fidelity == {"block": 0.93, "text": 0.98, "visual": 1.0} and again.has_result_thumbnail
    thumbnail = store.result_thumbnail(item.id)
    assert thumbnail is not None
    with Image.open(io.BytesIO(thumbnail)) as image:
        assert image.size == (128, 240)
    with pytest.raises(StoreError, match="not an image"):
        store.set_result_thumbnail(item.id, b"<html>")
    for call in (
        lambda: store.set_fidelity("nope", {"text": 1.0}),
        lambda: store.set_result_thumbnail("nope", thumbnail),
        lambda: store.result_thumbnail("nope"),
        lambda: store.get("nope"),
        lambda: store.delete("nope"),
        lambda: store.versions("nope"),
        lambda: store.update("nope", title="x"),
    ):
        with pytest.raises(NotFoundError, match="no conversion 'nope'"):
            call()


# -- version chains ----------------------------------------------------------------------------


def test_version_chain_and_delete_in_the_middle(store: Store) -> None:
    design, data = make_design()
    a = store.save(make_conversion("a"), design, original=data)
    b = store.save(make_conversion("b"), design, parent_id=a.id)
    c = store.save(make_conversion("c"), design, parent_id=b.id)
    d = store.save(make_conversion("d"), design, parent_id=a.id)  # a branch
    other = store.save(make_conversion("other"), design)
    ids = [a.id, b.id, c.id, d.id]
    for member in ids:
        assert [item.id for item in store.versions(member)] == ids
    assert [item.id for item in store.versions(other.id)] == [other.id]
    assert store.latest_for_design(a.design_key) == other

    store.delete(b.id)
    assert store.get(c.id).item.parent_id == a.id  # re-pointed to the deleted one's parent
    assert [item.id for item in store.versions(c.id)] == [a.id, c.id, d.id]
    store.delete(a.id)  # the root: its children become roots of their own chains
    assert store.get(c.id).item.parent_id is None and store.get(d.id).item.parent_id is None
    assert [item.id for item in store.versions(c.id)] == [c.id]

    for item in (c, d):
        store.delete(item.id)
    assert count(store, "SELECT count(*) FROM designs") == 1  # `other` still uses it
    store.delete(other.id)
    assert [count(store, f"SELECT count(*) FROM {name}") for name in ("designs", "blobs", "tags")] == [
        0,
        0,
        0,
    ]
    assert store.latest_for_design(a.design_key) is None


def test_a_thread_is_the_chain_of_changes_back_to_the_first_conversion(store: Store) -> None:
    design, data = make_design()
    first = store.save(make_conversion("a"), design, original=data)
    sticky = store.save(
        make_conversion("b", instruction="Make the header sticky"), design, parent_id=first.id
    )
    blue = store.save(make_conversion("c", instruction="Blue buttons"), design, parent_id=sticky.id)
    store.save(make_conversion("d", instruction="A branch"), design, parent_id=first.id)
    thread = store.thread(blue.id)
    assert [item.id for item in thread] == [first.id, sticky.id, blue.id]  # not the branch
    assert [item.instruction for item in thread] == ["", "Make the header sticky", "Blue buttons"]
    assert store.get(blue.id).conversion.instruction == "Blue buttons"
    assert store.thread(first.id) == (store.get(first.id).item,)
    with pytest.raises(NotFoundError):
        store.thread("nope00000000")


def test_a_new_version_of_a_missing_conversion_is_refused(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no conversion 'gone'"):
        store.save(make_conversion(), None, parent_id="gone")
    assert store.search().total == 0


def test_pdf_pages_share_the_original_blob_until_the_last_goes(store: Store) -> None:
    pages = [mock_ui(300, 200), mock_ui(300, 200, "RGB").transpose(Image.Transpose.FLIP_LEFT_RIGHT)]
    buffer = io.BytesIO()
    pages[0].save(buffer, format="PDF", save_all=True, append_images=pages[1:])
    data = buffer.getvalue()
    first = store.save(make_conversion(), load_design(data, "deck.pdf", page=1), original=data)
    second = store.save(make_conversion(), load_design(data, "deck.pdf", page=2), original=data)
    assert (first.title, second.title) == ("deck page 1", "deck page 2")
    assert count(store, "SELECT count(*) FROM blobs") == 3  # two PNGs, one PDF
    store.delete(first.id)
    assert store.design_original(second.design_key) == (data, "deck.pdf")
    assert count(store, "SELECT count(*) FROM blobs") == 2


# -- search, listing, updates ------------------------------------------------------------------


def test_search_by_title_author_tag_with_filters_and_pages(store: Store) -> None:
    saved = [
        store.save(make_conversion(), None, title="Login page", author="Ana Ärger", tags=["auth"]),
        store.save(make_conversion(target=Target.REACT_TAILWIND), None, title="Pricing", tags=["Marketing"]),
        store.save(make_conversion(engine="offline"), None, title="Dashboard 100%", author="Bo"),
        store.save(
            make_conversion(engine="offline", target=Target.HTML_CSS), None, title="Settings", tags=["auth"]
        ),
    ]

    def ids(page: Any) -> list[str]:
        return [item.id for item in page.items]

    assert ids(store.search()) == [item.id for item in reversed(saved)]  # newest first
    assert ids(store.search("LOGIN")) == [saved[0].id]
    assert ids(store.search("ärger")) == [saved[0].id]  # Unicode case folding, not SQLite's ASCII lower()
    assert ids(store.search("marketing")) == [saved[1].id]
    assert ids(store.search("AUTH")) == [saved[3].id, saved[0].id]
    assert ids(store.search("100%")) == [saved[2].id] and store.search("%").total == 1  # no wildcards
    assert ids(store.search("auth", engine="offline")) == [saved[3].id]
    assert ids(store.search(target=Target.REACT_TAILWIND)) == [saved[1].id]
    assert store.search("nothing like it").total == 0
    page = store.search(limit=3, offset=1)
    assert (page.total, page.offset, page.limit, ids(page)) == (
        4,
        1,
        3,
        [saved[2].id, saved[1].id, saved[0].id],
    )
    assert store.engines() == ("kimi", "offline")
    assert [item.id for item in store.recent(2)] == [saved[3].id, saved[2].id]


def test_update_title_author_tags(store: Store) -> None:
    design, _ = make_design("Landing.png")
    item = store.save(make_conversion(), design, title="Old", tags=["draft"])
    changed = store.update(item.id, title="New title", tags=["Final, review"])
    assert (changed.title, changed.author, changed.tags) == ("New title", "", ("final", "review"))
    assert store.get(item.id).item == changed
    assert store.search("draft").total == 0 and store.search("review").total == 1
    assert store.update(item.id, author="Ana").title == "New title"
    assert store.update(item.id, title="").title == "Landing"  # back to the design's name
    with pytest.raises(StoreError, match="at most 200"):
        store.update(item.id, title="x" * 300)


# -- schema ----------------------------------------------------------------------------------------


def test_a_new_library_has_the_current_schema_made_once(store: Store, library_url: str) -> None:
    assert count(store, "SELECT version FROM schema_version") == CURRENT_VERSION == 5
    assert {name: {column.name for column in table.columns} for name, table in metadata.tables.items()} == (
        columns(store)
    )
    Store(library_url).close()  # opening again changes nothing
    assert count(store, "SELECT count(*) FROM schema_version") == 1


# -- errors ----------------------------------------------------------------------------------------


def test_open_creates_the_data_folder_and_honours_the_database_url(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "handoff"
    store = Store.open(Settings(data_dir=folder))
    store.save(make_conversion(), None)
    store.close()
    assert (folder / "library.db").is_file()
    other = tmp_path / "elsewhere.db"
    store = Store.open(Settings(data_dir=folder, database_url=Secret(f"sqlite:///{other}")))
    assert store.search().total == 0
    store.close()
    assert other.is_file()


def test_messages_never_show_a_database_password() -> None:
    url = "postgresql+psycopg://handoff:hunter2-pass@127.0.0.1:1/handoff"
    with pytest.raises(StoreError) as caught:
        Store(url)
    assert "hunter2" not in str(caught.value) and "***" in str(caught.value)
    place = Place.of(parse_url(url))
    error = store_error(RuntimeError('password "hunter2-pass" refused'), "open the library", place)
    assert "hunter2" not in str(error) and "hunter2" not in repr(place)
    with pytest.raises(StoreError, match="HANDOFF_DATABASE_URL is not a database URL") as bad:
        Store("hunter2-pass@@not a url")
    assert "hunter2" not in str(bad.value)
