"""The served app's Streamlit settings that the project depends on (.streamlit/config.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from converters.intake.limits import MB, IntakeLimits

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def _config() -> dict[str, dict[str, object]]:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_no_full_garbage_collection_after_every_run_of_every_live_view() -> None:
    # Each tick of a live view is a script run: collecting after each one starved the pages of
    # every other session while ten converted (benchmarks/load_bench.py).
    assert _config()["runner"]["postScriptGC"] is False


def test_a_served_app_does_not_reload_its_modules_and_refuses_what_intake_would() -> None:
    server = _config()["server"]
    assert server["fileWatcherType"] == "none" and server["runOnSave"] is False
    assert server["maxUploadSize"] == IntakeLimits().max_bytes // MB  # Streamlit counts MiB as MB
