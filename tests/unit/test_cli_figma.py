"""``handoff convert --figma URL`` against the fake Figma API (token from FIGMA_TOKEN)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from converters import cli
from converters.settings import Settings
from converters.store import Store
from tests.fakes.engines import HTML_REPLY
from tests.fakes.figma_server import FIGMA_TEST_TOKEN, FakeFigmaServer, FigmaFixture, load_fixture
from tests.fakes.openai_server import FakeOpenAIServer, Reply


@pytest.fixture
def figma(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[tuple[FakeFigmaServer, FigmaFixture]]:
    with FakeFigmaServer() as server:
        fixture = server.add(load_fixture("auto-layout-form"))
        monkeypatch.setenv("FIGMA_API_BASE", server.base_url)
        monkeypatch.setenv("FIGMA_TOKEN", FIGMA_TEST_TOKEN)
        monkeypatch.setenv("HANDOFF_DATA_DIR", str(tmp_path / "data"))
        monkeypatch.chdir(tmp_path)
        yield server, fixture


def test_convert_a_figma_frame_writes_its_code_here_and_saves_it(
    kimi_env: FakeOpenAIServer,
    figma: tuple[FakeFigmaServer, FigmaFixture],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server, fixture = figma
    kimi_env.script(Reply(content=HTML_REPLY))
    assert cli.main(["convert", "--figma", fixture.link, "--target", "html-tailwind"]) == 0
    out, err = capsys.readouterr()
    written = tmp_path / "Sign-in---Tablet.html"  # the frame "Sign in / Tablet", as a file name
    assert out.strip() == str(written) and "<h1>Welcome</h1>" in written.read_text()
    assert "Reading the frame from Figma…" in err and "Saved as" in err
    assert FIGMA_TEST_TOKEN not in out + err
    store = Store.open(Settings.from_env())
    try:
        (item,) = store.search("").items
        assert item.design_name == "Sign in - Tablet.png"
    finally:
        store.close()
    assert server.count("picture") == 1
    kept = [path for path in (tmp_path / "data").rglob("*") if path.is_file()]
    assert kept and all(FIGMA_TEST_TOKEN.encode() not in path.read_bytes() for path in kept)  # library, cache


def test_a_figma_fault_prints_its_message_and_exits_2(
    figma: tuple[FakeFigmaServer, FigmaFixture],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _server, fixture = figma
    monkeypatch.setenv("FIGMA_TOKEN", "figd_revoked-token-000")
    assert cli.main(["convert", "--figma", fixture.link, "-t", "html-css", "-e", "offline"]) == 2
    err = capsys.readouterr().err
    assert "handoff: Figma refused the access token (HTTP 403: Invalid token)" in err
    assert "figd_revoked-token-000" not in err and "Traceback" not in err
    monkeypatch.delenv("FIGMA_TOKEN")
    assert cli.main(["convert", "--figma", fixture.link, "-t", "html-css", "-e", "offline"]) == 2
    assert "needs a personal access token" in capsys.readouterr().err
    assert cli.main(["convert", "--figma", "https://www.figma.com/design/KEY123456/x", "-t", "html-css"]) == 2
    assert "has no node-id" in capsys.readouterr().err


def test_convert_takes_a_file_or_a_figma_link_not_both(
    design_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = "https://www.figma.com/design/KEY123456/x?node-id=1-2"
    assert cli.main(["convert", str(design_file), "--figma", link, "-t", "html-css"]) == 2
    assert cli.main(["convert", "-t", "html-css"]) == 2
    assert capsys.readouterr().err.count("a design file or --figma URL") == 2
