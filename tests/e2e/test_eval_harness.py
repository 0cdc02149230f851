"""``handoff eval`` end to end: datasets drawn here, real Chromium, resume, baselines, summary."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from converters import cli
from converters.render import Renderer
from tests.builders import encode
from tests.fakes.engines import TEST_KEY
from tests.fakes.openai_server import FakeOpenAIServer, Reply

pytestmark = pytest.mark.e2e

HOME = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Home</title>
<style>
  body { margin: 0; font: 20px/1.5 sans-serif; }
  header { background: #0f172a; color: #f8fafc; padding: 24px 40px; }
  main { padding: 40px; }
  h1 { color: #9f1239; font-size: 44px; margin: 0 0 12px; }
  img { width: 320px; height: 120px; display: block; }
</style></head>
<body>
  <header><nav>Acme Tools</nav></header>
  <main><h1>Quality hand tools</h1><p>Forged in small batches and sharpened by hand.</p>
  <img src="logo.png" alt="Workshop"><button>Shop now</button></main>
</body></html>
"""
SHOP = HOME.replace("Quality hand tools", "Our shop").replace("Shop now", "Visit us")


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, chromium_path: str) -> Path:
    """A two-page dataset whose input screenshots are renders of its references."""
    root = tmp_path_factory.mktemp("pages")
    (root / "logo.png").write_bytes(encode(Image.new("RGB", (64, 24), (37, 99, 235)), "PNG"))
    rows = []
    with Renderer(chromium_path=chromium_path) as renderer:
        for item_id, page, category in (("home", HOME, "simple"), ("shop", SHOP, "busy")):
            (root / f"{item_id}.html").write_text(page, encoding="utf-8")
            (root / f"{item_id}.png").write_bytes(renderer.render_html_file(root / f"{item_id}.html").png)
            rows.append(
                {
                    "id": item_id,
                    "category": category,
                    "input": f"{item_id}.png",
                    "reference_html": f"{item_id}.html",
                }
            )
    (root / "manifest.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return root


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, chromium_path: str) -> Iterator[None]:
    monkeypatch.setenv("HANDOFF_CHROMIUM", chromium_path)
    yield


def _eval(*args: str | Path) -> int:
    return cli.main(["eval", *map(str, args)])


def test_candidates_are_scored_with_baselines_and_the_run_resumes(
    pages: Path, tmp_path: Path, env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    candidates = tmp_path / "candidates"
    candidates.mkdir()
    (candidates / "home.html").write_text(HOME, encoding="utf-8")
    (candidates / "shop.html").write_bytes(b"<p>\xff\xfe</p>")  # not UTF-8: shop fails
    out = tmp_path / "out"
    assert _eval("--dataset", pages, "--candidates", candidates, "--out", out) == 0
    assert capsys.readouterr().out.strip() == str(out / "summary.md")

    summary = json.loads((out / "summary.json").read_text())
    assert summary["count"] == 2 and summary["failed"] == 1
    assert set(summary["means"]) >= {
        "block",
        "text",
        "position",
        "color",
        "visual",
        "absolute_share",
        "reflow",
        "tree_bleu",
    }
    means = summary["means"]
    for key in ("block", "text", "position", "color", "visual", "tree_bleu"):
        assert means[key] == pytest.approx(1.0, abs=0.01), key
    assert means["reflow"] == 1.0 and means["absolute_share"] == 0.0
    assert summary["by_category"]["simple"]["count"] == 1 and summary["by_category"]["busy"]["failed"] == 1
    assert summary["latency_s"] == {"p50": None, "p95": None}
    shop = json.loads((out / "items" / "shop.json").read_text())
    assert shop["status"] == "failed" and "Cannot read" in shop["error"]

    baselines = summary["baselines"]
    assert list(baselines) == ["empty", "unstyled", "screenshot", "ocr_lines"]
    assert baselines["empty"]["means"]["block"] == 0.0
    assert baselines["unstyled"]["means"]["text"] > 0.95
    assert baselines["unstyled"]["means"]["color"] < 0.9
    assert baselines["screenshot"]["means"]["visual"] > 0.95
    assert baselines["screenshot"]["means"]["block"] == 0.0
    dump = baselines["ocr_lines"]["means"]
    assert dump["text"] > 0.8 and dump["absolute_share"] >= 0.75 and dump["reflow"] == 0.0
    markdown = (out / "summary.md").read_text()
    assert "| baseline: ocr_lines | 2 | 0 |" in markdown

    # Accessibility of our output and of the reference pages (here the candidate is the reference,
    # which passes every check that applies): the mean share and the per-check counts.
    assert means["a11y"] == 1.0 and summary["a11y"]["mean"] == 1.0 and summary["a11y"]["pages"] == 1
    assert summary["a11y_references"]["mean"] == 1.0
    assert summary["a11y_references"]["checks"]["image_alt"] == {
        "passed": 1,
        "failed": 0,
        "not_applicable": 0,
        "elements_failed": 0,
        "elements_unsure": 0,
    }
    assert summary["a11y"]["checks"]["form_labels"]["not_applicable"] == 1
    empty = baselines["empty"]["a11y"]
    assert empty["checks"]["landmarks"]["failed"] == empty["pages"] == 2  # no main landmark
    assert "## Accessibility" in markdown

    # The placeholder image was inlined: the candidate's img loaded and kept its box.
    home = json.loads((out / "items" / "home.json").read_text())
    assert home["details"]["render"]["blocked"] == []

    # Resume: only the failed item is redone.
    before = (out / "items" / "home.json").stat().st_mtime_ns
    baseline_before = (out / "baselines" / "ocr_lines" / "home.json").stat().st_mtime_ns
    (candidates / "shop.html").write_text(SHOP, encoding="utf-8")
    assert _eval("--dataset", pages, "--candidates", candidates, "--out", out) == 0
    assert (out / "items" / "home.json").stat().st_mtime_ns == before
    assert (out / "baselines" / "ocr_lines" / "home.json").stat().st_mtime_ns == baseline_before
    summary = json.loads((out / "summary.json").read_text())
    assert summary["failed"] == 0 and summary["means"]["block"] == pytest.approx(1.0, abs=0.01)

    # Another run into the same folder is refused, not mixed in.
    assert _eval("--dataset", pages, "--candidates", candidates, "--out", out, "-t", "html-tailwind") == 2
    assert "holds a different run" in capsys.readouterr().err


def test_a_candidate_that_hangs_the_browser_fails_alone(pages: Path, tmp_path: Path, env: None) -> None:
    candidates = tmp_path / "candidates"
    candidates.mkdir()
    # Loops as soon as its "rendered" status is out: the status arrives, then nothing answers.
    looping = (
        "<script>addEventListener('message', function (event) {"
        " if (event.data && event.data.state === 'rendered') { for (;;) {} } });</script>"
    )
    (candidates / "home.html").write_text(HOME.replace("</body>", looping + "</body>"), encoding="utf-8")
    (candidates / "shop.html").write_text(SHOP, encoding="utf-8")
    out = tmp_path / "out"
    assert _eval("--dataset", pages, "--candidates", candidates, "--out", out, "--no-baselines") == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["count"] == 2 and summary["failed"] == 1
    home = json.loads((out / "items" / "home.json").read_text())
    assert home["status"] == "failed" and "kept the browser busy" in home["error"]
    shop = json.loads((out / "items" / "shop.json").read_text())
    assert shop["status"] == "ok" and shop["scores"]["block"] == pytest.approx(1.0, abs=0.01)


def test_an_engine_run_converts_times_and_keeps_the_code(
    pages: Path, tmp_path: Path, env: None, monkeypatch: pytest.MonkeyPatch, fake_openai: FakeOpenAIServer
) -> None:
    monkeypatch.setenv("MOONSHOT_API_KEY", TEST_KEY)
    monkeypatch.setenv("MOONSHOT_BASE_URL", fake_openai.base_url)
    fake_openai.script(Reply(content=f"```html\n{HOME}\n```"))
    out = tmp_path / "out"
    assert _eval("--dataset", pages, "--engine", "kimi", "--limit", "1", "--no-baselines", "--out", out) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["count"] == 1 and summary["failed"] == 0 and summary["baselines"] == {}
    assert summary["latency_s"]["p50"] is not None and summary["latency_s"]["p50"] > 0
    assert summary["means"]["block"] == pytest.approx(1.0, abs=0.01)
    assert (out / "candidates" / "home.html").read_text().startswith("<!DOCTYPE html>")
    item = json.loads((out / "items" / "home.json").read_text())
    assert item["engine"] == "kimi" and item["model"] == "kimi-k2.5"
    assert TEST_KEY not in (out / "items" / "home.json").read_text()


def test_a_sketch_dataset_reports_layout_f1(tmp_path: Path, env: None) -> None:
    root = tmp_path / "sketches"
    root.mkdir()
    (root / "s1.jpg").write_bytes(encode(Image.new("RGB", (800, 1000), "white"), "JPEG"))
    boxes = {
        "id": "s1",
        "width": 800,
        "height": 1000,
        "coordinates": "normalised",
        "boxes": [
            {"label": "Button", "left": 0.1, "top": 0.1, "width": 0.2, "height": 0.05},
            {"label": "TextBox", "left": 0.1, "top": 0.3, "width": 0.5, "height": 0.05},
            {"label": "Image", "left": 0.5, "top": 0.6, "width": 0.3, "height": 0.2},
        ],
    }
    (root / "s1.boxes.json").write_text(json.dumps(boxes))
    (root / "manifest.jsonl").write_text(
        json.dumps({"id": "s1", "input": "s1.jpg", "boxes": "s1.boxes.json"}) + "\n"
    )
    candidates = tmp_path / "c"
    candidates.mkdir()
    # The 800 x 1000 drawing is rendered 800 px wide: the button and input sit on their boxes,
    # the image is missing.
    (candidates / "s1.html").write_text(
        "<!DOCTYPE html><html><head><style>body{margin:0;height:1000px;position:relative}"
        "button,input{position:absolute;box-sizing:border-box;margin:0}</style></head><body>"
        "<button style='left:80px;top:100px;width:160px;height:50px'>Go</button>"
        "<input style='left:80px;top:300px;width:400px;height:50px'></body></html>"
    )
    out = tmp_path / "out"
    assert _eval("--dataset", root, "--candidates", candidates, "--out", out) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["per_class"]["Button"]["f1"] == 1.0
    assert summary["per_class"]["TextBox"]["f1"] == 1.0
    assert summary["per_class"]["Image"]["f1"] == 0.0
    assert summary["macro_f1"] == pytest.approx(2 / 3)
    assert summary["means"]["block"] is None and summary["baselines"] == {}
    assert "Macro F1: 0.667" in (out / "summary.md").read_text()


def test_a_bad_manifest_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "bad"
    root.mkdir()
    (root / "manifest.jsonl").write_text('{"id": "a", "input": "../secret.png"}\n')
    assert _eval("--dataset", root, "--candidates", tmp_path, "--out", tmp_path / "out") == 2
    assert "points outside the dataset folder" in capsys.readouterr().err
    assert _eval("--dataset", tmp_path / "none", "--candidates", tmp_path, "--out", tmp_path / "o2") == 2
    assert "has no manifest.jsonl" in capsys.readouterr().err


RESPONSIVE = HOME.replace(
    "</style>", "@media (max-width: 600px) { main { padding: 12px; } h1 { font-size: 28px; } }\n</style>"
)


def test_a_frames_dataset_is_scored_at_each_frames_width(
    tmp_path: Path, env: None, chromium_path: str
) -> None:
    root = tmp_path / "frames"
    root.mkdir()
    (root / "logo.png").write_bytes(encode(Image.new("RGB", (64, 24), (37, 99, 235)), "PNG"))
    (root / "home.html").write_text(RESPONSIVE, encoding="utf-8")
    for width in (390, 1280):  # scoring reads the page, not the frames: any picture of their width
        (root / f"home.{width}.png").write_bytes(encode(Image.new("RGB", (width, 300), "white"), "PNG"))
    frames = [{"input": "home.1280.png", "width": 1280}, {"input": "home.390.png", "width": 390}]
    row = {"id": "home", "frames": frames, "reference_html": "home.html"}
    (root / "manifest.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    candidates = tmp_path / "candidates"
    candidates.mkdir()
    (candidates / "home.html").write_text(RESPONSIVE, encoding="utf-8")  # the page itself: right at both
    out = tmp_path / "out"
    assert _eval("--dataset", root, "--candidates", candidates, "--no-baselines", "--out", out) == 0

    summary = json.loads((out / "summary.json").read_text())
    assert list(summary["by_width"]) == ["390", "1280"]
    for width in ("390", "1280"):
        means = summary["by_width"][width]["means"]
        for key in ("block", "text", "position", "color"):
            assert means[key] == pytest.approx(1.0, abs=0.01), (width, key)
    item = json.loads((out / "items" / "home.json").read_text())
    assert [frame["width"] for frame in item["details"]["frames"]] == [390, 1280]
    assert [frame["render"]["width"] for frame in item["details"]["frames"]] == [390, 1280]
    assert "## By width (CSS px)" in (out / "summary.md").read_text()
    sweep = item["details"]["reflow_sweep"]  # every width between the frames, not 768 and 375
    assert sweep["widths"][:2] == [390, 416] and sweep["widths"][-1] == 1280 and sweep["failing"] == []
    assert item["scores"]["reflow"] is True
    assert all(frame["scores"]["reflow"] is True for frame in item["details"]["frames"])
