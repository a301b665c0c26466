"""What the joint result may show: the privacy rules of DESIGN.md, in one place.

Every view and export of stage 5 gets its figures from ``compile_result`` and
nothing else, so the rules hold everywhere:

* **Small-n suppression.** A capability rated by fewer than K organisations
  (the workshop's ``min_group_size``, never below 3) is *suppressed*: its name
  and n stay, every figure is removed and it is left out of the top, bottom
  and priority lists and the level-4 count. Importance is shown only where at
  least K organisations gave one.
* **Consent.** Per-organisation figures are shown only for organisations whose
  every respondent chose "share with the group"; in an anonymised view they
  appear as shuffled pseudonyms. Facilitator-only organisations count in the
  joint figures and nowhere else.
* **No recovering a hidden rating.** The per-organisation row of a capability
  is withheld when the joint figures are suppressed (the shown organisations
  would give them away) or when between 1 and K − 1 of the organisations
  counted are hidden (joint mean and level counts minus the shown ratings
  would give theirs away).
* **Differencing between exports.** Each export is recorded in the export
  ledger: for every published cell, every organisation that contributed to it
  and *what* it contributed — its combined maturity and, where the cell
  published one, its combined importance — as digests keyed by the workshop's
  secret seed (``contribution``), so the ledger can travel in merges and
  hand-outs without carrying a rating. A later export suppresses a cell in
  which 1 … K − 1 organisations were added, removed or changed what they
  contributed since an earlier published version of it: the two figures
  together would reveal those organisations' values (``differing_cells``).
  Cells recorded under another secret (a file merged from another workshop,
  an anonymised file) or by an older version without contributions are
  compared by their set of organisations alone. Live views are not recorded;
  only what leaves the machine is.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.pseudonyms import assign_pseudonyms
from digitalmotor_desktop.core.statistics import (
    CapabilityStats,
    Observation,
    Ranked,
    bottom,
    capabilities_at_level,
    organisation_levels,
    priority_order,
    shared_organisations,
    statistics_of_organisations,
    top,
)

#: The fewest organisations an aggregate may count; the workshop's K may be higher.
MIN_GROUP_FLOOR = 3
SUPPRESSED_TEXT = QT_TRANSLATE_NOOP("Results", "too few answers")
WITHHELD_SUPPRESSED = QT_TRANSLATE_NOOP("Results", "Hidden: the joint figures are suppressed.")
WITHHELD_HIDDEN = QT_TRANSLATE_NOOP(
    "Results", "Hidden: {hidden} organisation(s) share with the facilitator only; their ratings could be worked out.")
#: Why a cell an earlier export published is suppressed now (export and GUI).
CHANGED_SINCE_EXPORT = QT_TRANSLATE_NOOP(
    "Results", "withheld: fewer than {k} organisations changed since an earlier export, so comparing the two "
               "would reveal their ratings")

#: capability id → organisation id → (maturity digest, importance digest) of a published cell;
#: a digest is None where it is not known (an older ledger) or was not published (importance).
LedgerCells = dict[str, dict[str, tuple[str | None, str | None]]]


@dataclass(frozen=True)
class EarlierExport:
    """One export as the ledger holds it: the secret's name it was keyed with, and its cells."""

    key: str
    cells: LedgerCells


def _digest(secret: str, text: str) -> str:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()[:16]


def ledger_key(secret: str) -> str:
    """Names the secret that keyed a ledger's digests, without revealing it."""
    return _digest(secret, "export ledger")


def contribution(secret: str, capability_id: str, organisation_id: str, part: str, value: float | None) -> str:
    """What one organisation contributed to one figure of one cell, as a keyed digest.

    Keyed, because a hand-out or an anonymised file carries the ledger: without the
    secret the 30 possible values of a contribution cannot be tried one by one.
    """
    shown = "none" if value is None else f"{value:.6f}"
    return _digest(secret, f"{part}/{capability_id}/{organisation_id}/{shown}")


def check_min_group_size(k: int, workshop_k: int = MIN_GROUP_FLOOR) -> int:
    """K for a view or export: never below 3 nor below the workshop's own setting."""
    floor = max(MIN_GROUP_FLOOR, workshop_k)
    if k < floor:
        raise InvalidInput(QT_TRANSLATE_NOOP(
            "UserError", "The smallest group size for this workshop is {floor}; {k} would reveal individual ratings."),
            floor=floor, k=k)
    return k


@dataclass(frozen=True)
class Column:
    """An organisation that may be shown on its own, under ``label``."""

    organisation_id: str
    label: str


@dataclass(frozen=True)
class JointResult:
    """Everything stage 5 and the exports may show, with the rules applied."""

    rows: list[CapabilityStats]  # map order; suppressed rows have no figures
    min_n: int
    anonymised: bool
    top: list[Ranked] = field(default_factory=list)
    bottom: list[Ranked] = field(default_factory=list)
    priority: list[CapabilityStats] = field(default_factory=list)
    level4_count: int = 0
    columns: list[Column] = field(default_factory=list)
    #: capability id → organisation id → combined level, for rows that may be shown per organisation.
    matrix: dict[str, dict[str, float]] = field(default_factory=dict)
    #: capability id → (reason template, values) for rows withheld from the per-organisation view.
    withheld: dict[str, tuple[str, dict]] = field(default_factory=dict)
    #: Capabilities suppressed because an earlier export published them with other contributions.
    changed_since_export: frozenset[str] = frozenset()
    #: What an export of this result publishes, for the export ledger.
    ledger: LedgerCells = field(default_factory=dict)

    def row(self, capability_id: str) -> CapabilityStats | None:
        return next((r for r in self.rows if r.capability_id == capability_id), None)



def _contributors(per_org: dict[str, tuple[float | None, float | None]]) -> dict[str, tuple[float | None, float | None]]:
    return {org: values for org, values in per_org.items() if values != (None, None)}


def ledger_cells(rows: Iterable[CapabilityStats], per_capability: dict, secret: str) -> LedgerCells:
    """What an export of ``rows`` publishes, for the ledger: per published cell, each contributor's digests."""
    cells: LedgerCells = {}
    for row in rows:
        if row.suppressed:
            continue
        cap = row.capability_id
        cells[cap] = {org: (contribution(secret, cap, org, "maturity", maturity),
                            None if row.importance_mean is None else contribution(secret, cap, org, "importance", importance))
                      for org, (maturity, importance) in _contributors(per_capability.get(cap, {})).items()}
    return cells


def differing_cells(rows: Iterable[CapabilityStats], per_capability: dict, earlier: Iterable[EarlierExport], k: int,
                    secret: str) -> set[str]:
    """Capabilities in which 1 … k − 1 organisations were added, removed or changed their contribution since
    an earlier published version of the cell."""
    key = ledger_key(secret)
    earlier = list(earlier)
    found = set()
    for row in rows:
        cap = row.capability_id
        now = _contributors(per_capability.get(cap, {}))
        for export in earlier:
            before = export.cells.get(cap)
            if before is None:
                continue
            changed = set(now).symmetric_difference(before)
            if export.key == key:
                for org in set(now).intersection(before):
                    maturity, importance = before[org]
                    if (maturity is not None and maturity != contribution(secret, cap, org, "maturity", now[org][0])) or (
                            importance is not None and importance != contribution(secret, cap, org, "importance", now[org][1])):
                        changed.add(org)
            if 0 < len(changed) < k:
                found.add(cap)
                break
    return found


def changed_organisations(rows: Iterable[CapabilityStats], latest: LedgerCells | None) -> frozenset[str]:
    """Organisations counted in a cell now but not in the latest export of it, or the other way round
    (added, erased, or withdrawn from the joint result since): what the next export reports as changed."""
    if latest is None:
        return frozenset()
    changed: set[str] = set()
    for row in rows:
        before = latest.get(row.capability_id)
        if before is not None:
            changed.update(row.organisations.symmetric_difference(before))
    return frozenset(changed)


def _suppress(row: CapabilityStats, k: int, extra: set[str]) -> CapabilityStats:
    if row.n < k or row.capability_id in extra:
        return row.blanked()
    if row.importance_n < k:
        return replace(row, importance_mean=None)
    return row


def compile_result(
    observations: Sequence[Observation],
    capability_ids: Sequence[str],
    *,
    min_n: int,
    anonymised: bool,
    names: dict[str, str],
    pseudonym_seed: str,
    levels: int = 5,
    default_target: int | None = 3,
    target_levels: dict[str, int] | None = None,
    earlier_exports: Iterable[EarlierExport] = (),
) -> JointResult:
    """The joint result as it may be shown.

    ``anonymised``: shared with the room or exported — organisations as
    pseudonyms, only those that consented. Otherwise the facilitator's own
    screen: real names, every organisation, but still no small-n figures.
    """
    per_org = organisation_levels(observations)
    raw = statistics_of_organisations(per_org, capability_ids, levels, target_levels, default_target)
    ok = [r for r in raw if r.n >= min_n]
    extra = differing_cells(ok, per_org, earlier_exports, min_n, pseudonym_seed)
    rows = [_suppress(r, min_n, extra) for r in raw]

    if anonymised:
        visible = shared_organisations(observations)
        labels = assign_pseudonyms(list(visible), pseudonym_seed)
        columns = sorted((Column(o, labels[o]) for o in visible), key=lambda c: (len(c.label), c.label))
    else:
        columns = sorted((Column(o, names.get(o, o)) for o in {ob.organisation_id for ob in observations}),
                         key=lambda c: c.label.casefold())
    visible_ids = {c.organisation_id for c in columns}

    matrix: dict[str, dict[str, float]] = {}
    withheld: dict[str, tuple[str, dict]] = {}
    for row in rows:
        if row.n == 0:
            continue
        if row.suppressed:
            withheld[row.capability_id] = (WITHHELD_SUPPRESSED, {})
            continue
        hidden = len(row.organisations - visible_ids)
        if 0 < hidden < min_n:
            withheld[row.capability_id] = (WITHHELD_HIDDEN, {"hidden": hidden})
            continue
        matrix[row.capability_id] = {org: level for org, (level, _) in per_org.get(row.capability_id, {}).items()
                                     if org in visible_ids and level is not None}
    return JointResult(rows, min_n, anonymised, top(rows), bottom(rows), priority_order(rows),
                       capabilities_at_level(rows, levels - 1), columns, matrix, withheld,
                       frozenset(extra), ledger_cells(rows, per_org, pseudonym_seed))
