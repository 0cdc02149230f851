"""The ``handoff`` command: ``serve`` starts the app, ``inspect`` normalises one design file."""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from converters.errors import HandoffError
from converters.intake import load_design
from converters.intake.limits import MB
from converters.settings import Settings

logger = logging.getLogger(__name__)

APP_PATH = Path(__file__).resolve().parent.parent / "app.py"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.from_env()
        code: int = args.run(args, settings)
        return code
    except HandoffError as exc:
        print(f"handoff: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="handoff", description="Turn UI design images into front-end code.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="start the web app")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    serve.set_defaults(run=_serve)

    inspect = commands.add_parser("inspect", help="normalise a design file and print its facts")
    inspect.add_argument("file", type=Path)
    inspect.add_argument("--page", type=int, default=1, help="PDF page, 1-based (default 1)")
    inspect.add_argument("--out", type=Path, help="also write the normalised PNG here")
    inspect.add_argument("--json", action="store_true", help="print the facts as JSON")
    inspect.set_defaults(run=_inspect)
    return parser


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    if not APP_PATH.is_file():
        print(
            f"handoff: the app is not next to the package ({APP_PATH} is missing); "
            "install Handoff from its source folder with `pip install -e .`.",
            file=sys.stderr,
        )
        return 2
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP_PATH),
        "--server.address", args.host,
        "--server.port", str(args.port),
        "--server.headless", "true",
        "--server.maxUploadSize", str(max(1, round(settings.limits.max_bytes / MB))),
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    print(f"Handoff is starting on http://{args.host}:{args.port}", file=sys.stderr)
    try:
        # The project folder is the working directory so .streamlit/config.toml applies.
        return subprocess.call(command, cwd=APP_PATH.parent)
    except KeyboardInterrupt:
        return 130


def _inspect(args: argparse.Namespace, settings: Settings) -> int:
    path: Path = args.file
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"handoff: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    design = load_design(data, path.name, page=args.page, limits=settings.limits)
    if args.out:
        args.out.write_bytes(design.png)
    if args.json:
        print(json.dumps(design.metadata, indent=2))
        return 0
    print(f"{design.source_name}: {design.source_format.label}, {design.width} × {design.height} px")
    if design.page_count > 1:
        print(f"page {design.page} of {design.page_count}")
    model_width, model_height = design.model_size
    print(f"model copy: {model_width} × {model_height} px, ≈{design.model_tokens:,} image tokens")
    for note in design.notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
