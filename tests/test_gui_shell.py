"""The window as a facilitator sees it: stages, the map, editing with undo, language."""

import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF, QImage

from digitalmotor_desktop.gui.i18n import install_language
from digitalmotor_desktop.gui.main_window import MainWindow
from digitalmotor_desktop.gui.stages.capability_map import CapabilityMapStage
from digitalmotor_desktop.store.document import open_document
from digitalmotor_desktop.store.workshop import capability_map
from gap_data import csv_rows, insert_ratings


@pytest.fixture
def window(qtbot, fyrbodal_file, tmp_path):
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.open_path(fyrbodal_file)
    window.show_stage(3)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_stage_three_draws_every_capability_inside_its_group_and_band(window):
    view = window.current_view()
    assert isinstance(view, CapabilityMapStage)
    canvas = view.canvas
    assert len(canvas.boxes) == 55
    geometry = canvas.geometry_
    group_rects = {group.id: rect for group, rect in geometry.groups}
    for capability, rect in geometry.capabilities:
        assert group_rects[capability.group_id].contains(rect), capability.name
    # Readable: boxes drawn at (nearly) their layout size, not scaled down.
    assert canvas.transform().m11() == 1.0
    assert min(rect.height for _c, rect in geometry.capabilities) >= 38
    assert canvas.viewport().width() >= 1000


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("size", [(1600, 900), (1280, 720)])
@pytest.mark.parametrize("stage", [3, 5])
def test_every_capability_name_is_drawn_readable_and_whole(qtbot, fyrbodal_file, tmp_path, stage, size, language):
    """On a projector at 1600×900 or 1280×720: no name below 12 px, none spilling out of its box;
    stage 5's heat map too, where the figures under each name take room."""
    with open_document(fyrbodal_file) as document:
        insert_ratings(document, [dict(row, consent="group") for row in csv_rows()])
    install_language(language)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(*size)
    window.open_path(fyrbodal_file)
    window.show()
    qtbot.waitExposed(window)
    window.show_stage(stage)
    canvas = window.current_view().canvas
    assert len(canvas.boxes) == 55
    group_rects = {group.id: rect for group, rect in canvas.geometry_.groups}
    for capability, rect in canvas.geometry_.capabilities:
        assert group_rects[capability.group_id].contains(rect), capability.name
    for box in canvas.boxes.values():
        name = box.fitted_name()
        assert name.font.pixelSize() >= 12, box.capability.name
        bounds = QFontMetricsF(name.font).boundingRect(name.rect, int(Qt.AlignCenter | Qt.TextWordWrap), name.text)
        assert bounds.width() <= name.rect.width() and bounds.height() <= name.rect.height(), box.capability.name
        assert box.rect().contains(name.rect)
        assert bool(box.style.lines) == (stage == 5)


def test_screenshot_command_renders_stage_three(fyrbodal_file, tmp_path):
    png = tmp_path / "stage3.png"
    result = subprocess.run([sys.executable, "-m", "digitalmotor_desktop", "gui", str(fyrbodal_file),
                             "--stage", "3", "--lang", "sv", "--screenshot", str(png)],
                            capture_output=True, text=True, env={**__import__("os").environ,
                                                                 "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1600, 900)
    # The map area is not blank: many distinct colours (bands, boxes, text).
    colours = {image.pixel(x, y) for x in range(300, 1300, 7) for y in range(100, 850, 7)}
    assert len(colours) > 20


def test_selecting_a_capability_shows_its_description(window, qtbot):
    view = window.current_view()
    capability = capability_map(window.session.document).capabilities()[0]
    view.canvas.select(capability.id)
    assert view.details.name.text() == capability.name
    assert view.details.description.toPlainText().startswith("Vi ")
    assert view.details.heading.text() == "Ledningsförmågor › Leda"


def test_renaming_a_capability_is_saved_and_undoable(window, qtbot, fyrbodal_file):
    view = window.current_view()
    capability = capability_map(window.session.document).capabilities()[0]
    view.canvas.select(capability.id)
    view.details.name.setText("Bygga en stark kultur")
    view.details.name.editingFinished.emit()
    with open_document(fyrbodal_file, read_only=True) as other:  # saved at once, seen by another connection
        assert capability_map(other).capabilities()[0].name == "Bygga en stark kultur"
    assert "Bygga kultur" in window.undo_action.text()
    window.undo_action.trigger()
    assert capability_map(window.session.document).capabilities()[0].name == "Bygga kultur"
    assert view.canvas.boxes[capability.id].capability.name == "Bygga kultur"


def test_swedish_is_the_default_and_english_is_available(window, qtbot):
    # Qt delivers LanguageChange as a posted event, hence waitUntil.
    install_language("sv")
    qtbot.waitUntil(lambda: window.ui.stageList.item(2).text() == "3  Förmågekarta")
    assert window.ui.menuFile.title() == "&Arkiv"
    assert window.current_view().details.name_label.text() == "&Namn"
    install_language("en")  # also what every other test expects: English, the source language
    qtbot.waitUntil(lambda: window.ui.stageList.item(2).text() == "3  Capability map")
    assert window.ui.menuFile.title() == "&File"


def test_stage_views_are_created_on_first_show(window):
    assert set(window.views) == {2}
    window.show_stage(1)
    assert set(window.views) == {0, 2}
    view = window.current_view()
    goals = [view.goals.list.item(i).text() for i in range(view.goals.list.count())]
    assert "1. Vi arbetar proaktivt istället för reaktivt" in goals
    assert "Vård och omsorg" in [view.domain.itemText(i) for i in range(view.domain.count())]
    assert len(view.panel.scene.prompts) == 3


def test_a_handout_opens_in_the_capture_view(qtbot, fyrbodal_file, tmp_path):
    from digitalmotor_desktop.gui.stages.maturity import MaturityStage
    from digitalmotor_desktop.ops.merge import write_handout

    handout = tmp_path / "handout.dmw"
    write_handout(fyrbodal_file, handout, organisation="Vänersborg")
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_path(handout)
    assert isinstance(window.current_view(), MaturityStage)
    assert window.session.document.handout_organisation_id


def test_kiosk_mode_locks_the_rest_of_the_window(window, qtbot):
    window.current_view().details.name.setText("Bygga en stark kultur")  # something to undo
    window.current_view().canvas.select(capability_map(window.session.document).capabilities()[0].id)
    window.current_view().details.name.setText("Bygga en stark kultur")
    window.current_view().details.name.editingFinished.emit()
    assert window.undo_action.isEnabled()
    window.show_stage(4)
    capture = window.current_view()
    capture.start.kiosk_code.setText("1234")
    capture.start.kiosk_start.click()
    assert not window.ui.stageList.isEnabled() and not window.menuBar().isEnabled()
    assert not window.undo_action.isEnabled() and not window.ui.actionOpen.isEnabled()
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    assert capability_map(window.session.document).capabilities()[0].name == "Bygga en stark kultur"
    capture.start.leave_code.setText("1234")
    capture.start.leave.click()
    assert window.ui.stageList.isEnabled() and window.undo_action.isEnabled() and window.ui.actionOpen.isEnabled()


def test_make_a_handout_from_the_file_menu(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

    output = tmp_path / "uddevalla.dmw"
    told = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("  Uddevalla ", True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(output), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    assert window.ui.actionHandout.isEnabled()
    window.ui.actionHandout.trigger()
    assert told and "uddevalla.dmw" in told[0] and "Uddevalla" in told[0]
    window.open_path(output)
    assert window.session.document.handout_organisation_id
    assert window.current_view().title() == "Maturity assessment"


def test_dropping_workshop_files_opens_the_merge_preview(window, qtbot, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    from digitalmotor_desktop.ops.workshop import create_workshop

    other = tmp_path / "other.dmw"
    create_workshop(other, "fyrbodal-2020").close()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    window.dropEvent(QDropEvent(QPointF(20, 20), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))
    dialog = window.findChild(__import__("digitalmotor_desktop.gui.merge_dialog", fromlist=["MergeDialog"]).MergeDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)  # the open workshop and the dropped file
    names = {dialog.table.item(row, 0).text() for row in range(2)}
    assert "other.dmw" in names
    dialog.close()


def test_a_hidden_stage_catches_up_once_when_shown(window, qtbot):
    """Ratings captured in stage 4 do not recompute stage 5 behind it; showing it again does, once."""
    from digitalmotor_desktop.ops import ratings as rating_ops
    from digitalmotor_desktop.store import ratings as stored

    window.show_stage(5)
    gap = window.current_view()
    refreshes = []
    original = gap.refresh
    gap.refresh = lambda changes: (refreshes.append(changes), original(changes))
    window.show_stage(4)
    document = window.session.document
    window.session.apply(rating_ops.add_organisation(document, "Orust"))
    organisation = stored.organisations(document)[0]
    window.session.apply(rating_ops.add_respondent(document, organisation.id, "IT-chef", "group"))
    respondent = stored.respondents(document, organisation.id)[0]
    for capability in capability_map(document).capabilities()[:10]:
        window.session.apply(rating_ops.set_maturity(document, respondent.id, capability.id, 2))
    assert refreshes == []
    window.show_stage(5)
    assert len(refreshes) == 1 and refreshes[0].touches("ratings", "organisations")
