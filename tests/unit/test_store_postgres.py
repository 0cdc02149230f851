"""The library on PostgreSQL: ``postgresql://`` means the installed driver, the pool is bounded
and says so when it is used up, and a database that goes away and comes back gives a clear
message meanwhile, then works again with everything saved before it still there."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from converters.errors import DatabaseUnavailableError, StoreError
from converters.store import Store, database
from converters.store.database import MAX_OVERFLOW, POOL_SIZE, driver_url
from tests import postgres
from tests.unit.test_store import make_conversion, make_design


def test_postgresql_urls_mean_psycopg_and_other_urls_are_kept() -> None:
    for written in ("postgresql://ana@db.example/handoff", "postgres://ana@db.example/handoff"):
        assert driver_url(make_url(written)).drivername == "postgresql+psycopg"
    for kept in ("postgresql+psycopg://ana@db/handoff", "sqlite:///library.db", "mysql://ana@db/handoff"):
        assert driver_url(make_url(kept)) == make_url(kept)


def test_a_plain_postgresql_url_opens_the_library(postgres_library_url: str) -> None:
    plain = postgres_library_url.replace("postgresql+psycopg://", "postgresql://")
    store = Store(plain)
    try:
        saved = store.save(make_conversion(), None, title="Plain URL")
        assert store.get(saved.id).item.title == "Plain URL"
    finally:
        store.close()


def test_writes_take_the_lock_and_see_the_latest_commits_reads_see_one_moment(
    postgres_library_url: str,
) -> None:
    store = Store(postgres_library_url)
    try:
        with store._writer.begin() as connection:
            assert connection.exec_driver_sql("SHOW transaction_isolation").scalar() == "read committed"
            held = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
            assert connection.exec_driver_sql(held).scalar() == 1
        with store._reader.begin() as connection:
            assert connection.exec_driver_sql("SHOW transaction_isolation").scalar() == "repeatable read"
            assert connection.exec_driver_sql(held).scalar() == 0
    finally:
        store.close()


def test_a_used_up_pool_is_a_busy_message_not_a_hang(
    postgres_library_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "POOL_TIMEOUT_S", 0.2)  # the real wait is seconds
    store = Store(postgres_library_url)
    held = [store._reader.connect() for _ in range(POOL_SIZE + MAX_OVERFLOW)]
    try:
        with pytest.raises(StoreError, match="The library's database is busy: every connection"):
            store.search()
    finally:
        for connection in held:
            connection.close()
    try:
        assert store.search().total == 0  # connections given back: it works again
    finally:
        store.close()


def test_a_database_that_goes_away_is_explained_and_works_again_when_back(
    postgres_cluster: postgres.Cluster, postgres_library_url: str
) -> None:
    store = Store(postgres_library_url)
    design, data = make_design()
    before = store.save(make_conversion("<main>before</main>"), design, original=data, tags=["kept"])
    try:
        postgres_cluster.stop()
        for action in (
            lambda: store.save(make_conversion("<main>during</main>"), design, tags=["lost"]),
            lambda: store.search(),
            lambda: store.get(before.id),
            lambda: Store(postgres_library_url),  # a replica starting meanwhile
        ):
            with pytest.raises(DatabaseUnavailableError) as caught:
                action()
            message = str(caught.value)
            assert message.startswith("The library's database is unreachable: Handoff could not ")
            assert message.endswith("the app retries on the next action.")
    finally:
        postgres_cluster.start()
    try:
        assert store.get(before.id).conversion.code == "<main>before</main>"  # the pool reconnects
        assert store.design_original(before.design_key) == (data, "Home Screen.png")
        after = store.save(make_conversion("<main>after</main>"), design, parent_id=before.id)
        assert [item.id for item in store.design_versions(before.id)] == [before.id, after.id]
        assert store.search("lost").total == 0 and store.search("kept").total == 1
    finally:
        store.close()
