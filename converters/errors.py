"""The one exception tree of Handoff.

Every message is written for the person using the app: it says what happened and what to do.
Third-party exceptions are caught at the boundary where they occur and re-raised as one of
these, with the original chained as ``__cause__`` for the logs.

    HandoffError                  base class; never raised itself
    ├── SettingsError             an environment variable or setting has an unusable value
    ├── PromptError               a prompt file is missing, malformed, or a variable is missing
    └── IntakeError               an uploaded design cannot be turned into an image
        ├── UnsupportedFormatError    the bytes are not an image or document Handoff reads
        ├── CorruptFileError          the format is known but the file is damaged or truncated
        ├── LimitExceededError        file size, pixel count, render size or page count too large
        ├── EncryptedDocumentError    a PDF needs a password
        └── PageNotFoundError         the requested PDF page does not exist
"""

from __future__ import annotations


class HandoffError(Exception):
    """Base of every error Handoff raises on purpose; ``str(error)`` is safe to show a user."""


class SettingsError(HandoffError):
    """Raised when a setting read from the environment has a value Handoff cannot use."""


class PromptError(HandoffError):
    """Raised when a prompt file is missing or malformed, or substitution is not exact."""


class IntakeError(HandoffError):
    """Raised by ``load_design`` when an upload cannot be normalised into a design image."""


class UnsupportedFormatError(IntakeError):
    """Raised when the bytes are not in a format Handoff reads (checked by content, not name)."""


class CorruptFileError(IntakeError):
    """Raised when a file of a known format is damaged, truncated or cannot be decoded."""


class LimitExceededError(IntakeError):
    """Raised when a file exceeds a size, pixel, render-size or page-count limit."""


class EncryptedDocumentError(IntakeError):
    """Raised when a PDF is password-protected."""


class PageNotFoundError(IntakeError):
    """Raised when the requested page number is outside the PDF's pages."""
