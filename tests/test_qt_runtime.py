"""The installed Qt binding must not leak references on ordinary calls.

PySide6 6.12.0 under Python 3.11 loses one reference to None per call; after a
few thousand key presses in the capture view the process aborts with
"deallocating None". pyproject.toml excludes it; this test keeps it excluded.
"""

import sys

import pytest
from PySide6.QtWidgets import QLabel


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12: its count never moves")
def test_qt_calls_do_not_leak_none(qapp):
    label = QLabel()
    label.setText("warm-up")
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("x")
        label.isVisible()
    assert sys.getrefcount(None) - before > -50
