"""The map as a tree of areas → groups → capabilities: a thin model over ``CapabilityMap``.

The model never changes the map itself: renaming and dropping ask the stage
(signals), the stage runs an op, and the refresh that follows shows the result.
A refresh that keeps the tree's shape only renames items in place, so an
open editor, the selection and what is expanded stay as they are.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QTreeView

from digitalmotor_desktop.core.model import CapabilityMap
from digitalmotor_desktop.store.map_edit import AREA, CAPABILITY, GROUP

KIND_ROLE = Qt.UserRole + 1
ID_ROLE = Qt.UserRole + 2
MIME_TYPE = "application/x-digitalmotor-map-item"
_FLAGS = {
    AREA: Qt.ItemIsDropEnabled,
    GROUP: Qt.ItemIsDropEnabled,
    CAPABILITY: Qt.ItemIsDropEnabled,  # dropping onto a capability puts the dragged one after it
}


def _shape(capability_map: CapabilityMap) -> tuple:
    return tuple((a.id, tuple((g.id, tuple(c.id for c in g.capabilities)) for g in a.groups))
                 for a in capability_map.areas)


class MapTreeModel(QStandardItemModel):
    renameRequested = Signal(str, str, str)  # kind, id, new name
    dropRequested = Signal(str, str, str, str, int)  # kind, id, target kind, target id, row (-1: onto it)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.items: dict[str, QStandardItem] = {}
        self._shape: tuple = ()

    def show_map(self, capability_map: CapabilityMap) -> bool:
        """Shows the map; True when the tree was rebuilt (its shape changed), False when renamed in place."""
        shape = _shape(capability_map)
        if shape == self._shape:
            for area in capability_map.areas:
                self._rename(area.id, area.name)
                for group in area.groups:
                    self._rename(group.id, group.name)
                    for capability in group.capabilities:
                        self._rename(capability.id, capability.name)
            return False
        self._shape = shape
        self.clear()
        self.items.clear()
        root = self.invisibleRootItem()
        for area in capability_map.areas:
            area_item = self._item(AREA, area.id, area.name)
            root.appendRow(area_item)
            for group in area.groups:
                group_item = self._item(GROUP, group.id, group.name)
                area_item.appendRow(group_item)
                for capability in group.capabilities:
                    group_item.appendRow(self._item(CAPABILITY, capability.id, capability.name))
        return True

    def _rename(self, item_id: str, name: str) -> None:
        item = self.items[item_id]
        if item.text() != name:
            item.setText(name)
            item.setToolTip(name)

    def _item(self, kind: str, item_id: str, name: str) -> QStandardItem:
        item = QStandardItem(name)
        item.setToolTip(name)  # the whole name where the outline's column cuts it short
        item.setData(kind, KIND_ROLE)
        item.setData(item_id, ID_ROLE)
        item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsEditable | Qt.ItemIsDragEnabled | _FLAGS[kind])
        self.items[item_id] = item
        return item

    # -- editing and dragging go to the stage, as ops ---------------------------------------------------
    def setData(self, index: QModelIndex, value, role: int = Qt.EditRole) -> bool:  # noqa: N802 - Qt's name
        if role != Qt.EditRole:
            return super().setData(index, value, role)
        if str(value).strip() != index.data():
            self.renameRequested.emit(index.data(KIND_ROLE), index.data(ID_ROLE), str(value))
        return False  # the refresh after the op shows the name the map now has

    def supportedDropActions(self):  # noqa: N802 - Qt's name
        return Qt.MoveAction

    def mimeTypes(self):  # noqa: N802 - Qt's name
        return [MIME_TYPE]

    def mimeData(self, indexes):  # noqa: N802 - Qt's name
        data = QMimeData()
        index = indexes[0]
        data.setData(MIME_TYPE, f"{index.data(KIND_ROLE)}:{index.data(ID_ROLE)}".encode())
        return data

    def dropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802 - Qt's name
        if not data.hasFormat(MIME_TYPE):
            return False
        kind, item_id = bytes(data.data(MIME_TYPE)).decode().split(":", 1)
        target_kind = parent.data(KIND_ROLE) if parent.isValid() else ""
        target_id = parent.data(ID_ROLE) if parent.isValid() else ""
        # Queued (see the stage): the tree is rebuilt after the drop has finished, not inside it.
        self.dropRequested.emit(kind, item_id, target_kind, target_id, row)
        return False  # nothing for the view to remove: the op moved it


class UndoAwareDelegate(QStyledItemDelegate):
    """Inline name editors get the stage's undo keys (``key_filter``), like every other field of the stage."""

    def __init__(self, key_filter, parent=None):
        super().__init__(parent)
        self.key_filter = key_filter

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt's name
        editor = super().createEditor(parent, option, index)
        editor.installEventFilter(self.key_filter)
        return editor


class MapTree(QTreeView):
    def __init__(self, model: MapTreeModel, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.setHeaderHidden(True)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDrop)
        self.setDefaultDropAction(Qt.MoveAction)
        self.setDropIndicatorShown(True)
        self.setEditTriggers(QAbstractItemView.EditKeyPressed | QAbstractItemView.DoubleClicked)
        self.setStyleSheet("QTreeView { font-size: 16px; } QTreeView::item { padding: 3px 0; }")
        self.setAccessibleName(self.tr("Capability map outline"))

    def current_item(self) -> tuple[str, str]:
        """(kind, id) of the current item, or ("", "")."""
        index = self.currentIndex()
        return (index.data(KIND_ROLE), index.data(ID_ROLE)) if index.isValid() else ("", "")

    def select_item(self, item_id: str) -> None:
        item = self.model().items.get(item_id)
        if item is not None:
            index = item.index()
            self.setCurrentIndex(index)
            self.scrollTo(index)
