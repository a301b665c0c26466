"""Files that are not workshops are refused with one sentence and left unchanged."""

import hashlib
import sqlite3
import subprocess
import sys

import pytest

from digitalmotor_desktop.core.errors import DamagedFile, NewerFileVersion, NotAWorkshopFile, UserError
from digitalmotor_desktop.store.document import open_document
from digitalmotor_desktop.store.migrations import SCHEMA_VERSION


def _text(path, _workshop):
    path.write_text("organisation,respondent\nVänersborg,IT-chef\n", encoding="utf-8")


def _other_sqlite(path, _workshop):
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    connection.commit()
    connection.close()


def _truncated(path, workshop):
    data = workshop.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _newer(path, workshop):
    path.write_bytes(workshop.read_bytes())
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.commit()
    connection.close()


def _empty(path, _workshop):
    path.write_bytes(b"")


BAD_FILES = {
    "text": (_text, NotAWorkshopFile, "not a Digital motor workshop file"),
    "other-sqlite": (_other_sqlite, NotAWorkshopFile, "another program"),
    "truncated": (_truncated, DamagedFile, "damaged"),
    "newer": (_newer, NewerFileVersion, "newer version"),
    "empty": (_empty, NotAWorkshopFile, "not a Digital motor workshop file"),
}


@pytest.fixture(params=sorted(BAD_FILES))
def bad_file(request, tmp_path, fyrbodal_file):
    make, error, phrase = BAD_FILES[request.param]
    path = tmp_path / f"{request.param}.dmw"
    make(path, fyrbodal_file)
    return path, error, phrase


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_open_refuses_with_typed_error(bad_file):
    path, error, phrase = bad_file
    before = digest(path)
    with pytest.raises(error, match=phrase):
        open_document(path)
    assert digest(path) == before
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name)) == [path.name]


def test_cli_prints_one_sentence_and_exits_non_zero(bad_file):
    path, _error, phrase = bad_file
    before = digest(path)
    result = subprocess.run([sys.executable, "-m", "digitalmotor_desktop", "info", str(path), "--json"],
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and phrase in lines[0] and path.name in lines[0]
    assert "Traceback" not in result.stderr
    assert digest(path) == before


def test_gui_shows_the_sentence_in_a_dialog(bad_file, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from digitalmotor_desktop.gui.main_window import MainWindow

    path, _error, phrase = bad_file
    before = digest(path)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()))
    window = MainWindow()
    qtbot.addWidget(window)
    window.try_to(lambda: window.open_path(path))
    assert len(shown) == 1 and path.name in shown[0]
    assert window.session is None
    assert digest(path) == before


def test_missing_file_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        open_document(tmp_path / "nowhere.dmw")
