"""Edits of the capability map, each recorded in the revision history."""

from __future__ import annotations

from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.core.ids import new_id
from digitalmotor_desktop.store.document import Document

_EDITABLE = {
    "area": {"name", "title"},
    "capability_group": {"name"},
    "capability": {"name", "description"},
}


def get_field(document: Document, entity: str, entity_id: str, field: str) -> str:
    _check(entity, field)
    row = document.db.execute(f"SELECT {field} FROM {entity} WHERE id = ?", [entity_id]).fetchone()
    if row is None:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "That part of the map no longer exists."))
    return row[0]


def set_field(document: Document, entity: str, entity_id: str, field: str, value: str) -> None:
    """Sets one text field and appends a revision row, in one transaction."""
    old = get_field(document, entity, entity_id, field)
    with document.transaction() as db:
        stamp = document.stamp()
        db.execute(f"UPDATE {entity} SET {field} = ?, hlc = ? WHERE id = ?", [value, stamp, entity_id])
        db.execute(
            "INSERT INTO map_revision (id, hlc, entity, entity_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [new_id(), stamp, entity, entity_id, field, old, value],
        )


def _check(entity: str, field: str) -> None:
    if field not in _EDITABLE.get(entity, set()):
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "{entity}.{field} cannot be edited."), entity=entity, field=field)
