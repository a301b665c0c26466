"""Writing a folder merge into the open document in place: only the rows the join changed.

The merge engine (store.merge) builds new files; a folder is merged into the
workshop the lead has open, again and again, so here the difference between
the document's rows (as its snapshot stored them) and the join is written back
in one transaction — and written back the other way to undo it. Foreign keys
are checked at commit (``defer_foreign_keys``): a join satisfies them as a
whole, not row by row in table order (organisations point to organisations).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from digitalmotor_desktop.store.connection import Connection
from digitalmotor_desktop.store.document import Document
from digitalmotor_desktop.store.merge import Join, Key, Row, SourceRows, TableSpec, read_source, table_specs

#: Per table, (the row as the document had it or None if it is new, the joined row).
Differences = dict[str, list[tuple[Row | None, Row]]]

MERGE_SOURCE_COLUMNS = ("document_id", "merged_on", "organisations", "respondents", "ratings", "anonymised")


def differences(base: dict[str, list[Row]], join: Join) -> Differences:
    changed: Differences = {}
    for table in table_specs():
        key_of = table.key_of
        before: dict[Key, Row] = {key_of(row): row for row in base[table.name]}
        rows = [(before.get(key), row) for key, row in join.rows[table.name].items() if before.get(key) != row]
        if rows:
            changed[table.name] = rows
    return changed


def merge_source_differences(base: list[Row], join: Join) -> list[tuple[Row | None, Row]]:
    before = {row[0]: tuple(row) for row in base}
    return [(before.get(document_id), row) for document_id, row in join.merge_sources.items()
            if before.get(document_id) != tuple(row)]


def people_in(document: Document) -> tuple[set[str], set[str]]:
    """The respondents a file holds a row or a rating of, and its organisations (a rule keyed by
    respondent or organisation, such as an erasure, may reach the workshop's ratings of them)."""
    respondents = {row[0] for row in document.db.execute("SELECT respondent_id FROM rating UNION SELECT id FROM respondent")}
    organisations = {row[0] for row in document.db.execute("SELECT id FROM organisation")}
    return respondents, organisations


def read_consistent(path: Path, respondents: set[str], organisations: set[str]) -> tuple[SourceRows, str]:
    """The workshop's rows as stored and its clock — of ratings, only those of ``respondents`` and of
    the workshop's respondents in ``organisations`` — read in one read transaction on a connection
    of the calling thread's own: the workshop may be open, and written, on the UI thread meanwhile
    (WAL lets a reader see one committed state). Its own file needs no untrusted checks."""
    connection = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None)
    try:
        connection.execute("PRAGMA query_only = ON")
        connection.execute("BEGIN")
        members = {row[0] for row in connection.execute(
            "SELECT id FROM respondent WHERE organisation_id IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted(organisations))])}
        document = Document(Path(path), Connection(connection), read_only=True)
        rows = read_source(document, as_captured=False, ratings_of=respondents | members)
        connection.execute("COMMIT")
        return rows, document.clock.last
    finally:
        connection.close()


def clock(document: Document) -> str:
    """The highest stamp the file has issued or seen, as committed (not the in-memory clock)."""
    return document.db.execute("SELECT clock FROM document").fetchone()[0]


def _upsert_sql(table: TableSpec) -> str:
    columns = ", ".join(table.columns)
    if not table.key:  # the singleton workshop row: its id may differ between separately created files
        return f"UPDATE {table.name} SET " + ", ".join(f"{c} = ?" for c in table.columns)
    keys = [table.columns[i] for i in table.key]
    others = [c for c in table.columns if c not in keys]
    return (f"INSERT INTO {table.name} ({columns}) VALUES ({', '.join('?' * len(table.columns))})"
            f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in others))


def _delete_sql(table: TableSpec) -> str:
    return f"DELETE FROM {table.name} WHERE " + " AND ".join(f"{table.columns[i]} = ?" for i in table.key)


def apply(document: Document, changed: Differences, sources: list[tuple[Row | None, Row]], *, new: bool) -> None:
    """Writes the joined rows (``new``) or puts the old ones back, inside the caller's transaction."""
    db = document.db.conn
    db.execute("PRAGMA defer_foreign_keys = ON")  # reset by SQLite at commit
    specs = [table for table in table_specs() if table.name in changed]
    for table in specs if new else reversed(specs):
        pairs = changed[table.name]
        if new:
            db.executemany(_upsert_sql(table), [row for _old, row in pairs])
            continue
        db.executemany(_upsert_sql(table), [old for old, _row in pairs if old is not None])
        db.executemany(_delete_sql(table), [table.key_of(row) for old, row in pairs if old is None])
    marks = ", ".join("?" * len(MERGE_SOURCE_COLUMNS))
    upsert = (f"INSERT OR REPLACE INTO merge_source ({', '.join(MERGE_SOURCE_COLUMNS)}) VALUES ({marks})")
    if new:
        db.executemany(upsert, [row for _old, row in sources])
    else:
        db.executemany(upsert, [old for old, _row in sources if old is not None])
        db.executemany("DELETE FROM merge_source WHERE document_id = ?", [(row[0],) for old, row in sources if old is None])
