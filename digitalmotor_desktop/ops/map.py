"""Stage 3 ops: revising the capability map."""

from __future__ import annotations

from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.ops.changes import MAP, Changes, Edit
from digitalmotor_desktop.store import map_edit
from digitalmotor_desktop.store.document import Document


def edit_map_text(document: Document, entity: str, entity_id: str, field: str, value: str) -> Edit:
    """An undoable change of a name, title or description in the map."""
    value = value.strip()
    if field == "name" and not value:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "A name cannot be empty."))
    old = map_edit.get_field(document, entity, entity_id, field)

    def apply(new: str):
        def run(doc: Document) -> Changes:
            map_edit.set_field(doc, entity, entity_id, field, new)
            return Changes.of(MAP, ids=[entity_id])
        return run

    action = QT_TRANSLATE_NOOP("Edit", "Edit description") if field == "description" else QT_TRANSLATE_NOOP("Edit", "Rename")
    return Edit(action=action, subject=old if field == "name" else map_edit.get_field(document, entity, entity_id, "name"),
                redo=apply(value), undo=apply(old),
                merge_key=f"{entity}:{entity_id}:{field}")
