"""File → Merge: the preview shows what each file adds or why it is refused; merging runs off the UI thread."""

import threading
import time

from PySide6.QtGui import QImage

from digitalmotor_desktop.gui import merge_dialog
from digitalmotor_desktop.gui.merge_dialog import MergeDialog, open_merge_dialog
from digitalmotor_desktop.gui.session import WorkshopSession
from digitalmotor_desktop.ops import merge as merge_ops
from digitalmotor_desktop.ops import ratings as rating_ops
from digitalmotor_desktop.store import ratings as store_ratings
from digitalmotor_desktop.store.document import open_document

from map_pixels import ink_share
from merge_data import capture_file, file_hash, merge

def _cells(dialog, row):
    return [dialog.table.item(row, column).text() for column in range(dialog.table.columnCount())]


def _sources(tmp_path):
    a = capture_file(tmp_path / "vanersborg.dmw", ["Vänersborg", "Kungälv"], respondents=2, seed=1)
    b = capture_file(tmp_path / "orust.dmw", ["Orust", "kungälv"], respondents=1, seed=2)
    bad = tmp_path / "notes.dmw"
    bad.write_text("not a workshop", encoding="utf-8")
    return a, b, bad


def test_the_preview_shows_each_file_and_the_merge_writes_the_result(qtbot, tmp_path):
    a, b, bad = _sources(tmp_path)
    dialog = MergeDialog()
    qtbot.addWidget(dialog)
    dialog.add_paths([a, b, bad])
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog._busy(), timeout=10_000)

    assert _cells(dialog, 0)[:9] == ["vanersborg.dmw", "2", "4", "4", "220", "0", "0", "0", "OK"]
    assert _cells(dialog, 1)[:5] == ["orust.dmw", "2", "2", "2", "110"]
    assert _cells(dialog, 2)[0] == "notes.dmw" and "not a Digital motor workshop file" in _cells(dialog, 2)[8]
    notes = dialog.notes.toPlainText()
    assert "same organisation in several files: “kungälv” — 2 become one." in notes.lower()
    assert "orust.dmw was created as a workshop of its own" in notes  # two separately created workshops
    assert dialog.status.text() == "Files that can be merged: 2. Refused and left out: 1."
    assert dialog.merge_button.isEnabled()

    dialog.show()
    qtbot.waitExposed(dialog)
    shot = tmp_path / "merge_dialog.png"
    assert dialog.grab().save(str(shot))
    image = QImage(str(shot))  # the saved picture shows the table's rows and the notes, not an empty dialog
    for shown in (dialog.table, dialog.notes, dialog.status):
        assert ink_share(image, shown.geometry()) > 0.01, shown.objectName()

    output = tmp_path / "joint.dmw"
    with qtbot.waitSignal(dialog.merged, timeout=10_000):
        dialog.merge_into(output)
    dialog.wait()
    assert file_hash(output) == file_hash(merge(tmp_path / "expected.dmw", a, b))
    assert dialog.open_button.isVisible()
    assert dialog.status.text() == "Merged into joint.dmw (files merged: 2)."


def test_removing_a_file_previews_again(qtbot, tmp_path):
    a, b, bad = _sources(tmp_path)
    dialog = MergeDialog()
    qtbot.addWidget(dialog)
    dialog.add_paths([a, bad, b])
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog._busy(), timeout=10_000)
    dialog.table.selectRow(1)
    dialog.remove_selected()
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog._busy(), timeout=10_000)
    assert dialog.table.rowCount() == 2 and not dialog.plan.refused


def test_cancelling_the_check_writes_nothing(qtbot, tmp_path):
    sources = [capture_file(tmp_path / f"s{i}.dmw", [f"Kommun {i}"], seed=i) for i in range(6)]
    dialog = MergeDialog()
    qtbot.addWidget(dialog)
    dialog.add_paths(sources)
    dialog.cancel()
    qtbot.waitUntil(lambda: not dialog._busy(), timeout=10_000)
    assert dialog.plan is None and "Cancelled" in dialog.status.text()
    assert not dialog.merge_button.isEnabled()


def _dialog_on_open_workshop(qtbot, tmp_path):
    """File ▸ Merge with vanersborg.dmw open and orust.dmw added, once the preview is made."""
    a, b, _bad = _sources(tmp_path)
    session = WorkshopSession(open_document(a))
    dialog = open_merge_dialog(None, session)
    qtbot.addWidget(dialog)
    dialog.add_paths([b])
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog._busy() and len(dialog.plan.reports) == 2,
                    timeout=10_000)
    return session, dialog


def test_the_open_workshop_is_the_first_source_and_cannot_be_the_output(qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(merge_dialog, "show_user_error", lambda parent, error: shown.append(error))
    session, dialog = _dialog_on_open_workshop(qtbot, tmp_path)
    assert _cells(dialog, 0)[0] == "vanersborg.dmw"
    dialog.merge_into(session.document.path)
    qtbot.waitUntil(lambda: not dialog._busy(), timeout=10_000)
    assert "also a source" in dialog.status.text() and len(shown) == 1
    session.close()


def test_ratings_entered_while_the_dialog_is_open_are_merged(qtbot, tmp_path):
    session, dialog = _dialog_on_open_workshop(qtbot, tmp_path)
    assert _cells(dialog, 0)[1] == "2"

    session.apply(rating_ops.add_organisation(session.document, "Lysekil"))  # entered after the preview was made
    output = tmp_path / "joint.dmw"
    with qtbot.waitSignal(dialog.merged, timeout=10_000):
        dialog.merge_into(output)
    dialog.wait()

    assert _cells(dialog, 0)[1] == "3"  # the table now shows what was merged
    with open_document(output, read_only=True) as merged:
        assert "Lysekil" in {organisation.name for organisation in store_ratings.organisations(merged)}
    session.close()


def test_closing_the_dialog_while_it_merges_stops_the_work_and_writes_nothing(qtbot, tmp_path, monkeypatch):
    sources = [capture_file(tmp_path / f"s{i}.dmw", [f"Kommun {i}"], seed=i) for i in range(6)]
    dialog = MergeDialog()
    qtbot.addWidget(dialog)
    dialog.add_paths(sources)
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog._busy(), timeout=10_000)
    writing, closed = threading.Event(), threading.Event()
    real_write_join = merge_ops.write_join

    def write_join_after_the_close(*args, **kwargs):  # holds the worker mid-merge until the dialog is closed
        writing.set()
        closed.wait(10)
        return real_write_join(*args, **kwargs)

    monkeypatch.setattr(merge_ops, "write_join", write_join_after_the_close)
    output = tmp_path / "joint.dmw"
    dialog.merge_into(output)
    assert writing.wait(10)
    threading.Timer(0.2, closed.set).start()  # the close lands while the merge is being written
    dialog.reject()  # cancels and waits for the worker thread

    qtbot.waitUntil(lambda: not dialog._busy(), timeout=10_000)
    assert not output.exists()
    assert not list(tmp_path.glob("*.partial*"))


def test_a_narrowed_consent_kept_against_a_later_edit_is_described_so(qtbot, tmp_path):
    a = capture_file(tmp_path / "a.dmw", ["Åmål"], respondents=1, seed=3)
    with open_document(a, read_only=True) as document:
        [person] = store_ratings.respondents(document)
    b = merge(tmp_path / "b.dmw", a)  # b's laptop pulled a's file
    with open_document(a) as document:
        rating_ops.set_consent(document, person.id, "facilitator").redo(document)
    time.sleep(0.01)
    with open_document(b) as document:
        rating_ops.relabel_respondent(document, person.id, "CIO").redo(document)
    dialog = MergeDialog()
    qtbot.addWidget(dialog)
    dialog.add_paths([a, b])
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog._busy(), timeout=10_000)
    assert ("b.dmw: respondent “CIO” edited in two files (label, consent); kept this file's later edit; "
            "kept the stricter consent, facilitator only.") in dialog.notes.toPlainText().splitlines()
