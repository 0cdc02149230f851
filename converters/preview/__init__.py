"""Live preview: generated code + target -> a sandboxed document that runs it on the vendored runtime.

``preview_document`` builds it (``generated_document`` is its inner, generated page alone);
``PREVIEW_CSP``/``preview_csp`` are its Content-Security-Policy; ``runtime_files`` names the
vendored files in ``static/vendor`` (from ``static/vendor/runtime.json``).
"""

from converters.preview.document import (
    COMPILE_OPTIONS,
    COMPILED_TOKEN,
    MAX_RELAYS,
    PREVIEW_CSP,
    PREVIEW_SANDBOX,
    generated_document,
    preview_csp,
    preview_document,
    preview_policy_header,
)
from converters.preview.runtime import VENDOR_DIR, audit_script, runtime_files

__all__ = [
    "COMPILED_TOKEN",
    "COMPILE_OPTIONS",
    "MAX_RELAYS",
    "PREVIEW_CSP",
    "PREVIEW_SANDBOX",
    "VENDOR_DIR",
    "audit_script",
    "generated_document",
    "preview_csp",
    "preview_document",
    "preview_policy_header",
    "runtime_files",
]
