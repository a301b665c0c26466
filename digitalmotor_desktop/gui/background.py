"""Long work off the UI thread: an asyncio task on Qt's own event loop (qasync).

A ``BackgroundTask`` runs one step of the Qt-free core — a function
``step(progress, cancelled)`` such as checking or writing a merge — in a worker
thread, with its own SQLite connections. Progress comes back through the event
loop, so widgets are only ever touched on the UI thread; cancelling sets a flag
the step reads between its parts and ends it with ``Cancelled``.

The asyncio loop is attached to the running Qt loop the first time long work
is asked for, not at start-up: importing asyncio would cost the facilitator
tens of milliseconds before the window appears.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import sys
import threading
from typing import Callable

import qasync
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from digitalmotor_desktop.core.errors import Cancelled, UserError

PROGRESS_STEPS = 1000  # progress is reported as 0…PROGRESS_STEPS, for a QProgressBar's range

Step = Callable[[Callable[[float], None], Callable[[], bool]], object]

_loop: qasync.QEventLoop | None = None
_workers = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="digitalmotor-background")


def event_loop() -> qasync.QEventLoop:
    """The asyncio loop that runs inside the application's Qt event loop."""
    global _loop
    if _loop is None or _loop.is_closed():
        _loop = qasync.QEventLoop(QApplication.instance(), already_running=True)
        asyncio.set_event_loop(_loop)
    return _loop


class BackgroundTask(QObject):
    """One step run in a worker thread; its signals arrive on the UI thread.

    Exactly one of ``finished(result)``, ``failed(UserError)`` or ``cancelled()``
    is emitted, then ``ended()``.
    """

    progressed = Signal(int)  # 0…PROGRESS_STEPS
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    ended = Signal()

    def __init__(self, step: Step):
        super().__init__()  # no Qt parent: a closed dialog must not delete a task that is still winding down
        self._step = step
        self._cancel = threading.Event()
        self._work: concurrent.futures.Future | None = None
        self._job: asyncio.Task | None = None

    def start(self) -> None:
        """Starts the step at once, so ``wait()`` waits for it even before the event loop turns."""
        loop = event_loop()

        def progress(fraction: float) -> None:  # called on the worker thread
            loop.call_soon_threadsafe(self.progressed.emit, round(fraction * PROGRESS_STEPS))

        self._work = _workers.submit(self._step, progress, self._cancel.is_set)
        self._job = loop.create_task(self._report(self._work))

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self) -> None:
        """Blocks until the worker thread is done (its signals follow through the event loop)."""
        if self._work is not None:
            concurrent.futures.wait([self._work])

    async def _report(self, work: concurrent.futures.Future) -> None:
        try:
            result = await asyncio.wrap_future(work)
        except Cancelled:
            self.cancelled.emit()
        except UserError as error:
            self.failed.emit(error)
        except Exception:  # a bug, not the user's doing: report it as Qt slots do, and let the UI recover
            sys.excepthook(*sys.exc_info())
        else:
            self.finished.emit(result)
        finally:
            self.ended.emit()
