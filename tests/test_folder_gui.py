"""The synced folder in the window: Merge folder's preview, the status bar's offer, Publish, and the
warning when a workshop is opened inside a synced folder."""

import shutil

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

from digitalmotor_desktop.gui import folder_menu, folder_watch
from digitalmotor_desktop.gui.main_window import MainWindow
from digitalmotor_desktop.store.synced_folder import PUBLISHED_NAME
from digitalmotor_desktop.store.workshop import content_hash

from folder_data import laptops, synced  # noqa: F401 - fixtures
from merge_data import file_hash, merge


@pytest.fixture
def window(qtbot, tmp_path, laptops):
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    QSettings().clear()
    lead = tmp_path / "lead.dmw"
    shutil.copyfile(laptops[0], lead)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.open_path(lead)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.folder_actions.stop()


def _ratings(document) -> int:
    return document.db.execute("SELECT count(*) FROM rating WHERE rated = 1").fetchone()[0]


def test_merge_folder_previews_each_file_and_merges_into_the_open_workshop_undoably(
        qtbot, window, synced, laptops, tmp_path, monkeypatch):
    shutil.copyfile(laptops[1], synced / "laptop-1__0001.dmw")
    shutil.copyfile(laptops[2], synced / "laptop-2.sync-conflict-20261202-101530-7QXKZ2M.dmw")
    shutil.copyfile(laptops[1], synced / ".syncthing.laptop-3.dmw.tmp")
    (synced / "cut.dmw").write_bytes(laptops[2].read_bytes()[:9000])
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(synced))
    document = window.session.document
    before_hash, before = content_hash(document), _ratings(document)

    dialog = window.folder_actions.merge_folder()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog.merger.busy, timeout=20_000)
    rows = {dialog.table.item(r, 0).text(): (dialog.table.item(r, 1).text(), dialog.table.item(r, 2).text())
            for r in range(dialog.table.rowCount())}
    assert rows[".syncthing.laptop-3.dmw.tmp"] == ("Skipped", "a temporary file of Syncthing (still being downloaded)")
    assert rows["cut.dmw"][0] == "Refused" and "cut off" in rows["cut.dmw"][1]
    assert rows["laptop-1__0001.dmw"][0] == "New: merged when you press Merge"
    assert rows["laptop-1__0001.dmw"][1].startswith("2 respondents (2 new), 110 ratings")
    assert rows["laptop-2.sync-conflict-20261202-101530-7QXKZ2M.dmw"][1].endswith("(a conflict copy made by Syncthing)")
    assert dialog.status.text() == "New: 2. Already merged: 0. Skipped: 1. Refused: 1."

    dialog.resize(1280, 600)
    image = dialog.grab().toImage()
    shot = tmp_path / "merge_folder.png"
    assert image.save(str(shot))
    cut_row = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())].index("cut.dmw")
    cell = dialog.table.visualItemRect(dialog.table.item(cut_row, 1))
    origin = dialog.table.viewport().mapTo(dialog, cell.topLeft())
    reds = [image.pixelColor(origin.x() + x, origin.y() + y) for x in range(cell.width()) for y in range(cell.height())]
    assert any(c.red() > 120 and c.green() < 80 and c.blue() < 80 for c in reds)  # the refusal is shown in red

    with qtbot.waitSignal(dialog.merged, timeout=20_000):
        qtbot.mouseClick(dialog.merge_button, Qt.LeftButton)
    expected = file_hash(merge(tmp_path / "expected.dmw", *laptops))
    assert content_hash(document) == expected and _ratings(document) == 3 * 110
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog.merger.busy, timeout=20_000)
    assert dialog.status.text() == "New: 0. Already merged: 2. Skipped: 1. Refused: 1."
    assert not dialog.merge_button.isEnabled()

    window.session.undo_stack.undo()
    assert content_hash(document) == before_hash and _ratings(document) == before
    window.session.undo_stack.redo()
    assert content_hash(document) == expected
    dialog.close()


def test_the_status_bar_offers_new_files_and_merges_them_without_a_dialog(qtbot, window, synced, laptops,
                                                                          monkeypatch):
    monkeypatch.setattr(folder_watch, "DEBOUNCE_MS", 50)
    window.folder_actions.attach(synced, True)
    offer = window.folder_actions.offer
    document = window.session.document
    qtbot.wait(300)
    assert not offer.isVisible()
    shutil.copyfile(laptops[1], synced / "laptop-1__0001.dmw")
    shutil.copyfile(laptops[2], synced / "laptop-2__0001.dmw")
    qtbot.waitUntil(lambda: offer.isVisible() and offer.text() == "2 new files — merge now", timeout=20_000)
    window.set_locked(True)  # kiosk mode while a participant rates: no offer
    assert not offer.isVisible()
    window.set_locked(False)
    assert offer.isVisible()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    qtbot.mouseClick(offer, Qt.LeftButton)
    qtbot.waitUntil(lambda: _ratings(document) == 3 * 110, timeout=20_000)
    qtbot.waitUntil(lambda: not offer.isVisible(), timeout=20_000)
    assert "Merged 2 files from the folder." in window.statusBar().currentMessage()

    for path in synced.glob("*.dmw"):  # the files vanish from the folder: nothing is deleted
        path.unlink()
    window.folder_actions.watch.look()
    window.folder_actions.watch.wait()
    qtbot.wait(100)
    assert _ratings(document) == 3 * 110 and not offer.isVisible()


def test_publish_writes_the_next_file_into_the_attached_folder(qtbot, window, synced, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(synced))
    window.folder_actions.publish_action.trigger()
    qtbot.waitUntil(lambda: "Published as" in window.statusBar().currentMessage(), timeout=20_000)
    published = [p for p in synced.iterdir() if PUBLISHED_NAME.match(p.name)]
    assert len(published) == 1 and published[0].name.endswith("__0001.dmw")
    assert window.folder_actions.attached() == (synced, False)
    window.folder_actions.publish_action.trigger()
    qtbot.waitUntil(lambda: "Nothing changed since" in window.statusBar().currentMessage(), timeout=20_000)


@pytest.mark.parametrize("answer", [folder_menu.COPY, folder_menu.HERE, folder_menu.CANCEL])
def test_a_workshop_in_a_synced_folder_is_worked_on_in_a_local_copy(qtbot, tmp_path, synced, laptops, monkeypatch,
                                                                    answer):
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    QSettings().clear()
    inside = synced / "workshop.dmw"
    shutil.copyfile(laptops[0], inside)
    local = tmp_path / "local" / "workshop.dmw"
    local.parent.mkdir()
    asked = []
    monkeypatch.setattr(folder_menu.FolderActions, "ask_where", lambda self, path, engine: asked.append(engine) or answer)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(local), ""))
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_path(inside)
    assert asked == ["Syncthing"]
    if answer == folder_menu.CANCEL:
        assert window.session is None
    elif answer == folder_menu.HERE:
        assert window.session.document.path == inside
    else:
        assert sorted(p.name for p in synced.iterdir()) == [".stfolder", "workshop.dmw"]  # nothing written there
        assert window.session.document.path == local and file_hash(local) == file_hash(inside)
        assert window.folder_actions.attached() == (synced, True)
    window.close()


def test_the_preview_reads_in_swedish_on_a_1600_by_900_projector(qtbot, tmp_path, synced, laptops, monkeypatch):
    from digitalmotor_desktop.gui.i18n import install_language

    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    QSettings().clear()
    install_language("sv")
    lead = tmp_path / "lead.dmw"
    shutil.copyfile(laptops[0], lead)
    shutil.copyfile(laptops[1], synced / "laptop-1 (conflicted copy 2026-12-02 101530).dmw")
    (synced / "laptop-2.dmw.part").write_bytes(b"...")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(synced))
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.open_path(lead)
    assert {"&Publicera till mapp…", "Slå ihop &mapp…"} <= {a.text() for a in window.ui.menuFile.actions()}
    dialog = window.folder_actions.merge_folder()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog.merger.busy, timeout=20_000)
    dialog.resize(1600, 900)
    assert dialog.status.text() == "Nya: 1. Redan ihopslagna: 0. Överhoppade: 1. Nekade: 0."
    texts = [[dialog.table.item(r, c).text() for c in range(3)] for r in range(dialog.table.rowCount())]
    assert texts[0][1] == "Ny: slås ihop när du trycker på Slå ihop"
    assert texts[0][2].endswith("(en konfliktkopia skapad av Nextcloud/ownCloud)")
    assert texts[1][1:] == ["Överhoppad", "en tillfällig fil från Nextcloud/ownCloud (laddas fortfarande ned)"]
    dialog.show()
    qtbot.waitExposed(dialog)
    header = dialog.table.horizontalHeader()
    assert header.sectionSize(1) >= dialog.table.fontMetrics().horizontalAdvance(texts[0][1])  # the status is whole
    assert dialog.grab().save(str(tmp_path / "merge_folder_sv.png"))
    dialog.close()
    window.close()


def test_a_file_that_would_be_refused_is_not_offered(qtbot, window, synced, laptops, monkeypatch):
    monkeypatch.setattr(folder_watch, "DEBOUNCE_MS", 50)
    window.folder_actions.attach(synced, True)
    (synced / "cut.dmw").write_bytes(laptops[1].read_bytes()[:20_000])
    shutil.copyfile(laptops[2], synced / "laptop-2__0001.dmw")
    offer = window.folder_actions.offer
    qtbot.waitUntil(lambda: offer.isVisible() and offer.text() == "1 new file — merge now", timeout=20_000)


def test_a_rating_entered_between_preview_and_merge_is_kept_and_the_folder_read_again(qtbot, window, synced, laptops):
    from digitalmotor_desktop.gui.folder_watch import FolderMerger
    from digitalmotor_desktop.ops import ratings as rating_ops

    shutil.copyfile(laptops[1], synced / "laptop-1__0001.dmw")
    session = window.session
    merger = FolderMerger(session, synced)
    with qtbot.waitSignal(merger.planned, timeout=20_000):
        merger.start(apply=False)
    person, capability = session.document.db.execute("SELECT respondent_id, capability_id FROM rating LIMIT 1").fetchone()
    session.apply(rating_ops.set_maturity(session.document, person, capability, 4))
    with qtbot.waitSignal(merger.merged, timeout=20_000):
        merger.apply()  # the preview is stale now: read again, then merged
    rows = session.document.db.execute("SELECT maturity FROM rating WHERE respondent_id = ? AND capability_id = ?",
                                       [person, capability]).fetchone()
    assert rows == (4,) and _ratings(session.document) == 2 * 110
    assert session.undo_stack.count() == 2
