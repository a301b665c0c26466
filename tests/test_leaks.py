"""The leak fixture (conftest.no_leaks) fails a GUI test that leaves something behind."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

LEAKY = '''
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QWidget

from digitalmotor_desktop.ops.workshop import create_workshop

KEPT = []


def test_a_widget_shown_and_kept(qtbot):
    KEPT.append(QWidget())
    KEPT[-1].show()


def test_a_timer_left_running(qtbot):
    KEPT.append(QTimer())
    KEPT[-1].start(1000)


class Sleeper(QThread):
    def run(self):
        self.msleep(3000)


def test_a_thread_left_running(qtbot):
    KEPT.append(Sleeper())
    KEPT[-1].start()


def test_a_document_left_open(qtbot):
    KEPT.append(create_workshop(None, "fyrbodal-2020"))


def test_a_widget_cleaned_up_by_qtbot(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
'''


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    folder = tmp_path_factory.mktemp("leaky")
    shutil.copy(Path(__file__).with_name("conftest.py"), folder / "conftest.py")
    (folder / "test_leaky.py").write_text(LEAKY, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", "-q", str(folder)],
                            capture_output=True, text=True, cwd=folder, env={**os.environ, "COLUMNS": "400"})
    return result.stdout


@pytest.mark.parametrize(("test", "reported"), [
    ("test_a_widget_shown_and_kept", "left behind: widget QWidget"),
    ("test_a_timer_left_running", "left behind: active timer"),
    ("test_a_thread_left_running", "left behind: running thread"),
    ("test_a_document_left_open", "left behind: open document :memory:"),
])
def test_each_kind_of_leak_fails_its_test(outcome, test, reported):
    line = next(line for line in outcome.splitlines() if line.startswith("ERROR") and test in line)
    assert reported in line, outcome


def test_what_qtbot_closes_is_no_leak(outcome):
    assert "PASSED test_leaky.py::test_a_widget_cleaned_up_by_qtbot" in outcome, outcome
