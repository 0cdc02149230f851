"""Build Figma fixtures: a page rendered in Chromium, its DOM walked into a Figma FRAME node.

    .venv/bin/python scripts/figma_fixtures.py [--pages 117,1002] [--all] [--handmade]
                                               [--out DIR] [--commit]

Each fixture is a folder with ``nodes.json`` (the answer of ``GET /v1/files/KEY/nodes?ids=1:2``:
the FRAME with its TEXT, FRAME, RECTANGLE, VECTOR and INSTANCE nodes, ``absoluteBoundingBox``,
fills, strokes, corner radii, effects, type styles and, for flex containers, auto-layout) and
``picture.png`` (the frame rendered at 2x, what ``GET /v1/images`` would give). The walk is
``scripts/figma_dom_walk.js``.

- ``--pages``/``--all``: development pages of the design2code set (``NNN.html``, 1280 px wide,
  rendered with its ``fonts.conf``: DejaVu only), the whole page as the frame.
- ``--handmade``: the auto-layout pages of ``tests/fixtures/figma/sources/`` (the element with
  ``data-frame`` is the frame).
- ``--out``: where to write (default: a new temporary folder, printed); ``--commit`` writes into
  ``tests/fixtures/figma`` and updates its ``index.json`` (keep committed ones small).

Talks to no network: every request other than a local file is aborted.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT.parent / "shared" / "eval" / "design2code"
FIXTURES = ROOT / "tests" / "fixtures" / "figma"
WALK = (Path(__file__).parent / "figma_dom_walk.js").read_text()
VIEWPORT = {"width": 1280, "height": 720}
PICTURE_SCALE = 2  # as converters.figma.PICTURE_SCALE asks Figma for
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
LAST_MODIFIED = "2026-11-20T09:30:00Z"  # fixed, so rebuilt fixtures compare equal


def file_key(name: str) -> str:
    """A made-up file key of Figma's shape (22 letters and digits), stable for ``name``."""
    digest = hashlib.sha256(name.encode()).hexdigest()
    return "".join(c.upper() if i % 3 == 0 else c for i, c in enumerate(digest[:22]))


def answer(file_name: str, walked: dict[str, Any]) -> dict[str, Any]:
    """``walked`` ({document, components}) as the nodes endpoint's answer for node 1:2."""
    return {
        "name": file_name,
        "role": "owner",
        "lastModified": LAST_MODIFIED,
        "editorType": "figma",
        "thumbnailUrl": "https://s3-alpha.figma.com/thumbnails/00000000-0000-0000-0000-000000000000",
        "version": "2143521904",
        "nodes": {
            walked["document"]["id"]: {
                "document": walked["document"],
                "components": walked["components"],
                "componentSets": {},
                "schemaVersion": 0,
                "styles": {},
            }
        },
    }


def capture(page: Page, url: str, selector: str) -> tuple[dict[str, Any], bytes]:
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready")
    walked = page.evaluate(WALK, selector)
    if selector == "body":
        picture = page.screenshot(full_page=True, animations="disabled")
    else:
        picture = page.locator(selector).screenshot(animations="disabled")
    return walked, picture


def write(out: Path, name: str, nodes: dict[str, Any], picture: bytes) -> None:
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nodes.json").write_text(json.dumps(nodes, separators=(",", ":"), ensure_ascii=False) + "\n")
    (folder / "picture.png").write_bytes(picture)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", default="", help="comma-separated design2code ids")
    parser.add_argument("--all", action="store_true", help="every page of the design2code manifest")
    parser.add_argument("--handmade", action="store_true", help="the hand-made auto-layout pages")
    parser.add_argument("--dataset", type=Path, default=DATASET)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--commit", action="store_true", help="write into tests/fixtures/figma")
    args = parser.parse_args()
    out = FIXTURES if args.commit else (args.out or Path(tempfile.mkdtemp(prefix="figma-fixtures-")))
    pages = [p for p in args.pages.split(",") if p]
    if args.all:
        rows = [
            json.loads(line) for line in (args.dataset / "manifest.jsonl").read_text().splitlines() if line
        ]
        pages = [str(row["id"]) for row in rows]
    entries: list[dict[str, Any]] = []
    env = {**os.environ, "FONTCONFIG_FILE": str(args.dataset / "fonts.conf")}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("HANDOFF_CHROMIUM", "/usr/bin/chromium"),
            args=CHROMIUM_ARGS,
            env=env,
        )
        context = browser.new_context(viewport=VIEWPORT, device_scale_factor=PICTURE_SCALE)
        context.route(
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort(),
        )
        page = context.new_page()
        jobs = [(args.dataset / f"{p}.html", "body", f"d2c-{p}", f"design2code {p}") for p in pages]
        if args.handmade:
            sources = sorted((FIXTURES / "sources").glob("*.html"))
            jobs += [(html, "[data-frame]", html.stem, f"Handoff fixtures: {html.stem}") for html in sources]
        for html, selector, name, file_name in jobs:
            walked, picture = capture(page, html.as_uri(), selector)
            write(out, name, answer(file_name, walked), picture)
            handmade = selector != "body"
            source = (
                f"hand-made (sources/{html.name})"
                if handmade
                else f"design2code {html.name} (ODC-By, see NOTICE)"
            )
            entries.append(
                {
                    "name": name,
                    "file_key": file_key(name),
                    "node_id": walked["document"]["id"],
                    "source": source,
                    "reference_html": None if handmade else html.name,
                }
            )
            print(f"{name}: {len(json.dumps(walked)):,} bytes of nodes", file=sys.stderr)
        browser.close()
    index_path = out / "index.json"
    index = json.loads(index_path.read_text()) if index_path.exists() else []
    names = {entry["name"] for entry in entries}
    index = [entry for entry in index if entry["name"] not in names] + entries
    index_path.write_text(json.dumps(sorted(index, key=lambda e: e["name"]), indent=2) + "\n")
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
