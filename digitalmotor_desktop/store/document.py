"""The workshop document: one SQLite file, opened safely.

``create_document`` makes a new file; ``open_document`` checks the file before
SQLite touches it (store.filecheck), backs up and migrates an older one, and
refuses a newer one. A ``Document`` is bound to the thread that opened it:
open another one for work off the UI thread.
"""

from __future__ import annotations

import datetime
import os
import shutil
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.errors import DamagedFile, NotAWorkshopFile, ReadOnlyDocument, UserError, WriteFailed
from digitalmotor_desktop.core.hlc import HybridLogicalClock
from digitalmotor_desktop.core.ids import new_id
from digitalmotor_desktop.store import filecheck
from digitalmotor_desktop.store.connection import Connection, apply_migrations
from digitalmotor_desktop.store.version import SCHEMA_VERSION


def today() -> str:
    """Dates only: exact timestamps are never stored (privacy rules)."""
    return datetime.date.today().isoformat()


def _configure(connection: sqlite3.Connection) -> None:
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA journal_mode = WAL")
    # FULL: a rating shown as saved survives a power cut, not only a crash.
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA trusted_schema = OFF")


class Document:
    """An open workshop file and the clock that stamps its edits."""

    def __init__(self, path: Path | None, db: Connection, *, read_only: bool = False):
        self.path = path
        self.db = db
        self.read_only = read_only
        row = db.execute(
            "SELECT document_id, device_id, anonymised, clock, handout_organisation_id FROM document").fetchone()
        self.document_id, device_id, anonymised, clock, self.handout_organisation_id = row
        self.anonymised = bool(anonymised)
        self.clock = HybridLogicalClock(device=device_id, last=clock)

    @property
    def connection(self) -> sqlite3.Connection:
        return self.db.conn

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """All-or-nothing write; the clock's last stamp is saved with the change.

        It holds the write lock from the start (``Connection.atomic``): another connection writing the
        file meanwhile (the phones' writer thread, a second window) waits its turn, where a write after
        a read would be refused at once for the newer file it meets. A nested transaction joins the
        outer one, whose lock already is.
        """
        if self.read_only:
            raise ReadOnlyDocument(QT_TRANSLATE_NOOP("UserError", "This workshop is open read-only; save a copy to edit it."))
        try:
            with self.db.atomic():
                yield self.db
                self.db.execute("UPDATE document SET clock = ?", [self.clock.last])
        except sqlite3.OperationalError as error:
            if not getattr(error, "sqlite_errorname", "").startswith(_DISK_ERRORS):
                raise  # our own SQL's mistake: a bug, not the user's
            raise _write_failed(self.path, error) from None

    def stamp(self) -> str:
        """A new hybrid-logical-clock stamp for an edit made now."""
        return self.clock.now()

    def save_copy(self, destination: Path) -> None:
        """A consistent copy via SQLite's backup API (safe while the file is in use)."""
        destination = Path(destination)
        temporary = destination.with_name(destination.name + ".partial")
        temporary.unlink(missing_ok=True)
        target = sqlite3.connect(temporary)
        try:
            self.connection.backup(target)
        finally:
            target.close()
        os.replace(temporary, destination)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Document":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: SQLite's names for a write the disk refused, and what to tell the user.
_WRITE_ERRORS = {
    "SQLITE_FULL": QT_TRANSLATE_NOOP("UserError", "“{name}” could not be saved: the disk is full. Nothing was changed; free some space and try again."),
    "SQLITE_READONLY": QT_TRANSLATE_NOOP("UserError", "“{name}” could not be saved: the file or its folder is read-only. Nothing was changed."),
}


#: The disk's refusals (not mistakes in our SQL): full, read-only, failing, locked by another writer.
_DISK_ERRORS = ("SQLITE_FULL", "SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_BUSY",
                "SQLITE_LOCKED")


def _write_failed(path: Path | None, error: sqlite3.OperationalError) -> WriteFailed:
    kind = getattr(error, "sqlite_errorname", "")
    template = next((text for prefix, text in _WRITE_ERRORS.items() if kind.startswith(prefix)), QT_TRANSLATE_NOOP(
        "UserError", "“{name}” could not be saved ({reason}). Nothing was changed."))
    return WriteFailed(template, name=path.name if path else "", reason=error)


def _read_only_uri(path: Path) -> str:
    """A read-only connection's URI. In a folder nobody can write to (a read-only share or medium)
    SQLite cannot make the ``-shm`` file a WAL database needs; with no ``-wal`` beside it nothing can
    be writing the file either, so it is read as immutable instead of being refused as damaged."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    if not os.access(Path(path).resolve().parent, os.W_OK) and not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return uri


def refuse_unwritable(path: Path) -> None:
    """A workshop opened for editing must be writable, and so must its folder (SQLite's journal lives there)."""
    if not os.access(path.resolve().parent, os.W_OK):
        raise ReadOnlyDocument(QT_TRANSLATE_NOOP(
            "UserError", "“{name}” is in a folder that cannot be written to; copy it into a folder of your own and open the copy."),
            name=path.name)
    if not os.access(path, os.W_OK):
        raise ReadOnlyDocument(QT_TRANSLATE_NOOP(
            "UserError", "“{name}” is read-only; make it writable, or save a copy of it and open the copy."), name=path.name)


def _connect(path: Path | str, *, read_only: bool = False) -> Connection:
    if read_only:
        connection = sqlite3.connect(_read_only_uri(Path(path)), uri=True)
    else:
        connection = sqlite3.connect(str(path))
    if read_only:
        connection.execute("PRAGMA trusted_schema = OFF")
    else:
        _configure(connection)
    return Connection(connection)


def _initialise(db: Connection, *, anonymised: bool = False) -> None:
    apply_migrations(db)
    db.execute(f"PRAGMA application_id = {filecheck.APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    with db.atomic():
        db.execute(
            "INSERT INTO document (singleton, document_id, device_id, created_on, anonymised) VALUES (1, ?, ?, ?, ?)",
            [new_id(), new_id(), today(), int(anonymised)],
        )


def create_document(path: Path | str | None = None, *, anonymised: bool = False) -> Document:
    """A new, empty (schema only) document. ``path=None`` makes an in-memory one for tests."""
    if path is None:
        db = Connection(sqlite3.connect(":memory:"))
        db.conn.execute("PRAGMA foreign_keys = ON")
        _initialise(db, anonymised=anonymised)
        return Document(None, db)
    path = Path(path)
    if path.exists():
        raise UserError(QT_TRANSLATE_NOOP("UserError", "“{name}” already exists; choose another name or remove it first."), name=path.name)
    db = _connect(path)
    _initialise(db, anonymised=anonymised)
    return Document(path, db)


def check_workshop_file(path: Path) -> filecheck.HeaderFacts:
    """Refuses anything that is not a workshop file we can read, without writing to it."""
    facts = filecheck.read_header(path)
    filecheck.check_version(path, facts, SCHEMA_VERSION)
    try:
        probe = sqlite3.connect(_read_only_uri(path), uri=True)
    except sqlite3.Error:
        raise NotAWorkshopFile(QT_TRANSLATE_NOOP("UserError", "“{name}” could not be opened as a workshop file."), name=path.name) from None
    try:
        filecheck.quick_check(probe, path)
        try:
            probe.execute("SELECT document_id FROM document").fetchone()
        except sqlite3.DatabaseError:
            raise NotAWorkshopFile(QT_TRANSLATE_NOOP("UserError", "“{name}” is not a complete Digital motor workshop file."), name=path.name) from None
    finally:
        probe.close()
    return facts


def remove_document_files(path: Path | str) -> None:
    """Deletes a document and its WAL companions (used to undo a half-made new file)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def backup_before_migration(path: Path, from_version: int) -> Path:
    """Copies an older file aside before migrating it (Vorta's habit)."""
    backup = path.with_name(f"{path.name}.v{from_version}.bak")
    shutil.copy2(path, backup)
    return backup


def _migrated_in_memory(db: Connection) -> Connection:
    """An older file read as this version reads it (its newer tables empty): a migrated copy in memory, so the
    file itself is neither written nor locked for longer than the copy takes."""
    memory = sqlite3.connect(":memory:")
    db.conn.backup(memory)
    db.conn.close()
    copy = Connection(memory)
    apply_migrations(copy)
    return copy


def open_document(path: Path | str, *, read_only: bool = False) -> Document:
    """Opens a workshop file, migrating an older one after a backup copy.

    Raises a ``UserError`` subclass with one sentence for anything that is not a
    workshop file this version can open; such a file is left untouched.
    """
    path = Path(path)
    facts = check_workshop_file(path)
    if not read_only:
        refuse_unwritable(path)
    if facts.schema_version < SCHEMA_VERSION and not read_only:
        backup_before_migration(path, facts.schema_version)
    try:
        db = _connect(path, read_only=read_only)
        if read_only and facts.schema_version < SCHEMA_VERSION:
            db = _migrated_in_memory(db)
        if not read_only and facts.schema_version < SCHEMA_VERSION:
            apply_migrations(db)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return Document(path, db, read_only=read_only)
    except sqlite3.DatabaseError as error:
        raise DamagedFile(QT_TRANSLATE_NOOP("UserError", "“{name}” could not be opened: {reason}."), name=path.name, reason=error) from None
