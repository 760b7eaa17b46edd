"""The package touches no private attribute of a library (issue 12 §4).

A private name (`_message_queue`, `_forward_event`, `_suggestion`) may change in any minor
release of Textual or Rich, and the pins allow minor releases. The rule checked here: every
`x._name` the package reads or calls is a name the package itself defines somewhere (a function,
a method, a class or an attribute it assigns), so it cannot belong to a library.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "ppei_tui"
# argparse names the type add_subparsers() returns only privately; typeshed and the standard
# library have kept `_SubParsersAction` since Python 3.2, and it appears in annotations only.
ALLOWED = {"_SubParsersAction"}


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
