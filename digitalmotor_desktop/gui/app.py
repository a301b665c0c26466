"""Starts the application: QApplication, language, the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# The Qt-free core the window opens a workshop with loads before PySide6: once
# QtCore is imported, PySide6 reads the source of every module imported after it
# (for its opt-in ``__feature__`` switches), which cost about 10 ms at start-up.
import digitalmotor_desktop.core.map_layout  # noqa: F401, I001
import digitalmotor_desktop.ops.changes  # noqa: F401
import digitalmotor_desktop.ops.map  # noqa: F401
import digitalmotor_desktop.store.workshop  # noqa: F401

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from digitalmotor_desktop import APP_NAME, ORGANISATION_NAME
from digitalmotor_desktop.commands import choose_language, sentence, tr, use_language
from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.gui import settings
from digitalmotor_desktop.gui.i18n import install_language

SCREENSHOT_SIZE = (1600, 900)
#: The audience view's screenshot (``--present``): a common projector.
PRESENT_SIZE = (1920, 1080)


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName(ORGANISATION_NAME)
        QCoreApplication.setApplicationName(APP_NAME)
        app = QApplication(sys.argv[:1])
    return app


def _no_display() -> bool:
    """On Linux without X11 or Wayland, Qt would abort with a page of plugin messages."""
    return (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"))


def run(file: Path | None = None, stage: int | None = None, lang: str | None = None,
        screenshot: Path | None = None, size: tuple[int, int] | None = None, present: bool = False) -> int:
    """Opens the window; with ``screenshot`` renders it at ``size`` (default 1600×900) to a PNG and returns
    (with ``present``, the audience view at ``size``, default 1920×1080; without a screenshot, presenting
    starts at once)."""
    if _no_display():
        if screenshot is None:
            print("digitalmotor: " + tr("no display to open a window on (no DISPLAY or WAYLAND_DISPLAY); start it "
                                         "from a desktop session, or use --screenshot to render the window to a "
                                         "file."), file=sys.stderr)
            return 2
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a screenshot needs no screen
    app = application()
    install_language(lang or settings.language())  # --lang is for this run only
    from digitalmotor_desktop.gui.main_window import MainWindow  # after the translators: texts load translated

    window = MainWindow()
    if file is not None:
        try:
            window.open_path(Path(file), stage)
        except UserError as error:
            if screenshot is not None:
                print(f"digitalmotor: {sentence(error)}", file=sys.stderr)  # in the command line's language
                return error.exit_code
            window.show_error(error)
    if stage is not None:
        window.show_stage(stage)
    if screenshot is not None:
        window.resize(*(size or SCREENSHOT_SIZE))
        window.show()
        app.processEvents()
        shown = window.room.audience_snapshot(size or PRESENT_SIZE) if present else window.grab()
        saved = shown.save(str(screenshot))
        window.close()
        window.deleteLater()  # run inside a longer-lived process (tests), the window must not outlive its picture
        return 0 if saved else 1
    window.restore_layout()
    window.show()
    if present:
        window.room.start()
    if os.environ.get(EXIT_WHEN_SHOWN):
        _quit_once_shown(app)
    return app.exec()


#: Set by benchmarks/startup.py: print "shown" and the process's CPU seconds so far once the event loop runs,
#: and quit, to time a real start.
EXIT_WHEN_SHOWN = "DIGITALMOTOR_EXIT_WHEN_SHOWN"


def _quit_once_shown(app: QApplication) -> None:
    import time

    from PySide6.QtCore import QTimer

    def report() -> None:
        app.processEvents()  # the first frame painted: the window's expose waits behind this timer
        print(f"shown {time.process_time()}", flush=True)
        app.quit()

    QTimer.singleShot(0, report)


def main() -> int:
    """``digitalmotor-desktop [FILE]``: the window, as a desktop launcher starts it."""
    arguments = [a for a in sys.argv[1:] if not a.startswith("-")]
    use_language(choose_language([]))  # what it prints on a terminal, as the command line would
    return run(file=Path(arguments[0]) if arguments else None)
