"""The library's layers: converters never imports streamlit, each of its sub-packages imports only
the ones declared below it, and code that reads or keeps results loads no engine."""

from __future__ import annotations

import ast
import graphlib
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Final

PACKAGE = Path(__file__).resolve().parents[2] / "converters"
ROOT: Final = "converters"
"""The package's own ``__init__``, which every import of a sub-package runs first."""

ALLOWED: Final[dict[str, frozenset[str]]] = {
    # The bottom: nothing of converters.
    "errors": frozenset(),
    "targets": frozenset(),
    "cancel": frozenset(),
    "priority": frozenset(),
    "palette": frozenset(),
    "tokens": frozenset({"targets"}),
    "a11y": frozenset(),
    # What every layer reads: designs, prompts, settings, and what a conversion is.
    "intake": frozenset({"errors"}),
    "prompts": frozenset({"errors"}),
    "settings": frozenset({"conversion", "errors", "intake"}),
    ROOT: frozenset({"errors", "intake", "prompts", "settings", "targets"}),
    "conversion": frozenset({"cancel", "errors", "intake", "targets"}),
    # Figma link import: a frame's node and picture through the REST API, as a design.
    "figma": frozenset({"errors", "intake", "settings"}),
    # Code, pages and pictures of them.
    "preview": frozenset({"targets", "tokens"}),
    "extract": frozenset({"errors", "targets"}),
    "render": frozenset({"a11y", "errors", "palette", "preview", "targets"}),
    "ocr": frozenset({"cancel", "errors", "render"}),
    "fidelity": frozenset({"a11y", "intake", "ocr", "palette", "priority", "render", "targets"}),
    # The offline engine, then the registry that builds it and the model engines.
    "offline": frozenset({"cancel", "conversion", "errors", "intake", "ocr", "palette", "targets", "tokens"}),
    "engines": frozenset(
        {
            "cancel",
            "conversion",
            "errors",
            "extract",
            "intake",
            "offline",
            "palette",
            "prompts",
            "settings",
            "targets",
            "tokens",
            "versions",
        }
    ),
    # What runs, keeps and hands over conversions: none of them needs an engine.
    "jobs": frozenset({"cancel", "conversion", "errors", "priority"}),
    "store": frozenset({"conversion", "errors", "intake", "settings", "targets"}),
    "export": frozenset({"conversion", "errors", "extract", "render", "targets", "tokens"}),
    "versions": frozenset({"conversion"}),
    # Who may use the app (sign-in, the team password's check and rate limit).
    "access": frozenset({"errors", "settings"}),
    "revise": frozenset({"cancel", "conversion", "errors", "fidelity", "intake", "versions"}),
    "agent": frozenset({"cancel", "conversion", "errors", "fidelity", "revise"}),
    "strategies": frozenset({"agent", "cancel", "conversion", "errors", "fidelity", "revise", "versions"}),
    # The top: measuring engines, and the command.
    "evaluation": frozenset(
        {
            "a11y",
            "conversion",
            "engines",
            "errors",
            "fidelity",
            "intake",
            "ocr",
            "palette",
            "render",
            "revise",
            "settings",
            "strategies",
            "targets",
        }
    ),
    "eval_command": frozenset({"conversion", "evaluation", "intake", "settings", "strategies", "targets"}),
    "share_command": frozenset({"errors", "settings", "store"}),
    "frames_command": frozenset({"conversion", "errors", "intake"}),
    "cli": frozenset(
        {
            "access",
            "conversion",
            "engines",
            "errors",
            "eval_command",
            "export",
            "fidelity",
            "figma",
            "frames_command",
            "intake",
            "settings",
            "revise",
            "share_command",
            "store",
            "strategies",
            "targets",
            "versions",
        }
    ),
}
"""Which of ``converters``' sub-packages (and top-level modules) each one may import, imports inside
functions included. It is the code's actual map, with no spare edges: a new import between
sub-packages is a decision about layers, made here, and the table must stay acyclic."""

NO_ENGINE_MODULES: Final = (
    "converters.conversion",
    "converters.store",
    "converters.offline.engine",
    "converters.fidelity",
    "converters.export",
    "converters.jobs",
    "converters.versions",
)
"""Modules that read, run or keep conversions without choosing an engine."""


def _unit(path: Path) -> str:
    """The sub-package or top-level module of ``converters`` that ``path`` belongs to."""
    part = path.relative_to(PACKAGE).parts[0]
    return ROOT if part == "__init__.py" else part.removesuffix(".py")


def _units() -> set[str]:
    return {_unit(path) for path in PACKAGE.rglob("*.py")}


def _imported(node: ast.Import | ast.ImportFrom, path: Path, units: set[str]) -> list[str]:
    """The units of ``converters`` that one import statement in ``path`` names."""
    if isinstance(node, ast.Import):
        modules = [alias.name for alias in node.names]
    else:
        module = node.module or ""
        if node.level:  # relative: from the folder of ``path``, one level up per extra dot
            package = list(path.relative_to(PACKAGE.parent).parent.parts)
            base = package[: len(package) - node.level + 1]
            module = ".".join([*base, module] if module else base)
        modules = [module]
        if module == ROOT:  # ``from converters import store`` names the sub-package
            modules = [f"{ROOT}.{alias.name}" if alias.name in units else ROOT for alias in node.names]
    found = []
    for module in modules:
        parts = module.split(".")
        if parts[0] == ROOT:
            found.append(parts[1] if len(parts) > 1 else ROOT)
    return found


def imports_between_units() -> dict[tuple[str, str], list[str]]:
    """Every import from one unit of ``converters`` to another, with where it is (file:line)."""
    units = _units()
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        source = _unit(path)
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _imported(node, path, units):
                    if target != source:
                        edges[source, target].append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return dict(edges)


def _imports_of(top_level: set[str]) -> list[str]:
    """``file: module`` for every import in converters of a module under one of ``top_level``."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [f"{path.name}: {name}" for name in names if name.split(".")[0] in top_level]
    return found


def test_no_module_in_converters_imports_streamlit() -> None:
    assert _imports_of({"streamlit"}) == []


def test_no_module_in_converters_imports_the_training_libraries() -> None:
    """torch and onnx are the optional ``train`` extra: the shipped detector runs on onnxruntime."""
    assert _imports_of({"torch", "onnx"}) == []


def test_importing_every_module_loads_no_streamlit() -> None:
    modules = sorted(
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        for path in PACKAGE.rglob("*.py")
    )
    assert "converters.intake" in modules and "converters.cli" in modules
    program = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print('streamlit' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_every_import_between_subpackages_is_declared() -> None:
    undeclared = {
        f"{source} -> {target}": where
        for (source, target), where in imports_between_units().items()
        if target not in ALLOWED.get(source, frozenset())
    }
    assert undeclared == {}


def test_every_subpackage_is_declared_and_every_declared_import_is_used() -> None:
    assert set(ALLOWED) == _units()
    declared = {(source, target) for source, targets in ALLOWED.items() for target in targets}
    assert sorted(declared - set(imports_between_units())) == []


def test_the_declared_imports_go_one_way() -> None:
    order = list(graphlib.TopologicalSorter(ALLOWED).static_order())  # CycleError on any cycle
    assert set(order) == set(ALLOWED)


def test_the_import_map_sees_imports_inside_functions_and_relative_ones() -> None:
    units = {"store", "engines", "offline"}
    path = PACKAGE / "engines" / "builtin.py"
    tree = ast.parse(
        "def f():\n    from converters.offline.engine import OfflineEngine\n"
        "from . import keys\nfrom .. import store\nimport converters.errors as e\n"
    )
    nodes = [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]
    found = [unit for node in nodes for unit in _imported(node, path, units)]
    assert sorted(found) == ["engines", "errors", "offline", "store"]


def test_reading_running_and_keeping_results_loads_no_engine() -> None:
    program = (
        "import importlib, sys\n"
        f"for name in {list(NO_ENGINE_MODULES)!r}:\n"
        "    importlib.import_module(name)\n"
        "    loaded = [m for m in ('openai', 'converters.engines') if m in sys.modules]\n"
        "    print(name, *loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, cwd=PACKAGE.parent
    )
    assert result.stdout.splitlines() == list(NO_ENGINE_MODULES)
