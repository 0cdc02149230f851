"""Datasets whose rows give ``frames`` (issue 16): the manifest, the request an engine gets, the
per-frame scores of an item and the summary's ``by_width``. Rendering and scoring at each width
need Chromium and are covered in ``tests/e2e/test_eval_harness.py``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from converters.cancel import Cancellation
from converters.conversion import Conversion, ConversionRequest, EventHandler, Timings
from converters.engines import EngineOverrides
from converters.errors import EvalError
from converters.evaluation.candidates import EngineSource, ItemContext
from converters.evaluation.dataset import Dataset, DatasetFrame
from converters.evaluation.frames import at_width
from converters.evaluation.results import ItemResult
from converters.evaluation.summary import render_markdown, summarise
from converters.fidelity.frames import mean_scores
from converters.settings import Settings
from converters.targets import Target
from tests.builders import encode, mock_ui

FRAMES = [{"input": "home.1280.png", "width": 1280}, {"input": "home.390.png", "width": 390}]


def _dataset(root: Path, *rows: dict[str, Any], files: tuple[str, ...] = ()) -> Path:
    """A dataset folder with ``rows`` as its manifest, the frame images of ``FRAMES`` (drawn at
    their widths), ``home.html`` and ``files`` (each a small picture)."""
    root.mkdir(exist_ok=True)
    for frame in FRAMES:
        width = int(str(frame["width"]))
        (root / str(frame["input"])).write_bytes(encode(mock_ui(width, 240), "PNG"))
    for name in files:
        (root / name).write_bytes(encode(mock_ui(), "PNG"))
    (root / "home.html").write_text("<!DOCTYPE html><html><body><h1>Home</h1></body></html>")
    (root / "manifest.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return root


def test_a_frames_row_is_read_narrowest_first_with_the_widest_as_its_input(tmp_path: Path) -> None:
    root = _dataset(
        tmp_path / "d", {"id": "home", "frames": FRAMES, "reference_html": "home.html", "source": "d2c"}
    )
    dataset = Dataset.load(root)
    (item,) = dataset.items
    assert dataset.kind == "pages"
    assert item.frames == (
        DatasetFrame(root.resolve() / "home.390.png", 390),
        DatasetFrame(root.resolve() / "home.1280.png", 1280),
    )
    assert item.input == root.resolve() / "home.1280.png"
    assert item.fields == {"source": "d2c"}  # ``frames`` is not an unknown field


def test_a_frames_row_without_a_page_is_scored_against_its_own_images(tmp_path: Path) -> None:
    dataset = Dataset.load(_dataset(tmp_path / "d", {"id": "home", "frames": FRAMES}))
    assert dataset.kind == "images" and len(dataset.items[0].frames) == 2


@pytest.mark.parametrize(
    ("frames", "words"),
    [
        ("home.390.png", "'frames' must be a list"),
        (["home.390.png", "home.1280.png"], "frame 1 must be an object with 'input' and 'width'"),
        ([{"input": "home.390.png"}, FRAMES[0]], "frame 1: 'width' must be a whole number"),
        ([{"input": "home.390.png", "width": "390"}, FRAMES[0]], "frame 1: 'width' must be a whole number"),
        ([{"input": "home.390.png", "width": True}, FRAMES[0]], "frame 1: 'width' must be a whole number"),
        ([FRAMES[0], {"width": 390}], "frame 2: missing 'input'"),
        ([FRAMES[0], {"input": "gone.png", "width": 390}], "'input' names gone.png, which is not in"),
        ([FRAMES[0], {"input": "../home.390.png", "width": 390}], "points outside the dataset folder"),
        ([FRAMES[0]], "'frames' lists 1 frame; a frames row needs two or more"),
        ([], "'frames' lists 0 frames"),
        ([FRAMES[0], {"input": "home.390.png", "width": 1280}], "are both 1280 px wide"),
        ([FRAMES[0], {"input": "home.390.png", "width": 100}], "a frame must be 320 to 5120 CSS px"),
        (
            [FRAMES[0]] + [{"input": "home.390.png", "width": w} for w in (320, 390, 768, 1024)],
            "5 frames were given; one conversion takes at most 4",
        ),
    ],
)
def test_a_bad_frames_row_is_an_error_that_names_its_line_and_says_why(
    tmp_path: Path, frames: object, words: str
) -> None:
    root = _dataset(tmp_path / "d", {"id": "ok", "input": "home.390.png"}, {"id": "home", "frames": frames})
    with pytest.raises(EvalError) as raised:
        Dataset.load(root)
    assert "manifest.jsonl:2:" in str(raised.value)
    assert words in str(raised.value)


def test_a_row_with_both_an_input_and_frames_is_an_error(tmp_path: Path) -> None:
    root = _dataset(tmp_path / "d", {"id": "home", "input": "home.390.png", "frames": FRAMES})
    with pytest.raises(EvalError, match="manifest.jsonl:1: give either 'input' or 'frames', not both"):
        Dataset.load(root)


def test_a_dataset_mixing_frames_rows_and_single_inputs_is_an_error(tmp_path: Path) -> None:
    root = _dataset(tmp_path / "d", {"id": "home", "frames": FRAMES}, {"id": "one", "input": "home.390.png"})
    with pytest.raises(EvalError, match="mixes rows with 'frames' and rows with one 'input'"):
        Dataset.load(root)


def test_a_sketch_row_cannot_have_frames(tmp_path: Path) -> None:
    root = _dataset(tmp_path / "d", {"id": "home", "frames": FRAMES, "boxes": "b.png"}, files=("b.png",))
    with pytest.raises(EvalError, match="a sketch item \\('boxes'\\) cannot have 'frames'"):
        Dataset.load(root)


class _Recorder:
    """An engine that records the request it is given and answers a fixed page."""

    name = "recorder"
    needs_key = False

    def __init__(self) -> None:
        self.requests: list[ConversionRequest] = []

    def convert(
        self,
        request: ConversionRequest,
        on_event: EventHandler | None = None,
        *,
        cancel: Cancellation | None = None,
    ) -> Conversion:
        self.requests.append(request)
        timings = Timings(started_at="2025-01-01T00:00:00Z", total_s=0.0)
        return Conversion("<p>Home</p>", request.target, "recorder", "", "", "", timings)

    def close(self) -> None:
        pass


def test_an_engine_gets_the_frames_narrowest_first_and_the_desktop_frame_as_its_design(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dataset = Dataset.load(
        _dataset(tmp_path / "d", {"id": "home", "frames": FRAMES, "reference_html": "home.html"})
    )
    engine = _Recorder()
    monkeypatch.setattr("converters.evaluation.candidates.create_engine", lambda *_: engine)
    source = EngineSource(Settings(), "recorder", Target.HTML_CSS, EngineOverrides())
    context = ItemContext(dataset, dataset.items[0], renderer=None, settings=Settings())  # type: ignore[arg-type]
    source.produce(context)
    (request,) = engine.requests
    assert [(frame.width, frame.design.width) for frame in request.frames] == [(390, 390), (1280, 1280)]
    assert request.design is context.design is request.frames[-1].design


def test_an_items_scores_are_the_mean_of_its_frames_and_reflow_passes_only_at_every_width() -> None:
    scores = mean_scores(
        [
            {"block": 0.6, "text": 1.0, "reflow": True, "a11y": None},
            {"block": 0.9, "text": 0.8, "reflow": False, "a11y": 0.75},
        ]
    )
    assert scores["block"] == pytest.approx(0.75) and scores["text"] == pytest.approx(0.9)
    assert scores["reflow"] is False and scores["a11y"] == 0.75 and scores["visual"] is None


def _framed(item_id: str, at_390: float, at_1280: float, status: str = "ok") -> ItemResult:
    frames = [
        {"width": 390, "scores": {"block": at_390, "position": at_390 / 2}},
        {"width": 1280, "scores": {"block": at_1280, "position": at_1280}},
    ]
    scores = mean_scores([frame["scores"] for frame in frames])  # type: ignore[misc]
    ok = status == "ok"
    return ItemResult(
        item_id,
        "pages",
        "offline",
        "ok" if ok else "failed",
        scores=scores if ok else {},
        details={"frames": frames} if ok else {},
    )


def test_the_summary_reports_means_per_width_beside_the_overall_means() -> None:
    results = [_framed("a", 0.4, 1.0), _framed("b", 0.6, 0.8), _framed("c", 0, 0, status="failed")]
    summary = summarise(results, {"empty": [_framed("a", 0.0, 0.2)]}, {"source": "offline"})
    assert list(summary["by_width"]) == ["390", "1280"]
    at_390, at_1280 = summary["by_width"]["390"], summary["by_width"]["1280"]
    assert (at_390["count"], at_390["failed"]) == (3, 1)
    assert at_390["means"]["block"] == pytest.approx(0.5) and at_390["means"]["position"] == pytest.approx(
        0.25
    )
    assert at_1280["means"]["block"] == pytest.approx(0.9)
    assert summary["means"]["block"] == pytest.approx(0.7)  # each item's mean over its frames
    assert summary["baselines"]["empty"]["by_width"]["1280"]["means"]["block"] == pytest.approx(0.2)
    markdown = render_markdown({**summary, "dataset": "frames", "by_category": {}, "latency_s": {}})
    assert "## By width (CSS px)" in markdown
    assert "| 390 | 3 | 1 | 0.500 | 0.250 |" in markdown


def test_a_summary_of_single_inputs_has_no_by_width() -> None:
    result = ItemResult("a", "", "offline", "ok", scores={"block": 1.0})
    summary = summarise([result], {}, {})
    assert "by_width" not in summary
    assert "By width" not in render_markdown({**summary, "dataset": "d"})


def test_a_result_without_a_frame_of_a_width_counts_as_failed_there() -> None:
    missing = ItemResult("a", "", "offline", "ok", scores={"block": 1.0}, details={"frames": []})
    (found,) = at_width([missing], 390)
    assert found.status == "failed" and found.scores == {}
