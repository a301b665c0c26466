"""File → Publish to folder… and File → Merge folder…, the status-bar offer, and the open-time warning.

A workshop may have one synced folder attached on this computer (QSettings,
keyed by the workshop file's path: paths never go into a workshop file). The
folder is where Publish writes and what is watched: when the watch finds new
files, a flat button in the status bar says "3 new files — merge now"; nothing
pops up, so the room and the audience window go on undisturbed. A workshop
opened inside a synced folder (store.synced_folder.sync_engine) is not worked on
there: the window offers a local working copy, with the folder attached.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QStandardPaths
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from digitalmotor_desktop import DOCUMENT_SUFFIX

SETTINGS_KEY = "syncFolders"  # JSON: {workshop file path: {"folder": path, "watch": bool}}
COPY, HERE, CANCEL = "copy", "here", "cancel"


def _attachments() -> dict:
    try:
        return json.loads(QSettings().value(SETTINGS_KEY, "{}", str)) or {}
    except (TypeError, ValueError):
        return {}


class FolderActions(QObject):
    """The synced-folder part of the main window (added to its File menu and status bar)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.session = None
        self.watch = None  # a FolderWatch while the attached folder is watched
        self.merger = None  # the FolderMerger of the status bar's offer
        self._publish_task = None
        self._locked = False  # kiosk mode: nothing but the current view, so no offer either
        self.publish_action = QAction(window)
        self.merge_action = QAction(window)
        window.ui.menuFile.insertActions(window.ui.actionHandout, [self.publish_action, self.merge_action])
        self.publish_action.triggered.connect(self.publish)
        self.merge_action.triggered.connect(self.merge_folder)
        self.offer = QPushButton()
        self.offer.setFlat(True)
        # no taller than the status bar's text: the bar must not take height from the map at 1600×900
        self.offer.setMaximumHeight(self.offer.fontMetrics().height() + 4)
        self.offer.hide()
        self.offer.clicked.connect(self.merge_now)
        window.statusBar().addPermanentWidget(self.offer)
        self.retranslate()
        self.set_session(None)

    def retranslate(self) -> None:
        self.publish_action.setText(self.tr("&Publish to folder…"))
        self.merge_action.setText(self.tr("Merge &folder…"))
        if self.watch is not None:
            self._offer(self.watch.count)

    # -- the attached folder -----------------------------------------------------------------------
    def _key(self) -> str:
        return str(Path(self.session.document.path).resolve()) if self.session and self.session.document.path else ""

    def attached(self) -> tuple[Path | None, bool]:
        entry = _attachments().get(self._key())
        return (Path(entry["folder"]), bool(entry.get("watch"))) if entry else (None, False)

    def attach(self, folder: Path, watch: bool, *, workshop: Path | None = None) -> None:
        key = str(workshop.resolve()) if workshop else self._key()
        if not key:
            return
        attachments = _attachments()
        attachments[key] = {"folder": str(folder), "watch": watch}
        QSettings().setValue(SETTINGS_KEY, json.dumps(attachments))
        if not workshop:
            self._restart_watch()

    def set_session(self, session) -> None:
        self.stop()
        self.merger = None
        self.session = session
        for action in (self.publish_action, self.merge_action):
            action.setEnabled(session is not None and session.document.path is not None)
        self._restart_watch()

    def _restart_watch(self) -> None:
        if self.watch is not None:
            self.watch.stop()
            self.watch.deleteLater()
            self.watch = None
        self._offer(0)
        folder, watching = self.attached() if self.session is not None else (None, False)
        if folder is not None and watching:
            # loads the merge code, sqlite-utils and qasync: only when a folder is watched, never at start-up
            from digitalmotor_desktop.gui.folder_watch import FolderWatch

            self.watch = FolderWatch(self.session, folder, self)
            self.watch.new_files.connect(self._offer)

    def set_locked(self, locked: bool) -> None:
        self._locked = locked
        self._offer(self.watch.count if self.watch is not None else 0)

    def _offer(self, count: int) -> None:
        count = 0 if self._locked else count
        if count:
            text = (self.tr("1 new file — merge now") if count == 1
                    else self.tr("{count} new files — merge now").format(count=count))
            self.offer.setText(text)
        self.offer.setVisible(bool(count))

    def _choose_folder(self, title: str) -> Path | None:
        folder, _watch = self.attached()
        name = QFileDialog.getExistingDirectory(self.window, title, str(folder or Path.home()))
        return Path(name) if name else None

    # -- publish -----------------------------------------------------------------------------------
    def publish(self) -> None:
        if self.session is None:
            return
        folder, watching = self.attached()
        folder = folder or self._choose_folder(self.tr("The synced folder to publish to"))
        if folder is None:
            return
        self.attach(folder, watching)
        from digitalmotor_desktop.gui.background import BackgroundTask
        from digitalmotor_desktop.store.publish import name_prefix, publish_snapshot, snapshot

        document = self.session.document
        scratch = Path(tempfile.mkdtemp(prefix="digitalmotor-publish-"))
        copy = scratch / f"snapshot{DOCUMENT_SUFFIX}"
        snapshot(document, copy)  # on the document's own thread; sealing and copying go to the background
        prefix = name_prefix(document)
        task = BackgroundTask(lambda progress, cancelled: publish_snapshot(copy, folder, prefix))
        task.finished.connect(self._published)
        task.failed.connect(self.window.show_error)
        task.ended.connect(lambda: shutil.rmtree(scratch, ignore_errors=True))
        self._publish_task = task
        task.start()

    def _published(self, result) -> None:  # a store.publish.Published
        text = (self.tr("Published as {name}.") if result.written
                else self.tr("Nothing changed since {name}; nothing was published.")).format(name=result.path.name)
        self.window.statusBar().showMessage(text, 8000)

    # -- merge -------------------------------------------------------------------------------------
    def merge_folder(self):
        """File → Merge folder…: the preview dialog (not modal) for the attached or a chosen folder."""
        from digitalmotor_desktop.gui.folder_dialog import FolderMergeDialog

        if self.session is None:
            return None
        folder, watching = self.attached()
        dialog = FolderMergeDialog(self.window, self.session, folder, watching=watching)
        dialog.folder_chosen.connect(lambda chosen, watch: self.attach(chosen, watch))
        dialog.merged.connect(self._merged)
        dialog.show()
        if folder is None:
            dialog.choose_folder()
        return dialog

    def merge_now(self) -> None:
        """The status bar's offer: merge the new files straight away, in the background."""
        folder, _watching = self.attached()
        if self.session is None or folder is None or (self.merger is not None and self.merger.busy):
            return
        from digitalmotor_desktop.gui.folder_watch import FolderMerger

        if self.merger is None or self.merger.folder != folder:
            self.merger = FolderMerger(self.session, folder, self)
            self.merger.merged.connect(self._merged)
            self.merger.failed.connect(self.window.show_error)
            self.merger.planned.connect(lambda plan: self.watch and self.watch.look())
            self.merger.busy_changed.connect(lambda busy: self.offer.setEnabled(not busy))
        self.merger.start(apply=True)

    def _merged(self, plan) -> None:
        count = len(plan.new_files)
        self.window.statusBar().showMessage(self.tr("Merged {count} files from the folder.").format(count=count), 8000)
        if self.watch is not None:
            self.watch.forget_looks()
            self.watch.look()

    def stop(self) -> None:
        """Ends the background work (closing the workshop or the window)."""
        if self.watch is not None:
            self.watch.stop()
        if self.merger is not None:
            self.merger.cancel()
            self.merger.wait()
        if self._publish_task is not None:
            self._publish_task.wait()

    # -- opening inside a synced folder ------------------------------------------------------------
    def ask_where(self, path: Path, engine: str) -> str:
        """COPY, HERE or CANCEL (a method of its own so tests can answer it)."""
        translate = QCoreApplication.translate
        box = QMessageBox(QMessageBox.Warning, self.tr("Workshop in a synced folder"),
                          self.tr("“{name}” lies in a synced folder ({engine}). A workshop worked on there can be "
                                  "damaged when the folder is synced while ratings are being saved. Work on a local "
                                  "copy and publish it to this folder with File → Publish to folder…")
                          .format(name=path.name, engine=translate("FolderScan", engine)), QMessageBox.NoButton,
                          self.window)
        copy = box.addButton(self.tr("Work on a local copy…"), QMessageBox.AcceptRole)
        here = box.addButton(self.tr("Open it here anyway"), QMessageBox.DestructiveRole)
        box.addButton(QMessageBox.Cancel)
        box.setDefaultButton(copy)
        box.exec()
        return {copy: COPY, here: HERE}.get(box.clickedButton(), CANCEL)

    def local_copy_folder(self) -> Path:
        """Documents, unless that is synced too (OneDrive often holds it); then the app's own data folder."""
        from digitalmotor_desktop.store.synced_folder import sync_engine

        for location in (QStandardPaths.DocumentsLocation, QStandardPaths.AppLocalDataLocation):
            folder = Path(QStandardPaths.writableLocation(location) or Path.home())
            if not sync_engine(folder / "probe.dmw"):
                return folder
        return Path.home()

    def working_path(self, path: Path) -> Path | None:
        """The file to open for ``path``: itself, or a local working copy if it lies in a synced folder
        (None if the user cancels). The copy gets the folder attached, watched."""
        from digitalmotor_desktop.store.synced_folder import sync_engine  # a few stat calls; loaded on first open

        engine = sync_engine(path)
        if not engine or not path.is_file():
            return path
        answer = self.ask_where(path, engine)
        if answer != COPY:
            return path if answer == HERE else None
        default = self.local_copy_folder() / path.name
        name, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save the local working copy as"), str(default),
                                              self.tr("Workshops (*{suffix})").format(suffix=DOCUMENT_SUFFIX))
        if not name:
            return None
        target = Path(name).with_suffix(DOCUMENT_SUFFIX)
        from digitalmotor_desktop.store.untrusted import open_untrusted  # loads sqlite-utils: not at start-up

        with open_untrusted(path) as document:  # read from a private copy: nothing is written beside the original
            document.save_copy(target)
        self.attach(path.parent, True, workshop=target)
        return target
