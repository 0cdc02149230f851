"""The ``Renderer``: one Chromium, reused, that renders reference pages and generated code."""

from __future__ import annotations

import io
import logging
import os
import re
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Self, TypeVar, cast
from urllib.parse import quote

from PIL import Image
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Frame,
    Page,
    Playwright,
    Route,
    WebSocketRoute,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

from converters.errors import RenderError
from converters.preview import generated_document, runtime_files
from converters.render.files import FileServer
from converters.render.page_scripts import (
    CONTENT_HEIGHT_JS,
    CONTENT_WIDTH_JS,
    EXTRACT_JS,
    REFLOW_JS,
    SETTLED_JS,
    STATUS_LISTENER_JS,
    STRUCTURE_JS,
    TAILWIND_CSS_JS,
)
from converters.render.types import (
    ERROR_GRACE_S,
    INITIAL_HEIGHT,
    LOAD_TIMEOUT_S,
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
OFFLINE_ARGS: Final = (
    # Locks behind routing: non-loopback traffic goes to a closed port (loopback bypasses a proxy
    # implicitly), and no host name resolves.
    "--proxy-server=http://127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)


_T = TypeVar("_T")


class Renderer:
    """One Chromium, reused across renders; each render gets a fresh browser context.

    Use as a context manager (or call ``close``). ``chromium_path`` defaults to
    ``HANDOFF_CHROMIUM`` or ``/usr/bin/chromium``; ``fontconfig_file`` sets ``FONTCONFIG_FILE``
    for the browser (the Design2Code benchmark renders with DejaVu only). Raises ``RenderError``
    if the browser cannot start.
    """

    def __init__(self, *, chromium_path: str | None = None, fontconfig_file: Path | None = None) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="handoff-render")
        self._closed = False
        self._server: FileServer | None = None
        path = chromium_path or os.environ.get("HANDOFF_CHROMIUM") or "/usr/bin/chromium"
        env: dict[str, str | float | bool] = dict(os.environ)
        if fontconfig_file is not None:
            env["FONTCONFIG_FILE"] = str(fontconfig_file)
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        try:
            self._call(lambda: self._start(path, env))
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
            self._executor.submit(self._stop).result()
        finally:
            self._executor.shutdown(wait=True)

    def render_html_file(self, path: Path | str, *, structure: bool = False) -> Rendering:
        """Render the HTML page at ``path``; it may load files from its folder and below, nothing else.

        ``structure``: also read the page's DOM facts (``Rendering.structure``). Raises
        ``RenderError`` if the file does not exist or the page cannot be loaded.
        """
        page_path = Path(path).resolve()
        if not page_path.is_file():
            raise RenderError(f"No HTML page at {page_path}.")
        return self._call(lambda: self._render_reference(page_path, structure=structure))

    def render_code(
        self,
        code: str,
        target: Target,
        *,
        width: int = WIDTH,
        structure: bool = False,
        reflow: Sequence[int] = (),
    ) -> Rendering:
        """Render ``code`` written for ``target`` the way the app's preview runs it, ``width`` CSS px wide.

        ``structure``: also read the page's DOM facts; ``reflow``: narrower widths (CSS px) at
        which to check, after the main render, how the page reflows (implies ``structure``).
        A candidate that fails still renders (``status`` ``"error"``, with the preview's error
        text on the page); ``RenderError`` is only for a browser that fails or a width out of
        range (``MIN_WIDTH`` to 4 x ``WIDTH``).
        """
        for value in (width, *reflow):
            if not MIN_WIDTH <= value <= 4 * WIDTH:
                raise RenderError(f"Cannot render {value} px wide: use {MIN_WIDTH} to {4 * WIDTH} px.")
        return self._call(
            lambda: self._render_candidate(code, target, width, structure or bool(reflow), tuple(reflow))
        )

    def compiled_tailwind(self, html: str) -> str:
        """The CSS the vendored ``@tailwindcss/browser`` generates for the HTML page ``html``:
        preflight, theme variables and the utilities its ``class`` attributes use (also those set
        by its scripts while it loads), with its ``<style type="text/tailwindcss">`` blocks applied.

        The page runs as ``render_code`` runs an HTML + Tailwind candidate (policy, no network).
        Raises ``RenderError`` if the browser fails or the runtime produces no CSS.
        """
        return self._call(lambda: self._compile_tailwind(html))

    # --- worker thread -------------------------------------------------------------------------

    def _call(self, work: Callable[[], _T]) -> _T:
        if self._closed:
            raise RenderError("The renderer is closed.")
        try:
            return self._executor.submit(work).result()
        except PlaywrightError as error:
            raise RenderError(f"Chromium could not render the page: {error.message}") from error

    def _start(self, chromium_path: str, env: dict[str, str | float | bool]) -> None:
        self._server = FileServer()
        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=chromium_path, args=[*CHROMIUM_ARGS, *OFFLINE_ARGS], env=env
            )
        except PlaywrightError as error:
            raise RenderError(
                f"Chromium did not start from {chromium_path}: install Debian's chromium or set "
                f"HANDOFF_CHROMIUM ({error.message.splitlines()[0]})"
            ) from error

    def _stop(self) -> None:
        try:
            if self._browser is not None:
                self._browser.close()
        finally:
            self._browser = None
            try:
                if self._playwright is not None:
                    self._playwright.stop()
            finally:
                self._playwright = None
                if self._server is not None:
                    self._server.close()
                    self._server = None

    def _new_context(self, blocked: list[str], width: int = WIDTH) -> BrowserContext:
        if self._browser is None or self._server is None:
            raise RenderError("The renderer is closed.")
        context = self._browser.new_context(
            viewport={"width": width, "height": INITIAL_HEIGHT},
            device_scale_factor=1,
            service_workers="block",
        )
        local = self._server.base + "/"

        def handle(route: Route) -> None:
            url = route.request.url
            if url.startswith(local):
                route.continue_()
            else:
                blocked.append(url)
                route.abort("blockedbyclient")

        def close_socket(socket: WebSocketRoute) -> None:
            blocked.append(socket.url)
            socket.close()

        context.route("**/*", handle)
        context.route_web_socket(re.compile(".*"), close_socket)
        return context

    def _render_reference(self, page_path: Path, *, structure: bool) -> Rendering:
        blocked: list[str] = []
        assert self._server is not None
        key = self._server.share_folder(page_path.parent)
        context = self._new_context(blocked)
        try:
            page = context.new_page()
            url = f"{self._server.base}/page/{key}/{quote(page_path.name)}"
            status: Status = "loaded"
            try:
                page.goto(url, wait_until="load", timeout=LOAD_TIMEOUT_S * 1000)
            except PlaywrightError as error:
                if "Timeout" not in error.message:
                    raise
                status = "timeout"
            # As the benchmark screenshots were taken: a 1280 x 720 viewport, the full page captured
            # beyond it (so ``vh`` stays 720 px and the page does not grow with its viewport).
            height = min(max(int(page.main_frame.evaluate(CONTENT_HEIGHT_JS)), 1), MAX_HEIGHT)
            page.wait_for_timeout(50)
            blocks = _blocks(page.main_frame)
            facts = _structure(page.main_frame, "body") if structure else None
            width = int(page.main_frame.evaluate(CONTENT_WIDTH_JS))
            png = page.screenshot(full_page=True, type="png", animations="disabled")
            with Image.open(io.BytesIO(png)) as shot:
                height = shot.height
            return Rendering(png, max(width, WIDTH), height, blocks, status, "", tuple(blocked), facts)
        finally:
            context.close()
            self._server.forget(key)

    def _render_candidate(
        self, code: str, target: Target, width: int, structure: bool, reflow: tuple[int, ...]
    ) -> Rendering:
        blocked: list[str] = []
        assert self._server is not None
        document = generated_document(code, target, self._server.base + "/vendor")
        key = self._server.share_page(document)
        context = self._new_context(blocked, width)
        try:
            page = context.new_page()
            # The preview document reports to its parent; at the top level that is the page itself.
            page.add_init_script(STATUS_LISTENER_JS)
            url = f"{self._server.base}/host/{key}"
            page.goto(url, wait_until="domcontentloaded", timeout=LOAD_TIMEOUT_S * 1000)
            status, message = _wait_status(page)
            frame = page.main_frame
            height = min(max(int(frame.evaluate(CONTENT_HEIGHT_JS)), 1), MAX_HEIGHT)
            page.wait_for_timeout(50)
            blocks = _blocks(frame)
            root = "#root" if target is Target.REACT_TAILWIND else "body"
            facts = _structure(frame, root) if structure else None
            png = page.screenshot(full_page=True, type="png", animations="disabled")
            with Image.open(io.BytesIO(png)) as shot:
                height = shot.height
            if facts is not None and reflow:
                full = _reflow_counts(frame)
                checks = tuple(_reflow(page, narrow, full) for narrow in reflow)
                facts = PageStructure(facts.elements, facts.subtrees, checks)
            return Rendering(png, width, height, blocks, status, message, tuple(blocked), facts)
        finally:
            context.close()
            self._server.forget(key)

    def _compile_tailwind(self, html: str) -> str:
        assert self._server is not None
        document = generated_document(html, Target.HTML_TAILWIND, self._server.base + "/vendor")
        key = self._server.share_page(document)
        context = self._new_context([])
        try:
            page = context.new_page()
            page.goto(f"{self._server.base}/host/{key}", wait_until="load", timeout=LOAD_TIMEOUT_S * 1000)
            arg = [runtime_files()["tailwind"], LOAD_TIMEOUT_S * 1000]
            result = cast(dict[str, Any], page.evaluate(TAILWIND_CSS_JS, arg))
        finally:
            context.close()
            self._server.forget(key)
        css, error = str(result["css"]), str(result["error"])
        if error or not css.strip():
            reason = error or ("its build did not finish" if not result["settled"] else "it produced no CSS")
            raise RenderError(f"The Tailwind runtime could not compile the page's CSS: {reason}.")
        return css


def _wait_status(page: Page) -> tuple[Status, str]:
    """Wait for the candidate's "rendered" (or an error and the grace period); never raises on timeout."""
    try:
        page.wait_for_function(
            SETTLED_JS, arg=ERROR_GRACE_S * 1000, timeout=LOAD_TIMEOUT_S * 1000, polling=50
        )
    except PlaywrightError as error:
        if "Timeout" not in error.message:
            raise
        return "timeout", f"The preview did not report within {LOAD_TIMEOUT_S:.0f} s."
    statuses = cast(list[dict[str, Any]], page.evaluate("() => window.__statuses"))
    errors = [str(s["message"]) for s in statuses if s["state"] == "error"]
    if any(s["state"] == "rendered" for s in statuses):
        return "rendered", "\n".join(errors)
    return "error", "\n".join(errors)


def _structure(frame: Frame, root: str) -> PageStructure:
    raw = cast(dict[str, Any], frame.evaluate(STRUCTURE_JS, root))
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


def _reflow_counts(frame: Frame) -> dict[str, Any]:
    return cast(dict[str, Any], frame.evaluate(REFLOW_JS))


def _reflow(page: Page, width: int, full: dict[str, Any]) -> ReflowCheck:
    """Lay the page out ``width`` px wide and check it there against the ``full``-width counts."""
    page.set_viewport_size({"width": width, "height": INITIAL_HEIGHT})
    frame = page.main_frame
    frame.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    raw = _reflow_counts(frame)
    return ReflowCheck(
        width=int(raw["width"]),
        overflow_px=float(raw["overflow_px"]),
        overlaps=int(raw["overlaps"]),
        clipped=int(raw["clipped"]),
        overlaps_at_full=int(full["overlaps"]),
        clipped_at_full=int(full["clipped"]),
    )


def _blocks(frame: Frame) -> tuple[TextBlock, ...]:
    started = time.monotonic()
    raw = cast(list[dict[str, Any]], frame.evaluate(EXTRACT_JS))
    blocks = tuple(
        TextBlock(
            text=str(item["text"]),
            x=float(item["x"]),
            y=float(item["y"]),
            width=float(item["width"]),
            height=float(item["height"]),
            color=(int(item["color"][0]), int(item["color"][1]), int(item["color"][2])),
        )
        for item in raw
    )
    logger.debug("%d text blocks in %.0f ms", len(blocks), (time.monotonic() - started) * 1000)
    return blocks
