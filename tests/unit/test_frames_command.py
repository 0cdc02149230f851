"""``handoff convert DESKTOP MOBILE``: the frames of one screen from several files (or the pages
of a PDF) into one request and one result, widths read or given; every bad set of frames is a
message and exit 2 before any model is asked."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from converters import cli
from converters.frames_command import page_list, read_screen_files, read_screen_pages, width_list
from tests.builders import encode, pdf
from tests.fakes.engines import HTML_REPLY
from tests.fakes.openai_server import FakeOpenAIServer, Reply


def drawn(width: int, height: int = 600) -> Image.Image:
    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).rectangle((0, 0, width, 60), fill=(79, 70, 229))
    return image


@pytest.fixture
def frame_files(tmp_path: Path) -> tuple[Path, Path]:
    desktop, mobile = tmp_path / "Home Desktop.png", tmp_path / "Home Mobile.png"
    desktop.write_bytes(encode(drawn(1280), "PNG"))
    mobile.write_bytes(encode(drawn(390, 900), "PNG"))
    return desktop, mobile


def sent_parts(server: FakeOpenAIServer) -> list[dict[str, str]]:
    body = server.chat_requests()[-1].body
    assert body is not None
    return [{"type": part["type"], "text": part.get("text", "")} for part in body["messages"][1]["content"]]


def test_two_files_are_converted_as_the_frames_of_one_screen(
    kimi_env: FakeOpenAIServer, frame_files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    desktop, mobile = frame_files
    kimi_env.script(Reply(content=HTML_REPLY))
    assert cli.main(["convert", str(desktop), str(mobile), "-t", "html-tailwind", "--no-save"]) == 0
    out, err = capsys.readouterr()
    assert "frames: Home Mobile.png 390 px, Home Desktop.png 1280 px" in err
    written = Path(out.strip())
    assert written == desktop.parent / "Home-Desktop.html"  # named after the widest frame
    assert "<h1>Welcome</h1>" in written.read_text()
    parts = sent_parts(kimi_env)
    assert [part["type"] for part in parts] == ["text", "image_url", "text", "image_url", "text"]
    assert "390 CSS px wide" in parts[0]["text"] and "1280 CSS px wide" in parts[2]["text"]
    assert len(kimi_env.chat_requests()) == 1


def test_widths_can_be_given_in_the_order_of_the_files(
    kimi_env: FakeOpenAIServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desktop, phone = tmp_path / "desktop.png", tmp_path / "phone@3x.png"
    desktop.write_bytes(encode(drawn(1280), "PNG"))
    phone.write_bytes(encode(drawn(1170, 2000), "PNG"))  # a 3x export: its pixels do not say 390
    kimi_env.script(Reply(content=HTML_REPLY))
    argv = ["convert", str(desktop), str(phone), "-t", "html-css", "--widths", "1280,390", "--no-save"]
    assert cli.main(argv) == 0
    assert "frames: phone@3x.png 390 px, desktop.png 1280 px" in capsys.readouterr().err
    assert sent_parts(kimi_env)[0]["text"] == "Frame 1 of 2: 390 CSS px wide (image 1170 x 2000 px)."


def test_the_pages_of_a_pdf_can_be_the_frames(tmp_path: Path) -> None:
    document = tmp_path / "screen.pdf"
    document.write_bytes(pdf([drawn(800), drawn(390, 900)]))  # 1 px = 1 pt = 1 CSS px
    screen = read_screen_pages(document, ())
    assert [frame.width for frame in screen.frames] == [390, 800]
    assert [frame.design.page for frame in screen.frames] == [2, 1]
    assert screen.path == document and screen.original == document.read_bytes()
    chosen = read_screen_pages(document, (2, 1), widths=(375, 768))
    assert [frame.width for frame in chosen.frames] == [375, 768]


@pytest.mark.parametrize(
    ("count", "widths", "message"),
    [
        (5, None, "5 frames were given; one conversion takes at most 4 widths"),
        (2, (1280, 1280), "f0.png and f1.png are both 1280 px wide"),
        (2, (1280,), "--widths gives 1 width for 2 frames"),
        (2, (1280, 200), "f1.png is taken to be 200 px wide; a frame must be 320 to 5120"),
    ],
)
def test_frames_that_cannot_go_together_are_refused_with_a_message(
    kimi_env: FakeOpenAIServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    count: int,
    widths: tuple[int, ...] | None,
    message: str,
) -> None:
    files = []
    for index in range(count):
        path = tmp_path / f"f{index}.png"
        path.write_bytes(encode(drawn(400 + 100 * index), "PNG"))
        files.append(str(path))
    given = ["--widths", ",".join(map(str, widths))] if widths else []
    assert cli.main(["convert", *files, "-t", "html-css", "--no-save", *given]) == 2
    err = capsys.readouterr().err
    assert err.startswith("handoff: ") and message in err and "Traceback" not in err
    assert kimi_env.chat_requests() == []  # refused before any model was asked
    assert not list(tmp_path.glob("*.html"))


def test_a_bad_file_among_the_frames_is_named(
    kimi_env: FakeOpenAIServer, frame_files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    desktop, _ = frame_files
    notes = desktop.parent / "notes.png"
    notes.write_text("hello")
    assert cli.main(["convert", str(desktop), str(notes), "-t", "html-css", "--no-save"]) == 2
    err = capsys.readouterr().err
    assert "notes.png" in err and "holds plain text" in err
    missing = desktop.parent / "missing.png"
    assert cli.main(["convert", str(desktop), str(missing), "-t", "html-css", "--no-save"]) == 2
    assert f"Cannot read {missing}" in capsys.readouterr().err
    assert kimi_env.chat_requests() == []


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--widths", "1280"], "--widths gives the widths of a screen's frames"),
        (["--pages", "1,2", "--page", "2"], "--page picks the page of one design"),
    ],
)
def test_frame_options_without_frames_are_refused(
    kimi_env: FakeOpenAIServer,
    frame_files: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    desktop, _ = frame_files
    assert cli.main(["convert", str(desktop), "-t", "html-css", "--no-save", *extra]) == 2
    assert message in capsys.readouterr().err
    assert kimi_env.chat_requests() == []


def test_pages_need_one_file_and_a_pdf_of_one_page_is_one_frame(
    kimi_env: FakeOpenAIServer, frame_files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    desktop, mobile = frame_files
    assert cli.main(["convert", str(desktop), str(mobile), "--pages", "all", "-t", "html-css"]) == 2
    assert "--pages takes the frames from the pages of one PDF" in capsys.readouterr().err
    single = desktop.parent / "single.pdf"
    single.write_bytes(pdf([drawn(800)]))
    assert cli.main(["convert", str(single), "--pages", "all", "-t", "html-css", "--no-save"]) == 2
    assert "Only one frame was given (single.pdf page 1)" in capsys.readouterr().err
    assert kimi_env.chat_requests() == []


def test_one_file_is_a_plain_conversion(
    kimi_env: FakeOpenAIServer, frame_files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    desktop, _ = frame_files
    kimi_env.script(Reply(content=HTML_REPLY))
    assert cli.main(["convert", str(desktop), "-t", "html-css", "--no-save"]) == 0
    assert "frames:" not in capsys.readouterr().err
    assert [part["type"] for part in sent_parts(kimi_env)] == ["image_url", "text"]


def test_width_and_page_lists_parse_or_say_what_is_wrong() -> None:
    assert width_list("1280, 390px") == (1280, 390)
    assert page_list("1,3") == (1, 3) and page_list("ALL") == ()
    for bad in ("", "1280,,390", "wide", "-390", "0"):
        with pytest.raises(argparse.ArgumentTypeError, match="not a list of widths"):
            width_list(bad)
    with pytest.raises(argparse.ArgumentTypeError, match="not a list of page numbers"):
        page_list("first")


def test_reading_files_keeps_the_widest_files_bytes(frame_files: tuple[Path, Path]) -> None:
    desktop, mobile = frame_files
    screen = read_screen_files([mobile, desktop])
    assert [frame.design.source_name for frame in screen.frames] == ["Home Mobile.png", "Home Desktop.png"]
    assert screen.path == desktop and screen.original == desktop.read_bytes()
