"""Prompt files as data: load from ``prompts/``, substitute strictly, record name and hash.

A prompt file is UTF-8 text named ``<name>.txt`` under the prompts folder; sub-folders give
names like ``targets/react-tailwind``. Placeholders are ``$name`` or ``${name}`` (lower-case
identifiers); ``$$`` is a literal dollar sign. Substitution is exact both ways: a placeholder
without a value and a value without a placeholder are both ``PromptError``, so a renamed
variable cannot silently produce a prompt with a hole in it.
"""

from __future__ import annotations

import hashlib
import re
import string
from dataclasses import dataclass
from pathlib import Path

from converters.errors import PromptError

PROMPT_SUFFIX = ".txt"


class _PromptTemplate(string.Template):
    idpattern = r"[a-z][a-z0-9_]*"
    flags = re.RegexFlag(0)  # placeholders are lower-case only; ``$PATH`` in a prompt is then a mistake


@dataclass(frozen=True)
class Prompt:
    """A rendered prompt: its text plus the name and hash of the template it came from."""

    name: str
    sha256: str
    text: str

    @property
    def short_hash(self) -> str:
        """First 12 hex digits of the template hash, enough to tell versions apart."""
        return self.sha256[:12]


@dataclass(frozen=True)
class PromptTemplate:
    """One prompt file, loaded: ``render`` fills in its placeholders."""

    name: str
    sha256: str
    source: str

    @property
    def placeholders(self) -> frozenset[str]:
        """The variable names the template uses."""
        names = set()
        for match in _PromptTemplate.pattern.finditer(self.source):
            if match.group("invalid") is not None:
                line = self.source.count("\n", 0, match.start()) + 1
                raise PromptError(
                    f"Prompt {self.name!r} has a stray '$' on line {line}; "
                    "write '$$' for a literal dollar sign."
                )
            name = match.group("named") or match.group("braced")
            if name:
                names.add(name)
        return frozenset(names)

    def render(self, **values: object) -> Prompt:
        """Substitute ``values``; every placeholder needs a value and every value a placeholder."""
        wanted = self.placeholders
        missing = sorted(wanted - values.keys())
        unused = sorted(values.keys() - wanted)
        if missing or unused:
            problems = []
            if missing:
                problems.append(f"no value for {', '.join(missing)}")
            if unused:
                problems.append(f"no placeholder for {', '.join(unused)}")
            raise PromptError(f"Prompt {self.name!r}: {'; '.join(problems)}.")
        text = _PromptTemplate(self.source).substitute({k: str(v) for k, v in values.items()})
        return Prompt(name=self.name, sha256=self.sha256, text=text)


class PromptRegistry:
    """The prompt files under one folder, read on first use and cached."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[str, PromptTemplate] = {}

    @classmethod
    def default(cls) -> PromptRegistry:
        """The project's own ``prompts/`` folder (next to the ``converters`` package)."""
        return cls(Path(__file__).resolve().parent.parent / "prompts")

    def names(self) -> list[str]:
        """Names of all prompt files, sorted."""
        if not self.root.is_dir():
            return []
        return sorted(
            path.relative_to(self.root).with_suffix("").as_posix()
            for path in self.root.rglob(f"*{PROMPT_SUFFIX}")
        )

    def get(self, name: str) -> PromptTemplate:
        """Load the template ``name``; raises ``PromptError`` if it does not exist."""
        if name in self._cache:
            return self._cache[name]
        path = (self.root / f"{name}{PROMPT_SUFFIX}").resolve()
        if not path.is_relative_to(self.root.resolve()) or not path.is_file():
            known = ", ".join(self.names()) or "none"
            raise PromptError(f"No prompt named {name!r} in {self.root} (known: {known}).")
        try:
            raw = path.read_bytes()
            source = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PromptError(f"Prompt {name!r} could not be read as UTF-8 text: {exc}") from exc
        template = PromptTemplate(name=name, sha256=hashlib.sha256(raw).hexdigest(), source=source)
        template.placeholders  # noqa: B018 -- fail on a stray '$' at load, not at first use
        self._cache[name] = template
        return template

    def render(self, name: str, **values: object) -> Prompt:
        """Shorthand for ``get(name).render(**values)``."""
        return self.get(name).render(**values)
