"""Stage 1 and 2 ops: prompts, cards, clusters, duplicates, votes and the målbild.

Each factory checks its input against the board as it is and returns an
undoable ``Edit`` whose redo writes the rows after and whose undo writes the
rows before, in one transaction each (store/board.py). A gesture that moves
many cards is one op, so a drag is one undo step. Rules of the board itself
(places, drops, similarity, vote totals) are in core/board.py.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Callable

from digitalmotor_desktop.core import board as rules
from digitalmotor_desktop.core.board import Board, Cluster, Link, Note, Prompt, Rect, Vote
from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.ids import new_id
from digitalmotor_desktop.core.limits import NAME_MAX, TEXT_MAX
from digitalmotor_desktop.ops.changes import BOARD, GOALS, Changes, Edit
from digitalmotor_desktop.store import board as store
from digitalmotor_desktop.store import ratings as ratings_store
from digitalmotor_desktop.store.document import Document

Rows = dict[str, list]


def _saving(changes: Changes, rows: Rows) -> Callable[[Document], Changes]:
    def run(document: Document) -> Changes:
        board_rows = {k: v for k, v in rows.items() if k != "goals"}
        if not rows.get("goals"):
            store.save(document, **board_rows)
            return changes
        with document.transaction():  # goals first: a cluster or card may point at a new one
            store.save_goals(document, rows["goals"])
            store.save(document, **board_rows)
        return changes
    return run


def board_edit(action: str, subject: str, before: Rows, after: Rows, *, kinds: Iterable[str] = (BOARD,),
               merge_key: str = "", extra: dict | None = None) -> Edit:
    """An edit that writes ``after`` and, undone, ``before`` (the same rows as they were)."""
    ids = [getattr(row, "id", getattr(row, "left", "")) for rows in after.values() for row in rows]
    changes = Changes.of(*kinds, ids=ids)
    return Edit(action, subject, redo=_saving(changes, after), undo=_saving(changes, before),
                merge_key=merge_key, extra=extra or {})


def _checked_stage(stage: int) -> int:
    if stage not in rules.STAGES:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "There is no board in stage {value}."), value=stage)
    return stage


def checked_text(text: str, limit: int = TEXT_MAX) -> str:
    text = text.strip()
    if not text:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Write something first: an empty card says nothing."))
    if len(text) > limit:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "That text is {length} characters long; at most {limit} fit."),
                           length=len(text), limit=limit)
    return text


def _checked_name(name: str) -> str:
    name = " ".join(name.split())
    if len(name) > NAME_MAX:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "That text is {length} characters long; at most {limit} fit."),
                           length=len(name), limit=NAME_MAX)
    return name


def _live_notes(board: Board, note_ids: Iterable[str]) -> list[Note]:
    ids = list(dict.fromkeys(note_ids))
    missing = [i for i in ids if i not in board.notes]
    if missing or not ids:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "That card is not on the board any more."))
    return [board.notes[i] for i in ids]


def _live_cluster(board: Board, cluster_id: str) -> Cluster:
    if cluster_id not in board.clusters:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "That cluster is not on the board any more."))
    return board.clusters[cluster_id]


def occupied(board: Board, *, leaving: set[str] = frozenset(), column: int | None = None) -> list[Rect]:
    """What a new card must not cover: free cards and cluster frames (``leaving``: cards about to move;
    ``column``: only the free cards standing in that question's column)."""
    near = rules.prompt_rect(column) if column is not None else None
    rects = [rules.card_rect(n.x, n.y) for n in board.visible_notes()
             if n.cluster_id is None and n.id not in leaving
             and (near is None or near.x - rules.CARD_WIDTH < n.x < near.right)]
    for cluster_id, cluster in board.clusters.items():
        members = [n for n in board.members(cluster_id) if n.id not in leaving]
        rects.append(rules.cluster_layout(cluster.x, cluster.y, len(members)).frame)
    return rects


def _emptied_clusters(board: Board, after: dict[str, Note]) -> tuple[list[Cluster], list[Cluster]]:
    """Clusters whose last card leaves go with it (before, after)."""
    def stays(note: Note, cluster_id: str) -> bool:
        note = after.get(note.id, note)
        return note.cluster_id == cluster_id and not note.deleted and note.merged_into_id is None

    emptied = [c for c in board.clusters.values()
               if board.members(c.id) and not any(stays(n, c.id) for n in board.visible_notes())]
    return emptied, [dataclasses.replace(c, deleted=True) for c in emptied]


def _note_edit(action: str, board: Board, after: list[Note], *, subject: str = "", merge_key: str = "",
               new_clusters: list[Cluster] = (), extra: dict | None = None) -> Edit:
    """Cards changed (and clusters made); clusters left empty are removed in the same step."""
    changed = {n.id: n for n in after}
    before_notes = [board.notes.get(n.id, dataclasses.replace(n, deleted=True)) for n in after]
    emptied_before, emptied_after = _emptied_clusters(board, changed)
    return board_edit(action, subject,
                      {"clusters": [dataclasses.replace(c, deleted=True) for c in new_clusters] + emptied_before,
                       "notes": before_notes},
                      {"clusters": list(new_clusters) + emptied_after, "notes": after},
                      merge_key=merge_key, extra=extra)


def next_position(board: Board) -> int:
    """After the last card of the board in capture order (positions order a board's cards, nothing else)."""
    return max((n.position for n in board.notes.values()), default=-1) + 1


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


# --- prompts -----------------------------------------------------------------------------------

def add_prompt(document: Document, stage: int, text: str) -> Edit:
    prompt = Prompt(new_id(), _checked_stage(stage), store.next_position(document, "prompt"),
                    checked_text(text, NAME_MAX))
    return board_edit(QT_TRANSLATE_NOOP("Edit", "Add question"), _short(prompt.text),
                      {"prompts": [dataclasses.replace(prompt, deleted=True)]}, {"prompts": [prompt]},
                      extra={"id": prompt.id})


def _live_prompt(document: Document, stage: int, prompt_id: str) -> Prompt:
    found = next((p for p in store.prompts(document, stage) if p.id == prompt_id), None)
    if found is None:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "That question is not on the board any more."))
    return found


def edit_prompt(document: Document, stage: int, prompt_id: str, text: str) -> Edit:
    old = _live_prompt(document, stage, prompt_id)
    new = dataclasses.replace(old, text=checked_text(text, NAME_MAX))
    return board_edit(QT_TRANSLATE_NOOP("Edit", "Edit question"), _short(old.text),
                      {"prompts": [old]}, {"prompts": [new]}, merge_key=f"prompt:{prompt_id}")


def tag_prompt(document: Document, stage: int, prompt_id: str, domain_id: str | None) -> Edit:
    """Tags the question with an SCB municipal domain (``None``: no tag)."""
    old = _live_prompt(document, stage, prompt_id)
    return board_edit(QT_TRANSLATE_NOOP("Edit", "Tag question"), _short(old.text),
                      {"prompts": [old]}, {"prompts": [dataclasses.replace(old, domain_id=domain_id)]})


def delete_prompt(document: Document, stage: int, prompt_id: str) -> Edit:
    old = _live_prompt(document, stage, prompt_id)
    if any(n.prompt_id == prompt_id for n in store.board(document, stage).notes.values()):
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Cards answer this question; delete or move them first."))
    return board_edit(QT_TRANSLATE_NOOP("Edit", "Delete question"), _short(old.text),
                      {"prompts": [old]}, {"prompts": [dataclasses.replace(old, deleted=True)]})


# --- cards -------------------------------------------------------------------------------------

def add_note(document: Document, stage: int, prompt_id: str | None, text: str, kind: str = "",
             parent_id: str | None = None, *, hidden: bool = False) -> Edit:
    """A new card under the prompt, in the first free place of its column; ``extra["id"]`` is its id.

    With private writing on, or ``hidden`` (a note sent from a phone), the card is shown blank until
    revealed. ``parent_id``: a part of a larger capability (a break-down), placed under it.
    """
    board = store.board(document, _checked_stage(stage))
    text = checked_text(text)
    kind = kind or rules.NOTE_KINDS[stage][0]
    if kind not in rules.NOTE_KINDS[stage]:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{value}” is not a kind of card in this stage."), value=kind)
    if prompt_id is not None and prompt_id not in {p.id for p in board.prompts}:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "That question is not on the board any more."))
    cluster_id = None
    if parent_id is not None:
        parent = _live_notes(board, [parent_id])[0]
        prompt_id, cluster_id = parent.prompt_id, parent.cluster_id
    column = board.prompt_index(prompt_id)
    x, y = rules.free_slot(column, occupied(board, column=column))
    note = Note(new_id(), stage, text, kind, prompt_id, cluster_id, parent_id, x=x, y=y,
                position=next_position(board), hidden=hidden or board.settings.private_writing)
    action = QT_TRANSLATE_NOOP("Edit", "Break down") if parent_id else QT_TRANSLATE_NOOP("Edit", "Add card")
    return _note_edit(action, board, [note], subject=_short(text), extra={"id": note.id})


def edit_note(document: Document, stage: int, note_id: str, text: str) -> Edit:
    board = store.board(document, stage)
    old = _live_notes(board, [note_id])[0]
    return _note_edit(QT_TRANSLATE_NOOP("Edit", "Edit card"), board, [dataclasses.replace(old, text=checked_text(text))],
                      subject=_short(old.text), merge_key=f"note:{note_id}")


def cycle_kind(document: Document, stage: int, note_id: str) -> Edit:
    board = store.board(document, stage)
    old = _live_notes(board, [note_id])[0]
    new = dataclasses.replace(old, kind=rules.next_kind(stage, old.kind))
    return _note_edit(QT_TRANSLATE_NOOP("Edit", "Change kind"), board, [new], subject=_short(old.text))


def delete_notes(document: Document, stage: int, note_ids: Iterable[str]) -> Edit:
    """Tombstones the cards with the duplicates merged into them and the parts they were broken into."""
    board = store.board(document, stage)
    chosen = _live_notes(board, note_ids)
    ids = {n.id for n in chosen}
    grown = True
    while grown:
        more = {n.id for n in board.notes.values() if n.merged_into_id in ids or n.parent_id in ids} - ids
        grown = bool(more)
        ids |= more
    gone = [dataclasses.replace(board.notes[i], deleted=True) for i in sorted(ids)]
    votes = [v for v in board.votes if v.note_id in ids]
    edit = _note_edit(QT_TRANSLATE_NOOP("Edit", "Delete cards"), board, gone, subject=str(len(chosen)))
    return _with_votes(edit, votes, [dataclasses.replace(v, deleted=True) for v in votes])


def _with_votes(edit: Edit, before: list[Vote], after: list[Vote]) -> Edit:
    if not before:
        return edit
    changes = Changes.of(BOARD, ids=[v.id for v in after])

    def redo(document: Document) -> Changes:
        with document.transaction():
            edit.redo(document)
            store.save(document, votes=after)
        return changes

    def undo(document: Document) -> Changes:
        with document.transaction():
            store.save(document, votes=before)
            return edit.undo(document)

    return dataclasses.replace(edit, redo=redo, undo=undo)


def move_notes(document: Document, stage: int, places: dict[str, tuple[float, float]]) -> Edit:
    """Cards put down on the empty board at ``places`` (a drag): they leave their clusters."""
    board = store.board(document, stage)
    moved = [dataclasses.replace(n, x=float(places[n.id][0]), y=float(places[n.id][1]), cluster_id=None)
             for n in _live_notes(board, places)]
    moved += _children_following(board, moved)
    return _note_edit(QT_TRANSLATE_NOOP("Edit", "Move cards"), board, moved, subject=str(len(places)))


def _children_following(board: Board, moved: list[Note]) -> list[Note]:
    """The parts of a moved capability go where it goes (into or out of its cluster)."""
    ids = {n.id for n in moved}
    parents = {n.id: n for n in moved}
    follow = []
    for parent in moved:
        for child in board.children(parent.id):
            if child.id not in ids:
                follow.append(dataclasses.replace(child, cluster_id=parents[parent.id].cluster_id,
                                                  x=parent.x + rules.CHILD_INDENT, y=parent.y + rules.CARD_HEIGHT + rules.GAP))
    return follow


def group_notes(document: Document, stage: int, note_ids: Iterable[str], name: str = "") -> Edit:
    """A new cluster of the cards (a card dropped on a card; Group in the menu); ``extra["id"]`` is its id."""
    board = store.board(document, stage)
    chosen = _live_notes(board, note_ids)
    if len(chosen) < 2:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Choose at least two cards to group."))
    frames = [rules.cluster_layout(c.x, c.y, len(board.members(c.id))).frame for c in board.clusters.values()]
    x, y = rules.cluster_slot(len(board.prompts), frames)
    cluster = Cluster(new_id(), stage, _checked_name(name), x, y)
    after = [dataclasses.replace(n, cluster_id=cluster.id) for n in chosen]
    after += _children_following(board, after)
    return _note_edit(QT_TRANSLATE_NOOP("Edit", "Group"), board, after, subject=str(len(chosen)),
                      new_clusters=[cluster], extra={"id": cluster.id})


def move_to_cluster(document: Document, stage: int, note_ids: Iterable[str], cluster_id: str) -> Edit:
    board = store.board(document, stage)
    cluster = _live_cluster(board, cluster_id)
    after = [dataclasses.replace(n, cluster_id=cluster_id) for n in _live_notes(board, note_ids)]
    after += _children_following(board, after)
    return _note_edit(QT_TRANSLATE_NOOP("Edit", "Move to cluster"), board, after, subject=cluster.name or "…")


def take_out_of_cluster(document: Document, stage: int, note_ids: Iterable[str]) -> Edit:
    """Cards out of their cluster, each to a free place under its question (the keyboard's way out)."""
    board = store.board(document, stage)
    chosen = [n for n in _live_notes(board, note_ids) if n.cluster_id is not None]
    if not chosen:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Those cards are not in a cluster."))
    taken = {n.id for n in chosen}
    places = occupied(board, leaving=taken)
    after = []
    for note in chosen:
        x, y = rules.free_slot(board.prompt_index(note.prompt_id), places)
        places.append(rules.card_rect(x, y))
        after.append(dataclasses.replace(note, cluster_id=None, x=x, y=y))
    after += _children_following(board, after)
    return _note_edit(QT_TRANSLATE_NOOP("Edit", "Take out of cluster"), board, after, subject=str(len(chosen)))


def rename_cluster(document: Document, stage: int, cluster_id: str, name: str) -> Edit:
    board = store.board(document, stage)
    old = _live_cluster(board, cluster_id)
    return board_edit(QT_TRANSLATE_NOOP("Edit", "Name cluster"), old.name, {"clusters": [old]},
                      {"clusters": [dataclasses.replace(old, name=_checked_name(name))]},
                      merge_key=f"cluster:{cluster_id}")


def move_cluster(document: Document, stage: int, cluster_id: str, x: float, y: float) -> Edit:
    board = store.board(document, stage)
    old = _live_cluster(board, cluster_id)
    return board_edit(QT_TRANSLATE_NOOP("Edit", "Move cluster"), old.name, {"clusters": [old]},
                      {"clusters": [dataclasses.replace(old, x=float(x), y=float(y))]})


def tidy_up(document: Document, stage: int) -> Edit:
    """Cards on their own close up under their questions (in the order they stand) and the clusters restack
    in their column, most dots first: the board as the room should see it."""
    board = store.board(document, stage)
    ordered = rules.clusters_by_votes(board)
    places = rules.stacked_clusters(len(board.prompts), [(c.id, len(board.members(c.id))) for c in ordered])
    free = [n for n in board.visible_notes() if n.cluster_id not in board.clusters]
    moved = []
    for index, _prompt in enumerate(board.prompts or [None]):
        column = sorted((n for n in free if board.prompt_index(n.prompt_id) == index), key=lambda n: (n.y, n.x, n.id))
        taken: list[Rect] = []
        for note in column:
            x, y = rules.free_slot(index, taken)
            taken.append(rules.card_rect(x, y))
            if (x, y) != (note.x, note.y):
                moved.append(dataclasses.replace(note, x=x, y=y))
    return board_edit(QT_TRANSLATE_NOOP("Edit", "Tidy up"), "", {"clusters": ordered, "notes": [board.notes[n.id] for n in moved]},
                      {"clusters": [dataclasses.replace(c, x=places[c.id][0], y=places[c.id][1]) for c in ordered],
                       "notes": moved})


def ungroup(document: Document, stage: int, cluster_id: str) -> Edit:
    """The cluster goes; its cards stay where the cluster showed them."""
    board = store.board(document, stage)
    old = _live_cluster(board, cluster_id)
    members = board.members(cluster_id)
    layout = rules.cluster_layout(old.x, old.y, len(members))
    freed = [dataclasses.replace(n, cluster_id=None, x=x, y=y) for n, (x, y) in zip(members, layout.cards)]
    votes = [v for v in board.votes if v.cluster_id == cluster_id]
    edit = board_edit(QT_TRANSLATE_NOOP("Edit", "Ungroup"), old.name,
                      {"clusters": [old], "notes": members},
                      {"clusters": [dataclasses.replace(old, deleted=True)], "notes": freed})
    return _with_votes(edit, votes, [dataclasses.replace(v, deleted=True) for v in votes])


# --- duplicates --------------------------------------------------------------------------------

def merge_duplicates(document: Document, stage: int, note_ids: Iterable[str]) -> Edit:
    """The first card stands for the others; every original text is kept in the ones merged into it."""
    board = store.board(document, stage)
    chosen = _live_notes(board, note_ids)
    if len(chosen) < 2:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Choose at least two cards to merge."))
    keeper, others = chosen[0], chosen[1:]
    absorbed = {n.id for n in others}
    after = [dataclasses.replace(n, merged_into_id=keeper.id, cluster_id=keeper.cluster_id) for n in others]
    # duplicates merged into a merged card now point at the keeper; its parts belong to the keeper too
    after += [dataclasses.replace(n, merged_into_id=keeper.id) for n in board.notes.values()
              if n.merged_into_id in absorbed]
    after += [dataclasses.replace(n, parent_id=keeper.id) for n in board.notes.values()
              if n.parent_id in absorbed and n.id not in absorbed]
    votes = [v for v in board.votes if v.note_id in absorbed]
    moved_votes = [dataclasses.replace(v, note_id=keeper.id) for v in votes]
    edit = _note_edit(QT_TRANSLATE_NOOP("Edit", "Merge duplicates"), board, after, subject=_short(keeper.text))
    return _with_votes(edit, votes, moved_votes)


def separate_duplicate(document: Document, stage: int, note_id: str) -> Edit:
    """A merged card back on the board of its own, beside the card it was merged into."""
    board = store.board(document, stage)
    old = board.notes.get(note_id)
    if old is None or old.merged_into_id is None:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "That card is not merged into another."))
    x, y = rules.free_slot(board.prompt_index(old.prompt_id), occupied(board))
    keeper = board.notes.get(old.merged_into_id)
    new = dataclasses.replace(old, merged_into_id=None, x=x, y=y, cluster_id=keeper.cluster_id if keeper else None)
    return _note_edit(QT_TRANSLATE_NOOP("Edit", "Separate duplicate"), board, [new], subject=_short(old.text))


def similar_cards(document: Document, stage: int) -> list[list[str]]:
    """Suggested duplicates among the cards shown (revealed ones: a blank card is not compared), leaving apart the
    pairs dismissed as not duplicates."""
    board = store.board(document, stage)
    return rules.similar_groups([n for n in board.visible_notes() if not n.hidden],
                                dismissed=store.not_duplicates(document, stage))


def dismiss_duplicates(document: Document, stage: int, note_ids: Iterable[str]) -> Edit:
    """Not duplicates: the cards, two by two, are no longer suggested as alike (kept in the file, so the
    suggestion does not come back after reopening it or in a merged copy)."""
    chosen = _live_notes(store.board(document, _checked_stage(stage)), note_ids)
    pairs = {frozenset((a.id, b.id)) for a in chosen for b in chosen if a.id != b.id}
    if not pairs:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Choose at least two cards that are not duplicates."))
    before = [store.not_duplicate(document, pair) for pair in sorted(pairs, key=sorted)]
    return board_edit(QT_TRANSLATE_NOOP("Edit", "Not duplicates"), _short(chosen[0].text), {"not_duplicates": before},
                      {"not_duplicates": [dataclasses.replace(link, deleted=False) for link in before]})


# --- private writing and votes -----------------------------------------------------------------

def _settings_edit(document: Document, action: str, stage: int, **values) -> Edit:
    old = store.settings(document, _checked_stage(stage))
    return board_edit(action, "", {"settings": [old]}, {"settings": [dataclasses.replace(old, **values)]})


def set_private_writing(document: Document, stage: int, private: bool) -> Edit:
    return _settings_edit(document, QT_TRANSLATE_NOOP("Edit", "Write privately") if private
                          else QT_TRANSLATE_NOOP("Edit", "Write openly"), stage, private_writing=bool(private))


def reveal(document: Document, stage: int) -> Edit:
    """Every blank card shows its text; new cards are written openly from now on."""
    board = store.board(document, stage)
    hidden = [n for n in board.notes.values() if n.hidden]
    old = board.settings
    return board_edit(QT_TRANSLATE_NOOP("Edit", "Reveal cards"), str(len(hidden)),
                      {"notes": hidden, "settings": [old]},
                      {"notes": [dataclasses.replace(n, hidden=False) for n in hidden],
                       "settings": [dataclasses.replace(old, private_writing=False)]})


def set_vote_budget(document: Document, stage: int, budget: int) -> Edit:
    if not 0 <= budget <= 99:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "A vote budget is 0–99 dots, not {value}."), value=budget)
    return _settings_edit(document, QT_TRANSLATE_NOOP("Edit", "Set vote budget"), stage, vote_budget=int(budget))


def show_votes(document: Document, stage: int, shown: bool) -> Edit:
    return _settings_edit(document, QT_TRANSLATE_NOOP("Edit", "Show votes") if shown
                          else QT_TRANSLATE_NOOP("Edit", "Hide votes"), stage, votes_shown=bool(shown))


def _voter(document: Document, organisation_id: str) -> str:
    found = ratings_store.organisation(document, organisation_id)
    if found is None or found.deleted:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "That organisation no longer exists."))
    return found.name


def add_vote(document: Document, stage: int, organisation_id: str, target_id: str) -> Edit:
    """One dot of the organisation's budget on a card or a cluster."""
    board = store.board(document, stage)
    name = _voter(document, organisation_id)
    if board.votes_used(organisation_id) >= board.settings.vote_budget:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "{name} has used all its {budget} dots."),
                           name=name, budget=board.settings.vote_budget)
    if target_id in board.notes:
        vote = Vote(new_id(), stage, organisation_id, note_id=target_id)
    else:
        _live_cluster(board, target_id)
        vote = Vote(new_id(), stage, organisation_id, cluster_id=target_id)
    return board_edit(QT_TRANSLATE_NOOP("Edit", "Vote"), name, {"votes": [dataclasses.replace(vote, deleted=True)]},
                      {"votes": [vote]})


def remove_vote(document: Document, stage: int, organisation_id: str, target_id: str) -> Edit:
    board = store.board(document, stage)
    name = _voter(document, organisation_id)
    vote = next((v for v in board.votes if v.organisation_id == organisation_id and v.target == target_id), None)
    if vote is None:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "{name} has no dot here to take back."), name=name)
    return board_edit(QT_TRANSLATE_NOOP("Edit", "Take back vote"), name, {"votes": [vote]},
                      {"votes": [dataclasses.replace(vote, deleted=True)]})


# --- goals (the målbild) and links -------------------------------------------------------------

def _goal_edit(action: str, subject: str, before: list, after: list, more_before: Rows | None = None,
               more_after: Rows | None = None, extra: dict | None = None) -> Edit:
    return board_edit(action, subject, {"goals": before, **(more_before or {})}, {"goals": after, **(more_after or {})},
                      kinds=(BOARD, GOALS), extra=extra)


def add_goal(document: Document, text: str) -> Edit:
    goal = store.GoalRow(new_id(), store.next_position(document, "goal"), checked_text(text, NAME_MAX))
    return _goal_edit(QT_TRANSLATE_NOOP("Edit", "Add goal"), _short(goal.text),
                      [dataclasses.replace(goal, deleted=True)], [goal], extra={"id": goal.id})


def goal_from(document: Document, stage: int, source_id: str) -> Edit:
    """A card or a cluster becomes a goal of the målbild (the cluster's name, or the card's text)."""
    board = store.board(document, stage)
    if source_id in board.clusters:
        source = board.clusters[source_id]
        text = source.name or " / ".join(n.text for n in board.members(source_id))[:NAME_MAX]
        key = "clusters"
    else:
        source = _live_notes(board, [source_id])[0]
        text, key = source.text, "notes"
    goal = store.GoalRow(new_id(), store.next_position(document, "goal"), checked_text(text[:NAME_MAX], NAME_MAX))
    return _goal_edit(QT_TRANSLATE_NOOP("Edit", "Make goal"), _short(goal.text),
                      [dataclasses.replace(goal, deleted=True)], [goal],
                      {key: [source]}, {key: [dataclasses.replace(source, goal_id=goal.id)]}, extra={"id": goal.id})


def _live_goal(document: Document, goal_id: str) -> store.GoalRow:
    found = store.goal_row(document, goal_id)
    if found is None or found.deleted:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "That goal is not in the målbild any more."))
    return found


def edit_goal(document: Document, goal_id: str, text: str) -> Edit:
    old = _live_goal(document, goal_id)
    return board_edit(QT_TRANSLATE_NOOP("Edit", "Edit goal"), _short(old.text), {"goals": [old]},
                      {"goals": [dataclasses.replace(old, text=checked_text(text, NAME_MAX))]},
                      kinds=(BOARD, GOALS), merge_key=f"goal:{goal_id}")


def move_goal(document: Document, goal_id: str, index: int) -> Edit:
    """Puts the goal at ``index`` in the målbild's order (positions renumbered 0, 1, …)."""
    old = store.goal_rows(document)
    moving = _live_goal(document, goal_id)
    order = [g for g in old if g.id != goal_id]
    order.insert(max(0, min(index, len(order))), moving)
    new = [dataclasses.replace(g, position=i) for i, g in enumerate(order)]
    return board_edit(QT_TRANSLATE_NOOP("Edit", "Move goal"), _short(moving.text), {"goals": old}, {"goals": new},
                      kinds=(BOARD, GOALS))


def delete_goal(document: Document, goal_id: str) -> Edit:
    """The goal leaves the målbild; cards and clusters made into it forget it, links to it are cleared."""
    old = _live_goal(document, goal_id)
    notes = [n for stage in rules.STAGES for n in store.board(document, stage).notes.values() if n.goal_id == goal_id]
    clusters = [c for stage in rules.STAGES for c in store.board(document, stage).clusters.values()
                if c.goal_id == goal_id]
    links = [Link(n, goal_id) for n, goals in store.board(document, 2).note_goals.items() if goal_id in goals]
    return _goal_edit(QT_TRANSLATE_NOOP("Edit", "Delete goal"), _short(old.text),
                      [old], [dataclasses.replace(old, deleted=True)],
                      {"notes": notes, "clusters": clusters, "note_goals": links},
                      {"notes": [dataclasses.replace(n, goal_id=None) for n in notes],
                       "clusters": [dataclasses.replace(c, goal_id=None) for c in clusters],
                       "note_goals": [dataclasses.replace(link, deleted=True) for link in links]})


def link_goal(document: Document, note_ids: Iterable[str], goal_id: str, linked: bool = True) -> Edit:
    """Capability cards linked to (or unlinked from) a goal they serve."""
    board = store.board(document, 2)
    chosen = _live_notes(board, note_ids)
    goal = _live_goal(document, goal_id)
    before = [Link(n.id, goal_id, deleted=goal_id not in board.note_goals.get(n.id, set())) for n in chosen]
    after = [Link(n.id, goal_id, deleted=not linked) for n in chosen]
    return board_edit(QT_TRANSLATE_NOOP("Edit", "Link to goal") if linked else QT_TRANSLATE_NOOP("Edit", "Unlink goal"),
                      _short(goal.text), {"note_goals": before}, {"note_goals": after})
