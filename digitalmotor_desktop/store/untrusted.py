"""Opening a workshop file that came from someone else, without trusting it.

A file to merge (or to hand out) may be damaged, from a newer version, another
program's database or deliberately booby-trapped (a view or trigger that calls
an application function when read). ``open_untrusted`` checks it before
anything is read and never writes to it:

1. the 100-byte header is read as bytes (store.filecheck): SQLite magic,
   application id, not cut off, schema version not newer than ours;
2. the file (and its ``-wal``, if the app that wrote it is still open or
   crashed) is copied byte for byte into a private temporary folder, so SQLite
   never opens the source itself and a file changed while we read cannot pass
   one check and fail the next;
3. the copy is opened read-only (``mode=ro``) with ``trusted_schema=OFF``,
   ``cell_size_check=ON`` and ``query_only=ON``; ``integrity_check`` must pass
   (indexes too: a damaged index could hide a broken reference);
   the application id and version are checked again (the WAL may hold a
   newer first page);
4. ``sqlite_master`` must equal a freshly migrated document's exactly: no
   extra or changed tables, views, triggers or indexes (planner statistics
   aside) — only then is any table read;
5. ``foreign_key_check`` must pass, keys must have their declared types and
   clock stamps their form, and it must hold its document row and one workshop;
6. every text is within the input limits (``core.limits``): names, labels and
   titles ``NAME_MAX``, everything else ``TEXT_MAX`` — a 10 MB capability name
   from a returned hand-out would make every view slow to draw.

Each refusal is a ``UserError`` with one sentence naming the file.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from contextlib import ExitStack, contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from digitalmotor_desktop.core.errors import DamagedFile, NotAWorkshopFile
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.limits import NAME_MAX, TEXT_MAX
from digitalmotor_desktop.store import filecheck
from digitalmotor_desktop.store.connection import Connection
from digitalmotor_desktop.store.document import Document, create_document
from digitalmotor_desktop.store.version import SCHEMA_VERSION


class UnexpectedSchema(NotAWorkshopFile):
    """The file is SQLite with our header but its schema is not exactly ours."""


def _master(connection: sqlite3.Connection) -> list[tuple]:
    """The schema, without the statistics ``ANALYZE``/``PRAGMA optimize`` may add (they only guide the planner)."""
    return sorted(connection.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT IN ('sqlite_stat1', 'sqlite_stat4')"
    ).fetchall(), key=repr)


@lru_cache(maxsize=1)
def expected_master() -> tuple[tuple, ...]:
    """``sqlite_master`` of a freshly migrated document (SQLite's own entries included)."""
    with create_document(None) as fresh:
        return tuple(_master(fresh.connection))


#: An HLC stamp: 15 digits, a dot, 5 digits, a dot, a device id (core.hlc).
_STAMP = "typeof(hlc) = 'text' AND hlc GLOB '" + "[0-9]" * 15 + "." + "[0-9]" * 5 + ".?*'"


@lru_cache(maxsize=1)
def _value_checks() -> dict[str, str]:
    """Per table, an SQL condition every row must meet: keys present and of their declared type,
    clock stamps well formed — what merge compares. (quick_check already holds every row to the
    schema's NOT NULL and CHECK constraints.)"""
    checks = {}
    with create_document(None) as fresh:
        tables = [row[0] for row in fresh.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE '\\_%' ESCAPE '\\'")]
        for table in tables:
            info = fresh.db.execute(f"PRAGMA table_info({table})").fetchall()
            conditions = [f"typeof({column}) = '{declared.lower()}'" for _, column, declared, _, _, key in info if key]
            if any(row[1] == "hlc" for row in info):
                conditions.append(_STAMP)
            checks[table] = " AND ".join(conditions)
    return checks


#: Text columns that hold names, labels or titles (``NAME_MAX``); every other text may hold ``TEXT_MAX``.
_NAME_COLUMNS = frozenset({"name", "label", "title"})


@lru_cache(maxsize=1)
def _length_limits() -> dict[str, list[tuple[str, int]]]:
    """Per table, every text column with its longest allowed length."""
    limits_by_table = {}
    with create_document(None) as fresh:
        for table in _value_checks():
            info = fresh.db.execute(f"PRAGMA table_info({table})").fetchall()
            limits_by_table[table] = [(column, NAME_MAX if column in _NAME_COLUMNS else TEXT_MAX)
                                      for _, column, declared, _, _, _ in info if declared.upper() == "TEXT"]
    return limits_by_table


def _snapshot(path: Path, folder: Path) -> Path:
    copy = folder / "source.dmw"
    shutil.copyfile(path, copy)
    wal = Path(str(path) + "-wal")
    if wal.is_file() and wal.stat().st_size:
        shutil.copyfile(wal, Path(str(copy) + "-wal"))
    return copy


def _check_open(connection: sqlite3.Connection, path: Path) -> None:
    name = path.name
    filecheck.quick_check(connection, path, thorough=True)
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if application_id != filecheck.APPLICATION_ID:
        raise NotAWorkshopFile(QT_TRANSLATE_NOOP("UserError", "“{name}” is not a Digital motor workshop file."), name=name)
    filecheck.check_version(path, filecheck.HeaderFacts(0, 0, version, application_id), SCHEMA_VERSION)
    if version < SCHEMA_VERSION:
        raise NotAWorkshopFile(QT_TRANSLATE_NOOP(
            "UserError", "“{name}” was saved by an older version of Digital motor desktop; open it in this version once, then try again."),
            name=name)
    if tuple(_master(connection)) != expected_master():
        raise UnexpectedSchema(QT_TRANSLATE_NOOP(
            "UserError", "“{name}” is refused for safety: its tables, views, triggers or indexes differ from a workshop file's."),
            name=name)
    if connection.execute("PRAGMA foreign_key_check").fetchone() is not None:
        raise DamagedFile(QT_TRANSLATE_NOOP("UserError", "“{name}” is damaged: some of its rows refer to rows that do not exist."), name=name)
    for table, condition in _value_checks().items():
        if connection.execute(f"SELECT 1 FROM {table} WHERE NOT ({condition}) LIMIT 1").fetchone():
            raise DamagedFile(QT_TRANSLATE_NOOP(
                "UserError", "“{name}” is damaged: some of its values are not of the kind a workshop file holds."),
                name=name)
    for table, columns in _length_limits().items():
        for column, limit in columns:
            if connection.execute(f"SELECT 1 FROM {table} WHERE length({column}) > ? LIMIT 1", [limit]).fetchone():
                raise DamagedFile(QT_TRANSLATE_NOOP(
                    "UserError", "“{name}” is refused: a {column} in its {table} is longer than {limit} characters."),
                    name=name, column=column, table=table, limit=f"{limit:,}")
    documents = connection.execute("SELECT count(*) FROM document").fetchone()[0]
    workshops = connection.execute("SELECT count(*) FROM workshop").fetchone()[0]
    if documents != 1 or workshops != 1:
        raise NotAWorkshopFile(QT_TRANSLATE_NOOP("UserError", "“{name}” is not a complete Digital motor workshop file."), name=name)


@contextmanager
def private_folder() -> Iterator[Path]:
    """A temporary folder only this user can read, for the copies of sources; removed after."""
    with tempfile.TemporaryDirectory(prefix="digitalmotor-sources-") as folder:
        yield Path(folder)


@contextmanager
def open_untrusted(path: Path | str, folder: Path | None = None) -> Iterator[Document]:
    """A checked, read-only ``Document`` on a private copy of ``path``.

    The copy goes into ``folder`` (inside a ``private_folder``; emptied first, so it
    can be reused for several sources one after another) or a temporary folder of its own.
    """
    path = Path(path)
    facts = filecheck.read_header(path)
    filecheck.check_version(path, facts, SCHEMA_VERSION)
    with ExitStack() as stack:
        folder = folder or stack.enter_context(private_folder())
        for leftover in folder.iterdir():
            leftover.unlink()
        try:
            copy = _snapshot(path, folder)
        except OSError as error:
            raise NotAWorkshopFile(QT_TRANSLATE_NOOP("UserError", "“{name}” could not be read ({reason})."),
                                   name=path.name, reason=error.strerror or error) from None
        try:
            connection = sqlite3.connect(copy.as_uri() + "?mode=ro", uri=True)
        except sqlite3.Error:
            raise NotAWorkshopFile(QT_TRANSLATE_NOOP("UserError", "“{name}” could not be opened as a workshop file."),
                                   name=path.name) from None
        stack.callback(connection.close)
        for pragma in ("trusted_schema = OFF", "cell_size_check = ON", "query_only = ON"):
            connection.execute(f"PRAGMA {pragma}")
        try:
            _check_open(connection, path)
            document = Document(path, Connection(connection), read_only=True)
        except sqlite3.DatabaseError:
            raise DamagedFile(QT_TRANSLATE_NOOP(
                "UserError", "“{name}” is damaged and cannot be opened safely (SQLite's integrity check failed)."),
                name=path.name) from None
        try:
            yield document
        except sqlite3.DatabaseError:  # damage the checks cannot see, such as text that is not UTF-8
            raise DamagedFile(QT_TRANSLATE_NOOP(
                "UserError", "“{name}” is damaged: some of its text cannot be read."), name=path.name) from None
