"""The board of stages 1 and 2: its rows, geometry and rules, without Qt.

Rules (the canvas in gui/board only draws what these say):

* **Places.** Prompts stand side by side as column heads (``prompt_rect``);
  a card captured under a prompt goes to the first free slot of its column
  (``free_slot``), so fast capture never stacks cards on each other.
* **Clusters** lay their members out themselves (``cluster_layout``): a title
  band big enough for a 20 px name, then a grid of cards in member order. A
  card's own ``x, y`` count only while it is outside a cluster. New clusters
  stack in a column right of the questions (``cluster_slot``), so a cluster
  never covers the cards still to be sorted; "Order by votes" restacks them.
* **Dropping** (``drop_target``): on a cluster, the card joins it; on a
  card, the two start a cluster (unless the card is one of those dragged);
  anywhere else, the cards leave their cluster and stay where they were put.
  The keyboard and the menus reach the same ops without pointing.
* **Duplicates** are merged, never deleted: the merged cards keep their text
  and point at the card that stands for them (``merged_into_id``).
  ``similar_groups`` suggests cards that look alike: Swedish text is
  normalised (case, punctuation, spacing, the commonest little words) before
  rapidfuzz's token-set ratio compares it, so word order and filler do not
  hide a duplicate.
* **Votes**: each organisation has ``budget`` dots per board, given to cards
  or clusters; a cluster's total is its own dots plus its members'. Totals
  order the clusters (``clusters_by_votes``), most dots first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

#: Note kinds per stage, in the order one key cycles them.
NOTE_KINDS = {1: ("expectation", "challenge", "unique"), 2: ("capability",)}
STAGES = (1, 2)

CARD_WIDTH = 250.0
CARD_HEIGHT = 120.0
GAP = 16.0
PROMPT_HEIGHT = 170.0  # six lines of a 20 px question in a column
#: Cards per row in a prompt's column and in a cluster (narrow: a projector shows the questions side by side at 100 %).
COLUMN_CARDS = 1
CLUSTER_COLUMNS = 2
CLUSTER_TITLE = 64.0  # room for a 20 px cluster name and a vote badge
CLUSTER_PADDING = 16.0
COLUMN_WIDTH = COLUMN_CARDS * CARD_WIDTH + (COLUMN_CARDS + 1) * GAP
#: Child cards (a break-down) are drawn this much to the right of their parent.
CHILD_INDENT = 28.0


@dataclass(frozen=True)
class Prompt:
    id: str
    stage: int
    position: int
    text: str
    domain_id: str | None = None
    deleted: bool = False


@dataclass(frozen=True)
class Note:
    id: str
    stage: int
    text: str
    kind: str = "expectation"
    prompt_id: str | None = None
    cluster_id: str | None = None
    parent_id: str | None = None
    merged_into_id: str | None = None
    domain_id: str | None = None
    goal_id: str | None = None
    x: float = 0.0
    y: float = 0.0
    position: int = 0
    hidden: bool = False
    deleted: bool = False


@dataclass(frozen=True)
class Cluster:
    id: str
    stage: int
    name: str = ""
    x: float = 0.0
    y: float = 0.0
    goal_id: str | None = None
    area_id: str | None = None
    group_id: str | None = None
    deleted: bool = False


@dataclass(frozen=True)
class Vote:
    id: str
    stage: int
    organisation_id: str
    note_id: str | None = None
    cluster_id: str | None = None
    deleted: bool = False

    @property
    def target(self) -> str:
        return self.note_id or self.cluster_id or ""


@dataclass(frozen=True)
class BoardSettings:
    stage: int
    vote_budget: int = 5
    private_writing: bool = False
    votes_shown: bool = False


@dataclass(frozen=True)
class Link:
    """A plain link row (note ↔ goal, capability ↔ note): last writer wins, cleared by ``deleted``."""

    left: str
    right: str
    deleted: bool = False


@dataclass
class Board:
    """One stage's board as read from the document: live rows only."""

    stage: int
    settings: BoardSettings
    prompts: list[Prompt] = field(default_factory=list)
    notes: dict[str, Note] = field(default_factory=dict)
    clusters: dict[str, Cluster] = field(default_factory=dict)
    votes: list[Vote] = field(default_factory=list)
    note_goals: dict[str, set[str]] = field(default_factory=dict)

    @cached_property
    def _index(self) -> tuple[list[Note], dict[str, list[Note]], dict[str, list[Note]], dict[str, list[Note]]]:
        """Shown cards, and cards by cluster, by the card merged into and by parent, each in capture order
        (a board is read once per change, so these are built once, not per card)."""
        ordered = sorted(self.notes.values(), key=lambda n: (n.position, n.id))
        visible = [n for n in ordered if n.merged_into_id is None]
        members: dict[str, list[Note]] = {}
        merged: dict[str, list[Note]] = {}
        children: dict[str, list[Note]] = {}
        for note in ordered:
            if note.merged_into_id is not None:
                merged.setdefault(note.merged_into_id, []).append(note)
                continue
            if note.cluster_id is not None:
                members.setdefault(note.cluster_id, []).append(note)
            if note.parent_id is not None:
                children.setdefault(note.parent_id, []).append(note)
        return visible, {c: _parts_after_parents(cards) for c, cards in members.items()}, merged, children

    def visible_notes(self) -> list[Note]:
        """Cards on the board, in capture order: merged duplicates are shown inside the card they were merged into."""
        return self._index[0]

    def members(self, cluster_id: str) -> list[Note]:
        return self._index[1].get(cluster_id, [])

    def merged_into(self, note_id: str) -> list[Note]:
        return self._index[2].get(note_id, [])

    def children(self, note_id: str) -> list[Note]:
        return self._index[3].get(note_id, [])

    def prompt_index(self, prompt_id: str | None) -> int:
        return next((i for i, p in enumerate(self.prompts) if p.id == prompt_id), 0)

    def vote_totals(self) -> dict[str, int]:
        """Dots per card and per cluster; a cluster counts its members' dots too."""
        totals: dict[str, int] = {}
        for vote in self.votes:
            totals[vote.target] = totals.get(vote.target, 0) + 1
        for note in self.visible_notes():
            if note.cluster_id in self.clusters and note.id in totals:
                totals[note.cluster_id] = totals.get(note.cluster_id, 0) + totals[note.id]
        return totals

    def votes_used(self, organisation_id: str) -> int:
        return sum(1 for v in self.votes if v.organisation_id == organisation_id)


def _parts_after_parents(cards: list[Note]) -> list[Note]:
    """Cards in capture order, except that the parts of a card follow it (depth first): a break-down
    reads as one."""
    here = {n.id for n in cards}
    children: dict[str, list[Note]] = {}
    for note in cards:
        if note.parent_id in here:
            children.setdefault(note.parent_id, []).append(note)
    ordered: list[Note] = []

    def visit(note: Note) -> None:
        ordered.append(note)
        for child in children.get(note.id, []):
            visit(child)

    for note in cards:
        if note.parent_id not in here:
            visit(note)
    return ordered


# --- geometry ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x <= self.right and self.y <= y <= self.bottom

    def intersects(self, other: "Rect") -> bool:
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom


def prompt_rect(index: int) -> Rect:
    return Rect(index * (COLUMN_WIDTH + GAP), 0.0, COLUMN_WIDTH, PROMPT_HEIGHT)


def card_rect(x: float, y: float) -> Rect:
    return Rect(x, y, CARD_WIDTH, CARD_HEIGHT)


def free_slot(prompt_index: int, occupied: list[Rect]) -> tuple[float, float]:
    """The first place in the prompt's column (row by row) where a new card overlaps nothing.

    Linear in the number of rects: each marks the grid cells of the column it covers.
    """
    column = prompt_rect(prompt_index)
    pitch_x, pitch_y = CARD_WIDTH + GAP, CARD_HEIGHT + GAP
    left, top = column.x + GAP, column.bottom + GAP
    blocked: set[tuple[int, int]] = set()
    for rect in occupied:
        if rect.right <= left or rect.x >= left + COLUMN_CARDS * pitch_x or rect.bottom <= top:
            continue
        first_row = max(0, int((rect.y - top) // pitch_y))
        last_row = max(0, int((rect.bottom - top) // pitch_y))
        for slot in range(COLUMN_CARDS):
            x = left + slot * pitch_x
            if not (x < rect.right and rect.x < x + CARD_WIDTH):
                continue
            for row in range(first_row, last_row + 1):
                y = top + row * pitch_y
                if y < rect.bottom and rect.y < y + CARD_HEIGHT:
                    blocked.add((row, slot))
    row = 0
    while True:
        for slot in range(COLUMN_CARDS):
            if (row, slot) not in blocked:
                return left + slot * pitch_x, top + row * pitch_y
        row += 1


@dataclass(frozen=True)
class ClusterLayout:
    frame: Rect
    title: Rect
    cards: tuple[tuple[float, float], ...]


def cluster_layout(x: float, y: float, members: int, *, title_width: float = 0.0) -> ClusterLayout:
    """The frame of a cluster at ``x, y`` and the places of its ``members`` cards, in order."""
    columns = max(1, min(CLUSTER_COLUMNS, members))
    rows = max(1, -(-members // CLUSTER_COLUMNS))
    width = max(columns * CARD_WIDTH + (columns - 1) * GAP + 2 * CLUSTER_PADDING, title_width + 2 * CLUSTER_PADDING)
    height = CLUSTER_TITLE + rows * CARD_HEIGHT + (rows - 1) * GAP + CLUSTER_PADDING
    cards = tuple((x + CLUSTER_PADDING + (i % CLUSTER_COLUMNS) * (CARD_WIDTH + GAP),
                   y + CLUSTER_TITLE + (i // CLUSTER_COLUMNS) * (CARD_HEIGHT + GAP)) for i in range(members))
    return ClusterLayout(Rect(x, y, width, height), Rect(x, y, width, CLUSTER_TITLE), cards)


def clusters_left(prompt_count: int) -> float:
    """Clusters stand in a column of their own, right of the questions' columns."""
    return prompt_rect(max(prompt_count, 1)).x + GAP


def cluster_slot(prompt_count: int, frames: list[Rect]) -> tuple[float, float]:
    """Where a new cluster goes: below the lowest cluster of the clusters' column."""
    left = clusters_left(prompt_count)
    bottoms = [f.bottom for f in frames if f.right > left]
    return left, (max(bottoms) + GAP) if bottoms else 0.0


def stacked_clusters(prompt_count: int, ordered: list[tuple[str, int]]) -> dict[str, tuple[float, float]]:
    """Places for clusters (id, members) stacked in this order in the clusters' column."""
    left, y = clusters_left(prompt_count), 0.0
    places = {}
    for cluster_id, members in ordered:
        places[cluster_id] = (left, y)
        y += cluster_layout(left, y, members).frame.height + GAP
    return places


@dataclass(frozen=True)
class DropTarget:
    """Where dragged cards land: ``kind`` is "cluster", "card" or "board"."""

    kind: str
    id: str = ""


def drop_target(x: float, y: float, cards: dict[str, Rect], clusters: dict[str, Rect],
                dragged: set[str]) -> DropTarget:
    """What a drop at ``x, y`` means: a card under the point wins over the cluster around it."""
    for card_id, rect in cards.items():
        if card_id not in dragged and rect.contains(x, y):
            return DropTarget("card", card_id)
    for cluster_id, rect in clusters.items():
        if rect.contains(x, y):
            return DropTarget("cluster", cluster_id)
    return DropTarget("board")


def nearest_in_direction(origin: Rect, candidates: dict[str, Rect], dx: int, dy: int) -> str | None:
    """The card an arrow key moves focus to: the closest whose centre lies in that direction."""
    ox, oy = origin.x + origin.width / 2, origin.y + origin.height / 2
    best: tuple[float, str] | None = None
    for card_id, rect in candidates.items():
        cx, cy = rect.x + rect.width / 2, rect.y + rect.height / 2
        ahead = (cx - ox) * dx + (cy - oy) * dy
        if ahead <= 1:
            continue
        across = abs((cx - ox) * dy) + abs((cy - oy) * dx)
        score = ahead + 2 * across
        if best is None or score < best[0]:
            best = (score, card_id)
    return best[1] if best else None


# --- rules -------------------------------------------------------------------------------------

def next_kind(stage: int, kind: str) -> str:
    kinds = NOTE_KINDS[stage]
    return kinds[(kinds.index(kind) + 1) % len(kinds)] if kind in kinds else kinds[0]


def clusters_by_votes(board: Board) -> list[Cluster]:
    """Most dots first; ties by name, then id, so the order is the same on every laptop."""
    totals = board.vote_totals()
    return sorted(board.clusters.values(), key=lambda c: (-totals.get(c.id, 0), c.name.casefold(), c.id))


#: Words too common in Swedish notes to tell two notes apart.
_FILLER = frozenset("och att i en ett som det av på med till för är vi de den kan ska om vara bli mer".split())


def normalise(text: str) -> str:
    """Lower case, punctuation and filler words out, spacing collapsed; å, ä and ö stay letters of their own."""
    text = unicodedata.normalize("NFC", text).casefold()
    words = re.findall(r"\w+", text)
    kept = [w for w in words if w not in _FILLER]
    return " ".join(kept or words)


#: How alike (0–100, rapidfuzz token-set ratio of normalised texts) two notes must be to be suggested.
SIMILARITY_THRESHOLD = 82.0


def similar_groups(notes: list[Note], threshold: float = SIMILARITY_THRESHOLD,
                   dismissed: frozenset[frozenset[str]] = frozenset()) -> list[list[str]]:
    """Groups of note ids that look alike (each group ≥ 2, in capture order), biggest first.

    ``dismissed``: pairs the facilitator said are not duplicates; they never join a group by themselves.
    """
    from rapidfuzz import fuzz, process

    ordered = sorted(notes, key=lambda n: (n.position, n.id))
    texts = [normalise(n.text) for n in ordered]
    if len(texts) < 2:
        return []
    scores = process.cdist(texts, texts, scorer=fuzz.token_set_ratio, score_cutoff=threshold)
    parent = list(range(len(ordered)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(ordered)):
        for j in range(i + 1, len(ordered)):
            if scores[i][j] and texts[i] and frozenset((ordered[i].id, ordered[j].id)) not in dismissed:
                parent[root(j)] = root(i)
    groups: dict[int, list[str]] = {}
    for i, note in enumerate(ordered):
        groups.setdefault(root(i), []).append(note.id)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: -len(g))


def draft_description(text: str) -> str:
    """A first "Vi kan …" description for a capability made from a card (the map's wording)."""
    text = " ".join(text.split()).rstrip(".")
    if not text:
        return ""
    if text.casefold().startswith("vi kan "):
        return text + "."
    return f"Vi kan {text[0].lower()}{text[1:]}."
