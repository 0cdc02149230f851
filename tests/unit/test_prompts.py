"""Prompt files: strict substitution both ways, name and hash recorded with every render."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from converters import PromptError, PromptRegistry


@pytest.fixture
def registry(tmp_path: Path) -> PromptRegistry:
    (tmp_path / "targets").mkdir()
    (tmp_path / "system.txt").write_text("You write front-end code. Price: $$5.\n")
    (tmp_path / "task.txt").write_text("Convert this $width x ${height} px design to $target.\n")
    (tmp_path / "targets" / "html-css.txt").write_text("Write one HTML document.\n")
    (tmp_path / "README.md").write_text("not a prompt")
    return PromptRegistry(tmp_path)


def test_names_list_prompt_files_only(registry: PromptRegistry) -> None:
    assert registry.names() == ["system", "targets/html-css", "task"]


def test_render_substitutes_and_records_name_and_hash(registry: PromptRegistry, tmp_path: Path) -> None:
    prompt = registry.render("task", width=1280, height=800, target="HTML + CSS")
    assert prompt.text == "Convert this 1280 x 800 px design to HTML + CSS.\n"
    assert prompt.name == "task"
    assert prompt.sha256 == hashlib.sha256((tmp_path / "task.txt").read_bytes()).hexdigest()
    assert prompt.short_hash == prompt.sha256[:12]


def test_dollar_escape_and_nested_names(registry: PromptRegistry) -> None:
    assert registry.render("system").text == "You write front-end code. Price: $5.\n"
    assert registry.render("targets/html-css").name == "targets/html-css"


def test_missing_variable_is_an_error(registry: PromptRegistry) -> None:
    with pytest.raises(PromptError, match="'task': no value for height, target"):
        registry.render("task", width=1280)


def test_unused_variable_is_an_error(registry: PromptRegistry) -> None:
    with pytest.raises(PromptError, match="no placeholder for colour"):
        registry.render("task", width=1, height=2, target="x", colour="red")


def test_stray_dollar_is_reported_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_text("line one\ncosts $5\n")
    with pytest.raises(PromptError, match="stray '\\$' on line 2"):
        PromptRegistry(tmp_path).get("bad")


def test_unknown_prompt_and_path_escape(registry: PromptRegistry) -> None:
    with pytest.raises(PromptError, match="No prompt named 'nope'.*known: system"):
        registry.get("nope")
    with pytest.raises(PromptError, match="No prompt named"):
        registry.get("../outside")


def test_hash_changes_when_the_file_changes(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text("version one")
    first = PromptRegistry(tmp_path).render("p")
    (tmp_path / "p.txt").write_text("version two")
    second = PromptRegistry(tmp_path).render("p")
    assert first.sha256 != second.sha256


def test_the_project_prompts_folder_loads() -> None:
    registry = PromptRegistry.default()
    for name in registry.names():
        registry.get(name)  # raises PromptError on a stray '$' or bad encoding
