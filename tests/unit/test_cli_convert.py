"""``handoff convert`` and ``handoff models`` against the fake server, with the app's settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from converters import cli
from converters.engines import registry
from tests.fakes.engines import HTML_REPLY, REACT_REPLY, TEST_KEY
from tests.fakes.fidelity import FakeFidelityService
from tests.fakes.openai_server import FakeOpenAIServer, Reply

CSS_REPLY = (
    '```html\n<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Home</title>\n'
    "<style>\n  .site-header { background: #4f46e5; }\n</style>\n</head>\n<body>\n"
    '<header class="site-header"><h1>Welcome</h1></header>\n</body>\n</html>\n```'
)


def test_convert_writes_the_file_beside_the_image(
    kimi_env: FakeOpenAIServer, design_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kimi_env.script(Reply(content=HTML_REPLY, reasoning="Looking at the header."))
    assert cli.main(["convert", str(design_file), "--target", "html-tailwind"]) == 0
    out, err = capsys.readouterr()
    written = design_file.parent / "Home-Screen.html"
    assert out.strip() == str(written)
    assert "<h1>Welcome</h1>" in written.read_text()
    assert "Sending the design to Kimi (Moonshot) (kimi-k2.5)" in err
    assert "thinking…" in err and "writing code…" in err
    assert "1,000 input (0 cached) + 500 output tokens, $0.0021" in err
    assert TEST_KEY not in out + err


def test_convert_never_overwrites(kimi_env: FakeOpenAIServer, design_file: Path, tmp_path: Path) -> None:
    kimi_env.script(Reply(content=REACT_REPLY), Reply(content=REACT_REPLY))
    out_dir = tmp_path / "code"
    assert cli.main(["convert", str(design_file), "-t", "react-tailwind", "-o", str(out_dir)]) == 0
    (out_dir / "Home-Screen.jsx").write_text("// edited by hand\n")
    assert cli.main(["convert", str(design_file), "-t", "react-tailwind", "-o", str(out_dir)]) == 0
    assert (out_dir / "Home-Screen.jsx").read_text() == "// edited by hand\n"
    assert "export default function App" in (out_dir / "Home-Screen-2.jsx").read_text()


def test_html_css_gets_a_stylesheet(kimi_env: FakeOpenAIServer, design_file: Path, tmp_path: Path) -> None:
    kimi_env.script(Reply(content=CSS_REPLY))
    assert cli.main(["convert", str(design_file), "-t", "html-css", "-o", str(tmp_path)]) == 0
    html = (tmp_path / "Home-Screen.html").read_text()
    assert '<link rel="stylesheet" href="Home-Screen.css">' in html and "<style>" not in html
    # The answer's colour moved into a :root custom property (converters.tokens.literals).
    assert (tmp_path / "Home-Screen.css").read_text() == (
        ":root {\n  --color-primary: #4f46e5;\n}\n\n.site-header { background: var(--color-primary); }\n"
    )


def test_failure_prints_the_message_and_exits_non_zero(
    kimi_env: FakeOpenAIServer, design_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kimi_env.api_key = "another-key-entirely-0000"
    assert cli.main(["convert", str(design_file), "-t", "html-css"]) == 2
    err = capsys.readouterr().err
    assert "handoff: Kimi (Moonshot) refused the API key (401" in err
    assert "Traceback" not in err and TEST_KEY not in err
    assert not list(design_file.parent.glob("*.html"))


def test_cut_stream_keeps_the_partial_file(
    kimi_env: FakeOpenAIServer, design_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kimi_env.script(Reply(content=HTML_REPLY, chunk_chars=10, cut_after_chunks=15))
    assert cli.main(["convert", str(design_file), "-t", "html-tailwind"]) == 1
    out, err = capsys.readouterr()
    assert "The connection broke after 150 characters" in err
    assert Path(out.strip()).read_text().startswith("<!DOCTYPE html>")


def test_missing_key_says_what_to_set(
    monkeypatch: pytest.MonkeyPatch, design_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("MOONSHOT_API_KEY", raising=False)
    assert cli.main(["convert", str(design_file), "-t", "html-css", "--engine", "kimi"]) == 2
    assert "Kimi K2.5 (Moonshot) cannot run yet: set MOONSHOT_API_KEY" in capsys.readouterr().err


def test_models_lists_the_endpoints_models(
    kimi_env: FakeOpenAIServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["models"]) == 0
    assert capsys.readouterr().out.split() == ["gpt-4o-mini", "kimi-k2.5", "local-vlm"]


def test_models_of_an_engine_without_a_model_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["models", "--engine", "offline"]) == 2
    assert capsys.readouterr().err.strip() == "handoff: the offline engine has no model list."


def test_the_command_registers_its_engines_where_it_starts(
    kimi_env: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(registry, "_REGISTRY", {})  # a fresh process: importing registers nothing
    assert cli.main(["models"]) == 0
    assert capsys.readouterr().out.split() == ["gpt-4o-mini", "kimi-k2.5", "local-vlm"]
    assert [info.name for info in registry.engine_infos()] == ["offline", "kimi", "openai-compatible"]


def test_models_error_is_translated(kimi_env: FakeOpenAIServer, capsys: pytest.CaptureFixture[str]) -> None:
    kimi_env.api_key = "another-key-entirely-0000"
    assert cli.main(["models"]) == 2
    assert "refused the API key" in capsys.readouterr().err


def test_convert_grounds_a_model_in_the_reading_and_sends_the_offline_draft(
    kimi_env: FakeOpenAIServer, design_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kimi_env.script(Reply(content=HTML_REPLY), Reply(content=HTML_REPLY))
    assert (
        cli.main(["convert", str(design_file), "-t", "html-tailwind", "--no-save", "--draft", "offline"]) == 0
    )
    plain = kimi_env.chat_requests()[-1].body
    assert plain is not None and "a starting point to improve" in plain["messages"][1]["content"][1]["text"]
    assert (
        "OCR and layout reader" not in plain["messages"][1]["content"][1]["text"]
    )  # HANDOFF_GROUNDING=off here
    assert "Reading the design's text, colours and layout" in capsys.readouterr().err
    out = design_file.parent / "second"
    assert (
        cli.main(
            [
                "convert",
                str(design_file),
                "-t",
                "html-tailwind",
                "--no-save",
                "--grounding",
                "layout",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    grounded = kimi_env.chat_requests()[-1].body
    assert grounded is not None and "OCR and layout reader" in grounded["messages"][1]["content"][1]["text"]


def test_variants_print_each_score_write_the_best_and_keep_them_all(
    kimi_env: FakeOpenAIServer,
    design_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cli, "FidelityService", FakeFidelityService)  # no Chromium here
    monkeypatch.setenv("HANDOFF_DATA_DIR", str(design_file.parent / "data"))  # a library of its own
    kimi_env.script(Reply(content=HTML_REPLY), Reply(content=HTML_REPLY))
    assert cli.main(["convert", str(design_file), "-t", "html-tailwind", "--variants", "2"]) == 0
    out, err = capsys.readouterr()
    assert "variant 1. " in err and "(best: written below)" in err and "variant 2. " in err
    assert "fidelity 79.0%" in err  # the fake's scores: the mean of the five
    assert "all variants: 2,000 input + 1,000 output tokens" in err
    assert len(kimi_env.chat_requests()) == 2
    assert cli.main(["list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == 2  # both variants are in the library
    assert out.strip().endswith(".html")


@pytest.mark.parametrize("option", [["--variants", "2"], ["--agent"]])
def test_variants_and_the_agent_need_a_model_engine(
    design_file: Path, capsys: pytest.CaptureFixture[str], option: list[str]
) -> None:
    assert (
        cli.main(["convert", str(design_file), "-t", "html-css", "-e", "offline", "--no-save", *option]) == 2
    )
    assert "the offline engine is not a model" in capsys.readouterr().err
