"""How ``handoff convert`` reads the frames of one screen: several design files (a desktop and a
mobile frame), or the pages of one PDF (``--pages``), with their widths read from the images
(``DesignImage.css_width``: a 2x export halved) or given (``--widths``).

The checks are those of every set of frames (``converters.intake.frames.frame_order``: two to
``MAX_FRAMES``, distinct widths a browser renders), made here with names a user recognises (a
PDF's frames are named by their page), before anything is converted. Failures are
``FramesError`` or ``IntakeError`` with a message for the user.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from converters.conversion import Frame, screen_frames
from converters.errors import FramesError, IntakeError
from converters.intake import DesignImage, IntakeLimits, load_design
from converters.intake.frames import check_frame_count, frame_order

ALL_PAGES: Final = "all"
"""``--pages all``: every page of the PDF is a frame."""


@dataclass(frozen=True)
class ScreenFiles:
    """The frames read for one conversion, narrowest first, and the file of the widest (the
    request's ``design``): its ``path`` names the code files, its bytes (``original``) are what
    the library keeps."""

    frames: tuple[Frame, ...]
    path: Path
    original: bytes


def add_frames_arguments(convert: argparse.ArgumentParser) -> None:
    """``--pages`` and ``--widths`` on ``handoff convert``, whose ``images`` may be several files."""
    convert.add_argument(
        "--pages",
        type=page_list,
        metavar="N,N|all",
        help="the frames are these pages of the one PDF given (1-based, comma-separated, or all)",
    )
    convert.add_argument(
        "--widths",
        type=width_list,
        metavar="PX,PX",
        help="each frame's width in CSS px, in the order given (default: read from the images, a 2x "
        "export halved)",
    )


def frames_asked(args: argparse.Namespace) -> bool:
    """Whether ``convert``'s arguments give the frames of a screen (several files, or ``--pages``)."""
    return len(args.images) > 1 or args.pages is not None


def frames_misuse(args: argparse.Namespace) -> str:
    """What is wrong with ``convert``'s frame options, in words ("" when nothing is)."""
    if args.widths is not None and not frames_asked(args):
        return (
            "--widths gives the widths of a screen's frames: give two or more files (or --pages of a "
            "PDF), or leave it out for one design."
        )
    if frames_asked(args) and args.page != 1:
        return "--page picks the page of one design; for frames from a PDF's pages use --pages."
    if args.pages is not None and len(args.images) != 1:
        return (
            "--pages takes the frames from the pages of one PDF: give that one file, or give the "
            "frames as separate files without --pages."
        )
    return ""


def read_screen(args: argparse.Namespace, limits: IntakeLimits) -> ScreenFiles:
    """The frames ``convert``'s arguments give (``frames_asked``, no ``frames_misuse``): its
    files, or ``--pages`` of its one PDF."""
    if args.pages is None:
        return read_screen_files(args.images, widths=args.widths, limits=limits)
    pages: tuple[int, ...] = args.pages
    return read_screen_pages(args.images[0], pages, widths=args.widths, limits=limits)


def width_list(text: str) -> tuple[int, ...]:
    """``--widths``: CSS px widths, comma-separated (``1280,390``), one per frame in the order
    the files (or pages) are given. For argparse: a bad list is an ``ArgumentTypeError``."""
    parts = [part.strip().removesuffix("px") for part in text.split(",")]
    if not all(part.isdigit() and int(part) > 0 for part in parts):
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of widths in px such as 1280,390")
    return tuple(int(part) for part in parts)


def page_list(text: str) -> tuple[int, ...]:
    """``--pages``: PDF pages, 1-based and comma-separated (``1,2``), or ``all`` (``()``). For
    argparse: a bad list is an ``ArgumentTypeError``."""
    if text.strip().lower() == ALL_PAGES:
        return ()
    parts = [part.strip() for part in text.split(",")]
    if not all(part.isdigit() and int(part) > 0 for part in parts):
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of page numbers such as 1,2 (or 'all')")
    return tuple(int(part) for part in parts)


def read_screen_files(
    paths: Sequence[Path], *, widths: Sequence[int] | None = None, limits: IntakeLimits | None = None
) -> ScreenFiles:
    """The frames of one screen from ``paths``, one design file each (page 1 of a PDF).
    ``widths``: each frame's width in CSS px, in the order of ``paths``; ``None`` reads them
    from the images.

    Raises ``IntakeError`` for a file that cannot be read (naming it) and ``FramesError`` for
    frames that cannot go together (one, more than ``MAX_FRAMES``, two of one width, a width
    out of range, a ``widths`` list of another length).
    """
    check_frame_count([path.name for path in paths])  # before reading them: a mistake costs nothing
    loaded = [(path, read_bytes(path)) for path in paths]
    designs = [load_design(data, path.name, limits=limits) for path, data in loaded]
    return _screen(designs, [path.name for path in paths], loaded, widths)


def read_screen_pages(
    path: Path,
    pages: Sequence[int],
    *,
    widths: Sequence[int] | None = None,
    limits: IntakeLimits | None = None,
) -> ScreenFiles:
    """The frames of one screen from the ``pages`` (1-based; none: all) of the PDF at
    ``path``; ``widths`` and the errors as for ``read_screen_files`` (a page that does not exist
    is a ``PageNotFoundError``)."""
    data = read_bytes(path)
    first = load_design(data, path.name, page=pages[0] if pages else 1, limits=limits)
    numbers = list(pages) or list(range(1, first.page_count + 1))
    names = [f"{path.name} page {number}" for number in numbers]
    check_frame_count(names)  # before rendering the other pages
    designs = [
        first if number == first.page else load_design(data, path.name, page=number, limits=limits)
        for number in numbers
    ]
    return _screen(designs, names, [(path, data)] * len(designs), widths)


def _screen(
    designs: Sequence[DesignImage],
    names: Sequence[str],
    loaded: Sequence[tuple[Path, bytes]],
    widths: Sequence[int] | None,
) -> ScreenFiles:
    chosen = list(widths) if widths is not None else [design.css_width for design in designs]
    if len(chosen) != len(designs):
        raise FramesError(
            f"--widths gives {len(chosen)} width{'s' if len(chosen) != 1 else ''} for {len(designs)} "
            "frames: give one width per frame, in the order of the files (or pages)."
        )
    order = frame_order(chosen, names)  # its messages name the files (or pages) as the user gave them
    path, original = loaded[order[-1]]
    return ScreenFiles(screen_frames(designs, chosen), path, original)


def frames_summary(frames: Sequence[Frame]) -> str:
    """The frames in words, narrowest first: ``mobile.png 390 px, desktop.png 1280 px``."""
    return ", ".join(f"{_frame_name(frame.design)} {frame.width} px" for frame in frames)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or an ``IntakeError`` that names it."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IntakeError(f"Cannot read {path}: {exc.strerror or exc}.") from exc


def _frame_name(design: DesignImage) -> str:
    return f"{design.source_name} page {design.page}" if design.page_count > 1 else design.source_name
