"""The Library page on a PostgreSQL library whose server goes away and comes back: meanwhile the
page says the database is unreachable and that the next action retries; once it is back, the
next visit lists everything saved before, with nothing to restart."""

from __future__ import annotations

import pytest

from converters.settings import Settings
from converters.store import Store
from tests import postgres
from tests.app.test_library_page import library_app, markdown, open_library, saved
from tests.builders import shown
from ui import library_store


def test_the_library_page_explains_a_database_that_is_gone_and_lists_again_when_back(
    postgres_cluster: postgres.Cluster, postgres_library_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDOFF_DATABASE_URL", postgres_library_url)
    opened: dict[tuple[str, str], Store] = {}
    monkeypatch.setattr(library_store, "_stores", opened)  # closed below, not left to the process
    try:
        check_outage_and_return(postgres_cluster)
    finally:
        for store in opened.values():
            store.close()


def check_outage_and_return(postgres_cluster: postgres.Cluster) -> None:
    store = library_store.open_library(Settings.from_env())  # the one the app's process uses
    saved(store, "Saved before")
    app = open_library(library_app())
    assert any("Saved before" in text for text in markdown(app))

    postgres_cluster.stop()
    try:
        app = open_library(library_app())
        errors = [shown(element.value) for element in app.error]
        assert len(errors) == 1 and errors[0].startswith("The library's database is unreachable: ")
        assert errors[0].endswith("the app retries on the next action.")
        assert not any("Saved before" in text for text in markdown(app))
    finally:
        postgres_cluster.start()
    app = open_library(library_app())
    assert not app.error
    assert any("Saved before" in text for text in markdown(app))
