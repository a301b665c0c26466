"""Merge, anonymise and hand out workshop files (issue 5).

``plan_merge`` reads and checks every source (store.untrusted) and reports,
per source, what it would add — nothing is written. ``write_merge`` writes the
result of a plan into a new file; ``write_handout`` writes a participant's
hand-out. Both write to ``OUT.partial`` beside the output and move it into
place only when it is complete, so a crash or a kill leaves either the old
output or the new one. Sources are never written to.

The work is plain Python over tuples: it runs on any thread, opens its own
SQLite connections and checks ``cancelled()`` between steps.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from digitalmotor_desktop.core.errors import Cancelled, InvalidInput, UserError
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.ids import new_id
from digitalmotor_desktop.core.model import CONSENT_FACILITATOR
from digitalmotor_desktop.core.ratings import name_key
from digitalmotor_desktop.store.document import Document, today
from digitalmotor_desktop.store.merge import (
    CombinedOrganisation,
    Conflict,
    Join,
    PossibleDuplicate,
    SourceReport,
    SourceRows,
    anonymise,
    combine_organisations,
    label_organisations,
    possible_duplicates,
    read_source,
    spec,
    write_join,
)
from digitalmotor_desktop.store.files import write_atomically
from digitalmotor_desktop.store.untrusted import FileImage, open_untrusted

Progress = Callable[[float], None]


class IncompatibleSource(UserError):
    """A source made from another template or with another scale."""


@dataclass
class MergePlan:
    """What merging the sources would do. Holds plain data only (no connections)."""

    reports: list[SourceReport]
    sources: list[SourceRows]  # the accepted ones, in the order given
    named: Join  # the accepted sources that hold identities, joined
    pooled: Join  # the accepted anonymised sources, joined
    combined: list[CombinedOrganisation] = field(default_factory=list)
    duplicates: list[PossibleDuplicate] = field(default_factory=list)

    @property
    def accepted(self) -> list[SourceReport]:
        return [report for report in self.reports if report.accepted]

    @property
    def refused(self) -> list[SourceReport]:
        return [report for report in self.reports if not report.accepted]

    @property
    def has_anonymised(self) -> bool:
        return any(source.anonymised for source in self.sources)


def _never() -> bool:
    return False


def _check_compatible(source: SourceRows, reference: SourceRows | None, name: str) -> None:
    if reference is None:
        return
    if source.template != reference.template:
        raise IncompatibleSource(QT_TRANSLATE_NOOP(
            "UserError", "“{name}” was made from the template “{found}”, not “{expected}” like the first file; they cannot be merged."),
            name=name, found=source.template, expected=reference.template)
    if source.levels != reference.levels:
        raise IncompatibleSource(QT_TRANSLATE_NOOP(
            "UserError", "“{name}” uses a different maturity scale (levels {found}) from the first file (levels {expected}); they cannot be merged."),
            name=name, found=", ".join(map(str, source.levels)), expected=", ".join(map(str, reference.levels)))


#: Begins the pseudonym seed of a hand-out: its own secret, never the lead's (``write_handout``).
HANDOUT_SEED_PREFIX = "handout-"


def _secret_rank(seed: str) -> tuple[bool, str]:
    """A workshop's own seed beats a hand-out's; between two of a kind the greater (any fixed order
    would do: it has to be one, so merge stays associative)."""
    return (not seed.startswith(HANDOUT_SEED_PREFIX), seed)


def _one_secret(sources: list[SourceRows]) -> None:
    """Gives every source's workshop row the best seed any of them holds (in place).

    A hand-out carries a seed of its own, so a participant never holds the secret behind the lead's
    pseudonyms, derived ids and export-ledger digests; merged back, the lead's seed is kept — also when
    the participant edited the workshop row, whose other columns then win as usual.
    """
    if not sources:
        return
    column = spec("workshop").index("pseudonym_seed")
    best = max((row[column] for source in sources for row in source.tables["workshop"]), key=_secret_rank)
    for source in sources:
        source.tables["workshop"] = [(*row[:column], best, *row[column + 1:]) for row in source.tables["workshop"]]


#: Sources checked and read at once (SQLite's checks run without holding the GIL).
READ_WORKERS = 2


def _read(item: Path | FileImage | SourceRows) -> SourceRows | UserError:
    """A source's rows through every untrusted-source check, or the sentence that refuses it."""
    if isinstance(item, SourceRows):
        return item
    try:
        with open_untrusted(item) as document:
            return read_source(document)
    except UserError as refusal:
        return refusal


def plan_merge(paths: Sequence[Path | str | FileImage], *, progress: Progress = lambda f: None,
               cancelled: Callable[[], bool] = _never, first: tuple[str, SourceRows] | None = None) -> MergePlan:
    """Reads and checks each source; a refused source is reported with its sentence and left out.

    ``paths``: files, or their bytes as read already (``FileImage``). ``first``: a source already
    read, with its name, joined before the files (the open workshop, whose own snapshot needs no
    untrusted checks).
    """
    items: list[tuple[str, Path | FileImage | SourceRows]] = [first] if first is not None else []
    items += [(p.name, p) if isinstance(p, FileImage) else (Path(p).name, Path(p)) for p in paths]
    reports, sources = [], []
    named, pooled = Join(), Join()
    reference = None
    with ThreadPoolExecutor(READ_WORKERS) as workers:
        for number, ((name, _item), read) in enumerate(zip(items, workers.map(_read, (item for _name, item in items)))):
            if cancelled():
                workers.shutdown(cancel_futures=True)
                raise Cancelled()
            report = SourceReport(name)
            reports.append(report)
            progress((number + 1) / len(items))
            try:
                if isinstance(read, UserError):
                    raise read
                _check_compatible(read, reference, name)
            except UserError as refusal:
                report.refusal = refusal
                continue
            source = read
            reference = reference or source
            sources.append(source)
            report.document_id, report.anonymised = source.document_id, source.anonymised
            report.organisations, report.respondents, report.ratings = source.counts
    _one_secret([source for source in sources if not source.anonymised])
    for report, source in zip([r for r in reports if r.accepted], sources):  # counted in the order given
        (pooled if source.anonymised else named).add(source, report)
    combined = combine_organisations(named)
    everything = named
    if pooled.rows["workshop"]:
        everything = Join()
        everything.add(named)
        everything.add(pooled)
    return MergePlan(reports, sources, named, pooled, combined, possible_duplicates(everything))


def kept_consent(plan: MergePlan, conflict: Conflict) -> str:
    """The consent the merge keeps for a conflict's respondent: the strictest any source holds."""
    people = spec("respondent")
    row = plan.named.rows["respondent"].get(conflict.key) or plan.pooled.rows["respondent"].get(conflict.key)
    return row[people.index("consent")] if row else CONSENT_FACILITATOR


def merged_join(plan: MergePlan, *, anonymised: bool = False, keep_comments: bool = False) -> tuple[Join, bool]:
    """The rows of the merged file, and whether it is anonymised (it is if any source was)."""
    merged_on = today()
    for source in plan.sources:
        (plan.pooled if source.anonymised else plan.named).record(source, merged_on)
    if not (anonymised or plan.has_anonymised):
        return plan.named, False
    result = anonymise(plan.named, keep_comments=keep_comments) if plan.named.rows["workshop"] else Join()
    result.add(plan.pooled)
    label_organisations(result)
    return result, True


def _refuse_output(output: Path, sources: Sequence[Path]) -> None:
    name = output.name
    if any(output.resolve() == Path(source).resolve() for source in sources):
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "The output “{name}” is also a source; choose a new file for the result."), name=name)
    wal = Path(str(output) + "-wal")
    if wal.exists() and wal.stat().st_size:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” is open in Digital motor desktop or was not closed properly; close it or choose another output file."), name=name)
    if not output.parent.is_dir():
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "The folder of “{name}” does not exist."), name=name)


def write_merge(plan: MergePlan, output: Path | str, source_paths: Sequence[Path | str] = (), *,
                anonymised: bool = False, keep_comments: bool = False,
                progress: Progress = lambda f: None, cancelled: Callable[[], bool] = _never,
                also: Callable[[Document], None] = lambda document: None) -> bool:
    """Writes the merged file; returns whether it is anonymised. Refuses (writing nothing) without sources.

    ``also`` writes more rows into the new file before it is moved into place (a folder merge's ledger).
    """
    output = Path(output)
    _refuse_output(output, [Path(p) for p in source_paths])
    if not plan.sources:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "None of the files can be merged, so nothing was written."))
    join, is_anonymised = merged_join(plan, anonymised=anonymised, keep_comments=keep_comments)
    if cancelled():
        raise Cancelled()
    def fill(document: Document) -> None:
        write_join(document, join, progress)
        with document.transaction():
            also(document)

    write_atomically(output, fill, anonymised=is_anonymised, cancelled=cancelled)
    return is_anonymised


def write_handout(path: Path | str, output: Path | str, organisation: str | None = None, *,
                  protected: Sequence[Path] = ()) -> str | None:
    """A participant's file: the map, scale, goals and ideas, and no organisation's data but the named one's.

    Returns the id of the hand-out's organisation (created if the file has none by that name).
    ``protected``: files the output may not replace besides ``path`` (the open workshop, when
    ``path`` is a copy of it).
    """
    path, output = Path(path), Path(output)
    _refuse_output(output, [path, *map(Path, protected)])
    with open_untrusted(path) as document:
        source = read_source(document, as_captured=False)
    if source.anonymised:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” is anonymised; hand-outs are made from the facilitator's own file."), name=path.name)
    orgs, people, rated = spec("organisation"), spec("respondent"), spec("rating")
    named = {row[0] for row in source.tables["organisation"] if organisation is not None and not row[orgs.deleted]
             and name_key(row[orgs.index("name")]) == name_key(organisation)}
    # with the same-named organisations an earlier merge combined into it, so the file merges back unchanged;
    # and every erasure mark (ids only), so an erasure travels through hand-outs too
    kept_orgs = [row for row in source.tables["organisation"]
                 if row[0] in named or row[orgs.index("merged_into_id")] in named or row[orgs.erased]]
    org_ids = {row[0] for row in kept_orgs}
    kept_people = [row for row in source.tables["respondent"]
                   if row[people.index("organisation_id")] in org_ids or row[people.erased]]
    person_ids = {row[0] for row in kept_people}
    handout = SourceRows(source.document_id, False, source.template, source.levels, dict(source.tables), [])
    seed = spec("workshop").index("pseudonym_seed")
    voted = spec("vote").index("organisation_id")
    taking_part = spec("scenario_participant").index("organisation_id")
    handout.tables.update(workshop=[(*row[:seed], HANDOUT_SEED_PREFIX + new_id(), *row[seed + 1:])
                                    for row in source.tables["workshop"]],
                          organisation=kept_orgs, respondent=kept_people, decision=[],
                          vote=[row for row in source.tables["vote"] if row[voted] in org_ids],
                          scenario_participant=[row for row in source.tables["scenario_participant"]
                                                if row[taking_part] in org_ids],
                          expected_organisation=[], attendance=[],  # the series' register stays with the facilitator
                          rating=[row for row in source.tables["rating"] if row[rated.index("respondent_id")] in person_ids])
    join = Join()
    join.add(handout)
    chosen: list[str | None] = [min(named) if named else None]

    def fill(target: Document) -> None:
        if organisation is not None and chosen[0] is None:
            target.clock.observe(join.clock())
            chosen[0] = new_id()
            values = {"id": chosen[0], "name": " ".join(organisation.split()), "hlc": target.stamp(), "deleted": 0,
                      "erased": 0}
            join.rows["organisation"][(chosen[0],)] = tuple(values.get(column) for column in orgs.columns)
        write_join(target, join, handout_organisation_id=chosen[0])

    write_atomically(output, fill, anonymised=False)
    return chosen[0]
