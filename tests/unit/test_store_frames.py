"""The frames of a conversion in the store, on SQLite and PostgreSQL (issue 16): kept in order with
their widths and designs (uploads too), kept by a new version, gone with their conversion (designs
only while unused), checked against the conversion's design, and a v4 library upgraded."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from converters.conversion import Frame
from converters.store import Store, StoredFrame
from converters.store.schema import CURRENT_VERSION
from tests.unit.test_store import count, make_conversion, make_design


def _frames() -> tuple[tuple[Frame, ...], dict[str, bytes]]:
    """A phone frame (390 px) and a desktop one (1280 px, typed as 1440), and their uploads."""
    mobile, mobile_data = make_design("mobile.png", 390, 844, colour="red")
    desktop, desktop_data = make_design("desktop.png", 1280, 800, colour="blue")
    frames = (Frame(mobile, 390), Frame(desktop, 1440))
    return frames, {mobile.sha256: mobile_data, desktop.sha256: desktop_data}


def _key(frame: Frame) -> str:
    return f"{frame.design.sha256}-{frame.design.page}"


def test_frames_are_kept_in_order_with_their_widths_and_designs(store: Store) -> None:
    frames, originals = _frames()
    desktop = frames[-1].design
    item = store.save(
        make_conversion(),
        desktop,
        original=originals[desktop.sha256],
        frames=frames,
        originals=originals,
    )
    assert item.design_key == _key(frames[-1])  # the widest frame is the conversion's design
    stored = store.get(item.id)
    assert stored.frames == (
        StoredFrame(390, _key(frames[0]), frames[0].design.sha256, 1),
        StoredFrame(1440, _key(frames[1]), desktop.sha256, 1),
    )
    mobile = store.design_image(stored.frames[0].design_key)
    assert (mobile.sha256, mobile.source_name, mobile.width) == (frames[0].design.sha256, "mobile.png", 390)
    assert store.design_original(stored.frames[0].design_key) == (originals[mobile.sha256], "mobile.png")
    assert count(store, "SELECT count(*) FROM designs") == 2


def test_a_conversion_of_one_design_has_no_frames(store: Store) -> None:
    design, data = make_design()
    assert store.get(store.save(make_conversion(), design, original=data).id).frames == ()
    assert store.get(store.save(make_conversion(), None).id).frames == ()


def test_a_frame_saved_without_its_upload_keeps_its_png(store: Store) -> None:
    frames, _ = _frames()
    item = store.save(make_conversion(), frames[-1].design, frames=frames)
    narrow = store.get(item.id).frames[0]
    assert store.design_original(narrow.design_key) is None
    assert store.design_image(narrow.design_key).sha256 != ""  # read back from its stored PNG


def test_a_new_version_of_a_frames_conversion_keeps_its_frames(store: Store) -> None:
    frames, originals = _frames()
    root = store.save(make_conversion(), frames[-1].design, frames=frames, originals=originals)
    child = store.save(
        make_conversion("<main>Bigger</main>", instruction="Make it bigger"),
        frames[-1].design,
        parent_id=root.id,
        frames=frames,
        originals=originals,
    )
    assert [frame.width for frame in store.get(child.id).frames] == [390, 1440]
    assert [item.id for item in store.design_versions(child.id)] == [root.id, child.id]
    assert count(store, "SELECT count(*) FROM designs") == 2  # each design stored once
    assert count(store, "SELECT count(*) FROM frames") == 4


def test_deleting_a_conversion_deletes_its_frames_and_their_unused_designs(store: Store) -> None:
    frames, originals = _frames()
    first = store.save(make_conversion(), frames[-1].design, frames=frames, originals=originals)
    second = store.save(make_conversion(), frames[-1].design, frames=frames, originals=originals)
    store.delete(first.id)
    assert count(store, "SELECT count(*) FROM frames") == 2  # the other conversion's
    assert store.design_image(store.get(second.id).frames[0].design_key).source_name == "mobile.png"
    store.delete(second.id)
    assert count(store, "SELECT count(*) FROM frames") == 0
    assert count(store, "SELECT count(*) FROM designs") == 0
    assert count(store, "SELECT count(*) FROM blobs") == 0


def test_the_database_cascades_a_deleted_conversion_to_its_frames(store: Store) -> None:
    frames, _ = _frames()
    item = store.save(make_conversion(), frames[-1].design, frames=frames)
    with store._writer.begin() as connection:
        connection.execute(text("DELETE FROM tags WHERE conversion_id = :id"), {"id": item.id})
        connection.execute(text("DELETE FROM conversions WHERE id = :id"), {"id": item.id})
    assert count(store, "SELECT count(*) FROM frames") == 0


def test_frames_that_do_not_end_with_the_design_are_refused(store: Store) -> None:
    frames, originals = _frames()
    other, _ = make_design("other.png", 800, 600, colour="green")
    with pytest.raises(ValueError, match="widest frame"):
        store.save(make_conversion(), other, frames=frames)
    with pytest.raises(ValueError, match="widest frame"):
        store.save(make_conversion(), None, frames=frames)
    wrong = {frames[0].design.sha256: originals[frames[1].design.sha256]}
    with pytest.raises(ValueError, match="uploaded bytes"):
        store.save(make_conversion(), frames[-1].design, frames=frames, originals=wrong)
    assert count(store, "SELECT count(*) FROM conversions") == 0


def test_a_version_4_library_gains_frames_and_its_conversions_keep_working(library_url: str) -> None:
    design, data = make_design()
    store = Store(library_url)
    old = store.save(make_conversion(), design, original=data, title="Before frames")
    with store._writer.begin() as connection:
        connection.execute(text("DROP TABLE frames"))
        connection.execute(text("UPDATE schema_version SET version = 4"))
    store.close()
    upgraded = Store(library_url)
    try:
        assert count(upgraded, "SELECT version FROM schema_version") == CURRENT_VERSION == 5
        before = upgraded.get(old.id)
        assert before.frames == () and before.item.title == "Before frames"
        frames, originals = _frames()
        new = upgraded.save(make_conversion(), frames[-1].design, frames=frames, originals=originals)
        assert [frame.width for frame in upgraded.get(new.id).frames] == [390, 1440]
        upgraded.delete(old.id)
        assert count(upgraded, "SELECT count(*) FROM designs") == 2  # the frames' designs only
    finally:
        upgraded.close()
