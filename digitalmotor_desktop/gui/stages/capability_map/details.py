"""The selected item's fields, its goal links, the board cards it came from and the map's revision history."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QFormLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPlainTextEdit, QVBoxLayout, QWidget)

from digitalmotor_desktop.core.hlc import parse_stamp
from digitalmotor_desktop.core.model import Goal
from digitalmotor_desktop.store import map_edit
from digitalmotor_desktop.store.map_edit import AREA, CAPABILITY, Revision

FIELD_STYLE = "font-size:17px"


class CapabilityDetails(QWidget):
    """Name and "Vi kan …" description of the selected item (a description only for a capability).

    ``edited(field, value)`` when a field is left changed (or Enter pressed in the name).
    """

    edited = Signal(str, str)

    def __init__(self, key_filter, parent=None):
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size:15px;color:#33404a")
        self.name = QLineEdit()
        self.name.setStyleSheet("font-size:18px;font-weight:bold")
        self.description = QPlainTextEdit()
        self.description.setStyleSheet(FIELD_STYLE)
        self.description.setTabChangesFocus(True)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color:#5b6770")
        self.name_label = QLabel()
        self.name_label.setBuddy(self.name)
        self.description_label = QLabel()
        self.description_label.setBuddy(self.description)
        form = QFormLayout()
        form.addRow(self.name_label, self.name)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.description_label)
        layout.addWidget(self.description, 1)
        layout.addWidget(self.hint)
        self.name.editingFinished.connect(self.commit_name)
        for editor in (self.name, self.description):
            editor.installEventFilter(key_filter)
        self.description.installEventFilter(self)
        self.kind = ""
        self.show_item("", None, "")

    def retranslate(self) -> None:
        self.name_label.setText(self.tr("&Name"))
        self.description_label.setText(self.tr("&Title (what the area is for)") if self.kind == AREA
                                       else self.tr("&Description (“Vi kan …”)"))
        self.hint.setText(self.tr("Select a capability in the map or the outline to read or revise it. "
                                  "Every change is saved at once and can be undone."))

    def show_item(self, kind: str, item, heading: str) -> None:
        """Shows an area (name and title), group (name) or capability (name and description), or nothing."""
        self.kind = kind
        shown = item is not None
        self.name.setEnabled(shown)
        self.description.setEnabled(shown and kind in (AREA, CAPABILITY))
        self.heading.setText(heading)
        self.retranslate()
        if self.name.text() != (item.name if shown else ""):
            self.name.setText(item.name if shown else "")
        text = getattr(item, self.text_field, "") if shown else ""
        if self.description.toPlainText() != text:
            self.description.setPlainText(text)

    @property
    def text_field(self) -> str:
        """The column the big text field edits: an area's title, a capability's description."""
        return "title" if self.kind == AREA else "description"

    def commit_name(self) -> None:
        self.edited.emit("name", self.name.text())

    def commit_description(self) -> None:
        if self.description.isEnabled():
            self.edited.emit(self.text_field, self.description.toPlainText())

    def commit_pending(self) -> None:
        """Saves what is typed but not yet left (before an undo, say)."""
        if self.name.hasFocus():
            self.commit_name()
        elif self.description.hasFocus():
            self.commit_description()

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
        if watched is self.description and event.type() == event.Type.FocusOut:
            self.commit_description()
        return super().eventFilter(watched, event)


class GoalLinks(QListWidget):
    """The målbild's goals, checked where the selected capability serves them; Space toggles.

    ``toggled(goal_id, linked)`` when the facilitator checks or unchecks one.
    """

    toggled = Signal(str, bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setStyleSheet("QListWidget { font-size: 16px; }")
        self.setWordWrap(True)
        self._filling = False
        self.itemChanged.connect(self._on_changed)

    def show_links(self, goals: list[Goal], linked: set[str], enabled: bool) -> None:
        self._filling = True
        current = self.currentRow()
        self.clear()
        for goal in goals:
            item = QListWidgetItem(goal.text)
            item.setData(Qt.UserRole, goal.id)
            item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if goal.id in linked else Qt.Unchecked)
            self.addItem(item)
        if not goals:
            placeholder = QListWidgetItem(self.tr("No goals yet: the målbild is made in stage 1."))
            placeholder.setFlags(Qt.NoItemFlags)
            self.addItem(placeholder)
        self.setCurrentRow(min(max(current, 0), self.count() - 1))
        self.setEnabled(enabled)
        self._filling = False

    def _on_changed(self, item: QListWidgetItem) -> None:
        if not self._filling:
            self.toggled.emit(item.data(Qt.UserRole), item.checkState() == Qt.Checked)


class SourceCards(QListWidget):
    """The texts of the stage 2 cards a capability was made from by Move to the map (merged duplicates too)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setStyleSheet("QListWidget { font-size: 16px; }")
        self.setWordWrap(True)
        self.setSelectionMode(QListWidget.NoSelection)

    def show_cards(self, texts: list[str], capability: bool) -> None:
        self.clear()
        self.addItems(texts)
        if not texts:
            placeholder = QListWidgetItem(self.tr("Not from the board: this capability was added in the map.")
                                          if capability else self.tr("Select a capability to see the cards it came from."))
            placeholder.setFlags(Qt.NoItemFlags)
            self.addItem(placeholder)

    def texts(self) -> list[str]:
        return [self.item(row).text() for row in range(self.count()) if self.item(row).flags() & Qt.ItemIsEnabled]


class RevisionHistory(QWidget):
    """``map_revision`` as sentences, newest first: the selected item's, or the whole map's."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.whole_map = QCheckBox()
        self.entries = QListWidget()
        self.entries.setWordWrap(True)
        self.entries.setStyleSheet("QListWidget { font-size: 15px; }")
        layout = QVBoxLayout(self)
        layout.addWidget(self.whole_map)
        layout.addWidget(self.entries, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.whole_map.setText(self.tr("Whole map (not only the selected item)"))
        self.entries.setAccessibleName(self.tr("Revision history"))

    def show_history(self, document, item_id: str) -> None:
        shown = map_edit.revisions(document, None if self.whole_map.isChecked() or not item_id else item_id)
        names = map_edit.names(document)
        self.entries.clear()
        for revision in shown:
            text = self.sentence(revision, names)
            if self.whole_map.isChecked() or not item_id:
                text = f"{names.get(revision.entity_id, '?')}: {text}"
            self.entries.addItem(f"{_when(revision.stamp)}  {text}")
        if not shown:
            self.entries.addItem(self.tr("No changes yet."))

    def sentence(self, revision: Revision, names: dict[str, str]) -> str:
        old, new = revision.old_value or "", revision.new_value or ""
        field = revision.field
        if field == map_edit.CREATED:
            return self.tr("Added “{name}”").format(name=new)
        if field == map_edit.DELETED:
            return self.tr("Deleted “{name}”").format(name=old)
        if field == map_edit.RESTORED:
            return self.tr("Restored “{name}”").format(name=new)
        if field == map_edit.MOVED:
            return self.tr("Moved from “{old}” to “{new}”").format(old=names.get(old, "?"), new=names.get(new, "?"))
        if field == map_edit.POSITION:
            return self.tr("Moved from place {old} to {new}").format(old=old, new=new)
        if field == map_edit.GOAL:
            if new:
                return self.tr("Linked to goal “{goal}”").format(goal=names.get(new, "?"))
            return self.tr("Unlinked from goal “{goal}”").format(goal=names.get(old, "?"))
        if field == "description":
            return self.tr("Description: “{new}” (was “{old}”)").format(new=_short(new), old=_short(old))
        if field == "title":
            return self.tr("Title: “{new}” (was “{old}”)").format(new=_short(new), old=_short(old))
        return self.tr("Renamed “{old}” to “{new}”").format(old=old, new=new)


def _short(text: str, most: int = 60) -> str:
    return text if len(text) <= most else text[:most - 1] + "…"


def _when(stamp: str) -> str:
    """The stamp's local date and minute; template rows have none."""
    millis = parse_stamp(stamp)[0]
    return datetime.fromtimestamp(millis / 1000).strftime("%Y-%m-%d %H:%M") if millis else ""
