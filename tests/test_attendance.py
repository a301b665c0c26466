"""The series' attendance register: kept in the document, merged like other rows, never in an anonymised file."""

import shutil

import pytest

from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.ops import attendance as ops
from digitalmotor_desktop.ops import ratings as rating_ops
from digitalmotor_desktop.ops.merge import write_handout
from digitalmotor_desktop.ops.workshop import create_workshop
from digitalmotor_desktop.store.document import open_document

from merge_data import capability_ids, merge


def _organisation(document, name: str) -> str:
    edit = rating_ops.add_organisation(document, name)
    edit.redo(document)
    return edit.extra["id"]


@pytest.fixture
def lead(tmp_path):
    path = tmp_path / "lead.dmw"
    with create_workshop(path, "fyrbodal-2020") as document:
        for name in ("Orust", "Tanum", "Ale"):
            ops.set_expected(document, _organisation(document, name), True).redo(document)
    return path


def _ids(path):
    with open_document(path, read_only=True) as document:
        return {name: ident for ident, name in ops.register(document).organisations}


def test_two_laptops_mark_attendance_and_the_merge_holds_both(lead, tmp_path):
    laptop = tmp_path / "laptop.dmw"
    shutil.copy(lead, laptop)
    ids = _ids(lead)
    with open_document(lead) as document:
        ops.set_took_part(document, ids["Orust"], 1, True).redo(document)
        ops.set_took_part(document, ids["Tanum"], 1, True).redo(document)
    with open_document(laptop) as document:  # later, on the other laptop: Tanum did not come after all
        ops.set_took_part(document, ids["Tanum"], 1, False).redo(document)
        ops.set_took_part(document, ids["Ale"], 2, True).redo(document)
        ops.set_expected(document, ids["Ale"], False).redo(document)

    merged = merge(tmp_path / "merged.dmw", lead, laptop)
    with open_document(merged, read_only=True) as document:
        register = ops.register(document)
    assert register.took_part == {ids["Orust"]: {1}, ids["Ale"]: {2}}
    assert register.expected == {ids["Orust"], ids["Tanum"]}
    assert register.count_at(1) == 1


def test_an_organisation_captured_twice_under_one_name_counts_once(tmp_path):
    first, second = tmp_path / "a.dmw", tmp_path / "b.dmw"
    create_workshop(tmp_path / "lead.dmw", "fyrbodal-2020").close()
    for path, name in ((first, "Orust"), (second, "orust ")):
        write_handout(tmp_path / "lead.dmw", path)
        with open_document(path) as document:
            organisation = _organisation(document, name)
            ops.set_expected(document, organisation, True).redo(document)
            ops.set_took_part(document, organisation, 4, True).redo(document)
    with open_document(merge(tmp_path / "merged.dmw", first, second), read_only=True) as document:
        register = ops.register(document)
    (survivor,) = [ident for ident, _name in register.organisations]
    assert register.expected == {survivor}
    assert register.took_part == {survivor: {4}}


def test_stage_4_lists_the_expected_organisations_that_have_not_answered(lead):
    with open_document(lead) as document:
        ids = {name: ident for ident, name in ops.register(document).organisations}
        add = rating_ops.add_respondent(document, ids["Tanum"], "IT-chef", "facilitator")
        add.redo(document)
        rating_ops.set_maturity(document, add.extra["id"], capability_ids(document)[0], 2).redo(document)
        assert [name for _id, name in ops.register(document).not_answered] == ["Ale", "Orust"]


def test_undo_puts_the_register_back(lead):
    with open_document(lead) as document:
        orust = next(ident for ident, name in ops.register(document).organisations if name == "Orust")
        edit = ops.set_took_part(document, orust, 3, True)
        edit.redo(document)
        assert ops.register(document).took_part == {orust: {3}}
        edit.undo(document)
        assert ops.register(document).took_part == {}


def test_a_meeting_outside_the_series_is_refused_with_a_sentence(lead):
    with open_document(lead) as document:
        orust = next(ident for ident, name in ops.register(document).organisations if name == "Orust")
        with pytest.raises(InvalidInput, match="meetings 1 to 5"):
            ops.set_took_part(document, orust, 9, True)


def test_hand_outs_and_anonymised_files_hold_no_register(lead, tmp_path):
    with open_document(lead) as document:
        orust = next(ident for ident, name in ops.register(document).organisations if name == "Orust")
        ops.set_took_part(document, orust, 1, True).redo(document)
    handout = tmp_path / "handout.dmw"
    write_handout(lead, handout, "Orust")
    anonymised = merge(tmp_path / "anon.dmw", lead, anonymised=True)
    for path in (handout, anonymised):
        with open_document(path, read_only=True) as document:
            rows = document.db.execute("SELECT (SELECT count(*) FROM attendance) + "
                                       "(SELECT count(*) FROM expected_organisation)").fetchone()[0]
        assert rows == 0, path.name


def test_stage_1_shows_the_register_beside_the_board_and_a_tick_there_is_the_organisations_pages(lead, qtbot):
    from PySide6.QtCore import Qt

    from digitalmotor_desktop.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.open_path(lead)
    window.show()
    window.show_stage(1)
    stage = window.current_view()
    tabs = [stage.side.tabText(index) for index in range(stage.side.count())]
    assert "Attendance" in tabs, tabs
    stage.side.setCurrentIndex(tabs.index("Attendance"))
    table = stage.attendance.table
    assert table.isVisible() and [table.item(row, 0).text() for row in range(table.rowCount())] == ["Ale", "Orust", "Tanum"]
    assert "3 expected" in stage.attendance.summary.text()
    table.setFocus()
    table.setCurrentCell(1, 2)  # Orust, workshop 1: the facilitator ticks it as Orust arrives
    qtbot.keyClick(table, Qt.Key_Space)
    orust = _ids(lead)["Orust"]
    assert ops.register(window.session.document).took_part == {orust: {1}}
    window.ui.stageList.setCurrentRow(5)  # the organisations page: the same register, the same tick
    panel = window.current_view().attendance
    assert panel is not stage.attendance and type(panel) is type(stage.attendance)
    assert panel.table.item(1, 2).checkState() == Qt.Checked
    window.close_workshop()
