"""The organisations and participants page: add, rename, delete, consent, import, forms."""

import pytest
from PySide6.QtCore import Qt

from digitalmotor_desktop.gui.session import WorkshopSession
from digitalmotor_desktop.gui.stages.organisations import OrganisationsStage
from digitalmotor_desktop.store import ratings as store
from digitalmotor_desktop.store.document import open_document

SHOTS = None  # set to a folder to keep the screenshot


@pytest.fixture
def page(qtbot, fyrbodal_file):
    session = WorkshopSession(open_document(fyrbodal_file))
    errors = []
    session.error.connect(errors.append)
    view = OrganisationsStage()
    qtbot.addWidget(view)
    view.resize(1400, 800)
    view.set_session(session)
    view.show()
    view.errors = errors
    yield view
    view.set_session(None)
    session.close()


def rows(view):
    tree = view.tree
    return [(tree.topLevelItem(i).text(0), [(tree.topLevelItem(i).child(j).text(0), tree.topLevelItem(i).child(j).text(2))
                                           for j in range(tree.topLevelItem(i).childCount())])
            for i in range(tree.topLevelItemCount())]


def test_add_rename_consent_delete_and_undo(page, qtbot, tmp_path):
    view, document = page, page.session.document
    view.name.setText("Vänersborg")
    qtbot.keyClick(view.name, Qt.Key_Return)
    view.name.setText("IT-chef")
    view.add_respondent_button.click()
    assert rows(view) == [("Vänersborg", [("IT-chef", "0 / 55")])]
    view.name.setText("vänersborg")
    view.add_organisation_button.click()
    assert "already an organisation" in str(view.errors[-1])

    (respondent,) = store.respondents(document)
    view.consent_choice(respondent.id).setCurrentIndex(1)
    assert store.respondent(document, respondent.id).consent == "facilitator"
    view.tree.topLevelItem(0).setText(0, "Vänersborgs kommun")  # as an in-place edit does
    assert store.organisations(document)[0].name == "Vänersborgs kommun"
    view.grab().save(str(tmp_path / "organisations.png"))
    if SHOTS:
        view.grab().save(f"{SHOTS}/organisations.png")

    view.select(store.organisations(document)[0].id)
    view.delete_button.click()
    assert rows(view) == [] and store.respondents(document) == []
    view.session.undo_stack.undo()
    assert rows(view) == [("Vänersborgs kommun", [("IT-chef", "0 / 55")])]
    assert view.consent_choice(respondent.id).currentIndex() == 1


def test_import_runs_off_the_ui_thread_and_reports(page, qtbot, tmp_path):
    source = tmp_path / "ratings.csv"
    source.write_text("organisation;respondent;capability;maturity\nLysekil;A;Bygga kultur;2\n", encoding="utf-8")
    page.start_import(source)
    qtbot.waitUntil(lambda: "Imported ratings.csv" in page.status.text(), timeout=5000)
    assert page.status.text().endswith("Read as UTF-8, separated by semicolons.")
    assert rows(page) == [("Lysekil", [("A", "1 / 55")])]
    assert page.session.document.stamp() > page.session.document.db.execute(
        "SELECT max(hlc) FROM rating").fetchone()[0]  # edits after the import are newer than it

    source.write_text("organisation;respondent;capability;maturity\nLysekil;A;Okänd;2\n", encoding="utf-8")
    page.start_import(source)
    qtbot.waitUntil(lambda: bool(page.errors), timeout=5000)
    assert "Line 2: unknown capability “Okänd”." in map(str, page.errors[-1].problems)


def test_import_problems_are_shown_in_the_ui_language(page, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from digitalmotor_desktop.gui.errors import show_user_error
    from digitalmotor_desktop.gui.i18n import install_language

    install_language("sv")
    source = tmp_path / "skattningar.csv"
    source.write_text("organisation;respondent;capability;maturity\nLysekil;A;Bygg kultur;2\nLysekil;A;Bygga kultur;7\n",
                      encoding="utf-8")
    page.start_import(source)
    qtbot.waitUntil(lambda: bool(page.errors), timeout=5000)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.text(), box.detailedText())))
    show_user_error(page, page.errors[-1])
    assert shown == [("”skattningar.csv” importerades inte: 2 problem hittades, så ingenting ändrades.",
                      "Rad 2: okänd förmåga ”Bygg kultur”; menade du “Bygga kultur”?\n"
                      "Rad 3: mognad ”7” är inte en av 0, 1, 2, 3, 4 (lämna tomt för ”vet ej”).")]


def test_writes_a_rating_form_for_the_selected_organisation(page, tmp_path):
    import openpyxl

    page.name.setText("Uddevalla")
    page.add_organisation()
    page.write_form(tmp_path / "form.xlsx")
    assert "55 capabilities" in page.status.text()
    assert openpyxl.load_workbook(tmp_path / "form.xlsx")["Bedömning"]["C3"].value == "Uddevalla"
