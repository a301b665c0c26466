"""Qt stays out of the core: core, store, ops, export and server never import it."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "digitalmotor_desktop"
QT_FREE = ("core", "store", "ops", "export", "server", "commands")
QT_PACKAGES = ("PySide6", "pyqtgraph", "qasync", "shiboken6")


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_no_qt_imports_in_the_core():
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {module}"
        for part in QT_FREE
        for path in (PACKAGE / part).rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in QT_PACKAGES
    ]
    assert offenders == []


def test_the_cli_runs_without_loading_qt():
    code = ("import sys, pkgutil, importlib, digitalmotor_desktop as p\n"
            f"for part in {QT_FREE!r}:\n"
            "    pkg = importlib.import_module(f'digitalmotor_desktop.{part}')\n"
            "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'): importlib.import_module(m.name)\n"
            "import digitalmotor_desktop.cli as c; c.build_parser()\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {QT_PACKAGES!r}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_sql_lives_in_store_only():
    import re

    pattern = re.compile(r"\.execute(many|script)?\(|\b(SELECT|INSERT INTO|DELETE FROM)\b.*\b(FROM|VALUES|WHERE)\b")
    offenders = [str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
                 if "store" not in path.parts and "forms" not in path.parts
                 and pattern.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
