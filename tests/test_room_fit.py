"""Every stage and dialog fits a 1280×720 projector and a 1920×1080 screen: the window keeps the
size asked for, every widget lies inside it, and no label or button text is cut (each label's
required size compared with its actual size; wrapped labels by their longest word and height)."""

import pytest
from PySide6.QtWidgets import QAbstractButton, QDialog, QLabel, QWidget

from digitalmotor_desktop.demo import ensure_demo
from room_views import open_audience

SIZES = ((1280, 720), (1920, 1080))
LONG_NAME = "Samordningsförbundet för digital utveckling i Fyrbodals kommuner och regionen"


def cut_texts(root: QWidget) -> list[tuple]:
    """(what, text, needed, got) for every visible label or button whose text does not fit it, and every
    widget that reaches outside ``root``."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.width() <= 0 or widget.window() is not root:
            continue
        corner = widget.mapTo(root, widget.rect().bottomRight())
        top = widget.mapTo(root, widget.rect().topLeft())
        clipped = _in_scroll_area(widget, root)
        if not clipped and (corner.x() > root.width() or corner.y() > root.height() or top.x() < 0 or top.y() < 0):
            found.append(("outside", type(widget).__name__, corner.x(), corner.y()))
        if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
            if widget.wordWrap():
                if widget.minimumSizeHint().width() > widget.width() + 1:
                    found.append(("word cut", widget.text()[:50], widget.minimumSizeHint().width(), widget.width()))
                if widget.heightForWidth(widget.width()) > widget.height() + 1:
                    found.append(("lines cut", widget.text()[:50], widget.heightForWidth(widget.width()), widget.height()))
            elif widget.sizeHint().width() > widget.width() + 1:
                found.append(("cut", widget.text()[:50], widget.sizeHint().width(), widget.width()))
        elif isinstance(widget, QAbstractButton) and widget.text():
            needed = widget.fontMetrics().horizontalAdvance(widget.text().replace("&", ""))
            if needed > widget.width() - 6:
                found.append(("button cut", widget.text()[:50], needed, widget.width()))
    return found


def _in_scroll_area(widget: QWidget, root: QWidget) -> bool:
    """Inside a scroll area: may lie beyond its viewport (it scrolls), not beyond the window."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if parent.objectName() == "qt_scrollarea_viewport":
            return True
        parent = parent.parentWidget()
    return False


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path, _ = ensure_demo(tmp_path_factory.mktemp("demo"))
    return path


@pytest.fixture
def window(qtbot, demo_path):
    from digitalmotor_desktop.gui.i18n import install_language
    from digitalmotor_desktop.gui.main_window import MainWindow

    install_language("sv")  # the longer language
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_path(demo_path)
    yield window
    window.close_workshop()


@pytest.mark.parametrize("size", SIZES, ids=["1280x720", "1920x1080"])
@pytest.mark.parametrize("stage", [3, 4, 5, None])
def test_every_stage_fits_the_screen_with_no_text_cut(window, qtbot, size, stage, tmp_path):
    window.resize(*size)
    window.show()
    if stage is None:
        window.ui.stageList.setCurrentRow(5)  # organisations and participants
    else:
        window.show_stage(stage)
    view = window.current_view()
    if stage == 4:  # the rating page, for an organisation with a long name
        view.start.organisation.setEditText(LONG_NAME)
        view.start.share_group.setChecked(True)
        view.begin()
    qtbot.wait(50)
    assert (window.width(), window.height()) == size, "the window grew: something is wider or taller than the screen"
    assert cut_texts(window) == []
    window.grab().save(str(tmp_path / f"stage{stage}.png"))


def cut_titles(canvas) -> list[tuple]:
    """(title, needed, got) for every group or area title the map draws shorter than itself or wider than its
    room, or outside its column (groups) or band (areas)."""
    from PySide6.QtGui import QFontMetricsF

    found = []
    holders = {group.name: rect for group, rect in canvas.geometry_.groups}
    holders.update((area.name.upper(), rect) for area, rect, _ in canvas.geometry_.areas)
    for text, item, room in canvas.titles:
        lines = item.text().split("\n")
        needed = max(QFontMetricsF(item.font()).horizontalAdvance(line) for line in lines)
        if " ".join(lines) != text or needed > room:
            found.append((text, item.text(), needed, room))
        holder, drawn = holders[text], item.sceneBoundingRect()
        if not (holder.x <= drawn.left() + 0.5 and drawn.right() <= holder.x + holder.width + 0.5
                and holder.y <= drawn.top() + 0.5 and drawn.bottom() <= holder.y + holder.height + 0.5):
            found.append((text, "outside", drawn.getRect(), holder))
    return found


@pytest.mark.parametrize("size", (*SIZES, (1600, 900)), ids=["1280x720", "1920x1080", "1600x900"])
@pytest.mark.parametrize("stage", [3, 5])
def test_no_group_or_area_title_is_cut_on_the_map_or_the_projector(window, qtbot, size, stage):
    window.resize(*size)
    window.show()
    window.show_stage(stage)
    qtbot.wait(20)
    view = window.current_view()
    assert len(view.canvas.titles) == 3 + 13 and cut_titles(view.canvas) == []
    audience = open_audience(qtbot, window, size)
    canvas = audience.content.canvas
    for area in canvas.capability_map.areas:
        canvas.set_map(canvas.capability_map, canvas.style_for, around=area.id)
        assert len(canvas.titles) == 1 + len(area.groups) and cut_titles(canvas) == [], area.name


def _dialogs(window):
    from digitalmotor_desktop.gui.new_workshop_dialog import NewWorkshopDialog

    yield NewWorkshopDialog(window)
    yield window.show_guide()
    yield window.merge_files([])


@pytest.mark.parametrize("size", SIZES, ids=["1280x720", "1920x1080"])
def test_every_dialog_fits_the_screen_with_no_text_cut(window, qtbot, size):
    window.resize(*size)
    window.show()
    for dialog in _dialogs(window):
        assert isinstance(dialog, QDialog)
        dialog.show()
        qtbot.wait(20)
        assert dialog.width() <= size[0] and dialog.height() <= size[1], type(dialog).__name__
        assert cut_texts(dialog) == [], type(dialog).__name__
        dialog.close()
