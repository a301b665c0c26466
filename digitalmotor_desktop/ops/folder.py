"""Merging a synced folder into a workshop, again and again (issue 15).

``plan_folder`` looks at every workshop file in the folder (store.folder_scan)
and decides, per file, one of:

* **merged** — new: read through every untrusted-source check
  (store.untrusted, via ops.merge.plan_merge) and joined;
* **already merged** — its bytes' hash is in the document's ledger
  (store.folder_ledger): it is contained in the document already;
* **skipped** — a sync engine's temporary, partial or lock file, empty, a
  placeholder without local content, open somewhere (a live ``-journal`` or
  ``-wal``), still changing between two looks, or identical to another file;
* **refused** — it failed a check (with the sentence why), or it is anonymised
  (anonymised files are pooled with File → Merge, never into a named workshop).

A file is read once and hashed; if it is new, exactly those bytes are checked
and merged (from a copy in memory: store.untrusted), and their hash goes into
the ledger, so the ledger names exactly the bytes that were merged. A file whose
size or time changed while it was read is left for the next look. Re-merging an
unchanged folder hashes its files and reads nothing else.

``merge_folder_edit`` applies a plan to the open document in one transaction
as an undoable edit: the rows the join changed, the ledger rows and the
merge_source records — nothing else is touched, and the document keeps its
identity. It refuses to run on a document that changed since the snapshot the
plan was made from (``StaleFolderPlan``: plan again). A file that disappears
from the folder is simply no longer listed; nothing is ever deleted because
of it.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from digitalmotor_desktop.core.errors import Cancelled, InvalidInput, UserError
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.ops.changes import ALL, Changes, Edit
from digitalmotor_desktop.ops.merge import MergePlan, plan_merge, write_merge
from digitalmotor_desktop.store import folder_ledger, folder_rows
from digitalmotor_desktop.store.document import Document, open_document, today
from digitalmotor_desktop.store.folder_ledger import LedgerRow
from digitalmotor_desktop.store.folder_scan import (
    GROWING, VANISHED, Candidate, FileLook, look, looks, read_hashed, scan_folder,
)
from digitalmotor_desktop.store.merge import Join, Row, SourceReport, as_captured
from digitalmotor_desktop.store.untrusted import FileImage, open_untrusted

Progress = Callable[[float], None]

MERGED, ALREADY_MERGED, SKIPPED, REFUSED = "merged", "already merged", "skipped", "refused"

IDENTICAL = QT_TRANSLATE_NOOP("FolderScan", "identical to {other}")


class StaleFolderPlan(UserError):
    """The document changed after the plan's snapshot was taken."""


@dataclass
class FolderEntry:
    """One file of the folder and what the merge does with it."""

    name: str  # relative to the folder, for the preview
    status: str  # MERGED, ALREADY_MERGED, SKIPPED or REFUSED
    why: str = ""  # a skip reason template (context "FolderScan"), filled from ``values``
    values: dict = field(default_factory=dict)
    refusal: UserError | None = None
    conflict_of: str = ""  # the engine that made this conflict copy
    file_hash: str = ""
    document_id: str = ""
    report: SourceReport | None = None  # what a merged file adds (ops.merge)


@dataclass
class FolderPlan:
    """What merging the folder would do; plain data, safe to pass between threads."""

    entries: list[FolderEntry]
    looks: dict[Path, FileLook]  # pass to the next plan as ``previous``
    merge: MergePlan | None = None  # None when nothing is new
    base: dict[str, list[Row]] | None = None  # the document's rows as stored when the plan read them
    base_merge_sources: list[Row] = field(default_factory=list)
    base_clock: str = ""

    def having(self, status: str) -> list[FolderEntry]:
        return [entry for entry in self.entries if entry.status == status]

    @property
    def new_files(self) -> list[FolderEntry]:
        return self.having(MERGED)


def _never() -> bool:
    return False


def _relative(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.name


#: Files read and hashed at once (hashlib releases the GIL; reading waits on the disk).
HASH_WORKERS = 4


def _read(candidate: Candidate, ledger: frozenset[str]) -> tuple[str, bytes, str]:
    """A file's hash, its bytes unless the ledger has them already, and why it cannot be used (or "")."""
    try:
        digest, data = read_hashed(candidate.path)
    except OSError:
        return "", b"", VANISHED
    if look(candidate.path) != candidate.look:
        return "", b"", GROWING
    return digest, b"" if digest in ledger else data, ""


def plan_folder(folder: Path | str, *, base: Path | None = None,
                ledger: frozenset[str] = frozenset(), previous: dict[Path, FileLook] | None = None,
                exclude: tuple[Path, ...] = (), join: bool = True,
                progress: Progress = lambda fraction: None, cancelled: Callable[[], bool] = _never) -> FolderPlan:
    """Scans, hashes and (for new files only) checks and joins; writes nothing.

    ``base``: the workshop file the folder is merged into (read, only if something is new, in one
    read transaction: it may be open and written meanwhile); None for a new file. ``ledger``:
    that document's merged file hashes; ``previous``: the looks of the last plan. ``join=False``
    stops after hashing: new files are listed as MERGED but not checked (to count them).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "The folder “{name}” does not exist."), name=str(folder))
    candidates = scan_folder(folder, previous, exclude)
    entries: list[FolderEntry] = []
    seen: dict[str, str] = {}
    images: list[tuple[FolderEntry, FileImage]] = []
    with ThreadPoolExecutor(HASH_WORKERS) as workers:
        reads = workers.map(lambda c: _read(c, ledger) if c.readable else None, candidates)
        for number, (candidate, read) in enumerate(zip(candidates, reads)):
            if cancelled():
                workers.shutdown(cancel_futures=True)
                raise Cancelled()
            progress(0.3 * (number + 1) / max(1, len(candidates)))
            name = _relative(candidate.path, folder)
            entry = FolderEntry(name, SKIPPED, candidate.skip, conflict_of=candidate.conflict_of,
                                values={"engine": candidate.engine, "companion": candidate.companion})
            entries.append(entry)
            if read is None:
                continue
            digest, data, why = read
            if why:
                entry.why = why
                continue
            entry.file_hash = digest
            if digest in ledger:
                entry.status = ALREADY_MERGED
                continue
            if digest in seen:
                entry.why, entry.values = IDENTICAL, {"other": seen[digest]}
                continue
            seen[digest] = name
            entry.status = MERGED
            if join:
                images.append((entry, FileImage(candidate.name, data)))
    plan = FolderPlan(entries, looks(candidates))
    if images:
        _join(plan, base, images, progress, cancelled)
    progress(1.0)
    return plan


def _people_in(images: list[tuple[FolderEntry, FileImage]]) -> tuple[set[str], set[str]]:
    """The respondents and organisations the new files hold: the workshop's other ratings cannot change."""
    respondents: set[str] = set()
    organisations: set[str] = set()
    for _entry, image in images:
        try:
            with open_untrusted(image) as document:
                found = folder_rows.people_in(document)
        except UserError:
            continue  # refused again by plan_merge, with its sentence
        respondents |= found[0]
        organisations |= found[1]
    return respondents, organisations


def _join(plan: FolderPlan, base: Path | None, images: list[tuple[FolderEntry, FileImage]],
          progress: Progress, cancelled: Callable[[], bool]) -> None:
    """Checks and joins the new files after the base; refused ones are marked so."""
    first = None
    if base is not None:
        stored, plan.base_clock = folder_rows.read_consistent(base, *_people_in(images))
        if stored.anonymised:
            raise InvalidInput(QT_TRANSLATE_NOOP(
                "UserError", "“{name}” is anonymised; merge a folder into a facilitator's own file."), name=base.name)
        plan.base, plan.base_merge_sources = stored.tables, stored.merge_sources
        first = (base.name, as_captured(stored))
    merge = plan_merge([image for _entry, image in images], first=first, cancelled=cancelled,
                       progress=lambda fraction: progress(0.3 + 0.7 * fraction))
    reports = merge.reports[1:] if base is not None else merge.reports
    if base is not None and not merge.reports[0].accepted:
        raise merge.reports[0].refusal
    for (entry, _image), report in zip(images, reports):
        entry.document_id, entry.report = report.document_id, report
        if not report.accepted:
            entry.status, entry.refusal = REFUSED, report.refusal
        elif report.anonymised:
            entry.status, entry.refusal = REFUSED, InvalidInput(QT_TRANSLATE_NOOP(
                "UserError", "“{name}” is anonymised; pool anonymised files with File → Merge, not into a workshop."),
                name=entry.name)
    if any(source.anonymised for source in merge.sources):
        merge.sources = [source for source in merge.sources if not source.anonymised]
        merge.pooled = Join()
    plan.merge = merge if plan.new_files else None


def ledger_rows(plan: FolderPlan) -> list[LedgerRow]:
    """The ledger rows of the files merged by this plan."""
    merged_on = today()
    return [(entry.file_hash, entry.document_id, merged_on) for entry in plan.new_files]


def merged_rows(plan: FolderPlan) -> Join:
    """The join of the document and the new files, with the new files' merge_source records."""
    merge = plan.merge
    merged_on = today()
    for source in merge.sources[1 if plan.base is not None else 0:]:
        merge.named.record(source, merged_on)
    return merge.named


def is_current(document: Document, plan: FolderPlan) -> bool:
    """Whether the document is still as the plan's snapshot saw it (no edit since)."""
    return folder_rows.clock(document) == plan.base_clock


def merge_folder_edit(plan: FolderPlan) -> Edit:
    """The plan applied to the document whose snapshot it was made from, as one undoable edit."""
    if plan.merge is None or plan.base is None:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "There is nothing new to merge in the folder."))
    join = merged_rows(plan)
    changed = folder_rows.differences(plan.base, join)
    sources = folder_rows.merge_source_differences(plan.base_merge_sources, join)
    ledger = ledger_rows(plan)
    first_run = [True]
    changes = Changes.of(*ALL)

    def redo(document: Document) -> Changes:
        with document.transaction():
            if first_run[0] and not is_current(document, plan):
                raise StaleFolderPlan(QT_TRANSLATE_NOOP(
                    "UserError", "The workshop changed while the folder was read; the folder is read again."))
            folder_rows.apply(document, changed, sources, new=True)
            folder_ledger.record(document, ledger)
            document.clock.observe(join.clock())
        first_run[0] = False
        return changes

    def undo(document: Document) -> Changes:
        with document.transaction():
            folder_rows.apply(document, changed, sources, new=False)
            folder_ledger.forget(document, [row[0] for row in ledger])
        return changes

    names = ", ".join(entry.name for entry in plan.new_files[:3])
    return Edit(QT_TRANSLATE_NOOP("Edit", "Merge folder"), names, redo=redo, undo=undo,
                extra={"files": len(plan.new_files), "rows": sum(len(rows) for rows in changed.values())})


def write_new_file(plan: FolderPlan, output: Path) -> None:
    """Writes the files of a plan made without a base into a new file ``output``, with its ledger."""
    if plan.merge is None:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "There is nothing new to merge in the folder."))
    write_merge(plan.merge, output, also=lambda document: folder_ledger.record(document, ledger_rows(plan)))


#: How often a folder is planned again when the output changed while the folder was read.
ATTEMPTS = 3


@dataclass
class FolderMerge:
    plan: FolderPlan  # of the first attempt: what the preview shows
    written: bool = False
    rows: int = 0  # rows changed in the output


def merge_folder_into_file(folder: Path | str, output: Path | str, *, dry_run: bool = False) -> FolderMerge:
    """``digitalmotor merge --output OUT --folder FOLDER``: a new OUT from the folder, or the folder's
    new files merged into an existing OUT in place (its ledger says which files it holds)."""
    output = Path(output)
    if not output.exists():
        plan = plan_folder(folder, exclude=(output,))
        if plan.merge is None or dry_run:
            return FolderMerge(plan)
        write_new_file(plan, output)
        return FolderMerge(plan, True, sum(len(rows) for rows in plan.merge.named.rows.values()))
    counted = plan_folder(folder, ledger=folder_ledger.read_hashes(output), exclude=(output,), join=False)
    if not counted.new_files:  # an unchanged folder: hashing it was all there was to do
        return FolderMerge(counted)
    with open_document(output) as document:
        first = None
        for _attempt in range(ATTEMPTS):
            plan = plan_folder(folder, base=output, ledger=folder_ledger.merged_hashes(document), exclude=(output,))
            first = first or plan
            if plan.merge is None or dry_run:
                return FolderMerge(first)
            edit = merge_folder_edit(plan)
            try:
                edit.redo(document)
            except StaleFolderPlan:
                continue
            return FolderMerge(first, True, edit.extra["rows"])
    raise StaleFolderPlan(QT_TRANSLATE_NOOP("UserError", "The workshop kept changing while the folder was read; try again."))
