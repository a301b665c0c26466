"""Opening a stage's room view in an audience window of a given size, as the projector would show it, and
reading the size of every text a window shows the room."""

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QAbstractButton, QGraphicsSimpleTextItem, QGraphicsTextItem, QGraphicsView, QLabel, QWidget

from digitalmotor_desktop.demo import ensure_demo
from digitalmotor_desktop.gui.map_canvas import CapabilityBox
from digitalmotor_desktop.gui.room.audience import AudienceWindow


def open_audience(qtbot, window, size: tuple[int, int]) -> AudienceWindow:
    """An audience window ``size`` large showing the main ``window``'s current stage for the room."""
    audience = AudienceWindow(window.room.timer)
    qtbot.addWidget(audience)
    audience.resize(*size)
    audience.show_content(window.current_view().audience_widget())
    audience.show()
    return audience


#: A facilitator-only organisation, its respondent and a comment (``add_private_organisation``): none may reach the room.
PRIVATE = ("Hemliga kommunen", "Kommunchef Kalle", "Vi är bäst i länet")


def add_private_organisation(window) -> None:
    """Adds to ``window``'s workshop an expected organisation whose respondent rated the first capability and
    commented on it, showing the result to the facilitator only."""
    from digitalmotor_desktop.core.model import CONSENT_FACILITATOR
    from digitalmotor_desktop.ops import attendance as attendance_ops
    from digitalmotor_desktop.ops import ratings as rating_ops
    from digitalmotor_desktop.store import ratings as store

    document = window.session.document
    name, respondent, comment = PRIVATE
    window.session.apply(rating_ops.add_organisation(document, name))
    organisation = next(o for o in store.organisations(document) if o.name == name)
    window.session.apply(rating_ops.add_respondent(document, organisation.id, respondent, CONSENT_FACILITATOR))
    person = next(p for p in store.respondents(document, organisation.id))
    capability = rating_ops.capture_order(document)[0]
    window.session.apply(rating_ops.set_maturity(document, person.id, capability.id, 4))
    window.session.apply(rating_ops.set_comment(document, person.id, capability.id, comment))
    window.session.apply(attendance_ops.set_expected(document, organisation.id, True))


def open_demo_window(qtbot, tmp_path, size: tuple[int, int]):
    """The main window ``size`` large on a fresh copy of the demo workshop, shown and active."""
    from digitalmotor_desktop.gui.main_window import MainWindow

    path, _ = ensure_demo(tmp_path / "demo")
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(*size)
    window.open_path(path)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def on_top(root: QWidget, widget: QWidget) -> bool:
    """Whether ``widget`` is what ``root`` shows at its centre (not hidden under a widget laid over it)."""
    if widget.testAttribute(Qt.WA_TransparentForMouseEvents):  # drawn over everything, like the timer's digits
        return True
    hit = root.childAt(widget.mapTo(root, widget.rect().center()))
    return hit is not None and (hit is widget or widget.isAncestorOf(hit))


def seen_texts(root: QWidget) -> list[tuple[str, float, QWidget]]:
    """(text, height in pixels, widget) for every text ``root`` shows: each visible label and button on top, and
    each text a graphics view on top paints (its font's pixel size times the view's scale)."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.width() <= 0 or not on_top(root, widget):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)) and widget.text() and \
                (not isinstance(widget, QLabel) or widget.pixmap().isNull()):
            found.append((widget.text(), QFontInfo(widget.font()).pixelSize(), widget))
        elif isinstance(widget, QGraphicsView):
            for item in widget.items(widget.viewport().rect()):
                if not item.isVisible():
                    continue
                scale = math.sqrt(abs(item.deviceTransform(widget.viewportTransform()).determinant()))  # turned too
                if isinstance(item, CapabilityBox):
                    fitted = item._fitted_text()
                    found.append((item.capability.name, fitted.name.font.pixelSize() * scale, widget))
                    if item.style.lines:
                        found.append((" ".join(item.style.lines), fitted.details_font.pixelSize() * scale, widget))
                elif isinstance(item, QGraphicsSimpleTextItem) and item.text():
                    found.append((item.text(), QFontInfo(item.font()).pixelSize() * scale, widget))
                elif isinstance(item, QGraphicsTextItem) and item.toPlainText():
                    found.append((item.toPlainText(), QFontInfo(item.font()).pixelSize() * scale, widget))
    return found


def cut_texts(root: QWidget) -> list[tuple]:
    """(what, text, needed, got) for every visible label or button whose text does not fit it, and every
    widget that reaches outside ``root``."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.width() <= 0 or not root.isAncestorOf(widget):  # not a dialog's
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
