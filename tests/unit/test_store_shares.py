"""Share links in the store, on SQLite and PostgreSQL: an unguessable token per conversion, the
same one until it is revoked, one answer for unknown and revoked tokens, gone with the
conversion, and a v3 library upgraded."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from converters.errors import NotFoundError
from converters.store import Store
from converters.store.schema import CURRENT_VERSION
from converters.store.shares import UNKNOWN_LINK
from tests.unit.test_store import count, make_conversion, make_design


def test_a_token_is_made_once_and_names_its_conversion(store: Store) -> None:
    design, data = make_design()
    item = store.save(make_conversion(), design, original=data)
    other = store.save(make_conversion(), None)
    assert store.share_token(item.id) is None
    token = store.share(item.id)
    assert len(token) >= 32 and token.replace("-", "").replace("_", "").isalnum()
    assert store.share(item.id) == token == store.share_token(item.id)
    assert store.share(other.id) != token
    assert store.shared(token).item.id == item.id
    assert store.shared(token).conversion == store.get(item.id).conversion


def test_revoked_and_unknown_tokens_get_the_same_answer(store: Store) -> None:
    item = store.save(make_conversion(), None)
    token = store.share(item.id)
    assert store.revoke_share(item.id) is True
    assert store.revoke_share(item.id) is False
    assert store.share_token(item.id) is None
    answers = []
    for wrong in (token, "x" * 32, "", "y" * 500, token[:-1]):
        with pytest.raises(NotFoundError) as caught:
            store.shared(wrong)
        answers.append(str(caught.value))
    assert set(answers) == {UNKNOWN_LINK}
    fresh = store.share(item.id)  # sharing again makes a new link; the revoked one stays dead
    assert fresh != token and store.shared(fresh).item.id == item.id
    with pytest.raises(NotFoundError, match=UNKNOWN_LINK):
        store.shared(token)


def test_sharing_an_unknown_conversion_is_refused(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no conversion 'nosuchid0000'"):
        store.share("nosuchid0000")
    assert store.revoke_share("nosuchid0000") is False


def test_a_deleted_conversion_takes_its_links_with_it(store: Store) -> None:
    item = store.save(make_conversion(), None)
    token = store.share(item.id)
    store.delete(item.id)
    with pytest.raises(NotFoundError, match=UNKNOWN_LINK):
        store.shared(token)
    assert count(store, "SELECT count(*) FROM shares") == 0


def test_threads_sharing_at_once_hand_out_one_link(store: Store) -> None:
    item = store.save(make_conversion(), None)
    tokens: list[str] = []
    start = threading.Barrier(6)

    def share() -> None:
        start.wait()
        tokens.append(store.share(item.id))

    threads = [threading.Thread(target=share) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(tokens) == 6 and len(set(tokens)) == 1


def test_a_version_3_library_gains_the_shares_table(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    store = Store(f"sqlite:///{path}")
    item = store.save(make_conversion(), None)
    store.close()
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE shares")
        connection.execute("DROP TABLE frames")  # a later version's table
        connection.execute("UPDATE schema_version SET version = 3")
    upgraded = Store(f"sqlite:///{path}")
    try:
        with sqlite3.connect(path) as connection:
            assert connection.execute("SELECT version FROM schema_version").fetchone()[0] == CURRENT_VERSION
        token = upgraded.share(item.id)
        assert upgraded.shared(token).item.id == item.id
    finally:
        upgraded.close()
