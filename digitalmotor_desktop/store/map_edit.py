"""Edits of the capability map, each recorded in the revision history.

Order among siblings is ``position``, a number: a moved or added item gets the
midpoint of its new neighbours' positions (one row written, so two laptops
reordering different items both keep their moves when merged); ties, which
only a merge can make, fall back to name and then id (db/FORMAT.md, "Map
order"). Deleting writes tombstones; a group or area takes its live children
with it, and restoring brings back exactly those.
"""

from __future__ import annotations

from dataclasses import dataclass

from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.core.ids import new_id
from digitalmotor_desktop.store.document import Document

AREA, GROUP, CAPABILITY = "area", "capability_group", "capability"

_EDITABLE = {
    AREA: {"name", "title"},
    GROUP: {"name"},
    CAPABILITY: {"name", "description"},
}
#: Each map table's parent column ("" for areas, which have none).
PARENT = {AREA: "", GROUP: "area_id", CAPABILITY: "group_id"}
CHILD = {AREA: GROUP, GROUP: CAPABILITY}

#: ``map_revision.field`` values other than an edited column's name.
CREATED, DELETED, RESTORED, MOVED, POSITION, GOAL = "created", "deleted", "restored", "moved", "position", "goal"


@dataclass(frozen=True)
class Revision:
    stamp: str
    entity: str
    entity_id: str
    field: str
    old_value: str | None
    new_value: str | None


def get_field(document: Document, entity: str, entity_id: str, field: str) -> str:
    _check(entity, field)
    return _value(document, entity, entity_id, field)


def set_field(document: Document, entity: str, entity_id: str, field: str, value: str) -> None:
    """Sets one text field and appends a revision row, in one transaction."""
    old = get_field(document, entity, entity_id, field)
    with document.transaction() as db:
        stamp = document.stamp()
        db.execute(f"UPDATE {entity} SET {field} = ?, hlc = ? WHERE id = ?", [value, stamp, entity_id])
        _record(document, stamp, entity, entity_id, field, old, value)


def parent_of(document: Document, entity: str, entity_id: str) -> str:
    return _value(document, entity, entity_id, PARENT[entity]) if PARENT[entity] else ""


def siblings(document: Document, entity: str, parent_id: str) -> list[tuple[str, float]]:
    """The live items under ``parent_id`` (all areas for ``AREA``) in map order, with their positions."""
    where = f"{PARENT[entity]} = ? AND " if PARENT[entity] else ""
    return document.db.execute(
        f"SELECT id, position FROM {entity} WHERE {where}deleted = 0 ORDER BY position, name, id",
        [parent_id] if PARENT[entity] else []).fetchall()


def index_of(document: Document, entity: str, entity_id: str) -> int:
    ids = [row[0] for row in siblings(document, entity, parent_of(document, entity, entity_id))]
    return ids.index(entity_id)


def create(document: Document, entity: str, entity_id: str, parent_id: str, index: int, name: str,
           description: str = "") -> None:
    """Adds a live item at ``index`` among ``parent_id``'s children, or brings back a tombstoned one (redo)."""
    with document.transaction() as db:
        stamp = document.stamp()
        exists = db.execute(f"SELECT 1 FROM {entity} WHERE id = ?", [entity_id]).fetchone()
        position = _position_at(document, entity, parent_id, index, entity_id, stamp)
        if exists:
            db.execute(f"UPDATE {entity} SET deleted = 0, position = ?, hlc = ? WHERE id = ?",
                       [position, stamp, entity_id])
            _record(document, stamp, entity, entity_id, RESTORED, None, name)
            return
        columns = {"id": entity_id, "position": position, "name": name, "hlc": stamp}
        if PARENT[entity]:
            columns[PARENT[entity]] = parent_id
        if entity == CAPABILITY:
            columns["description"] = description
        db.execute(f"INSERT INTO {entity} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                   list(columns.values()))
        _record(document, stamp, entity, entity_id, CREATED, None, name)


def delete(document: Document, entity: str, entity_id: str) -> list[tuple[str, str]]:
    """Tombstones the item and its live descendants; returns them as (entity, id), the item first."""
    removed = [(entity, entity_id)] + live_descendants(document, entity, entity_id)
    with document.transaction() as db:
        stamp = document.stamp()
        for table, row_id in removed:
            db.execute(f"UPDATE {table} SET deleted = 1, hlc = ? WHERE id = ?", [stamp, row_id])
            _record(document, stamp, table, row_id, DELETED, _value(document, table, row_id, "name"), None)
    return removed


def restore(document: Document, removed: list[tuple[str, str]]) -> None:
    """Undoes ``delete``: the same rows live again, where they were."""
    with document.transaction() as db:
        stamp = document.stamp()
        for table, row_id in removed:
            db.execute(f"UPDATE {table} SET deleted = 0, hlc = ? WHERE id = ?", [stamp, row_id])
            _record(document, stamp, table, row_id, RESTORED, None, _value(document, table, row_id, "name"))


def live_descendants(document: Document, entity: str, entity_id: str) -> list[tuple[str, str]]:
    child = CHILD.get(entity)
    if child is None:
        return []
    found = []
    for (child_id,) in document.db.execute(
            f"SELECT id FROM {child} WHERE {PARENT[child]} = ? AND deleted = 0", [entity_id]).fetchall():
        found += [(child, child_id)] + live_descendants(document, child, child_id)
    return found


def answered_ratings(document: Document, entity: str, entity_id: str) -> int:
    """How many live ratings deleting this item would hide (the item's own, or its capabilities')."""
    capabilities = [row_id for table, row_id in [(entity, entity_id)] + live_descendants(document, entity, entity_id)
                    if table == CAPABILITY]
    if not capabilities:
        return 0
    return document.db.execute(
        "SELECT count(*) FROM rating r JOIN respondent p ON p.id = r.respondent_id"
        f" WHERE r.deleted = 0 AND p.deleted = 0 AND r.rated = 1 AND r.capability_id IN ({', '.join('?' * len(capabilities))})",
        capabilities).fetchone()[0]


def move(document: Document, entity: str, entity_id: str, parent_id: str, index: int) -> None:
    """Puts the item at ``index`` among ``parent_id``'s other children (only its own row is written)."""
    old_parent = parent_of(document, entity, entity_id)
    with document.transaction() as db:
        stamp = document.stamp()
        old_index = index_of(document, entity, entity_id)
        position = _position_at(document, entity, parent_id, index, entity_id, stamp)
        if PARENT[entity]:
            db.execute(f"UPDATE {entity} SET {PARENT[entity]} = ?, position = ?, hlc = ? WHERE id = ?",
                       [parent_id, position, stamp, entity_id])
        else:
            db.execute(f"UPDATE {entity} SET position = ?, hlc = ? WHERE id = ?", [position, stamp, entity_id])
        if parent_id != old_parent:
            _record(document, stamp, entity, entity_id, MOVED, old_parent, parent_id)
        else:
            _record(document, stamp, entity, entity_id, POSITION, str(old_index + 1), str(index + 1))


def live_name(document: Document, entity: str, entity_id: str) -> str | None:
    """The item's name, or None when it is unknown or a tombstone."""
    row = document.db.execute(f"SELECT name FROM {entity} WHERE id = ? AND deleted = 0", [entity_id]).fetchone()
    return row[0] if row else None


def goal_is_live(document: Document, goal_id: str) -> bool:
    return document.db.execute("SELECT 1 FROM goal WHERE id = ? AND deleted = 0", [goal_id]).fetchone() is not None


def linked_goals(document: Document, capability_id: str) -> set[str]:
    return {row[0] for row in document.db.execute(
        "SELECT goal_id FROM capability_goal WHERE capability_id = ? AND deleted = 0", [capability_id])}


def source_card_texts(document: Document, capability_id: str) -> list[str]:
    """The texts of the live stage 2 cards a capability was moved from, in board order (stage 3's Cards tab;
    read here so the map editor need not load the board's model)."""
    return [row[0] for row in document.db.execute(
        "SELECT n.text FROM capability_note l JOIN note n ON n.id = l.note_id"
        " WHERE l.capability_id = ? AND l.deleted = 0 AND n.deleted = 0 ORDER BY n.position", [capability_id])]


def set_goal_link(document: Document, capability_id: str, goal_id: str, linked: bool) -> None:
    with document.transaction() as db:
        stamp = document.stamp()
        db.execute(
            "INSERT INTO capability_goal (capability_id, goal_id, hlc, deleted) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (capability_id, goal_id) DO UPDATE SET hlc = excluded.hlc, deleted = excluded.deleted",
            [capability_id, goal_id, stamp, 0 if linked else 1])
        _record(document, stamp, CAPABILITY, capability_id, GOAL, None if linked else goal_id, goal_id if linked else None)


def revisions(document: Document, entity_id: str | None = None) -> list[Revision]:
    """The map's revision history, newest first; only one item's with ``entity_id``."""
    where, values = ("WHERE entity_id = ?", [entity_id]) if entity_id else ("", [])
    return [Revision(*row) for row in document.db.execute(
        f"SELECT hlc, entity, entity_id, field, old_value, new_value FROM map_revision {where} ORDER BY hlc DESC, id",
        values)]


def names(document: Document) -> dict[str, str]:
    """Every map item's and goal's name or text by id, tombstones too: history names what is gone."""
    found = {}
    for table, column in ((AREA, "name"), (GROUP, "name"), (CAPABILITY, "name"), ("goal", "text")):
        found.update(document.db.execute(f"SELECT id, {column} FROM {table}").fetchall())
    return found


def _position_at(document: Document, entity: str, parent_id: str, index: int, moving_id: str, stamp: str) -> float:
    """A position between the neighbours at ``index`` (``moving_id`` left out); when floating point has
    no room left between them, or a merge left them equal, the siblings are renumbered first."""
    others = [row for row in siblings(document, entity, parent_id) if row[0] != moving_id]
    index = max(0, min(index, len(others)))
    before = others[index - 1][1] if index > 0 else None
    after = others[index][1] if index < len(others) else None
    if before is None and after is None:
        return 0
    if before is None:
        return after - 1
    if after is None:
        return before + 1
    middle = (before + after) / 2
    if before < middle < after:
        return middle
    for number, (row_id, _position) in enumerate(others):
        document.db.execute(f"UPDATE {entity} SET position = ?, hlc = ? WHERE id = ?", [number, stamp, row_id])
    return index - 0.5


def _value(document: Document, entity: str, entity_id: str, column: str):
    row = document.db.execute(f"SELECT {column} FROM {entity} WHERE id = ?", [entity_id]).fetchone()
    if row is None:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "That part of the map no longer exists."))
    return row[0]


def _record(document: Document, stamp: str, entity: str, entity_id: str, field: str,
            old: str | None, new: str | None) -> None:
    document.db.execute(
        "INSERT INTO map_revision (id, hlc, entity, entity_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [new_id(), stamp, entity, entity_id, field, old, new])


def _check(entity: str, field: str) -> None:
    if field not in _EDITABLE.get(entity, set()):
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "{entity}.{field} cannot be edited."), entity=entity, field=field)
