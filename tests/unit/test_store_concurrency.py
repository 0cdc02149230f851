"""Writers at once, on SQLite and on PostgreSQL: threads and processes saving together, stores
opening a new library together (the schema is made once), two stores (as two app replicas)
saving versions of one design while versions are deleted, and a writer killed mid-save."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from converters.errors import NotFoundError
from converters.store import Store
from converters.store.schema import CURRENT_VERSION
from tests.unit.test_store import count, make_conversion, make_design

PROJECT_ROOT = Path(__file__).resolve().parents[2]
OPENING_AT_ONCE = 4  # stores opening one new library at the same moment
VERSIONS_EACH = 12  # versions each of the two replicas saves while the other saves and deletes


def run_together(work: Callable[[int], None], how_many: int) -> list[BaseException]:
    """Run ``work(0)`` … ``work(how_many - 1)`` in threads released at one moment; their errors."""
    barrier = threading.Barrier(how_many)
    errors: list[BaseException] = []

    def run(number: int) -> None:
        try:
            barrier.wait()
            work(number)
        except BaseException as exc:  # noqa: BLE001 -- reported to the test
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(number,)) for number in range(how_many)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_eight_threads_saving_at_once_all_land(store: Store) -> None:
    design, data = make_design()
    saved: list[str] = []

    def work(number: int) -> None:
        for index in range(10):
            item = store.save(
                make_conversion(f"code {number}-{index}"), design, original=data, tags=[f"t{number}"]
            )
            saved.append(item.id)
            store.search("t")

    assert run_together(work, 8) == []
    assert store.search(limit=500).total == 80 == len(set(saved))
    assert count(store, "SELECT count(*) FROM designs") == 1 and store.integrity_ok()


@pytest.fixture(params=["sqlite", "postgresql"])
def new_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with nothing in it yet: a new SQLite file, a new PostgreSQL database."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite:///{tmp_path / 'new.db'}"


def test_stores_opening_a_new_library_at_once_make_its_schema_once(new_database_url: str) -> None:
    opened: list[Store] = []

    def open_and_save(number: int) -> None:
        store = Store(new_database_url)  # each with its own engine and pool, as a replica has
        opened.append(store)
        store.save(make_conversion(f"replica {number}"), None, tags=["first"])

    try:
        assert run_together(open_and_save, OPENING_AT_ONCE) == []
        store = opened[0]
        assert count(store, "SELECT count(*) FROM schema_version") == 1
        assert count(store, "SELECT version FROM schema_version") == CURRENT_VERSION
        assert store.search("first").total == OPENING_AT_ONCE
    finally:
        for store in opened:
            store.close()


@pytest.fixture
def two_replicas(library_url: str) -> Iterator[tuple[Store, Store]]:
    """Two stores on one library, as two app processes have."""
    first, second = Store(library_url), Store(library_url)
    yield first, second
    first.close()
    second.close()


def test_two_replicas_saving_versions_while_others_are_deleted_keep_the_chain_whole(
    two_replicas: tuple[Store, Store],
) -> None:
    design, data = make_design()
    first = two_replicas[0].save(make_conversion("v1"), design, original=data)
    key = first.design_key
    deleted: list[str] = []

    def save_versions(store: Store, name: str) -> None:
        """As the app saves a new conversion: the next version of the design's latest."""
        for index in range(VERSIONS_EACH):
            while True:
                latest = store.latest_for_design(key)
                assert latest is not None
                try:
                    store.save(make_conversion(f"{name} {index}"), design, parent_id=latest.id, tags=[name])
                    break
                except NotFoundError:  # the latest was deleted meanwhile: take the new latest
                    continue

    def delete_some(store: Store) -> None:
        """Delete a version in the middle of the chain now and then, never the first."""
        for _ in range(VERSIONS_EACH // 2):
            versions = store.design_versions(first.id)
            if len(versions) > 2:
                store.delete(versions[len(versions) // 2].id)
                deleted.append(versions[len(versions) // 2].id)

    def work(number: int) -> None:
        if number == 2:
            delete_some(two_replicas[1])
        else:
            save_versions(two_replicas[number], f"replica{number}")

    assert run_together(work, 3) == []
    reader = two_replicas[1]
    kept = reader.design_versions(first.id)
    ids = {item.id for item in kept}
    assert len(kept) == 1 + 2 * VERSIONS_EACH - len(deleted) and ids.isdisjoint(deleted)
    assert reader.search("replica0").total + reader.search("replica1").total == len(kept) - 1
    assert {item.id for item in reader.versions(first.id)} == ids  # one chain, nothing cut off
    for item in kept:
        assert item.parent_id is None if item.id == first.id else item.parent_id in ids
        assert reader.thread(item.id)[0].id == first.id  # every version leads back to the first
    assert [item.id for item in two_replicas[0].design_versions(first.id)] == [item.id for item in kept]


SAVER = """
import sys, time, pathlib
from converters.conversion import Conversion, Timings
from converters.intake import load_design
from converters.store import Store
from converters.targets import Target
from tests.builders import encode, mock_ui

url, go, how_many, tag = sys.argv[1:5]
store = Store(url)
design = load_design(encode(mock_ui(400, 300), "PNG"), "shared.png")
code = "<main>" + "x" * 8000 + "</main>"
conversion = Conversion(code=code, target=Target.HTML_CSS, engine="offline", model="m", prompt_name="p",
                        prompt_hash="h", timings=Timings(started_at="2026-01-01T00:00:00Z", total_s=1.0))
print("ready", flush=True)
while not pathlib.Path(go).exists():
    time.sleep(0.002)
number = 0
while number < int(how_many) or int(how_many) == 0:
    print(store.save(conversion, design, tags=[tag]).id, flush=True)
    number += 1
store.close()
"""


def start_saver(url: str, go: Path, how_many: int, tag: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", SAVER, url, str(go), str(how_many), tag],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    return process


def test_two_processes_saving_at_once_all_land(library_url: str, tmp_path: Path) -> None:
    url = library_url
    Store(url).close()
    go = tmp_path / "go"
    processes = [start_saver(url, go, 25, tag) for tag in ("first", "second")]
    go.touch()
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], [err for _, err in outputs]
    ids = [line for out, _ in outputs for line in out.split()]
    store = Store(url)
    try:
        assert len(set(ids)) == 50 and store.search(limit=100).total == 50
        assert store.search("first").total == 25 == store.search("second").total
        assert store.integrity_ok()
    finally:
        store.close()


def test_sigkill_while_saving_loses_nothing_committed(library_url: str, tmp_path: Path) -> None:
    url = library_url
    go = tmp_path / "go"
    process = start_saver(url, go, 0, "killed")
    go.touch()
    assert process.stdout is not None
    reported = [process.stdout.readline().strip() for _ in range(30)]
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    store = Store(url)
    try:
        assert store.integrity_ok()
        for conversion_id in reported:
            assert store.get(conversion_id).item.tags == ("killed",)
    finally:
        store.close()
