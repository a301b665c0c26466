"""Erasing organisations and respondents for good, and what personal data a file holds.

Deleting is undoable while the workshop is open; erasing is not. The rules
(db/FORMAT.md, "Erasure"):

* An erased organisation or respondent keeps only its id, its clock stamp and
  ``erased = 1``: the schema's CHECKs allow no name, label, organisation link
  or consent of its own (the consent reads ``withdrawn``, the strictest, so the
  most-restrictive-consent merge rule leaves it as it is).
* Erasing an organisation erases every row of it the file holds — the
  same-named organisations an earlier merge combined into it too — and
  *removes* its respondents and their ratings: the organisation's erased mark
  covers them in every merge (store.merge: ``withhold_erased``). Erasing a
  respondent leaves its bare tombstone and removes its ratings (levels,
  importance, comments). Rows, not tombstones, so the file does not even keep
  which capabilities were rated. An erased organisation's scenario
  participations become tombstones (merge ends them in every file too:
  ``withhold_erased``).
* The old bytes are overwritten, not only unlinked: the change runs with
  ``PRAGMA secure_delete``, then ``VACUUM`` rewrites the whole file (no free
  pages, no stale cells from earlier edits) and a TRUNCATE checkpoint empties
  the ``-wal``. The app's own pre-migration backups of the file
  (``NAME.dmw.vN.bak``) hold the same data; they are overwritten and removed.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.model import CONSENT_FACILITATOR, CONSENT_WITHDRAWN
from digitalmotor_desktop.core.ratings import name_key
from digitalmotor_desktop.store.document import Document

#: Per table, what an erased row holds instead of its content (the schema's CHECK asks for exactly this).
ERASED_CONTENT: dict[str, dict[str, object]] = {
    "organisation": {"name": "", "merged_into_id": None},
    "respondent": {"organisation_id": None, "label": "", "consent": CONSENT_WITHDRAWN, "merged_from_id": None},
}


@dataclass(frozen=True)
class ErasurePlan:
    """What an erasure removes, named so the confirmation can say it."""

    organisation_ids: tuple[str, ...] = ()  # every row of the erased organisations
    organisation_names: tuple[str, ...] = ()
    respondent_ids: tuple[str, ...] = ()  # erased to bare tombstones (a respondent erased on its own)
    removed_respondent_ids: tuple[str, ...] = ()  # removed with their organisation
    labels: tuple[str, ...] = ()  # of every respondent that goes
    ratings: int = 0  # rating rows removed
    answers: int = 0  # maturity answers among them ("vet ej" included)
    importance: int = 0
    comments: int = 0

    @property
    def empty(self) -> bool:
        return not (self.organisation_ids or self.respondent_ids)


def _ids(document: Document, sql: str, parameters: list) -> list[str]:
    return [row[0] for row in document.db.execute(sql, parameters)]


def _marks(values) -> str:
    return ", ".join("?" * len(values))


def organisations_named(document: Document, name: str) -> list[str]:
    """Ids of every organisation row called ``name`` (case and spacing aside) not yet erased, deleted ones too."""
    rows = document.db.execute("SELECT id, name FROM organisation WHERE erased = 0").fetchall()
    return [row_id for row_id, row_name in rows if name_key(row_name) == name_key(name)]


def respondents_labelled(document: Document, organisation_ids: list[str], label: str) -> list[str]:
    """Ids of the organisations' respondents (captured under them too) labelled ``label``, not yet erased."""
    marks = _marks(organisation_ids)
    return [row_id for row_id, row_label in document.db.execute(
        f"SELECT id, label FROM respondent WHERE erased = 0 AND (organisation_id IN ({marks})"
        f" OR merged_from_id IN ({marks}))", organisation_ids * 2) if name_key(row_label) == name_key(label)]


def unerased_organisations(document: Document) -> list[str]:
    return _ids(document, "SELECT id FROM organisation WHERE erased = 0", [])


def plan_erasure(document: Document, organisation_ids=(), respondent_ids=()) -> ErasurePlan:
    """The rows erasing these organisations (with their combined duplicates) and respondents touches."""
    orgs = list(dict.fromkeys(organisation_ids))
    if orgs:
        orgs += [o for o in _ids(document, f"SELECT id FROM organisation WHERE merged_into_id IN ({_marks(orgs)})"
                                 " AND erased = 0", orgs) if o not in orgs]
    names = _ids(document, f"SELECT DISTINCT name FROM organisation WHERE id IN ({_marks(orgs)}) AND erased = 0"
                 " AND name != '' ORDER BY name", orgs) if orgs else []
    removed = _ids(document, f"SELECT id FROM respondent WHERE organisation_id IN ({_marks(orgs)})"
                   f" OR merged_from_id IN ({_marks(orgs)})", orgs * 2) if orgs else []
    alone = [p for p in dict.fromkeys(respondent_ids) if p not in removed]
    alone = _ids(document, f"SELECT id FROM respondent WHERE id IN ({_marks(alone)}) AND erased = 0", alone) if alone else []
    people = removed + alone
    labels: list[str] = []
    counts = (0, 0, 0, 0)
    if people:
        labels = _ids(document, f"SELECT label FROM respondent WHERE id IN ({_marks(people)}) AND label != ''"
                      " ORDER BY label", people)
        counts = document.db.execute(
            f"SELECT count(*), coalesce(sum(rated), 0), count(importance), coalesce(sum(comment != ''), 0)"
            f" FROM rating WHERE respondent_id IN ({_marks(people)})", people).fetchone()
    return ErasurePlan(tuple(orgs), tuple(names), tuple(alone), tuple(removed), tuple(labels), *counts)


def erase(document: Document, plan: ErasurePlan) -> None:
    """Erases what ``plan`` names, in one transaction, then overwrites the old bytes (``scrub``)."""
    db = document.db
    people = [*plan.respondent_ids, *plan.removed_respondent_ids]
    db.execute("PRAGMA secure_delete = ON")
    try:
        with document.transaction():
            if people:
                db.execute(f"DELETE FROM rating WHERE respondent_id IN ({_marks(people)})", people)
            if plan.removed_respondent_ids:
                db.execute(f"DELETE FROM respondent WHERE id IN ({_marks(plan.removed_respondent_ids)})",
                           plan.removed_respondent_ids)
            for table, ids in (("respondent", plan.respondent_ids), ("organisation", plan.organisation_ids)):
                content = ERASED_CONTENT[table]
                assignments = ", ".join(f"{column} = ?" for column in content)
                db.conn.executemany(
                    f"UPDATE {table} SET {assignments}, deleted = 1, erased = 1, hlc = ? WHERE id = ?",
                    [(*content.values(), document.stamp(), row_id) for row_id in ids])
            db.conn.executemany(  # no longer taking part in any scenario (a tombstone, so the end travels)
                "UPDATE scenario_participant SET deleted = 1, hlc = ? WHERE organisation_id = ? AND deleted = 0",
                [(document.stamp(), row_id) for row_id in plan.organisation_ids])
    finally:
        db.execute("PRAGMA secure_delete = OFF")
    scrub(document)


def scrub(document: Document) -> None:
    """Rewrites the file so that no byte of a removed value stays in it, its free pages or its -wal."""
    db = document.db
    db.execute("PRAGMA temp_store = MEMORY")  # VACUUM's working copy must not land in a temporary file
    try:
        db.execute("VACUUM")
        busy, _frames, _copied = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise sqlite3.OperationalError("another program is reading the file")
    except sqlite3.OperationalError as error:  # another connection holds the file: the rows are gone, the bytes not yet
        raise UserError(QT_TRANSLATE_NOOP(
            "UserError", "The data was erased, but the old bytes could not be overwritten yet ({reason}); close "
                         "other programs using the file, then erase the identities in Finish workshop again."),
            reason=error) from None
    finally:
        db.execute("PRAGMA temp_store = DEFAULT")
    if document.path is not None:
        remove_backups(document.path)


def backups(path: Path) -> list[Path]:
    """The app's own copies of ``path`` from before a migration (store.document.backup_before_migration)."""
    return sorted(path.parent.glob(f"{path.name}.v*.bak"))


def remove_backups(path: Path) -> None:
    for backup in backups(path):
        overwrite_and_remove(backup)


def overwrite_and_remove(path: Path) -> None:
    """Zeroes the file's bytes on disk before unlinking it, so its blocks do not keep them."""
    size = path.stat().st_size
    with open(path, "r+b") as stream:
        chunk = b"\0" * (1 << 20)
        for start in range(0, size, len(chunk)):
            stream.write(chunk[:min(len(chunk), size - start)])
        stream.flush()
        os.fsync(stream.fileno())
    path.unlink()


@dataclass(frozen=True)
class MergedDocument:
    document_id: str
    merged_on: str
    organisations: int
    respondents: int
    ratings: int
    anonymised: bool


@dataclass(frozen=True)
class PersonalData:
    """What a file holds about people: enough to answer a data-protection question in a minute."""

    anonymised: bool
    organisations: int  # live
    respondents: int  # live
    labels: int  # respondent labels still held, tombstones included
    comments: int  # non-empty rating comments
    facilitator_only: int
    withdrawn: int
    deleted_with_names: int  # deleted (not erased) organisations and respondents that still hold a name or label
    erased_organisations: int
    erased_respondents: int
    backups: int  # pre-migration backups beside the file
    merged: list[MergedDocument] = field(default_factory=list)

    @property
    def holds_identities(self) -> bool:
        return bool(self.organisations or self.labels or self.comments or self.deleted_with_names or self.backups)


def personal_data(document: Document) -> PersonalData:
    def count(sql: str) -> int:
        return document.db.execute(sql).fetchone()[0]

    merged = [MergedDocument(d, on, o, p, r, bool(a)) for d, on, o, p, r, a in document.db.execute(
        "SELECT document_id, merged_on, organisations, respondents, ratings, anonymised FROM merge_source"
        " ORDER BY merged_on, document_id")]
    return PersonalData(
        anonymised=document.anonymised,
        organisations=count("SELECT count(*) FROM organisation WHERE deleted = 0"),
        respondents=count("SELECT count(*) FROM respondent p JOIN organisation o ON o.id = p.organisation_id"
                          " WHERE p.deleted = 0 AND o.deleted = 0"),
        labels=count("SELECT count(*) FROM respondent WHERE label != ''"),
        comments=count("SELECT count(*) FROM rating WHERE comment != ''"),
        facilitator_only=count(f"SELECT count(*) FROM respondent WHERE deleted = 0 AND consent = '{CONSENT_FACILITATOR}'"),
        withdrawn=count(f"SELECT count(*) FROM respondent WHERE deleted = 0 AND consent = '{CONSENT_WITHDRAWN}'"),
        deleted_with_names=count("SELECT (SELECT count(*) FROM organisation WHERE deleted = 1 AND name != '')"
                                 " + (SELECT count(*) FROM respondent WHERE deleted = 1 AND label != '')"),
        erased_organisations=count("SELECT count(*) FROM organisation WHERE erased = 1"),
        erased_respondents=count("SELECT count(*) FROM respondent WHERE erased = 1"),
        backups=len(backups(document.path)) if document.path is not None else 0,
        merged=merged,
    )
