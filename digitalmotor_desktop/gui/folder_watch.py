"""Watching a synced folder and merging it into the open workshop, off the UI thread.

``FolderWatch`` looks at the folder attached to the open workshop whenever the
folder changes (QFileSystemWatcher, debounced: a sync engine writes a file in
many small steps) and once a minute anyway (watchers miss changes on network
drives and after sleep). Each look is a background task (ops.folder.plan_folder
without the workshop: files in the ledger are only hashed, new ones checked)
and emits how many files would be merged — a file that would be refused is not
offered; it never opens a dialog, so the room and the audience window are not
interrupted. A file still changing is looked at again after the debounce.

``FolderMerger`` merges the folder into the open workshop: the worker reads
the workshop on a connection of its own in one read transaction (nothing is
copied on the UI thread), plans in the background, and the result is applied
on the UI thread as one undoable edit — only if the workshop has not changed
since it was read; otherwise it plans again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from digitalmotor_desktop.gui.background import BackgroundTask
from digitalmotor_desktop.ops.folder import FolderPlan, is_current, merge_folder_edit, plan_folder
from digitalmotor_desktop.store.folder_ledger import merged_hashes
from digitalmotor_desktop.store.folder_scan import GROWING

#: Quiet time after the last change in the folder before it is looked at.
DEBOUNCE_MS = 2000
#: A look every minute even without a change notification.
RESCAN_MS = 60_000
#: Plans made again when the workshop changed while the folder was read (ratings are being entered).
ATTEMPTS = 5


class FolderWatch(QObject):
    """Counts the new files in the folder attached to the open workshop."""

    new_files = Signal(int)  # how many files are new (0: none)

    def __init__(self, session, folder: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.session, self.folder = session, Path(folder)
        self.count = 0
        self._stopped = False
        self._looks = None
        self._task: BackgroundTask | None = None
        self._again = False
        self.watcher = QFileSystemWatcher(self)
        self._watch_folders()
        self.watcher.directoryChanged.connect(self.poke)
        self.watcher.fileChanged.connect(self.poke)
        self.debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.debounce.timeout.connect(self.look)
        self.rescan = QTimer(self, interval=RESCAN_MS)
        self.rescan.timeout.connect(self.look)
        self.rescan.start()
        self.look()

    def _watch_folders(self) -> None:
        folders = [self.folder, *(p for p in self.folder.rglob("*") if p.is_dir() and not p.name.startswith("."))]
        known = set(self.watcher.directories())
        new = [str(p) for p in folders if str(p) not in known]
        if new:
            self.watcher.addPaths(new)

    def poke(self, _path: str = "") -> None:
        """Something changed in the folder: look once it has been quiet for a moment."""
        self.debounce.start()

    def look(self) -> None:
        if self._stopped:
            return
        if self._task is not None:
            self._again = True
            return
        if not self.folder.is_dir():
            self._report(0)
            return
        self._watch_folders()
        ledger = merged_hashes(self.session.document)
        folder, previous, exclude = self.folder, self._looks, tuple(filter(None, [self.session.document.path]))
        # new files are checked too (not against the workshop), so one that would be refused is not offered
        task = BackgroundTask(lambda progress, cancelled: plan_folder(
            folder, ledger=ledger, previous=previous, exclude=exclude, cancelled=cancelled))
        task.finished.connect(self._looked)
        task.ended.connect(self._ended)
        self._task = task
        task.start()

    def forget_looks(self) -> None:
        """After a merge: the next look counts from the ledger again."""
        self._looks = None

    def _looked(self, plan: FolderPlan) -> None:
        if self._stopped:
            return
        self._looks = plan.looks
        if any(entry.why == GROWING for entry in plan.entries):
            self.debounce.start()
        self._report(len(plan.new_files))

    def _report(self, count: int) -> None:
        if count != self.count:
            self.count = count
            self.new_files.emit(count)

    def _ended(self) -> None:
        self._task = None
        if self._again:
            self._again = False
            self.look()

    def stop(self) -> None:
        self._stopped = True
        self.rescan.stop()
        self.debounce.stop()
        if self._task is not None:
            self._task.cancel()
            self._task.wait()

    def wait(self) -> None:
        if self._task is not None:
            self._task.wait()


class FolderMerger(QObject):
    """Plans (and, asked to, applies) a merge of the folder into the open workshop."""

    planned = Signal(object)  # FolderPlan
    merged = Signal(object)  # the FolderPlan applied
    failed = Signal(object)  # UserError
    cancelled = Signal()
    progressed = Signal(int)
    busy_changed = Signal(bool)

    def __init__(self, session, folder: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.session, self.folder = session, Path(folder)
        self.plan: FolderPlan | None = None
        self._task: BackgroundTask | None = None
        self._attempts = 0
        self._cancelled = False

    @property
    def busy(self) -> bool:
        return self._task is not None

    def start(self, *, apply: bool) -> None:
        """Plans from the workshop as it is now (read by the worker on its own connection, in one read
        transaction); with ``apply``, merges when planned."""
        if self.busy:
            return
        self._cancelled = False
        document = self.session.document
        ledger, folder, path = merged_hashes(document), self.folder, document.path
        task = BackgroundTask(lambda progress, cancelled: plan_folder(
            folder, base=path, ledger=ledger, exclude=(path,), progress=progress, cancelled=cancelled))
        task.progressed.connect(self.progressed)
        task.finished.connect(lambda plan: self._planned(plan, apply))
        task.failed.connect(self.failed)
        task.cancelled.connect(self.cancelled)
        task.ended.connect(self._ended)
        self._task = task
        self.busy_changed.emit(True)
        task.start()

    def apply(self) -> None:
        """Merges the plan shown, or plans again first if the workshop or the folder moved on."""
        if self.plan is not None and self.plan.merge is not None and is_current(self.session.document, self.plan):
            self._apply(self.plan)
        else:
            self.start(apply=True)

    def _planned(self, plan: FolderPlan, apply: bool) -> None:
        if self._cancelled:  # finished just as it was cancelled: the workshop may be closed by now
            return
        self.plan = plan
        if not apply or plan.merge is None:
            self._attempts = 0
            self.planned.emit(plan)
        elif is_current(self.session.document, plan):
            self._apply(plan)
        elif self._attempts < ATTEMPTS:  # a rating came in meanwhile: the copy is stale, take another
            self._attempts += 1
            QTimer.singleShot(0, lambda: self.start(apply=True))
        else:
            self._attempts = 0
            self.planned.emit(plan)

    def _apply(self, plan: FolderPlan) -> None:
        self._attempts = 0
        self.session.apply(merge_folder_edit(plan))
        self.plan = None
        self.merged.emit(plan)

    def _ended(self) -> None:
        self._task = None
        self.busy_changed.emit(False)

    def cancel(self) -> None:
        self._cancelled = True
        if self._task is not None:
            self._task.cancel()

    def wait(self) -> None:
        if self._task is not None:
            self._task.wait()
