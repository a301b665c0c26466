"""Shared fixtures. Qt runs offscreen: set before anything imports Qt."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from digitalmotor_desktop.ops.workshop import create_workshop  # noqa: E402


@pytest.fixture
def fyrbodal():
    """An in-memory workshop made from the Fyrbodal template."""
    document = create_workshop(None, "fyrbodal-2020")
    yield document
    document.close()


@pytest.fixture
def fyrbodal_file(tmp_path):
    """A workshop file made from the Fyrbodal template (closed; path returned)."""
    path = tmp_path / "workshop.dmw"
    create_workshop(path, "fyrbodal-2020").close()
    return path


@pytest.fixture(autouse=True)
def english_after_each_test():
    """Tests that switch the UI language must not leak it into later tests (order independence)."""
    yield
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is not None:
        from digitalmotor_desktop.gui.i18n import install_language

        install_language("en")
