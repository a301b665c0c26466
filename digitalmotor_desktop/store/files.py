"""Writing whole documents to disk: all or nothing.

Files written here travel (merged results, handouts, copies for a synced
folder), so each is built in memory and appears under its name only when it is
complete: a crash, a kill or a full disk at any moment leaves the old file or
the complete new one, never a part (tests/test_merge.py kills a writer mid-way).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Callable

from digitalmotor_desktop.core.errors import Cancelled, UserError
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.store.document import Document, create_document


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_atomically(output: Path, fill: Callable[[Document], None], *, anonymised: bool,
                     cancelled: Callable[[], bool] = lambda: False) -> None:
    """Builds a new document in memory, writes it to ``OUT.partial`` and moves that over ``output``.

    ``VACUUM INTO`` writes the file in one pass with no free pages, so nothing
    but the final rows is ever on disk; it is synced before the move, so a crash
    or a kill at any moment leaves the old output or the complete new one.
    """
    partial = output.with_name(output.name + ".partial")
    leftovers = [Path(str(partial) + suffix) for suffix in ("", "-journal")]
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)
    try:
        with create_document(None, anonymised=anonymised) as document:
            fill(document)
            if cancelled():
                raise Cancelled()
            document.db.execute("VACUUM INTO ?", [str(partial)])
        _fsync(partial)
        os.replace(partial, output)
        if hasattr(os, "O_DIRECTORY"):
            _fsync(output.parent)
    except (OSError, sqlite3.OperationalError) as error:  # disk full, no permission, a folder in the way
        raise UserError(QT_TRANSLATE_NOOP("UserError", "“{name}” could not be written ({reason}); nothing was changed."),
                        name=output.name, reason=getattr(error, "strerror", None) or error) from None
    finally:
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
