"""The library's designs: every conversion of one design is a version of it (found together,
numbered, renamed together), in new libraries (SQLite and PostgreSQL: the ``store`` fixture) and
in libraries written by older releases."""

from __future__ import annotations

from pathlib import Path

import pytest

from converters.errors import NotFoundError, StoreError
from converters.store import Store
from converters.targets import Target
from tests.unit.test_store import make_conversion, make_design
from tests.unit.test_store_sqlite import write_v1_library


def test_the_versions_of_a_design_share_one_card_whether_chained_or_not(store: Store) -> None:
    home, home_bytes = make_design("Home.png")
    cart, _ = make_design("Cart.png", colour="red")
    first = store.save(make_conversion("1"), home, original=home_bytes)
    loose = store.save(make_conversion("2"), cart)
    second = store.save(make_conversion("3"), home, parent_id=first.id)  # as the app saves a new version
    third = store.save(make_conversion("4"), home)  # as the command line saves one: no parent
    alone = store.save(make_conversion("5"), None)  # no design: a design of its own

    page = store.search_designs()
    assert page.total == 3 and store.search().total == 5
    assert [card.key for card in page.items] == [alone.id, home.sha256 + "-1", cart.sha256 + "-1"]
    card = page.items[1]
    assert [item.id for item in card.versions] == [first.id, second.id, third.id]
    assert card.shown.id == third.id and card.number(second.id) == 2 and card.title == "Home"
    assert [item.id for item in page.items[2].versions] == [loose.id]
    for member in (first.id, second.id, third.id):
        assert [item.id for item in store.design_versions(member)] == [first.id, second.id, third.id]
    assert [item.id for item in store.design_versions(alone.id)] == [alone.id]
    with pytest.raises(NotFoundError):
        store.design_versions("nope")

    store.delete(second.id)  # later versions are numbered anew
    card = store.search_designs().items[1]
    assert [item.id for item in card.versions] == [first.id, third.id] and card.number(third.id) == 2


def test_a_design_is_found_by_any_version_and_shows_its_newest_match(store: Store) -> None:
    home, _ = make_design("Home.png")
    react = store.save(make_conversion("a", Target.REACT_TAILWIND), home, tags=["draft"])
    html = store.save(make_conversion("b", Target.HTML_CSS), home, tags=["final"])
    other, _ = make_design("Other.png", colour="blue")
    store.save(make_conversion("c"), other)

    found = store.search_designs(target=Target.REACT_TAILWIND)
    assert found.total == 1
    (card,) = found.items
    assert card.shown.id == react.id and [item.id for item in card.versions] == [react.id, html.id]
    assert store.search_designs("FINAL").items[0].shown.id == html.id
    assert store.search_designs("nothing like it").total == 0
    assert store.search_designs(engine="offline").items == ()


def test_designs_page_newest_first(store: Store) -> None:
    designs = [make_design(f"D{n}.png", width=300 + n)[0] for n in range(5)]
    for design in designs:
        store.save(make_conversion(), design)
    store.save(make_conversion(), designs[0])  # a new version moves its design to the front
    first = store.search_designs(limit=2)
    second = store.search_designs(limit=2, offset=2)
    last = store.search_designs(limit=2, offset=4)
    titles = [card.title for page in (first, second, last) for card in page.items]
    assert titles == ["D0", "D4", "D3", "D2", "D1"]
    assert (first.total, len(last.items)) == (5, 1)


def test_renaming_a_design_renames_every_version_in_one_go(store: Store) -> None:
    home, _ = make_design("Home screen.png")
    other, _ = make_design("Other.png", colour="blue")
    versions = [store.save(make_conversion(str(n)), home, title=f"Draft {n}") for n in range(3)]
    untouched = store.save(make_conversion(), other, title="Other one")

    renamed = store.update_design(versions[1].id, title="Pricing page", tags=["Web, launch"], author="Ada")
    assert [item.id for item in renamed] == [item.id for item in versions]
    for item in renamed:
        stored = store.get(item.id).item
        assert (stored.title, stored.author, stored.tags) == ("Pricing page", "Ada", ("web", "launch"))
    assert store.get(untouched.id).item.title == "Other one"
    assert store.search_designs("pricing").items[0].title == "Pricing page"
    assert store.search_designs("draft").total == 0  # the search text follows

    store.update_design(versions[0].id, author="Grace")  # None keeps the title and the tags
    assert {store.get(item.id).item.title for item in versions} == {"Pricing page"}
    assert {store.get(item.id).item.author for item in versions} == {"Grace"}
    assert store.update_design(versions[2].id, title="")[0].title == "Home screen"  # the file's name
    with pytest.raises(StoreError, match="at most 200"):
        store.update_design(versions[0].id, title="x" * 201)
    assert store.get(versions[0].id).item.title == "Home screen"  # a refused rename changes nothing
    with pytest.raises(NotFoundError):
        store.update_design("nope", title="x")


def test_a_library_of_the_first_schema_shows_its_chain_as_one_design(tmp_path: Path) -> None:
    design, data = make_design()
    old = tmp_path / "v1.db"
    write_v1_library(old, design, data, make_conversion())
    store = Store(f"sqlite:///{old}")
    try:
        page = store.search_designs()
        assert page.total == 1
        assert [item.id for item in page.items[0].versions] == ["root0000000a", "child000000b"]
        assert [item.title for item in store.update_design("root0000000a", title="Renamed")] == [
            "Renamed",
            "Renamed",
        ]
        newer = store.save(make_conversion(), design)
        assert [item.id for item in store.design_versions(newer.id)][-1] == newer.id
        assert store.integrity_ok()
    finally:
        store.close()
