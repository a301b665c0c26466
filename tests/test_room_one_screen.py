"""Presenting with one screen: the main window in full screen shows the room's view of each stage, every text
of it at least 1/50 of the screen's height, at the size of the screen it is on.

Needs Qt's offscreen platform with one screen of a projector's size (``QT_QPA_PLATFORM=offscreen:configfile=…``);
test_room.py runs this file at 1280×720 and at 1920×1080, and it is skipped in an ordinary run.
"""

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication

from digitalmotor_desktop.gui.map_canvas import MapCanvas
from digitalmotor_desktop.gui.room.audience import LEAST_TEXT_SHARE
from room_views import cut_texts, on_top, open_demo_window, seen_texts

pytestmark = pytest.mark.skipif("configfile" not in os.environ.get("QT_QPA_PLATFORM", ""),
                                reason="needs the offscreen platform with one screen of a given size (see test_room.py)")


@pytest.fixture
def window(qtbot, tmp_path):
    window = open_demo_window(qtbot, tmp_path, (1000, 600))  # smaller than the screen: presenting fills it
    yield window
    window.room.stop()
    window.close_workshop()


def smallest_seen(window, qtbot) -> tuple[float, str]:
    """The smallest text the room sees in ``window`` (height in pixels, the text), after checking that all of it
    is the room's view (the stage underneath shows nowhere) and that none of its text is cut."""
    qtbot.wait(30)  # the board lays its page out on the next turn of the event loop
    audience = window.room.audience
    canvases = audience.findChildren(MapCanvas)  # the map's area fits the screen: no scroll bar once laid out
    qtbot.waitUntil(lambda: not any(canvas.verticalScrollBar().isVisible() for canvas in canvases))
    for x in range(0, window.width(), 40):
        for y in range(0, window.height(), 40):
            hit = window.childAt(QPoint(x, y))
            assert hit is audience or audience.isAncestorOf(hit), (x, y, type(hit).__name__)
    assert cut_texts(audience) == []
    texts = seen_texts(window)
    assert texts and all(widget is audience or audience.isAncestorOf(widget) for _, _, widget in texts)
    text, pixels, _ = min(texts, key=lambda found: found[1])
    return pixels, text


def test_presenting_alone_every_stage_reads_at_a_fiftieth_of_the_screen(window, qtbot):
    screen = QGuiApplication.primaryScreen().geometry()
    least = screen.height() * LEAST_TEXT_SHARE
    folder = os.environ.get("ROOM_SCREENSHOTS")
    figures = []
    for large in (True, False):
        if window.room.large_action.isChecked() != large:
            window.room.large_action.trigger()
        for stage in (1, 2, 3, 4, 5):
            window.show_stage(stage)
            view = window.current_view()
            qtbot.keyClick(window, Qt.Key_F5)
            assert window.room.alone and window.isFullScreen()
            qtbot.waitUntil(lambda: window.size() == screen.size())
            smallest = [smallest_seen(window, qtbot)]
            if stage in (3, 5):  # the selection moved through the map with the arrow keys: every area in turn
                canvas = window.room.audience.content.canvas
                areas = {canvas.area_index}
                shown = view.map if stage == 3 else view.report.capability_map
                for key in (Qt.Key_Left, Qt.Key_Right):  # to the map's first capability, then on to its last
                    for _ in shown.capabilities():
                        qtbot.keyClick(window.focusWidget(), key)
                        if canvas.area_index not in areas:
                            areas.add(canvas.area_index)
                            smallest.append(smallest_seen(window, qtbot))
                assert canvas.selected_id() == shown.capabilities()[-1].id, "the room sees what the keys selected"
                smallest.append(smallest_seen(window, qtbot))  # the last capability's figures under the map
                assert len(areas) == 3, "the room saw every area"
            pixels, text = min(smallest)
            figures.append(f"stage {stage} {screen.width()}x{screen.height()} large type {large}: "
                           f"smallest text {pixels:.1f} px ({text[:30]!r}), least allowed {least:.1f} px")
            assert pixels >= least, figures[-1]
            if folder:
                window.grab().save(str(Path(folder) / f"alone-stage{stage}{'-large' if large else ''}.png"))
            qtbot.keyClick(window, Qt.Key_Escape)
            assert not window.room.alone and not window.isFullScreen()
    if folder:
        (Path(folder) / "figures.txt").write_text("\n".join(figures) + "\n", encoding="utf-8")
    assert on_top(window, window.current_view()), "back to work: the stage is what the window shows"
