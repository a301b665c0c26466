"""Stage 2 → stage 3: a cluster of capability cards becomes a group of capabilities in the map.

* A stage 2 cluster is put under an area first (``set_cluster_area``); an
  area named that does not exist yet is created in the map with the same
  step (the three of the method are offered: ``DEFAULT_AREAS``), with an id
  derived from the workshop and the name, so copies that each made it merge
  into one area.
* ``move_to_map`` turns every cluster with an area that has not become a
  group yet into a group under that area (named as the cluster), and each of
  its cards (the parts a card was broken into follow it) into a capability with a
  draft "Vi kan …" description. Each capability keeps links to the cards it
  came from (merged duplicates too: ``capability_note``) and to the goals
  those cards were linked to (``capability_goal``). The cluster remembers its
  group, so moving again adds only what is new. One step to undo.
"""

from __future__ import annotations

import dataclasses

from digitalmotor_desktop.core.board import Link, draft_description
from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.ids import new_id, template_id
from digitalmotor_desktop.core.limits import NAME_MAX
from digitalmotor_desktop.core.ratings import name_key
from digitalmotor_desktop.ops.changes import BOARD, MAP, Changes, Edit
from digitalmotor_desktop.store import board as store
from digitalmotor_desktop.store.board import MapRow
from digitalmotor_desktop.store.document import Document
from digitalmotor_desktop.store.workshop import workshop_row

#: The method's three areas (lednings-, kärn- och stödförmågor), offered when a cluster is placed.
DEFAULT_AREAS = ("Ledningsförmågor", "Kärnförmågor", "Stödförmågor")

STAGE = 2


def _deleted(rows: list[MapRow]) -> list[MapRow]:
    return [dataclasses.replace(row, deleted=True) for row in rows]


def _map_edit(action: str, subject: str, created: list[MapRow], clusters_before: list, clusters_after: list, *,
              goal_links: list[Link] = (), note_links: list[Link] = ()) -> Edit:
    changes = Changes.of(MAP, BOARD, ids=[row.id for row in created] + [c.id for c in clusters_after])

    def redo(document: Document) -> Changes:
        with document.transaction():
            store.save_map_rows(document, created, capability_goals=goal_links, capability_notes=note_links)
            store.save(document, clusters=clusters_after)
        return changes

    def undo(document: Document) -> Changes:
        with document.transaction():
            store.save(document, clusters=clusters_before)
            store.save_map_rows(document, list(reversed(_deleted(created))),
                                capability_goals=[dataclasses.replace(link, deleted=True) for link in goal_links],
                                capability_notes=[dataclasses.replace(link, deleted=True) for link in note_links])
        return changes

    return Edit(action, subject, redo=redo, undo=undo)


def set_cluster_area(document: Document, cluster_id: str, area_name: str) -> Edit:
    """Puts a stage 2 cluster under the area called ``area_name`` (made in the map if there is none)."""
    board = store.board(document, STAGE)
    if cluster_id not in board.clusters:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "That cluster is not on the board any more."))
    name = " ".join(area_name.split())
    if not name or len(name) > NAME_MAX:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "An area needs a name of at most {limit} characters."),
                           limit=NAME_MAX)
    old = board.clusters[cluster_id]
    area_id = next((i for i, n in store.live_areas(document) if name_key(n) == name_key(name)), None)
    created = []
    if area_id is None:
        # the same name gives the same id in every copy of the workshop: two laptops that both put a
        # cluster under "Kärnförmågor" make one area when merged (unless that id was deleted here)
        area_id = template_id(f"workshop/{workshop_row(document)['id']}", "area", name_key(name))
        if store.row_exists(document, "area", area_id):
            area_id = new_id()
        created.append(MapRow("area", area_id, store.next_position(document, "area"), name))
    return _map_edit(QT_TRANSLATE_NOOP("Edit", "Put under area"), name, created, [old],
                     [dataclasses.replace(old, area_id=area_id)])


def move_to_map(document: Document) -> Edit:
    """Every placed cluster not in the map yet becomes a group of capabilities (see the module's docstring)."""
    board = store.board(document, STAGE)
    areas = {i for i, _ in store.live_areas(document)}
    ready = [c for c in board.clusters.values() if c.area_id in areas and c.group_id is None]
    if not ready:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Put a cluster under an area first: nothing is ready to move to the map."))
    ready.sort(key=lambda c: (c.y, c.x, c.id))
    created: list[MapRow] = []
    goal_links: list[Link] = []
    note_links: list[Link] = []
    group_positions: dict[str, int] = {}
    clusters_after = []
    for cluster in ready:
        position = group_positions.get(cluster.area_id)
        if position is None:
            position = store.next_position(document, "capability_group", "area_id", cluster.area_id)
        group_positions[cluster.area_id] = position + 1
        members = board.members(cluster.id)
        name = cluster.name or (" ".join(members[0].text.split())[:NAME_MAX] if members else "…")
        group = MapRow("capability_group", new_id(), position, name, cluster.area_id)
        created.append(group)
        clusters_after.append(dataclasses.replace(cluster, group_id=group.id))
        for index, note in enumerate(members):  # a card's parts follow it (core.board)
            capability = MapRow("capability", new_id(), index, " ".join(note.text.split())[:NAME_MAX], group.id,
                                draft_description(note.text))
            created.append(capability)
            note_links += [Link(capability.id, n.id) for n in [note, *board.merged_into(note.id)]]
            goal_links += [Link(capability.id, g) for g in sorted(board.note_goals.get(note.id, set()))]
    return _map_edit(QT_TRANSLATE_NOOP("Edit", "Move to the map"), str(len(ready)), created, ready, clusters_after,
                     goal_links=goal_links, note_links=note_links)
