"""Stage 5 use cases: the joint result as it may be shown, and exporting it."""

from __future__ import annotations

import functools
import gc
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from digitalmotor_desktop.core.errors import InvalidInput, WriteFailed
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP, Translate, english
from digitalmotor_desktop.core.model import CapabilityMap, ScaleLevel, Scenario
from digitalmotor_desktop.core.privacy import (JointResult, LiveResult, changed_organisations, check_min_group_size,
                                               ledger_key)
from digitalmotor_desktop.core.scenario_plan import ScenarioGroup, scenario_groups
from digitalmotor_desktop.core.scenarios import Decision, Suggestion, map_suggestion, suggest
from digitalmotor_desktop.ops.changes import ALL, DECISIONS, RATINGS, Changes
from digitalmotor_desktop.store import results as store
from digitalmotor_desktop.store.document import Document
from digitalmotor_desktop.store.workshop import capability_map, scale, scenarios, workshop_row

EXPORT_FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class GapReport:
    """What stage 5 and the exports show: map, scale, figures, suggestions, decisions."""

    capability_map: CapabilityMap
    scale: list[ScaleLevel]
    result: JointResult
    decisions: dict[str, Decision]
    suggestions: dict[str, Suggestion]
    joint_suggestion: Suggestion | None
    target_level: int
    workshop_min_n: int
    scenarios: list[Scenario]
    #: With ``check_earlier_exports``: organisations added, erased or withdrawn since the latest export.
    changed_organisations: int = 0
    #: scenario number → the pilot capability the room chose (else the template's suggestion stands)
    pilots: dict[int, str] = field(default_factory=dict)
    #: scenario number → organisations taking part (ids; shown as ``result.columns`` allow)
    participants: dict[int, frozenset[str]] = field(default_factory=dict)

    def places(self):
        """(area, group, capability) in map order."""
        return [(a, g, c) for a in self.capability_map.areas for g in a.groups for c in g.capabilities]

    def scenario_groups(self) -> list[ScenarioGroup]:
        """The capabilities by decided scenario, with each scenario's pilot and participants."""
        return scenario_groups(self.capability_map, self.scenarios, self.decisions, self.pilots, self.participants)

    def participant_labels(self, group: ScenarioGroup) -> tuple[list[str], int]:
        """The participants that may be shown (their labels in ``result.columns``) and how many others take part."""
        labels = [c.label for c in self.result.columns if c.organisation_id in group.participants]
        return labels, len(group.participants) - len(labels)


@contextmanager
def _collector_paused():
    """Compiling allocates many short-lived tuples and lists and no cycles; the
    cyclic collector's passes over the whole heap would triple the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def gap_report(document: Document, *, anonymised: bool = True, min_n: int | None = None,
               check_earlier_exports: bool = False) -> GapReport:
    """The joint result with the privacy rules applied (``core.privacy``).

    ``check_earlier_exports``: also suppress cells that differ from an earlier
    export by fewer than K organisations (for a new export).
    """
    with _collector_paused():
        return _gap_report(document, anonymised, min_n, check_earlier_exports)[0]


def _gap_report(document: Document, anonymised: bool, min_n: int | None,
                check_earlier_exports: bool) -> tuple[GapReport, LiveResult]:
    workshop = workshop_row(document)
    workshop_k = workshop.get("min_group_size", 5)
    k = check_min_group_size(workshop_k if min_n is None else min_n, workshop_k)
    target = workshop.get("target_level", 3)
    cmap = capability_map(document)
    levels = scale(document)
    decisions = store.decisions(document)
    earlier = store.export_records(document) if check_earlier_exports else []
    live = LiveResult(
        store.observations(document), [c.id for c in cmap.capabilities()],
        min_n=k, anonymised=anonymised, names=store.organisation_names(document),
        pseudonym_seed=workshop.get("pseudonym_seed", ""), levels=max(len(levels), 1), default_target=target,
        target_levels={cap: d.target_level for cap, d in decisions.items() if d.target_level is not None},
        earlier_exports=earlier,
    )
    result = live.result()
    suggestions = {row.capability_id: suggest(row) for row in result.rows}
    changed = changed_organisations(result.rows, earlier[-1].cells if earlier else None)
    report = GapReport(cmap, levels, result, decisions, suggestions, map_suggestion(list(suggestions.values())),
                       target, workshop_k, scenarios(document), len(changed),
                       store.scenario_pilots(document), store.scenario_participants(document))
    return report, live


class LiveGapReport:
    """Stage 5's report for a live view, kept current as the room rates and decides.

    A new, changed or taken-back rating (``Changes`` of ``RATINGS`` alone, naming its
    capability) reads only that capability's ratings and recomputes its part of the
    result (``core.privacy.LiveResult``, which also redoes what the rating can change
    elsewhere); a decision on a capability (``DECISIONS`` alone, naming it) rereads the
    decisions and recomputes the capabilities whose target level moved. Anything else —
    consent, a deleted organisation or respondent, an import, the map, scenario plans,
    the workshop's K or target — reads and computes it all.
    """

    def __init__(self, document: Document, anonymised: bool = True):
        self.document = document
        self.anonymised = anonymised
        self.report: GapReport | None = None
        self._live: LiveResult | None = None

    def refresh(self, changes: Changes = Changes(ALL)) -> frozenset[str] | None:
        """Brings ``report`` up to date: the capabilities whose figures or decisions may have changed, or None
        when all was computed again."""
        named = self._named_capabilities(changes)
        if named is None:
            with _collector_paused():
                self.report, self._live = _gap_report(self.document, self.anonymised, None, False)
            return None
        report = self.report
        if changes.kinds == {RATINGS}:
            observations: dict[str, list] = {cap: [] for cap in named}
            for observation in store.observations(self.document, named):
                observations[observation.capability_id].append(observation)
            changed = self._live.update(observations)
        else:
            report = replace(report, decisions=store.decisions(self.document))
            changed = self._live.retarget({cap: d.target_level for cap, d in report.decisions.items()
                                           if d.target_level is not None}) | frozenset(named)
        result = self._live.result()
        rows = {row.capability_id: row for row in result.rows}
        suggestions = dict(report.suggestions)
        for cap in changed:
            suggestions[cap] = suggest(rows[cap])
        self.report = replace(report, result=result, suggestions=suggestions,
                              joint_suggestion=map_suggestion(list(suggestions.values())))
        return changed

    def _named_capabilities(self, changes: Changes) -> list[str] | None:
        """The capabilities a rating or a decision changed, or None when it was something else."""
        if self._live is None or changes.kinds not in ({RATINGS}, {DECISIONS}):
            return None
        named = [cap for cap in self._live.capability_ids if cap in changes.ids]
        return named or None


def write_recorded(document: Document, output: Path, fmt: str, min_n: int, ledger,
                   write: Callable[[Path], None]) -> None:
    """Writes a file through ``write(partial path)`` and records it in the export ledger, in one transaction.

    The file appears complete or not at all, and only together with its record: a file
    that cannot be recorded is removed again. An exception from ``write`` (a user error,
    ``Cancelled``) leaves neither file nor record.
    """
    partial = output.with_name(output.name + ".partial")
    written = False
    try:
        with document.transaction():  # recorded first: an export that cannot be recorded is not written
            store.record_export(document, fmt, min_n, ledger_key(workshop_row(document)["pseudonym_seed"]), ledger)
            try:
                write(partial)
                os.replace(partial, output)
                written = True
            except OSError as error:
                raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Could not write “{name}”: {reason}."),
                                   name=output.name, reason=error.strerror or error) from None
    except (sqlite3.Error, WriteFailed) as error:  # a read-only or full disk: the ledger must hold every export
        if written:
            output.unlink(missing_ok=True)
        raise InvalidInput(QT_TRANSLATE_NOOP(
            "UserError", "“{name}” was not written: the export could not be recorded in the workshop file ({reason})."),
            name=output.name, reason=error) from None
    finally:
        partial.unlink(missing_ok=True)


def export_results(document: Document, output: Path, fmt: str, min_n: int | None = None,
                   translate: Translate = english) -> GapReport:
    """Writes the anonymised joint result as CSV or XLSX and records the export.

    The file appears complete or not at all, and only together with its record in the
    export ledger (one transaction: a file that cannot be recorded is removed again).
    ``translate`` gives the XLSX workbook its language; CSV columns are fixed
    identifiers in any language (``export.results_csv``).
    """
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Unknown export format “{fmt}”; choose csv or xlsx."), fmt=fmt)
    report = gap_report(document, anonymised=True, min_n=min_n, check_earlier_exports=True)
    if fmt == "csv":
        from digitalmotor_desktop.export.results_csv import write_csv as write
    else:
        from digitalmotor_desktop.export.results_xlsx import write_xlsx

        write = functools.partial(write_xlsx, translate=translate)
    write_recorded(document, Path(output), fmt, report.result.min_n, report.result.ledger,
                   lambda partial: write(report, partial))
    return report
