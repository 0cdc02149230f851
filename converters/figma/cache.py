"""Pictures of imported frames kept on disk, by file version, so a second import is quick.

An entry is one folder under the cache directory (``HANDOFF_DATA_DIR/figma-cache``) named by a
digest of the API's base URL, the file key, the node id, the file's ``version``, the depth and the
scale: an edited file has a new version, so its frame is fetched again. An entry holds the
picture (``picture.png``): the images call and the download are what is slow (Figma renders the
frame) and most rate-limited; the node's JSON is asked for each time, since its answer is what
says the file's version. Nothing else is kept: never the token. A cache that cannot be read or
written is skipped with a log line; the import goes on without it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

logger = logging.getLogger(__name__)

CACHE_FORMAT: Final = "1"
"""Bumped when an entry's files change meaning: older entries are then never read."""
PICTURE_FILE: Final = "picture.png"


@dataclass(frozen=True)
class CacheKey:
    """What an entry is the answer to (the token is deliberately not part of it: answers do not
    depend on who asked, only whether they may)."""

    api_base: str
    file_key: str
    node_id: str
    version: str
    depth: int
    scale: int

    def digest(self) -> str:
        parts = (
            CACHE_FORMAT,
            self.api_base,
            self.file_key,
            self.node_id,
            self.version,
            self.depth,
            self.scale,
        )
        return hashlib.sha256("\n".join(map(str, parts)).encode("utf-8")).hexdigest()[:32]


class FrameCache:
    """Entries under ``directory`` (made on first write)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def get(self, key: CacheKey) -> bytes | None:
        """The picture kept for ``key``, else ``None``."""
        folder = self.directory / key.digest()
        try:
            return (folder / PICTURE_FILE).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            logger.warning("figma cache: cannot read %s: %s", folder, exc)
            return None

    def put(self, key: CacheKey, picture: bytes) -> None:
        """Keep ``picture`` for ``key``, whole or not at all (a folder renamed into place)."""
        folder = self.directory / key.digest()
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=self.directory))
            (staging / PICTURE_FILE).write_bytes(picture)
            try:
                os.rename(staging, folder)
            except OSError:  # another import wrote it first: theirs is the same answer
                shutil.rmtree(staging, ignore_errors=True)
        except OSError as exc:
            logger.warning("figma cache: cannot write under %s: %s", self.directory, exc)
