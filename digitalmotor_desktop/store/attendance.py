"""The series' attendance register: organisations expected, and which took part in each meeting.

A live ``expected_organisation`` row means the series expects that organisation; a live
``attendance`` row that it took part in that meeting; a tombstone means "no longer"
(db/FORMAT.md, "Attendance"). Rows keep the organisation they were marked for; one that a
merge combined into a same-named organisation counts for the survivor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from digitalmotor_desktop.store.document import Document

#: The series' meetings (mötestillfällen), one per stage of the method.
MEETINGS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Register:
    """Live organisations (id, name) by name, those expected, and the meetings each took part in."""

    organisations: list[tuple[str, str]]
    expected: frozenset[str]
    took_part: dict[str, frozenset[int]] = field(default_factory=dict)
    #: Expected organisations with no respondent who has answered anything yet, by name.
    not_answered: list[tuple[str, str]] = field(default_factory=list)
    #: How many live organisations and respondents have answered at least one capability (for the room).
    answered_organisations: int = 0
    answered_respondents: int = 0

    def count_at(self, meeting: int) -> int:
        return sum(1 for meetings in self.took_part.values() if meeting in meetings)


def _survivors(document: Document) -> dict[str, str]:
    """Every organisation id → the live organisation it counts for (itself, or what a merge combined it into)."""
    rows = document.db.execute("SELECT id, merged_into_id, deleted FROM organisation").fetchall()
    into = {ident: merged for ident, merged, _deleted in rows if merged}
    live = {ident for ident, _merged, deleted in rows if not deleted}
    survivors = {}
    for ident, _merged, _deleted in rows:
        current, seen = ident, set()
        while current in into and current not in seen:
            seen.add(current)
            current = into[current]
        if current in live:
            survivors[ident] = current
    return survivors


def register(document: Document) -> Register:
    db = document.db
    survivors = _survivors(document)
    organisations = [tuple(row) for row in db.execute(
        "SELECT id, name FROM organisation WHERE deleted = 0 ORDER BY name COLLATE NOCASE, id")]
    expected = frozenset(survivors[o] for (o,) in db.execute(
        "SELECT organisation_id FROM expected_organisation WHERE deleted = 0") if o in survivors)
    took_part: dict[str, set[int]] = {}
    for organisation_id, meeting in db.execute("SELECT organisation_id, meeting FROM attendance WHERE deleted = 0"):
        if organisation_id in survivors:
            took_part.setdefault(survivors[organisation_id], set()).add(meeting)
    respondents = db.execute(
        "SELECT DISTINCT p.id, p.organisation_id FROM respondent p JOIN rating r ON r.respondent_id = p.id"
        " WHERE p.deleted = 0 AND r.deleted = 0 AND r.rated = 1").fetchall()
    answered = {survivors[o] for _p, o in respondents if o in survivors}
    return Register(organisations, expected, {o: frozenset(m) for o, m in took_part.items()},
                    [(o, name) for o, name in organisations if o in expected and o not in answered],
                    len(answered), sum(1 for _p, o in respondents if o in survivors))


def set_expected(document: Document, organisation_id: str, expected: bool) -> None:
    with document.transaction() as db:
        db.execute("INSERT INTO expected_organisation (organisation_id, hlc, deleted) VALUES (?, ?, ?)"
                   " ON CONFLICT (organisation_id) DO UPDATE SET hlc = excluded.hlc, deleted = excluded.deleted",
                   [organisation_id, document.stamp(), int(not expected)])


def set_took_part(document: Document, organisation_id: str, meeting: int, took_part: bool) -> None:
    with document.transaction() as db:
        db.execute("INSERT INTO attendance (organisation_id, meeting, hlc, deleted) VALUES (?, ?, ?, ?)"
                   " ON CONFLICT (organisation_id, meeting) DO UPDATE SET hlc = excluded.hlc, deleted = excluded.deleted",
                   [organisation_id, meeting, document.stamp(), int(not took_part)])
