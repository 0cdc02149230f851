"""A photo of a hand-drawn sketch in a real browser (issue 14): uploaded as it is, the offline
engine guesses it is a sketch, its learned detector finds the drawn widgets, and the result is a
page of real controls with a note saying how the design was read."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from tests.unit.test_offline_pipeline_golden import photographed
from tests.unit.test_sketch_detector import pen_sketch

if TYPE_CHECKING:  # conftest is loaded by pytest itself; the import is for the type only
    from conftest import AppServer

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 120_000  # an offline conversion and its scoring, on a loaded 2-core machine
UPLOAD_INPUT = "[data-testid='stFileUploaderDropzoneInput']"
PREVIEW = "iframe[data-testid='handoff-preview-frame']"
NOTES = Path("/work/notes/screens")  # the team's screenshots, where this machine keeps them


def test_a_photo_of_a_sketch_becomes_real_controls(
    page: Page, app_server: AppServer, tmp_path: Path, artifacts_dir: Path
) -> None:
    photo = tmp_path / "sketch-photo.jpg"
    buffer = io.BytesIO()
    photographed(pen_sketch()[0]).save(buffer, format="JPEG", quality=88)
    photo.write_bytes(buffer.getvalue())
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(app_server.url)
    page.locator(UPLOAD_INPUT).set_input_files(photo)
    kind = page.get_by_role("combobox", name="Design kind")
    expect(kind).to_have_value("Automatic", timeout=TIMEOUT_MS)

    page.get_by_role("button", name="Convert", exact=True).click()
    expect(page.get_by_text("Read as a hand-drawn sketch (photo of paper)", exact=False)).to_be_visible(
        timeout=TIMEOUT_MS
    )
    generated = page.frame_locator(PREVIEW).frame_locator("#preview")
    expect(generated.locator("button")).to_have_count(1, timeout=TIMEOUT_MS)
    expect(generated.locator("input")).to_have_count(1)
    expect(generated.get_by_role("img")).to_have_count(1)
    expect(generated.locator("h1")).to_have_count(1)
    expect(page.get_by_text("Scoring…")).to_have_count(0, timeout=TIMEOUT_MS)
    shot = page.screenshot(full_page=True)
    (artifacts_dir / "sketch-result.png").write_bytes(shot)
    if NOTES.is_dir():
        (NOTES / "sketch-result.png").write_bytes(shot)
