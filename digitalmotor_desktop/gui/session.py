"""The open workshop as the GUI sees it: document, undo stack, change signal.

Every edit goes through ``apply(edit)``: it is pushed on the QUndoStack as a
command wrapping the op's do/undo pair, and each run emits ``changed`` with
the ``Changes`` it made so views refresh only what they show.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.ops.changes import Changes, Edit
from digitalmotor_desktop.store.document import Document

_MERGE_IDS: dict[str, int] = {}


def _merge_id(key: str) -> int:
    """Qt merges consecutive commands with the same id; one id per merge key."""
    return _MERGE_IDS.setdefault(key, len(_MERGE_IDS) + 1) if key else -1


class EditCommand(QUndoCommand):
    def __init__(self, session: "WorkshopSession", edit: Edit):
        action = QCoreApplication.translate("Edit", edit.action)
        super().__init__(f"{action} «{edit.subject}»" if edit.subject else action)
        self.session = session
        self.edits = [edit]

    def id(self) -> int:  # noqa: A003 - Qt's name
        return _merge_id(self.edits[0].merge_key)

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, EditCommand) or other.id() != self.id():
            return False
        self.edits.extend(other.edits)
        return True

    def redo(self) -> None:
        for edit in self.edits:
            if self.session.run(edit.redo) is None:
                self.setObsolete(True)  # an op that failed leaves no step behind (the error is shown)
                return

    def undo(self) -> None:
        for edit in reversed(self.edits):
            self.session.run(edit.undo)


class WorkshopSession(QObject):
    """Owns the open ``Document``; views listen to ``changed``."""

    changed = Signal(object)  # Changes
    error = Signal(object)  # UserError raised by an edit
    closing = Signal()  # before the document closes: whatever serves it (the phone server) stops

    def __init__(self, document: Document, parent: QObject | None = None):
        super().__init__(parent)
        self.document = document
        self.undo_stack = QUndoStack(self)

    def apply(self, edit: Edit) -> None:
        """Runs an undoable edit (pushing it runs ``redo`` once)."""
        self.undo_stack.push(EditCommand(self, edit))

    def run(self, step) -> Changes | None:
        try:
            changes = step(self.document)
        except UserError as problem:
            self.error.emit(problem)
            return None
        self.notify(changes)
        return changes

    def run_for_good(self, step) -> Changes | None:
        """Runs a step that cannot be undone (an erasure). The undo stack is emptied after it: its
        steps hold the old names and labels, and undoing past an erasure could not be right anyway."""
        try:
            return self.run(step)
        finally:  # also when the rows were erased but the bytes could not be overwritten yet
            self.undo_stack.clear()

    def notify(self, changes: Changes) -> None:
        """For ops that are not undoable by design (a committed rating in kiosk mode, an import)."""
        self.changed.emit(changes)

    def close(self) -> None:
        self.closing.emit()
        self.undo_stack.clear()
        self.document.close()
