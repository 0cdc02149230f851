"""Code files for a conversion: names derived from the design's name, CSS split out for HTML + CSS."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from converters.conversion import Conversion
from converters.export.archive import zip_files
from converters.targets import Target

_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.I | re.S)


def safe_stem(name: str, fallback: str = "design") -> str:
    """A file-name stem from a user's file name: ASCII letters, digits, ``-`` and ``_`` only."""
    return safe_name(Path(name.replace("\\", "/")).stem, fallback)


def safe_name(text: str, fallback: str = "design") -> str:
    """``text`` as one file or folder name: ASCII letters, digits, ``-`` and ``_`` only (anything
    else, ``.`` and ``/`` too, becomes ``-``), at most 60 characters; ``fallback`` if none is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_text).strip("-_.")
    return cleaned[:60] or fallback


def version_stem(title: str, version: int = 1) -> str:
    """The file-name stem of version ``version`` (from 1) of a design called ``title`` (a title,
    not a file name: nothing after a dot is dropped): ``safe_name(title)``, then ``-v2``, ``-v3``…
    from the second version on, so that no two versions' downloads share a name and the first
    keeps the name it had before there was a second."""
    stem = safe_name(title)
    return stem if version <= 1 else f"{stem[:56].rstrip('-_')}-v{version:d}"


def code_files(conversion: Conversion, stem: str) -> dict[str, str]:
    """File name -> text. React: ``<stem>.jsx``; HTML: ``<stem>.html``; HTML + CSS also
    ``<stem>.css``, with the document's ``<style>`` blocks moved there and linked."""
    if conversion.target is Target.REACT_TAILWIND:
        return {f"{stem}.jsx": conversion.code}
    if conversion.target is Target.HTML_CSS:
        html, css = split_styles(conversion.code, f"{stem}.css")
        if css:
            return {f"{stem}.html": html, f"{stem}.css": css}
    return {f"{stem}.html": conversion.code}


def split_styles(html: str, href: str) -> tuple[str, str]:
    """Move every ``<style>`` block into one stylesheet linked at the first block's place."""
    blocks = [match.group(1).strip("\n") for match in _STYLE.finditer(html)]
    if not blocks:
        return html, ""
    link = f'<link rel="stylesheet" href="{href}">'
    first = True

    def replace(_: re.Match[str]) -> str:
        nonlocal first
        keep, first = first, False
        return link if keep else ""

    linked = _STYLE.sub(replace, html)
    css = "\n\n".join(_dedent(block).strip() for block in blocks) + "\n"
    return linked, css


def free_stem(directory: Path, stem: str, conversion: Conversion) -> str:
    """``stem``, or ``stem-2``, ``stem-3``… so that none of the conversion's files exists yet:
    writing never overwrites a file someone may have edited."""
    candidate, number = stem, 1
    while any((directory / name).exists() for name in code_files(conversion, candidate)):
        number += 1
        candidate = f"{stem}-{number}"
    return candidate


def _dedent(block: str) -> str:
    lines = block.splitlines()
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return "\n".join(line[cut:] for line in lines)


@dataclass(frozen=True)
class Download:
    """One file offered for download: its name, bytes, MIME type and a button label."""

    name: str
    data: bytes = field(repr=False)
    mime: str
    label: str


def downloads(conversion: Conversion, stem: str) -> list[Download]:
    """What the app offers for a result, each labelled with the name it downloads as. React:
    ``<stem>.jsx`` (a component file exporting App);
    HTML + CSS: ``<stem>.zip`` with ``<stem>/index.html`` + ``<stem>/styles.css`` (in a folder, so
    unzipping never scatters files into the folder it is unzipped in), and the single ``<stem>.html``;
    HTML + Tailwind: ``<stem>.html``."""
    code = conversion.code.encode("utf-8")
    if conversion.target is Target.REACT_TAILWIND:
        return [Download(f"{stem}.jsx", code, "text/jsx", f"Download {stem}.jsx")]
    single = Download(f"{stem}.html", code, "text/html", f"Download {stem}.html")
    if conversion.target is Target.HTML_CSS:
        html, css = split_styles(conversion.code, "styles.css")
        archive = zip_files({f"{stem}/index.html": html, f"{stem}/styles.css": css or "/* no styles */\n"})
        return [
            Download(
                f"{stem}.zip", archive, "application/zip", f"Download {stem}.zip (index.html + styles.css)"
            ),
            single,
        ]
    # Tailwind classes only: their CSS is compiled into the page on request (it needs a browser).
    return [Download(f"{stem}.html", code, "text/html", f"Download {stem}.html (Tailwind runtime)")]
