"""Code + target -> the HTML of a sandboxed, self-contained live preview.

Two nested documents, both meant to run with ``sandbox="allow-scripts"`` (opaque origins):

- Level 1, returned by ``preview_document``: a small trusted harness. The first element of its
  ``<head>`` is the Content-Security-Policy. It holds level 2 in an ``<iframe srcdoc>``, relays
  level 2's status messages to the app page and shows errors as plain text over the frame.
- Level 2, the untrusted document: the model's HTML with the policy, a status reporter (and
  Tailwind) injected first, before any of the model's markup (only a doctype may precede them), or,
  for React, a harness that compiles the embedded source with Babel. First means first: a reply
  may put a ``<script>`` before its ``<head>``, or a ``<head>`` inside a comment, and the guard
  must still run before any of its code (see ``_guard_position``).
  An ``about:srcdoc`` child inherits its parent's policy and sandbox flags, so nothing the model
  writes can loosen the policy; level 2 repeats the policy in its own head as a second lock.

Why this policy (``PREVIEW_CSP``): ``default-src 'none'`` and ``connect-src 'none'`` stop fetch,
XHR, beacons, WebSockets, prefetch and stylesheet links (the sandbox alone stops none of them);
``img-src``/``font-src`` allow only inline ``data:``/``blob:`` resources so no image beacon leaves
the machine; ``script-src`` allows inline code, ``eval`` (Babel's output is run with it) and the
vendored runtime's directory only; ``frame-src 'none'`` blocks nested frames that load a URL and,
because a frame's navigations are checked against its parent's ``frame-src``, also stops level 2
from navigating itself to a server. ``srcdoc`` and ``about:blank`` children are not fetched, so
``frame-src`` does not apply to them (verified in Chromium) and level 2 loads. CSP does not cover
WebRTC in Chromium; the reporter removes ``RTCPeerConnection`` (see ``scripts.REPORTER``).

Messages (``window.postMessage``) from level 1 to the app page, at most ``MAX_RELAYS`` per
preview: ``{handoff: "status", state, message}`` with ``state`` one of ``"rendered"`` (drawn and,
for Tailwind targets, styled), ``"error"`` (``message`` is readable text, with line and column
when known) or ``"incomplete"`` (``live=True`` only: the code failed, probably because it is still
streaming; nothing is shown so the app can keep its previous frame). The untrusted document can
post to the app page directly too, so the app must accept only messages whose ``event.source`` is
the level-1 frame's ``contentWindow``; even those only tell it what the untrusted code claims.
Scroll positions travel both ways too, outside that count (at most one a frame; see
``converters.preview.scripts``).
"""

from __future__ import annotations

import html
import json
import re
from typing import Final

from converters.preview.runtime import runtime_files
from converters.preview.scripts import REACT_HARNESS, RELAY, RELAY_STYLE, REPORTER, one_line
from converters.targets import Target
from converters.tokens import split_react_theme

PREVIEW_CSP: Final = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval' {runtime}; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src 'none'; media-src 'none'; frame-src 'none'; "
    "form-action 'none'; base-uri 'none'"
)
"""The preview's policy; ``{runtime}`` stands for the runtime directory (see ``preview_csp``)."""

INPUT_GRACE_MS: Final = 1000
"""How long after a click or key press in the preview its code may move the keyboard focus (a
handler that opens a dialog and focuses its field runs well within it)."""

PICK_TEXT_CHARS: Final = 200
"""Text of a selected element passed to the app: enough to recognise it in a sentence."""
PICK_HTML_CHARS: Final = 1500
"""Markup of a selected element passed to the app and sent to the model (about 400 tokens): its
opening tags and first children locate it in the code; a whole section would drown the change."""
MAX_RELAYS: Final = 20
"""Most status messages one preview passes on to the app page (repeats are not passed on)."""

_RUNTIME_BASE = re.compile(
    r"https?://(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?(?:/[A-Za-z0-9._~%/-]*)?"
)
# A doctype may only be preceded by a byte-order mark, whitespace and comments.
_STYLE_END = re.compile(r"</style", re.IGNORECASE)
_ESCAPED_END = r"<\\/style"  # CSS reads "\/" as "/"; HTML no longer sees an end tag
_LEADING_DOCTYPE = re.compile(r"\A\ufeff?(?:\s|<!--.*?-->)*<!doctype[^>]*>", re.IGNORECASE | re.DOTALL)


PREVIEW_SANDBOX: Final = "allow-scripts"
"""The sandbox of every preview frame: scripts run, in an opaque origin, with no popups, forms,
downloads, top navigation or storage of any origin."""


def preview_csp(runtime_base: str) -> str:
    """``PREVIEW_CSP`` allowing scripts from the directory ``runtime_base`` (an absolute http(s) URL)."""
    return PREVIEW_CSP.replace("{runtime}", _runtime_base(runtime_base) + "/")


def preview_policy_header(runtime_base: str) -> str:
    """The policy as a ``Content-Security-Policy`` header for a generated page served on its own
    (``converters.render``): ``preview_csp`` plus the preview frame's sandbox, so the page gets the
    same opaque origin and limits as in the app, and the policy holds from the first byte."""
    return f"{preview_csp(runtime_base)}; sandbox {PREVIEW_SANDBOX}"


COMPILED_TOKEN = "__HANDOFF_COMPILED_MODULE__"
# What the React harness gives Babel; a precompiling caller must use exactly these options.
COMPILE_OPTIONS: dict[str, object] = {
    "filename": "App.tsx",
    "sourceType": "module",
    "retainLines": True,
    "presets": [["react", {"runtime": "classic"}], ["typescript", {"isTSX": True, "allExtensions": True}]],
    "plugins": ["transform-modules-commonjs"],
}


def preview_document(
    code: str, target: Target, runtime_base: str, *, live: bool = False, precompiled: bool = False
) -> str:
    """The level-1 document that previews ``code`` written for ``target``.

    ``runtime_base`` is the absolute URL of the vendored runtime directory, e.g.
    ``http://127.0.0.1:8501/app/static/vendor``; it must be plain (letters, digits, ``.-_~%/``),
    which also means a placeholder URL of that shape passes both levels of attribute escaping
    unchanged and can be replaced in the finished document. ``live=True`` is for code that may be
    incomplete: its errors are posted as ``"incomplete"`` and not shown. The result is meant for
    ``<iframe sandbox="allow-scripts" srcdoc="...">`` (escape it for the attribute); it carries
    the code once per nesting level, so it is about 1-2x the code's size plus ~10 kB.
    Raises ``ValueError`` if ``runtime_base`` is not such a URL.

    ``precompiled=True`` (React only) makes a template without Babel: where the source would be,
    it holds ``COMPILED_TOKEN``, for the caller to replace with the JSON string of the module
    Babel compiled (``COMPILE_OPTIONS``), ``<``, ``>``, ``&`` as ``\\u`` escapes and ``"`` as
    ``&quot;``. The app compiles once in its own page, so previews need not load 3 MB of Babel.
    """
    base = _runtime_base(runtime_base)
    if precompiled and target is Target.REACT_TAILWIND:
        inner = _react_document(code, base, live=live, precompiled=True)
    else:
        inner = _untrusted_document(code, target, base, live=live)
    relay = (
        one_line(RELAY)
        .replace("__MAX_RELAYS__", str(MAX_RELAYS))
        .replace("__PICK_TEXT_CHARS__", str(PICK_TEXT_CHARS))
        .replace("__PICK_HTML_CHARS__", str(PICK_HTML_CHARS))
    )
    srcdoc = html.escape(inner, quote=True)
    return (
        f"<!DOCTYPE html><html><head>{_csp_meta(base)}<style>{RELAY_STYLE}</style></head><body>"
        f'<iframe id="preview" title="Preview" sandbox="allow-scripts" srcdoc="{srcdoc}"></iframe>'
        '<div id="problem" role="alert" hidden>'
        '<button type="button" id="problem-hide">Hide</button><strong>The preview hit an error</strong>'
        f'<pre id="problem-text"></pre></div><script>{relay}</script></body></html>'
    )


def generated_document(code: str, target: Target, runtime_base: str, *, compiled: str | None = None) -> str:
    """The level-2 document alone: the generated page with its policy and status reporter.

    For rendering it as a top-level page (``converters.render``), where the reporter's statuses
    go to the page itself. ``compiled``: for React, the module Babel made of ``code`` with
    ``COMPILE_OPTIONS``, as the app's preview pane compiles it: the document runs that and loads
    no Babel (the pane's filled ``precompiled`` template, at level 2). Raises ``ValueError`` for
    a ``runtime_base`` ``preview_document`` refuses.
    """
    base = _runtime_base(runtime_base)
    if compiled is not None and target is Target.REACT_TAILWIND:
        template = _react_document(code, base, live=False, precompiled=True)
        return template.replace(COMPILED_TOKEN, _script_json(compiled))
    return _untrusted_document(code, target, base, live=False)


def _runtime_base(runtime_base: str) -> str:
    base = runtime_base.rstrip("/")
    if not _RUNTIME_BASE.fullmatch(base):
        raise ValueError(
            f"runtime_base must be an absolute http(s) URL of plain characters, not {runtime_base!r}"
        )
    return base


def _csp_meta(base: str) -> str:
    policy = html.escape(preview_csp(base), quote=True)
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


def _script_src(base: str, part: str) -> str:
    # CORS mode (Streamlit's static files carry Access-Control-Allow-Origin: *): without it the
    # browser reports errors thrown through React's event handlers as a bare "Script error.".
    src = html.escape(base + "/" + runtime_files()[part], quote=True)
    return f'<script src="{src}" crossorigin="anonymous"></script>'


def _reporter(base: str, *, live: bool, tailwind: bool, injected_line: int = 0) -> str:
    """The status reporter; ``injected_line`` > 0 means an HTML document, where it goes on that line."""
    script = (
        one_line(REPORTER)
        .replace("__LIVE__", json.dumps(live))
        .replace("__INJECTED_LINE__", str(injected_line))
        .replace("__TAILWIND__", json.dumps(tailwind))
        .replace("__RUNTIME__", json.dumps(base + "/"))
        .replace("__RENDERED_ON_LOAD__", json.dumps(injected_line > 0))
        .replace("__INPUT_GRACE_MS__", str(INPUT_GRACE_MS))
        .replace("__PICK_TEXT_CHARS__", str(PICK_TEXT_CHARS))
        .replace("__PICK_HTML_CHARS__", str(PICK_HTML_CHARS))
    )
    return f"<script>{script}</script>"


def _untrusted_document(code: str, target: Target, base: str, *, live: bool) -> str:
    if target is Target.REACT_TAILWIND:
        return _react_document(code, base, live=live)
    index = _guard_position(code)
    line = code.count("\n", 0, index) + 1
    tailwind = target is Target.HTML_TAILWIND
    injected = _csp_meta(base) + _reporter(base, live=live, tailwind=tailwind, injected_line=line)
    if tailwind:
        injected += _script_src(base, "tailwind")
    return code[:index] + injected + code[index:]


def _script_json(text: str) -> str:
    """``text`` as a JSON string with <, > and & as \\u escapes: inside a ``<script>`` element it
    can neither end the element nor open a comment."""
    return json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _react_document(code: str, base: str, *, live: bool, precompiled: bool = False) -> str:
    source = _script_json(code)
    theme, _ = split_react_theme(code)
    # The theme the component opens with (converters.tokens.code), for the Tailwind runtime.
    style = f'<style type="text/tailwindcss">{_STYLE_END.sub(_ESCAPED_END, theme)}</style>' if theme else ""
    parts = ("react", "react-dom", "tailwind") if precompiled else ("react", "react-dom", "babel", "tailwind")
    runtime = "".join(_script_src(base, part) for part in parts)
    harness = (
        one_line(REACT_HARNESS)
        .replace("__LIVE__", json.dumps(live))
        .replace("__PRECOMPILED__", json.dumps(precompiled))
        .replace("__COMPILE_OPTIONS__", json.dumps(COMPILE_OPTIONS))
    )
    if precompiled:
        source = COMPILED_TOKEN
    return (
        '<!DOCTYPE html><html lang="en"><head>'
        f'{_csp_meta(base)}<meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{_reporter(base, live=live, tailwind=True)}{style}{runtime}</head>"
        f'<body><div id="root"></div><script type="application/json" id="app-source">{source}</script>'
        f"<script>{harness}</script></body></html>"
    )


def _guard_position(document: str) -> int:
    """Where the guard goes: right after a leading doctype, else at the very start.

    Nothing of the model's can run before it then. The parser opens ``<html>`` and ``<head>``
    itself for the guard's ``<meta>`` and ``<script>``; the model's own ``<html>`` attributes are
    still applied (merged) and its ``<head>`` content still lands in the head, so the page renders
    as written. Nothing goes before the doctype, which would switch the page to quirks mode. The
    guard is one line, put on the doctype's line, so line numbers in errors still match the
    model's document.
    """
    doctype = _LEADING_DOCTYPE.match(document)
    return doctype.end() if doctype else 0
