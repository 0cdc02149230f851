"""Handoff's library: design intake, engines, preview, scoring and export. No UI code here."""

from converters.errors import (
    CorruptFileError,
    EncryptedDocumentError,
    HandoffError,
    IntakeError,
    LimitExceededError,
    PageNotFoundError,
    PromptError,
    SettingsError,
    UnsupportedFormatError,
)
from converters.intake import DesignImage, IntakeLimits, ModelImagePolicy, SourceFormat, load_design
from converters.prompts import Prompt, PromptRegistry, PromptTemplate
from converters.settings import Secret, Settings
from converters.targets import Target

__all__ = [
    "CorruptFileError",
    "DesignImage",
    "EncryptedDocumentError",
    "HandoffError",
    "IntakeError",
    "IntakeLimits",
    "LimitExceededError",
    "ModelImagePolicy",
    "PageNotFoundError",
    "Prompt",
    "PromptError",
    "PromptRegistry",
    "PromptTemplate",
    "Secret",
    "Settings",
    "SettingsError",
    "SourceFormat",
    "Target",
    "UnsupportedFormatError",
    "load_design",
]
