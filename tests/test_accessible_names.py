"""Every interactive widget of every stage has a name a screen reader can say (EN 301 549 / WCAG 4.1.2)."""

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSlider, QAbstractSpinBox, QComboBox,
                               QGraphicsView, QHeaderView, QLineEdit, QPlainTextEdit, QScrollBar, QTextEdit, QWidget)

from digitalmotor_desktop.demo import create_demo
from digitalmotor_desktop.gui.i18n import install_language
from digitalmotor_desktop.gui.main_window import MainWindow
from digitalmotor_desktop.gui.stages.registry import STAGES

INTERACTIVE = (QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QAbstractItemView,
               QAbstractSlider, QGraphicsView)


def is_qt_part(widget: QWidget) -> bool:
    """Pieces Qt builds inside a named widget (a spin box's or combo box's text field, a header, a scroll bar)."""
    return (widget.objectName().startswith("qt_") or isinstance(widget, (QHeaderView, QScrollBar))
            or isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)))


def unnamed(window: QWidget) -> set[str]:
    found = set()
    for widget in window.findChildren(QWidget):
        if isinstance(widget, INTERACTIVE) and widget.isVisibleTo(window) and not is_qt_part(widget):
            interface = QAccessible.queryAccessibleInterface(widget)
            if not (interface and interface.text(QAccessible.Name).strip()):
                found.add(f"{type(widget).__name__} in {type(widget.parent()).__name__}")
    return found


def test_every_interactive_widget_on_every_stage_has_an_accessible_name(qtbot, tmp_path):
    install_language("sv")
    demo = tmp_path / "demo.dmw"
    create_demo(demo)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show()
    missing = {f"start page: {name}" for name in unnamed(window)}
    window.open_path(demo)
    for row, entry in enumerate(STAGES):
        window.ui.stageList.setCurrentRow(row)
        qtbot.wait(1)
        missing |= {f"{entry.title}: {name}" for name in unnamed(window)}
    assert sorted(missing) == []
