"""What every stage view shares: a title, a session, refresh on change."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from digitalmotor_desktop.ops.changes import ALL, Changes


class StageView(QWidget):
    """A stage's own view and model. The main window only stacks them.

    Subclasses set ``depends_on`` (kinds of ``Changes``) and implement
    ``refresh(changes)``; ``session`` is None while no workshop is open.
    """

    depends_on: frozenset[str] = ALL
    #: True while the view must keep the room out of the rest of the window (kiosk mode).
    lock_window = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = None

    def title(self) -> str:
        raise NotImplementedError

    def set_session(self, session) -> None:
        if self.session is not None:
            self.session.changed.disconnect(self._on_changed)
        self.session = session
        if session is not None:
            session.changed.connect(self._on_changed)
        self.refresh(Changes(ALL))

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*self.depends_on):
            self.refresh(changes)

    def refresh(self, changes: Changes) -> None:
        raise NotImplementedError

    def retranslate(self) -> None:
        """Called after the language changes; rebuild visible texts."""
        self.refresh(Changes(ALL))
