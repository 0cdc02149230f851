"""The ``Renderer``: one Chromium, reused, that renders reference pages and generated code.

Generated code is untrusted, and it runs here, on the server. Every browser step has a deadline:
a page that holds the browser past one (an endless loop) fails its render with a ``RenderError``
and the browser is replaced, so one hostile page cannot stop the renders after it. Playwright's
async API runs on an event loop in a thread the ``Renderer`` owns, which is what lets a step be
abandoned at its deadline; callers see plain blocking methods.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import io
import logging
import os
import re
import threading
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Self, TypeVar, cast
from urllib.parse import quote, urlsplit

import numpy as np
from numpy.typing import NDArray
from PIL import Image
from playwright.async_api import (
    Browser,
    BrowserContext,
    CDPSession,
    Frame,
    Page,
    Playwright,
    Route,
    WebSocketRoute,
    async_playwright,
)
from playwright.async_api import Error as PlaywrightError

from converters.errors import RenderError
from converters.preview import COMPILE_OPTIONS, generated_document, preview_policy_header, runtime_files
from converters.render.audit import audit_page
from converters.render.files import FileServer
from converters.render.page_scripts import (
    COMPILE_JSX_JS,
    CONTENT_WIDTH_JS,
    NO_WEBRTC_JS,
    PROBE_COLOURS_JS,
    PROBE_RESTORE_JS,
    PROBE_SETUP_JS,
    REFLOW_JS,
    SHOT_CLEANUP_JS,
    SHOT_PREPARE_JS,
    SHOT_SIZE_JS,
    STATUS_BINDING,
    STATUS_LISTENER_JS,
    STRUCTURE_JS,
    TAILWIND_CSS_JS,
)
from converters.render.pixels import rgb_pixels
from converters.render.text_probe import PALETTE_LEVELS, PROBE_OFFSET, PROBE_TEXT_TAGS, probe_blocks
from converters.render.types import (
    CLOSE_DEADLINE_S,
    ERROR_GRACE_S,
    INITIAL_HEIGHT,
    LOAD_TIMEOUT_S,
    MAX_WIDTH,
    MIN_WIDTH,
    RESPONSIVE_DEADLINE_S,
    SQUEEZED_MIN_WORDS,
    SQUEEZED_WORD_CHARS,
    STEP_DEADLINE_S,
    WIDTH,
    Element,
    PageStructure,
    ReflowCheck,
    Rendering,
    Status,
    TextBlock,
)
from converters.targets import Target

logger = logging.getLogger(__name__)

CHROMIUM_ARGS: Final = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
"""How Handoff starts Debian's Chromium everywhere (renderer, browser tests, benchmarks)."""
BROWSER_OWN_HOSTS: Final = re.compile(r"(^|\.)(google\.com|googleapis\.com|gstatic\.com)(:\d+)?$")
"""Chromium's own services, which it calls whatever the flags say: refused like the rest, but not
listed as the page's requests."""

REFLOW_ARGS: Final = (SQUEEZED_WORD_CHARS, SQUEEZED_MIN_WORDS)
"""What ``REFLOW_JS`` is given: when text counts as squeezed."""

_T = TypeVar("_T")


def isolation_args(gate: str) -> tuple[str, ...]:
    """Chromium flags that send every request through ``gate`` (the renderer's server, an HTTP
    proxy that answers only its own pages), loopback included (``<-loopback>``: Chromium bypasses
    a proxy for loopback unless told not to), and resolve no host name."""
    return (
        f"--proxy-server={gate}",
        "--proxy-bypass-list=<-loopback>",
        f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {urlsplit(gate).hostname}",
    )


class _Tampered(Exception):
    """One of the renderer's own scripts failed inside the page: the page broke the built-ins it uses."""


class _MissedDeadline(Exception):
    """A browser step did not finish in time: the page is hung, the browser must go."""

    def __init__(self, what: str, seconds: float) -> None:
        super().__init__(what)
        self.what = what
        self.seconds = seconds


class Renderer:
    """One Chromium, reused across renders; each render gets a fresh browser context.

    Use as a context manager (or call ``close``). ``chromium_path`` defaults to
    ``HANDOFF_CHROMIUM`` or ``/usr/bin/chromium``; ``fontconfig_file`` sets ``FONTCONFIG_FILE``
    for the browser (the Design2Code benchmark renders with DejaVu only). Raises ``RenderError``
    if the browser cannot start. A render whose page hangs raises ``RenderError`` and the browser
    is replaced before the next render (``replaced`` counts those). Calls from several threads are
    served one at a time.
    """

    def __init__(self, *, chromium_path: str | None = None, fontconfig_file: Path | None = None) -> None:
        self._closed = False
        self._path = chromium_path or os.environ.get("HANDOFF_CHROMIUM") or "/usr/bin/chromium"
        self._env: dict[str, str | float | bool] = dict(os.environ)
        if fontconfig_file is not None:
            self._env["FONTCONFIG_FILE"] = str(fontconfig_file)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="handoff-render", daemon=True)
        self._thread.start()
        self._lock = asyncio.Lock()
        self._server = FileServer()
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._next_page: asyncio.Task[_BlankPage] | None = None
        self._compiler: Page | None = None
        self.replaced = 0
        """Browsers replaced because a page hung or the browser died."""
        try:
            self._call(self._ensure_browser)
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the browser and stop Playwright; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        try:
            done = asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop)
            done.result(timeout=2 * CLOSE_DEADLINE_S + 5)
        except (FutureTimeout, RuntimeError):
            logger.warning("the renderer's browser did not close in time; it ends with the process")
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
            if not self._thread.is_alive():
                self._loop.close()
            self._server.close()

    def render_html_file(
        self,
        path: Path | str,
        *,
        width: int = WIDTH,
        structure: bool = False,
        reflow: Sequence[int] = (),
        a11y: bool = False,
    ) -> Rendering:
        """Render the HTML page at ``path`` in a viewport ``width`` CSS px wide; it may load files
        from its folder and below, nothing else.

        ``structure``: also read the page's DOM facts (``Rendering.structure``); ``reflow``:
        narrower widths at which to check how the page reflows, as for a candidate (implies
        ``structure``); ``a11y``: also check its accessibility (``Rendering.a11y``; see
        ``converters.render.audit``). Raises ``RenderError`` if the file does not exist, the page
        cannot be loaded or a width is out of range.
        """
        page_path = Path(path).resolve()
        if not page_path.is_file():
            raise RenderError(f"No HTML page at {page_path}.")
        _check_widths(width, reflow)
        return self._call(
            lambda: self._render_reference(
                page_path, width=width, structure=structure or bool(reflow), reflow=tuple(reflow), a11y=a11y
            )
        )

    def render_code(
        self,
        code: str,
        target: Target,
        *,
        width: int = WIDTH,
        structure: bool = False,
        reflow: Sequence[int] = (),
        a11y: bool = False,
    ) -> Rendering:
        """Render ``code`` written for ``target`` the way the app's preview runs it, ``width`` CSS px wide.

        ``structure``: also read the page's DOM facts; ``reflow``: narrower widths (CSS px) at
        which to check, after the main render, how the page reflows (implies ``structure``);
        ``a11y``: also check its accessibility at ``width`` (``Rendering.a11y``; about a second
        more, so off where only the scores count, as in check-and-revise).
        A candidate that fails still renders (``status`` ``"error"``, with the preview's error
        text on the page); ``RenderError`` is for a browser that fails, a page that hangs it (see
        ``STEP_DEADLINE_S``) or a width out of range (``MIN_WIDTH`` to 4 x ``WIDTH``).
        """
        _check_widths(width, reflow)
        return self._call(
            lambda: self._render_candidate(
                code, target, width, structure or bool(reflow), tuple(reflow), a11y
            )
        )

    def check_reflow(
        self, code: str, target: Target, *, width: int = WIDTH, widths: Sequence[int]
    ) -> tuple[ReflowCheck, ...]:
        """How ``code`` reflows at each of ``widths`` (CSS px), in order: the page is loaded
        ``width`` px wide (the counts there are what the design meant: ``ReflowCheck``), then
        resized to each width and measured again, in one page, without screenshots (see
        ``benchmarks/reflow_sweep_bench.py`` for its cost). Raises ``RenderError`` as
        ``render_code`` does; a candidate that reports an error is measured as it rendered."""
        _check_widths(width, widths)
        return self._call(lambda: self._sweep_candidate(code, target, width, tuple(widths)))

    def prepare(self, width: int = WIDTH, target: Target | None = None) -> None:
        """Make, in the background, what the next ``render_code`` at ``width`` would wait for: a
        fresh context and page (~0.2 s, a new renderer process) and, for React, the JSX compiler
        (~0.6 s, once per browser). Returns at once; meant for a caller with idle time before its
        next render (the app, between a score and the model's next reply), so that making them
        does not compete with its own work. The page is used once, by a candidate of that width;
        does nothing on a closed renderer."""
        if not self._closed:
            asyncio.run_coroutine_threadsafe(self._prepare(width, target), self._loop)

    def compiled_tailwind(self, html: str) -> str:
        """The CSS the vendored ``@tailwindcss/browser`` generates for the HTML page ``html``:
        preflight, theme variables and the utilities its ``class`` attributes use (also those set
        by its scripts while it loads), with its ``<style type="text/tailwindcss">`` blocks applied.

        The page runs as ``render_code`` runs an HTML + Tailwind candidate (policy, no network).
        Raises ``RenderError`` if the browser fails or the runtime produces no CSS.
        """
        return self._call(lambda: self._compile_tailwind(html))

    # --- the event loop's side -----------------------------------------------------------------

    def _call(self, work: Callable[[], Coroutine[Any, Any, _T]]) -> _T:
        if self._closed:
            raise RenderError("The renderer is closed.")
        return asyncio.run_coroutine_threadsafe(self._serialised(work), self._loop).result()

    async def _serialised(self, work: Callable[[], Coroutine[Any, Any, _T]]) -> _T:
        async with self._lock:
            await self._ensure_browser()
            try:
                return await work()
            except _MissedDeadline as missed:
                logger.warning("a page hung the renderer's browser (%s); replacing the browser", missed.what)
                await self._discard_browser()
                raise RenderError(
                    f"The page kept the browser busy for more than {missed.seconds:.0f} s while "
                    f"{missed.what} (an endless loop?). It was stopped and the browser replaced."
                ) from None
            except PlaywrightError as error:
                if self._browser is None or not self._browser.is_connected():
                    await self._discard_browser()
                raise RenderError(f"Chromium could not render the page: {error.message}") from error
            except (_Tampered, KeyError, TypeError, ValueError) as error:
                # The renderer's scripts run in the page's own realm: a page that redefines the
                # built-ins they use breaks them, or makes them return nonsense. Its render
                # fails; nothing else does.
                raise RenderError(
                    "The page could not be read: its code changed the browser's own functions that "
                    "Handoff measures pages with."
                ) from error

    async def _ensure_browser(self) -> None:
        if self._browser is not None and self._browser.is_connected():
            return
        if self._browser is not None:
            await self._discard_browser()
        if self._playwright is None:
            self._playwright = await async_playwright().start()
        try:
            self._browser = await self._playwright.chromium.launch(
                executable_path=self._path,
                args=[*CHROMIUM_ARGS, *isolation_args(self._server.base)],
                env=self._env,
            )
        except PlaywrightError as error:
            raise RenderError(
                f"Chromium did not start from {self._path}: install Debian's chromium or set "
                f"HANDOFF_CHROMIUM ({error.message.splitlines()[0]})"
            ) from error

    async def _discard_browser(self) -> None:
        """Close the browser (the next render starts a new one); stop the driver if it will not."""
        browser, self._browser = self._browser, None
        self._drop_next_page()
        self._compiler = None
        if browser is None:
            return
        self.replaced += 1
        try:
            await asyncio.wait_for(browser.close(), CLOSE_DEADLINE_S)
        except (PlaywrightError, TimeoutError):
            await self._stop_playwright()

    async def _stop_playwright(self) -> None:
        playwright, self._playwright = self._playwright, None
        if playwright is not None:
            try:
                await asyncio.wait_for(playwright.stop(), CLOSE_DEADLINE_S)
            except (PlaywrightError, TimeoutError):
                logger.warning("the Playwright driver did not stop in time")

    async def _shutdown(self) -> None:
        async with self._lock:
            browser, self._browser = self._browser, None
            self._drop_next_page()
            self._compiler = None
            try:
                if browser is not None:
                    await asyncio.wait_for(browser.close(), CLOSE_DEADLINE_S)
            except (PlaywrightError, TimeoutError):
                pass  # the driver's stop below ends it
            finally:
                await self._stop_playwright()

    async def _step(self, work: Awaitable[_T], seconds: float, what: str) -> _T:
        """``work`` within ``seconds``, else ``_MissedDeadline`` (``what``: the step, in words)."""
        try:
            return await asyncio.wait_for(work, seconds)
        except TimeoutError:
            raise _MissedDeadline(what, seconds) from None

    async def _evaluate(
        self, frame: Frame, script: str, arg: Any = None, *, seconds: float = STEP_DEADLINE_S
    ) -> Any:
        try:
            return await self._step(frame.evaluate(script, arg), seconds, "running the renderer's scripts")
        except PlaywrightError as error:
            if self._browser is None or not self._browser.is_connected():
                raise
            raise _Tampered(error.message.split("\n", 1)[0]) from error

    async def _new_context(self, blocked: list[str], width: int = WIDTH) -> BrowserContext:
        if self._browser is None:
            raise RenderError("The renderer is closed.")
        context = await self._browser.new_context(
            viewport={"width": width, "height": INITIAL_HEIGHT},
            device_scale_factor=1,
            service_workers="block",
        )
        local = self._server.base + "/"

        async def handle(route: Route) -> None:
            url = route.request.url
            if url.startswith(local):
                await route.continue_()
            else:
                blocked.append(url)
                await route.abort("blockedbyclient")

        async def close_socket(socket: WebSocketRoute) -> None:
            blocked.append(socket.url)
            await socket.close()

        await context.add_init_script(NO_WEBRTC_JS)
        await context.route("**/*", handle)
        await context.route_web_socket(re.compile(".*"), close_socket)
        return context

    async def _prepare(self, width: int, target: Target | None) -> None:
        async with self._lock:
            try:
                await self._ensure_browser()
                if self._next_page is None:
                    self._next_page = asyncio.ensure_future(self._blank_page(width))
                if target is Target.REACT_TAILWIND and (self._compiler is None or self._compiler.is_closed()):
                    self._compiler = await self._compiler_page()
            except (PlaywrightError, RenderError, _MissedDeadline) as error:
                logger.debug("preparing the next render failed (%s); it will make its own", error)

    async def _blank_page(self, width: int) -> _BlankPage:
        """A fresh context and page for a candidate ``width`` px wide, listening for its statuses."""
        if self._browser is None:
            raise RenderError("The renderer is closed.")
        browser = self._browser
        blocked: list[str] = []
        context = await self._new_context(blocked, width)
        try:
            page = await context.new_page()
            statuses = _Statuses()
            await page.expose_binding(STATUS_BINDING, statuses.add)
            # The preview document reports to its parent; at the top level that is the page itself.
            await page.add_init_script(STATUS_LISTENER_JS)
        except BaseException:
            with contextlib.suppress(PlaywrightError, _MissedDeadline):
                await self._close_context(context)
            raise
        return _BlankPage(browser, context, page, statuses, blocked, width)

    async def _take_blank_page(self, width: int) -> _BlankPage:
        """The page ``prepare`` made if it suits, else a new one. Either is fresh: no document
        has been in its context."""
        ready, self._next_page = self._next_page, None
        if ready is not None:
            try:
                blank = await ready
            except (PlaywrightError, RenderError):
                logger.debug("the page made ready for the next candidate failed; making another")
            else:
                if blank.width == width and blank.browser is self._browser and blank.browser.is_connected():
                    return blank
                await self._close_context(blank.context)
        return await self._blank_page(width)

    def _drop_next_page(self) -> None:
        """Forget the page made ready in advance (its browser is going: it goes with it)."""
        ready, self._next_page = self._next_page, None
        if ready is not None:
            ready.cancel()
            ready.add_done_callback(_quiet)

    async def _compiled_jsx(self, code: str) -> str | None:
        """The module Babel makes of a React candidate's ``code`` (``COMPILE_OPTIONS``), compiled as
        the app's preview pane compiles it: by Babel loaded once, in a page of the renderer's own
        that runs none of the code. ``None`` when Babel rejects the code (or that page is gone):
        the candidate then compiles in its own page, which shows the error as the app shows it."""
        try:
            if self._compiler is None or self._compiler.is_closed():
                self._compiler = await self._compiler_page()
            result = await self._step(
                self._compiler.evaluate(COMPILE_JSX_JS, [code, COMPILE_OPTIONS]),
                STEP_DEADLINE_S,
                "compiling its JSX",
            )
        except PlaywrightError:
            if self._browser is None or not self._browser.is_connected():
                raise
            logger.warning("the renderer's JSX compiler failed; the candidate compiles in its own page")
            self._compiler = None
            return None
        compiled = result.get("code") if isinstance(result, dict) else None
        return compiled if isinstance(compiled, str) else None

    async def _compiler_page(self) -> Page:
        """A page with nothing but the vendored Babel loaded, in a context of its own."""
        runtime = self._server.base + "/vendor"
        babel = f'<script src="{runtime}/{runtime_files()["babel"]}"></script>'
        key = self._server.share_page(f"<!DOCTYPE html><html><head>{babel}</head><body></body></html>")
        context = await self._new_context([])
        try:
            page = await context.new_page()
            await self._step(
                page.goto(
                    f"{self._server.base}/host/{key}", wait_until="load", timeout=LOAD_TIMEOUT_S * 1000
                ),
                LOAD_TIMEOUT_S + STEP_DEADLINE_S,
                "loading the JSX compiler",
            )
        except BaseException:
            with contextlib.suppress(PlaywrightError, _MissedDeadline):
                await self._close_context(context)
            raise
        finally:
            self._server.forget(key)
        return page

    async def _close_context(self, context: BrowserContext) -> None:
        await self._step(context.close(), CLOSE_DEADLINE_S, "closing the page")

    def _escaped(self, mark: int, blocked: list[str]) -> tuple[str, ...]:
        """``blocked`` plus what the server refused since ``mark`` (what slipped past routing)."""
        refused, _ = self._server.refused_since(mark)
        page_own = [url for url in refused if not BROWSER_OWN_HOSTS.search(_host(url))]
        return (*blocked, *page_own)

    async def _screenshot(self, page: Page, cdp: CDPSession) -> tuple[bytes, int]:
        """A full-page PNG of ``page`` and its height, with the very pixels of Playwright's
        ``page.screenshot(full_page=True, animations="disabled")`` (the same preparation, size and
        capture: see ``SHOT_PREPARE_JS``), but from Chromium's fast PNG encoder (``optimizeForSpeed``:
        lossless, larger, about 60 ms less a capture of a 1280 x 3,400 px page), which Playwright
        does not offer."""
        for frame in page.frames:
            await self._evaluate_quietly(frame, SHOT_PREPARE_JS)
        try:
            size = await self._evaluate(page.main_frame, SHOT_SIZE_JS)
            if not isinstance(size, dict):
                raise _Tampered("the page has no body to capture")
            width, height = int(size["width"]), int(size["height"])
            viewport = page.viewport_size or {"width": 0, "height": 0}
            fits = width <= viewport["width"] and height <= viewport["height"]
            shot = await self._step(
                cdp.send(
                    "Page.captureScreenshot",
                    {
                        "format": "png",
                        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
                        "captureBeyondViewport": not fits,
                        "optimizeForSpeed": True,
                    },
                ),
                STEP_DEADLINE_S,
                "taking its screenshot",
            )
        finally:
            for frame in page.frames:
                await self._evaluate_quietly(frame, SHOT_CLEANUP_JS)
        png = base64.b64decode(shot["data"])
        with Image.open(io.BytesIO(png)) as opened:
            return png, opened.height

    async def _evaluate_quietly(self, frame: Frame, script: str) -> None:
        """Run ``script`` in ``frame``, ignoring its failure (a frame that went away), not a hang."""
        try:
            await self._step(frame.evaluate(script), STEP_DEADLINE_S, "running the renderer's scripts")
        except PlaywrightError:
            if self._browser is None or not self._browser.is_connected():
                raise

    async def _painted_blocks(
        self, page: Page, cdp: CDPSession, png: bytes
    ) -> asyncio.Task[tuple[TextBlock, ...]]:
        """The page's painted text (``text_probe``): two probe renders, then the page's own styles back.

        The screenshots are decoded, and the blocks found, on a worker thread while the browser
        goes on (the next capture, the reflow checks): the returned task gives the blocks."""
        frame = page.main_frame
        loop = asyncio.get_running_loop()
        decoding = [loop.run_in_executor(None, rgb_pixels, png)]
        try:
            owners = await self._evaluate(frame, PROBE_SETUP_JS, list(PROBE_TEXT_TAGS))
            try:  # read before the screenshots: a page that tampered with the probe costs none
                listed = [(int(item["owner"]), [str(t) for t in item["texts"]]) for item in owners]
            except (KeyError, TypeError, ValueError) as error:
                raise _Tampered("the page changed the renderer's text probe") from error
            if not listed:
                await self._evaluate(frame, PROBE_RESTORE_JS)
                for decode in decoding:
                    decode.cancel()
                return asyncio.ensure_future(_no_blocks())
            for offset in (0, PROBE_OFFSET):
                await self._evaluate(frame, PROBE_COLOURS_JS, [*PALETTE_LEVELS, offset])
                probe, _ = await self._screenshot(page, cdp)
                decoding.append(loop.run_in_executor(None, rgb_pixels, probe))
            await self._evaluate(frame, PROBE_RESTORE_JS)
        except BaseException:
            for decode in decoding:
                decode.cancel()
            raise
        return asyncio.ensure_future(_found_blocks(decoding, listed))

    async def _render_reference(
        self, page_path: Path, *, width: int, structure: bool, reflow: tuple[int, ...], a11y: bool
    ) -> Rendering:
        blocked: list[str] = []
        key = self._server.share_folder(page_path.parent)
        _, mark = self._server.refused_since(0)
        context = await self._new_context(blocked, width)
        try:
            page = await context.new_page()
            url = f"{self._server.base}/page/{key}/{quote(page_path.name)}"
            status: Status = "loaded"
            try:
                await self._step(
                    page.goto(url, wait_until="load", timeout=LOAD_TIMEOUT_S * 1000),
                    LOAD_TIMEOUT_S + STEP_DEADLINE_S,
                    "loading the page",
                )
            except PlaywrightError as error:
                if "Timeout" not in error.message:
                    raise
                status = "timeout"
            # As the benchmark screenshots were taken: a 1280 x 720 viewport, the full page captured
            # beyond it (so ``vh`` stays 720 px and the page does not grow with its viewport).
            await asyncio.sleep(0.05)
            frame = page.main_frame
            facts = _structure(await self._evaluate(frame, STRUCTURE_JS, "body")) if structure else None
            content_width = int(await self._evaluate(frame, CONTENT_WIDTH_JS))
            cdp = await context.new_cdp_session(page)
            png, height = await self._screenshot(page, cdp)
            finding = await self._painted_blocks(page, cdp, png)
            try:
                audit = await audit_page(page, cdp, self._step) if a11y else None
                if facts is not None and reflow:
                    full = await self._evaluate(frame, REFLOW_JS, REFLOW_ARGS)
                    checks = [await self._reflow(page, narrow, full) for narrow in reflow]
                    facts = PageStructure(facts.elements, facts.subtrees, tuple(checks))
            except BaseException:
                finding.cancel()
                raise
            blocks = await finding
            escaped = self._escaped(mark, blocked)
            return Rendering(
                png, max(content_width, width), height, blocks, status, "", escaped, facts, audit
            )
        finally:
            await self._close_context(context)
            self._server.forget(key)

    async def _open_candidate(self, code: str, target: Target, width: int) -> tuple[_BlankPage, str]:
        """A fresh page ``width`` px wide with the candidate's document shared (its key, for
        ``forget``), not loaded yet."""
        runtime = self._server.base + "/vendor"
        compiled = await self._compiled_jsx(code) if target is Target.REACT_TAILWIND else None
        document = generated_document(code, target, runtime, compiled=compiled)
        blank = await self._take_blank_page(width)
        return blank, self._server.share_page(document, policy=preview_policy_header(runtime))

    async def _load_candidate(self, blank: _BlankPage, key: str) -> tuple[Status, str]:
        """Load the shared candidate ``key`` in ``blank``'s page and wait until it settles: its status."""
        page = blank.page
        try:
            await self._step(
                page.goto(
                    f"{self._server.base}/host/{key}",
                    wait_until="domcontentloaded",
                    timeout=LOAD_TIMEOUT_S * 1000,
                ),
                LOAD_TIMEOUT_S + STEP_DEADLINE_S,
                "loading the page",
            )
        except PlaywrightError as error:
            if "Timeout" not in error.message:
                raise
            raise _MissedDeadline("loading the page", LOAD_TIMEOUT_S) from None
        status, message = await blank.statuses.outcome()
        # Statuses can be posted just before an endless loop starts: check it still answers.
        await self._step(page.evaluate("() => 1"), RESPONSIVE_DEADLINE_S, "answering after it rendered")
        await asyncio.sleep(0.05)
        return status, message

    async def _sweep_candidate(
        self, code: str, target: Target, width: int, widths: tuple[int, ...]
    ) -> tuple[ReflowCheck, ...]:
        """The reflow checks of the candidate loaded ``width`` px wide, at each of ``widths`` in
        turn: one page, resized and measured again, with no screenshot."""
        blank, key = await self._open_candidate(code, target, width)
        try:
            await self._load_candidate(blank, key)
            full = await self._evaluate(blank.page.main_frame, REFLOW_JS, REFLOW_ARGS)
            return tuple([await self._reflow(blank.page, narrow, full) for narrow in widths])
        finally:
            await self._close_context(blank.context)
            self._server.forget(key)

    async def _render_candidate(
        self, code: str, target: Target, width: int, structure: bool, reflow: tuple[int, ...], a11y: bool
    ) -> Rendering:
        blank, key = await self._open_candidate(code, target, width)
        context, page, blocked = blank.context, blank.page, blank.blocked
        _, mark = self._server.refused_since(0)
        finding: asyncio.Task[tuple[TextBlock, ...]] | None = None
        try:
            status, message = await self._load_candidate(blank, key)
            frame = page.main_frame
            root = "#root" if target is Target.REACT_TAILWIND else "body"
            facts = _structure(await self._evaluate(frame, STRUCTURE_JS, root)) if structure else None
            cdp = await context.new_cdp_session(page)
            png, height = await self._screenshot(page, cdp)
            # The blocks are found on a worker thread while the page reflows and closes.
            finding = await self._painted_blocks(page, cdp, png)
            # At the width scored, after the probe put the page's own colours back, before reflow.
            audit = await audit_page(page, cdp, self._step) if a11y else None
            if facts is not None and reflow:
                full = await self._evaluate(frame, REFLOW_JS, REFLOW_ARGS)
                checks = [await self._reflow(page, narrow, full) for narrow in reflow]
                facts = PageStructure(facts.elements, facts.subtrees, tuple(checks))
            escaped = self._escaped(mark, blocked)
        except BaseException:
            if finding is not None:
                finding.cancel()
            raise
        finally:
            await self._close_context(context)
            self._server.forget(key)
        blocks = await finding if finding is not None else ()
        return Rendering(png, width, height, blocks, status, message, escaped, facts, audit)

    async def _reflow(self, page: Page, width: int, full: dict[str, Any]) -> ReflowCheck:
        """Lay the page out ``width`` px wide and check it there against the ``full``-width counts."""
        await self._step(
            page.set_viewport_size({"width": width, "height": INITIAL_HEIGHT}), STEP_DEADLINE_S, "resizing"
        )
        frame = page.main_frame
        await self._evaluate(
            frame, "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )
        raw = await self._evaluate(frame, REFLOW_JS, REFLOW_ARGS)
        return ReflowCheck(
            width=int(raw["width"]),
            overflow_px=float(raw["overflow_px"]),
            overlaps=int(raw["overlaps"]),
            clipped=int(raw["clipped"]),
            overlaps_at_full=int(full["overlaps"]),
            clipped_at_full=int(full["clipped"]),
            squeezed=int(raw["squeezed"]),
            squeezed_at_full=int(full["squeezed"]),
        )

    async def _compile_tailwind(self, html: str) -> str:
        runtime = self._server.base + "/vendor"
        document = generated_document(html, Target.HTML_TAILWIND, runtime)
        key = self._server.share_page(document, policy=preview_policy_header(runtime))
        context = await self._new_context([])
        try:
            page = await context.new_page()
            await self._step(
                page.goto(
                    f"{self._server.base}/host/{key}", wait_until="load", timeout=LOAD_TIMEOUT_S * 1000
                ),
                LOAD_TIMEOUT_S + STEP_DEADLINE_S,
                "loading the page",
            )
            arg = [runtime_files()["tailwind"], LOAD_TIMEOUT_S * 1000]
            result = cast(
                dict[str, Any],
                await self._evaluate(
                    page.main_frame, TAILWIND_CSS_JS, arg, seconds=LOAD_TIMEOUT_S + STEP_DEADLINE_S
                ),
            )
        finally:
            await self._close_context(context)
            self._server.forget(key)
        css, error = str(result["css"]), str(result["error"])
        if error or not css.strip():
            reason = error or ("its build did not finish" if not result["settled"] else "it produced no CSS")
            raise RenderError(f"The Tailwind runtime could not compile the page's CSS: {reason}.")
        return css


class _Statuses:
    """The statuses a candidate reports (through ``STATUS_BINDING``), and when it has settled:
    at its first "rendered", or ``ERROR_GRACE_S`` after its first error."""

    ERRORS_KEPT: Final = 20  # a flood of error statuses is cut here

    def __init__(self) -> None:
        self.rendered = False
        self.errors: list[str] = []
        self._settled = asyncio.Event()

    def add(self, source: object, state: object = "", message: object = "") -> None:
        if state == "rendered":
            self.rendered = True
            self._settled.set()
        elif state == "error" and len(self.errors) < self.ERRORS_KEPT:
            self.errors.append(str(message)[:4000])
            if len(self.errors) == 1:
                asyncio.get_running_loop().call_later(ERROR_GRACE_S, self._settled.set)

    async def outcome(self) -> tuple[Status, str]:
        """Wait until settled (at most ``LOAD_TIMEOUT_S``): the status and the error messages."""
        try:
            await asyncio.wait_for(self._settled.wait(), LOAD_TIMEOUT_S)
        except TimeoutError:
            if not self.rendered:
                return "timeout", f"The preview did not report within {LOAD_TIMEOUT_S:.0f} s."
        return ("rendered" if self.rendered else "error"), "\n".join(self.errors)


@dataclass(frozen=True)
class _BlankPage:
    """A fresh context and its page, before any document: what a candidate is rendered in."""

    browser: Browser
    context: BrowserContext
    page: Page
    statuses: _Statuses
    blocked: list[str]
    width: int


def _check_widths(width: int, reflow: Sequence[int]) -> None:
    """``RenderError`` for a viewport width out of range (``MIN_WIDTH`` to ``MAX_WIDTH``)."""
    for value in (width, *reflow):
        if not MIN_WIDTH <= value <= MAX_WIDTH:
            raise RenderError(f"Cannot render {value} px wide: use {MIN_WIDTH} to {MAX_WIDTH} px.")


def _quiet(task: asyncio.Future[Any]) -> None:
    """Retrieve a dropped task's outcome, so that its failure is not reported as unhandled."""
    if not task.cancelled():
        task.exception()


async def _no_blocks() -> tuple[TextBlock, ...]:
    return ()


async def _found_blocks(
    decoding: list[asyncio.Future[NDArray[np.uint8]]], owners: list[tuple[int, list[str]]]
) -> tuple[TextBlock, ...]:
    """``probe_blocks`` of the page and its two probes, once decoded, on a worker thread."""
    try:
        page, first, second = [await decode for decode in decoding]
    except BaseException:
        for decode in decoding:
            decode.cancel()
        raise
    return await asyncio.get_running_loop().run_in_executor(None, probe_blocks, page, first, second, owners)


def _host(request: str) -> str:
    """The host of a refused request: an absolute URL, or ``CONNECT host:port``."""
    if request.startswith("CONNECT "):
        return request.removeprefix("CONNECT ")
    return urlsplit(request).netloc


def _structure(raw: dict[str, Any]) -> PageStructure:
    elements = tuple(
        Element(
            tag=str(item["tag"]),
            role=str(item["role"]),
            kind=str(item["kind"]),
            position=str(item["position"]),
            x=float(item["x"]),
            y=float(item["y"]),
            width=float(item["width"]),
            height=float(item["height"]),
            text=str(item["text"]),
            depth=int(item["depth"]),
        )
        for item in raw["elements"]
    )
    return PageStructure(elements, tuple(str(s) for s in raw["subtrees"]))
