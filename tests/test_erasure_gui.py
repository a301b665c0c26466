"""The erasure and withdrawal flows as a facilitator drives them on the organisations page.

Withdraw a respondent's consent with the keyboard (an undoable edit that stops
their ratings counting), then erase the municipality: the confirmation names
what will go and says it cannot be undone; Cancel (the default) erases
nothing; "Erase for good" leaves no byte of it in the file and empties the undo
stack. The personal-data page counts what is left, and "Finish workshop"
writes the anonymised result before it erases every identity.
"""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from digitalmotor_desktop.gui.session import WorkshopSession
from digitalmotor_desktop.gui.stages.organisations import OrganisationsStage
from digitalmotor_desktop.ops.results import gap_report
from digitalmotor_desktop.store import ratings as store
from digitalmotor_desktop.store.document import open_document

from erasure_data import ERASED_NAME, leaks, workshop_with_bengtsfors

SHOTS = None  # set to a folder to keep the screenshots


@pytest.fixture
def page(qtbot, tmp_path):
    path = tmp_path / "workshop.dmw"
    document, org, person = workshop_with_bengtsfors(path)
    document.close()
    session = WorkshopSession(open_document(path))
    errors = []
    session.error.connect(errors.append)
    view = OrganisationsStage()
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.set_session(session)
    view.show()
    view.errors, view.org, view.person, view.path = errors, org, person, path
    yield view
    view.set_session(None)
    session.close()


def _save(widget, tmp_path, name):
    image = widget.grab().toImage()
    image.save(str(tmp_path / name))
    if SHOTS:
        image.save(f"{SHOTS}/{name}")
    return image


def _counted(view):
    return {o for row in gap_report(view.session.document).result.rows for o in row.organisations}


def _button(box, text):
    return next(button for button in box.buttons() if button.text() == text)


def test_withdraw_then_erase_an_organisation(page, qtbot, tmp_path):
    view, document = page, page.session.document
    choice = view.consent_choice(view.person)
    choice.setFocus()
    qtbot.keyClick(choice, Qt.Key_Down)  # group → facilitator only
    qtbot.keyClick(view.consent_choice(view.person), Qt.Key_Down)  # → withdrawn
    assert store.respondent(document, view.person).consent == "withdrawn"
    assert view.org not in _counted(view)
    assert "count in no result" in view.status.text()
    assert view.session.undo_stack.undoText() == "Withdraw consent «IT-chef Bengtsfors»"
    view.session.undo_stack.undo()
    assert store.respondent(document, view.person).consent == "facilitator"
    view.session.undo_stack.redo()
    assert view.consent_choice(view.person).currentText() == "Withdrawn – not counted"

    view.select(view.org)
    qtbot.mouseClick(view.erase_button, Qt.LeftButton)
    box = view.confirmation
    assert isinstance(box, QMessageBox) and box.isVisible()
    message = box.text() + "\n" + box.informativeText()
    for expected in (f"“{ERASED_NAME}”", "IT-chef Bengtsfors", "Kommunchef", "56 maturity answer(s)",
                     "55 importance answer(s)", "1 comment(s)", "cannot be undone"):
        assert expected in message
    assert box.defaultButton() is _button(box, "Cancel")
    qtbot.keyClick(box, Qt.Key_Escape)  # the default: nothing is erased
    assert store.organisation(document, view.org).name == ERASED_NAME

    qtbot.mouseClick(view.erase_button, Qt.LeftButton)
    box = view.confirmation
    box.resize(640, box.sizeHint().height())
    shot = _save(box, tmp_path, "erasure-confirmation.png")
    text_row = shot.height() // 3
    assert len({shot.pixel(x, text_row) for x in range(shot.width())}) > 1  # the text is drawn, not a blank box
    qtbot.mouseClick(_button(box, "Erase for good"), Qt.LeftButton)

    assert store.organisation(document, view.org).name == "" and not box.isVisible()
    assert ERASED_NAME not in [view.tree.topLevelItem(i).text(0) for i in range(view.tree.topLevelItemCount())]
    assert view.session.undo_stack.count() == 0  # undo steps held the old label
    assert "Erased the organisation" in view.status.text()
    assert leaks(view.path) == []
    _save(view.window(), tmp_path, "organisations-after-erasure.png")

    view.tabs.setCurrentIndex(1)
    page_shot = _save(view, tmp_path, "personal-data.png")
    held = view.personal_data.values
    assert held["organisations"].text() == "5" and held["erased"].text() == "1 organisation(s), 0 respondent(s)"
    assert page_shot.width() == 1280
    assert view.errors == []


def test_finish_workshop_writes_the_anonymised_result_then_erases_every_identity(page, qtbot, tmp_path):
    view, document = page, page.session.document
    view.resize(1600, 900)
    view.tabs.setCurrentIndex(1)
    qtbot.mouseClick(view.personal_data.finish_button, Qt.LeftButton)
    dialog = view.finish_dialog
    assert not dialog.keep_box.isEnabled()  # nothing is erased before the result is safe
    output = tmp_path / "result.dmw"
    dialog.output.setText(str(output))
    qtbot.mouseClick(dialog.write_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.keep_box.isEnabled(), timeout=10000)
    assert "Wrote result.dmw" in dialog.written.text()
    with open_document(output, read_only=True) as result:
        assert result.anonymised
        assert result.db.execute("SELECT count(*) FROM organisation WHERE name LIKE '%Bengtsfors%'").fetchone()[0] == 0

    dialog.erase_identities.click()
    qtbot.mouseClick(dialog.finish_button, Qt.LeftButton)
    box = dialog.confirmation
    assert "every organisation and respondent" in box.text() and "cannot be undone" in box.informativeText()
    _save(dialog, tmp_path, "finish-workshop.png")
    qtbot.mouseClick(_button(box, "Erase for good"), Qt.LeftButton)
    assert store.organisations(document) == [] and store.respondents(document) == []
    assert document.db.execute("SELECT count(*) FROM rating").fetchone()[0] == 0
    assert "Erased 6 organisation(s) and 7 respondent(s)" in dialog.done_label.text()
    assert leaks(view.path) == []
    assert view.personal_data.verdict.text().startswith("This file holds no organisation names")


def test_the_confirmation_speaks_swedish(page, qtbot, tmp_path):
    from digitalmotor_desktop.gui.i18n import install_language

    install_language("sv")
    page.retranslate()
    page.select(page.org)
    qtbot.mouseClick(page.erase_button, Qt.LeftButton)
    box = page.confirmation
    assert box.text() == f"Radera organisationen ”{ERASED_NAME}” ur filen för gott?"
    assert "Det går inte att ångra." in box.informativeText()
    _save(box, tmp_path, "erasure-confirmation-sv.png")
    qtbot.keyClick(box, Qt.Key_Escape)
    assert store.organisation(page.session.document, page.org).name == ERASED_NAME
