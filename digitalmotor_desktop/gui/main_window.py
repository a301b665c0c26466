"""The main window: a shell of menus, the stage navigator and a stack of stage views.

Stage logic lives in each stage's own view (gui/stages); this class opens and
closes workshops (gui/file_actions.py asks which file, gui/folder_menu.py handles
synced folders), keeps recent files and the language, and routes errors to the
one error presenter.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSignalBlocker, QStandardPaths, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QListWidgetItem, QMainWindow, QMessageBox

from digitalmotor_desktop import APP_NAME, __version__
from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.core.i18n import filled
from digitalmotor_desktop.gui.errors import show_user_error
from digitalmotor_desktop.gui.file_actions import FileActions
from digitalmotor_desktop.gui.folder_menu import FolderActions
from digitalmotor_desktop.gui.forms.ui_main_window import Ui_MainWindow
from digitalmotor_desktop.gui import settings
from digitalmotor_desktop.gui.i18n import install_language
from digitalmotor_desktop.gui.room.presenter import Room
from digitalmotor_desktop.gui.session import WorkshopSession
from digitalmotor_desktop.gui.stages.registry import STAGES
from digitalmotor_desktop.ops.changes import WORKSHOP
from digitalmotor_desktop.store.document import open_document
from digitalmotor_desktop.store.workshop import workshop_row

if TYPE_CHECKING:
    from digitalmotor_desktop.gui.start_page import StartPage



class MainWindow(QMainWindow):
    def __init__(self):
        super().__init__()
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.session: WorkshopSession | None = None
        self._guide = None  # the F1 guide, made on first use
        self.views: dict[int, object] = {}  # stage index → created view
        self._enabled_before_lock: list[QAction] = []
        self.saved_label = QLabel()
        self.ui.statusBar.addPermanentWidget(self.saved_label)
        self._set_up_actions()
        self.file_actions = FileActions(self)
        self.folder_actions = FolderActions(self)
        self.room = Room(self)  # before the navigator shows its first stage
        self.room.install(self.ui.menuView)
        self._set_up_navigator()
        self._start_page: StartPage | None = None  # made when first shown: a window opened on a file never is
        self._show_start_page(True)
        self._refresh_title()

    # -- set-up -----------------------------------------------------------------
    def _set_up_actions(self) -> None:
        ui = self.ui
        for action, key in ((ui.actionNew, QKeySequence.New), (ui.actionOpen, QKeySequence.Open),
                            (ui.actionClose, QKeySequence.Close), (ui.actionQuit, QKeySequence.Quit),
                            (ui.actionSaveCopy, QKeySequence.SaveAs), (ui.actionFullScreen, QKeySequence.FullScreen)):
            action.setShortcut(key)
        ui.actionClose.triggered.connect(self.close_workshop)
        ui.actionMerge.triggered.connect(lambda: self.merge_files([]))
        ui.actionHandout.triggered.connect(self.make_handout)
        self.setAcceptDrops(True)
        ui.actionQuit.triggered.connect(self.close)
        ui.actionFullScreen.toggled.connect(lambda on: self.showFullScreen() if on else self.showNormal())
        ui.actionAbout.triggered.connect(self.about)
        self.guide_action = QAction(self.tr("&Guide to the five workshops"), self)
        self.guide_action.setShortcut(QKeySequence.HelpContents)
        self.guide_action.triggered.connect(self.show_guide)
        ui.menuHelp.insertAction(ui.actionAbout, self.guide_action)
        self.preferences_action = QAction(self.tr("&Preferences…"), self)
        self.preferences_action.setShortcuts([QKeySequence(QKeySequence.Preferences), QKeySequence("Ctrl+,")])
        self.preferences_action.setMenuRole(QAction.PreferencesRole)
        self.preferences_action.triggered.connect(self.edit_preferences)
        ui.menuEdit.addAction(self.preferences_action)
        ui.menuEdit.addSeparator()
        languages = QActionGroup(self)
        for action, code in ((ui.actionSwedish, "sv"), (ui.actionEnglish, "en")):
            languages.addAction(action)
            action.setChecked(settings.language() == code)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
        self.undo_action: QAction | None = None
        self.redo_action: QAction | None = None

    def _set_up_navigator(self) -> None:
        for entry in STAGES:
            item = QListWidgetItem(entry.translated_title())
            item.setToolTip(entry.translated_title())  # the whole title where the navigator cuts it short
            self.ui.stageList.addItem(item)
            self.ui.stageStack.addWidget(QLabel())  # placeholder until the view is first shown
        self.ui.stageList.currentRowChanged.connect(self._show_row)
        self.ui.stageList.setCurrentRow(2)  # the capability map: what a new workshop shows first

    @property
    def start_page(self) -> StartPage:
        """Shown while no workshop is open: where a first-time facilitator begins."""
        if self._start_page is None:
            from digitalmotor_desktop.gui.start_page import StartPage  # a window opened on a file never needs it

            page = self._start_page = StartPage()
            self.ui.stageStack.addWidget(page)
            page.demo_requested.connect(lambda: self.try_to(self.open_demo))
            page.new_requested.connect(self.file_actions.new_workshop)
            page.open_requested.connect(self.file_actions.choose_and_open)
            page.guide_requested.connect(self.show_guide)
            page.recent_requested.connect(lambda path: self.try_to(lambda: self.open_path(path)))
        return self._start_page

    def _show_start_page(self, shown: bool) -> None:
        self.ui.stageList.setEnabled(not shown)
        if not shown:
            self._show_row(self.ui.stageList.currentRow())
        elif self.isVisible():  # else showEvent puts it up, unless a workshop was opened first
            self._put_up_start_page()

    def _put_up_start_page(self) -> None:
        self.start_page.fill_recent()
        self.ui.stageStack.setCurrentWidget(self.start_page)

    def showEvent(self, event):  # noqa: N802 - Qt's name
        if self.session is None and self.ui.stageStack.currentWidget() is not self._start_page:
            self._put_up_start_page()
        super().showEvent(event)

    def open_demo(self) -> None:
        """The demo workshop, kept in the app's own data folder and made on first use."""
        from digitalmotor_desktop.demo import ensure_demo

        folder = Path(QStandardPaths.writableLocation(QStandardPaths.AppDataLocation)) / "demo"
        path, _created = ensure_demo(folder)
        self.open_path(path)

    def edit_preferences(self):
        from digitalmotor_desktop.gui.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self, self.session)
        if dialog.exec() and dialog.chosen_language() != settings.language():
            self.set_language(dialog.chosen_language())
        return dialog

    def show_guide(self):
        """One guide window per main window, shown again (in the current language) on every F1."""
        from digitalmotor_desktop.gui.guide import GuideDialog

        if self._guide is None:
            self._guide = GuideDialog(self)
        self._guide.show_language()
        self._guide.show()
        self._guide.raise_()
        return self._guide

    # -- stages -----------------------------------------------------------------
    def _show_row(self, row: int) -> None:
        """Makes a stage's view the first time it is shown with a workshop open: the start page
        needs none, and opening a file makes only the stage it shows."""
        if row < 0 or self.session is None:
            return
        if row not in self.views:
            view = STAGES[row].create()
            placeholder = self.ui.stageStack.widget(row)
            self.ui.stageStack.insertWidget(row, view)
            self.ui.stageStack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.views[row] = view
            view.lock_window.connect(self.set_locked)
            view.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            view.set_session(self.session)
        self.ui.stageStack.setCurrentIndex(row)
        self.room.stage_shown(self.views[row])

    def _discard_views(self) -> None:
        """Opening, creating or closing a workshop starts every stage afresh.

        A view made for one workshop holds what was typed, chosen and selected in it (an
        organisation's name and consent, a half-typed comment, the map drawn); none of that may
        show in the next workshop or be written into it. Each view is let go of its session first,
        so a field that commits as it loses focus writes nowhere, and made again when shown.
        """
        for row, view in self.views.items():
            view.set_session(None)
            self.ui.stageStack.insertWidget(row, QLabel())
            self.ui.stageStack.removeWidget(view)
            view.deleteLater()
        self.views.clear()

    def set_locked(self, locked: bool) -> None:
        """Kiosk mode: only the current view works; no navigation, menus, shortcuts or undo."""
        self.ui.stageList.setEnabled(not locked)
        self.menuBar().setEnabled(not locked)
        self.folder_actions.set_locked(locked)
        if locked:
            self._enabled_before_lock = [a for a in self.findChildren(QAction) if a.isEnabled()]
            for action in self._enabled_before_lock:
                action.setEnabled(False)
        else:
            for action in self._enabled_before_lock:
                action.setEnabled(True)
            self._enabled_before_lock = []

    def show_stage(self, number: int) -> None:
        self.ui.stageList.setCurrentRow(self._row_of(number))

    @staticmethod
    def _row_of(number: int) -> int:
        return next(i for i, entry in enumerate(STAGES) if entry.number == number)

    def current_view(self):
        return self.views.get(self.ui.stageList.currentRow())

    # -- documents --------------------------------------------------------------
    def open_path(self, path: Path, stage: int | None = None) -> None:
        """Opens a workshop file at ``stage`` (else the stage shown); raises UserError (shown by the
        caller) for a bad one. A file in a synced folder is not worked on there: the user is offered
        a local working copy."""
        path = self.folder_actions.working_path(Path(path))
        if path is None:
            return
        document = open_document(path)
        if document.handout_organisation_id:  # a participant's hand-out: straight to rating
            stage = 4
        self._set_session(WorkshopSession(document, self), stage)
        settings.remember_file(path)

    def _set_session(self, session: WorkshopSession | None, stage: int | None = None) -> None:
        self.room.stage_shown(None)  # the room's view lets go of the old workshop first
        self.folder_actions.set_session(session)  # first: its background work ends before the old file closes
        self._discard_views()
        if self.session is not None:
            self.session.close()
            self.session.deleteLater()
        self.session = session
        for action in (self.undo_action, self.redo_action):
            if action is not None:
                self.ui.menuEdit.removeAction(action)
        self.undo_action = self.redo_action = None
        if session is not None:
            self.undo_action = session.undo_stack.createUndoAction(self, self.tr("&Undo"))
            self.redo_action = session.undo_stack.createRedoAction(self, self.tr("&Redo"))
            self.undo_action.setShortcut(QKeySequence.Undo)
            self.redo_action.setShortcut(QKeySequence.Redo)
            self.ui.menuEdit.addActions([self.undo_action, self.redo_action])
            session.error.connect(self.show_error)
            session.changed.connect(lambda changes: changes.touches(WORKSHOP) and self._refresh_title())
        if stage is not None:
            with QSignalBlocker(self.ui.stageList):  # the one view made is the one shown
                self.ui.stageList.setCurrentRow(self._row_of(stage))
        self._show_row(self.ui.stageList.currentRow())
        for action in (self.ui.actionSaveCopy, self.ui.actionClose, self.ui.actionHandout):
            action.setEnabled(session is not None)
        self._show_start_page(session is None)
        self._refresh_title()

    def merge_files(self, paths: list[Path]):
        """File ▸ Merge (the open workshop is the first source), optionally with dropped files."""
        from digitalmotor_desktop.gui.merge_dialog import open_merge_dialog

        dialog = open_merge_dialog(self, self.session)
        if paths:
            dialog.add_paths(paths)
        return dialog

    def make_handout(self):
        from digitalmotor_desktop.gui.handout_dialog import open_handout_dialog

        return open_handout_dialog(self, self.session)

    def dragEnterEvent(self, event):  # noqa: N802 - Qt's name
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802 - Qt's name
        """One file on an empty window opens it; otherwise dropped files go to File ▸ Merge."""
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if len(paths) == 1 and self.session is None:
            self.try_to(lambda: self.open_path(paths[0]))
        elif paths:
            self.merge_files(paths)
        event.acceptProposedAction()

    def close_workshop(self) -> None:
        self._set_session(None)

    def try_to(self, action) -> None:
        """Runs ``action``; a ``UserError`` it raises is shown, in one sentence."""
        try:
            action()
        except UserError as error:
            self.show_error(error)

    def show_error(self, error: UserError) -> None:
        show_user_error(self, error)

    # -- settings -------------------------------------------------------------------
    def set_language(self, language: str) -> None:
        settings.set_language(language)
        install_language(language)

    def changeEvent(self, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.LanguageChange:
            self.ui.retranslateUi(self)
            for row, entry in enumerate(STAGES):
                self.ui.stageList.item(row).setText(entry.translated_title())
                self.ui.stageList.item(row).setToolTip(entry.translated_title())
            for view in self.views.values():
                view.retranslate()
            self.folder_actions.retranslate()
            self.room.retranslate()
            self.room.stage_shown(self.current_view() if self.session is not None else None)
            self._refresh_title()
        super().changeEvent(event)

    def _refresh_title(self) -> None:
        if self.session is None:
            self.setWindowTitle(APP_NAME)
            self.saved_label.setText(self.tr("No workshop open — File ▸ New or Open"))
            return
        document = self.session.document
        title = workshop_row(document).get("title", "")
        if document.anonymised:
            title += " " + self.tr("(anonymised)")
        self.setWindowTitle(f"{title} — {document.path.name if document.path else ''} — {APP_NAME}")
        self.saved_label.setText(self.tr("Every change is saved as it is made"))

    def about(self) -> None:
        QMessageBox.about(self, filled(self.tr("About {app}"), app=APP_NAME),
                          filled(self.tr("{app} {version}\nCapability-based planning workshops, offline."),
                                 app=APP_NAME, version=__version__))

    def restore_layout(self) -> None:
        """The size, place and toolbars the facilitator left the window with."""
        geometry, state = settings.window_layout()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event):  # noqa: N802 - Qt's name
        self.room.stop()
        settings.save_window_layout(self.saveGeometry(), self.saveState())
        self._set_session(None)
        super().closeEvent(event)

    def keyPressEvent(self, event):  # noqa: N802 - Qt's name
        if event.key() == Qt.Key_Escape and self.room.alone:
            self.room.stop()
        elif event.key() == Qt.Key_Escape and self.isFullScreen():
            self.ui.actionFullScreen.setChecked(False)
        super().keyPressEvent(event)
