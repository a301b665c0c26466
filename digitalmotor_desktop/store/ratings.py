"""Organisations, respondents and ratings in the workshop document.

Reads return live rows unless asked otherwise; ``save`` writes rows exactly as
given (a ``deleted`` row is a tombstone) in one transaction with fresh clock
stamps, so a rating is on disk the moment ``save`` returns.
"""

from __future__ import annotations

from collections.abc import Iterable

from digitalmotor_desktop.core.ratings import Organisation, Rating, Respondent
from digitalmotor_desktop.store.document import Document

_RATING_COLUMNS = "respondent_id, capability_id, rated, maturity, importance, comment, deleted"


def _organisation(row) -> Organisation:
    return Organisation(row[0], row[1], bool(row[2]))


def _respondent(row) -> Respondent:
    return Respondent(row[0], row[1], row[2], row[3], bool(row[4]))


def _rating(row) -> Rating:
    return Rating(row[0], row[1], bool(row[2]), row[3], row[4], row[5], bool(row[6]))


def organisations(document: Document) -> list[Organisation]:
    """Live organisations by name."""
    return [_organisation(row) for row in document.db.execute(
        "SELECT id, name, deleted FROM organisation WHERE deleted = 0 ORDER BY name COLLATE NOCASE, id")]


def organisation(document: Document, organisation_id: str) -> Organisation | None:
    """The organisation, live or tombstoned; None if it never existed."""
    row = document.db.execute("SELECT id, name, deleted FROM organisation WHERE id = ?", [organisation_id]).fetchone()
    return _organisation(row) if row else None


def respondents(document: Document, organisation_id: str | None = None) -> list[Respondent]:
    """Live respondents of live organisations (of one, if given), by label."""
    sql = ("SELECT p.id, p.organisation_id, p.label, p.consent, p.deleted FROM respondent p"
           " JOIN organisation o ON o.id = p.organisation_id WHERE p.deleted = 0 AND o.deleted = 0")
    parameters: list[str] = []
    if organisation_id is not None:
        sql += " AND p.organisation_id = ?"
        parameters.append(organisation_id)
    sql += " ORDER BY p.label COLLATE NOCASE, p.id"
    return [_respondent(row) for row in document.db.execute(sql, parameters)]


def respondent(document: Document, respondent_id: str) -> Respondent | None:
    """The respondent, live or tombstoned; None if it never existed."""
    row = document.db.execute("SELECT id, organisation_id, label, consent, deleted FROM respondent WHERE id = ?",
                              [respondent_id]).fetchone()
    return _respondent(row) if row else None


def capability_is_live(document: Document, capability_id: str) -> bool:
    return document.db.execute("SELECT 1 FROM capability WHERE id = ? AND deleted = 0", [capability_id]).fetchone() is not None


def rating(document: Document, respondent_id: str, capability_id: str) -> Rating | None:
    """The live rating row, or None."""
    row = document.db.execute(
        f"SELECT {_RATING_COLUMNS} FROM rating WHERE respondent_id = ? AND capability_id = ? AND deleted = 0",
        [respondent_id, capability_id]).fetchone()
    return _rating(row) if row else None


def ratings_of(document: Document, respondent_ids: Iterable[str]) -> dict[tuple[str, str], Rating]:
    """Live rating rows of the respondents, keyed by (respondent id, capability id)."""
    ids = list(respondent_ids)
    found: dict[tuple[str, str], Rating] = {}
    for start in range(0, len(ids), 500):  # stay under SQLite's parameter limit
        chunk = ids[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        for row in document.db.execute(
                f"SELECT {_RATING_COLUMNS} FROM rating WHERE deleted = 0 AND respondent_id IN ({marks})", chunk):
            found[(row[0], row[1])] = _rating(row)
    return found


def rated_counts(document: Document, respondent_id: str | None = None) -> dict[str, int]:
    """Respondent id → how many live capabilities it has rated (a "vet ej" counts)."""
    sql = ("SELECT r.respondent_id, count(*) FROM rating r JOIN capability c ON c.id = r.capability_id"
           " WHERE r.deleted = 0 AND r.rated = 1 AND c.deleted = 0")
    if respondent_id is not None:
        sql += " AND r.respondent_id = ?"
    return dict(document.db.execute(sql + " GROUP BY r.respondent_id", [respondent_id] if respondent_id else []).fetchall())


def save(document: Document, *, organisations: Iterable[Organisation] = (),
         respondents: Iterable[Respondent] = (), ratings: Iterable[Rating] = ()) -> None:
    """Writes the rows as given (insert or replace), all in one transaction; erased rows are left as they are."""
    with document.transaction() as db:
        db.conn.executemany(
            "INSERT INTO organisation (id, name, hlc, deleted) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET name = excluded.name, hlc = excluded.hlc, deleted = excluded.deleted"
            " WHERE erased = 0",  # an erased row stays erased: no undo or import writes it back
            ((o.id, o.name, document.stamp(), int(o.deleted)) for o in organisations))
        db.conn.executemany(
            "INSERT INTO respondent (id, organisation_id, label, consent, hlc, deleted) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET organisation_id = excluded.organisation_id, label = excluded.label,"
            " consent = excluded.consent, hlc = excluded.hlc, deleted = excluded.deleted WHERE erased = 0",
            ((p.id, p.organisation_id, p.label, p.consent, document.stamp(), int(p.deleted)) for p in respondents))
        db.conn.executemany(
            "INSERT INTO rating (respondent_id, capability_id, rated, maturity, importance, comment, hlc, deleted)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (respondent_id, capability_id) DO UPDATE SET"
            " rated = excluded.rated, maturity = excluded.maturity, importance = excluded.importance,"
            " comment = excluded.comment, hlc = excluded.hlc, deleted = excluded.deleted",
            ((r.respondent_id, r.capability_id, int(r.rated), r.maturity, r.importance, r.comment,
              document.stamp(), int(r.deleted)) for r in ratings))  # streamed: an import may hold a million
