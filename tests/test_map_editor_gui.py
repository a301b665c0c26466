"""Stage 3 as a facilitator uses it: a map built from nothing with the keyboard, revised, undone and redone."""

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QSettings, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QMessageBox

from digitalmotor_desktop.gui.i18n import install_language
from digitalmotor_desktop.gui.main_window import MainWindow
from digitalmotor_desktop.gui.stages.capability_map.view import LEAST_MAP_SCALE
from digitalmotor_desktop.ops import board as board_ops
from digitalmotor_desktop.ops.board_to_map import move_to_map, set_cluster_area
from digitalmotor_desktop.ops.workshop import create_workshop
from digitalmotor_desktop.store import board as board_store
from digitalmotor_desktop.store import map_edit
from digitalmotor_desktop.store.document import open_document
from digitalmotor_desktop.store.workshop import capability_map, goals, summary
from board_data import runner
from gap_data import csv_rows, insert_ratings

CTRL, SHIFT, ALT = Qt.ControlModifier, Qt.ShiftModifier, Qt.AltModifier
#: 3 areas, 5 groups, 15 capabilities: the study's structure in small.
PLAN = [
    ("Ledningsförmågor", [("Leda", ["Bygga kultur", "Leda utifrån helhet", "Förankra mål"]),
                          ("Styra", ["Fatta beslut", "Prioritera", "Utvärdera"])]),
    ("Kärnförmågor", [("Förstå behov", ["Analysera behov", "Fånga behov", "Verifiera behov"]),
                      ("Förändra", ["Förändra beteende", "Utbilda", "Införa lösningar"])]),
    ("Stödförmågor", [("Försörja", ["Följa upp avtal", "Upphandla", "Finansiera"])]),
]


def outline(document):
    return [(a.name, [(g.name, [c.name for c in g.capabilities]) for g in a.groups])
            for a in capability_map(document).areas]


def open_window(qtbot, path, tmp_path, size=(1600, 900)):
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(*size)
    window.open_path(path)
    window.show_stage(3)
    window.show()
    qtbot.waitExposed(window)
    view = window.current_view()
    refocus(qtbot, window, view.tree)
    return window, view


def refocus(qtbot, window, widget):
    """Shortcuts go to the focused widget of the active window."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


@pytest.fixture
def empty_window(qtbot, tmp_path):
    path = tmp_path / "empty.dmw"
    create_workshop(path, "empty").close()
    return open_window(qtbot, path, tmp_path)


@pytest.fixture
def fyrbodal_window(qtbot, fyrbodal_file, tmp_path):
    return open_window(qtbot, fyrbodal_file, tmp_path)


class Recorder:
    """The map after every step, by the undo stack's index: what undo and redo must show again."""

    def __init__(self, window):
        self.window = window
        self.document = window.session.document
        self.stack = window.session.undo_stack
        self.seen = {self.stack.index(): outline(self.document)}

    def record(self):
        self.seen[self.stack.index()] = outline(self.document)
        return self.seen[self.stack.index()]


def type_text(widget, text):
    """Key presses carrying each character (QTest's keyClicks knows only ASCII: no å, ä, ö)."""
    for character in text:
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key_unknown, Qt.NoModifier, character))


def type_name(qtbot, tree, name):
    """Types into the outline's inline editor that the add action opened, and presses Enter."""
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    type_text(editor, name)
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.waitUntil(lambda: tree.state() != QAbstractItemView.EditingState)  # it commits and closes queued


def names_in(items):
    return [name for name, _children in items]


def test_a_full_map_is_built_from_an_empty_workshop_with_the_keyboard_then_undone_and_redone(empty_window, qtbot):
    window, view = empty_window
    tree = view.tree
    recorder = Recorder(window)
    assert recorder.record() == []
    for area, groups in PLAN:
        dbg = (view.selected, view._path(*view.selected), tree.currentIndex().data())
        qtbot.keyClick(tree, Qt.Key_Insert, CTRL | SHIFT)
        recorder.record()
        type_name(qtbot, tree, area)
        assert names_in(recorder.record())[-1] == area, dbg
        for group, capabilities in groups:
            qtbot.keyClick(tree, Qt.Key_Insert, CTRL)
            recorder.record()
            type_name(qtbot, tree, group)
            recorder.record()
            for capability in capabilities:
                qtbot.keyClick(tree, Qt.Key_Insert)
                recorder.record()
                type_name(qtbot, tree, capability)
                assert recorder.record() and view.selected[1] in view.canvas.boxes
    built = outline(recorder.document)
    assert built == PLAN
    counts = summary(recorder.document).counts
    assert (counts["areas"], counts["groups"], counts["capabilities"]) == (3, 5, 15)
    assert len(view.canvas.boxes) == 15
    # The Edit menu names the step.
    assert window.undo_action.text() == "&Undo Rename «New capability»"

    # Revise: Alt+Up moves the selected capability ("Finansiera") up; Alt+Left takes it to the previous group.
    qtbot.keyClick(tree, Qt.Key_Up, ALT)
    assert recorder.record()[2][1][0][1] == ["Följa upp avtal", "Finansiera", "Upphandla"]
    qtbot.keyClick(tree, Qt.Key_Left, ALT)
    assert recorder.record()[1][1][1][1] == ["Förändra beteende", "Finansiera", "Utbilda", "Införa lösningar"]
    # Alt+Up past the top of a group lands at the end of the one before it.
    qtbot.keyClick(tree, Qt.Key_Up, ALT)
    recorder.record()
    qtbot.keyClick(tree, Qt.Key_Up, ALT)
    assert recorder.record()[1][1][0][1] == ["Analysera behov", "Fånga behov", "Verifiera behov", "Finansiera"]
    # Cut and paste: "Bygga kultur" into the group "Försörja", after its selected capability.
    tree.select_item(view.model.items and _id(recorder.document, "Bygga kultur"))
    qtbot.keyClick(tree, Qt.Key_X, CTRL)
    tree.select_item(_id(recorder.document, "Upphandla"))
    qtbot.keyClick(tree, Qt.Key_V, CTRL)
    assert recorder.record()[2][1][0][1] == ["Följa upp avtal", "Upphandla", "Bygga kultur"]
    # Groups and areas move too: Alt+Down moves the area "Ledningsförmågor" below "Kärnförmågor".
    tree.select_item(_id(recorder.document, "Ledningsförmågor"))
    qtbot.keyClick(tree, Qt.Key_Down, ALT)
    assert names_in(recorder.record()) == ["Kärnförmågor", "Ledningsförmågor", "Stödförmågor"]
    # A drag in the outline: the capability "Utbilda" dropped on the group "Leda" goes to its end.
    model = view.model
    drop_on(tree, model.items[_id(recorder.document, "Utbilda")].index(),
            model.items[_id(recorder.document, "Leda")].index())
    qtbot.waitUntil(lambda: "Utbilda" in outline(recorder.document)[1][1][0][1])
    assert recorder.record()[1][1][0][1] == ["Leda utifrån helhet", "Förankra mål", "Utbilda"]
    # Rename in the details field; Ctrl+Z there reverts the map, not just the field.
    tree.select_item(_id(recorder.document, "Prioritera"))
    name = view.details.name
    qtbot.mouseClick(name, Qt.LeftButton)
    name.selectAll()
    type_text(name, "Prioritera resurser")
    qtbot.keyClick(name, Qt.Key_Return)
    assert "Prioritera resurser" in recorder.record()[1][1][1][1]
    qtbot.keyClick(name, Qt.Key_Z, CTRL)
    assert "Prioritera" in outline(recorder.document)[1][1][1][1] and name.text() == "Prioritera"
    qtbot.keyClick(name, Qt.Key_Z, CTRL | SHIFT)
    assert "Prioritera resurser" in outline(recorder.document)[1][1][1][1]
    # The description: typed, then Tab leaves the field and saves it.
    description = view.details.description
    qtbot.mouseClick(description.viewport(), Qt.LeftButton)
    type_text(description, "Vi kan prioritera.")
    qtbot.keyClick(description, Qt.Key_Tab)
    assert _description(recorder.document, "Prioritera resurser") == "Vi kan prioritera."
    recorder.record()
    # Delete (no ratings: no question); the next capability is selected.
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key_Delete)
    assert "Prioritera resurser" not in str(recorder.record())
    revised = outline(recorder.document)

    # Undo every step back to the empty workshop, with Ctrl+Z in the outline, checking each.
    tree.setFocus()
    while recorder.stack.index() > 0:
        qtbot.keyClick(tree, Qt.Key_Z, CTRL)
        assert outline(recorder.document) == recorder.seen[recorder.stack.index()], recorder.stack.index()
    assert outline(recorder.document) == [] and not view.canvas.boxes and view.model.rowCount() == 0
    # … and redo them all with Ctrl+Shift+Z.
    while recorder.stack.canRedo():
        qtbot.keyClick(tree, Qt.Key_Z, CTRL | SHIFT)
        assert outline(recorder.document) == recorder.seen[recorder.stack.index()], recorder.stack.index()
    assert outline(recorder.document) == revised
    assert view.model.rowCount() == 3 and len(view.canvas.boxes) == 14


def drop_on(tree, source, target):
    """What the drag's end delivers to the outline: enter, move and drop over the middle of ``target``
    (offscreen, QDrag's own loop gets no mouse: the view's drop handling is driven with its events)."""
    tree.scrollTo(target)
    data = tree.model().mimeData([source])
    point = tree.visualRect(target).center()
    for event in (QDragEnterEvent(point, Qt.MoveAction, data, Qt.LeftButton, Qt.NoModifier),
                  QDragMoveEvent(point, Qt.MoveAction, data, Qt.LeftButton, Qt.NoModifier),
                  QDropEvent(QPointF(point), Qt.MoveAction, data, Qt.LeftButton, Qt.NoModifier)):
        QApplication.sendEvent(tree.viewport(), event)


def _id(document, name):
    for table in ("area", "capability_group", "capability"):
        row = document.db.execute(f"SELECT id FROM {table} WHERE name = ? AND deleted = 0", [name]).fetchone()
        if row:
            return row[0]
    raise AssertionError(name)


def _description(document, name):
    return next(c.description for c in capability_map(document).capabilities() if c.name == name)


def _answer_next_question(qtbot, button):
    """Presses ``button`` in the question the next action opens (it runs modally)."""
    def press():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(button).click()
        else:
            QTimer.singleShot(20, press)
    QTimer.singleShot(0, press)


def test_deleting_a_rated_capability_asks_first_and_undo_brings_it_back(fyrbodal_window, qtbot, fyrbodal_file):
    window, view = fyrbodal_window
    document = window.session.document
    insert_ratings(document, [dict(row, consent="group") for row in csv_rows()])
    capability = capability_map(document).capabilities()[0]
    view.tree.select_item(capability.id)
    _answer_next_question(qtbot, QMessageBox.Cancel)
    qtbot.keyClick(view.tree, Qt.Key_Delete)
    assert capability_map(document).capabilities()[0].id == capability.id
    refocus(qtbot, window, view.tree)  # offscreen, focus does not come back from a closed dialog by itself
    _answer_next_question(qtbot, QMessageBox.Yes)
    qtbot.keyClick(view.tree, Qt.Key_Delete)
    assert capability.id not in [c.id for c in capability_map(document).capabilities()]
    assert capability.id not in view.canvas.boxes
    assert document.db.execute("SELECT deleted FROM capability WHERE id = ?", [capability.id]).fetchone() == (1,)
    assert "Bygga kultur" in window.undo_action.text()
    refocus(qtbot, window, view.tree)
    qtbot.keyClick(view.tree, Qt.Key_Z, CTRL)
    assert capability_map(document).capabilities()[0].id == capability.id


def test_ctrl_z_in_the_name_field_reverts_the_map_typed_text_included(fyrbodal_window, qtbot, fyrbodal_file):
    """The bug this issue names: Ctrl+Z in stage 3's name field did not revert the map."""
    window, view = fyrbodal_window
    capability = capability_map(window.session.document).capabilities()[0]
    view.canvas.select(capability.id)
    name = view.details.name
    qtbot.mouseClick(name, Qt.LeftButton)
    name.selectAll()
    type_text(name, "Bygga en stark kultur")  # typed, not yet left
    qtbot.keyClick(name, Qt.Key_Z, CTRL)
    assert name.text() == "Bygga kultur"
    with open_document(fyrbodal_file, read_only=True) as other:
        assert capability_map(other).capabilities()[0].name == "Bygga kultur"
    qtbot.keyClick(name, Qt.Key_Z, CTRL | SHIFT)
    assert capability_map(window.session.document).capabilities()[0].name == "Bygga en stark kultur"


def test_goals_are_linked_with_the_space_key_and_unlinked_by_undo(fyrbodal_window, qtbot):
    window, view = fyrbodal_window
    document = window.session.document
    capability = capability_map(document).capabilities()[3]
    view.tree.select_item(capability.id)
    view.tabs.setCurrentWidget(view.goal_links)
    links = view.goal_links
    assert links.count() == len(goals(document)) == 7
    links.setFocus()
    links.setCurrentRow(2)
    qtbot.keyClick(links, Qt.Key_Space)
    assert map_edit.linked_goals(document, capability.id) == {goals(document)[2].id}
    assert links.item(2).checkState() == Qt.Checked
    assert "Link to goal" in window.undo_action.text()
    qtbot.keyClick(links, Qt.Key_Z, CTRL)
    assert map_edit.linked_goals(document, capability.id) == set()
    assert links.item(2).checkState() == Qt.Unchecked


def test_the_history_shows_the_selected_capabilitys_revisions_or_the_whole_maps(fyrbodal_window, qtbot):
    window, view = fyrbodal_window
    first, second = capability_map(window.session.document).capabilities()[:2]
    for capability, new in ((first, "Bygga en stark kultur"), (second, "Helhetssyn")):
        view.tree.select_item(capability.id)
        view.details.name.setText(new)
        view.details.name.editingFinished.emit()
    view.tree.select_item(first.id)
    view.tabs.setCurrentWidget(view.history)
    entries = [view.history.entries.item(i).text() for i in range(view.history.entries.count())]
    assert len(entries) == 1 and entries[0].endswith("Renamed “Bygga kultur” to “Bygga en stark kultur”")
    qtbot.mouseClick(view.history.whole_map, Qt.LeftButton)
    entries = [view.history.entries.item(i).text() for i in range(view.history.entries.count())]
    assert len(entries) == 2 and entries[0].split("  ", 1)[1].startswith("Helhetssyn: Renamed")


@pytest.mark.parametrize("size", [(1280, 720), (1600, 900)])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_editor_and_the_whole_map_fit_a_projector(qtbot, fyrbodal_file, tmp_path, size, language):
    """Every band of the 55-capability map on screen (not below the fold), names drawn at 12 px in the layout
    and no smaller than 80 % of that on screen, the outline and the tabs inside the window."""
    install_language(language)
    window, view = open_window(qtbot, fyrbodal_file, tmp_path, size)
    canvas = view.canvas
    assert len(canvas.boxes) == 55
    assert canvas.geometry_.height * canvas.scale_ <= canvas.viewport().height()
    assert not canvas.verticalScrollBar().isVisible()
    for box in canvas.boxes.values():
        assert box.fitted_name().font.pixelSize() * canvas.scale_ >= 12 * LEAST_MAP_SCALE - 1e-6
    image = window.grab().toImage()
    png = tmp_path / f"stage3-{size[0]}x{size[1]}.png"
    assert image.save(str(png))
    # Each band's colour is drawn where the band is: its bottom edge included.
    for area, rect, colour in canvas.geometry_.areas:
        bottom_left = canvas.mapFromScene(rect.x + 4, rect.y + rect.height - 4)
        point = canvas.viewport().mapTo(window, bottom_left)
        assert window.rect().contains(point)
        assert image.pixelColor(point).name() == colour, area.name
    # Nothing of the editor is cut off by the window's edge.
    for widget in (view.toolbar, view.tree, view.tabs, view.details.hint, view.details.description):
        top_left = widget.mapTo(window, QPoint(0, 0))
        assert window.rect().contains(top_left) and window.rect().contains(top_left + QPoint(widget.width() - 1, widget.height() - 1)), widget
    assert view.tree.model().rowCount() == 3
    for action in view.toolbar.actions():  # none hidden behind the tool bar's » menu
        assert view.toolbar.widgetForAction(action).isVisible(), action.text()


def test_an_op_that_fails_leaves_no_undo_step(empty_window):
    """A failed redo must not stay on the stack as a step that did nothing (the error is shown once)."""
    from digitalmotor_desktop.core.errors import InvalidInput
    from digitalmotor_desktop.ops.changes import Edit

    window, _view = empty_window
    errors = []
    window.session.error.disconnect()
    window.session.error.connect(errors.append)

    def refuse(document):
        raise InvalidInput("That part of the map no longer exists.")

    window.session.apply(Edit("Rename", "Gone", redo=refuse, undo=refuse))
    assert window.session.undo_stack.count() == 0 and len(errors) == 1


def test_ctrl_z_while_naming_a_new_capability_removes_it_and_ctrl_shift_z_brings_it_back(fyrbodal_window, qtbot):
    window, view = fyrbodal_window
    document = window.session.document
    view.tree.select_item(capability_map(document).capabilities()[0].id)
    qtbot.keyClick(view.tree, Qt.Key_Insert)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and len(capability_map(document).capabilities()) == 56
    type_text(editor, "Halvfärdig")
    qtbot.keyClick(editor, Qt.Key_Z, CTRL)
    assert len(capability_map(document).capabilities()) == 55
    assert view.tree.hasFocus()
    qtbot.keyClick(view.tree, Qt.Key_Z, CTRL | SHIFT)
    assert [c.name for c in capability_map(document).capabilities()][1] == "New capability"


def test_an_areas_title_is_edited_in_the_big_field_and_the_band_shows_it(fyrbodal_window, qtbot):
    window, view = fyrbodal_window
    area = capability_map(window.session.document).areas[0]
    view.tree.select_item(area.id)
    field = view.details.description
    assert field.isEnabled() and field.toPlainText() == area.title
    assert view.details.description_label.text().startswith("&Title")
    qtbot.mouseClick(field.viewport(), Qt.LeftButton)
    field.selectAll()
    type_text(field, "Att leda")
    qtbot.keyClick(field, Qt.Key_Tab)
    assert capability_map(window.session.document).areas[0].title == "Att leda"
    assert any("Att leda" in item.toolTip() for item in view.canvas.scene().items())  # the band's tool tip
    view.tree.select_item(area.groups[0].id)
    assert not field.isEnabled() and field.toPlainText() == ""


@pytest.fixture
def moved_from_the_board(tmp_path):
    """A Fyrbodal workshop whose stage 2 cards (one with a merged duplicate, linked to a goal) went to the map."""
    path = tmp_path / "moved.dmw"
    with create_workshop(path, "fyrbodal-2020") as document:
        run = runner(document)
        steer, duplicate, follow = (run(board_ops.add_note(document, 2, None, text))
                                    for text in ("Styra leverantörer", "Leverantörsstyrning", "Följa upp avtal"))
        run(board_ops.merge_duplicates(document, 2, [steer, duplicate]))
        run(board_ops.link_goal(document, [steer], goals(document)[0].id))
        cluster = run(board_ops.group_notes(document, 2, [steer, follow], "Styra avtal"))
        run(set_cluster_area(document, cluster, "Ledningsförmågor"))
        run(move_to_map(document))
    return path


def shown_texts(widget):
    return [widget.item(row).text() for row in range(widget.count())]


def test_a_capability_from_the_board_shows_its_cards_and_goals_which_link_and_unlink_by_key(
        moved_from_the_board, qtbot, tmp_path):
    window, view = open_window(qtbot, moved_from_the_board, tmp_path, size=(1280, 720))
    document = window.session.document
    steered = next(c for c in capability_map(document).capabilities() if c.name == "Styra leverantörer")
    view.tree.select_item(steered.id)
    view.tabs.setCurrentWidget(view.sources)
    assert view.tabs.tabText(view.tabs.currentIndex()) == "Cards"
    assert view.sources.texts() == ["Styra leverantörer", "Leverantörsstyrning"]  # the duplicate merged into it too
    image = view.sources.grab().toImage()
    row = view.sources.visualItemRect(view.sources.item(1))
    assert len({image.pixel(x, row.center().y()) for x in range(row.left(), row.right())}) > 1  # its text is drawn
    # a card edited on the board reads the same here
    duplicate = next(n.id for n in board_store.board(document, 2).notes.values() if n.text == "Leverantörsstyrning")
    window.session.apply(board_ops.edit_note(document, 2, duplicate, "Styrning av leverantörer"))
    assert view.sources.texts() == ["Styra leverantörer", "Styrning av leverantörer"]

    view.tabs.setCurrentWidget(view.goal_links)
    links = view.goal_links
    checked = [links.item(row).text() for row in range(links.count()) if links.item(row).checkState() == Qt.Checked]
    assert checked == [goals(document)[0].text]  # the card's goal came with it
    links.setFocus()
    links.setCurrentRow(0)
    qtbot.keyClick(links, Qt.Key_Space)
    assert map_edit.linked_goals(document, steered.id) == set()
    assert "Unlink from goal" in window.undo_action.text()
    links.setCurrentRow(1)
    qtbot.keyClick(links, Qt.Key_Space)
    assert map_edit.linked_goals(document, steered.id) == {goals(document)[1].id}
    for _ in range(2):
        qtbot.keyClick(links, Qt.Key_Z, CTRL)
    assert map_edit.linked_goals(document, steered.id) == {goals(document)[0].id}
    assert links.item(0).checkState() == Qt.Checked and links.item(1).checkState() == Qt.Unchecked

    # a capability of the template's map came from no card, and says so
    view.tree.select_item(capability_map(document).capabilities()[0].id)
    view.tabs.setCurrentWidget(view.sources)
    assert view.sources.texts() == []
    assert shown_texts(view.sources) == ["Not from the board: this capability was added in the map."]
