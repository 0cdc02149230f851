"""The vendored preview runtime: which files ``static/vendor/`` holds, read from its one manifest.

``static/vendor/runtime.json`` names, per logical part of the runtime (``react``, ``react-dom``,
``babel``, ``tailwind``; and ``axe``, the accessibility checker the renderer runs, which no preview
loads), the npm package, its pinned version, the file taken from the tarball and the name it is
vendored under. ``scripts/vendor-runtime.sh`` fetches from the same manifest, so a
version bump is one edit there plus a re-run of the script.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

VENDOR_DIR: Final = Path(__file__).resolve().parents[2] / "static" / "vendor"
"""Where the vendored runtime lives; Streamlit serves it at ``/app/static/vendor/``."""

MANIFEST_NAME: Final = "runtime.json"
RUNTIME_PARTS: Final = ("react", "react-dom", "babel", "tailwind")
"""What a preview document loads."""
AUDIT_PART: Final = "axe"
"""axe-core, which the renderer runs in its own isolated world of a rendered page (never a preview's)."""


@dataclass(frozen=True)
class VendoredFile:
    """One vendored runtime file: npm ``package`` at ``version``; ``source`` is its path in the tarball.

    ``license``: the vendored name of the package's licence; ``notice``: of its third-party
    notices, for a bundle that includes other projects' code (``""`` when it has none)."""

    package: str
    version: str
    source: str
    file: str
    license: str
    notice: str = ""


@cache
def vendored_files() -> dict[str, VendoredFile]:
    """The manifest, by logical name; raises ``FileNotFoundError``/``KeyError`` on a broken checkout."""
    raw = json.loads((VENDOR_DIR / MANIFEST_NAME).read_text(encoding="utf-8"))
    files = {
        name: VendoredFile(
            package=str(entry["package"]),
            version=str(entry["version"]),
            source=str(entry["source"]),
            file=str(entry["file"]),
            license=str(entry["license"]),
            notice=str(entry.get("notice", "")),
        )
        for name, entry in raw.items()
    }
    missing = [name for name in (*RUNTIME_PARTS, AUDIT_PART) if name not in files]
    if missing:
        raise KeyError(f"{VENDOR_DIR / MANIFEST_NAME} lacks {', '.join(missing)}")
    return files


def runtime_files() -> dict[str, str]:
    """Logical name (``react``, ``react-dom``, ``babel``, ``tailwind``) -> file name in ``static/vendor``."""
    files = vendored_files()
    return {name: files[name].file for name in RUNTIME_PARTS}


def audit_script() -> Path:
    """The vendored axe-core bundle (``AUDIT_PART``)."""
    return VENDOR_DIR / vendored_files()[AUDIT_PART].file
