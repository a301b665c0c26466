"""Opening a workshop file that came from someone else, without trusting it.

A file to merge (or to hand out) may be damaged, from a newer version, another
program's database or deliberately booby-trapped (a view or trigger that calls
an application function when read). ``open_untrusted`` checks it before
anything is read and never writes to it:

1. the 100-byte header is read as bytes (store.filecheck): SQLite magic,
   application id, not cut off, schema version not newer than ours;
2. the file is read once into memory and SQLite opens that copy (a file with
   a ``-wal``, because the app that wrote it is still open or crashed, is
   copied with it byte for byte into a private temporary folder instead), so
   SQLite never opens the source itself and a file changed while we read
   cannot pass one check and fail the next; the header is checked again on
   the copy's own bytes;
3. the copy is opened read-only (``mode=ro`` on disk) with ``trusted_schema=OFF``,
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

import dataclasses
import shutil
import sqlite3
import tempfile
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
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
    ).fetchall())  # (type, name) is unique, so the NULL sql of SQLite's own indexes is never compared


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


@lru_cache(maxsize=1)
def _failing_rows() -> dict[str, str]:
    """Per table, the condition of a row that fails ``_value_checks`` or ``_length_limits``: each
    table is read once for both (``_refuse_values`` then finds which, when one does)."""
    limits = _length_limits()
    return {table: " OR ".join([f"NOT ({condition})"] + [f"length({column}) > {limit}" for column, limit in limits[table]])
            for table, condition in _value_checks().items()}


def _refuse_values(connection: sqlite3.Connection, name: str) -> None:
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


def _check_open(connection: sqlite3.Connection, path: Path, header: filecheck.HeaderFacts) -> None:
    name = path.name
    filecheck.quick_check(connection, path, thorough=True)
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if application_id != filecheck.APPLICATION_ID:
        raise NotAWorkshopFile(QT_TRANSLATE_NOOP("UserError", "“{name}” is not a Digital motor workshop file."), name=name)
    filecheck.check_version(path, dataclasses.replace(header, schema_version=version), SCHEMA_VERSION)
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
    if any(connection.execute(f"SELECT 1 FROM {table} WHERE {failing} LIMIT 1").fetchone()
           for table, failing in _failing_rows().items()):
        _refuse_values(connection, name)
    documents = connection.execute("SELECT count(*) FROM document").fetchone()[0]
    workshops = connection.execute("SELECT count(*) FROM workshop").fetchone()[0]
    if documents != 1 or workshops != 1:
        raise NotAWorkshopFile(QT_TRANSLATE_NOOP("UserError", "“{name}” is not a complete Digital motor workshop file."), name=name)


@contextmanager
def private_folder() -> Iterator[Path]:
    """A temporary folder only this user can read, for the copies of sources; removed after."""
    with tempfile.TemporaryDirectory(prefix="digitalmotor-sources-") as folder:
        yield Path(folder)


@dataclass(frozen=True)
class FileImage:
    """A file's bytes as read once (and hashed) by the caller, with the name to report it by."""

    name: str
    data: bytes


def _opened_image(image: FileImage) -> sqlite3.Connection:
    """An in-memory database holding a copy of ``image``'s bytes: SQLite never sees the file itself."""
    facts = filecheck.header_facts(image.name, image.data[:filecheck.HEADER_SIZE], len(image.data))
    filecheck.check_version(Path(image.name), facts, SCHEMA_VERSION)
    pages = bytearray(image.data)
    # A WAL file's header (format bytes 2, 2) cannot be opened in memory; with no -wal beside it
    # (open_untrusted reads a file with one from a copy on disk) every row is in these pages.
    pages[18:20] = b"\x01\x01"
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(pages)
    except sqlite3.DatabaseError:
        connection.close()
        raise
    return connection


def _opened_copy(path: Path, folder: Path) -> sqlite3.Connection:
    """A read-only connection on a private copy of ``path`` and its -wal, inside ``folder``."""
    copy = folder / "source.dmw"
    shutil.copyfile(path, copy)
    shutil.copyfile(Path(str(path) + "-wal"), Path(str(copy) + "-wal"))
    return sqlite3.connect(copy.as_uri() + "?mode=ro", uri=True)


def _has_wal(path: Path) -> bool:
    wal = Path(str(path) + "-wal")
    return wal.is_file() and wal.stat().st_size > 0


@contextmanager
def open_untrusted(source: Path | str | FileImage) -> Iterator[Document]:
    """A checked, read-only ``Document`` on a private copy of ``source``.

    The copy is in memory; only a file with unsaved changes in its ``-wal`` is copied, with it,
    into a ``private_folder`` of its own. A ``FileImage`` is checked as the bytes it holds,
    whatever the file holds by now.
    """
    if isinstance(source, FileImage):
        path, image = Path(source.name), source
        facts = filecheck.header_facts(image.name, image.data[:filecheck.HEADER_SIZE], len(image.data))
    else:
        path, image = Path(source), None
        facts = filecheck.read_header(path)
        filecheck.check_version(path, facts, SCHEMA_VERSION)
    with ExitStack() as stack:
        try:
            if image is None and _has_wal(path):
                connection = _opened_copy(path, stack.enter_context(private_folder()))
            else:
                connection = _opened_image(image or FileImage(path.name, path.read_bytes()))
        except OSError as error:
            raise NotAWorkshopFile(QT_TRANSLATE_NOOP("UserError", "“{name}” could not be read ({reason})."),
                                   name=path.name, reason=error.strerror or error) from None
        except sqlite3.Error:
            raise NotAWorkshopFile(QT_TRANSLATE_NOOP("UserError", "“{name}” could not be opened as a workshop file."),
                                   name=path.name) from None
        stack.callback(connection.close)
        for pragma in ("trusted_schema = OFF", "cell_size_check = ON", "query_only = ON"):
            connection.execute(f"PRAGMA {pragma}")
        try:
            _check_open(connection, path, facts)
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
