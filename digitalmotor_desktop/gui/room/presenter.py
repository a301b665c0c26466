"""Presenting to the room: View ▸ Present (F5) and the room's keys and timer.

With a second screen the audience window goes full screen on the screen the facilitator
picks (View ▸ Present on, following screens as they are plugged in or out) and the main
window keeps every control. With one screen, presenting is the main window in full screen
with its editing chrome hidden and the audience window laid over it, so the room reads the
same view, in the same large type, as on a projector; the stage stays underneath as it was,
told it is projected (``set_projected``) so it hides what the room may not see, and comes
back untouched. The keys are the audience window's then: arrows (and a presenter's clicker)
move the selection through the map, B blacks out and W whites out the projector (again:
back), F freezes the audience view while the facilitator rearranges (two screens), and T,
+ and − start, lengthen and shorten the exercise timer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QSpinBox, QToolBar, QWidget

from digitalmotor_desktop.gui import settings
from digitalmotor_desktop.gui.room import BLACK, WHITE
from digitalmotor_desktop.gui.room.timer import ExerciseTimer

if TYPE_CHECKING:
    from digitalmotor_desktop.gui.room.audience import AudienceWindow


class Room(QObject):
    """The presenter's side: actions for the View menu, the room tool bar, and the audience window."""

    def __init__(self, window, clock=None):
        super().__init__(window)
        self.window = window
        self.timer = ExerciseTimer(self, **({"clock": clock} if clock else {}))
        self.timer.ended.connect(self._time_is_up)
        self.audience: AudienceWindow | None = None  # on the projector, or laid over the main window (alone)
        self.alone = False  # one screen: the main window is what the room sees
        self._working: tuple | None = None  # alone: state, geometry, focus and chrome to come back to
        self.present_action = self._action(self.toggle, QKeySequence(Qt.Key_F5), checkable=True)
        self.black_action = self._action(lambda: self.set_mode(BLACK), QKeySequence(Qt.Key_B))
        self.white_action = self._action(lambda: self.set_mode(WHITE), QKeySequence(Qt.Key_W))
        self.freeze_action = self._action(self.set_frozen, QKeySequence(Qt.Key_F), checkable=True)
        self.contrast_action = self._action(self._set_high_contrast, checkable=True)
        self.contrast_action.setChecked(settings.room_high_contrast())
        self.large_action = self._action(self._set_large_type, checkable=True)
        self.large_action.setChecked(settings.room_large_type())
        self.timer_action = self._action(self.start_or_stop_timer, QKeySequence(Qt.Key_T))
        self.more_action = self._action(lambda: self.timer.add_minutes(1), QKeySequence(Qt.Key_Plus))
        self.less_action = self._action(lambda: self.timer.add_minutes(-1), QKeySequence(Qt.Key_Minus))
        self.screens_menu = None
        self.toolbar = self._make_toolbar()
        for action in self._room_keys():
            action.setEnabled(False)  # single letters: only while presenting, so they never steal typing
        app = QGuiApplication.instance()
        app.screenAdded.connect(self._screens_changed)
        app.screenRemoved.connect(self._screen_removed)

    def _action(self, run, key: QKeySequence | None = None, checkable: bool = False) -> QAction:
        action = QAction(self.window)
        action.setCheckable(checkable)
        if key is not None:
            action.setShortcut(key)
            action.setShortcutContext(Qt.ApplicationShortcut)  # from the audience window too
        action.triggered.connect(lambda checked=False: run(checked) if checkable else run())
        self.window.addAction(action)  # works with the menu bar hidden (presenting alone)
        return action

    def _room_keys(self) -> tuple[QAction, ...]:
        return self.black_action, self.white_action, self.freeze_action, self.timer_action, self.more_action, \
            self.less_action

    def _make_toolbar(self) -> QToolBar:
        toolbar = QToolBar()
        toolbar.setObjectName("roomToolbar")
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 240)
        self.minutes.setValue(settings.exercise_minutes())
        self.minutes_label = QLabel()
        self.start_button, self.pause_button = QPushButton(), QPushButton()
        self.less_button, self.more_button = QPushButton("−1"), QPushButton("+1")
        self.start_button.clicked.connect(self.start_or_stop_timer)
        self.pause_button.clicked.connect(lambda: self.timer.resume() if not self.timer.running else self.timer.pause())
        self.less_button.clicked.connect(lambda: self.timer.add_minutes(-1))
        self.more_button.clicked.connect(lambda: self.timer.add_minutes(1))
        self.timer_text = QLabel()
        self.timer_text.setMinimumWidth(70)
        for widget in (self.minutes_label, self.minutes, self.start_button, self.pause_button, self.less_button,
                       self.more_button, self.timer_text):
            toolbar.addWidget(widget)
        toolbar.addSeparator()
        for action in (self.black_action, self.white_action, self.freeze_action, self.contrast_action,
                       self.large_action):
            toolbar.addAction(action)
        self.timer.ticked.connect(self._show_timer_state)
        self.window.addToolBar(Qt.TopToolBarArea, toolbar)
        toolbar.hide()
        return toolbar

    def install(self, menu) -> None:
        """Adds the room's entries to the View menu."""
        menu.addSeparator()
        menu.addAction(self.present_action)
        self.screens_menu = menu.addMenu("")
        self.screens_menu.aboutToShow.connect(self._fill_screens_menu)
        for action in (self.black_action, self.white_action, self.freeze_action, self.timer_action, self.more_action,
                       self.less_action, self.contrast_action, self.large_action, self.toolbar.toggleViewAction()):
            menu.addAction(action)
        self.retranslate()

    def retranslate(self) -> None:
        self.present_action.setText(self.tr("&Present to the room"))
        self.present_action.setToolTip(self.tr("The audience window on the projector (F5); with one screen, this "
                                               "window in full screen"))
        if self.screens_menu is not None:
            self.screens_menu.setTitle(self.tr("Present &on"))
        self.black_action.setText(self.tr("Black screen (B)"))
        self.white_action.setText(self.tr("White screen (W)"))
        self.freeze_action.setText(self.tr("Freeze the audience view (F)"))
        self.contrast_action.setText(self.tr("High contrast"))
        self.large_action.setText(self.tr("Large type"))
        self.timer_action.setText(self.tr("Start or stop the timer (T)"))
        self.more_action.setText(self.tr("One minute more (+)"))
        self.less_action.setText(self.tr("One minute less (−)"))
        self.toolbar.setWindowTitle(self.tr("Room: timer and projector"))
        self.toolbar.toggleViewAction().setText(self.tr("Room tool bar (timer)"))
        self.minutes_label.setText(self.tr("Exercise, minutes"))
        self.minutes.setAccessibleName(self.tr("Exercise length in minutes"))
        self.less_button.setToolTip(self.tr("One minute less"))
        self.more_button.setToolTip(self.tr("One minute more"))
        self._show_timer_state()

    # -- screens --------------------------------------------------------------
    def other_screens(self) -> list:
        """Screens the audience window may go on: every screen but the main window's."""
        own = self.window.screen()
        return [screen for screen in QGuiApplication.screens() if screen is not own]

    def chosen_screen(self):
        others = self.other_screens()
        wanted = settings.room_screen()
        return next((s for s in others if s.name() == wanted), others[0] if others else None)

    def _fill_screens_menu(self) -> None:
        menu = self.screens_menu
        menu.clear()
        group = QActionGroup(menu)
        chosen = self.chosen_screen()
        for screen in self.other_screens():
            size = screen.geometry()
            action = menu.addAction(f"{screen.name()} ({size.width()}×{size.height()})")
            action.setCheckable(True)
            action.setChecked(screen is chosen)
            group.addAction(action)
            action.triggered.connect(lambda _checked=False, s=screen: self.present_on(s))
        if not self.other_screens():
            menu.addAction(self.tr("Only one screen: presenting uses this window")).setEnabled(False)

    def present_on(self, screen) -> None:
        settings.set_room_screen(screen.name())
        if self.audience is not None and not self.alone:
            self.audience.place_on(screen)
        else:  # presenting alone until now: onto the projector instead
            self.stop()
            self.start()

    def _screens_changed(self, _screen=None) -> None:
        if self.alone and self.other_screens():
            self.window.statusBar().showMessage(self.tr("A second screen is connected: View ▸ Present on."), 8000)

    def _screen_removed(self, screen) -> None:
        if self.audience is None or self.alone or self.audience.screen() not in (screen, None):
            return
        other = self.chosen_screen()
        if other is not None and other is not screen:
            self.audience.place_on(other)
        else:  # never leave the audience window on the facilitator's own screen
            self.stop()
            self.window.statusBar().showMessage(self.tr("The projector was disconnected: presenting stopped."), 8000)

    # -- presenting -----------------------------------------------------------
    @property
    def presenting(self) -> bool:
        return self.audience is not None

    def toggle(self, on: bool | None = None) -> None:
        on = not self.presenting if on is None else on
        self.start() if on else self.stop()

    def start(self) -> None:
        if self.presenting:
            return
        screen = self.chosen_screen()
        if screen is not None:
            self.audience = self._new_audience()
            for action in self.window.actions():
                self.audience.addAction(action)
            self.audience.place_on(screen)
            self.toolbar.show()
        else:
            self._present_alone()
        self.stage_shown(self.window.current_view())
        for action in self._room_keys():
            action.setEnabled(True)
        self.freeze_action.setEnabled(not self.alone)  # alone, a still would hide what the facilitator does
        self.present_action.setChecked(True)

    def _new_audience(self, over: QWidget | None = None) -> AudienceWindow:
        from digitalmotor_desktop.gui.room.audience import AudienceWindow  # made when first presenting: not at start-up

        audience = AudienceWindow(self.timer, over)
        audience.set_high_contrast(self.contrast_action.isChecked())
        audience.set_large_type(self.large_action.isChecked())
        return audience

    def stop(self) -> None:
        if self.audience is not None:
            audience, self.audience = self.audience, None
            audience.close()
            audience.deleteLater()
        if self.alone:
            self._back_to_work()
        else:
            self.toolbar.hide()
        for action in self._room_keys():
            action.setChecked(False)
            action.setEnabled(False)
        self.present_action.setChecked(False)

    def _present_alone(self) -> None:
        """The main window in full screen without menus, navigator, tool bars or status bar, and the room's
        view laid over it all; the stage underneath keeps its state, and the keys go to the room's view."""
        window = self.window
        self.alone = True
        chrome = [w for w in (window.menuBar(), window.statusBar(), window.ui.stageList,
                              *window.findChildren(QToolBar)) if w.isVisible()]
        self._working = (window.windowState(), window.geometry(), QApplication.focusWidget(), chrome)
        for widget in chrome:
            widget.hide()
        for view in window.views.values():
            view.set_projected(True)
        # The stage underneath is covered: its least size (stages 4 and 5 need 1,200 px) must not make the window
        # wider than a small projector's screen (1024×768) that a laptop mirrors.
        window.setMinimumSize(1, 1)
        window.showFullScreen()
        self.audience = self._new_audience(window)
        self.audience.setGeometry(window.rect())
        self.audience.show()
        self.audience.raise_()
        self.audience.setFocus()
        window.installEventFilter(self)  # the room's view follows the window's size
        self.audience.installEventFilter(self)  # and takes the facilitator's keys

    def _back_to_work(self) -> None:
        """The working window as it was before presenting: size and state, chrome, and the focus."""
        window = self.window
        window.removeEventFilter(self)
        self.alone = False
        state, geometry, focus, chrome = self._working
        self._working = None
        window.setMinimumSize(0, 0)  # no least size of its own again: the layout's, the shown stage's, applies
        for widget in chrome:
            widget.show()
        for view in window.views.values():
            view.set_projected(False)
        window.setWindowState(state)  # normal, maximised, or in full screen with its chrome (F11)
        if not window.isMaximized() and not window.isFullScreen():
            window.setGeometry(geometry)
        if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
            focus.setFocus()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if not self.alone or self.audience is None:
            return False
        if watched is self.window and event.type() == QEvent.Resize:
            self.audience.setGeometry(self.window.rect())
        elif watched is self.audience and event.type() == QEvent.KeyPress:
            step = {Qt.Key_Right: 1, Qt.Key_Down: 1, Qt.Key_PageDown: 1,
                    Qt.Key_Left: -1, Qt.Key_Up: -1, Qt.Key_PageUp: -1}.get(event.key())
            view = self.window.current_view()
            if step is not None and view is not None:
                view.step_selection(step)
                return True
        return False

    def stage_shown(self, view) -> None:
        """The main window shows another stage (or none): so does the audience window."""
        if self.alone and view is not None:
            view.set_projected(True)
        if self.audience is None:
            return
        if view is None:
            widget = QLabel(self.tr("No workshop open"))
            widget.setObjectName("audienceTitle")
            widget.setAlignment(Qt.AlignCenter)
        else:
            widget = _room_view(view)
        self.audience.show_content(widget)

    def audience_snapshot(self, size: tuple[int, int]):
        """What the audience window would show now, at ``size`` (for ``--present --screenshot``)."""
        audience = self._new_audience()
        audience.resize(*size)
        view = self.window.current_view() if self.window.session is not None else None
        audience.show_content(_room_view(view) if view is not None else QLabel())
        audience.show()
        QApplication.processEvents()
        image = audience.grab()
        audience.close()
        audience.deleteLater()
        return image

    # -- room keys ------------------------------------------------------------
    def set_mode(self, mode: str) -> None:
        if self.audience is not None:
            self.audience.set_mode(mode)
            self.black_action.setChecked(self.audience.mode == BLACK)
            self.white_action.setChecked(self.audience.mode == WHITE)

    def set_frozen(self, frozen: bool) -> None:
        if self.audience is not None:
            self.audience.set_frozen(frozen)
            if not frozen:  # what the main window shows now
                self.stage_shown(self.window.current_view())

    def _set_high_contrast(self, on: bool) -> None:
        settings.set_room_high_contrast(on)
        if self.audience is not None:
            self.audience.set_high_contrast(on)

    def _set_large_type(self, on: bool) -> None:
        settings.set_room_large_type(on)
        if self.audience is not None:
            self.audience.set_large_type(on)

    # -- timer ----------------------------------------------------------------
    def start_or_stop_timer(self) -> None:
        if self.timer.active:
            self.timer.stop()
        else:
            settings.set_exercise_minutes(self.minutes.value())
            self.timer.start(self.minutes.value())

    def _show_timer_state(self) -> None:
        active = self.timer.active
        self.start_button.setText(self.tr("Stop timer") if active else self.tr("Start timer"))
        self.pause_button.setText(self.tr("Continue") if active and not self.timer.running else self.tr("Pause"))
        for button in (self.pause_button, self.less_button, self.more_button):
            button.setEnabled(active)
        self.timer_text.setText(self.timer.text() if active else "")
        self.timer_text.setStyleSheet(f"font-weight:bold;color:{self.timer.colour()}" if active else "")

    def _time_is_up(self) -> None:
        QApplication.beep()  # once, quietly; the digits turn red and count the overtime
        self.window.statusBar().showMessage(self.tr("Time is up."), 8000)


def _room_view(view) -> QWidget:
    """The stage's room view, with the phones' join panel beside it while phones can join."""
    from digitalmotor_desktop.gui.phones.audience import beside_join_panel  # loaded when first presenting

    return beside_join_panel(view.session, view.audience_widget())
