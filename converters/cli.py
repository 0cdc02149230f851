"""The ``handoff`` command.

``serve`` starts the app; ``inspect`` normalises one design file; ``convert`` turns a design
(a file, or a Figma frame's link with ``--figma`` and ``FIGMA_TOKEN``), or the frames of one
screen at several widths (several files, or ``--pages`` of a PDF: ``converters.frames_command``),
into code files with an engine and records it in the library (the app's store:
``HANDOFF_DATA_DIR``/``HANDOFF_DATABASE_URL``);
``list`` shows the library's conversions;
``export`` writes one of them as a project zip; ``share`` prints (or revokes) a conversion's
read-only link (``converters.share_command``); ``models`` lists an endpoint's models; ``eval``
scores an engine on a dataset (``converters.eval_command``). Failures print the user-facing
message and exit non-zero (2 for bad input or settings, 1 for an interrupted reply).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final, TextIO

from converters.access import oidc_configured, refuse_open_serving, secrets_folders
from converters.conversion import (
    CodeEvent,
    Conversion,
    ConversionEvent,
    ConversionRequest,
    Frame,
    Grounding,
    ModelLister,
    ReasoningEvent,
    Revision,
    StatusEvent,
)
from converters.engines import EngineOverrides, create_engine, register_builtin
from converters.errors import HandoffError, NotFoundError, StoreError, StreamInterruptedError
from converters.eval_command import DRAFT_OFFLINE, add_eval_command, add_kind_argument, add_strategy_arguments
from converters.export import code_files, free_stem, safe_stem
from converters.fidelity.service import FidelityService
from converters.figma import import_figma_frame
from converters.frames_command import (
    add_frames_arguments,
    frames_asked,
    frames_misuse,
    frames_summary,
    read_bytes,
    read_screen,
)
from converters.intake import DesignImage, load_design
from converters.intake.limits import MB
from converters.revise import design_scorer
from converters.settings import Settings
from converters.share_command import add_share_command
from converters.store import LibraryItem, Store
from converters.store.fields import clean_author, clean_tags, clean_title
from converters.store.shares import share_url
from converters.strategies import VariantsConverter, asked_converter
from converters.targets import Target
from converters.versions import thread_usage

logger = logging.getLogger(__name__)

APP_PATH = Path(__file__).resolve().parent.parent / "app.py"
SERVER_STOP_S = 10.0  # how long `serve` waits for the server to stop after Ctrl-C


def main(argv: Sequence[str] | None = None) -> int:
    register_builtin()  # the command's engines, and ``handoff eval``'s
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

    convert = commands.add_parser(
        "convert",
        help="convert a design image (or a Figma frame, or a screen's frames at several widths) into code",
    )
    convert.add_argument(
        "images",
        type=Path,
        nargs="*",
        metavar="IMAGE",
        help="the design file (or give --figma); two or more: the frames of one screen at different "
        "widths (desktop, mobile...), converted into one responsive result",
    )
    convert.add_argument(
        "--figma", metavar="URL", help="a Figma frame's link instead of a file (token: FIGMA_TOKEN)"
    )
    convert.add_argument("--target", "-t", required=True, choices=[t.value for t in Target])
    convert.add_argument("--engine", "-e", help="engine (default: HANDOFF_ENGINE, else kimi/offline)")
    convert.add_argument("--model", "-m", help="model id (default: the engine's)")
    convert.add_argument(
        "--out", "-o", type=Path, help="folder for the code files (default: beside the image, or here)"
    )
    convert.add_argument("--page", type=int, default=1, help="PDF page, 1-based (default 1)")
    add_frames_arguments(convert)
    convert.add_argument("--instructions", "-i", default="", help="extra instructions for the model")
    convert.add_argument("--no-thinking", action="store_true", help="turn Kimi's thinking mode off")
    add_strategy_arguments(convert)
    add_kind_argument(convert)
    convert.add_argument("--title", default="", help="title in the library (default: the file name)")
    convert.add_argument("--author", default="", help="author recorded in the library")
    convert.add_argument(
        "--tag", action="append", default=[], help="a tag for the library (repeat, or comma-separated)"
    )
    convert.add_argument("--no-save", action="store_true", help="do not record the conversion in the library")
    convert.set_defaults(run=_convert)

    refine = commands.add_parser(
        "refine", help="ask a model for a change to a saved conversion; it is saved as a new version"
    )
    refine.add_argument("id", help="the conversion to change (see `handoff list`)")
    refine.add_argument("instruction", help='the change, in plain words ("make the header sticky")')
    refine.add_argument("--engine", "-e", help="model engine (default: HANDOFF_ENGINE, else kimi)")
    refine.add_argument("--model", "-m", help="model id (default: the engine's)")
    refine.add_argument("--out", "-o", type=Path, help="folder for the code files (default: here)")
    refine.add_argument("--no-thinking", action="store_true", help="turn Kimi's thinking mode off")
    refine.set_defaults(run=_refine)

    show = commands.add_parser("show", help="print a saved conversion's facts, or its thread of versions")
    show.add_argument("id", help="the conversion's id (see `handoff list`)")
    show.add_argument("--versions", action="store_true", help="the changes that led to it, first to last")
    show.set_defaults(run=_show)

    library = commands.add_parser("list", help="show the conversions saved in the library, newest first")
    library.add_argument("--limit", "-n", type=_positive_int, default=20, help="how many (default 20)")
    library.add_argument("--search", "-s", default="", help="text in the title, author or a tag")
    library.add_argument("--target", "-t", choices=[t.value for t in Target], help="only this target")
    library.add_argument("--engine", "-e", help="only this engine")
    library.add_argument("--json", action="store_true", help="print the conversions as JSON")
    library.set_defaults(run=_list)

    export = commands.add_parser("export", help="write a saved conversion as a project zip")
    export.add_argument("id", help="the conversion's id (see `handoff list`)")
    export.add_argument("--out", "-o", type=Path, help="zip file to write (default: <title>.zip here)")
    export.add_argument("--force", action="store_true", help="replace the zip file if it exists")
    export.set_defaults(run=_export)

    models = commands.add_parser("models", help="list the models an engine's endpoint offers")
    models.add_argument("--engine", "-e", help="engine (default: HANDOFF_ENGINE)")
    models.set_defaults(run=_models)

    add_share_command(commands)
    add_eval_command(commands)
    return parser


MALLOC_ARENAS: Final = "2"
"""glibc's malloc arenas for the app server (``MALLOC_ARENA_MAX``). Its default gives each thread
that allocates an arena of its own (up to 8 per core); conversions and scoring run on many
threads, and what they free stayed spread over those arenas: over 100 conversions in a row the
server grew 1.0 MiB per conversion with the default and 0.12 MiB with 2, ending lower than after
its first ten (benchmarks/load_bench.py, benchmarks/README.md)."""


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    if not APP_PATH.is_file():
        print(
            f"handoff: the app is not next to the package ({APP_PATH} is missing); "
            "install Handoff from its source folder with `pip install -e .`.",
            file=sys.stderr,
        )
        return 2
    # Before anything starts: a network address without sign-in would hand every conversion out.
    refuse_open_serving(args.host, settings, oidc=oidc_configured(secrets_folders(APP_PATH.parent)))
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP_PATH),
        "--server.address", args.host,
        "--server.port", str(args.port),
        "--server.headless", "true",
        "--server.maxUploadSize", str(max(1, round(settings.limits.max_bytes / MB))),
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    print(f"Handoff is starting on http://{args.host}:{args.port}", file=sys.stderr)
    # The project folder is the working directory so .streamlit/config.toml applies.
    environment = {"MALLOC_ARENA_MAX": MALLOC_ARENAS, **os.environ}  # the operator's setting wins
    process = subprocess.Popen(command, cwd=APP_PATH.parent, env=environment)
    # A supervisor's SIGTERM reaches only this process: pass it on, or the server would outlive
    # us (Ctrl-C reaches both already: the terminal signals the whole process group).
    previous = signal.signal(signal.SIGTERM, lambda _signum, _frame: process.terminate())
    try:
        return process.wait()
    except KeyboardInterrupt:
        try:
            process.wait(timeout=SERVER_STOP_S)
        except subprocess.TimeoutExpired:
            process.kill()
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


def _inspect(args: argparse.Namespace, settings: Settings) -> int:
    design = load_design(read_bytes(args.file), args.file.name, page=args.page, limits=settings.limits)
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


def _convert(args: argparse.Namespace, settings: Settings) -> int:
    if bool(args.images) == (args.figma is not None):
        print("handoff: convert takes a design file or --figma URL (one of them).", file=sys.stderr)
        return 2
    misuse = frames_misuse(args)
    if misuse:
        print(f"handoff: {misuse}", file=sys.stderr)
        return 2
    # Checked before the engine runs: a too-long title must not cost a conversion.
    labels = _Labels(clean_title(args.title), clean_author(args.author), clean_tags(args.tag))
    original: bytes | None
    frames: tuple[Frame, ...] = ()
    if args.figma is not None:
        design = import_figma_frame(
            args.figma, None, settings, on_status=lambda text: print(text, file=sys.stderr)
        )
        path, original = Path.cwd() / design.source_name, None  # the library keeps the picture itself
    elif frames_asked(args):
        screen = read_screen(args, settings.limits)
        frames, path, original = screen.frames, screen.path, screen.original
        design = frames[-1].design
        print(f"frames: {frames_summary(frames)}", file=sys.stderr)
    else:
        path = args.images[0]
        original = read_bytes(path)
        design = load_design(original, path.name, page=args.page, limits=settings.limits)
    overrides = EngineOverrides(model=args.model, thinking=False if args.no_thinking else None)
    engine = create_engine(args.engine or settings.engine, settings, overrides)
    progress = _Progress(sys.stderr)
    request = ConversionRequest(
        design=design,
        target=Target(args.target),
        instructions=args.instructions,
        grounding=Grounding(args.grounding or settings.grounding),
        draft=args.draft == DRAFT_OFFLINE,
        frames=frames,
        kind=args.kind,
    )
    scoring: FidelityService | None = None
    if (args.variants > 1 or args.agent) and engine.name == "offline":
        engine.close()
        print(
            "handoff: --variants and --agent ask a model in several ways; the offline engine is not "
            "a model. Choose --engine kimi or openai-compatible.",
            file=sys.stderr,
        )
        return 2
    if (args.revise or args.variants > 1 or args.agent) and engine.name != "offline":
        scoring = FidelityService()
        engine = asked_converter(
            engine,
            design_scorer(scoring, design),
            rounds=args.revise,
            variants=args.variants,
            agent=args.agent,
            max_cost_usd=settings.max_cost_usd,
            picture=settings.revise_picture,
        )
    try:
        conversion = engine.convert(request, progress)
    except StreamInterruptedError as exc:
        progress.done()
        print(f"handoff: {exc}", file=sys.stderr)
        if isinstance(exc.partial, Conversion):  # keep what arrived: it is flagged incomplete
            print(*_write(exc.partial, path, args.out), sep="\n")
            if not args.no_save:
                _record(settings, exc.partial, design, original, labels, error=str(exc))
        return 1
    finally:
        engine.close()
        if scoring is not None:
            scoring.close()
    progress.done()
    _report(conversion)
    if isinstance(engine, VariantsConverter):
        _report_variants(engine)
    print(*_write(conversion, path, args.out), sep="\n")
    if not args.no_save:
        if isinstance(engine, VariantsConverter):  # every variant is kept; the best is saved last: the latest
            for variant in reversed(engine.ranked[1:]):
                if variant.conversion is not None:
                    _record(settings, variant.conversion, design, original, labels, error=variant.error)
        _record(settings, conversion, design, original, labels)
    return 0


def _report_variants(converter: VariantsConverter) -> None:
    """Each variant's score, best first, on stderr."""
    for place, variant in enumerate(converter.ranked, start=1):
        score = f"fidelity {variant.score:.1%}" if variant.score is not None else "not scored"
        best = " (best: written below)" if place == 1 else ""
        error = f": {variant.error}" if variant.error else ""
        print(f"variant {place}. {variant.label}: {score}{best}{error}", file=sys.stderr)
    spent = converter.spent
    if spent is not None:
        cost = f", ${spent.cost_usd:.4f}" if spent.cost_usd is not None else ""
        print(
            f"all variants: {spent.input_tokens:,} input + {spent.output_tokens:,} output tokens{cost}",
            file=sys.stderr,
        )


def _report(conversion: Conversion) -> None:
    """Its notes (how the design was read), warnings, rounds of check and revise and what it
    cost, on stderr."""
    for note in conversion.notes:
        print(f"note: {note}", file=sys.stderr)
    for warning in conversion.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for number, check in enumerate(conversion.checks, start=1):
        after = f"{check.score_after:.0%}" if check.score_after is not None else "-"
        state = "kept" if check.kept else "not kept"
        note = f" {check.note}" if check.note else ""
        before = f"{check.score_before:.0%}" if check.score_before is not None else "-"
        line = f"check {number}: fidelity {before} -> {after}, {state}.{note}"
        print(line, file=sys.stderr)
    if conversion.usage:
        usage = conversion.usage
        cost = f", ${usage.cost_usd:.4f}" if usage.cost_usd is not None else ""
        print(
            f"{conversion.model}: {usage.input_tokens:,} input ({usage.cached_tokens:,} cached) + "
            f"{usage.output_tokens:,} output tokens{cost}, {conversion.timings.total_s:.1f} s",
            file=sys.stderr,
        )


@dataclasses.dataclass(frozen=True)
class _Labels:
    """What ``convert`` records about a conversion besides itself, checked before it runs."""

    title: str
    author: str
    tags: tuple[str, ...]


def _record(
    settings: Settings,
    conversion: Conversion,
    design: DesignImage,
    original: bytes | None,
    labels: _Labels,
    *,
    error: str = "",
    parent_id: str | None = None,
) -> None:
    """Save the conversion in the library and say its id on stderr. The code files are written
    already, so a library that cannot be written is a warning, not a failure."""
    try:
        store = Store.open(settings)
        try:
            item = store.save(
                conversion,
                design,
                original=original,
                title=labels.title,
                author=labels.author,
                tags=labels.tags,
                error=error,
                parent_id=parent_id,
            )
        finally:
            store.close()
    except StoreError as exc:
        print(
            f"warning: the code files are written, but the library did not record them: {exc}",
            file=sys.stderr,
        )
        return
    print(f"Saved as {item.id} (handoff export {item.id} --out FILE.zip)", file=sys.stderr)


def _list(args: argparse.Namespace, settings: Settings) -> int:
    store = Store.open(settings)
    try:
        target = Target(args.target) if args.target else None
        page = store.search(args.search, target=target, engine=args.engine, limit=args.limit)
        links = {item.id: store.share_token(item.id) for item in page.items} if args.json else {}
    finally:
        store.close()
    if args.json:
        print(
            json.dumps(
                [_item_json(item, links[item.id]) for item in page.items], indent=2, ensure_ascii=False
            )
        )
        return 0
    if not page.items:
        matching = " match" if args.search or args.target or args.engine else " are saved yet"
        print(f"No conversions{matching}.", file=sys.stderr)
        return 0
    rows = [("ID", "CREATED", "TITLE", "TARGET", "ENGINE", "COMPLETE")]
    rows += [
        (
            item.id,
            item.created.astimezone().strftime("%Y-%m-%d %H:%M"),
            item.title if len(item.title) <= 40 else item.title[:39] + "…",
            item.target.value,
            item.engine,
            "yes" if item.complete else "no",
        )
        for item in page.items
    ]
    widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    if page.total > len(page.items):
        print(f"{len(page.items)} of {page.total} shown; --limit shows more.", file=sys.stderr)
    return 0


def _item_json(item: LibraryItem, token: str | None) -> dict[str, Any]:
    """One conversion as JSON; ``share_url`` is its read-only link (``handoff share``) or null."""
    data = dataclasses.asdict(item)
    data.update(target=item.target.value, created=item.created.isoformat(), tags=list(item.tags))
    data["share_url"] = share_url(token) if token is not None else None
    return data


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from converters.export import project_zip  # the project builder is heavy: load it only here

    store = Store.open(settings)
    try:
        stored = store.get(args.id)
    except NotFoundError as exc:
        print(f"handoff: {exc} `handoff list` shows the saved conversions.", file=sys.stderr)
        return 2
    finally:
        store.close()
    stem = safe_stem(stored.item.design_name or stored.item.title)
    out: Path = args.out or Path(f"{stem}.zip")
    if out.exists() and not args.force:
        print(f"handoff: {out} exists already; pass --force to replace it.", file=sys.stderr)
        return 2
    data = project_zip(stored.conversion, stem)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(f".{out.name}.{os.getpid()}.part")
        partial.write_bytes(data)
        os.replace(partial, out)  # a reader never sees half a zip
    except OSError as exc:
        print(f"handoff: cannot write {out}: {exc.strerror or exc}.", file=sys.stderr)
        return 2
    print(out)
    return 0


def _refine(args: argparse.Namespace, settings: Settings) -> int:
    store = Store.open(settings)
    try:
        try:
            stored = store.get(args.id)
        except NotFoundError as exc:
            print(f"handoff: {exc} `handoff list` shows the saved conversions.", file=sys.stderr)
            return 2
        item = stored.item
        earlier = tuple(version.instruction for version in store.thread(item.id) if version.instruction)
        design = store.design_image(item.design_key, settings.limits) if item.design_key else None
    finally:
        store.close()
    if design is None:
        print(f"handoff: {item.id} was saved without its design, so a model cannot see it.", file=sys.stderr)
        return 2
    revision = Revision(stored.conversion.code, args.instruction, earlier)  # checked before the engine runs
    overrides = EngineOverrides(model=args.model, thinking=False if args.no_thinking else None)
    engine = create_engine(args.engine or settings.engine, settings, overrides)
    progress = _Progress(sys.stderr)
    request = ConversionRequest(design=design, target=item.target, revision=revision)
    stem_source = Path(item.design_name or item.title or "design")
    out = args.out or Path.cwd()
    labels = _Labels(item.title, item.author, item.tags)
    try:
        conversion = engine.convert(request, progress)
    except StreamInterruptedError as exc:
        progress.done()
        print(f"handoff: {exc}", file=sys.stderr)
        if isinstance(exc.partial, Conversion):  # kept, flagged partial; the parent stays as it was
            print(*_write(exc.partial, stem_source, out), sep="\n")
            _record(settings, exc.partial, design, None, labels, error=str(exc), parent_id=item.id)
        return 1
    finally:
        engine.close()
    progress.done()
    _report(conversion)
    print(*_write(conversion, stem_source, out), sep="\n")
    _record(settings, conversion, design, None, labels, parent_id=item.id)
    return 0


def _show(args: argparse.Namespace, settings: Settings) -> int:
    store = Store.open(settings)
    try:
        try:
            thread = store.thread(args.id) if args.versions else (store.get(args.id).item,)
            usage = thread_usage(store.get(item.id).conversion for item in thread)
        except NotFoundError as exc:
            print(f"handoff: {exc} `handoff list` shows the saved conversions.", file=sys.stderr)
            return 2
    finally:
        store.close()
    for number, item in enumerate(thread, start=1):
        what = f"“{item.instruction}”" if item.instruction else "converted again"
        if number == 1 and not item.instruction:
            what = "first conversion"
        flags = "" if item.complete else " (partial)"
        prefix = f"v{number}  " if args.versions else ""
        print(
            f"{prefix}{item.id}  {item.created.astimezone():%Y-%m-%d %H:%M}  {item.engine}/{item.model}  "
            f"{item.target.value}  {what}{flags}"
        )
    if args.versions and usage.turns:
        cost = "cost unknown" if usage.cost_usd is None else f"${usage.cost_usd:.4f}"
        if usage.unpriced and usage.cost_usd is not None:
            cost += f" (+ {usage.unpriced} turn(s) without a price)"
        print(
            f"{usage.turns} model turn(s): {usage.input_tokens:,} tokens in "
            f"({usage.cached_tokens:,} cached), {usage.output_tokens:,} out, {cost}"
        )
    return 0


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return value


def _write(conversion: Conversion, image: Path, out: Path | None) -> list[Path]:
    directory = out or image.parent
    stem = free_stem(directory, safe_stem(image.name), conversion)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in code_files(conversion, stem).items():
        target = directory / name
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def _models(args: argparse.Namespace, settings: Settings) -> int:
    engine = create_engine(args.engine or settings.engine, settings)
    try:
        if not isinstance(engine, ModelLister):
            print(f"handoff: the {engine.name} engine has no model list.", file=sys.stderr)
            return 2
        models = engine.list_models()
    finally:
        engine.close()
    print(*models, sep="\n")
    return 0


class _Progress:
    """Conversion events as short progress lines on stderr (updated in place on a terminal)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self.reasoning = 0
        self.code = 0
        self._shown = ""

    def __call__(self, event: ConversionEvent) -> None:
        if isinstance(event, StatusEvent):
            self._line(event.text, final=True)
        elif isinstance(event, ReasoningEvent):
            self.reasoning += len(event.text)
            self._line(f"thinking… {self.reasoning:,} characters")
        elif isinstance(event, CodeEvent):
            self.code += len(event.text)
            self._line(f"writing code… {self.code:,} characters")

    def _line(self, text: str, *, final: bool = False) -> None:
        if self.live:
            self.stream.write("\r\033[K" + text + ("\n" if final else ""))
            self.stream.flush()
        elif final or text.split("…")[0] != self._shown:
            self.stream.write(text + "\n")  # not a terminal: one line per phase, not per chunk
        self._shown = "" if final else text.split("…")[0]

    def done(self) -> None:
        if self.live and self._shown:
            self.stream.write("\n")
        self._shown = ""


if __name__ == "__main__":
    sys.exit(main())
