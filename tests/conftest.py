"""Shared fixtures. Qt runs offscreen, and settings live in a temporary folder:
both set before anything imports Qt, so no test (nor a process a test starts)
reads or writes the user's real settings."""

import asyncio
import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
#: QSettings' home for the whole run; subprocesses inherit it through the environment.
SETTINGS_HOME = tempfile.mkdtemp(prefix="digitalmotor-test-settings-")
os.environ["XDG_CONFIG_HOME"] = SETTINGS_HOME

import pytest  # noqa: E402

from digitalmotor_desktop.ops.workshop import create_workshop  # noqa: E402


def pytest_collection_modifyitems(config, items):
    """For benchmarks/mutation.py: a module's mutants run only that module's own fast tests
    (``DIGITALMOTOR_MUTATION_TESTS=tests/test_x.py,…``), so the run fits its time budget."""
    chosen = os.environ.get("DIGITALMOTOR_MUTATION_TESTS")
    if not chosen:
        return
    keep = tuple(chosen.split(","))
    config.hook.pytest_deselected(items=[item for item in items if not item.nodeid.startswith(keep)])
    items[:] = [item for item in items if item.nodeid.startswith(keep)]


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


@pytest.fixture(autouse=True)
def no_leaks(request, monkeypatch):
    """A GUI test fails if it leaves a top-level widget, a running QThread, an active QTimer or an open
    document behind (as napari's conftest does): each would leak into later tests, or into a user's
    session when the same code runs in the app."""
    if not {"qtbot", "qapp"} & set(request.fixturenames):
        yield
        return
    import gc
    import weakref

    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent, QThread, QTimer
    from PySide6.QtWidgets import QApplication

    from digitalmotor_desktop.store.document import Document

    request.getfixturevalue("qapp")
    before = set(QApplication.topLevelWidgets())
    started: dict[str, list] = {"threads": [], "timers": []}
    documents: list[weakref.ref] = []

    def recording(kind, original):
        def start(self, *args, **kwargs):
            started[kind].append(self)
            return original(self, *args, **kwargs)
        return start

    monkeypatch.setattr(QThread, "start", recording("threads", QThread.start))
    monkeypatch.setattr(QTimer, "start", recording("timers", QTimer.start))
    opening = Document.__init__

    def open_document(self, *args, **kwargs):
        opening(self, *args, **kwargs)
        documents.append(weakref.ref(self))

    monkeypatch.setattr(Document, "__init__", open_document)
    yield
    for _ in range(2):  # closed widgets are deleted later: let Qt and Python finish both
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
        QApplication.processEvents()
        gc.collect()
    leaks = [f"widget {w.__class__.__name__} {w.objectName()!r}" for w in QApplication.topLevelWidgets()
             if w not in before and shiboken6.isValid(w) and not w.inherits("QMenu")
             and w.__class__.__name__ not in {"QTipLabel"}]
    leaks += [f"running thread {t!r}" for t in started["threads"] if shiboken6.isValid(t) and t.isRunning()]
    leaks += [f"active timer {t.objectName() or t!r} ({t.interval()} ms)" for t in started["timers"]
              if shiboken6.isValid(t) and t.isActive()]
    leaks += [f"open document {d().path or ':memory:'}" for d in documents if d() is not None and _is_open(d())]
    if leaks:
        pytest.fail("left behind: " + "; ".join(leaks), pytrace=False)


def _is_open(document) -> bool:
    import sqlite3

    try:
        document.connection.total_changes
    except sqlite3.ProgrammingError as error:
        return "closed" not in str(error)
    return True


@pytest.fixture
def no_gui_loop_running():
    """The GUI's qasync loop marks itself running for good once made (gui/background.py); asyncio tests run
    on pytest-asyncio's own loop, so that mark is lifted while they run and put back after."""
    gui_loop = asyncio.events._get_running_loop()
    asyncio.events._set_running_loop(None)
    yield
    asyncio.events._set_running_loop(gui_loop)
