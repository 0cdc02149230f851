"""One React module -> one file per component (``src/components/Name.jsx``) and ``src/App.jsx``.

The module is parsed (``converters.extract.jsx_modules``), never matched with patterns. Each
component goes to its own file with what only it uses (a data array, a helper, a props type)
and the imports it needs (``react``'s, and the other components it renders); what several files
use goes to ``src/data.js`` (``data.ts`` for TypeScript), exported by name. The component the
module exports by default is the app: ``src/App.jsx``, which composes the others.

The module stays one file, and ``Split.note`` says why, when splitting could change what runs:
it has one component; it does not parse; it runs statements at the top level; components render
each other in a cycle; a shared value renders a component; it has no default-exported component.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from converters.extract.jsx_modules import Declaration, Module, parse_module

COMPONENTS_DIR: Final = "src/components"
_EXPORT_PREFIX: Final = re.compile(r"^(\s*(?://[^\n]*\n|/\*.*?\*/\s*)*)export\s+(?:default\s+)?", re.S)


@dataclass(frozen=True)
class Split:
    """The files of the app (path in the project -> text; ``src/App.jsx`` always among them) and
    a note for the README that says how the code was laid out."""

    files: dict[str, str]
    note: str
    components: tuple[str, ...]
    """The components in their own files (the app's excluded), in the module's order."""


def split_components(code: str, *, typescript: bool) -> Split:
    """``code`` (a module with a default export) as files; see the module doc for when it stays one."""
    extension = "tsx" if typescript else "jsx"
    app_path = f"src/App.{extension}"
    module = parse_module(code, typescript=typescript)
    if module is None:
        return _one_file(
            app_path,
            code,
            "The code could not be parsed as "
            + ("TypeScript" if typescript else "JavaScript")
            + f" (the preview's compiler is more lenient), so it stays in one file, `{app_path}`, as the "
            "preview ran it.",
        )
    components = module.components
    if len(components) <= 1:
        name = components[0].names[0] if components else "App"
        return _one_file(
            app_path,
            code,
            f"The code has a single component, `{name}`, so it stays in one file, `{app_path}`.",
        )
    reason = _unsafe(module)
    if reason:
        return _one_file(app_path, code, f"The code stays in one file, `{app_path}`: {reason}.")
    return _split(module, extension)


def _one_file(app_path: str, code: str, note: str) -> Split:
    return Split({app_path: code}, note, ())


def _unsafe(module: Module) -> str:
    """Why splitting ``module`` could change what it does ("" when it is safe)."""
    if any(d.kind == "other" for d in module.declarations):
        return "it runs statements at its top level, which moving into files could reorder"
    app = module.default_component
    if app is None:
        return "its default export is not one of its components"
    graph = {d.names[0]: d.references & _names(module.components) for d in module.components}
    if _has_cycle(graph):
        return "its components render each other in a cycle"
    owners = _owners(module)
    components = _names(module.components)
    for declaration in module.declarations:
        shared = declaration.kind in ("value", "type") and _owner(declaration, owners) is None
        if shared and declaration.references & components:
            return "a value that several components share renders a component"
    return ""


def _split(module: Module, extension: str) -> Split:
    app = module.default_component
    assert app is not None
    owners = _owners(module)
    component_names = _names(module.components)
    shared = [d for d in module.declarations if d.kind in ("value", "type") and _owner(d, owners) is None]
    shared_names = {name for d in shared for name in d.names}
    data_module = f"data.{'ts' if extension == 'tsx' else 'js'}"
    files: dict[str, str] = {}
    order: list[str] = []
    for component in module.components:
        name = component.names[0]
        is_app = name == app
        own = [d for d in module.declarations if d.kind in ("value", "type") and _owner(d, owners) == name]
        exports = [d for d in module.declarations if d.kind == "export"] if is_app else []
        body = [*own, component, *exports]
        used = set().union(*(d.references for d in body))
        here = "./components/" if is_app else "./"
        lines = [
            d.text
            for d in module.declarations
            if d.kind == "import" and (set(d.names) & used or (not d.names and is_app))
        ]
        lines += [
            f'import {other} from "{here}{other}.{extension}";'
            for other in sorted(used & component_names - {name})
        ]
        data_names = sorted(used & shared_names)
        if data_names:
            lines.append(
                f'import {{ {", ".join(data_names)} }} from "{"./" if is_app else "../"}{data_module}";'
            )
        blocks = ["\n".join(lines)] if lines else []
        blocks += [_local(d) for d in own]
        blocks.append(_local(component) if exports else _exported(component))
        blocks += [d.text for d in exports]  # ``export default App;`` as the module had it
        path = f"src/App.{extension}" if is_app else f"{COMPONENTS_DIR}/{name}.{extension}"
        files[path] = "\n\n".join(block.strip("\n") for block in blocks) + "\n"
        if not is_app:
            order.append(name)
    if shared:
        imports = [
            d.text
            for d in module.declarations
            if d.kind == "import" and set(d.names) & set().union(*(d.references for d in shared))
        ]
        blocks = ["\n".join(imports)] if imports else []
        blocks += [_shared(d) for d in shared]
        files[f"src/{data_module}"] = "\n\n".join(block.strip("\n") for block in blocks) + "\n"
    listed = ", ".join(f"`{name}`" for name in order)
    note = (
        f"Each component is in its own file in `{COMPONENTS_DIR}/` ({listed}); `src/App.{extension}` "
        f"composes them" + (f", and `src/{data_module}` holds the data they share" if shared else "") + "."
    )
    return Split(files, note, tuple(order))


def _names(declarations: tuple[Declaration, ...] | list[Declaration]) -> set[str]:
    return {name for d in declarations for name in d.names}


def _owners(module: Module) -> dict[str, str | None]:
    """Value or type name -> the one component that uses it (directly or through other values),
    ``None`` when several do (or none)."""
    values = {name: d for d in module.declarations if d.kind in ("value", "type") for name in d.names}
    users: dict[str, set[str]] = {name: set() for name in values}
    for component in module.components:
        seen: set[str] = set()
        stack = [name for name in component.references if name in values]
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            stack += [ref for ref in values[name].references if ref in values]
        for name in seen:
            users[name].add(component.names[0])
    return {name: next(iter(found)) if len(found) == 1 else None for name, found in users.items()}


def _owner(declaration: Declaration, owners: dict[str, str | None]) -> str | None:
    found = {owners.get(name) for name in declaration.names}
    return found.pop() if len(found) == 1 else None


def _has_cycle(graph: dict[str, frozenset[str]]) -> bool:
    state: dict[str, int] = {}

    def visit(name: str) -> bool:
        state[name] = 1
        for other in graph.get(name, ()):
            if state.get(other) == 1 or (other not in state and visit(other)):
                return True
        state[name] = 2
        return False

    return any(name not in state and visit(name) for name in graph)


def _local(declaration: Declaration) -> str:
    """A declaration kept private to its file (any ``export`` it had dropped)."""
    return _EXPORT_PREFIX.sub(r"\1", declaration.text, count=1)


def _shared(declaration: Declaration) -> str:
    text = _local(declaration)
    match = re.match(r"(\s*(?://[^\n]*\n|/\*.*?\*/\s*)*)", text, re.S)
    lead = match.group(1) if match else ""
    return f"{lead}export {text[len(lead) :]}"


def _exported(component: Declaration) -> str:
    """The component as its file's default export."""
    text = _local(component)
    name = component.names[0]
    if component.keyword in ("function", "class"):
        match = re.match(r"(\s*(?://[^\n]*\n|/\*.*?\*/\s*)*)", text, re.S)
        lead = match.group(1) if match else ""
        return f"{lead}export default {text[len(lead) :]}"
    return f"{text}\n\nexport default {name};"
