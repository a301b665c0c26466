"""Qt stays out of the core, and each layer imports only the layers below it (pyproject's import-linter contracts)."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "digitalmotor_desktop"
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


def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    script = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    return subprocess.run([sys.executable, "-c", script, "--no-cache", str(root / "pyproject.toml")],
                          cwd=root, capture_output=True, text=True)


def test_the_layer_contracts_hold():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "upward", "reported"), [
    ("ops/map.py", "digitalmotor_desktop.gui.session", "ops.map -> digitalmotor_desktop.gui.session"),  # an op into the GUI
    ("core/ids.py", "digitalmotor_desktop.store.document", "core.ids -> digitalmotor_desktop.store.document"),
    ("store/map_edit.py", "PySide6.QtCore", "store.map_edit -> PySide6"),  # Qt below the GUI
])
def test_an_upward_import_inside_a_function_breaks_the_contract(tmp_path, module, upward, reported):
    """The contract sees lazy imports too: the one place a shortcut would hide."""
    copy = tmp_path / "project"
    shutil.copytree(PACKAGE, copy / PACKAGE.name, ignore=shutil.ignore_patterns("__pycache__", "forms"))
    shutil.copy(ROOT / "pyproject.toml", copy)
    planted = copy / PACKAGE.name / module
    planted.write_text(planted.read_text(encoding="utf-8") + f"\n\ndef _shortcut():\n    import {upward}  # noqa\n",
                       encoding="utf-8")
    result = _lint_imports(copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"digitalmotor_desktop.{reported}" in result.stdout
