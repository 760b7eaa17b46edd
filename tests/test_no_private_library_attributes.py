"""The package touches no private attribute or module of a library (issue 12 §4).

A private name (`_message_queue`, `_forward_event`, `_suggestion`) or module (`textual._xterm_parser`)
may change in any minor release of Textual or Rich, and the pins allow minor releases. The rules
checked here: every `x._name` the package reads or calls is a name the package itself defines
somewhere (a function, a method, a class or an attribute it assigns), so it cannot belong to a
library; and no import names a private module or name of a library (`import textual._x`,
`from textual._x import y`, `from textual import _x`, importlib.import_module("textual._x")).
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "ppei_tui"
# argparse names the type add_subparsers() returns only privately; typeshed and the standard
# library have kept `_SubParsersAction` since Python 3.2, and it appears in annotations only.
# NamedTuple's methods carry a leading underscore only so as not to clash with field names; they
# are its documented, public API (docs.python.org, collections.namedtuple: _replace, _asdict, ...).
ALLOWED = {"_SubParsersAction", "_replace", "_asdict", "_fields", "_make", "_field_defaults"}
# Private modules (or names imported) of a library that the package may import: none. Textual
# 8.2's paste bug is worked around without one (ui/paste_parser.py says what it leans on).
ALLOWED_IMPORTS: set[str] = set()
OURS = "ppei_tui"


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def defined_names(trees: list[ast.AST]) -> set[str]:
    names: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.add(node.target.id)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names |= {alias.asname or alias.name for alias in node.names}
    return names


def private_uses(path: Path, tree: ast.AST, ours: set[str]) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: .{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.ctx, ast.Load)
        and is_private(node.attr)
        and node.attr not in ours
        and node.attr not in ALLOWED
    ]


def is_library_private(dotted: str) -> bool:
    """Whether `dotted` (a module, or a module and a name) is private to a library."""
    parts = dotted.split(".")
    return parts[0] != OURS and any(is_private(part) for part in parts) and dotted not in ALLOWED_IMPORTS


def imported(node: ast.AST) -> list[str]:
    """What an import (or an importlib.import_module call with a written name) names."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, (ast.Attribute, ast.Name))
        and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id) == "import_module"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return [node.args[0].value]
    return []


def private_imports(path: Path, tree: ast.AST) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE.parent)}:{getattr(node, 'lineno', 0)}: {name}"
        for node in ast.walk(tree)
        for name in imported(node)
        if is_library_private(name)
    ]


def package_trees() -> dict[Path, ast.AST]:
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(PACKAGE.rglob("*.py"))}


def test_no_private_attribute_of_a_library_is_used():
    trees = package_trees()
    assert len(trees) > 50
    ours = defined_names(list(trees.values()))
    found = [use for path, tree in trees.items() for use in private_uses(path, tree, ours)]
    assert found == []


def test_the_check_sees_a_private_textual_attribute():
    # The check must be able to fail: a library's private name read in a module is reported.
    trees = package_trees()
    ours = defined_names(list(trees.values()))
    sample = ast.parse("def f(widget):\n    return widget._message_queue\n")
    assert private_uses(PACKAGE / "sample.py", sample, ours) == ["ppei_tui/sample.py:2: ._message_queue"]


def test_no_private_module_of_a_library_is_imported():
    trees = package_trees()
    assert len(trees) > 50
    found = [use for path, tree in trees.items() for use in private_imports(path, tree)]
    assert found == []


def test_the_check_sees_an_import_of_a_private_textual_module():
    # The check must be able to fail: each way of importing a library's private module is reported.
    sample = ast.parse(
        "import textual._xterm_parser\n"
        "from textual._xterm_parser import XTermParser\n"
        "from textual import _parser\n"
        "import importlib\n"
        "importlib.import_module('textual._ansi_sequences')\n"
        "from textual import events\n"
        "from ppei_tui.ui import _ours\n"
        "from . import _ours_too\n"
        "from __future__ import annotations\n"
    )
    assert private_imports(PACKAGE / "sample.py", sample) == [
        "ppei_tui/sample.py:1: textual._xterm_parser",
        "ppei_tui/sample.py:2: textual._xterm_parser",
        "ppei_tui/sample.py:2: textual._xterm_parser.XTermParser",
        "ppei_tui/sample.py:3: textual._parser",
        "ppei_tui/sample.py:5: textual._ansi_sequences",
    ]


TESTS = Path(__file__).resolve().parent


def test_the_tests_use_no_private_attribute_or_module_of_a_library():
    """The tests too: a helper reading Textual's `_compositor` breaks on a Textual minor release
    while the app itself still works (tests/screen_text.py reads the screen publicly instead)."""
    package = package_trees()
    tests = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(TESTS.glob("*.py"))}
    assert len(tests) > 50
    ours = defined_names(list(package.values()) + list(tests.values()))
    found = [use for path, tree in tests.items() for use in private_uses(path, tree, ours)]
    found += [use for path, tree in tests.items() for use in private_imports(path, tree)]
    assert found == []
