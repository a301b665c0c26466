"""The joint result of a maturity rating: per-capability statistics.

The rule (shown to the room wherever n is shown, see ``UNIT_RULE``):

* **The organisation is the unit.** As in the Fyrbodal study, where each
  municipality's assessment counted once, the levels of an organisation's
  respondents are first combined into one rating for the organisation — their
  mean — so *n* counts organisations and every organisation weighs the same.
* "Vet ej" (rated, no level) is not a 0: it is left out. An organisation whose
  respondents all answered "vet ej" is not counted for that capability.
* Per capability: n, mean, sample standard deviation (n − 1, as Excel's
  STDEV.S; none for n < 2), min and max of the organisations' levels, and the
  count of organisations at each level — an organisation whose respondents
  differ is counted at its combined level rounded to the nearest whole level
  (halves up), so the counts add up to n. Strategic importance (1–5) is
  combined the same way into importance n and mean.
* Wide spread ("disagreement") is flagged when the standard deviation is at
  least ``WIDE_SPREAD_SD`` or the levels span at least ``WIDE_SPREAD_RANGE``.
* The gap is the target level minus the mean (positive: below target).
* Priority, as the study recommends: highest strategic importance first, and
  among equally important capabilities the lowest maturity first.
* Top and bottom lists rank by mean with ties as ties (1, 2, 3, 3, 3): a list
  of "top 5" holds every capability ranked 5 or better, so it may be longer.

These functions compute figures only. What may be *shown* (small-n
suppression, consent, pseudonyms) is decided in ``core.privacy``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, NamedTuple, Sequence

from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.model import CONSENT_GROUP

#: Shown next to every n, in the view and in exports.
UNIT_RULE = QT_TRANSLATE_NOOP(
    "Results",
    "n = organisations. Each organisation counts once: its respondents' levels are averaged first. "
    "“Don't know” is left out.",
)

WIDE_SPREAD_SD = 1.0
WIDE_SPREAD_RANGE = 3
#: Mean values closer than this are ties (they are equal fractions of small integers).
_TIE = 1e-9


class Observation(NamedTuple):
    """One respondent's rating of one capability, as read from a document."""

    organisation_id: str
    respondent_id: str
    consent: str
    capability_id: str
    maturity: int | None  # None: "vet ej"
    importance: int | None = None


@dataclass(frozen=True)
class CapabilityStats:
    """The figures of one capability. ``None`` where there is no figure."""

    capability_id: str
    n: int
    mean: float | None = None
    sd: float | None = None
    min: float | None = None
    max: float | None = None
    level_counts: tuple[int, ...] = ()
    importance_n: int = 0
    importance_mean: float | None = None
    #: Organisations counted in ``n`` (never shown; used by privacy rules).
    organisations: frozenset[str] = frozenset()
    target_level: int | None = None
    suppressed: bool = False

    @property
    def gap(self) -> float | None:
        if self.mean is None or self.target_level is None:
            return None
        return self.target_level - self.mean

    @property
    def wide_spread(self) -> bool:
        if self.mean is None:
            return False
        return (self.sd is not None and self.sd >= WIDE_SPREAD_SD) or (self.max - self.min) >= WIDE_SPREAD_RANGE

    @property
    def status(self) -> str:
        return "suppressed" if self.suppressed else "ok"

    def blanked(self) -> "CapabilityStats":
        """The same capability with its figures removed (names and n stay)."""
        return CapabilityStats(self.capability_id, self.n, importance_n=self.importance_n,
                               organisations=self.organisations, target_level=self.target_level, suppressed=True)


def round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def _mean(values: Sequence[float]) -> float:
    return float(values[0]) if len(values) == 1 else math.fsum(values) / len(values)


def sample_sd(values: Sequence[float]) -> float | None:
    """Sample standard deviation (n − 1, Excel's STDEV.S); None for fewer than two values."""
    if len(values) < 2:
        return None
    m = _mean(values)
    return math.sqrt(math.fsum((v - m) ** 2 for v in values) / (len(values) - 1))


def organisation_levels(observations: Iterable[Observation]) -> dict[str, dict[str, tuple[float | None, float | None]]]:
    """capability id → organisation id → (combined maturity, combined importance).

    An organisation appears under a capability if any respondent rated it; a
    value is None when none of its respondents gave one.
    """
    collected: dict[str, dict[str, tuple[list[int], list[int]]]] = {}
    for organisation, _, _, capability, maturity, importance in observations:
        per_org = collected.get(capability)
        if per_org is None:
            per_org = collected[capability] = {}
        lists = per_org.get(organisation)
        if lists is None:
            lists = per_org[organisation] = ([], [])
        if maturity is not None:
            lists[0].append(maturity)
        if importance is not None:
            lists[1].append(importance)
    return {
        cap: {org: (_mean(lv) if lv else None, _mean(im) if im else None) for org, (lv, im) in orgs.items()}
        for cap, orgs in collected.items()
    }


def shared_organisations(observations: Iterable[Observation]) -> frozenset[str]:
    """Organisations whose every respondent chose to share with the group."""
    everyone = {o.organisation_id for o in observations}
    return frozenset(everyone - {o.organisation_id for o in observations if o.consent != CONSENT_GROUP})


def capability_statistics(
    observations: Iterable[Observation],
    capability_ids: Sequence[str],
    levels: int = 5,
    target_levels: dict[str, int] | None = None,
    default_target: int | None = None,
) -> list[CapabilityStats]:
    """Statistics per capability, in the order of ``capability_ids``.

    ``levels`` is the number of scale levels (0 … levels − 1); ``target_levels``
    overrides ``default_target`` per capability.
    """
    return statistics_of_organisations(organisation_levels(observations), capability_ids, levels, target_levels,
                                       default_target)


def statistics_of_organisations(
    per_capability: dict[str, dict[str, tuple[float | None, float | None]]],
    capability_ids: Sequence[str],
    levels: int = 5,
    target_levels: dict[str, int] | None = None,
    default_target: int | None = None,
) -> list[CapabilityStats]:
    """``capability_statistics`` from organisation levels already combined (``organisation_levels``)."""
    targets = target_levels or {}
    result = []
    for cap in capability_ids:
        orgs = per_capability.get(cap, {})
        maturity = {org: m for org, (m, _) in orgs.items() if m is not None}
        importance = [i for _, i in orgs.values() if i is not None]
        values = list(maturity.values())
        counts = [0] * levels
        for v in values:
            counts[min(round_half_up(v), levels - 1)] += 1
        target = targets.get(cap, default_target)
        if values:
            result.append(CapabilityStats(
                cap, len(values), _mean(values), sample_sd(values), min(values), max(values), tuple(counts),
                len(importance), _mean(importance) if importance else None, frozenset(maturity), target))
        else:
            result.append(CapabilityStats(cap, 0, level_counts=tuple(counts), importance_n=len(importance),
                                          importance_mean=_mean(importance) if importance else None,
                                          target_level=target))
    return result


@dataclass(frozen=True)
class Ranked:
    """A place in a top or bottom list; ``tied`` when another capability shares the rank."""

    rank: int
    stats: CapabilityStats
    tied: bool = False


def _ranked(rows: Sequence[CapabilityStats], k: int, *, highest: bool) -> list[Ranked]:
    rated = sorted((r for r in rows if r.mean is not None and not r.suppressed),
                   key=lambda r: -r.mean if highest else r.mean)  # stable: ties keep map order
    ranks: list[int] = []
    for i, row in enumerate(rated):
        ranks.append(ranks[-1] if i and abs(row.mean - rated[i - 1].mean) < _TIE else i + 1)
        if ranks[-1] > k:  # the first one out of the list is enough to tell whether the last one in is tied
            break
    out = []
    for i, (rank, row) in enumerate(zip(ranks, rated)):
        if rank > k:
            break
        tied = (i > 0 and ranks[i - 1] == rank) or (i + 1 < len(ranks) and ranks[i + 1] == rank)
        out.append(Ranked(rank, row, tied))
    return out


def top(rows: Sequence[CapabilityStats], k: int = 5) -> list[Ranked]:
    """Highest mean first; every capability ranked k or better (ties as ties)."""
    return _ranked(rows, k, highest=True)


def bottom(rows: Sequence[CapabilityStats], k: int = 5) -> list[Ranked]:
    """Lowest mean first; every capability ranked k or better (ties as ties)."""
    return _ranked(rows, k, highest=False)


def priority_order(rows: Sequence[CapabilityStats]) -> list[CapabilityStats]:
    """Shown capabilities by importance (highest first), then maturity (lowest first).

    Capabilities without an importance figure come last, by maturity; ties keep map order.
    """
    shown = [r for r in rows if r.mean is not None and not r.suppressed]
    return sorted(shown, key=lambda r: (r.importance_mean is None, -(r.importance_mean or 0.0), r.mean))


def capabilities_at_level(rows: Sequence[CapabilityStats], level: int) -> int:
    """How many shown capabilities have at least one organisation at ``level`` (the study: level 4)."""
    return sum(1 for r in rows if not r.suppressed and len(r.level_counts) > level and r.level_counts[level] > 0)

