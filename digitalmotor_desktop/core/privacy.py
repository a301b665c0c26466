"""What the joint result may show: the privacy rules of DESIGN.md, in one place.

Every view and export of stage 5 gets its figures from ``LiveResult`` (in full:
``compile_result``; a live view updates it one capability at a time) and nothing
else, so the rules hold everywhere:

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
  together would reveal those organisations' values (``_differs``).
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
from digitalmotor_desktop.core.model import CONSENT_GROUP
from digitalmotor_desktop.core.pseudonyms import assign_pseudonyms
from digitalmotor_desktop.core.statistics import (
    CapabilityStats,
    Observation,
    Ranked,
    bottom,
    capabilities_at_level,
    organisation_levels,
    priority_order,
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


def _ledger_cell(row: CapabilityStats, contributors: dict, secret: str) -> dict[str, tuple[str, str | None]]:
    """What an export publishes of one shown cell, for the ledger: each contributor's digests."""
    cap = row.capability_id
    return {org: (contribution(secret, cap, org, "maturity", maturity),
                  None if row.importance_mean is None else contribution(secret, cap, org, "importance", importance))
            for org, (maturity, importance) in contributors.items()}


def _differs(cap: str, now: dict, earlier: Sequence[EarlierExport], k: int, secret: str, key: str) -> bool:
    """Whether 1 … k − 1 organisations were added to, removed from or changed their contribution to the cell
    since an earlier published version of it (``key``: ``ledger_key(secret)``)."""
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
            return True
    return False


def changed_organisations(rows: Iterable[CapabilityStats], latest: LedgerCells | None) -> frozenset[str]:
    """Organisations counted now but in no cell of the latest export, or the other way round (added, erased,
    or withdrawn from the joint result since): what the next export reports as changed. Whole organisations
    are compared, so one that gave only an importance somewhere is not mistaken for a change."""
    if latest is None:
        return frozenset()
    before = {organisation for cell in latest.values() for organisation in cell}
    now = {organisation for row in rows for organisation in row.organisations}
    return frozenset(now.symmetric_difference(before))


def _suppress(row: CapabilityStats, k: int, differs: bool) -> CapabilityStats:
    if row.n < k or differs:
        return row.blanked()
    if row.importance_n < k:
        return replace(row, importance_mean=None)
    return row


class _Cell:
    """One capability's part of the joint result."""

    __slots__ = ("levels", "row", "differs", "ledger", "matrix", "withheld")

    def __init__(self, levels: dict, row: CapabilityStats, differs: bool, ledger: dict | None):
        self.levels = levels  # organisation id → combined (maturity, importance)
        self.row = row
        self.differs = differs  # suppressed because an earlier export published other contributions
        self.ledger = ledger  # what an export publishes of it; None while suppressed
        self.matrix: dict[str, float] | None = None  # its per-organisation row, where it may be shown
        self.withheld: tuple[str, dict] | None = None  # why it is not shown per organisation


class LiveResult:
    """The joint result as it may be shown, kept up to date one capability at a time.

    A capability's figures, its suppression (small n, differencing against earlier
    exports), its ledger entry and its per-organisation row depend on its own
    observations and on which organisations may be shown. That set depends on every
    capability: an organisation is shown while every respondent of it who rated
    anything shares with the group (in the named view: while it rated anything), so
    one rating can change it. ``update`` recomputes the capabilities given and, when
    that set changes, every capability's per-organisation row; ``retarget`` those
    whose target level the room changed; the rankings (top, bottom, priority,
    level-4 count) are sorted again from the rows by ``result``.

    ``anonymised``: shared with the room or exported — organisations as
    pseudonyms, only those that consented. Otherwise the facilitator's own
    screen: real names, every organisation, but still no small-n figures.
    """

    def __init__(
        self,
        observations: Iterable[Observation],
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
    ):
        self.capability_ids = list(capability_ids)
        self.min_n, self.anonymised, self.names, self.seed = min_n, anonymised, names, pseudonym_seed
        self.levels, self.default_target, self.target_levels = levels, default_target, target_levels or {}
        self.earlier = list(earlier_exports)
        self._key = ledger_key(pseudonym_seed) if self.earlier else ""
        self._observations: dict[str, list[Observation]] = {}  # capability id → its observations
        self._rated: dict[str, int] = {}  # organisation id → observations of it
        self._narrow: dict[str, int] = {}  # organisation id → observations of it not shared with the group
        for observation in observations:
            self._observations.setdefault(observation.capability_id, []).append(observation)
        for rows in self._observations.values():
            self._count(rows, 1)
        self.columns = self._columns()
        self._visible = {c.organisation_id for c in self.columns}
        self._cells = {cap: self._cell(cap) for cap in self.capability_ids}

    def _count(self, observations: Iterable[Observation], step: int) -> None:
        for observation in observations:
            organisation = observation.organisation_id
            self._rated[organisation] = self._rated.get(organisation, 0) + step
            if observation.consent != CONSENT_GROUP:
                self._narrow[organisation] = self._narrow.get(organisation, 0) + step

    def _shown_organisations(self) -> set[str]:
        """The organisations that may be shown on their own: in the named view every one that rated anything."""
        return {o for o, count in self._rated.items() if count and not (self.anonymised and self._narrow.get(o))}

    def _columns(self) -> list[Column]:
        shown = self._shown_organisations()
        if not self.anonymised:
            return sorted((Column(o, self.names.get(o, o)) for o in shown),
                          key=lambda c: (c.label.casefold(), c.organisation_id))
        labels = assign_pseudonyms(list(shown), self.seed)
        return sorted((Column(o, labels[o]) for o in shown), key=lambda c: (len(c.label), c.label))

    def _cell(self, cap: str) -> _Cell:
        levels = organisation_levels(self._observations.get(cap, ())).get(cap, {})
        (raw,) = statistics_of_organisations({cap: levels}, [cap], self.levels, self.target_levels,
                                             self.default_target)
        contributors = _contributors(levels)
        differs = bool(self.earlier) and raw.n >= self.min_n and _differs(
            cap, contributors, self.earlier, self.min_n, self.seed, self._key)
        row = _suppress(raw, self.min_n, differs)
        cell = _Cell(levels, row, differs, None if row.suppressed else _ledger_cell(row, contributors, self.seed))
        self._show(cell)
        return cell

    def _show(self, cell: _Cell) -> None:
        """The cell's per-organisation row, or why it is withheld."""
        row = cell.row
        cell.matrix = cell.withheld = None
        if row.n == 0:
            return
        if row.suppressed:
            cell.withheld = (WITHHELD_SUPPRESSED, {})
            return
        hidden = len(row.organisations - self._visible)
        if 0 < hidden < self.min_n:
            cell.withheld = (WITHHELD_HIDDEN, {"hidden": hidden})
            return
        cell.matrix = {org: level for org, (level, _) in cell.levels.items()
                       if org in self._visible and level is not None}

    def update(self, observations: dict[str, Sequence[Observation]]) -> frozenset[str]:
        """Replaces the observations of the capabilities given (capability id → all its observations now);
        returns the capabilities whose part of the result may have changed."""
        for cap, rows in observations.items():
            self._count(self._observations.pop(cap, ()), -1)
            if rows:
                self._observations[cap] = list(rows)
                self._count(rows, 1)
        for cap in observations:
            if cap in self._cells:
                self._cells[cap] = self._cell(cap)
        if self._shown_organisations() == self._visible:
            return frozenset(cap for cap in observations if cap in self._cells)
        self.columns = self._columns()
        self._visible = {c.organisation_id for c in self.columns}
        for cell in self._cells.values():
            self._show(cell)
        return frozenset(self._cells)

    def retarget(self, target_levels: dict[str, int]) -> frozenset[str]:
        """New target levels per capability (the room's decisions); returns the capabilities whose target moved."""
        moved = frozenset(cap for cap in self._cells if target_levels.get(cap, self.default_target)
                          != self.target_levels.get(cap, self.default_target))
        self.target_levels = dict(target_levels)
        for cap in moved:
            self._cells[cap] = self._cell(cap)
        return moved

    def result(self) -> JointResult:
        cells = [self._cells[cap] for cap in self.capability_ids]
        rows = [cell.row for cell in cells]
        return JointResult(
            rows, self.min_n, self.anonymised, top(rows), bottom(rows), priority_order(rows),
            capabilities_at_level(rows, self.levels - 1), list(self.columns),
            {cell.row.capability_id: cell.matrix for cell in cells if cell.matrix is not None},
            {cell.row.capability_id: cell.withheld for cell in cells if cell.withheld is not None},
            frozenset(cell.row.capability_id for cell in cells if cell.differs),
            {cell.row.capability_id: cell.ledger for cell in cells if cell.ledger is not None})


def compile_result(observations: Sequence[Observation], capability_ids: Sequence[str], **rules) -> JointResult:
    """The joint result as it may be shown, computed in full (``LiveResult`` for the rules)."""
    return LiveResult(observations, capability_ids, **rules).result()
