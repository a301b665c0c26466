"""Stage 3 ops: building and revising the capability map.

Each factory checks its input and returns an undoable ``Edit`` whose ``redo``
and ``undo`` each commit in one transaction and append to the revision
history (``map_revision``). Moves are by index among the new siblings, so
undo puts an item back exactly where it was.
"""

from __future__ import annotations

from typing import Callable

from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.ids import new_id
from digitalmotor_desktop.core.limits import NAME_MAX, TEXT_MAX
from digitalmotor_desktop.core.model import CapabilityMap
from digitalmotor_desktop.ops.changes import MAP, Changes, Edit
from digitalmotor_desktop.store import map_edit
from digitalmotor_desktop.store.map_edit import AREA, CAPABILITY, GROUP, PARENT
from digitalmotor_desktop.store.document import Document

_ADD_ACTIONS = {
    AREA: QT_TRANSLATE_NOOP("Edit", "Add area"),
    GROUP: QT_TRANSLATE_NOOP("Edit", "Add group"),
    CAPABILITY: QT_TRANSLATE_NOOP("Edit", "Add capability"),
}
_DELETE_ACTIONS = {
    AREA: QT_TRANSLATE_NOOP("Edit", "Delete area"),
    GROUP: QT_TRANSLATE_NOOP("Edit", "Delete group"),
    CAPABILITY: QT_TRANSLATE_NOOP("Edit", "Delete capability"),
}


def _map_changed(*ids: str) -> Changes:
    return Changes.of(MAP, ids=list(ids))


def _checked_text(field: str, value: str) -> str:
    value = value.strip()
    if field in ("name", "title"):
        value = " ".join(value.split())
    if field == "name" and not value:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "A name cannot be empty."))
    limit = TEXT_MAX if field == "description" else NAME_MAX
    if len(value) > limit:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "That text is longer than {limit} characters."), limit=limit)
    return value


def edit_map_text(document: Document, entity: str, entity_id: str, field: str, value: str) -> Edit:
    """An undoable change of a name, title or description in the map."""
    value = _checked_text(field, value)
    old = map_edit.get_field(document, entity, entity_id, field)

    def apply(new: str) -> Callable[[Document], Changes]:
        def run(doc: Document) -> Changes:
            map_edit.set_field(doc, entity, entity_id, field, new)
            return _map_changed(entity_id)
        return run

    action = QT_TRANSLATE_NOOP("Edit", "Edit description") if field == "description" else QT_TRANSLATE_NOOP("Edit", "Rename")
    return Edit(action=action, subject=old if field == "name" else map_edit.get_field(document, entity, entity_id, "name"),
                redo=apply(value), undo=apply(old),
                merge_key=f"{entity}:{entity_id}:{field}")


def add_item(document: Document, entity: str, parent_id: str, name: str, index: int | None = None,
             description: str = "") -> Edit:
    """A new area, group (under area ``parent_id``) or capability (under group ``parent_id``) at ``index``
    among its siblings (the end when None); ``edit.extra["id"]`` is its id."""
    name = _checked_text("name", name)
    description = _checked_text("description", description)
    if PARENT[entity]:
        _live(document, AREA if entity == GROUP else GROUP, parent_id)
    else:
        parent_id = ""
    if index is None:
        index = len(map_edit.siblings(document, entity, parent_id))
    item_id = new_id()

    def redo(doc: Document) -> Changes:
        map_edit.create(doc, entity, item_id, parent_id, index, name, description)
        return _map_changed(item_id)

    def undo(doc: Document) -> Changes:
        map_edit.delete(doc, entity, item_id)
        return _map_changed(item_id)

    return Edit(_ADD_ACTIONS[entity], name, redo=redo, undo=undo, extra={"id": item_id})


def delete_item(document: Document, entity: str, item_id: str) -> Edit:
    """Tombstones the item and everything under it; undo brings back exactly those, where they were.

    ``edit.extra["ratings"]`` counts the answered ratings it hides, for the GUI to ask first.
    """
    name = _live(document, entity, item_id)
    removed: list[tuple[str, str]] = []

    def redo(doc: Document) -> Changes:
        removed[:] = map_edit.delete(doc, entity, item_id)
        return _map_changed(*(row_id for _table, row_id in removed))

    def undo(doc: Document) -> Changes:
        map_edit.restore(doc, removed)
        return _map_changed(*(row_id for _table, row_id in removed))

    return Edit(_DELETE_ACTIONS[entity], name, redo=redo, undo=undo,
                extra={"ratings": map_edit.answered_ratings(document, entity, item_id)})


def move_item(document: Document, entity: str, item_id: str, parent_id: str, index: int) -> Edit:
    """Moves an item to ``index`` among ``parent_id``'s children (a group to another area, a capability to
    another group; areas only reorder). A drag and a key press make the same single step."""
    name = _live(document, entity, item_id)
    if PARENT[entity]:
        _live(document, AREA if entity == GROUP else GROUP, parent_id)
    else:
        parent_id = ""
    old_parent = map_edit.parent_of(document, entity, item_id)
    old_index = map_edit.index_of(document, entity, item_id)
    siblings = len(map_edit.siblings(document, entity, parent_id)) - (parent_id == old_parent)
    index = max(0, min(index, siblings))
    if (parent_id, index) == (old_parent, old_index):
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "It is already there."))

    def place(parent: str, at: int) -> Callable[[Document], Changes]:
        def run(doc: Document) -> Changes:
            map_edit.move(doc, entity, item_id, parent, at)
            return _map_changed(item_id)
        return run

    return Edit(QT_TRANSLATE_NOOP("Edit", "Move"), name, redo=place(parent_id, index), undo=place(old_parent, old_index))


def link_goal(document: Document, capability_id: str, goal_id: str, linked: bool) -> Edit:
    """Links a capability to a goal of the målbild (or unlinks it)."""
    name = _live(document, CAPABILITY, capability_id)
    if not map_edit.goal_is_live(document, goal_id):
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "That goal no longer exists."))
    was = goal_id in map_edit.linked_goals(document, capability_id)

    def set_to(value: bool) -> Callable[[Document], Changes]:
        def run(doc: Document) -> Changes:
            map_edit.set_goal_link(doc, capability_id, goal_id, value)
            return _map_changed(capability_id)
        return run

    action = QT_TRANSLATE_NOOP("Edit", "Link to goal") if linked else QT_TRANSLATE_NOOP("Edit", "Unlink from goal")
    return Edit(action, name, redo=set_to(linked), undo=set_to(was))


def _live(document: Document, entity: str, item_id: str) -> str:
    """The live item's name; refuses a deleted or unknown one."""
    name = map_edit.live_name(document, entity, item_id)
    if name is None:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "That part of the map no longer exists."))
    return name


# Where a key press or a drop puts an item (pure: read from the map as shown) ----------------------------

_PARENT_KIND = {GROUP: AREA, CAPABILITY: GROUP}


def _parents(capability_map: CapabilityMap, entity: str) -> list[str]:
    """The ids of every possible parent of ``entity`` in map order ("" for areas' single root)."""
    if entity == AREA:
        return [""]
    return [a.id for a in capability_map.areas] if entity == GROUP else [g.id for g in capability_map.groups()]


def children(capability_map: CapabilityMap, entity: str, parent_id: str) -> list[str]:
    if entity == AREA:
        return [a.id for a in capability_map.areas]
    if entity == GROUP:
        return [g.id for a in capability_map.areas if a.id == parent_id for g in a.groups]
    return [c.id for g in capability_map.groups() if g.id == parent_id for c in g.capabilities]


def location(capability_map: CapabilityMap, entity: str, item_id: str) -> tuple[str, int]:
    """The item's parent and its index among the parent's children."""
    for parent in _parents(capability_map, entity):
        ids = children(capability_map, entity, parent)
        if item_id in ids:
            return parent, ids.index(item_id)
    raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "That part of the map no longer exists."))


def step(capability_map: CapabilityMap, entity: str, item_id: str, direction: str) -> tuple[str, int] | None:
    """Where Alt+arrow moves the item: "up"/"down" one place (past the first or last into the end of the
    previous or the start of the next parent), "left"/"right" into the previous or next parent at the same
    place (areas only go up and down). None when it cannot go further."""
    parent, index = location(capability_map, entity, item_id)
    parents = _parents(capability_map, entity)
    count = len(children(capability_map, entity, parent))
    at = parents.index(parent)
    if direction in ("up", "down"):
        index += -1 if direction == "up" else 1
        if 0 <= index < count:
            return parent, index
        neighbour = at - 1 if direction == "up" else at + 1
        if entity == AREA or not 0 <= neighbour < len(parents):
            return None
        target = parents[neighbour]
        return target, len(children(capability_map, entity, target)) if direction == "up" else 0
    neighbour = at - 1 if direction == "left" else at + 1
    if entity == AREA or not 0 <= neighbour < len(parents):
        return None
    target = parents[neighbour]
    return target, min(index, len(children(capability_map, entity, target)))


def drop_place(capability_map: CapabilityMap, entity: str, item_id: str, target_entity: str, target_id: str,
               row: int) -> tuple[str, int] | None:
    """Where a drop puts the item: onto its kind's parent (``row`` among its children, -1 for the end), or
    onto one of its own kind (just after it). None for a drop that means nothing (a capability onto an area)."""
    parent, index = location(capability_map, entity, item_id)
    if target_entity == _PARENT_KIND.get(entity, "") or (entity == AREA and target_entity == ""):
        target_parent = target_id
        ids = children(capability_map, entity, target_parent)
        at = len(ids) if row < 0 else row
    elif target_entity == entity:
        target_parent, after = location(capability_map, entity, target_id)
        at = after + 1
    else:
        return None
    if target_parent == parent and index < at:
        at -= 1  # the item leaves its old place first
    return target_parent, at
