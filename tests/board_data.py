"""What a board holds, as a person reads it (no ids, no stamps), for the board tests."""

from __future__ import annotations

from pathlib import Path

from digitalmotor_desktop.core.board import clusters_by_votes
from digitalmotor_desktop.ops import board as ops
from digitalmotor_desktop.ops import ratings as rating_ops
from digitalmotor_desktop.ops.board_to_map import move_to_map, set_cluster_area
from digitalmotor_desktop.ops.workshop import create_workshop
from digitalmotor_desktop.store import board as store
from digitalmotor_desktop.store.document import Document
from digitalmotor_desktop.store.workshop import capability_map, goals


def runner(document: Document):
    """Runs ops straight on ``document`` (no undo stack), for fixtures; ``run(edit)`` returns the id an op made."""
    def run(edit):
        edit.redo(document)
        return edit.extra.get("id")
    return run


def assert_kept_board_is_current(document: Document) -> None:
    """The board store/board.py keeps between reads equals the one in the file."""
    for stage in (1, 2):
        kept, fresh = store.board(document, stage), store._read_board(document, stage)
        assert sorted(kept.votes, key=lambda v: v.id) == sorted(fresh.votes, key=lambda v: v.id)
        assert (kept.settings, kept.prompts, kept.notes, kept.clusters, kept.note_goals) == \
            (fresh.settings, fresh.prompts, fresh.notes, fresh.clusters, fresh.note_goals)


def snapshot(document: Document) -> dict:
    """Every live thing the boards and the map show, by text: equal before an edit and after its undo."""
    assert_kept_board_is_current(document)
    shown = {}
    for stage in (1, 2):
        board = store.board(document, stage)
        names = {c.id: c.name for c in board.clusters.values()}
        texts = {n.id: n.text for n in board.notes.values()}
        shown[stage] = {
            "settings": board.settings,
            "prompts": [(p.text, p.domain_id) for p in board.prompts],
            "cards": sorted((n.text, n.kind, names.get(n.cluster_id), texts.get(n.merged_into_id),
                             texts.get(n.parent_id), n.hidden, round(n.x), round(n.y) if n.cluster_id is None else 0)
                            for n in board.notes.values()),
            "clusters": sorted((c.name, round(c.x), round(c.y), len(board.members(c.id)), c.goal_id is not None)
                               for c in board.clusters.values()),
            "votes": sorted((v.organisation_id, texts.get(v.note_id) or names.get(v.cluster_id)) for v in board.votes),
            "order": [c.name for c in clusters_by_votes(board)],
            "links": sorted((texts[n], len(g)) for n, g in board.note_goals.items()),
            "not duplicates": sorted(sorted(texts.get(i, "") for i in pair) for pair in store.not_duplicates(document, stage)),
        }
    shown["goals"] = [g.text for g in goals(document)]
    shown["map"] = [(a.name, [(g.name, [(c.name, c.description) for c in g.capabilities]) for g in a.groups])
                    for a in capability_map(document).areas]
    return shown


def voted_board(path: Path) -> Path:
    """A workshop with every kind of board content: a card with two organisations' dots, two capability
    cards linked to a goal and marked as no duplicates, grouped and moved to the map (their capabilities
    name the cards they came from)."""
    with create_workshop(path, "fyrbodal-2020") as document:
        orgs = []
        for name in ("Orust", "Tanum"):
            edit = rating_ops.add_organisation(document, name)
            edit.redo(document)
            orgs.append(edit.extra["id"])
        prompt = store.board(document, 1).prompts[0].id
        card = ops.add_note(document, 1, prompt, "Brist på kompetens")
        card.redo(document)
        for org in orgs:
            ops.add_vote(document, 1, org, card.extra["id"]).redo(document)
        capability = ops.add_note(document, 2, None, "Styra leverantörer")
        capability.redo(document)
        other = ops.add_note(document, 2, None, "Följa upp avtal")
        other.redo(document)
        ops.dismiss_duplicates(document, 2, [capability.extra["id"], other.extra["id"]]).redo(document)
        goal = store.goal_rows(document)[0].id
        ops.link_goal(document, [capability.extra["id"]], goal).redo(document)
        cluster = ops.group_notes(document, 2, [capability.extra["id"], other.extra["id"]], "Styra")
        cluster.redo(document)
        set_cluster_area(document, cluster.extra["id"], "Ledningsförmågor").redo(document)
        move_to_map(document).redo(document)
    return path
