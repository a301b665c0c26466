"""The exercise timer: any length in minutes, ±1 minute while running, colour by time left, overtime.

Time comes from a monotonic clock (``time.monotonic`` unless a test passes its own), so a
change of the wall clock or the laptop's time zone never moves the timer. The widget
ticks to redraw; the figures are always computed from the clock, never counted.
"""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

#: Colours of the digits: plenty of time, the last quarter, the last tenth, and overtime.
GREEN, AMBER, RED = "#1e8a3c", "#e09b00", "#d12f2f"
AMBER_FRACTION, RED_FRACTION = 0.25, 0.10
TICK_MS = 250


class ExerciseTimer(QObject):
    """Counts down ``minutes``; after zero it counts the overtime up. ``ended`` fires once at zero."""

    ticked = Signal()
    ended = Signal()

    def __init__(self, parent: QObject | None = None, clock: Callable[[], float] = time.monotonic):
        super().__init__(parent)
        self.clock = clock
        self.length = 0.0  # seconds
        self._started_at: float | None = None  # None: not running
        self._elapsed_before = 0.0  # while paused
        self._ended = False
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.tick)

    # -- control ------------------------------------------------------------
    def start(self, minutes: float) -> None:
        self.length = max(float(minutes), 0.0) * 60
        self._elapsed_before, self._ended = 0.0, False
        self._started_at = self.clock()
        self._ticker.start()
        self.tick()

    def pause(self) -> None:
        if self.running:
            self._elapsed_before = self.elapsed()
            self._started_at = None
            self._ticker.stop()
            self.ticked.emit()

    def resume(self) -> None:
        if not self.running and self.length:
            self._started_at = self.clock()
            self._ticker.start()
            self.tick()

    def stop(self) -> None:
        self._started_at, self.length, self._elapsed_before, self._ended = None, 0.0, 0.0, False
        self._ticker.stop()
        self.ticked.emit()

    def add_minutes(self, minutes: int) -> None:
        """±1 minute while running; never below what has already passed (it then ends now)."""
        if not self.length:
            return
        self.length = max(self.length + 60 * minutes, self.elapsed(), 0.0)
        if self.remaining() > 0:
            self._ended = False
        self.tick()

    # -- state --------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._started_at is not None

    @property
    def active(self) -> bool:
        """Set (running or paused)."""
        return self.length > 0

    def elapsed(self) -> float:
        return self._elapsed_before + (self.clock() - self._started_at if self._started_at is not None else 0.0)

    def remaining(self) -> float:
        """Seconds left; negative in overtime."""
        return self.length - self.elapsed()

    def colour(self) -> str:
        left = self.remaining()
        if left <= self.length * RED_FRACTION:
            return RED
        return AMBER if left <= self.length * AMBER_FRACTION else GREEN

    def text(self) -> str:
        """"12:34" counting down; "+1:05" in overtime."""
        left = self.remaining()
        seconds = int(left + 0.999) if left > 0 else int(-left)
        minutes, seconds = divmod(seconds, 60)
        return f"{'+' if left <= 0 and self.elapsed() > self.length else ''}{minutes}:{seconds:02d}"

    def tick(self) -> None:
        if self.active and not self._ended and self.remaining() <= 0:
            self._ended = True
            self.ended.emit()
        self.ticked.emit()
