"""The document's database handle: sqlite3 with sqlite-utils' transaction habit.

``atomic()`` follows sqlite-utils' ``Database.atomic`` (BEGIN/COMMIT, nested
blocks as savepoints). sqlite-utils itself is loaded only where migrations run
(creating or upgrading a file): importing it costs more than the whole window
takes to appear, so opening a current file must not pay for it.
"""

from __future__ import annotations

import itertools
import sqlite3
from contextlib import contextmanager
from typing import Any, Iterable, Iterator


_savepoints = itertools.count()


class Connection:
    """The subset of ``sqlite_utils.Database`` the document uses, over one sqlite3 connection."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def execute(self, sql: str, parameters: Iterable[Any] | dict | None = None) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters) if parameters is not None else self.conn.execute(sql)

    def executescript(self, sql: str) -> sqlite3.Cursor:
        return self.conn.executescript(sql)

    @contextmanager
    def atomic(self) -> Iterator["Connection"]:
        """One write transaction; a nested block is a savepoint that rolls back alone.

        It takes the write lock at the start (``BEGIN IMMEDIATE``), so what is read in the block
        cannot change before it is written (find-or-create across processes), and another writer
        waits its turn (the busy timeout) rather than have a write after a read refused.
        """
        if self.conn.in_transaction:
            savepoint = f"nested_{next(_savepoints)}"
            self.conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                raise
            else:
                self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
        else:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self.conn.rollback()
                raise
            else:
                try:
                    self.conn.execute("COMMIT")
                except BaseException:
                    self.conn.rollback()
                    raise

    def close(self) -> None:
        self.conn.close()


def apply_migrations(connection: Connection) -> None:
    """Runs pending migrations (sqlite-utils ``Migrations``) on this connection."""
    from sqlite_utils import Database

    from digitalmotor_desktop.store.migrations import migrations

    migrations.apply(Database(connection.conn, execute_plugins=False))
