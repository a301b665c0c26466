"""Stage 4 capture view: a respondent rates all 55 capabilities with the keyboard alone."""

import pytest
from PySide6.QtCore import Qt

from digitalmotor_desktop.gui.session import WorkshopSession
from digitalmotor_desktop.gui.stages.maturity import MaturityStage
from digitalmotor_desktop.ops.ratings import capture_order
from digitalmotor_desktop.store import ratings as store
from digitalmotor_desktop.store.document import open_document
from map_pixels import assert_screenshot_shows

SHOTS = None  # set to a folder to keep the screenshots


@pytest.fixture
def capture(qtbot, fyrbodal_file):
    session = WorkshopSession(open_document(fyrbodal_file))
    view = MaturityStage()
    qtbot.addWidget(view)
    view.resize(1600, 900)
    view.set_session(session)
    view.show()
    qtbot.waitExposed(view)
    yield view
    view.set_session(None)
    session.close()


def type_in(qtbot, widget, text):  # QTest types ASCII only
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def press(qtbot, view, *keys):
    for key in keys:
        qtbot.keyClick(view.focusWidget() or view, key)


def stored(fyrbodal_file):
    with open_document(fyrbodal_file, read_only=True) as document:
        people = store.respondents(document)
        names = {o.id: o.name for o in store.organisations(document)}
        ratings = store.ratings_of(document, [p.id for p in people])
        order = capture_order(document)
    return people, names, ratings, order


def start_as(qtbot, view, organisation, label, consent_key_presses):
    start = view.start
    type_in(qtbot, start.organisation.lineEdit(), organisation)
    press(qtbot, view, Qt.Key_Tab)
    qtbot.keyClicks(view.focusWidget(), label)
    press(qtbot, view, *consent_key_presses)
    press(qtbot, view, Qt.Key_Return)


def test_rating_all_55_with_key_presses_only(capture, qtbot, fyrbodal_file, tmp_path):
    view = capture
    assert view.focusWidget() in (view.start.organisation, view.start.organisation.lineEdit())  # type at once
    start_as(qtbot, view, "Vanersborg", "IT-chef", [Qt.Key_Tab, Qt.Key_Space])
    assert view.pages.currentWidget() is view.rating, view.start.problem.text()
    assert view.rating.progress_text.text() == "1 / 55"
    assert view.grab().save(str(tmp_path / "capture.png"))
    assert_screenshot_shows(tmp_path / "capture.png", view, view.rating.name, view.rating.description,
                            *view.rating.level_buttons)
    if SHOTS:
        view.grab().save(f"{SHOTS}/capture.png")

    expected = {}
    for index in range(55):  # auto-advance: one key per capability; every 7th is "vet ej"
        key = Qt.Key_V if index % 7 == 6 else Qt.Key_0 + index % 5
        press(qtbot, view, key)
        expected[index] = None if index % 7 == 6 else index % 5
    assert view.pages.currentWidget() is view.summary
    assert "55 of 55 answered (7 “don't know”), 0 not rated" in view.summary.counts.text()
    if SHOTS:
        view.grab().save(f"{SHOTS}/summary.png")

    # Back to the third capability, importance pass: I, then 4; then a changed maturity with auto-advance off.
    press(qtbot, view, Qt.Key_Backspace)
    assert view.index == 54
    view.go(2)
    press(qtbot, view, Qt.Key_I, Qt.Key_4, Qt.Key_I)
    assert view.index == 3
    press(qtbot, view, Qt.Key_Left)
    view.rating.auto_advance.setChecked(False)
    press(qtbot, view, Qt.Key_1)
    assert view.index == 2 and view.rating.saved.text() == "✓ Saved: 1  Ad-hoc, undermålig"
    expected[2] = 1
    press(qtbot, view, Qt.Key_S, Qt.Key_Return)
    assert view.pages.currentWidget() is view.start

    people, names, ratings, order = stored(fyrbodal_file)
    (person,) = people
    assert (names[person.organisation_id], person.label, person.consent) == ("Vanersborg", "IT-chef", "group")
    for index, capability in enumerate(order):
        rating = ratings[(person.id, capability.id)]
        assert rating.rated and rating.maturity == expected[index], capability.name
    assert ratings[(person.id, order[2].id)].importance == 4


def test_facilitator_only_consent_enter_to_move_on_and_jump_to_unrated(capture, qtbot, fyrbodal_file):
    view = capture
    start_as(qtbot, view, "Trollhattan", "", [Qt.Key_Tab, Qt.Key_Down, Qt.Key_Space])
    view.rating.auto_advance.setChecked(False)
    press(qtbot, view, Qt.Key_3, Qt.Key_Return, Qt.Key_Right, Qt.Key_2, Qt.Key_Delete, Qt.Key_4)
    assert view.rating.progress_text.text() == "3 / 55"
    press(qtbot, view, Qt.Key_Left, Qt.Key_C)  # a comment: the digits typed go into it, not into a rating
    qtbot.keyClicks(view.rating.comment, "Plan 2030")
    press(qtbot, view, Qt.Key_Return)
    assert view.rating.focusWidget() is not view.rating.comment and view.index == 1
    press(qtbot, view, Qt.Key_C)
    qtbot.keyClicks(view.rating.comment, "discarded")
    press(qtbot, view, Qt.Key_Escape, Qt.Key_Right)
    press(qtbot, view, Qt.Key_U)
    assert view.index == 3  # the next unrated after the current one
    view.go(54)
    press(qtbot, view, Qt.Key_U)
    assert view.index == 1  # wrapping round to the one skipped
    people, names, ratings, order = stored(fyrbodal_file)
    (person,) = people
    assert (person.label, person.consent) == ("Respondent 1", "facilitator")
    assert ratings[(person.id, order[1].id)].comment == "Plan 2030" and not ratings[(person.id, order[1].id)].rated
    assert {capability_id: r.maturity for (_, capability_id), r in ratings.items() if r.rated} == {
        order[0].id: 3, order[2].id: 4}


def test_nothing_starts_without_a_consent_choice(capture, qtbot, fyrbodal_file):
    view = capture
    start_as(qtbot, view, "Munkedal", "Rektor", [])
    assert view.pages.currentWidget() is view.start
    assert view.start.problem.text()
    assert stored(fyrbodal_file)[0] == []


def test_kiosk_mode_hides_earlier_respondents_and_needs_the_code_to_leave(capture, qtbot, fyrbodal_file, tmp_path):
    view = capture
    if SHOTS:
        view.grab().save(f"{SHOTS}/start.png")
    view.start.kiosk_code.setText("1234")
    view.start.kiosk_start.click()
    assert view.kiosk
    start_as(qtbot, view, "Lysekil", "A", [Qt.Key_Tab, Qt.Key_Space])
    for _ in range(55):
        press(qtbot, view, Qt.Key_2)
    press(qtbot, view, Qt.Key_Return)  # finish from the summary
    assert view.pages.currentWidget() is view.hand_over
    assert view.grab().save(str(tmp_path / "hand-over.png"))
    assert_screenshot_shows(tmp_path / "hand-over.png", view, view.hand_over.message)
    if SHOTS:
        view.grab().save(f"{SHOTS}/hand-over.png")
    assert "Lysekil" not in view.hand_over.message.text()
    assert view.session.undo_stack.count() == 0  # nobody can undo into an earlier respondent's answers

    press(qtbot, view, Qt.Key_Return)
    assert view.pages.currentWidget() is view.start
    view.start.organisation.setEditText("Lysekil")
    assert view.start.respondent.count() == 0  # earlier respondents are not offered
    view.start.respondent.setEditText("A")
    view.start.share_group.setChecked(True)
    refused = []
    view.session.error.connect(refused.append)  # the window's one presenter shows it
    view.begin()  # the same label cannot reopen someone's answers
    assert view.pages.currentWidget() is view.start and [str(error) for error in refused] == [
        "This organisation already has a respondent labelled “A”."]

    view.start.leave_code.setText("0000")
    view.start.leave.click()
    assert view.kiosk
    # the message is by the code field it is about, inside the facilitator's box
    assert view.start.leave_problem.text() == "Wrong code." and view.start.leave_box.isAncestorOf(view.start.leave_problem)
    view.start.leave_code.setText("1234")
    view.start.leave.click()
    assert not view.kiosk
    view.start.organisation.setEditText("Lysekil")
    assert view.start.respondent.count() == 1
    people, _, ratings, _ = stored(fyrbodal_file)
    assert len(people) == 1 and len(ratings) == 55


def test_a_hand_out_file_starts_with_its_organisation(qtbot, fyrbodal_file, tmp_path):
    from digitalmotor_desktop.ops.merge import write_handout

    handout = tmp_path / "munkedal.dmw"
    write_handout(fyrbodal_file, handout, "Munkedal")
    session = WorkshopSession(open_document(handout))
    view = MaturityStage()
    qtbot.addWidget(view)
    view.set_session(session)
    try:
        assert view.start.organisation.currentText() == "Munkedal"
    finally:
        view.set_session(None)
        session.close()
