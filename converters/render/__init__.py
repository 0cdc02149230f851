"""Render a page in Chromium and read what it shows: a PNG plus the visible text blocks of its DOM.

Two inputs, one output (``Rendering``), for the fidelity scores (Design2Code's Block-Match, Text,
Position and Color compare text blocks between a reference and a candidate):

- ``Renderer.render_html_file(path)``: a reference HTML page, with the local assets of its folder.
- ``Renderer.render_code(code, target)``: generated code, run as the app previews it: the
  document of ``converters.preview.preview_document`` (its Content-Security-Policy, its status
  reporter, the vendored runtime of ``static/vendor``), loaded as the page itself rather than
  inside the app's ``<iframe sandbox>``, so that it is laid out and captured exactly like a
  reference page (an iframe would have to be as tall as its content, which changes ``vh``).
  The throwaway browser context, the routing and the policy stand in for the sandbox.

A third use, for exports: ``Renderer.compiled_tailwind(html)`` runs an HTML page as an HTML +
Tailwind candidate and returns the CSS the vendored ``@tailwindcss/browser`` generated for it.

How the files are served: a stdlib HTTP server on a free port of 127.0.0.1, in a thread of the
``Renderer`` (stopped on ``close``), answers ``/vendor/<file>`` from ``VENDOR_DIR`` (the runtime
the preview policy allows scripts from, as Streamlit serves it, with ``Access-Control-Allow-Origin:
*``), ``/host/<id>`` (a candidate's preview document) and ``/page/<id>/<path>`` from
a reference page's own folder (never above it), each only while its render runs. Playwright
routing is not the server: requests of sandboxed frames run in their own process and, under load,
some escaped routing (seen: 7 of 10 renders lost the runtime on a busy machine).

How it is isolated: routing aborts every request not addressed to that server (the URLs are in
``Rendering.blocked``), WebSockets are closed, service workers are blocked. Behind routing, the
browser sends all non-loopback traffic to a dead proxy and resolves no host name, so a request
that escapes routing still fails, unlisted. Candidates also carry the preview's
Content-Security-Policy. Not covered: WebRTC (the preview's reporter removes
``RTCPeerConnection`` from candidates; a reference page keeps it).

Geometry: the viewport is ``WIDTH`` (1280) CSS px wide and ``INITIAL_HEIGHT`` (720) tall, as the
Design2Code and WebCode2M screenshots were taken. A reference page is captured full-page beyond
that viewport (``vh`` stays 720 px), so it renders as the dataset's input screenshot. A
candidate lives in an iframe, which must be as tall as its content to be captured: the iframe is
set once to the content height measured at 720 px (capped at ``MAX_HEIGHT``). Content sized in
``vh`` then resolves against that taller frame and may differ from a full-page capture; the
PNG is the whole page at device scale 1 either way. Fonts are the system's, or those of
``fontconfig_file``.

All Playwright calls run on one worker thread owned by the ``Renderer`` (the sync API must not
share a thread with a running asyncio loop, e.g. another Playwright in a test process); calls
from several threads are served one at a time.
"""

from converters.errors import RenderError
from converters.render.browser import CHROMIUM_ARGS, Renderer
from converters.render.types import (
    MAX_HEIGHT,
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
]
