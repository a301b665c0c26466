"""An edit that fails leaves no trace: no undo step, no view moving on, one sentence from the one presenter.

The accident: the workshop file turns read-only in the middle of a session (a
synced folder locks it, a USB stick is pulled to write-protect). Every edit
is then refused by the store; the window must say so once and record nothing.
"""

import pytest
from PySide6.QtCore import QSettings, Qt

from digitalmotor_desktop.core.errors import InvalidInput, ReadOnlyDocument
from digitalmotor_desktop.core.scenarios import Decision
from digitalmotor_desktop.gui import main_window
from digitalmotor_desktop.gui.main_window import MainWindow
from digitalmotor_desktop.gui.session import WorkshopSession
from digitalmotor_desktop.ops.decisions import set_target_level
from digitalmotor_desktop.ops.map import edit_map_text
from digitalmotor_desktop.store import map_edit
from digitalmotor_desktop.store import ratings as store
from digitalmotor_desktop.store.workshop import capability_map, workshop_row
from gap_data import csv_rows, insert_ratings
from test_capture_gui import press, start_as


@pytest.fixture
def session(qtbot, fyrbodal):
    session = WorkshopSession(fyrbodal)
    errors = []
    session.error.connect(errors.append)
    session.errors = errors
    yield session
    session.undo_stack.clear()


def test_a_refused_edit_is_not_an_undo_step(session, fyrbodal):
    fyrbodal.read_only = True
    assert session.apply(set_target_level(fyrbodal, 4)) is False
    assert session.undo_stack.count() == 0 and not session.undo_stack.canUndo()
    assert [type(error) for error in session.errors] == [ReadOnlyDocument]
    fyrbodal.read_only = False
    assert session.apply(set_target_level(fyrbodal, 4)) is True
    assert session.undo_stack.count() == 1 and workshop_row(fyrbodal)["target_level"] == 4


def test_a_refused_keystroke_does_not_merge_into_the_typing_before_it(session, fyrbodal):
    """Typing merges into one undo step; a refused keystroke must not join it, or undo would 'undo' it too."""
    capability = capability_map(fyrbodal).capabilities()[0]
    original = capability.name
    assert session.apply(edit_map_text(fyrbodal, "capability", capability.id, "name", "Ny"))
    fyrbodal.read_only = True
    assert not session.apply(edit_map_text(fyrbodal, "capability", capability.id, "name", "Nyt"))
    fyrbodal.read_only = False
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert map_edit.get_field(fyrbodal, "capability", capability.id, "name") == original
    session.undo_stack.redo()
    assert map_edit.get_field(fyrbodal, "capability", capability.id, "name") == "Ny"
    assert len(session.errors) == 1


def test_an_undo_that_fails_drops_its_step_instead_of_claiming_it_was_undone(session, fyrbodal):
    assert session.apply(set_target_level(fyrbodal, 4))
    fyrbodal.read_only = True
    session.undo_stack.undo()
    assert workshop_row(fyrbodal)["target_level"] == 4  # still the edited value ...
    assert not session.undo_stack.canRedo()  # ... so there is nothing to redo
    assert [type(error) for error in session.errors] == [ReadOnlyDocument]


# -- the views ----------------------------------------------------------------------------------------

@pytest.fixture
def window(qtbot, fyrbodal_file, tmp_path, monkeypatch):
    """The main window with its one presenter recording what it would show (instead of a modal box)."""
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    shown = []
    monkeypatch.setattr(main_window, "show_user_error", lambda parent, error: shown.append((parent, error)))
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.open_path(fyrbodal_file)
    window.show()
    qtbot.waitExposed(window)
    window.presented = shown
    yield window
    window.close()


def test_a_rating_the_file_refuses_does_not_move_on_or_show_as_saved(window, qtbot):
    window.show_stage(4)
    view = window.current_view()
    start_as(qtbot, view, "Ale", "IT-chef", [Qt.Key_Tab, Qt.Key_Space])
    assert view.pages.currentWidget() is view.rating
    steps = window.session.undo_stack.count()
    window.session.document.read_only = True
    press(qtbot, view, Qt.Key_3)
    assert view.index == 0 and view.rating.progress_text.text() == "1 / 55"  # still on the first capability
    assert view.rating.saved.text() == "Not rated yet"
    assert window.session.undo_stack.count() == steps
    assert [(parent, type(error)) for parent, error in window.presented] == [(window, ReadOnlyDocument)]


def test_a_respondent_the_file_refuses_is_not_started_and_the_window_says_why(window, qtbot):
    window.show_stage(4)
    view = window.current_view()
    window.session.document.read_only = True
    start_as(qtbot, view, "Ale", "IT-chef", [Qt.Key_Tab, Qt.Key_Space])
    assert view.pages.currentWidget() is view.start and view.respondent_id is None
    assert view.start.problem.text() == ""  # the sentence is the presenter's, not a label's
    assert [type(error) for _parent, error in window.presented] == [ReadOnlyDocument]
    assert window.session.undo_stack.count() == 0
    window.session.document.read_only = False
    assert store.organisations(window.session.document) == []


def test_stage_five_refusals_go_to_the_window_presenter(window, qtbot):
    insert_ratings(window.session.document, csv_rows())
    window.show_stage(5)
    view = window.current_view()
    view.select(capability_map(window.session.document).capabilities()[0].id)
    view.decide(Decision(scenario=9))
    assert [(parent, type(error)) for parent, error in window.presented] == [(window, InvalidInput)]
    assert window.session.undo_stack.count() == 0
