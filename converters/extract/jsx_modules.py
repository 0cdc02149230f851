"""React code parsed into its top-level declarations: what each declares, what it refers to.

A real parser (tree-sitter's JavaScript grammar, which includes JSX; its TSX grammar for
TypeScript), not patterns: the project export splits a module into one file per component with
it (``converters.export.react_split``) and the app lists the components it finds. Only the top
level is read: a declaration's references are every identifier in it (an over-estimate when a
local name shadows a top-level one, which only ever adds an import).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Final, Literal

import tree_sitter
import tree_sitter_javascript
import tree_sitter_typescript

DeclarationKind = Literal["import", "component", "value", "type", "export", "comment", "other"]
"""``component``: a function component (capitalised function, arrow function in a const, memo or
forwardRef, class); ``value``: any other declaration (a data array, a helper); ``type``: an
interface, type alias or enum; ``export``: ``export default App;`` and the like; ``other``: a
statement that runs code at the top level (nothing to move safely)."""

_COMPONENT_NAME: Final = re.compile(r"[A-Z][A-Za-z0-9_$]*")
_REFERENCES: Final = frozenset({"identifier", "type_identifier", "shorthand_property_identifier"})
_FUNCTIONS: Final = frozenset({"arrow_function", "function_expression", "function"})
_WRAPPERS: Final = re.compile(r"(?:React\s*\.\s*)?(?:memo|forwardRef)\s*\(")
_TYPES: Final = frozenset({"interface_declaration", "type_alias_declaration", "enum_declaration"})
_VALUES: Final = frozenset(
    {"lexical_declaration", "variable_declaration", "function_declaration", "generator_function_declaration"}
)


@dataclass(frozen=True)
class Declaration:
    """One top-level statement. ``text``: its source without a leading ``export``/``export default``
    (comments right above it included); ``names``: what it declares; ``references``: identifiers
    it uses; ``default``: it is (or names) the default export; ``props``: a component's prop names
    (``("props",)`` when it takes them whole); ``lines``: first and last line, 1-based."""

    kind: DeclarationKind
    text: str
    names: tuple[str, ...]
    references: frozenset[str]
    default: bool
    props: tuple[str, ...]
    lines: tuple[int, int]
    keyword: str
    """``function``, ``class`` or ``const``: how a component is declared (decides how it is exported)."""


@dataclass(frozen=True)
class Module:
    """A parsed module: its declarations in order, and whether it is TypeScript."""

    declarations: tuple[Declaration, ...]
    typescript: bool

    @property
    def components(self) -> tuple[Declaration, ...]:
        return tuple(d for d in self.declarations if d.kind == "component")

    @property
    def default_component(self) -> str | None:
        """The name of the component the module exports by default, if it names one."""
        names = {d.names[0] for d in self.components}
        for declaration in self.declarations:
            if declaration.default and declaration.kind == "component":
                return declaration.names[0]
            if declaration.default and declaration.kind == "export":
                named = [name for name in sorted(declaration.references) if name in names]
                if len(named) == 1:
                    return named[0]
        return None


@cache
def _parser(typescript: bool) -> tree_sitter.Parser:
    grammar = tree_sitter_typescript.language_tsx() if typescript else tree_sitter_javascript.language()
    return tree_sitter.Parser(tree_sitter.Language(grammar))


def parse_module(code: str, *, typescript: bool = False) -> Module | None:
    """``code``'s top-level declarations, or ``None`` when it does not parse (a syntax error, or
    TypeScript read as JavaScript)."""
    source = code.encode("utf-8")
    tree = _parser(typescript).parse(source)
    root = tree.root_node
    if root.has_error:
        return None
    declarations: list[Declaration] = []
    comments: list[tree_sitter.Node] = []
    for node in root.named_children:
        if node.type == "comment":
            comments.append(node)
            continue
        start = comments[0] if comments and comments[-1].end_point[0] + 1 >= node.start_point[0] else node
        comments.clear()
        declarations.append(_declaration(source, node, start))
    for node in comments:  # comments at the end of the module
        declarations.append(_declaration(source, node, node))
    return Module(tuple(declarations), typescript)


def _declaration(source: bytes, node: tree_sitter.Node, start: tree_sitter.Node) -> Declaration:
    lines = (start.start_point[0] + 1, node.end_point[0] + 1)
    lead = source[start.start_byte : node.start_byte].decode("utf-8")
    if node.type == "comment":
        return Declaration("comment", _text(source, node), (), frozenset(), False, (), lines, "")
    if node.type == "import_statement":
        names = tuple(_text(source, n) for n in _walk(node) if n.type == "identifier")
        return Declaration("import", lead + _text(source, node), names, frozenset(), False, (), lines, "")
    inner, default = node, False
    if node.type == "export_statement":
        default = any(child.type == "default" for child in node.children)
        declared = node.child_by_field_name("declaration")
        if declared is None:  # export default <expression>; or export { ... };
            references = frozenset(_references(source, node))
            kind: DeclarationKind = "export" if default else "other"
            return Declaration(kind, lead + _text(source, node), (), references, default, (), lines, "")
        inner = declared
    text = lead + _text(source, inner)
    kind, names, keyword, function = _classify(source, inner)
    references = frozenset(_references(source, inner)) - set(names)
    props = _props(source, function) if kind == "component" and function is not None else ()
    return Declaration(kind, text, names, references, default, props, lines, keyword)


def _classify(
    source: bytes, node: tree_sitter.Node
) -> tuple[DeclarationKind, tuple[str, ...], str, tree_sitter.Node | None]:
    """(kind, declared names, keyword, the component's function node)."""
    if node.type in _TYPES:
        type_name = node.child_by_field_name("name")
        return "type", (_text(source, type_name),) if type_name is not None else (), "", None
    if node.type in ("function_declaration", "class_declaration", "generator_function_declaration"):
        named = node.child_by_field_name("name")
        name = _text(source, named) if named is not None else ""
        keyword = "class" if node.type == "class_declaration" else "function"
        component = (
            _COMPONENT_NAME.fullmatch(name) is not None and node.type != "generator_function_declaration"
        )
        return ("component" if component else "value"), (name,), keyword, node
    if node.type in ("lexical_declaration", "variable_declaration"):
        declarators = [child for child in node.named_children if child.type == "variable_declarator"]
        names = tuple(
            _text(source, n) for d in declarators for n in _walk_pattern(d.child_by_field_name("name"))
        )
        if len(declarators) == 1 and len(names) == 1 and _COMPONENT_NAME.fullmatch(names[0]):
            value = declarators[0].child_by_field_name("value")
            if value is not None and (
                value.type in _FUNCTIONS
                or (value.type == "call_expression" and _WRAPPERS.match(_text(source, value)))
            ):
                function = value if value.type in _FUNCTIONS else _first_function(value)
                return "component", names, "const", function
        return "value", names, "const", None
    if node.type in _VALUES:
        return "value", (), "", None
    return "other", (), "", None


def _props(source: bytes, function: tree_sitter.Node) -> tuple[str, ...]:
    parameters = function.child_by_field_name("parameters") or function.child_by_field_name("parameter")
    if parameters is None:
        return ()
    first = parameters if parameters.type == "identifier" else next(iter(parameters.named_children), None)
    if first is None:
        return ()
    if first.type in ("required_parameter", "optional_parameter"):
        first = first.child_by_field_name("pattern") or first
    if first.type == "identifier":
        return (_text(source, first),)
    if first.type == "assignment_pattern":
        first = first.child_by_field_name("left") or first
    if first.type != "object_pattern":
        return ()
    props: list[str] = []
    for child in first.named_children:
        if child.type == "shorthand_property_identifier_pattern":
            props.append(_text(source, child))
        elif child.type in ("pair_pattern", "object_assignment_pattern"):
            key = child.child_by_field_name("key") or child.child_by_field_name("left")
            if key is not None:
                props.append(_text(source, key))
        elif child.type == "rest_pattern":
            props.append("..." + _text(source, child).lstrip("."))
    return tuple(props)


def _first_function(node: tree_sitter.Node) -> tree_sitter.Node | None:
    return next((n for n in _walk(node) if n.type in _FUNCTIONS), None)


def _walk_pattern(node: tree_sitter.Node | None) -> list[tree_sitter.Node]:
    """The identifiers a binding pattern declares (``x``, ``{ a, b }``, ``[a, b]``)."""
    if node is None:
        return []
    if node.type == "identifier":
        return [node]
    found = [n for n in _walk(node) if n.type in ("shorthand_property_identifier_pattern", "identifier")]
    return found


def _references(source: bytes, node: tree_sitter.Node) -> set[str]:
    return {_text(source, n) for n in _walk(node) if n.type in _REFERENCES}


def _walk(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    found: list[tree_sitter.Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(reversed(current.children))
    return found


def _text(source: bytes, node: tree_sitter.Node) -> str:
    return source[node.start_byte : node.end_byte].decode("utf-8")
