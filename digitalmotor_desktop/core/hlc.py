"""Hybrid logical clock: orders edits across laptops without a server.

A timestamp is a fixed-width string ``"<millis:015d>.<counter:05d>.<device>"``
so that plain string comparison is the clock order, and two laptops can never
issue the same value (the device id breaks ties). Merge keeps the row with the
greater stamp ("last writer wins") and reports the other as a conflict.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Callable

#: The stamp of rows created from a built-in template: equal in every file, so
#: untouched template rows never conflict, and older than any real edit.
TEMPLATE_STAMP = f"{0:015d}.{0:05d}.template"


def format_stamp(millis: int, counter: int, device: str) -> str:
    return f"{millis:015d}.{counter:05d}.{device}"


def parse_stamp(stamp: str) -> tuple[int, int, str]:
    millis, counter, device = stamp.split(".", 2)
    return int(millis), int(counter), device


@dataclass
class HybridLogicalClock:
    """Issues strictly increasing stamps for one device.

    Thread-safe: the phones' writer connection (server/writer.py) stamps with the window's clock
    from its own thread, and two edits must never share a stamp.
    """

    device: str
    last: str = ""
    wall_millis: Callable[[], int] = field(default=lambda: time.time_ns() // 1_000_000, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False, compare=False)

    def now(self) -> str:
        with self._lock:
            return self._next()

    def _next(self) -> str:
        physical = self.wall_millis()
        last_millis, last_counter = (0, 0)
        if self.last:
            last_millis, last_counter, _ = parse_stamp(self.last)
        if physical > last_millis:
            stamp = format_stamp(physical, 0, self.device)
        else:
            stamp = format_stamp(last_millis, last_counter + 1, self.device)
        self.last = stamp
        return stamp

    def observe(self, stamp: str) -> None:
        """Move past a stamp seen from another device (so our next edit is newer)."""
        with self._lock:
            if stamp > self.last:
                millis, counter, _ = parse_stamp(stamp)
                self.last = format_stamp(millis, counter, self.device)
