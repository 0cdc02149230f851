"""Settings are read once from an environment mapping, validated, and never show a key."""

from __future__ import annotations

from pathlib import Path

import pytest

from converters import IntakeLimits, Secret, Settings, SettingsError, Target
from converters.conversion import Grounding

FAKE_KEY = "fake-key-for-tests-0123456789"


def test_defaults_without_environment() -> None:
    settings = Settings.from_env({"HOME": "/home/ana"})
    assert settings.engine == "offline"
    assert settings.moonshot_base_url == "https://api.moonshot.ai/v1"
    assert settings.moonshot_api_key is None and settings.openai_api_key is None
    assert settings.data_dir == Path.home() / ".local" / "share" / "handoff"
    assert settings.limits == IntakeLimits()


def test_kimi_is_the_default_engine_when_its_key_is_set() -> None:
    settings = Settings.from_env({"MOONSHOT_API_KEY": FAKE_KEY})
    assert settings.engine == "kimi"
    assert settings.moonshot_api_key is not None and settings.moonshot_api_key.reveal() == FAKE_KEY


def test_explicit_engine_wins_and_unknown_engine_is_an_error() -> None:
    assert Settings.from_env({"MOONSHOT_API_KEY": FAKE_KEY, "HANDOFF_ENGINE": "offline"}).engine == "offline"
    with pytest.raises(SettingsError, match="HANDOFF_ENGINE is 'gpt9'.*offline, kimi, openai-compatible"):
        Settings.from_env({"HANDOFF_ENGINE": "gpt9"})


def test_urls_paths_and_limits_are_read() -> None:
    settings = Settings.from_env(
        {
            "OPENAI_BASE_URL": "http://127.0.0.1:8000/v1/",
            "HANDOFF_MODEL": "qwen2.5-vl",
            "HANDOFF_DATA_DIR": "/tmp/handoff-data",
            "HANDOFF_MAX_UPLOAD_MB": "10",
            "HANDOFF_MAX_MEGAPIXELS": "12.5",
            "HANDOFF_MAX_PDF_PAGES": "5",
        }
    )
    assert settings.openai_base_url == "http://127.0.0.1:8000/v1"
    assert settings.model == "qwen2.5-vl"
    assert settings.data_dir == Path("/tmp/handoff-data")
    assert (settings.limits.max_bytes, settings.limits.max_pixels, settings.limits.max_pdf_pages) == (
        10 * 1024 * 1024,
        12_500_000,
        5,
    )


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("OPENAI_BASE_URL", "api.openai.com/v1", "must be an http:// or https:// URL"),
        ("HANDOFF_MAX_UPLOAD_MB", "lots", "must be a positive number"),
        ("HANDOFF_GROUNDING", "everything", "use one of: off, text, layout"),
        ("HANDOFF_MAX_MEGAPIXELS", "-3", "must be a positive number"),
        ("HANDOFF_MAX_PDF_PAGES", "inf", "must be a positive number"),
    ],
)
def test_bad_values_name_the_variable(name: str, value: str, says: str) -> None:
    with pytest.raises(SettingsError, match=f"{name}.*{says}"):
        Settings.from_env({name: value})


def test_keys_never_show_in_repr_or_str() -> None:
    settings = Settings.from_env({"MOONSHOT_API_KEY": FAKE_KEY, "OPENAI_API_KEY": FAKE_KEY + "x"})
    for text in (
        repr(settings),
        str(settings),
        repr(settings.moonshot_api_key),
        f"{settings.openai_api_key}",
    ):
        assert FAKE_KEY not in text
    assert Secret("a") == Secret("a") != Secret("b")


def test_blank_values_count_as_unset() -> None:
    settings = Settings.from_env({"MOONSHOT_API_KEY": "  ", "HANDOFF_ENGINE": ""})
    assert settings.moonshot_api_key is None and settings.engine == "offline"


def test_targets_are_a_closed_vocabulary() -> None:
    assert [target.value for target in Target] == ["react-tailwind", "html-css", "html-tailwind"]
    assert Target("html-css").label == "HTML + CSS"
    with pytest.raises(ValueError):
        Target("vue")


def test_database_url_is_a_secret_never_shown() -> None:
    url = "postgresql+psycopg://handoff:hunter2-pass@db.example:5432/handoff"
    settings = Settings.from_env({"HANDOFF_DATABASE_URL": f"  {url} "})
    assert isinstance(settings.database_url, Secret) and settings.database_url.reveal() == url
    for text in (repr(settings), str(settings), repr(settings.database_url)):
        assert "hunter2" not in text and "db.example" not in text
    assert Settings.from_env({}).database_url is None


def test_model_engines_are_grounded_in_the_layout_unless_told_otherwise() -> None:
    assert Settings.from_env({}).grounding is Grounding.LAYOUT
    assert Settings.from_env({"HANDOFF_GROUNDING": " Text "}).grounding is Grounding.TEXT


def test_a_check_turn_sends_the_renders_picture_unless_told_not_to() -> None:
    assert Settings.from_env({}).revise_picture is True
    assert Settings.from_env({"HANDOFF_REVISE_PICTURE": "off"}).revise_picture is False


def test_figma_token_is_a_secret_and_the_api_base_a_url() -> None:
    settings = Settings.from_env({"FIGMA_TOKEN": " figd_abc123 ", "FIGMA_API_BASE": "http://127.0.0.1:9/"})
    assert settings.figma_token is not None and settings.figma_token.reveal() == "figd_abc123"
    assert settings.figma_api_base == "http://127.0.0.1:9"
    assert "figd_abc123" not in repr(settings)
    assert Settings.from_env({}).figma_api_base == "https://api.figma.com"
    assert Settings.from_env({}).figma_token is None
    with pytest.raises(SettingsError, match="FIGMA_API_BASE must be an http"):
        Settings.from_env({"FIGMA_API_BASE": "api.figma.com"})
