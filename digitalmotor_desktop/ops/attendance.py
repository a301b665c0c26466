"""The series' attendance register as undoable edits: expected organisations, who took part when."""

from __future__ import annotations

from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.ops.changes import ATTENDANCE, Changes, Edit
from digitalmotor_desktop.ops.ratings import _live_organisation
from digitalmotor_desktop.store import attendance as store
from digitalmotor_desktop.store.attendance import MEETINGS, Register
from digitalmotor_desktop.store.document import Document


def register(document: Document) -> Register:
    return store.register(document)


def _toggle(action: str, subject: str, write, now: bool, before: bool, organisation_id: str) -> Edit:
    changes = Changes.of(ATTENDANCE, ids=[organisation_id])

    def run(value: bool):
        def apply(document: Document) -> Changes:
            write(document, value)
            return changes
        return apply

    return Edit(action, subject, redo=run(now), undo=run(before))


def set_expected(document: Document, organisation_id: str, expected: bool) -> Edit:
    """Whether the series expects the organisation (it then counts in "not answered yet")."""
    organisation = _live_organisation(document, organisation_id)
    before = organisation_id in store.register(document).expected
    return _toggle(QT_TRANSLATE_NOOP("Edit", "Expected organisation"), organisation.name,
                   lambda d, value: store.set_expected(d, organisation_id, value), expected, before, organisation_id)


def set_took_part(document: Document, organisation_id: str, meeting: int, took_part: bool) -> Edit:
    """Whether the organisation took part in meeting 1–5 of the series."""
    if meeting not in MEETINGS:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "The series has meetings 1 to 5, not {meeting}."),
                           meeting=meeting)
    organisation = _live_organisation(document, organisation_id)
    before = meeting in store.register(document).took_part.get(organisation_id, frozenset())
    return _toggle(QT_TRANSLATE_NOOP("Edit", "Attendance"), organisation.name,
                   lambda d, value: store.set_took_part(d, organisation_id, meeting, value), took_part, before,
                   organisation_id)
