"""The rows of the boards of stages 1 and 2 (core/board.py), and the map rows "Move to the map" writes.

Reads return live rows; ``save`` writes rows exactly as given (a ``deleted``
row is a tombstone, a link with ``deleted`` is cleared) in one transaction
with fresh clock stamps, like store/ratings.py. Map rows are written with the
column conventions of the template seeding (store/workshop.py): ``position``
orders siblings, every edit appends to ``map_revision``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from digitalmotor_desktop.core.board import Board, BoardSettings, Cluster, Link, Note, Prompt, Vote
from digitalmotor_desktop.core.ids import new_id
from digitalmotor_desktop.store.document import Document

_NOTE_FIELDS = ("id", "stage", "text", "kind", "prompt_id", "cluster_id", "parent_id", "merged_into_id", "domain_id",
                "goal_id", "x", "y", "position", "hidden", "deleted")
_NOTE_COLUMNS = ", ".join(_NOTE_FIELDS)
#: Dots that count: those of live organisations, and of same-named ones merge combined into a live one.
_COUNTED_VOTES = (" FROM vote v JOIN organisation o ON o.id = v.organisation_id"
                  " LEFT JOIN organisation s ON s.id = o.merged_into_id"
                  " WHERE v.deleted = 0 AND (o.deleted = 0 OR s.deleted = 0)")
_CLUSTER_COLUMNS = "id, stage, name, x, y, goal_id, area_id, group_id, deleted"


def _note(row) -> Note:
    return Note(*row[:13], hidden=bool(row[13]), deleted=bool(row[14]))


def _cluster(row) -> Cluster:
    return Cluster(*row[:8], deleted=bool(row[8]))


def settings(document: Document, stage: int) -> BoardSettings:
    row = document.db.execute("SELECT vote_budget, private_writing, votes_shown FROM board WHERE stage = ?",
                              [stage]).fetchone()
    return BoardSettings(stage, row[0], bool(row[1]), bool(row[2])) if row else BoardSettings(stage)


def prompts(document: Document, stage: int) -> list[Prompt]:
    return [Prompt(*row[:5], deleted=bool(row[5])) for row in document.db.execute(
        "SELECT id, stage, position, text, domain_id, deleted FROM prompt WHERE stage = ? AND deleted = 0"
        " ORDER BY position, id", [stage])]


def note(document: Document, note_id: str) -> Note | None:
    """The note, live or tombstoned; None if it never existed."""
    row = document.db.execute(f"SELECT {_NOTE_COLUMNS} FROM note WHERE id = ?", [note_id]).fetchone()
    return _note(row) if row else None


def cluster(document: Document, cluster_id: str) -> Cluster | None:
    row = document.db.execute(f"SELECT {_CLUSTER_COLUMNS} FROM cluster WHERE id = ?", [cluster_id]).fetchone()
    return _cluster(row) if row else None


def _cache(document: Document) -> dict[int, tuple[str, Board]]:
    """Boards read at a clock stamp: every write stamps the clock, so an entry is good while the stamp is."""
    return document.__dict__.setdefault("_boards", {})


def board(document: Document, stage: int) -> Board:
    """The stage's live board (read-only: edit it through ``save``). Votes of deleted organisations do not count.

    A board of 2,000 cards takes tens of milliseconds to read, and fast capture reads it twice per card (the
    op, then the view), so the last one read is kept while the document's clock stands still, and ``save``
    brings it up to date with what it wrote.
    """
    cached = _cache(document).get(stage)
    if cached is not None and cached[0] == document.clock.last:
        return cached[1]
    fresh = _read_board(document, stage)
    _cache(document)[stage] = (document.clock.last, fresh)
    return fresh


def _read_board(document: Document, stage: int) -> Board:
    db = document.db
    notes = {row[0]: _note(row) for row in db.execute(
        f"SELECT {_NOTE_COLUMNS} FROM note WHERE stage = ? AND deleted = 0", [stage])}
    clusters = {row[0]: _cluster(row) for row in db.execute(
        f"SELECT {_CLUSTER_COLUMNS} FROM cluster WHERE stage = ? AND deleted = 0", [stage])}
    votes = [Vote(*row, deleted=False) for row in db.execute(
        "SELECT v.id, v.stage, coalesce(o.merged_into_id, o.id), v.note_id, v.cluster_id" + _COUNTED_VOTES
        + " AND v.stage = ?", [stage])
        if (row[3] in notes) or (row[4] in clusters)]
    note_goals: dict[str, set[str]] = {}
    for note_id, goal_id in db.execute(
            "SELECT l.note_id, l.goal_id FROM note_goal l JOIN goal g ON g.id = l.goal_id"
            " WHERE l.deleted = 0 AND g.deleted = 0"):
        if note_id in notes:
            note_goals.setdefault(note_id, set()).add(goal_id)
    return Board(stage, settings(document, stage), prompts(document, stage), notes, clusters, votes, note_goals)


def next_position(document: Document, table: str, parent_column: str = "", parent_id: str = "") -> int:
    """The position after the last live sibling (prompts of a stage, goals, areas, groups of an area …)."""
    assert table in ("prompt", "goal", "area", "capability_group", "capability")
    where = f" AND {parent_column} = ?" if parent_column else ""
    return document.db.execute(f"SELECT coalesce(max(position), -1) + 1 FROM {table} WHERE deleted = 0{where}",
                               [parent_id] if parent_column else []).fetchone()[0]


def not_duplicates(document: Document, stage: int) -> frozenset[frozenset[str]]:
    """The pairs of the stage's cards the facilitator said are not duplicates."""
    return frozenset(frozenset(row) for row in document.db.execute(
        "SELECT d.note_id, d.other_note_id FROM not_duplicate d JOIN note n ON n.id = d.note_id"
        " WHERE d.deleted = 0 AND n.stage = ?", [stage]))


def not_duplicate(document: Document, pair: frozenset[str]) -> Link:
    """The pair as a row (the smaller id first); ``deleted`` while it is not dismissed."""
    left, right = sorted(pair)
    row = document.db.execute("SELECT deleted FROM not_duplicate WHERE note_id = ? AND other_note_id = ?",
                              [left, right]).fetchone()
    return Link(left, right, deleted=row is None or bool(row[0]))


def save(document: Document, *, prompts: Iterable[Prompt] = (), notes: Iterable[Note] = (),
         clusters: Iterable[Cluster] = (), votes: Iterable[Vote] = (), settings: Iterable[BoardSettings] = (),
         note_goals: Iterable[Link] = (), not_duplicates: Iterable[Link] = ()) -> None:
    """Writes the rows as given (insert or replace), all in one transaction."""
    prompts, notes, clusters, votes, settings, note_goals = (
        list(prompts), list(notes), list(clusters), list(votes), list(settings), list(note_goals))
    # Only a write that is its own transaction may update the kept boards: an outer one could still roll back.
    current = {} if document.connection.in_transaction else {
        stage: kept for stage, (clock, kept) in _cache(document).items() if clock == document.clock.last}
    _write(document, prompts, notes, clusters, votes, settings, note_goals, list(not_duplicates))
    for stage, kept in current.items():
        _cache(document)[stage] = (document.clock.last, _updated(kept, prompts, notes, clusters, votes, settings,
                                                                 note_goals))


def _updated(kept: Board, prompts, notes, clusters, votes, settings, note_goals) -> Board:
    """``kept`` with the rows just written (live ones in, tombstones out), as a new board."""
    stage = kept.stage
    live_prompts = {p.id: p for p in kept.prompts}
    live_prompts.update({p.id: p for p in prompts if p.stage == stage})
    all_notes = dict(kept.notes)
    all_notes.update({n.id: n for n in notes if n.stage == stage})
    all_clusters = dict(kept.clusters)
    all_clusters.update({c.id: c for c in clusters if c.stage == stage})
    live_notes = {i: n for i, n in all_notes.items() if not n.deleted}
    live_clusters = {i: c for i, c in all_clusters.items() if not c.deleted}
    all_votes = {v.id: v for v in kept.votes}
    all_votes.update({v.id: v for v in votes if v.stage == stage})
    goals = {note: set(linked) for note, linked in kept.note_goals.items()}
    for link in note_goals:
        if link.left in live_notes:
            goals.setdefault(link.left, set()).discard(link.right) if link.deleted else \
                goals.setdefault(link.left, set()).add(link.right)
    return Board(stage, next((s for s in settings if s.stage == stage), kept.settings),
                 sorted((p for p in live_prompts.values() if not p.deleted), key=lambda p: (p.position, p.id)),
                 live_notes, live_clusters,
                 [v for v in all_votes.values() if not v.deleted and (v.note_id in live_notes or v.cluster_id in live_clusters)],
                 {note: linked for note, linked in goals.items() if linked and note in live_notes})


def _write(document: Document, prompts, notes, clusters, votes, settings, note_goals, not_duplicates) -> None:
    stamp = document.stamp
    with document.transaction() as db:
        db.conn.executemany(
            "INSERT INTO board (stage, vote_budget, private_writing, votes_shown, hlc) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (stage) DO UPDATE SET vote_budget = excluded.vote_budget,"
            " private_writing = excluded.private_writing, votes_shown = excluded.votes_shown, hlc = excluded.hlc",
            [(s.stage, s.vote_budget, int(s.private_writing), int(s.votes_shown), stamp()) for s in settings])
        db.conn.executemany(
            "INSERT INTO prompt (id, stage, position, text, domain_id, hlc, deleted) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET position = excluded.position, text = excluded.text,"
            " domain_id = excluded.domain_id, hlc = excluded.hlc, deleted = excluded.deleted",
            [(p.id, p.stage, p.position, p.text, p.domain_id, stamp(), int(p.deleted)) for p in prompts])
        db.conn.executemany(
            f"INSERT INTO cluster ({_CLUSTER_COLUMNS}, hlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET name = excluded.name, x = excluded.x, y = excluded.y,"
            " goal_id = excluded.goal_id, area_id = excluded.area_id, group_id = excluded.group_id,"
            " deleted = excluded.deleted, hlc = excluded.hlc",
            [(c.id, c.stage, c.name, c.x, c.y, c.goal_id, c.area_id, c.group_id, int(c.deleted), stamp())
             for c in clusters])
        db.conn.executemany(
            f"INSERT INTO note ({_NOTE_COLUMNS}, hlc) VALUES ({', '.join('?' * 16)})"
            " ON CONFLICT (id) DO UPDATE SET text = excluded.text, kind = excluded.kind,"
            " prompt_id = excluded.prompt_id, cluster_id = excluded.cluster_id, parent_id = excluded.parent_id,"
            " merged_into_id = excluded.merged_into_id, domain_id = excluded.domain_id, goal_id = excluded.goal_id,"
            " x = excluded.x, y = excluded.y, position = excluded.position, hidden = excluded.hidden,"
            " deleted = excluded.deleted, hlc = excluded.hlc",
            [(n.id, n.stage, n.text, n.kind, n.prompt_id, n.cluster_id, n.parent_id, n.merged_into_id, n.domain_id,
              n.goal_id, n.x, n.y, n.position, int(n.hidden), int(n.deleted), stamp()) for n in notes])
        db.conn.executemany(
            "INSERT INTO vote (id, stage, organisation_id, note_id, cluster_id, hlc, deleted) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET note_id = excluded.note_id, cluster_id = excluded.cluster_id,"
            " deleted = excluded.deleted, hlc = excluded.hlc",
            [(v.id, v.stage, v.organisation_id, v.note_id, v.cluster_id, stamp(), int(v.deleted)) for v in votes])
        db.conn.executemany(
            "INSERT INTO note_goal (note_id, goal_id, hlc, deleted) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (note_id, goal_id) DO UPDATE SET deleted = excluded.deleted, hlc = excluded.hlc",
            [(link.left, link.right, stamp(), int(link.deleted)) for link in note_goals])
        db.conn.executemany(
            "INSERT INTO not_duplicate (note_id, other_note_id, hlc, deleted) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (note_id, other_note_id) DO UPDATE SET deleted = excluded.deleted, hlc = excluded.hlc",
            [(link.left, link.right, stamp(), int(link.deleted)) for link in not_duplicates])


# --- goals (the målbild) ---------------------------------------------------------------------------

@dataclass(frozen=True)
class GoalRow:
    id: str
    position: int
    text: str
    deleted: bool = False


def goal_rows(document: Document) -> list[GoalRow]:
    return [GoalRow(row[0], row[1], row[2], bool(row[3])) for row in document.db.execute(
        "SELECT id, position, text, deleted FROM goal WHERE deleted = 0 ORDER BY position, text")]


def goal_row(document: Document, goal_id: str) -> GoalRow | None:
    row = document.db.execute("SELECT id, position, text, deleted FROM goal WHERE id = ?", [goal_id]).fetchone()
    return GoalRow(row[0], row[1], row[2], bool(row[3])) if row else None


def save_goals(document: Document, goals: Iterable[GoalRow]) -> None:
    with document.transaction() as db:
        db.conn.executemany(
            "INSERT INTO goal (id, position, text, hlc, deleted) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET position = excluded.position, text = excluded.text,"
            " hlc = excluded.hlc, deleted = excluded.deleted",
            [(g.id, g.position, g.text, document.stamp(), int(g.deleted)) for g in goals])


# --- the map rows of "Move to the map" ---------------------------------------------------------------

@dataclass(frozen=True)
class MapRow:
    """An area, group or capability as "Move to the map" writes it (``parent_id``: area of a group, group of a capability)."""

    table: str  # "area", "capability_group" or "capability"
    id: str
    position: int
    name: str
    parent_id: str = ""
    description: str = ""
    deleted: bool = False


def row_exists(document: Document, table: str, row_id: str) -> bool:
    """Whether the map row was ever made here (live or tombstoned)."""
    assert table in ("area", "capability_group", "capability")
    return document.db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [row_id]).fetchone() is not None


def live_areas(document: Document) -> list[tuple[str, str]]:
    """(id, name) of the live areas in map order."""
    return document.db.execute("SELECT id, name FROM area WHERE deleted = 0 ORDER BY position, name").fetchall()


def save_map_rows(document: Document, rows: Iterable[MapRow], *, capability_goals: Iterable[Link] = (),
                  capability_notes: Iterable[Link] = ()) -> None:
    """Writes map rows, their links, and a revision row per created or removed entity, in one transaction."""
    with document.transaction() as db:
        for row in rows:
            stamp = document.stamp()
            if row.table == "area":
                db.execute("INSERT INTO area (id, position, name, hlc, deleted) VALUES (?, ?, ?, ?, ?)"
                           " ON CONFLICT (id) DO UPDATE SET deleted = excluded.deleted, hlc = excluded.hlc",
                           [row.id, row.position, row.name, stamp, int(row.deleted)])
            elif row.table == "capability_group":
                db.execute("INSERT INTO capability_group (id, area_id, position, name, hlc, deleted)"
                           " VALUES (?, ?, ?, ?, ?, ?)"
                           " ON CONFLICT (id) DO UPDATE SET deleted = excluded.deleted, hlc = excluded.hlc",
                           [row.id, row.parent_id, row.position, row.name, stamp, int(row.deleted)])
            else:
                db.execute("INSERT INTO capability (id, group_id, position, name, description, hlc, deleted)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?)"
                           " ON CONFLICT (id) DO UPDATE SET deleted = excluded.deleted, hlc = excluded.hlc",
                           [row.id, row.parent_id, row.position, row.name, row.description, stamp, int(row.deleted)])
            db.execute("INSERT INTO map_revision (id, hlc, entity, entity_id, field, old_value, new_value)"
                       " VALUES (?, ?, ?, ?, 'deleted', ?, ?)",
                       [new_id(), stamp, row.table, row.id, str(int(not row.deleted)), str(int(row.deleted))])
        for table, links in (("capability_goal", capability_goals), ("capability_note", capability_notes)):
            other = "goal_id" if table == "capability_goal" else "note_id"
            db.conn.executemany(
                f"INSERT INTO {table} (capability_id, {other}, hlc, deleted) VALUES (?, ?, ?, ?)"
                f" ON CONFLICT (capability_id, {other}) DO UPDATE SET deleted = excluded.deleted, hlc = excluded.hlc",
                [(link.left, link.right, document.stamp(), int(link.deleted)) for link in links])


def capability_goal_ids(document: Document, capability_id: str) -> list[str]:
    return [row[0] for row in document.db.execute(
        "SELECT goal_id FROM capability_goal WHERE capability_id = ? AND deleted = 0", [capability_id])]


def counts(document: Document) -> dict[str, int]:
    """What ``info`` reports of the boards: live prompts, cards (merged duplicates too), clusters, dots."""
    db = document.db
    return {
        "prompts": db.execute("SELECT count(*) FROM prompt WHERE deleted = 0").fetchone()[0],
        "notes": db.execute("SELECT count(*) FROM note WHERE deleted = 0").fetchone()[0],
        "clusters": db.execute("SELECT count(*) FROM cluster WHERE deleted = 0").fetchone()[0],
        "votes": db.execute("SELECT count(*)" + _COUNTED_VOTES).fetchone()[0],
    }
