"""Stage 3 — Förmågekarta: the map editor.

An outline of areas → groups → capabilities beside the drawn map (the
renderer stage 5 colours), with the selected item's name and "Vi kan …"
description, its goal links and the revision history in tabs below the
outline, and the stage 2 cards it came from. Every change is an op on the session's undo stack; every drag in
the outline has keys and menu entries that do the same (Alt+arrows,
Cut/Paste), and Ctrl+Z / Ctrl+Shift+Z undo and redo the map wherever focus
is on the stage, in a text field too (what is typed there is saved first,
so it is undone as one step).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QMessageBox, QSplitter, QTabWidget, QToolBar, QVBoxLayout, QWidget)

from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.core.model import CapabilityMap
from digitalmotor_desktop.gui.map_canvas import MapCanvas
from digitalmotor_desktop.gui.stages.base import StageView
from digitalmotor_desktop.gui.stages.capability_map.details import (CapabilityDetails, GoalLinks, RevisionHistory,
                                                                  SourceCards)
from digitalmotor_desktop.gui.stages.capability_map.tree import KIND_ROLE, ID_ROLE, MapTree, MapTreeModel, UndoAwareDelegate
from digitalmotor_desktop.ops import map as map_ops
from digitalmotor_desktop.ops.changes import BOARD, GOALS, MAP, Changes, Edit
from digitalmotor_desktop.store import map_edit
from digitalmotor_desktop.store.map_edit import AREA, CAPABILITY, GROUP
from digitalmotor_desktop.store.workshop import capability_map, goals

#: The whole map drawn down to this scale rather than scroll (names stay at 12 px or more in the layout).
LEAST_MAP_SCALE = 0.8
#: The outline's column, unless its tool bar needs more (retranslate): the map gets the rest.
EDITOR_WIDTH = 300
#: Alt+arrow → where ``ops.map.step`` moves the item.
MOVE_KEYS = (("up", Qt.ALT | Qt.Key_Up), ("down", Qt.ALT | Qt.Key_Down),
             ("left", Qt.ALT | Qt.Key_Left), ("right", Qt.ALT | Qt.Key_Right))


class StageUndoKeys(QObject):
    """Event filter for the stage's fields: Ctrl+Z and Ctrl+Shift+Z undo and redo the map, not the field's text."""

    def __init__(self, stage: "CapabilityMapStage"):
        super().__init__(stage)
        self.stage = stage

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
        if event.type() in (QEvent.ShortcutOverride, QEvent.KeyPress):
            for key, run in ((QKeySequence.Undo, self.stage.undo), (QKeySequence.Redo, self.stage.redo)):
                if event.matches(key):
                    event.accept()  # ShortcutOverride accepted: the key comes here, not to the window's action
                    if event.type() == QEvent.KeyPress:
                        run()
                    return True
        return False


class CapabilityMapStage(StageView):
    depends_on = frozenset({MAP, GOALS, BOARD})  # BOARD: the texts of the cards a capability came from

    def __init__(self, parent=None):
        super().__init__(parent)
        self.map = CapabilityMap()
        self.selected: tuple[str, str] = ("", "")  # (kind, id) of the outline's current item
        self.cut_item: tuple[str, str] | None = None
        self._syncing = False
        self.undo_keys = StageUndoKeys(self)
        self.canvas = MapCanvas(min_box=30, least_scale=LEAST_MAP_SCALE)
        self.model = MapTreeModel(self)
        self.tree = MapTree(self.model)
        self.tree.setItemDelegate(UndoAwareDelegate(self.undo_keys, self.tree))
        self.details = CapabilityDetails(self.undo_keys)
        self.goal_links = GoalLinks()
        self.sources = SourceCards()
        self.history = RevisionHistory()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.details, "")
        self.tabs.addTab(self.goal_links, "")
        self.tabs.addTab(self.sources, "")
        self.tabs.addTab(self.history, "")
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self._make_actions()
        self.editor = editor = QWidget()
        column = QVBoxLayout(editor)
        column.setContentsMargins(4, 4, 0, 4)
        column.addWidget(self.toolbar)
        column.addWidget(self.tree, 3)
        column.addWidget(self.tabs, 2)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(editor)
        self.splitter.addWidget(self.canvas)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([EDITOR_WIDTH, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        for widget in (self.tree, self.canvas, self.goal_links, self.sources, self.history.entries):
            widget.installEventFilter(self.undo_keys)
        self.canvas.capabilitySelected.connect(self._on_canvas_selected)
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._on_current_changed())
        self.model.renameRequested.connect(lambda kind, item_id, name: self.edit_text(kind, item_id, "name", name))
        self.model.dropRequested.connect(self.drop, Qt.QueuedConnection)
        self.details.edited.connect(lambda field, value: self.edit_text(*self.selected, field, value))
        self.goal_links.toggled.connect(self.link_goal)
        self.history.whole_map.toggled.connect(lambda _on: self._show_history())
        self.retranslate()

    # -- actions ------------------------------------------------------------------------------------------
    def _make_actions(self) -> None:
        def action(run, *keys, toolbar=True) -> QAction:
            made = QAction(self)
            made.setShortcuts([QKeySequence(key) for key in keys])
            made.setShortcutContext(Qt.WidgetShortcut)  # on the outline and the map, not while typing in a field
            made.triggered.connect(run)
            for widget in (self.tree, self.canvas):
                widget.addAction(made)
            if toolbar:
                self.toolbar.addAction(made)
            return made

        self.add_capability_action = action(lambda: self.add(CAPABILITY), Qt.Key_Insert, Qt.CTRL | Qt.Key_Return)
        self.add_group_action = action(lambda: self.add(GROUP), Qt.CTRL | Qt.Key_Insert,
                                       Qt.CTRL | Qt.SHIFT | Qt.Key_Return)
        self.add_area_action = action(lambda: self.add(AREA), Qt.CTRL | Qt.SHIFT | Qt.Key_Insert)
        self.rename_action = action(self.rename, Qt.Key_F2, toolbar=False)
        self.delete_action = action(self.delete, QKeySequence.Delete)
        self.cut_action = action(self.cut, QKeySequence.Cut, toolbar=False)
        self.paste_action = action(self.paste, QKeySequence.Paste, toolbar=False)
        self.move_actions = {direction: action(lambda _=False, d=direction: self.move(d), key, toolbar=False)
                             for direction, key in MOVE_KEYS}
        self.tree.setContextMenuPolicy(Qt.ActionsContextMenu)

    def retranslate(self) -> None:
        self.details.retranslate()
        self.history.retranslate()
        self.tabs.setTabText(0, self.tr("Details"))
        self.tabs.setTabText(1, self.tr("Goals"))
        self.tabs.setTabText(2, self.tr("Cards"))
        self.tabs.setTabText(3, self.tr("History"))
        self.goal_links.setAccessibleName(self.tr("Goals of the selected capability"))
        self.sources.setAccessibleName(self.tr("Board cards the selected capability came from"))
        self.canvas.setAccessibleName(self.tr("Capability map"))
        self.canvas.setAccessibleDescription(self.tr("The drawn map; the outline beside it lists the same "
                                                     "areas, groups and capabilities for the keyboard."))
        for made, text in ((self.add_capability_action, self.tr("+ Capability")),
                           (self.add_group_action, self.tr("+ Group")),
                           (self.add_area_action, self.tr("+ Area")),
                           (self.rename_action, self.tr("Rename")),
                           (self.delete_action, self.tr("Delete")),
                           (self.cut_action, self.tr("Cut")),
                           (self.paste_action, self.tr("Paste")),
                           (self.move_actions["up"], self.tr("Move up")),
                           (self.move_actions["down"], self.tr("Move down")),
                           (self.move_actions["left"], self.tr("Move to the previous group or area")),
                           (self.move_actions["right"], self.tr("Move to the next group or area"))):
            made.setText(text)
            keys = ", ".join(key.toString(QKeySequence.NativeText) for key in made.shortcuts())
            made.setToolTip(f"{text} ({keys})" if keys else text)
        # Every tool button in sight, in either language: none hidden behind the tool bar's » menu.
        needed = self.toolbar.sizeHint().width() + self.toolbar.contentsMargins().left() + 8
        self.editor.setMinimumWidth(max(EDITOR_WIDTH, needed))
        self.refresh(Changes.of(MAP))

    def title(self) -> str:
        return self.tr("Capability map")

    def audience_widget(self):
        from digitalmotor_desktop.gui.stages.capability_map.audience import MapAudience

        return MapAudience(self)

    def step_selection(self, step: int) -> None:
        self.select_capability(self.map.capability_after(self.selected[1], step))

    def select_capability(self, capability_id: str) -> None:
        self.tree.select_item(capability_id)

    # -- showing ------------------------------------------------------------------------------------------
    def refresh(self, changes: Changes) -> None:
        self.map = capability_map(self.session.document) if self.session else CapabilityMap()
        selected = self.selected[1]
        if self.model.show_map(self.map):  # rebuilt: the selection went with the old items
            self.tree.expandAll()
            if selected in self.model.items:
                self.tree.select_item(selected)
        self._syncing = True  # the canvas selects its box again: the outline's selection stays the truth
        self.canvas.set_map(self.map)
        self._syncing = False
        self._on_current_changed()

    def _on_current_changed(self) -> None:
        index = self.tree.currentIndex()
        self.selected = (index.data(KIND_ROLE), index.data(ID_ROLE)) if index.isValid() else ("", "")
        kind, item_id = self.selected
        item, heading = self._find(kind, item_id)
        self.details.show_item(kind, item, heading)
        document = self.session.document if self.session else None
        self.goal_links.show_links(goals(document) if document else [],
                                   map_edit.linked_goals(document, item_id) if kind == CAPABILITY else set(),
                                   kind == CAPABILITY)
        self.sources.show_cards(map_edit.source_card_texts(document, item_id)
                                if document and kind == CAPABILITY else [], kind == CAPABILITY)
        self._show_history()
        self.audience_changed.emit()
        shown = item_id if kind == CAPABILITY else ""
        if not self._syncing and self.canvas.selected_id() != shown:
            self._syncing = True
            self.canvas.select(shown)
            self._syncing = False

    def _show_history(self) -> None:
        if self.session is not None:
            self.history.show_history(self.session.document, self.selected[1])

    def _locate(self, kind: str, item_id: str):
        """(item, its area, its group) for an area, group or capability shown; Nones when it is not."""
        for area in self.map.areas:
            if kind == AREA and area.id == item_id:
                return area, area, None
            for group in area.groups:
                if kind == GROUP and group.id == item_id:
                    return group, area, group
                for capability in group.capabilities:
                    if kind == CAPABILITY and capability.id == item_id:
                        return capability, area, group
        return None, None, None

    def _find(self, kind: str, item_id: str):
        """The item shown, with the path above it ("Area › Group")."""
        item, area, group = self._locate(kind, item_id)
        if item is None or kind == AREA:
            return item, ""
        return item, area.name if kind == GROUP else f"{area.name} › {group.name}"

    def _on_canvas_selected(self, capability_id: str) -> None:
        if capability_id and not self._syncing:
            self._syncing = True
            self.tree.select_item(capability_id)
            self._syncing = False

    # -- editing ------------------------------------------------------------------------------------------
    def _attempt(self, make) -> Edit | None:
        """Makes an edit (an op factory call) and applies it; a refusal is shown by the window's presenter."""
        if self.session is None:
            return None
        try:
            edit = make()
        except UserError as error:
            self.session.error.emit(error)
            return None
        self.session.apply(edit)
        return edit

    def undo(self) -> None:
        if self.session is not None:
            self.details.commit_pending()
            self._keeping_focus(self.session.undo_stack.undo)

    def redo(self) -> None:
        if self.session is not None:
            self._keeping_focus(self.session.undo_stack.redo)

    def _keeping_focus(self, step) -> None:
        """Runs an undo or redo; one that removed the item being named in the outline took its editor and
        the focus with it, so the outline takes the focus back (the next Ctrl+Z is the map's again)."""
        focus = QApplication.focusWidget()
        in_outline = focus is self.tree or self.tree.isAncestorOf(focus)
        step()
        if in_outline and self.tree.state() != QAbstractItemView.EditingState:
            self.tree.setFocus()

    def edit_text(self, kind: str, item_id: str, field: str, value: str) -> None:
        item, _heading = self._find(kind, item_id)
        if item is None or getattr(item, field) == value.strip():
            return
        if self._attempt(lambda: map_ops.edit_map_text(self.session.document, kind, item_id, field, value)) is None:
            self._on_current_changed()  # show the saved text again

    def add(self, kind: str) -> None:
        """Adds after the selected item of the same kind, or at the end of the selected parent."""
        parent, index = self._place_for_new(kind)
        if parent is None:
            self.status_message.emit(self.tr("Add an area first, then a group in it.") if kind == CAPABILITY
                                     else self.tr("Add an area first."))
            return
        name = {AREA: self.tr("New area"), GROUP: self.tr("New group"), CAPABILITY: self.tr("New capability")}[kind]
        edit = self._attempt(lambda: map_ops.add_item(self.session.document, kind, parent, name, index))
        if edit is not None:
            self.tree.select_item(edit.extra["id"])
            self.tree.setFocus()
            self.tree.edit(self.tree.currentIndex())  # type the real name straight away

    def _place_for_new(self, kind: str) -> tuple[str | None, int | None]:
        """(parent, index) for a new item: after the selected item of its kind (or the one the selection is
        in), else at the end of the selected parent, else of the last parent; (None, None) when there is none."""
        path = self._path(*self.selected)  # {kind: id} of the selection and what it is in
        if kind in path:
            parent, index = map_ops.location(self.map, kind, path[kind])
            return parent, index + 1
        if kind == AREA:
            return "", None
        parent_kind = AREA if kind == GROUP else GROUP
        if parent_kind in path:
            return path[parent_kind], None
        candidates = ([a.id for a in self.map.areas] if kind == GROUP else
                      [g.id for a in self.map.areas if a.id == path.get(AREA, a.id) for g in a.groups])
        return (candidates[-1], None) if candidates else (None, None)

    def _path(self, kind: str, item_id: str) -> dict[str, str]:
        """{kind: id} of the item and of what it is in."""
        item, area, group = self._locate(kind, item_id)
        if item is None:
            return {}
        return {AREA: area.id, **({GROUP: group.id} if group else {}), **({CAPABILITY: item_id} if kind == CAPABILITY else {})}

    def rename(self) -> None:
        if self.tree.currentIndex().isValid():
            self.tree.setFocus()
            self.tree.edit(self.tree.currentIndex())

    def delete(self) -> None:
        kind, item_id = self.selected
        if not item_id or self.session is None:
            return
        try:
            edit = map_ops.delete_item(self.session.document, kind, item_id)
        except UserError as error:
            self.session.error.emit(error)
            return
        if edit.extra["ratings"] and not self._confirm_delete(edit.subject, edit.extra["ratings"]):
            return
        neighbour = self._neighbour_after_delete(kind, item_id)
        self.session.apply(edit)
        if neighbour:
            self.tree.select_item(neighbour)

    def _confirm_delete(self, name: str, ratings: int) -> bool:
        box = QMessageBox(QMessageBox.Question, self.tr("Delete"),
                          self.tr("“{name}” has {count} answered ratings. Delete it and hide them? "
                                  "You can undo this.").format(name=name, count=ratings),
                          QMessageBox.Yes | QMessageBox.Cancel, self)
        delete = box.button(QMessageBox.Yes)
        delete.setText(self.tr("Delete"))
        box.setDefaultButton(QMessageBox.Cancel)
        box.exec()
        return box.clickedButton() is delete

    def _neighbour_after_delete(self, kind: str, item_id: str) -> str:
        """The item to select once this one is gone: the next sibling, else the previous, else the parent."""
        parent, index = map_ops.location(self.map, kind, item_id)
        ids = map_ops.children(self.map, kind, parent)
        rest = ids[:index] + ids[index + 1:]
        return rest[min(index, len(rest) - 1)] if rest else parent

    def cut(self) -> None:
        if self.selected[1]:
            self.cut_item = self.selected
            name = self._find(*self.selected)[0].name
            self.status_message.emit(self.tr("“{name}” cut: select where it goes and paste.").format(name=name))

    def paste(self) -> None:
        if self.cut_item is None or self.session is None:
            return
        kind, item_id = self.cut_item
        if self._find(kind, item_id)[0] is None:
            self.cut_item = None
            return
        target_kind, target_id = self.selected
        place = map_ops.drop_place(self.map, kind, item_id, target_kind, target_id, -1) if target_id else None
        if place is None:
            self.status_message.emit(self.tr("Select a place of the right kind to paste into."))
            return
        self._move_to(kind, item_id, place)
        self.cut_item = None

    def move(self, direction: str) -> None:
        kind, item_id = self.selected
        if not item_id:
            return
        place = map_ops.step(self.map, kind, item_id, direction)
        if place is not None:
            self._move_to(kind, item_id, place)

    def drop(self, kind: str, item_id: str, target_kind: str, target_id: str, row: int) -> None:
        place = map_ops.drop_place(self.map, kind, item_id, target_kind, target_id, row)
        if place is not None:
            self._move_to(kind, item_id, place)

    def _move_to(self, kind: str, item_id: str, place: tuple[str, int]) -> None:
        if place == map_ops.location(self.map, kind, item_id):
            return
        self._attempt(lambda: map_ops.move_item(self.session.document, kind, item_id, *place))
        self.tree.select_item(item_id)
        self.tree.setFocus()

    def link_goal(self, goal_id: str, linked: bool) -> None:
        kind, item_id = self.selected
        if kind == CAPABILITY:
            row = self.goal_links.currentRow()
            self._attempt(lambda: map_ops.link_goal(self.session.document, item_id, goal_id, linked))
            QTimer.singleShot(0, lambda: self.goal_links.setCurrentRow(row))
