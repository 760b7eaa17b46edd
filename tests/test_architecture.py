"""The domain core stays free of the UI, storage and PDF libraries."""

import ast
import subprocess
import sys
from pathlib import Path

FORBIDDEN = {"textual", "tinydb", "reportlab", "rich"}
DOMAIN = Path(__file__).resolve().parents[1] / "ppei_tui" / "domain"


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_domain_modules_import_no_ui_storage_or_pdf_library():
    files = sorted(DOMAIN.glob("*.py"))
    assert len(files) >= 5
    for path in files:
        assert not imported_roots(path) & FORBIDDEN, path.name


def test_importing_the_domain_loads_none_of_them():
    code = (
        "import sys, pkgutil, importlib, ppei_tui.domain as d\n"
        "for m in pkgutil.iter_modules(d.__path__): importlib.import_module('ppei_tui.domain.' + m.name)\n"
        f"print(sorted(set(m.split('.')[0] for m in sys.modules) & {FORBIDDEN!r}))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert output.stdout.strip() == "[]"
