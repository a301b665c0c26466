"""What the stages' views for the room share: a heading, a body, following the session by themselves, and
the map an area at a time."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from digitalmotor_desktop.gui.map_canvas import CapabilityBox, MapCanvas
from digitalmotor_desktop.ops.changes import ALL, Changes


class RoomLabel(QLabel):
    """A label of the room's view that keeps the height of ``lines`` lines in whatever type the room's style
    gives it: a text growing from one line to two then does not shrink what is above it for a moment (the map
    would be laid out again, a scroll bar flashing on the projector)."""

    def __init__(self, text: str, lines: int):
        super().__init__(text)
        self.lines = lines

    def changeEvent(self, event):  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.FontChange:  # the room's style sheet sets the type once the label is polished
            margins = self.contentsMargins()
            lines = self.fontMetrics().boundingRect(0, 0, 1 << 16, 1 << 16, 0, "\n".join("X" * self.lines)).height()
            self.setMinimumHeight(lines + margins.top() + margins.bottom())


def audience_label(name: str, text: str = "", lines: int = 1) -> QLabel:
    """A label of the room's view; ``name`` picks its size in the audience window's style sheet; ``lines`` of it
    are kept however few the text takes."""
    label = RoomLabel(text, lines) if lines > 1 else QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.PlainText)  # names typed by people are shown as typed, never as markup
    return label


class AudienceView(QWidget):
    """A read-only view of ``stage`` for the projector; subclasses fill ``body`` in ``show_state``.

    It redraws when the document changes in a way it ``depends_on`` and when the stage says its
    room view changed (a selection); it never edits anything.
    """

    depends_on: frozenset[str] = ALL

    def __init__(self, stage, parent: QWidget | None = None):
        super().__init__(parent)
        self.stage = stage
        self.session = stage.session
        self.heading = audience_label("audienceHeading", stage.title())
        self.body = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.heading)
        layout.addLayout(self.body, 1)
        if self.session is not None:
            self.session.changed.connect(self._on_changed)
        stage.audience_changed.connect(self._on_stage_changed)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*self.depends_on):
            self.show_state()

    def _on_stage_changed(self) -> None:
        if self.stage.session is self.session:  # not while the stage moves to another workshop
            self.show_state()

    def show_state(self) -> None:
        raise NotImplementedError

    def audience_window(self) -> QWidget:
        """The audience window showing this view (on the projector or laid over the main window), else its window."""
        from digitalmotor_desktop.gui.room.audience import AudienceWindow  # it imports this module

        holder = self.parentWidget()
        while holder is not None and not isinstance(holder, AudienceWindow):
            holder = holder.parentWidget()
        return holder or self.window()

    def set_least_text(self, pixels: float) -> None:
        """The audience window's least text height, for what it draws itself (labels follow its style sheet)."""


class RoomMap(MapCanvas):
    """The map as the room sees it: an area at a time, read-only. A capability clicked on it becomes the
    stage's selection (presenting alone, the facilitator's mouse is on the room's view)."""

    def __init__(self, stage, min_box: float):
        super().__init__(min_box=min_box, one_area=True)
        self.stage = stage
        self.setInteractive(False)

    def mousePressEvent(self, event):  # noqa: N802 - Qt's name
        item = self.itemAt(event.position().toPoint())
        while item is not None and not isinstance(item, CapabilityBox):
            item = item.parentItem()
        if item is not None and event.button() == Qt.LeftButton:
            chosen = item.capability.id  # selected once this press is over: the map is drawn anew for it
            QTimer.singleShot(0, self, lambda: self.stage.select_capability(chosen))
        super().mousePressEvent(event)
