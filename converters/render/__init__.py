"""Render a page in Chromium and read what it shows: a PNG plus the visible text blocks of its DOM.

Two inputs, one output (``Rendering``), for the fidelity scores (Design2Code's Block-Match, Text,
Position and Color compare text blocks between a reference and a candidate):

- ``Renderer.render_html_file(path)``: a reference HTML page, with the local assets of its folder.
- ``Renderer.render_code(code, target)``: generated code, run as the app previews it: the
  document of ``converters.preview.preview_document`` (its Content-Security-Policy, its status
  reporter, the vendored runtime of ``static/vendor``), loaded as the page itself rather than
  inside the app's ``<iframe sandbox>``, so that it is laid out and captured exactly like a
  reference page (an iframe would have to be as tall as its content, which changes ``vh``).
  The throwaway browser context, the routing, the policy and its sandbox stand in for the frame.
  React code is compiled as the app's preview pane compiles it, by Babel loaded once in a page
  of the renderer's own that runs none of it, so a candidate's page does not load 3 MB of Babel;
  code Babel rejects is rendered with Babel in its page, which shows the error as the app does.

A third use, for exports: ``Renderer.compiled_tailwind(html)`` runs an HTML page as an HTML +
Tailwind candidate and returns the CSS the vendored ``@tailwindcss/browser`` generated for it.

How the files are served: a stdlib HTTP server on a free port of 127.0.0.1, in a thread of the
``Renderer`` (stopped on ``close``), answers ``/vendor/<file>`` from ``VENDOR_DIR`` (the runtime
the preview policy allows scripts from, as Streamlit serves it, with ``Access-Control-Allow-Origin:
*``), ``/host/<id>`` (a candidate's preview document, with the preview's policy and sandbox as a
``Content-Security-Policy`` header) and ``/page/<id>/<path>`` from a reference page's own folder
(never above it), each only while its render runs. Playwright routing is not the server: requests
of sandboxed frames run in their own process and, under load, some escaped routing (seen: 7 of 10
renders lost the runtime on a busy machine).

How it is isolated (the generated code is untrusted and runs on the server):

- routing aborts every request not addressed to that server (the URLs are in
  ``Rendering.blocked``), WebSockets are closed, service workers are blocked;
- behind routing, the same server is the browser's HTTP proxy for every destination, loopback
  included, and refuses whatever is not its own (a speculation-rules prefetch or prerender, a
  TURN-over-TCP ``CONNECT``: routing never sees those); no host name resolves;
- an init script in every frame, about:blank children and popups included, removes
  ``RTCPeerConnection`` (WebRTC is outside the policy, and STUN's UDP outside any proxy);
- every browser step has a deadline (``STEP_DEADLINE_S``; a status wait ``LOAD_TIMEOUT_S``, then a
  ``RESPONSIVE_DEADLINE_S`` check that the page still answers): a page that hangs the browser
  fails its own render with a ``RenderError``, and the browser is replaced before the next one.

Not covered: a candidate's own scripts share the realm of the measuring scripts, so a page can
make itself look better or worse than it is; scores of untrusted code are not a security
boundary.

Geometry: the viewport is ``WIDTH`` (1280) CSS px wide and ``INITIAL_HEIGHT`` (720) tall, as the
Design2Code and WebCode2M screenshots were taken. A reference page is captured full-page beyond
that viewport (``vh`` stays 720 px), so it renders as the dataset's input screenshot. A
candidate is the top-level page too, captured the same way; the PNG is the whole page (up to
``MAX_HEIGHT``) at device scale 1, with the pixels of Playwright's full-page screenshot
(animations stopped, caret hidden) but Chromium's fast, lossless PNG encoder. Fonts are the
system's, or those of ``fontconfig_file``.

Speed (one render of a long page is ~1-2 s): each candidate gets a fresh context, which a caller
with idle time can have made in advance (``Renderer.prepare``); the screenshots are decoded, and
the text blocks found, on a worker thread while the browser goes on.

All Playwright calls run on an asyncio event loop in a thread owned by the ``Renderer`` (Playwright's
async API, which is what lets a step be abandoned at its deadline; it also keeps clear of another
Playwright's loop in a test process); calls from several threads are served one at a time.
"""

from converters.errors import RenderError
from converters.render.browser import CHROMIUM_ARGS, Renderer, isolation_args
from converters.render.types import (
    MAX_HEIGHT,
    MAX_WIDTH,
    MIN_WIDTH,
    WIDTH,
    Element,
    PageStructure,
    ReflowCheck,
    Rendering,
    Status,
    TextBlock,
)

__all__ = [
    "CHROMIUM_ARGS",
    "MAX_HEIGHT",
    "MAX_WIDTH",
    "MIN_WIDTH",
    "WIDTH",
    "Element",
    "PageStructure",
    "ReflowCheck",
    "RenderError",
    "Renderer",
    "Rendering",
    "Status",
    "TextBlock",
    "isolation_args",
]
