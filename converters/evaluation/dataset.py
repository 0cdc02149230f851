"""Evaluation datasets: a folder with a ``manifest.jsonl`` (one JSON object per line).

Every line needs ``id`` and ``input`` (an image, relative to the folder); ``reference_html`` makes
it a page item (scored against the rendered page), ``boxes`` a sketch item (scored by element
boxes); ``category`` groups items in the summary. A dataset is all pages, all sketches, or all
plain images (scored against the image itself, as the app scores an upload). A ``fonts.conf`` in
the folder is the font setup its references were rendered with (Design2Code: DejaVu only), and is
used for every render of that dataset. Unknown fields are kept in ``DatasetItem.fields``.

A row may give ``frames`` instead of ``input``: the same screen drawn at several widths, a list
of 2 to ``MAX_FRAMES`` objects ``{"input": image, "width": CSS px}`` of distinct widths, in any
order (kept narrowest first). Its candidate is scored at each frame's width, against the
reference page rendered at that width (page items) or against the frame's image (plain images).
In a dataset, every row gives ``frames`` or none does; sketches take none.

An id list (``--ids-file``) names items of a dataset: one id a line; blank lines are ignored, and
so is a ``#`` at the start of a line or after a space, with the rest of its line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from converters.errors import EvalError, FramesError
from converters.intake.frames import frame_order

DatasetKind = Literal["pages", "sketches", "images"]

_COMMENT = re.compile(r"(?:^|\s)#.*")  # "a#b" stays an id: a comment starts a line or follows a space


@dataclass(frozen=True)
class DatasetFrame:
    """One frame of a frames row: its image and the width (CSS px) it shows the screen at."""

    input: Path
    width: int


@dataclass(frozen=True)
class DatasetItem:
    """One input of a dataset, with its ground truth (paths resolved inside the dataset folder).

    ``frames``: for a row that gives them, the screen at each width, narrowest first; ``input``
    is then the widest frame's image (what an engine that reads one design converts)."""

    id: str
    input: Path
    category: str = ""
    reference_html: Path | None = None
    boxes: Path | None = None
    fields: dict[str, Any] = field(default_factory=dict, compare=False)
    frames: tuple[DatasetFrame, ...] = ()


@dataclass(frozen=True)
class Dataset:
    """A loaded manifest: its folder, kind, items in manifest order and its font setup."""

    root: Path
    kind: DatasetKind
    items: tuple[DatasetItem, ...]
    fontconfig: Path | None = None

    @classmethod
    def load(cls, root: Path) -> Dataset:
        """Read ``root/manifest.jsonl``; ``EvalError`` says which line is wrong and why."""
        root = root.resolve()
        manifest = root / "manifest.jsonl"
        try:
            lines = manifest.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            raise EvalError(f"{root} has no manifest.jsonl: point --dataset at a dataset folder.") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise EvalError(f"Cannot read {manifest}: {exc}.") from exc
        items: list[DatasetItem] = []
        seen: set[str] = set()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            item = _item(root, manifest, number, line)
            if item.id in seen:
                raise EvalError(f"{manifest}:{number}: id {item.id!r} appears twice.")
            seen.add(item.id)
            items.append(item)
        if not items:
            raise EvalError(f"{manifest} lists no items.")
        fonts = root / "fonts.conf"
        return cls(root, _kind(manifest, items), tuple(items), fonts if fonts.is_file() else None)


def _item(root: Path, manifest: Path, number: int, line: str) -> DatasetItem:
    where = f"{manifest}:{number}"
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise EvalError(f"{where}: not valid JSON ({exc.msg}).") from exc
    if not isinstance(raw, dict):
        raise EvalError(f"{where}: each line must be a JSON object.")
    item_id = raw.get("id")
    if not isinstance(item_id, str | int) or not str(item_id).strip():
        raise EvalError(f"{where}: missing 'id'.")
    frames: tuple[DatasetFrame, ...] = ()
    if raw.get("frames") is not None:
        if raw.get("input") is not None:
            raise EvalError(f"{where}: give either 'input' or 'frames', not both.")
        frames = _frames(root, where, raw["frames"])
    return DatasetItem(
        id=str(item_id),
        input=frames[-1].input if frames else _required_file(root, where, raw, "input"),
        category=str(raw.get("category") or ""),
        reference_html=_file(root, where, raw, "reference_html"),
        boxes=_file(root, where, raw, "boxes"),
        fields={k: v for k, v in raw.items() if k not in _KNOWN_FIELDS},
        frames=frames,
    )


_KNOWN_FIELDS = frozenset({"id", "input", "frames", "category", "reference_html", "boxes"})


def _frames(root: Path, where: str, value: Any) -> tuple[DatasetFrame, ...]:
    """The frames of a row, narrowest first; ``EvalError`` says what is wrong with them."""
    shape = 'a list of {"input": image file, "width": CSS px} objects'
    if not isinstance(value, list):
        raise EvalError(f"{where}: 'frames' must be {shape}.")
    frames = []
    for number, entry in enumerate(value, start=1):
        place = f"{where}: frame {number}"
        if not isinstance(entry, dict):
            raise EvalError(f"{place} must be an object with 'input' and 'width' ('frames' is {shape}).")
        width = entry.get("width")
        if isinstance(width, bool) or not isinstance(width, int):
            raise EvalError(f"{place}: 'width' must be a whole number of CSS px, such as 390.")
        frames.append(DatasetFrame(_required_file(root, place, entry, "input"), width))
    if len(frames) < 2:
        raise EvalError(
            f"{where}: 'frames' lists {len(frames)} frame{'s' if len(frames) != 1 else ''}; a frames row "
            "needs two or more widths of the screen (give a single image as 'input')."
        )
    try:
        order = frame_order([f.width for f in frames], [f.input.name for f in frames])
    except FramesError as exc:
        raise EvalError(f"{where}: {exc}") from exc
    return tuple(frames[index] for index in order)


def _required_file(root: Path, where: str, raw: dict[str, Any], key: str) -> Path:
    if raw.get(key) is None:
        raise EvalError(f"{where}: missing '{key}'.")
    path = _file(root, where, raw, key)
    assert path is not None
    return path


def _file(root: Path, where: str, raw: dict[str, Any], key: str) -> Path | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise EvalError(f"{where}: '{key}' must name a file in the dataset folder.")
    path = (root / value).resolve()
    if not path.is_relative_to(root):
        raise EvalError(f"{where}: '{key}' points outside the dataset folder ({value}).")
    if not path.is_file():
        raise EvalError(f"{where}: '{key}' names {value}, which is not in {root}.")
    return path


def _kind(manifest: Path, items: list[DatasetItem]) -> DatasetKind:
    framed = sum(bool(item.frames) for item in items)
    if framed not in (0, len(items)):
        raise EvalError(
            f"{manifest} mixes rows with 'frames' and rows with one 'input': give every row its "
            "frames, or make two datasets."
        )
    pages = sum(item.reference_html is not None for item in items)
    sketches = sum(item.boxes is not None for item in items)
    if framed and sketches:
        raise EvalError(
            f"{manifest}: a sketch item ('boxes') cannot have 'frames'; frames are scored against "
            "a reference page or their own images."
        )
    if pages == len(items) and not sketches:
        return "pages"
    if sketches == len(items) and not pages:
        return "sketches"
    if not pages and not sketches:
        return "images"
    raise EvalError(
        f"{manifest} mixes kinds of ground truth: either every item has 'reference_html', "
        "every item has 'boxes', or none has either."
    )


def parse_id_list(text: str) -> tuple[str, ...]:
    """The ids an id list names, in its order, each once (see the module docstring for the format)."""
    ids = (_COMMENT.sub("", line).strip() for line in text.splitlines())
    return tuple(dict.fromkeys(item_id for item_id in ids if item_id))


def read_id_list(path: Path) -> tuple[str, ...]:
    """The ids listed in the file ``path``; ``EvalError`` if it cannot be read or names none."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # -sig: a list saved by Notepad starts with a BOM
    except FileNotFoundError:
        raise EvalError(f"--ids-file {path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"Cannot read --ids-file {path}: {exc}.") from exc
    ids = parse_id_list(text)
    if not ids:
        raise EvalError(f"--ids-file {path} names no ids (one id a line; # starts a comment).")
    return ids
