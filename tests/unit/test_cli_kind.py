"""``--kind`` on ``handoff convert`` and ``handoff eval``: the kinds offered, the default, and that
the choice reaches the request (convert) and the harness (eval)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest

from converters import cli, eval_command
from converters.evaluation import EvalOptions
from converters.intake.kinds import DESIGN_KINDS
from converters.settings import Settings


def _kind_action(command: str) -> argparse.Action:
    sub = next(a for a in cli._parser()._actions if isinstance(a, argparse._SubParsersAction))
    return next(a for a in sub.choices[command]._actions if a.dest == "kind")


@pytest.mark.parametrize("command", ["convert", "eval"])
def test_kind_offers_every_kind_and_says_the_default_is_automatic(command: str) -> None:
    action = _kind_action(command)
    assert tuple(action.choices or ()) == DESIGN_KINDS
    assert action.default is None and "default: automatic" in (action.help or "")


def test_convert_parses_a_kind_and_refuses_an_unknown_one(capsys: pytest.CaptureFixture[str]) -> None:
    args = cli._parser().parse_args(["convert", "photo.jpg", "-t", "html-css", "--kind", "sketch"])
    assert args.kind == "sketch"
    assert cli._parser().parse_args(["convert", "photo.jpg", "-t", "html-css"]).kind is None
    with pytest.raises(SystemExit) as stopped:
        cli._parser().parse_args(["convert", "photo.jpg", "-t", "html-css", "--kind", "drawing"])
    assert stopped.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_convert_puts_the_kind_in_the_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.builders import encode, mock_ui
    from tests.unit.test_eval_frames import _Recorder

    image = tmp_path / "page.png"
    image.write_bytes(encode(mock_ui(), "PNG"))
    engine = _Recorder()
    monkeypatch.setattr(cli, "create_engine", lambda *_: engine)
    argv = ["convert", str(image), "-t", "html-css", "-e", "recorder", "--kind", "wireframe", "--no-save"]
    argv += ["-o", str(tmp_path / "out")]
    assert cli.main(argv) == 0
    assert [request.kind for request in engine.requests] == ["wireframe"]


def test_eval_passes_the_kind_to_the_harness(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[EvalOptions] = []

    def run(options: EvalOptions, settings: Settings, **_: Any) -> Any:
        seen.append(options)
        raise KeyboardInterrupt  # stop there: only the options matter

    monkeypatch.setattr(eval_command, "run_eval", run)
    args = cli._parser().parse_args(
        ["eval", "-d", str(tmp_path), "-o", str(tmp_path / "o"), "-e", "offline", "--kind", "sketch"]
    )
    assert args.run(args, Settings()) == 130
    assert seen[0].kind == "sketch"


def test_the_harness_puts_the_kind_in_each_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from converters.engines import EngineOverrides
    from converters.evaluation.candidates import EngineSource, ItemContext
    from converters.evaluation.dataset import Dataset
    from converters.targets import Target
    from tests.builders import encode, mock_ui
    from tests.unit.test_eval_frames import _Recorder

    (tmp_path / "a.png").write_bytes(encode(mock_ui(), "PNG"))
    (tmp_path / "manifest.jsonl").write_text('{"id": "a", "input": "a.png"}\n', encoding="utf-8")
    dataset = Dataset.load(tmp_path)
    engine = _Recorder()
    monkeypatch.setattr("converters.evaluation.candidates.create_engine", lambda *_: engine)
    source = EngineSource(Settings(), "recorder", Target.HTML_CSS, EngineOverrides(), kind="screenshot")
    source.produce(ItemContext(dataset, dataset.items[0], renderer=None, settings=Settings()))  # type: ignore[arg-type]
    assert [request.kind for request in engine.requests] == ["screenshot"]
