"""The one exception tree of Handoff.

Every message is written for the person using the app: it says what happened and what to do.
Third-party exceptions are caught at the boundary where they occur and re-raised as one of
these, with the original chained as ``__cause__`` for the logs.

    HandoffError                  base class; never raised itself
    ├── SettingsError             an environment variable or setting has an unusable value
    ├── PromptError               a prompt file is missing, malformed, or a variable is missing
    ├── EngineError               a conversion engine could not produce code
    │   ├── EngineUnavailableError    unknown engine, or one that is not configured (no key/URL)
    │   ├── AuthenticationError       the endpoint refused the key (401/403)
    │   ├── ModelNotFoundError        the model id does not exist there (404); ``available``
    │   ├── RateLimitError            still 429 after the bounded retries; ``waited_s``
    │   ├── ServerError               still 5xx after the bounded retries
    │   ├── EngineTimeoutError        connecting or waiting for the reply took too long
    │   ├── EngineConnectionError     the endpoint could not be reached
    │   ├── ContextTooLongError       image + prompt exceed the model's context window
    │   ├── RequestRejectedError      any other 4xx: the endpoint refused the request
    │   ├── RefusalError              the model declined to answer (refusal, content filter)
    │   ├── EmptyReplyError           the reply had no text at all
    │   ├── NoCodeError               the reply had text but no code for the target
    │   ├── InvalidCodeError          the code cannot work (HTML that is not a page, no export)
    │   ├── ReplyTooLargeError        the reply grew past the most any page needs; it was cut off
    │   └── StreamInterruptedError    the stream broke midway; ``partial`` keeps what arrived
    │       └── ConversionStoppedError    the user stopped it; ``partial`` keeps what arrived
    ├── RenderError               a page cannot be rendered at all (no browser, missing file, crash)
    ├── OcrError                  the text of an image could not be read (rapidocr/onnxruntime failed)
    ├── EvalError                 an evaluation cannot run: bad dataset, manifest, options or out folder
    ├── StoreError                the library cannot be opened, read or written (disk full, no permission)
    │   ├── NotFoundError             no stored conversion has that id (a stale or mistyped link)
    │   └── DatabaseUnavailableError  the database server cannot be reached (stopped, restarting, network)
    ├── ExportError               a project or file for download cannot be built
    ├── ChangeRequestError        a change asked of a result cannot be sent (empty, too long, no code)
    ├── IntakeError               an uploaded design cannot be turned into an image
    │   ├── UnsupportedFormatError    the bytes are not an image or document Handoff reads
    │   ├── CorruptFileError          the format is known but the file is damaged or truncated
    │   ├── LimitExceededError        file size, pixel count, render size or page count too large
    │   ├── EncryptedDocumentError    a PDF needs a password
    │   └── PageNotFoundError         the requested PDF page does not exist
    ├── FramesError               designs given as the frames of one screen cannot go together
    │   ├── OneFrameError             only one frame: convert it on its own
    │   ├── TooManyFramesError        more frames than ``MAX_FRAMES``
    │   └── SameWidthFramesError      two frames at the same width
    └── FigmaError                a frame cannot be imported from a Figma link
        ├── FigmaLinkError            the text is not a link to a frame of a Figma file
        ├── FigmaTokenError           no access token, or Figma refused it (403)
        ├── FigmaNotFoundError        the file or the node does not exist, or is not shared (404)
        ├── FigmaRateLimitError       Figma still answers 429 after the bounded retry; ``retry_after_s``
        ├── FigmaNotAFrameError       the node is not a frame (a page, section, group, text, shape)
        ├── FigmaTooLargeError        the node's JSON or its picture is larger than Handoff reads
        ├── FigmaConnectionError      the API or the picture's host cannot be reached, or timed out
        └── FigmaResponseError        the answer is not what the API documents (bad JSON, no picture)
"""

from __future__ import annotations


class HandoffError(Exception):
    """Base of every error Handoff raises on purpose; ``str(error)`` is safe to show a user."""


class SettingsError(HandoffError):
    """Raised when a setting read from the environment has a value Handoff cannot use."""


class PromptError(HandoffError):
    """Raised when a prompt file is missing or malformed, or substitution is not exact."""


class EngineError(HandoffError):
    """Raised when a conversion engine fails; the message names the engine and the next step."""


class EngineUnavailableError(EngineError):
    """Raised when an engine is unknown, or lacks what it needs to run (key, base URL, model)."""


class AuthenticationError(EngineError):
    """Raised when the endpoint answers 401 or 403: the key is missing, wrong or not allowed."""


class ModelNotFoundError(EngineError):
    """Raised when the model id is unknown to the endpoint; ``available`` lists ids it has."""

    def __init__(self, message: str, available: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.available = available


class RateLimitError(EngineError):
    """Raised when the endpoint still answers 429 after the bounded retries."""

    def __init__(self, message: str, waited_s: float = 0.0) -> None:
        super().__init__(message)
        self.waited_s = waited_s


class ServerError(EngineError):
    """Raised when the endpoint still answers 5xx after the bounded retries."""


class EngineTimeoutError(EngineError):
    """Raised when connecting, or waiting for the next part of the reply, times out."""


class EngineConnectionError(EngineError):
    """Raised when the endpoint cannot be reached at all (DNS, refused, TLS)."""


class ContextTooLongError(EngineError):
    """Raised when the request does not fit the model's context window."""


class RequestRejectedError(EngineError):
    """Raised for any other 4xx answer; the message carries the endpoint's own reason."""


class RefusalError(EngineError):
    """Raised when the model declines (a refusal message or a content-filter stop)."""


class EmptyReplyError(EngineError):
    """Raised when the model's reply holds no text."""


class NoCodeError(EngineError):
    """Raised when the reply holds text but no code for the requested target."""


class InvalidCodeError(EngineError):
    """Raised when the code cannot work as the target needs (not an HTML page, no React export)."""


class ReplyTooLargeError(EngineError):
    """Raised when a reply grows past ``converters.engines.reply.MAX_REPLY_CHARS``: the stream is
    closed at once and nothing of it is kept (a page that size is a model stuck in a loop, or a
    hostile endpoint, and showing it would freeze the app)."""


class StreamInterruptedError(EngineError):
    """Raised when the stream breaks midway. ``partial`` is the result built from what arrived
    (a ``converters.conversion.Conversion`` flagged in its warnings), or ``None`` if no code came."""

    def __init__(self, message: str, partial: object | None = None) -> None:
        super().__init__(message)
        self.partial = partial


class RenderError(HandoffError):
    """Raised when a page cannot be rendered at all: no browser, a missing file, a crashed page."""


class OcrError(HandoffError):
    """Raised when the OCR engine (rapidocr on onnxruntime) fails on an image; the cause is chained."""


class EvalError(HandoffError):
    """Raised by ``handoff eval`` for a dataset, manifest, option or output folder it cannot use."""


class StoreError(HandoffError):
    """Raised when the library's database cannot be opened, read or written; the cause is chained."""


class NotFoundError(StoreError):
    """Raised when no stored conversion has the id asked for (deleted, or a mistyped link)."""


class DatabaseUnavailableError(StoreError):
    """Raised when the library's database server cannot be reached or dropped the connection
    (stopped, restarting, a network cut); nothing is half-saved, and the next call tries again."""


class ExportError(HandoffError):
    """Raised when a download (a project zip, compiled Tailwind CSS) cannot be built."""


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


class FramesError(HandoffError):
    """Raised when designs given as the frames of one screen (a desktop and a mobile frame) cannot
    be converted together; raised itself for a frame width out of range or frames out of order."""


class OneFrameError(FramesError):
    """Raised when only one frame is given: one frame is a plain conversion."""


class TooManyFramesError(FramesError):
    """Raised when more frames are given than one conversion takes (``MAX_FRAMES``)."""


class SameWidthFramesError(FramesError):
    """Raised when two frames have the same width: each width needs its own layout, once."""


class ConversionStoppedError(StreamInterruptedError):
    """Raised when the user stops a conversion; ``partial`` keeps what had arrived."""


class ChangeRequestError(HandoffError):
    """A change asked of a result cannot be sent: no instruction, one too long, or no code."""


class FigmaError(HandoffError):
    """Raised when a frame cannot be imported from a Figma link; never holds the access token."""


class FigmaLinkError(FigmaError):
    """Raised when the text given is not a link to a node of a Figma design file."""


class FigmaTokenError(FigmaError):
    """Raised when no personal access token is given, or Figma refuses it (403)."""


class FigmaNotFoundError(FigmaError):
    """Raised when Figma has no such file or node, or not one this token may read (404)."""


class FigmaRateLimitError(FigmaError):
    """Raised when Figma still answers 429 after the bounded retry; ``retry_after_s`` is how long
    it asked to wait (``None`` when it did not say)."""

    def __init__(self, message: str, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class FigmaNotAFrameError(FigmaError):
    """Raised when the linked node is not a frame, component or instance (a page, a section, a
    group, a text or a shape)."""


class FigmaTooLargeError(FigmaError):
    """Raised when the node's JSON or its picture is larger than ``converters.figma`` reads."""


class FigmaConnectionError(FigmaError):
    """Raised when the Figma API or the host of the picture cannot be reached, or times out."""


class FigmaResponseError(FigmaError):
    """Raised when an answer is not what the API documents: malformed JSON, an unexpected shape,
    a picture Figma could not render or that is not an image."""
