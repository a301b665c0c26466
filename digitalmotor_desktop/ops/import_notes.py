"""Cards to and from a spreadsheet: ``import-notes`` and ``export --what notes``.

The CSV has the header ``prompt,kind,text,cluster`` (more columns are
ignored on import; the export adds ``merged_into`` and ``votes``). A prompt
is named by its text or its number (1 = the board's first question); a kind
by its identifier or its Swedish or English name; an empty cluster leaves the
card on its own, a new cluster name makes the cluster.

As with ratings, the whole file is checked before anything is written: any
problem is reported with its line and nothing changes. Input is bounded
(``MAX_BYTES``, ``MAX_ROWS``, the text limits of core/limits.py). A card
that is already on the board under the same question with the same text
(ignoring case and spacing) is skipped, so importing a file again adds
nothing — also a file this app exported, whose formula-like texts carry an
apostrophe: everything written to the CSV is neutralised against formulas.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from digitalmotor_desktop.core import board as rules
from digitalmotor_desktop.core.board import Cluster, Note
from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.ids import new_id
from digitalmotor_desktop.core.limits import NAME_MAX, TEXT_MAX
from digitalmotor_desktop.core.ratings import name_key
from digitalmotor_desktop.export.cells import FORMULA_TRIGGERS, safe_text
from digitalmotor_desktop.ops.board import next_position, occupied
from digitalmotor_desktop.ops.changes import BOARD, Changes
from digitalmotor_desktop.ops.import_ratings import RowProblems
from digitalmotor_desktop.ops.rating_sources import csv_table
from digitalmotor_desktop.store import board as store
from digitalmotor_desktop.store.document import Document

COLUMNS = ("prompt", "kind", "text", "cluster")
EXPORT_COLUMNS = (*COLUMNS, "merged_into", "votes")
MAX_BYTES = 5_000_000
MAX_ROWS = 10_000
#: Names a spreadsheet may use for a kind, by kind.
KIND_WORDS = {
    "expectation": ("expectation", "förväntan", "forvantan"),
    "challenge": ("challenge", "utmaning"),
    "unique": ("unique", "unikt", "unik"),
    "capability": ("capability", "förmåga", "formaga"),
}


@dataclass
class NotesImport:
    source: str
    rows: int = 0
    added: int = 0
    skipped: int = 0
    clusters_added: int = 0

    @property
    def changes(self) -> Changes:
        return Changes.of(BOARD)


def _check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” is {size} MB; a notes file may be at most {limit} MB."),
                               name=path.name, size=round(size / 1e6, 1), limit=MAX_BYTES // 1_000_000)
    except OSError as error:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” could not be read ({reason})."),
                           name=path.name, reason=error.strerror or error) from None


def _unguarded(text: str) -> str:
    """A cell as the app wrote it: the apostrophe ``safe_text`` put before a formula sign comes off again
    (the text stays text in the app; every export guards it anew)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS) else text


def import_notes(document: Document, path: Path | str, stage: int = 1, *, dry_run: bool = False) -> NotesImport:
    """Checks the whole file, then writes its new cards (and clusters) in one transaction."""
    path = Path(path)
    _check_size(path)
    table = [(line, [c.strip() for c in cells]) for line, cells in csv_table(path)
             if any(c.strip() for c in cells)]
    if not table:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” is empty."), name=path.name)
    header = {}
    for position, title in enumerate(table[0][1]):
        header.setdefault(" ".join(title.lstrip("\ufeff").split()).casefold(), position)
    missing = [c for c in ("prompt", "text") if c not in header]
    if missing:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” lacks the column(s) {missing}; the first row must name the columns {columns}."),
                           name=path.name, missing=", ".join(missing), columns=",".join(COLUMNS))
    rows = table[1:]
    if len(rows) > MAX_ROWS:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” has {count} rows; at most {limit} can be imported at once."),
                           name=path.name, count=len(rows), limit=MAX_ROWS)
    board = store.board(document, stage)
    prompts = {name_key(p.text): p for p in board.prompts}
    kinds = {word: kind for kind in rules.NOTE_KINDS[stage] for word in KIND_WORDS[kind]}
    clusters = {name_key(c.name): c for c in board.clusters.values() if c.name}
    known = {(n.prompt_id, name_key(n.text)) for n in board.notes.values()}
    problems = RowProblems()
    report = NotesImport(path.name, rows=len(rows))
    new_notes: list[Note] = []
    new_clusters: dict[str, Cluster] = {}
    frames = [rules.cluster_layout(c.x, c.y, len(board.members(c.id))).frame for c in board.clusters.values()]
    taken = occupied(board)
    position = next_position(board)
    for line, cells in rows:
        def cell(column: str) -> str:
            index = header.get(column)
            return cells[index] if index is not None and index < len(cells) else ""

        prompt_text, kind_text, text, cluster_name = (_unguarded(cell(c)) for c in COLUMNS)
        prompt = prompts.get(name_key(prompt_text))
        if prompt is None and prompt_text.isdigit() and 1 <= int(prompt_text) <= len(board.prompts):
            prompt = board.prompts[int(prompt_text) - 1]
        if prompt is None:
            problems.add(QT_TRANSLATE_NOOP("UserError", "Line {line}: there is no question “{value}” (give its text or its number, 1–{count})."),
                         line=line, value=prompt_text, count=len(board.prompts))
        kind = kinds.get(kind_text.casefold(), rules.NOTE_KINDS[stage][0] if not kind_text else None)
        if kind is None:
            problems.add(QT_TRANSLATE_NOOP("UserError", "Line {line}: “{value}” is not a kind of card here ({kinds})."),
                         line=line, value=kind_text, kinds=", ".join(rules.NOTE_KINDS[stage]))
        if not text:
            problems.add(QT_TRANSLATE_NOOP("UserError", "Line {line}: the text is empty."), line=line)
        elif len(text) > TEXT_MAX:
            problems.add(QT_TRANSLATE_NOOP("UserError", "Line {line}: the text is {length} characters long; at most {limit} fit."),
                         line=line, length=len(text), limit=TEXT_MAX)
        if len(cluster_name) > NAME_MAX:
            problems.add(QT_TRANSLATE_NOOP("UserError", "Line {line}: the cluster name is {length} characters long; at most {limit} fit."),
                         line=line, length=len(cluster_name), limit=NAME_MAX)
        if prompt is None or kind is None or not text or len(text) > TEXT_MAX or len(cluster_name) > NAME_MAX:
            continue
        if (prompt.id, name_key(text)) in known:
            report.skipped += 1
            continue
        known.add((prompt.id, name_key(text)))
        cluster_id = None
        if cluster_name:
            key = name_key(cluster_name)
            cluster = clusters.get(key) or new_clusters.get(key)
            if cluster is None:
                x, y = rules.cluster_slot(len(board.prompts), frames)
                cluster = new_clusters[key] = Cluster(new_id(), stage, " ".join(cluster_name.split()), x, y)
            cluster_id = cluster.id
            frames.append(rules.cluster_layout(cluster.x, cluster.y,
                                               1 + sum(n.cluster_id == cluster_id for n in new_notes)).frame)
            x, y = 0.0, 0.0
        else:
            x, y = rules.free_slot(board.prompt_index(prompt.id), taken)
            taken.append(rules.card_rect(x, y))
        new_notes.append(Note(new_id(), stage, text, kind, prompt.id, cluster_id, x=x, y=y, position=position,
                              hidden=board.settings.private_writing))
        position += 1
    problems.raise_if_any(path)
    report.added, report.clusters_added = len(new_notes), len(new_clusters)
    if not dry_run and new_notes:
        store.save(document, clusters=list(new_clusters.values()), notes=new_notes)
    return report


def export_notes(document: Document, output: Path | str, stage: int = 1) -> int:
    """Every card of the stage's board as CSV (UTF-8 with BOM), in capture order; returns how many."""
    board = store.board(document, stage)
    numbers = {p.id: str(i) for i, p in enumerate(board.prompts, start=1)}
    prompts = {p.id: p.text for p in board.prompts}
    texts = {n.id: n.text for n in board.notes.values()}
    totals = board.vote_totals()
    notes = sorted(board.notes.values(), key=lambda n: (n.position, n.id))
    output = Path(output)
    try:
        with output.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(EXPORT_COLUMNS)
            for note in notes:
                cluster = board.clusters.get(note.cluster_id)
                writer.writerow([safe_text(prompts.get(note.prompt_id, numbers.get(note.prompt_id, ""))), note.kind,
                                 safe_text(note.text), safe_text(cluster.name if cluster else ""),
                                 safe_text(texts.get(note.merged_into_id, "")), totals.get(note.id, 0)])
    except OSError as error:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” could not be written ({reason}); nothing was changed."),
                           name=output.name, reason=error.strerror or error) from None
    return len(notes)
