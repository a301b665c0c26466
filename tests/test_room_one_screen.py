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
from PySide6.QtWidgets import QApplication

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



def test_the_line_under_stage_5s_room_map_keeps_two_lines_so_a_long_name_does_not_shake_the_map(window, qtbot):
    """Choosing a capability whose line of figures takes two lines must not shrink the map, not even for a moment:
    the room would see a scroll bar flash on the map and the map laid out again."""
    window.show_stage(5)
    gap = window.current_view()
    qtbot.keyClick(window, Qt.Key_F5)
    if not window.room.large_action.isChecked():
        window.room.large_action.trigger()  # the largest type: the line under the map wraps soonest
    room_view = window.room.audience.content
    canvas, line = room_view.canvas, room_view.selected
    capability_map = gap.report.capability_map
    area = max(capability_map.areas, key=lambda a: max(len(c.name) for g in a.groups for c in g.capabilities))
    by_length = sorted((c for g in area.groups for c in g.capabilities), key=lambda c: len(c.name))
    gap.select(by_length[0].id)
    qtbot.wait(300)  # the window settled at the screen's size, in the room's type
    qtbot.waitUntil(lambda: not canvas.verticalScrollBar().isVisible())
    settled = canvas.height()
    for capability in (by_length[-1], by_length[0], by_length[-1]):
        gap.select(capability.id)
        QApplication.processEvents()  # one turn of the event loop: what the projector shows next
        assert (canvas.height(), canvas.verticalScrollBar().isVisible()) == (settled, False), capability.name
    needed = line.fontMetrics().boundingRect(0, 0, line.width(), 1 << 16, Qt.TextWordWrap, line.text()).height()
    assert needed > 1.5 * line.fontMetrics().lineSpacing(), "the longest name's line of figures takes two lines"
