"""The room: the exercise timer on a fake monotonic clock, the room keys, presenting with one screen,
the stages' audience views and the --present screenshot. The audience window on a second screen
is tested in test_room_two_screens.py, run here in a process with two virtual screens."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QMessageBox, QToolBar

from digitalmotor_desktop.demo import ensure_demo
from digitalmotor_desktop.gui.room.audience import LEAST_TEXT_SHARE, AudienceWindow, audience_style
from digitalmotor_desktop.gui.room.timer import AMBER, GREEN, RED, ExerciseTimer
from room_views import PRIVATE, add_private_organisation, on_top, open_audience, open_demo_window, seen_texts

TESTS = Path(__file__).parent


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_the_timer_counts_down_changes_colour_signals_the_end_once_and_counts_overtime(qtbot):
    clock = FakeClock()
    timer = ExerciseTimer(clock=clock)
    ended = []
    timer.ended.connect(lambda: ended.append(clock.now))
    timer.start(10)
    assert (timer.text(), timer.colour()) == ("10:00", GREEN)
    clock.now += 7 * 60 + 31  # 2:29 left: the last quarter
    timer.tick()
    assert (timer.text(), timer.colour()) == ("2:29", AMBER)
    timer.add_minutes(1)  # the room needs a little longer
    assert (timer.text(), timer.colour()) == ("3:29", GREEN)
    timer.add_minutes(-1)
    clock.now += 2 * 60  # 0:29 left
    timer.tick()
    assert (timer.text(), timer.colour()) == ("0:29", RED)
    clock.now += 29
    timer.tick()
    clock.now += 65
    timer.tick()
    timer.tick()
    assert timer.text() == "+1:05" and timer.colour() == RED
    assert len(ended) == 1


def test_a_paused_timer_stands_still_and_a_minute_less_never_goes_below_what_passed(qtbot):
    clock = FakeClock()
    timer = ExerciseTimer(clock=clock)
    timer.start(2)
    clock.now += 30
    timer.pause()
    clock.now += 600  # a long discussion while paused
    assert timer.text() == "1:30"
    timer.resume()
    clock.now += 10
    assert timer.text() == "1:20"
    for _ in range(5):
        timer.add_minutes(-1)
    assert timer.remaining() == 0


def test_the_audience_style_keeps_text_at_least_a_fiftieth_of_the_screen(qtbot):
    for height in (720, 1080):
        for large in (False, True):
            sizes = [int(size) for size in re.findall(r"font-size: (\d+)px", audience_style(height, large, False))]
            assert min(sizes) >= height * LEAST_TEXT_SHARE
        assert "#000000" in audience_style(height, large=True, high_contrast=True)


def test_blackout_whiteout_and_freeze_cover_the_view(qtbot):
    from PySide6.QtWidgets import QLabel

    window = AudienceWindow(ExerciseTimer(clock=FakeClock()))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show_content(QLabel("Förmågekartan"))
    window.show()
    assert "Förmågekartan" in window.texts()
    window.set_mode("black")
    image = window.grab().toImage()
    assert image.pixelColor(640, 360).name() == "#000000" and window.texts() == []
    window.set_mode("black")  # B again: back to the view
    assert "Förmågekartan" in window.texts()
    window.set_mode("white")
    assert window.grab().toImage().pixelColor(640, 360).name() == "#ffffff"
    window.set_mode("normal")
    window.set_frozen(True)
    window.show_content(QLabel("Ny vy"))  # the facilitator moves on; the room still sees the still
    assert window.pages.currentWidget() is window.still
    window.set_frozen(False)
    assert "Ny vy" in window.texts()


@pytest.fixture
def demo_window(qtbot, tmp_path):
    window = open_demo_window(qtbot, tmp_path, (1280, 720))
    yield window
    window.room.stop()
    window.close_workshop()


def test_with_one_screen_presenting_is_this_window_in_full_screen_without_editing_chrome(demo_window, qtbot):
    window = demo_window
    window.show_stage(5)
    view = window.current_view()
    view.anonymised.setChecked(True)
    qtbot.keyClick(window, Qt.Key_F5)
    assert window.room.alone and window.isFullScreen()
    assert not window.menuBar().isVisible() and not window.ui.stageList.isVisible()
    qtbot.keyClick(window, Qt.Key_B)
    assert window.grab().toImage().pixelColor(window.width() // 2, window.height() // 2).name() == "#000000"
    qtbot.keyClick(window, Qt.Key_B)
    qtbot.keyClick(window, Qt.Key_Escape)
    assert not window.room.alone and window.menuBar().isVisible() and window.ui.stageList.isVisible()


def test_presenting_alone_the_room_s_view_takes_the_keys_and_leaving_brings_the_working_window_back(
        demo_window, qtbot, monkeypatch):
    from digitalmotor_desktop.gui.stages.capability_map.view import CapabilityMapStage
    from digitalmotor_desktop.store.map_edit import CAPABILITY

    window = demo_window
    window.show_stage(3)
    view = window.current_view()
    chosen = next(c.id for c in view.map.capabilities() if c.name == "Bygga kultur")
    view.tree.select_item(chosen)
    view.tree.setFocus()
    qtbot.wait(20)
    chrome = [window.menuBar(), window.statusBar(), window.ui.stageList, *window.findChildren(QToolBar)]
    shown = [widget.isVisible() for widget in chrome]
    geometry, before = window.geometry(), window.grab().toImage()
    edits = window.session.undo_stack.count()
    asked = []
    monkeypatch.setattr(CapabilityMapStage, "_confirm_delete", lambda *args: asked.append(args) or False)

    qtbot.keyClick(window, Qt.Key_F5)
    audience = window.room.audience
    assert audience.hasFocus() and on_top(window, audience) and not on_top(window, view)
    qtbot.keyClick(audience, Qt.Key_Right)  # the next capability, for the room
    following = view.map.capability_after(chosen, 1)
    assert view.selected == (CAPABILITY, following) and audience.content.canvas.selected_id() == following
    for key in (Qt.Key_Insert, Qt.Key_F2, Qt.Key_Delete):  # the outline's editing keys: nothing happens unseen
        qtbot.keyClick(window.focusWidget(), key)
    assert window.session.undo_stack.count() == edits and not asked
    assert view.tree.state() != QAbstractItemView.EditingState
    canvas = audience.content.canvas  # the facilitator's mouse is on the room's view: a click selects too
    clicked = next(box for box in canvas.boxes.values() if box.capability.id not in (chosen, following))
    qtbot.mouseClick(canvas.viewport(), Qt.LeftButton, pos=canvas.mapFromScene(clicked.rect().center()))
    qtbot.waitUntil(lambda: view.selected == (CAPABILITY, clicked.capability.id))
    assert canvas.selected_id() == clicked.capability.id and audience.hasFocus()
    view.select_capability(following)
    qtbot.keyClick(audience, Qt.Key_T)  # the timer, from the keyboard with every tool bar hidden
    qtbot.keyClick(audience, Qt.Key_Plus)
    assert window.room.timer.active and audience.digits.isVisible()
    assert window.room.timer.remaining() > window.room.minutes.value() * 60
    qtbot.keyClick(audience, Qt.Key_T)
    window.room.contrast_action.trigger()  # high contrast reaches the room with one screen too
    assert window.grab().toImage().pixelColor(3, 3).name() == "#000000"
    window.room.contrast_action.trigger()
    qtbot.keyClick(audience, Qt.Key_Left)  # back to what the facilitator had selected
    qtbot.keyClick(audience, Qt.Key_Escape)

    assert not window.room.presenting and not window.isFullScreen() and window.geometry() == geometry
    assert [widget.isVisible() for widget in chrome] == shown
    assert window.current_view() is view and view.selected == (CAPABILITY, chosen) and view.tree.hasFocus()
    qtbot.wait(50)  # the working map lays itself out again for the window's size
    assert window.grab().toImage() == before, "the working window exactly as it was"


def test_presenting_alone_the_room_sees_no_private_organisation_respondent_or_comment(demo_window, qtbot,
                                                                                     monkeypatch):
    window = demo_window
    add_private_organisation(window)
    window.show_stage(5)
    gap = window.current_view()
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.Yes)
    gap.anonymised.click()  # the facilitator's own screen names every organisation …
    gap.colour_by.setCurrentIndex(3)  # … even colouring by one of them
    gap.select(gap.report.capability_map.capabilities()[0].id)  # the capability the secret one commented on
    assert not gap.anonymised.isChecked()
    assert PRIVATE[0] in [gap.organisation.itemText(i) for i in range(gap.organisation.count())]
    qtbot.keyClick(window, Qt.Key_F5)
    assert gap.anonymised.isChecked(), "presenting alone is anonymised"
    for stage in (5, 4, 3, 1):
        window.show_stage(stage)
        qtbot.wait(30)
        shown = " | ".join(text for text, _, _ in seen_texts(window))
        assert shown and not [private for private in PRIVATE if private in shown], (stage, shown[:300])
    qtbot.keyClick(window.room.audience, Qt.Key_Escape)
    window.show_stage(5)
    assert gap.anonymised.isChecked(), "back at work the room may still be looking: named results ask again"


def test_named_results_on_the_only_screen_ask_first(demo_window, qtbot, monkeypatch):
    demo_window.show_stage(5)
    view = demo_window.current_view()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: asked.append(args) or QMessageBox.No)
    view.anonymised.click()
    assert asked and view.anonymised.isChecked(), "a No keeps the results anonymised"
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.Yes)
    view.anonymised.click()
    assert not view.anonymised.isChecked()


def test_the_stages_room_views_show_counts_and_the_anonymised_result(demo_window, qtbot):
    from digitalmotor_desktop.gui.stages.base import StageView

    window = demo_window
    for number, expected in ((3, "Bygga kultur"), (4, "organisations have answered"), (5, "n = ")):
        window.show_stage(number)
        audience = open_audience(qtbot, window, (1280, 720))
        assert any(expected in text for text in audience.texts()), (number, audience.texts()[:5])
    fallback = StageView.audience_widget(window.current_view())
    assert fallback.text() == window.current_view().title()


def painted_sizes(canvas) -> dict[str, float]:
    """The smallest on-screen pixel size of each kind of text the map paints (font size × the view's scale)."""
    scale = canvas.transform().m22()
    boxes = canvas.boxes.values()
    sizes = {"names": min(box.fitted_name().font.pixelSize() for box in boxes),
             "titles": min(title.font().pixelSize() for _, title, _ in canvas.titles)}
    details = [box._fitted_text().details_font.pixelSize() for box in boxes if box.style.lines]
    if details:
        sizes["figures"] = min(details)
    return {kind: size * scale for kind, size in sizes.items()}


@pytest.mark.parametrize("large", [False, True], ids=["", "large type"])
@pytest.mark.parametrize("size", ((1280, 720), (1920, 1080)), ids=["1280x720", "1920x1080"])
@pytest.mark.parametrize("stage", [3, 5])
def test_the_room_reads_the_map_an_area_at_a_time_never_below_a_fiftieth_of_the_screen(demo_window, qtbot, stage,
                                                                                       size, large, tmp_path):
    window = demo_window
    window.show_stage(stage)
    view = window.current_view()
    audience = open_audience(qtbot, window, size)
    audience.set_large_type(large)  # larger labels; the map stays whole on the screen
    canvas = audience.content.canvas
    whole = canvas.capability_map
    for area in whole.areas:  # the facilitator selects a capability of each area in turn
        first = area.groups[0].capabilities[0].id
        view.tree.select_item(first) if stage == 3 else view.select(first)
        qtbot.wait(10)
        assert set(canvas.boxes) == {c.id for g in area.groups for c in g.capabilities}, "its whole area, only"
        assert canvas.selected_id() == first
        assert canvas.verticalScrollBar().maximum() == 0, "the area fits the screen without scrolling"
        for kind, pixels in painted_sizes(canvas).items():
            assert pixels >= size[1] * LEAST_TEXT_SHARE, (area.name, kind, pixels)
        audience.grab().save(str(tmp_path / f"stage{stage}-{area.name}.png"))
    if size == (1920, 1080):
        image = audience.grab().toImage()  # the last area's first box is selected: its outline is blue
        box = canvas.boxes[first]
        edge = canvas.mapFromScene(box.rect().center().x(), box.rect().top())
        corner = canvas.viewport().mapTo(audience, edge)
        assert any(image.pixelColor(corner.x(), corner.y() + dy).name() == "#0b5cad" for dy in range(-2, 3))


def test_stage_5s_per_organisation_tab_says_in_a_sentence_why_every_value_is_hidden(demo_window, qtbot):
    window = demo_window  # the demo: two organisations share with the facilitator only
    window.show_stage(5)
    view = window.current_view()
    view.pages.setCurrentWidget(view.organisations_note.parentWidget())
    qtbot.wait(10)
    assert all(row[-1] for row in view.organisation_model.rows) and view.report.result.columns
    note = view.organisations_note
    assert note.isVisible() and note.text() == (
        "No organisation's values are shown for any capability. Hidden: 2 organisation(s) share with the "
        "facilitator only; their ratings could be worked out.")
    image = note.grab().toImage()  # drawn, not only set: the label's pixels are not all one colour
    inked = [(x, y) for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
             if image.pixelColor(x, y).lightness() < 100]
    assert len(inked) > 100, "the sentence is drawn"


@pytest.mark.parametrize("size, expected", [([], (1920, 1080)), (["--size", "1280x720"], (1280, 720))])
def test_present_renders_the_audience_view_from_the_command_line(tmp_path, size, expected):
    """A common projector by default; the projector the facilitator will meet with --size."""
    path, _ = ensure_demo(tmp_path / "demo")
    png = tmp_path / "room.png"
    result = subprocess.run([sys.executable, "-m", "digitalmotor_desktop", "gui", str(path), "--stage", "4",
                             "--lang", "en", "--present", "--screenshot", str(png), *size],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert (image.width(), image.height()) == expected


def run_on_screens(tmp_path, test_file: str, *screens: tuple[str, int, int]) -> None:
    """Runs ``test_file`` in a pytest process whose offscreen platform has ``screens`` ((name, width, height),
    side by side), its screenshots in ``tmp_path``; fails with its output if any of its tests does not pass."""
    lefts = [sum(width for _, width, _ in screens[:index]) for index in range(len(screens))]
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"screens": [{"name": name, "x": left, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96} for (name, width, height), left in zip(screens, lefts)]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", ROOM_SCREENSHOTS=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(TESTS / test_file)],
                            capture_output=True, text=True, env=env, cwd=TESTS.parent, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout


def test_the_audience_window_on_a_second_screen(tmp_path):
    """Runs test_room_two_screens.py where Qt's offscreen platform has a laptop and a projector screen."""
    run_on_screens(tmp_path, "test_room_two_screens.py", ("Laptop", 1280, 720), ("Projector", 1920, 1080))


@pytest.mark.parametrize("size", ((1280, 720), (1920, 1080)), ids=["1280x720", "1920x1080"])
def test_presenting_alone_on_a_projector_sized_screen(tmp_path, size):
    """Runs test_room_one_screen.py where Qt's offscreen platform has one screen of ``size``."""
    run_on_screens(tmp_path, "test_room_one_screen.py", ("Laptop", *size))


@pytest.mark.parametrize("stage", [4, 5])
def test_presenting_alone_fits_a_small_projector_however_wide_the_stage_underneath_needs_to_be(demo_window, qtbot,
                                                                                             stage):
    """A laptop mirrored to a small projector: the stage covered by the room's view (stages 4 and 5 need about
    1,200 px) must not push the full-screen window past the screen's edge, taking the room's view with it."""
    window = demo_window
    window.show_stage(stage)
    screen = window.screen().geometry()
    assert window.minimumSizeHint().width() > screen.width(), "the stage alone would not fit this screen"
    qtbot.keyClick(window, Qt.Key_F5)
    qtbot.waitUntil(lambda: window.size() == screen.size())
    assert window.room.audience.geometry() == window.rect()
    qtbot.keyClick(window.room.audience, Qt.Key_Escape)
    qtbot.waitUntil(lambda: window.minimumSize() == window.minimumSizeHint())  # back at work: the stage's least size
