"""The audience window on a second (virtual) screen, driven from the main window.

Needs Qt's offscreen platform with two screens (``QT_QPA_PLATFORM=offscreen:configfile=…``);
test_room.py runs this file in such a process, and it is skipped in a one-screen run.
"""

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from digitalmotor_desktop.demo import ensure_demo
from room_views import PRIVATE, add_private_organisation

pytestmark = pytest.mark.skipif("configfile" not in os.environ.get("QT_QPA_PLATFORM", ""),
                                reason="needs the offscreen platform with two screens (see test_room.py)")


@pytest.fixture
def presenting(qtbot, tmp_path):
    from digitalmotor_desktop.gui.main_window import MainWindow

    path, _ = ensure_demo(tmp_path / "demo")
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.open_path(path)
    window.show()
    add_private_organisation(window)
    window.show_stage(3)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key_F5)
    yield window
    window.room.stop()
    window.close_workshop()


def _shows(window, text: str) -> bool:
    return any(text in shown for shown in window.room.audience.texts())


def _never_private(window) -> None:
    for private in PRIVATE:
        assert not _shows(window, private), private


def _save(window, name: str) -> None:
    folder = os.environ.get("ROOM_SCREENSHOTS")
    if folder:
        window.room.audience.grab().save(str(Path(folder) / f"{name}.png"))


def test_the_audience_window_goes_full_screen_on_the_projector_and_follows_the_stages(presenting, qtbot):
    window = presenting
    audience = window.room.audience
    assert audience.screen().name() == "Projector" and audience.isFullScreen()
    assert audience.geometry().width() == 1920 and window.screen().name() == "Laptop"
    assert window.menuBar().isVisible(), "the laptop keeps every control"

    view = window.current_view()  # stage 3: the map, an area at a time; the first before anything is selected
    assert _shows(window, "Bygga kultur") and not _shows(window, "Avveckla")
    view.tree.select_item(next(c.id for c in view.map.capabilities() if c.name == "Avveckla"))
    assert _shows(window, "Avveckla") and not _shows(window, "Bygga kultur"), "the area of what is selected"
    assert audience.content.canvas.selected_id() == view.selected[1]
    _save(window, "stage3")

    window.show_stage(4)
    assert _shows(window, "16 organisations have answered") and _shows(window, "1 of 1 expected organisations"), \
        window.room.audience.texts()
    _never_private(window)
    _save(window, "stage4")

    window.show_stage(5)
    gap = window.current_view()
    gap.anonymised.setChecked(False)  # the facilitator's own screen names every organisation …
    gap.colour_by.setCurrentIndex(3)  # … even colouring by one of them
    gap.select(next(c.id for c in gap.report.capability_map.capabilities() if c.name == "Avveckla"))
    assert not gap.anonymised.isChecked(), "two screens: the laptop may show names without asking"
    assert _shows(window, "Avveckla: maturity")
    _never_private(window)  # … the projector never
    _save(window, "stage5")

    window.show_stage(2)  # a stage without a room view of its own yet: its title
    assert _shows(window, window.current_view().title())


def test_room_keys_reach_the_projector_from_the_laptop(presenting, qtbot):
    window = presenting
    audience = window.room.audience
    qtbot.keyClick(window, Qt.Key_B)
    assert audience.grab().toImage().pixelColor(960, 540).name() == "#000000"
    qtbot.keyClick(window, Qt.Key_W)
    assert audience.grab().toImage().pixelColor(960, 540).name() == "#ffffff"
    qtbot.keyClick(window, Qt.Key_W)
    qtbot.keyClick(window, Qt.Key_F)  # frozen: the facilitator moves on, the room keeps the map
    window.show_stage(4)
    assert audience.pages.currentWidget() is audience.still and not audience.still.pixmap().isNull()
    assert not _shows(window, "organisations have answered")
    qtbot.keyClick(window, Qt.Key_F)
    assert _shows(window, "organisations have answered")

    window.room.contrast_action.trigger()
    assert audience.grab().toImage().pixelColor(5, 5).name() == "#000000"
    window.room.minutes.setValue(5)
    window.room.start_button.click()
    assert _shows(window, "5:00")
    digits = audience.digits
    assert digits.geometry().right() <= audience.width() and digits.height() >= 1080 / 10
    _save(window, "stage4-high-contrast-timer")


def test_unplugging_the_projector_stops_presenting_rather_than_cover_the_laptop(presenting, qtbot):
    window = presenting
    window.room._screen_removed(window.room.audience.screen())
    assert window.room.audience is None and not window.room.presenting
