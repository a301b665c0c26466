"""Shared fixtures. Qt runs offscreen, and settings live in a temporary folder:
both set before anything imports Qt, so no test (nor a process a test starts)
reads or writes the user's real settings."""

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
#: QSettings' home for the whole run; subprocesses inherit it through the environment.
SETTINGS_HOME = tempfile.mkdtemp(prefix="digitalmotor-test-settings-")
os.environ["XDG_CONFIG_HOME"] = SETTINGS_HOME

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
def private_settings(tmp_path):
    """Each test starts with empty settings of its own (every format and scope, every platform)."""
    from PySide6.QtCore import QSettings

    for scope in (QSettings.UserScope, QSettings.SystemScope):
        for settings_format in (QSettings.NativeFormat, QSettings.IniFormat):
            QSettings.setPath(settings_format, scope, str(tmp_path / "settings"))
    yield tmp_path / "settings"


@pytest.fixture(autouse=True)
def english_after_each_test():
    """Tests that switch the UI language must not leak it into later tests (order independence)."""
    yield
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is not None:
        from digitalmotor_desktop.gui.i18n import install_language

        install_language("en")
