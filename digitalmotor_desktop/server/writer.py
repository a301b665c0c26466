"""The phones' one writer: answers' ops run on a connection of its own, in one worker thread.

Why: a commit with ``synchronous = FULL`` waits for the disk (an fsync: 5 ms on
a quiet laptop, 100 ms on a busy one). On the window's thread, sixty phones
answering at once would stall Qt for the sum of their commits. Here each op is
the very one keyboard capture runs — the same factory, the same ``redo`` with
its own transaction — only on this connection, in the order the answers came.

Answers that arrive while a commit is under way wait for the next one, which
saves them all with one wait for the disk: each op's transaction then nests as
a savepoint of that commit, so an op that is refused rolls back alone and the
others are saved. A phone hears "saved" only once the commit is on disk.

The writer's document shares the window document's clock (thread-safe), so
stamps stay strictly increasing across both connections. After each commit it
stamps the clock once more: a board the window's connection read while a write
was in flight is kept under that write's stamp (store/board.py keeps boards
while the clock stands still), and must not pass for current after it.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from typing import Callable

from digitalmotor_desktop.ops.changes import Changes, Edit
from digitalmotor_desktop.store.document import Document, open_document

#: An op's factory, called with the writer's own document.
MakeEdit = Callable[[Document], Edit]
#: At most this many answers share one commit (a replayed queue of 55, a room answering at once).
BATCH_MAX = 200

_Job = tuple[MakeEdit, asyncio.Future]


class Writer:
    """Opens its connection in its own thread (SQLite connections stay in the thread that opened them)."""

    def __init__(self, document: Document):
        if document.path is None:
            raise ValueError("the phones' writer needs a workshop file")
        self._path = document.path
        self._read_only = document.read_only  # a file opened read-only is not written behind the window's back
        self._clock = document.clock
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="digitalmotor-phone-writer", daemon=True)
        self._thread.start()

    async def apply(self, make: MakeEdit) -> tuple[Edit, Changes]:
        """The edit ``make`` builds, run and committed; a ``UserError`` of the op is raised here."""
        if not self._thread.is_alive():
            raise RuntimeError("the phones' writer has closed")
        done = asyncio.get_running_loop().create_future()
        self._jobs.put((make, done))
        return await done

    def close(self) -> None:
        """Saves the answers already given to it, then closes its connection."""
        self._jobs.put(None)
        self._thread.join()

    def _run(self) -> None:
        try:
            own = open_document(self._path, read_only=self._read_only)
        except Exception as error:  # the file went away, say: every answer is refused and stays on its phone
            while (batch := self._next_batch()) is not None:
                _settle_all([(done, None, error) for _make, done in batch])
            return
        own.clock = self._clock
        try:
            while (batch := self._next_batch()) is not None:
                self._commit(own, batch)
        finally:
            own.close()

    def _next_batch(self) -> list[_Job] | None:
        first = self._jobs.get()
        if first is None:
            return None
        batch = [first]
        while len(batch) < BATCH_MAX:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                break
            if job is None:
                self._jobs.put(None)  # close after this batch
                break
            batch.append(job)
        return batch

    def _commit(self, own: Document, batch: list[_Job]) -> None:
        outcomes: list[tuple[asyncio.Future, object, BaseException | None]] = []
        try:
            with own.transaction():
                for make, done in batch:
                    try:
                        edit = make(own)
                        outcomes.append((done, (edit, edit.redo(own)), None))
                    except Exception as error:  # this op alone did not happen (its savepoint rolled back)
                        outcomes.append((done, None, error))
        except Exception as error:  # the commit failed: none of them is saved, every phone keeps its answer
            outcomes = [(done, None, error) for _make, done in batch]
        self._clock.now()  # see the module's docstring
        _settle_all(outcomes)


def _settle_all(outcomes: list[tuple[asyncio.Future, object, BaseException | None]]) -> None:
    """From the writer's thread: each future is resolved on its own loop."""
    for done, result, error in outcomes:
        done.get_loop().call_soon_threadsafe(_settle, done, result, error)


def _settle(done: asyncio.Future, result: object, error: BaseException | None) -> None:
    if done.done():
        return
    if error is not None:
        done.set_exception(error)
    else:
        done.set_result(result)
