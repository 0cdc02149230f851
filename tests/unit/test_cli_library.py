"""``handoff convert`` records into the library; ``handoff list`` and ``handoff export`` read it."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from converters import cli
from converters.intake import load_design
from converters.settings import Settings
from converters.store import Store
from converters.targets import Target
from tests.builders import conversion, encode, mock_ui
from tests.fakes.engines import HTML_REPLY, REACT_REPLY
from tests.fakes.openai_server import FakeOpenAIServer, Reply


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("HANDOFF_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def library(data_dir: Path) -> Iterator[Store]:
    store = Store.open(Settings(data_dir=data_dir))
    yield store
    store.close()


def saved_id(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("Saved as ")]
    assert len(lines) == 1, err
    return lines[0].split()[2]


def test_convert_records_the_conversion_and_prints_its_id(
    kimi_env: FakeOpenAIServer, data_dir: Path, design_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kimi_env.script(Reply(content=HTML_REPLY))
    argv = ["convert", str(design_file), "-t", "html-tailwind", "--author", "Ana", "--tag", "Login, Web"]
    assert cli.main(argv) == 0
    out, err = capsys.readouterr()
    written = design_file.parent / "Home-Screen.html"
    assert out.strip() == str(written)  # stdout stays the list of files written
    conversion_id = saved_id(err)
    store = Store.open(Settings(data_dir=data_dir))
    try:
        stored = store.get(conversion_id)
        assert stored.conversion.code == written.read_text()
        item = stored.item
        assert (item.title, item.author, item.tags, item.engine) == (
            "Home Screen",
            "Ana",
            ("login", "web"),
            "kimi",
        )
        assert store.design_original(item.design_key) == (design_file.read_bytes(), "Home Screen.png")
    finally:
        store.close()


def test_no_save_leaves_the_library_alone(
    kimi_env: FakeOpenAIServer, library: Store, design_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kimi_env.script(Reply(content=HTML_REPLY))
    assert cli.main(["convert", str(design_file), "-t", "html-tailwind", "--no-save"]) == 0
    assert "Saved as" not in capsys.readouterr().err
    assert library.search().total == 0


def test_a_library_that_cannot_be_written_keeps_the_files(
    kimi_env: FakeOpenAIServer,
    design_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "blocker").write_text("a file where a folder should be")
    monkeypatch.setenv("HANDOFF_DATA_DIR", str(tmp_path / "blocker" / "data"))
    kimi_env.script(Reply(content=HTML_REPLY))
    assert cli.main(["convert", str(design_file), "-t", "html-tailwind"]) == 0
    out, err = capsys.readouterr()
    assert "<h1>Welcome</h1>" in Path(out.strip()).read_text()
    assert "warning: the code files are written, but the library did not record them: " in err
    assert f"cannot write its library in {tmp_path / 'blocker' / 'data'}" in err and "HANDOFF_DATA_DIR" in err


def test_a_cut_stream_is_recorded_as_incomplete(
    kimi_env: FakeOpenAIServer, library: Store, design_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kimi_env.script(Reply(content=HTML_REPLY, chunk_chars=10, cut_after_chunks=15))
    assert cli.main(["convert", str(design_file), "-t", "html-tailwind"]) == 1
    item = library.get(saved_id(capsys.readouterr().err)).item
    assert not item.complete and "The connection broke after 150 characters" in item.error


def test_a_bad_title_is_refused_before_the_engine_runs(
    kimi_env: FakeOpenAIServer, data_dir: Path, design_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["convert", str(design_file), "-t", "html-css", "--title", "x" * 201]) == 2
    assert "title can be at most 200 characters" in capsys.readouterr().err
    assert kimi_env.chat_requests() == []


def test_list_shows_recent_conversions(
    kimi_env: FakeOpenAIServer, data_dir: Path, design_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["list"]) == 0
    assert capsys.readouterr() == ("", "No conversions are saved yet.\n")
    kimi_env.script(Reply(content=HTML_REPLY), Reply(content=REACT_REPLY))
    assert cli.main(["convert", str(design_file), "-t", "html-tailwind", "--title", "First"]) == 0
    first = saved_id(capsys.readouterr().err)
    assert cli.main(["convert", str(design_file), "-t", "react-tailwind", "--tag", "mobile"]) == 0
    second = saved_id(capsys.readouterr().err)

    assert cli.main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "CREATED", "TITLE", "TARGET", "ENGINE", "COMPLETE"]
    assert lines[1].startswith(second) and "Home Screen" in lines[1] and "react-tailwind" in lines[1]
    assert lines[2].startswith(first) and "First" in lines[2] and lines[2].split()[-2:] == ["kimi", "yes"]

    assert cli.main(["list", "--search", "MOBILE", "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert (listed["id"], listed["tags"], listed["target"]) == (second, ["mobile"], "react-tailwind")
    assert cli.main(["list", "--limit", "1"]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 2 and "1 of 2 shown" in err
    assert cli.main(["list", "--search", "nothing"]) == 0
    assert capsys.readouterr().err == "No conversions match.\n"


def test_export_writes_the_project_zip(
    kimi_env: FakeOpenAIServer,
    data_dir: Path,
    design_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    kimi_env.script(Reply(content=REACT_REPLY))
    assert cli.main(["convert", str(design_file), "-t", "react-tailwind"]) == 0
    conversion_id = saved_id(capsys.readouterr().err)
    out = tmp_path / "exports" / "home.zip"
    assert cli.main(["export", conversion_id, "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as archive:
        names = archive.namelist()
        assert "Home-Screen/package.json" in names
        assert any("export default function App" in archive.read(name).decode() for name in names)

    out.write_bytes(b"keep me")
    assert cli.main(["export", conversion_id, "--out", str(out)]) == 2
    assert "exists already; pass --force" in capsys.readouterr().err
    assert out.read_bytes() == b"keep me"
    assert cli.main(["export", conversion_id, "--out", str(out), "--force"]) == 0
    assert zipfile.is_zipfile(out)
    assert [path.name for path in out.parent.iterdir()] == ["home.zip"]  # no partial file left


def test_export_uses_project_zip_with_the_design_stem(
    data_dir: Path, library: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from converters import export

    design = load_design(encode(mock_ui(), "PNG"), "Check out.png")
    item = library.save(conversion("<main>Hi</main>", Target.HTML_TAILWIND), design)
    calls: list[tuple[str, str]] = []

    def fake_project_zip(conversion: object, stem: str, **_: object) -> bytes:
        calls.append((getattr(conversion, "code", ""), stem))
        return b"PK-fake"

    monkeypatch.setattr(export, "project_zip", fake_project_zip)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["export", item.id]) == 0
    assert calls == [("<main>Hi</main>", "Check-out")]
    assert (tmp_path / "Check-out.zip").read_bytes() == b"PK-fake"


def test_export_of_an_unknown_id_exits_2(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["export", "nosuchid0000", "--out", str(tmp_path / "x.zip")]) == 2
    err = capsys.readouterr().err
    assert "handoff: The library has no conversion 'nosuchid0000'" in err and "`handoff list`" in err
    assert not (tmp_path / "x.zip").exists()


def test_refine_saves_a_new_version_and_show_prints_the_thread(
    kimi_env: FakeOpenAIServer,
    data_dir: Path,
    design_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    kimi_env.script(Reply(content=REACT_REPLY), Reply(content=REACT_REPLY.replace("Welcome", "Sticky")))
    assert cli.main(["convert", str(design_file), "-t", "react-tailwind"]) == 0
    first = saved_id(capsys.readouterr().err)
    out_dir = tmp_path / "refined"
    assert cli.main(["refine", first, "Make the header sticky", "--out", str(out_dir)]) == 0
    out, err = capsys.readouterr()
    second = saved_id(err)
    (written,) = (Path(line) for line in out.splitlines())
    assert written.parent == out_dir and "<h1>Sticky</h1>" in written.read_text()
    sent = kimi_env.chat_requests()[-1].body
    assert sent is not None
    assert [message["role"] for message in sent["messages"]] == ["system", "user", "assistant", "user"]

    assert cli.main(["list", "--json"]) == 0
    listed = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    assert (listed[second]["parent_id"], listed[second]["instruction"]) == (first, "Make the header sticky")
    assert (listed[first]["parent_id"], listed[first]["instruction"]) == (None, "")

    assert cli.main(["show", second, "--versions"]) == 0
    *lines, used = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in lines] == [["v1", first], ["v2", second]]
    assert lines[0].endswith("first conversion") and lines[1].endswith("“Make the header sticky”")
    assert used.startswith("2 model turn(s): 2,000 tokens in (0 cached), 1,000 out, $")  # the fake's usage


def test_refine_of_an_unknown_id_or_with_no_instruction_exits_2(
    kimi_env: FakeOpenAIServer, data_dir: Path, design_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["refine", "nosuchid0000", "Blue buttons"]) == 2
    assert "has no conversion 'nosuchid0000'" in capsys.readouterr().err
    kimi_env.script(Reply(content=REACT_REPLY))
    assert cli.main(["convert", str(design_file), "-t", "react-tailwind"]) == 0
    first = saved_id(capsys.readouterr().err)
    requests = len(kimi_env.chat_requests())
    assert cli.main(["refine", first, "  "]) == 2
    assert "Say what to change" in capsys.readouterr().err
    assert len(kimi_env.chat_requests()) == requests  # refused before anything was sent


def test_refine_with_the_offline_engine_says_how_to_set_up_a_model(
    kimi_env: FakeOpenAIServer, data_dir: Path, design_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kimi_env.script(Reply(content=REACT_REPLY))
    assert cli.main(["convert", str(design_file), "-t", "react-tailwind"]) == 0
    first = saved_id(capsys.readouterr().err)
    assert cli.main(["refine", first, "Blue buttons", "--engine", "offline"]) == 2
    assert "Settings page" in capsys.readouterr().err


def test_share_prints_a_link_list_shows_it_and_revoke_takes_it_back(
    library: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = library.save(conversion("<main>Shared</main>", Target.HTML_CSS), None)
    private = library.save(conversion("<main>Private</main>", Target.HTML_CSS), None)
    assert cli.main(["list", "--json"]) == 0
    assert {row["id"]: row["share_url"] for row in json.loads(capsys.readouterr().out)} == {
        shared.id: None,
        private.id: None,
    }
    assert cli.main(["share", shared.id]) == 0
    link = capsys.readouterr().out.strip()
    token = library.share_token(shared.id)
    assert token is not None and link == f"?s={token}"
    assert cli.main(["share", shared.id]) == 0
    assert capsys.readouterr().out.strip() == link  # the same link, not a new one
    assert cli.main(["list", "--json"]) == 0
    rows = {row["id"]: row["share_url"] for row in json.loads(capsys.readouterr().out)}
    assert rows == {shared.id: link, private.id: None}

    assert cli.main(["share", shared.id, "--revoke"]) == 0
    assert "revoked" in capsys.readouterr().out
    assert library.share_token(shared.id) is None
    assert cli.main(["share", shared.id, "--revoke"]) == 0
    assert "had no active link" in capsys.readouterr().err
    assert cli.main(["share", "nosuchid0000"]) == 2
    assert "no conversion 'nosuchid0000'" in capsys.readouterr().err
