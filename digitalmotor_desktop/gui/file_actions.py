"""File → New, Open, Save a copy and Open recent: the dialogs that choose a workshop file.

The main window opens and closes what they choose (``MainWindow.open_path``);
this part only asks where, in the folder of the last workshop opened.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from digitalmotor_desktop import DOCUMENT_SUFFIX
from digitalmotor_desktop.core.i18n import filled
from digitalmotor_desktop.gui import settings


class FileActions(QObject):
    """The workshop-file part of the main window's File menu (and of the start page's buttons)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        ui = window.ui
        ui.actionNew.triggered.connect(self.new_workshop)
        ui.actionOpen.triggered.connect(self.choose_and_open)
        ui.actionSaveCopy.triggered.connect(self.save_copy)
        ui.menuRecent.aboutToShow.connect(self.fill_recent_menu)

    def choose_and_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open workshop"), self.last_folder(),
                                              self.file_filter())
        if path:
            self.window.try_to(lambda: self.window.open_path(Path(path)))

    def new_workshop(self) -> None:
        from digitalmotor_desktop.gui.new_workshop_dialog import NewWorkshopDialog, create_new_workshop  # not at start-up

        dialog = NewWorkshopDialog(self.window)
        if not dialog.exec():
            return
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save the new workshop as"),
                                              str(Path(self.last_folder()) / f"workshop{DOCUMENT_SUFFIX}"),
                                              self.file_filter())
        if not path:
            return
        path = Path(path).with_suffix(DOCUMENT_SUFFIX)

        def create() -> None:
            create_new_workshop(path, dialog.template(), dialog.title())
            self.window.open_path(path)

        self.window.try_to(create)

    def save_copy(self) -> None:
        session = self.window.session
        if session is None:
            return
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save a copy"), self.last_folder(),
                                              self.file_filter())
        if path:
            self.window.try_to(lambda: session.document.save_copy(Path(path).with_suffix(DOCUMENT_SUFFIX)))
            self.window.statusBar().showMessage(filled(self.tr("Copy saved to {file}"), file=Path(path).name), 5000)

    def fill_recent_menu(self) -> None:
        menu = self.window.ui.menuRecent
        menu.clear()
        recent = settings.recent_files()
        for number, path in enumerate(recent, start=1):
            action = menu.addAction(f"&{number} {Path(path).name}")
            action.setToolTip(path)
            action.triggered.connect(
                lambda _checked=False, p=path: self.window.try_to(lambda: self.window.open_path(Path(p))))
        if not recent:
            menu.addAction(self.tr("No recent workshops")).setEnabled(False)

    @staticmethod
    def last_folder() -> str:
        recent = settings.recent_files()
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    def file_filter(self) -> str:
        return filled(self.tr("Workshops (*{suffix});;All files (*)"), suffix=DOCUMENT_SUFFIX)
