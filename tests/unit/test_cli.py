"""The ``handoff`` command: ``inspect`` prints facts or a clear error; ``serve`` finds the app."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from converters import cli
from tests.builders import encode, mock_ui


def test_inspect_prints_facts_and_writes_the_png(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "home.jpg"
    source.write_bytes(encode(mock_ui(640, 400), "JPEG"))
    out = tmp_path / "normalised.png"
    assert cli.main(["inspect", str(source), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "home.jpg: JPEG, 640 × 400 px" in printed
    assert "≈345 image tokens" in printed
    with Image.open(out) as written:
        assert written.size == (640, 400)


def test_inspect_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "home.png"
    source.write_bytes(encode(mock_ui(), "PNG"))
    assert cli.main(["inspect", str(source), "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert (facts["width"], facts["height"], facts["source_format"]) == (320, 200, "png")


def test_inspect_bad_file_exits_2_with_the_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "notes.png"
    source.write_text("hello")
    assert cli.main(["inspect", str(source)]) == 2
    assert "holds plain text" in capsys.readouterr().err
    assert cli.main(["inspect", str(tmp_path / "missing.png")]) == 2
    assert "Cannot read" in capsys.readouterr().err


def test_console_script_is_installed() -> None:
    bin_dir = Path(sys.executable).parent
    result = subprocess.run([str(bin_dir / "handoff"), "--help"], capture_output=True, text=True, check=True)
    assert "serve" in result.stdout and "inspect" in result.stdout


def test_serve_points_at_the_real_app() -> None:
    assert cli.APP_PATH.is_file()
    assert cli.APP_PATH.name == "app.py"


@pytest.mark.e2e
def test_serve_stops_its_server_when_it_is_terminated(tmp_path: Path) -> None:
    # A supervisor stops `handoff serve` with SIGTERM to its PID alone: the Streamlit server it
    # started must stop too, not live on holding the port.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "HANDOFF_DATA_DIR": str(tmp_path / "data")}
    command = [str(bin_dir / "handoff"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    serve = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    health = f"http://127.0.0.1:{port}/_stcore/health"
    try:
        deadline = time.monotonic() + 60
        while not _answers(health):
            assert serve.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.25)
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=20) is not None
        deadline = time.monotonic() + 10
        while _answers(health):
            assert time.monotonic() < deadline, "the server outlived `handoff serve`"
            time.sleep(0.25)
    finally:
        if serve.poll() is None:
            serve.kill()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def test_serve_refuses_a_network_address_without_sign_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_server(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the server must not start")

    monkeypatch.delenv("HANDOFF_TEAM_PASSWORD", raising=False)
    monkeypatch.setattr(cli, "secrets_folders", lambda _app: (tmp_path,))
    monkeypatch.setattr(cli.subprocess, "Popen", no_server)
    assert cli.main(["serve", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err
    assert "will not serve 0.0.0.0 without sign-in" in err and "HANDOFF_TEAM_PASSWORD" in err


def test_serve_starts_the_app_with_few_malloc_arenas_unless_the_operator_set_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[dict[str, str]] = []

    class Finished:
        def __init__(self, _command: list[str], *, cwd: Path, env: dict[str, str]) -> None:
            started.append(env)

        def wait(self, timeout: float | None = None) -> int:
            return 0

    monkeypatch.setattr(cli, "secrets_folders", lambda _app: (tmp_path,))
    monkeypatch.setattr(cli.subprocess, "Popen", Finished)
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert cli.main(["serve"]) == 0
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert cli.main(["serve"]) == 0
    assert [env["MALLOC_ARENA_MAX"] for env in started] == [cli.MALLOC_ARENAS, "4"]
