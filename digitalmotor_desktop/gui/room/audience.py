"""The audience window: a second top-level window, full screen on the projector (with one screen, laid
over the full-screen main window instead).

It shows only the room's view of the current stage (``StageView.audience_widget``), the
exercise timer's big digits, and on the facilitator's keys a black or white screen or a
still of what it showed (freeze). Text is never smaller than 1/50 of the screen's height;
"large type" makes the labels larger still (the map is always drawn as large as its area
allows), and the high-contrast theme is white and yellow on black.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import QGraphicsSimpleTextItem, QGraphicsTextItem, QGraphicsView, QLabel, QStackedWidget, QVBoxLayout, QWidget

from digitalmotor_desktop.gui.map_canvas import CapabilityBox
from digitalmotor_desktop.gui.room import BLACK, NORMAL, WHITE

from digitalmotor_desktop.gui.room.timer import ExerciseTimer
from digitalmotor_desktop.gui.room.views import AudienceView

#: Text height as a share of the screen's height: the least for everything, and with "large type".
LEAST_TEXT_SHARE = 1 / 50
TEXT_SHARE, LARGE_TEXT_SHARE = 1 / 40, 1 / 28
THEMES = {
    False: {"page": "#ffffff", "text": "#1b252c", "quiet": "#3c4a54"},
    True: {"page": "#000000", "text": "#ffffff", "quiet": "#ffe14d"},
}


def audience_style(height: int, large: bool, high_contrast: bool) -> str:
    """The style sheet of the room's views at a screen height: every size a multiple of the least text size."""
    text = max(round(height * (LARGE_TEXT_SHARE if large else TEXT_SHARE)), 12)
    colours = THEMES[high_contrast]
    return f"""
#audience, #audience QWidget {{ background: {colours['page']}; color: {colours['text']}; }}
#audience QLabel {{ font-size: {text}px; }}
#audience QLabel#audienceHeading {{ font-size: {round(text * 1.6)}px; font-weight: bold; }}
#audience QLabel#audienceTitle {{ font-size: {round(text * 2.2)}px; font-weight: bold; }}
#audience QLabel#audienceFigure {{ font-size: {round(text * 2.6)}px; font-weight: bold; }}
#audience QLabel#audienceQuiet {{ color: {colours['quiet']}; }}
#audience QProgressBar {{ min-height: {text}px; border: 2px solid {colours['text']}; }}
#audience QProgressBar::chunk {{ background: {'#ffe14d' if high_contrast else '#0b5cad'}; }}
"""


class TimerDigits(QLabel):
    """The timer's big digits, coloured green → amber → red, shown while a timer is set."""

    def __init__(self, timer: ExerciseTimer, parent: QWidget | None = None):
        super().__init__(parent)
        self.timer = timer
        self.setObjectName("timerDigits")
        self.setAlignment(Qt.AlignCenter)
        self.setAttribute(Qt.WA_TransparentForMouseEvents)
        timer.ticked.connect(self.show_time)
        self.show_time()

    def show_time(self) -> None:
        self.setVisible(self.timer.active)
        if not self.timer.active:
            return
        self.setText(self.timer.text())
        height = self.window().height() if self.window() is not self else 720
        size = max(round(height / 9), 24)
        self.setStyleSheet(f"QLabel#timerDigits {{ font-size: {size}px; font-weight: bold; color: white;"
                           f" background: {self.timer.colour()}; border-radius: {size // 5}px; padding: 0 {size // 4}px; }}")
        self.adjustSize()
        parent = self.parentWidget()
        if parent is not None:
            margin = max(parent.height() // 40, 8)
            self.move(parent.width() - self.width() - margin, margin)
        self.raise_()


class AudienceWindow(QWidget):
    """The projector's window. ``show_content`` puts a stage's room view in; the room's keys change the mode.

    Given ``over`` (presenting with one screen) it is no window of its own but laid over that one, and it
    takes the keyboard focus itself: nothing in the room's view may take it, so no key reaches a widget
    the facilitator cannot see.
    """

    def __init__(self, timer: ExerciseTimer, over: QWidget | None = None):
        super().__init__(over, Qt.Widget if over is not None else Qt.Window)
        self.setObjectName("audience")
        self.setAttribute(Qt.WA_StyledBackground)  # laid over a window, it paints its own page colour
        if over is not None:
            self.setFocusPolicy(Qt.StrongFocus)
        self.setWindowTitle(self.tr("Audience view"))
        self.setAttribute(Qt.WA_DeleteOnClose, False)
        self.mode = NORMAL
        self.frozen = False
        self.large = False
        self.high_contrast = False
        self.content: QWidget | None = None
        self.pages = QStackedWidget()
        self.live = QWidget()
        self.live_layout = QVBoxLayout(self.live)
        self.live_layout.setContentsMargins(0, 0, 0, 0)
        self.still = QLabel()
        self.still.setAlignment(Qt.AlignCenter)
        self.black, self.white = QWidget(), QWidget()
        self.black.setObjectName("blackout")
        self.white.setObjectName("whiteout")
        for page in (self.live, self.still, self.black, self.white):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.digits = TimerDigits(timer, self)
        self.restyle()

    # -- placing ------------------------------------------------------------
    def place_on(self, screen) -> None:
        """Full screen on ``screen`` (a QScreen)."""
        if self.windowHandle() is None:
            self.create()
        self.windowHandle().setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.restyle()

    def screen_height(self) -> int:
        screen = self.screen() or QGuiApplication.primaryScreen()
        return max(self.height(), screen.geometry().height() if screen else 0) if self.isVisible() else self.height()

    # -- what it shows ------------------------------------------------------
    def show_content(self, widget: QWidget) -> None:
        """Replaces the room's view (the old one is deleted); while frozen the still stays up."""
        if self.content is not None:
            self.live_layout.removeWidget(self.content)
            self.content.hide()
            self.content.deleteLater()
        self.content = widget
        if self.parentWidget() is not None:
            for part in (widget, *widget.findChildren(QWidget)):
                part.setFocusPolicy(Qt.NoFocus)
        if isinstance(widget, AudienceView):
            widget.set_least_text(self.height() * LEAST_TEXT_SHARE)
        self.live_layout.addWidget(widget)
        widget.show()
        self._show_page()

    def set_mode(self, mode: str) -> None:
        """Black or white screen (pressing the same key again returns to the view)."""
        self.mode = NORMAL if mode == self.mode else mode
        self._show_page()

    def set_frozen(self, frozen: bool) -> None:
        if frozen and not self.frozen:
            self.still.setPixmap(self.live.grab() if self.live.isVisible() else QPixmap())
        self.frozen = frozen
        self._show_page()

    def set_large_type(self, large: bool) -> None:
        self.large = large
        self.restyle()

    def set_high_contrast(self, high_contrast: bool) -> None:
        self.high_contrast = high_contrast
        self.restyle()

    def restyle(self) -> None:
        self.setStyleSheet(audience_style(self.height(), self.large, self.high_contrast)
                           + "#audience QWidget#blackout { background: black; } #audience QWidget#whiteout { background: white; }")
        if isinstance(self.content, AudienceView):
            # The map is drawn as large as its area allows, large type or not: the floor is the same.
            self.content.set_least_text(self.height() * LEAST_TEXT_SHARE)
        self.digits.show_time()

    def _show_page(self) -> None:
        page = {BLACK: self.black, WHITE: self.white}.get(self.mode, self.still if self.frozen else self.live)
        self.pages.setCurrentWidget(page)
        self.digits.setHidden(self.mode != NORMAL or not self.digits.timer.active)
        if self.mode == NORMAL:
            self.digits.show_time()

    def resizeEvent(self, event):  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.restyle()

    def texts(self) -> list[str]:
        """Every text the room can read now (for tests and the screen reader check)."""
        page = self.pages.currentWidget()
        if page is not self.live:
            return []
        found = [label.text() for label in page.findChildren(QLabel) if label.isVisible() and label.text()]
        for view in page.findChildren(QGraphicsView):
            for item in view.scene().items():
                if isinstance(item, CapabilityBox):
                    found += [item.capability.name, *item.style.lines]
                elif isinstance(item, QGraphicsSimpleTextItem):
                    found.append(item.text())
                elif isinstance(item, QGraphicsTextItem):
                    found.append(item.toPlainText())
        if self.digits.isVisible():
            found.append(self.digits.text())
        return found
