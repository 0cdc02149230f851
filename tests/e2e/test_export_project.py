"""Project exports a developer can use at once: the React zip installs and builds with npm, the HTML
exports render from their files in Chromium with every network request blocked."""

from __future__ import annotations

import functools
import http.server
import io
import os
import shutil
import subprocess
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy
import pytest
from PIL import Image, ImageChops
from playwright.sync_api import Browser, Page, Route

from converters.export import compile_tailwind, project_zip
from converters.offline.emit import emit
from converters.render import Renderer
from converters.targets import Target
from tests.builders import conversion
from tests.unit.test_offline_emit import sample_tree

pytestmark = pytest.mark.e2e

NPM_INSTALL_TIMEOUT_S = 600
NPM_BUILD_TIMEOUT_S = 300
PIXEL_TOLERANCE = 8
"""Channel difference below which two renders' pixels count as the same (anti-aliasing)."""
CHANGED_SHARE = 0.005
"""Share of pixels the built project may draw differently from the preview: the same page, built
by Vite's Tailwind instead of the preview's browser Tailwind, leaves nothing but edge pixels."""
INDIGO_600 = (79, 57, 246)  # Tailwind 4's oklch(51.1% 0.262 276.966) in sRGB
REACT = """import { useState } from 'react';

export default function App() {
  const [count, setCount] = useState(0);
  return (
    <main className="bg-indigo-600 p-4 text-white">
      <h1 className="text-2xl font-bold">Handed off to a developer</h1>
      <button className="mt-2 rounded bg-white px-3 text-indigo-600" onClick={() => setCount(count + 1)}>
        Clicked {count} times
      </button>
    </main>
  );
}
"""
HTML_TAILWIND = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Static Tailwind</title>
  <script src="https://cdn.tailwindcss.com"></script>
</head>
<body>
  <div id="box" class="bg-indigo-600 p-4 text-white">No CDN needed</div>
</body>
</html>
"""
HTML_CSS = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Plain CSS</title>
<style>
  #box { background: #4f46e5; padding: 12px; color: #ffffff; }
</style></head>
<body><div id="box">Styled from styles.css</div></body></html>
"""
# A colour as sRGB bytes, through a canvas (computed styles may be written as oklch()).
RGB_JS = """(selector) => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const context = canvas.getContext("2d");
  context.fillStyle = getComputedStyle(document.querySelector(selector)).backgroundColor;
  context.fillRect(0, 0, 1, 1);
  return Array.from(context.getImageData(0, 0, 1, 1).data.slice(0, 3));
}"""


def _extract(data: bytes, into: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(into)


def _close_to(actual: list[int], expected: tuple[int, int, int], tolerance: int = 3) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


@pytest.fixture
def offline_page(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A page in a fresh context where every request but a local file is aborted (and listed)."""
    blocked: list[str] = []
    context = browser.new_context(viewport={"width": 800, "height": 600})

    def handle(route: Route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", handle)
    try:
        yield context.new_page(), blocked
    finally:
        context.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder served over HTTP on 127.0.0.1 (module scripts do not run from file:// URLs)."""
    root = tmp_path / "site"
    root.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def installed_modules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``node_modules`` of an exported React project, installed once by npm: every React export
    has the same pinned ``package.json``, so the builds below share it instead of installing
    again (an install is the slowest step of these tests)."""
    root = tmp_path_factory.mktemp("npm")
    _extract(project_zip(conversion(REACT, Target.REACT_TAILWIND), "Landing page"), root)
    _npm(
        root / "Landing-page",
        ["install", "--no-audit", "--no-fund", "--prefer-offline"],
        NPM_INSTALL_TIMEOUT_S,
    )
    return root / "Landing-page" / "node_modules"


@pytest.mark.timeout(NPM_INSTALL_TIMEOUT_S + NPM_BUILD_TIMEOUT_S + 60)
def test_react_project_installs_builds_and_runs(
    tmp_path: Path,
    served: tuple[Path, str],
    browser: Browser,
    artifacts_dir: Path,
    installed_modules: Path,
) -> None:
    _extract(project_zip(conversion(REACT, Target.REACT_TAILWIND), "Landing page"), tmp_path)
    project = tmp_path / "Landing-page"
    _npm_build(project, installed_modules)
    dist = project / "dist"
    assert (dist / "index.html").is_file()
    scripts = "".join(path.read_text() for path in (dist / "assets").glob("*.js"))
    styles = "".join(path.read_text() for path in (dist / "assets").glob("*.css"))
    assert "Handed off to a developer" in scripts
    assert ".bg-indigo-600{" in styles and ".p-4{" in styles
    # The build runs: served as a site, it draws the component with its Tailwind styles.
    root, url = served
    shutil.copytree(dist, root, dirs_exist_ok=True)
    page = browser.new_page(viewport={"width": 800, "height": 600})
    try:
        page.goto(url + "/index.html")
        page.get_by_role("button").click()
        assert page.get_by_role("button").inner_text() == "Clicked 1 times"
        assert _close_to(page.evaluate(RGB_JS, "main"), INDIGO_600)
        page.screenshot(path=str(artifacts_dir / "export-react-build.png"))
    finally:
        page.close()


def test_html_tailwind_export_renders_with_no_network(
    chromium_path: str, tmp_path: Path, offline_page: tuple[Page, list[str]], artifacts_dir: Path
) -> None:
    with Renderer(chromium_path=chromium_path) as renderer:
        data = project_zip(
            conversion(HTML_TAILWIND, Target.HTML_TAILWIND),
            "static",
            tailwind_css=lambda html: compile_tailwind(html, renderer),
        )
    _extract(data, tmp_path)
    index = tmp_path / "static" / "index.html"
    assert "cdn.tailwindcss.com" not in index.read_text()
    page, blocked = offline_page
    page.goto(index.as_uri())
    assert _close_to(page.evaluate(RGB_JS, "#box"), INDIGO_600)
    assert page.eval_on_selector("#box", "el => getComputedStyle(el).padding") == "16px"
    assert page.eval_on_selector("body", "el => getComputedStyle(el).margin") == "0px"  # preflight
    assert blocked == []
    page.screenshot(path=str(artifacts_dir / "export-html-tailwind.png"))


def test_html_css_export_renders_with_its_stylesheet(
    tmp_path: Path, offline_page: tuple[Page, list[str]]
) -> None:
    _extract(project_zip(conversion(HTML_CSS, Target.HTML_CSS), "plain"), tmp_path)
    page, blocked = offline_page
    page.goto((tmp_path / "plain" / "index.html").as_uri())
    assert page.evaluate(RGB_JS, "#box") == [79, 70, 229]
    assert page.eval_on_selector("#box", "el => getComputedStyle(el).padding") == "12px"
    assert blocked == []


def _npm(project: Path, command: list[str], timeout: float) -> None:
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip(
            "npm is not installed: install Node.js 20.19+ and npm to build the exported React project"
        )
    env = {**os.environ, "npm_config_update_notifier": "false", "npm_config_loglevel": "error"}
    result = subprocess.run(
        [npm, *command], cwd=project, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"npm {' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"


def _npm_build(project: Path, modules: Path) -> None:
    """``npm run build`` in ``project``, with a copy of the ``node_modules`` installed once."""
    shutil.copytree(modules, project / "node_modules", symlinks=True)
    _npm(project, ["run", "build"], NPM_BUILD_TIMEOUT_S)


@pytest.mark.timeout(NPM_INSTALL_TIMEOUT_S + NPM_BUILD_TIMEOUT_S + 60)
def test_component_project_of_repeated_cards_builds_and_renders_like_the_preview(
    tmp_path: Path,
    served: tuple[Path, str],
    browser: Browser,
    chromium_path: str,
    artifacts_dir: Path,
    installed_modules: Path,
) -> None:
    code = emit(sample_tree(), Target.REACT_TAILWIND)  # three cards and three nav links, mapped
    _extract(project_zip(conversion(code, Target.REACT_TAILWIND), "cards"), tmp_path)
    project = tmp_path / "cards"
    components = sorted(path.name for path in (project / "src" / "components").glob("*.jsx"))
    assert {"Card.jsx", "CardGrid.jsx", "NavLink.jsx", "SiteHeader.jsx", "SiteFooter.jsx"} <= set(components)
    _npm_build(project, installed_modules)
    root, url = served
    shutil.copytree(project / "dist", root, dirs_exist_ok=True)
    with Renderer(chromium_path=chromium_path) as renderer:
        preview = Image.open(io.BytesIO(renderer.render_code(code, Target.REACT_TAILWIND).png)).convert("RGB")
    page = browser.new_page(viewport={"width": preview.width, "height": 600})
    try:
        page.goto(url + "/index.html")
        page.get_by_role("heading", name="Starter").wait_for()
        built = Image.open(io.BytesIO(page.screenshot(full_page=True))).convert("RGB")
    finally:
        page.close()
    built.save(artifacts_dir / "export-components-build.png")
    preview.save(artifacts_dir / "export-components-preview.png")
    assert built.size == preview.size
    difference = numpy.asarray(ImageChops.difference(built, preview)).max(axis=2)
    changed = float((difference > PIXEL_TOLERANCE).mean())
    assert changed < CHANGED_SHARE, changed
