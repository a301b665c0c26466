"""What every stage view shares: a title, a session, refresh on change."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget

from digitalmotor_desktop.ops.changes import ALL, Changes


class StageView(QWidget):
    """A stage's own view and model. The main window only stacks them.

    Subclasses set ``depends_on`` (kinds of ``Changes``) and implement
    ``refresh(changes)``; ``session`` is None while no workshop is open.
    """

    depends_on: frozenset[str] = ALL
    #: True while the view must keep the room out of the rest of the window (kiosk mode).
    lock_window = Signal(bool)
    #: A short confirmation for the window's status bar (a file written, say).
    status_message = Signal(str)
    #: What the room's view of this stage shows has changed without a change to the document (a selection, say).
    audience_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = None
        self._missed: Changes | None = None  # changes that arrived while hidden

    def title(self) -> str:
        raise NotImplementedError

    def set_session(self, session) -> None:
        if self.session is not None:
            self.session.changed.disconnect(self._on_changed)
        self.session = session
        self._missed = None
        if session is not None:
            session.changed.connect(self._on_changed)
        self.refresh(Changes(ALL))

    def _on_changed(self, changes: Changes) -> None:
        if not changes.touches(*self.depends_on):
            return
        if self.isVisible():
            self.refresh(changes)
        else:  # a hidden stage catches up once, when shown: not on every rating captured elsewhere
            missed = self._missed or Changes(frozenset())
            self._missed = Changes(missed.kinds | changes.kinds, missed.ids | changes.ids)

    def showEvent(self, event):  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._missed is not None:
            missed, self._missed = self._missed, None
            self.refresh(missed)

    def refresh(self, changes: Changes) -> None:
        raise NotImplementedError

    def retranslate(self) -> None:
        """Called after the language changes; rebuild visible texts."""
        self.refresh(Changes(ALL))

    def audience_widget(self) -> QWidget:
        """A fresh, read-only widget with the room's view of this stage, for the projector (gui/room).

        It follows the session and ``audience_changed`` by itself, and shows nothing the room may not
        see: never a facilitator-only organisation, a respondent's label or a comment. This neutral
        one shows the stage's title; stages with something to show override it.
        """
        label = QLabel(self.title())
        label.setObjectName("audienceTitle")
        label.setAlignment(Qt.AlignCenter)
        label.setWordWrap(True)
        return label

    def set_projected(self, projected: bool) -> None:
        """This window itself is on the projector (one screen) or no longer: hide what the room may not see."""

    def step_selection(self, step: int) -> None:
        """Presenting alone the room's view has the keys: the arrows (and a presenter's clicker) move the
        selection ``step`` capabilities on (back, if negative). Stages without one ignore it."""

    def select_capability(self, capability_id: str) -> None:
        """A capability clicked on the room's map: the stage selects it. Stages without a map ignore it."""
