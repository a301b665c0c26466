"""The ledger of files a document has merged from a synced folder (table ``merged_file``).

One row per merged file: the SHA-256 of its bytes as they were checked and
merged, the id of the document it was a copy of, and a date — never a path or
a name. A file whose hash is in the ledger is already contained in the
document (merge is a join, and every edit since only moves the document up),
so merging it again would change nothing: re-merging an unchanged folder only
hashes its files. The ledger describes this file, not the workshop: it is not
part of ``content_hash``, and merge does not carry other files' ledgers (a
hostile file could otherwise make us skip files it never held).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Iterable

from digitalmotor_desktop.store import filecheck
from digitalmotor_desktop.store.document import Document, open_document
from digitalmotor_desktop.store.version import SCHEMA_VERSION

LedgerRow = tuple[str, str, str]  # (file_hash, document_id, merged_on)


def merged_hashes(document: Document) -> frozenset[str]:
    return frozenset(row[0] for row in document.db.execute("SELECT file_hash FROM merged_file"))


def read_hashes(path: Path) -> frozenset[str]:
    """The ledger of a workshop file, read without the full checks of opening it (those take longer
    than hashing a whole folder): the header is checked as bytes, then only the ledger is read. A
    file this cannot read is opened the usual way, which says what is wrong with it."""
    facts = filecheck.read_header(path)
    filecheck.check_version(path, facts, SCHEMA_VERSION)
    if facts.schema_version == SCHEMA_VERSION:
        try:
            connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
            try:
                connection.execute("PRAGMA query_only = ON")
                return frozenset(row[0] for row in connection.execute("SELECT file_hash FROM merged_file"))
            finally:
                connection.close()
        except sqlite3.DatabaseError:
            pass
    with open_document(path) as document:  # migrates an older file (after a backup) or refuses it
        return merged_hashes(document)


def ledger_rows(document: Document) -> list[LedgerRow]:
    return document.db.execute("SELECT file_hash, document_id, merged_on FROM merged_file ORDER BY file_hash").fetchall()


def record(document: Document, rows: Iterable[LedgerRow]) -> None:
    """Adds ledger rows inside the caller's transaction (an existing hash keeps its first record)."""
    document.db.conn.executemany(
        "INSERT OR IGNORE INTO merged_file (file_hash, document_id, merged_on) VALUES (?, ?, ?)", list(rows))


def forget(document: Document, hashes: Iterable[str]) -> None:
    """Removes ledger rows (undoing a merge), inside the caller's transaction."""
    document.db.conn.executemany("DELETE FROM merged_file WHERE file_hash = ?", [(h,) for h in hashes])
