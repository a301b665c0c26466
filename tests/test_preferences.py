"""Edit ▸ Preferences and the workshop's smallest group size K."""

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog

from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.gui import settings
from digitalmotor_desktop.gui.i18n import install_language
from digitalmotor_desktop.gui.main_window import MainWindow
from digitalmotor_desktop.gui.preferences_dialog import PreferencesDialog
from digitalmotor_desktop.ops.decisions import set_min_group_size
from digitalmotor_desktop.ops.results import gap_report
from digitalmotor_desktop.store.workshop import workshop_row


def test_k_below_three_is_refused_and_nothing_changes(fyrbodal):
    with pytest.raises(UserError, match="never|smallest group size"):
        set_min_group_size(fyrbodal, 2)
    assert workshop_row(fyrbodal)["min_group_size"] == 5


def test_k_is_an_undoable_edit_that_the_result_obeys(fyrbodal):
    edit = set_min_group_size(fyrbodal, 8)
    edit.redo(fyrbodal)
    assert gap_report(fyrbodal).result.min_n == 8
    edit.undo(fyrbodal)
    assert gap_report(fyrbodal).result.min_n == 5


def test_preferences_are_saved_and_k_of_the_open_workshop_goes_on_the_undo_stack(qtbot, fyrbodal_file):
    install_language("sv")
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_path(fyrbodal_file)
    dialog = PreferencesDialog(window, window.session)
    qtbot.addWidget(dialog)
    assert dialog.workshop_k.value() == 5 and dialog.workshop_k.minimum() == 3
    dialog.presenter_font.setValue(32)
    dialog.template.setCurrentIndex(dialog.template.findData("empty"))
    dialog.default_k.setValue(7)
    dialog.workshop_k.setValue(6)
    dialog.accept()
    assert (settings.presenter_font_size(), settings.default_template(), settings.default_min_group_size()) == (
        32, "empty", 7)
    assert workshop_row(window.session.document)["min_group_size"] == 6
    assert window.undo_action.text() == "&Ångra Ange minsta gruppstorlek «6»"
    window.undo_action.trigger()
    assert workshop_row(window.session.document)["min_group_size"] == 5


def test_a_new_workshop_starts_from_the_default_template_and_k(qtbot, tmp_path, monkeypatch):
    settings.set_default_template("empty")
    settings.set_default_min_group_size(7)
    window = MainWindow()
    qtbot.addWidget(window)
    target = tmp_path / "new.dmw"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    from digitalmotor_desktop.gui import new_workshop_dialog

    chosen = []

    def accept_as_shown(dialog):
        chosen.append(dialog.template())
        return QDialog.Accepted

    monkeypatch.setattr(new_workshop_dialog.NewWorkshopDialog, "exec", accept_as_shown)
    window.file_actions.new_workshop()
    assert chosen == ["empty"]
    assert workshop_row(window.session.document)["min_group_size"] == 7
    assert workshop_row(window.session.document)["template"] == "empty"
