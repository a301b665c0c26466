"""Checks a file is a workshop document before SQLite is allowed to touch it.

The header is read as bytes, so a text file, another application's database,
a truncated copy or a file from a newer version is refused without opening a
connection — and so without any chance of changing it.
"""

from __future__ import annotations

import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path

from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.errors import DamagedFile, NewerFileVersion, NotAWorkshopFile

#: "DMW1" — written to the SQLite header so other tools can recognise the format.
APPLICATION_ID = 0x444D5731
SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100


@dataclass(frozen=True)
class HeaderFacts:
    page_size: int
    page_count: int
    schema_version: int
    application_id: int


def read_header(path: Path) -> HeaderFacts:
    """Reads and checks the 100-byte SQLite header; raises a UserError with one sentence."""
    name = path.name
    if not path.exists():
        raise NotAWorkshopFile(QT_TRANSLATE_NOOP("UserError", "“{name}” does not exist."), name=name)
    if path.is_dir():
        raise NotAWorkshopFile(QT_TRANSLATE_NOOP("UserError", "“{name}” is a folder, not a workshop file."), name=name)
    if not path.is_file():  # /dev/zero, a FIFO, a socket: reading it could block or never end
        raise NotAWorkshopFile(QT_TRANSLATE_NOOP("UserError", "“{name}” is a device or a pipe, not a workshop file."),
                               name=name)
    try:
        with path.open("rb") as stream:
            header = stream.read(HEADER_SIZE)
    except OSError as error:
        raise NotAWorkshopFile(QT_TRANSLATE_NOOP("UserError", "“{name}” could not be read ({reason})."), name=name, reason=error.strerror or error) from None
    return header_facts(name, header, path.stat().st_size)


def header_facts(name: str, header: bytes, size: int) -> HeaderFacts:
    """Checks the first bytes of a file of ``size`` bytes (``read_header`` without the file)."""
    if not header.startswith(SQLITE_MAGIC):
        raise NotAWorkshopFile(QT_TRANSLATE_NOOP("UserError", "“{name}” is not a Digital motor workshop file."), name=name)
    if len(header) < HEADER_SIZE:
        raise DamagedFile(QT_TRANSLATE_NOOP("UserError", "“{name}” is damaged: the file ends inside its header."), name=name)
    (raw_page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if raw_page_size == 1 else raw_page_size
    (page_count,) = struct.unpack(">I", header[28:32])
    (schema_version,) = struct.unpack(">I", header[60:64])
    (application_id,) = struct.unpack(">I", header[68:72])
    if application_id != APPLICATION_ID:
        raise NotAWorkshopFile(QT_TRANSLATE_NOOP("UserError", "“{name}” is a database of another program, not a Digital motor workshop file."), name=name)
    if page_size < 512 or size % page_size or size < page_count * page_size:
        raise DamagedFile(QT_TRANSLATE_NOOP("UserError", "“{name}” is damaged: the file is shorter than its header says (it may have been cut off)."), name=name)
    return HeaderFacts(page_size, page_count, schema_version, application_id)


def check_version(path: Path, facts: HeaderFacts, supported: int) -> None:
    if facts.schema_version > supported:
        raise NewerFileVersion(QT_TRANSLATE_NOOP("UserError", "“{name}” was saved by a newer version of Digital motor desktop (file format {found}; this version reads up to {supported}). Update the app to open it."), name=path.name, found=facts.schema_version, supported=supported)
    if facts.schema_version == 0:
        raise NotAWorkshopFile(QT_TRANSLATE_NOOP("UserError", "“{name}” is not a complete Digital motor workshop file."), name=path.name)


def quick_check(connection: sqlite3.Connection, path: Path, *, thorough: bool = False) -> None:
    """SQLite's own structural check; raises DamagedFile with one sentence.

    ``thorough``: ``integrity_check``, which also compares every index with its table (a damaged
    index can hide a broken reference from ``foreign_key_check``); for files from elsewhere.
    """
    try:
        rows = connection.execute("PRAGMA integrity_check" if thorough else "PRAGMA quick_check").fetchall()
    except (sqlite3.DatabaseError, UnicodeDecodeError):  # the report itself may quote bytes that are not UTF-8
        rows = [("error",)]
    if rows != [("ok",)]:
        raise DamagedFile(QT_TRANSLATE_NOOP("UserError", "“{name}” is damaged and cannot be opened safely (SQLite's integrity check failed)."), name=path.name)
