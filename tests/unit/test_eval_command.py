"""``handoff eval``: choosing items (``--ids``, ``--ids-file``, ``--limit``) and candidate folders that
lack files (``--skip-missing``). Scoring itself needs Chromium and is covered in
``tests/e2e/test_eval_harness.py``; here it is replaced by a recorder that stores an ``ok`` result
for each item it is given, so the tests see which items reached scoring, and in which order."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from converters import cli
from converters.evaluation import ItemResult, harness
from converters.evaluation.dataset import Dataset, parse_id_list
from converters.evaluation.results import write_json
from converters.settings import Settings
from tests.builders import encode, mock_ui
from tests.fakes.engines import TEST_KEY
from tests.fakes.openai_server import FakeOpenAIServer

IDS = ("home", "shop", "about", "a#2")  # manifest order


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """An image dataset of four small mock UIs (scored against themselves, no ground truth files)."""
    root = tmp_path / "dataset"
    root.mkdir()
    png = encode(mock_ui(), "PNG")
    rows = []
    for number, item_id in enumerate(IDS):
        (root / f"input{number}.png").write_bytes(png)
        rows.append(json.dumps({"id": item_id, "input": f"input{number}.png"}) + "\n")
    (root / "manifest.jsonl").write_text("".join(rows), encoding="utf-8")
    return root


@pytest.fixture
def scored(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids that reached scoring, in the order they were handed over."""
    seen: list[str] = []

    def record(
        dataset: Dataset, jobs: Sequence[harness.Job], out: Path, settings: Settings, **_: object
    ) -> None:
        for job in jobs:
            seen.append(job.item.id)
            for source, path in job.sources:
                write_json(
                    path, ItemResult(job.item.id, "", source.name, "ok", scores={"text": 1.0}).to_dict()
                )

    monkeypatch.setattr("converters.evaluation.run_jobs", record)
    return seen


@pytest.fixture
def candidates(tmp_path: Path) -> Path:
    """Candidate files for every item but ``shop``, in each of the suffixes ``--candidates`` reads."""
    folder = tmp_path / "candidates"
    folder.mkdir()
    (folder / "home.html").write_text("<!DOCTYPE html><html><body>Home</body></html>")
    (folder / "about.jsx").write_text("export default function App() { return <p>About</p>; }")
    (folder / "a#2.tsx").write_text("export default function App() { return <p>A</p>; }")
    return folder


def _eval(*args: str | Path) -> int:
    return cli.main(["eval", *map(str, args)])


def _summary(out: Path) -> dict[str, object]:
    summary: dict[str, object] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


def test_ids_choose_items_and_results_follow_the_manifest_order(
    dataset: Path, candidates: Path, tmp_path: Path, scored: list[str]
) -> None:
    out = tmp_path / "out"
    assert _eval("-d", dataset, "--candidates", candidates, "-o", out, "--ids", "about, home,about") == 0
    assert scored == ["home", "about"]
    assert _summary(out)["count"] == 2
    assert sorted(p.stem for p in (out / "items").iterdir()) == ["about", "home"]


def test_ids_are_chosen_before_the_limit(
    dataset: Path, candidates: Path, tmp_path: Path, scored: list[str]
) -> None:
    out = tmp_path / "out"
    assert _eval("-d", dataset, "--candidates", candidates, "-o", out, "--ids", "a#2,about", "-n", "1") == 0
    assert scored == ["about"]


def test_an_ids_file_skips_blank_lines_comments_and_a_byte_order_mark(
    dataset: Path, candidates: Path, tmp_path: Path, scored: list[str]
) -> None:
    chosen = tmp_path / "chosen.txt"
    chosen.write_text(  # saved with a byte-order mark, as Notepad does
        "home\n# items that broke last week\n\na#2   # its id holds a hash\n\n  home\n#about\n",
        encoding="utf-8-sig",
    )
    assert _eval("-d", dataset, "--candidates", candidates, "-o", tmp_path / "out", "--ids-file", chosen) == 0
    assert scored == ["home", "a#2"]


def test_an_id_list_keeps_each_id_once_and_a_hash_inside_an_id() -> None:
    assert parse_id_list("b\n a \n\n# c\nb # again\nx#1\n\t#y\n") == ("b", "a", "x#1")


def test_unknown_ids_are_an_error_that_names_them(
    dataset: Path, candidates: Path, tmp_path: Path, scored: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert _eval("-d", dataset, "--candidates", candidates, "-o", out, "--ids", "home,contact,Shop") == 2
    err = capsys.readouterr().err
    assert f"2 ids are not in {dataset / 'manifest.jsonl'}: contact, Shop." in err
    assert scored == [] and not out.exists()

    listed = tmp_path / "chosen.txt"
    listed.write_text("home\nblog\n")
    assert _eval("-d", dataset, "--candidates", candidates, "-o", out, "--ids-file", listed) == 2
    assert "1 id is not in" in capsys.readouterr().err
    assert scored == [] and not out.exists()


def test_ids_and_an_ids_file_together_are_a_usage_error(
    dataset: Path, candidates: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = tmp_path / "chosen.txt"
    listed.write_text("home\n")
    with pytest.raises(SystemExit) as stopped:
        _eval(
            "-d", dataset, "--candidates", candidates, "-o", tmp_path, "--ids", "home", "--ids-file", listed
        )
    assert stopped.value.code == 2
    assert "argument --ids-file: not allowed with argument --ids" in capsys.readouterr().err


def test_an_ids_file_that_names_nothing_or_is_missing_is_an_error(
    dataset: Path, candidates: Path, tmp_path: Path, scored: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n\n")
    assert _eval("-d", dataset, "--candidates", candidates, "-o", tmp_path / "o", "--ids-file", empty) == 2
    assert f"--ids-file {empty} names no ids" in capsys.readouterr().err
    absent = tmp_path / "absent.txt"
    assert _eval("-d", dataset, "--candidates", candidates, "-o", tmp_path / "o", "--ids-file", absent) == 2
    assert f"--ids-file {absent} does not exist" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        _eval("-d", dataset, "--candidates", candidates, "-o", tmp_path / "o", "--ids", " , ")
    assert stopped.value.code == 2
    assert "names no ids" in capsys.readouterr().err
    assert scored == []


def test_missing_candidate_files_stop_the_run_before_anything_is_scored(
    dataset: Path, candidates: Path, tmp_path: Path, scored: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    (candidates / "about.jsx").unlink()
    out = tmp_path / "out"
    assert _eval("-d", dataset, "--candidates", candidates, "-o", out) == 2
    err = capsys.readouterr().err
    assert f"--candidates {candidates} has no file for 2 of the 4 items to score: shop, about." in err
    assert (
        "Each item needs {id}.html or {id}.jsx or {id}.tsx (for shop: shop.html or shop.jsx or shop.tsx)"
        in err
    )
    assert "--skip-missing" in err
    assert scored == [] and not out.exists()


def test_only_the_chosen_items_need_candidate_files(
    dataset: Path, candidates: Path, tmp_path: Path, scored: list[str]
) -> None:
    assert (
        _eval("-d", dataset, "--candidates", candidates, "-o", tmp_path / "out", "--ids", "home,about") == 0
    )
    assert scored == ["home", "about"]


def test_skip_missing_scores_the_rest_and_says_which_were_skipped(
    dataset: Path, candidates: Path, tmp_path: Path, scored: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert (
        _eval("-d", dataset, "--candidates", candidates, "-o", out, "--skip-missing", "--no-baselines") == 0
    )
    assert scored == ["home", "about", "a#2"]
    summary = _summary(out)
    assert summary["count"] == 3 and summary["failed"] == 0 and summary["skipped"] == ["shop"]
    assert not (out / "items" / "shop.json").exists()
    markdown = (out / "summary.md").read_text(encoding="utf-8")
    assert "Skipped for want of a candidate file (1): shop." in markdown
    assert "3 items, 0 failed, 1 skipped (no candidate file: shop);" in capsys.readouterr().err


def test_skip_missing_also_leaves_the_skipped_items_out_of_the_baselines(
    dataset: Path, candidates: Path, tmp_path: Path, scored: list[str]
) -> None:
    out = tmp_path / "out"
    assert _eval("-d", dataset, "--candidates", candidates, "-o", out, "--skip-missing") == 0
    baselines = _summary(out)["baselines"]
    assert isinstance(baselines, dict) and baselines
    assert all(block["count"] == 3 for block in baselines.values())
    assert not list(out.glob("baselines/*/shop.json"))


def test_skip_missing_with_no_file_for_any_item_is_an_error(
    dataset: Path, tmp_path: Path, scored: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "out"
    assert _eval("-d", dataset, "--candidates", empty, "-o", out, "--skip-missing") == 2
    assert f"--candidates {empty} has no file for any of the 4 items to score" in capsys.readouterr().err
    assert scored == [] and not out.exists()


def test_skip_missing_needs_a_candidates_folder(
    dataset: Path, tmp_path: Path, scored: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _eval("-d", dataset, "--engine", "offline", "-o", tmp_path / "out", "--skip-missing") == 2
    assert "--skip-missing applies only to --candidates" in capsys.readouterr().err
    assert scored == []


def test_a_model_run_records_its_strategy_and_another_strategy_is_another_run(
    dataset: Path,
    tmp_path: Path,
    scored: list[str],
    monkeypatch: pytest.MonkeyPatch,
    fake_openai: FakeOpenAIServer,
) -> None:
    monkeypatch.setenv("MOONSHOT_API_KEY", TEST_KEY)
    monkeypatch.setenv("MOONSHOT_BASE_URL", fake_openai.base_url)
    out = tmp_path / "out"
    assert (
        _eval("-d", dataset, "--engine", "kimi", "-o", out, "--grounding", "text", "--draft", "offline") == 0
    )
    assert _summary(out)["strategy"] == "grounded (text) + draft"
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["strategy"] == "grounded (text) + draft"
    assert _eval("-d", dataset, "--engine", "kimi", "-o", out) == 2  # plain is not the same run: no mixing


def test_an_items_usage_survives_its_json() -> None:
    usage = {
        "strategy": "grounded (layout)",
        "input_tokens": 4_000,
        "output_tokens": 900,
        "cost_usd": 0.01,
        "grounding_tokens": 640,
    }
    result = ItemResult("home", "", "kimi", "ok", usage=usage)
    assert ItemResult.from_dict(json.loads(json.dumps(result.to_dict()))).usage == usage
    assert (
        "usage" not in ItemResult("home", "", "offline", "ok").to_dict()
    )  # offline results stay as they were


def test_variants_and_the_agent_are_a_strategy_of_their_own_and_need_a_model(
    dataset: Path,
    tmp_path: Path,
    scored: list[str],
    monkeypatch: pytest.MonkeyPatch,
    fake_openai: FakeOpenAIServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("MOONSHOT_API_KEY", TEST_KEY)
    monkeypatch.setenv("MOONSHOT_BASE_URL", fake_openai.base_url)
    assert _eval("-d", dataset, "--engine", "kimi", "-o", tmp_path / "ranked", "--variants", "3") == 0
    assert _summary(tmp_path / "ranked")["strategy"] == "best of 3 variants"
    assert _eval("-d", dataset, "--engine", "kimi", "-o", tmp_path / "agent", "--agent", "--revise", "2") == 0
    assert _summary(tmp_path / "agent")["strategy"] == "plain + agent (2 checks)"
    assert _eval("-d", dataset, "--engine", "offline", "-o", tmp_path / "offline", "--variants", "2") == 2
    assert "not a model" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        _eval("-d", dataset, "--engine", "kimi", "-o", tmp_path / "bad", "--variants", "5")
    assert "from 1 to 4" in capsys.readouterr().err
