"""The joint result's statistics: the study's Figur 30 and an independent check."""

from __future__ import annotations

import statistics as pystats

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from digitalmotor_desktop.core.statistics import (
    CapabilityStats,
    Observation,
    bottom,
    capabilities_at_level,
    capability_statistics,
    priority_order,
    sample_sd,
    shared_organisations,
    top,
)
from digitalmotor_desktop.store.workshop import capability_map
from gap_data import csv_rows, observations

FIGUR_30_TOP = [
    ("Upprätthålla stabil och tillförlitlig driftsleverans", "3.00"),
    ("Vara rådgivare åt politik och ledning", "2.73"),
    ("Erbjuda individanpassad arbetssituation", "2.67"),
    ("Erbjuda användarstöd", "2.67"),
    ("Förstå teknisk miljö", "2.67"),
]
FIGUR_30_BOTTOM = [
    ("Avveckla", "1.47"),
    ("Utvärdera insatser, resultat och effekter", "1.53"),
    ("Sätta tydliga mål för digitalisering", "1.80"),
    ("Säkerställa rätt resurser idag och imorgon", "1.87"),
    ("Skapa formella och tydliga samverkansrelationer", "1.93"),
]


def _fyrbodal_stats(document):
    caps = capability_map(document).capabilities()
    rows = capability_statistics(observations(document, csv_rows()), [c.id for c in caps], default_target=3)
    names = {c.id: c.name for c in caps}
    return rows, names


def test_figur_30_top_and_bottom_reproduced(fyrbodal):
    rows, names = _fyrbodal_stats(fyrbodal)
    assert len(rows) == 55 and {r.n for r in rows} == {15}
    top_list = top(rows, 5)
    assert [f"{t.stats.mean:.2f}" for t in top_list] == [v for _, v in FIGUR_30_TOP]
    assert {names[t.stats.capability_id] for t in top_list} == {n for n, _ in FIGUR_30_TOP}
    assert [t.rank for t in top_list] == [1, 2, 3, 3, 3]
    assert [t.tied for t in top_list] == [False, False, True, True, True]
    bottom_list = bottom(rows, 5)
    assert [(names[b.stats.capability_id], f"{b.stats.mean:.2f}") for b in bottom_list] == FIGUR_30_BOTTOM
    assert [b.rank for b in bottom_list] == [1, 2, 3, 4, 5]


def test_fyrbodal_level_4_capabilities_and_importance(fyrbodal):
    rows, names = _fyrbodal_stats(fyrbodal)
    assert capabilities_at_level(rows, 4) == 36
    by_name = {names[r.capability_id]: r for r in rows}
    for name in ("Identifiera, förstå och agera på omvärldstrender", "Förstå teknisk miljö",
                 "Upprätthålla stabil och tillförlitlig driftsleverans"):
        assert by_name[name].level_counts[4] == 3
    most_important = sorted(rows, key=lambda r: -r.importance_mean)[:3]
    assert {names[r.capability_id] for r in most_important} == {
        "Identifiera och fånga behov", "Förmåga att sätta användaren/invånaren i centrum",
        "Identifiera, förstå och agera på omvärldstrender"}
    assert priority_order(rows)[0].capability_id == most_important[0].capability_id


def test_ties_extend_a_list_past_k():
    rows = [CapabilityStats(c, 5, m) for c, m in [("a", 3.0), ("b", 2.0), ("c", 2.0), ("d", 1.0)]]
    assert [(t.stats.capability_id, t.rank, t.tied) for t in top(rows, 2)] == [("a", 1, False), ("b", 2, True), ("c", 2, True)]
    assert [t.stats.capability_id for t in top(rows, 1)] == ["a"]
    assert [(t.stats.capability_id, t.rank) for t in bottom(rows, 2)] == [("d", 1), ("b", 2), ("c", 2)]


def test_organisation_is_the_unit_and_dont_know_is_left_out():
    obs = [
        Observation("big", "r1", "group", "c", 4),
        Observation("big", "r2", "group", "c", 2),
        Observation("big", "r3", "group", "c", None),  # vet ej: not a 0
        Observation("small", "r4", "facilitator", "c", 0, 5),
        Observation("unsure", "r5", "group", "c", None, 3),  # only vet ej: not counted
    ]
    (row,) = capability_statistics(obs, ["c"], default_target=3)
    assert row.n == 2 and row.mean == 1.5  # (mean(4, 2) + 0) / 2, not (4 + 2 + 0) / 3
    assert row.min == 0 and row.max == 3 and row.level_counts == (1, 0, 0, 1, 0)
    assert row.importance_n == 2 and row.importance_mean == 4
    assert row.gap == 1.5 and row.wide_spread
    assert row.organisations == {"big", "small"}
    assert shared_organisations(obs) == {"big", "unsure"}


def test_no_level_means_no_figures():
    (row,) = capability_statistics([Observation("o", "r", "group", "c", None)], ["c"])
    assert row.n == 0 and row.mean is None and row.sd is None and not row.wide_spread
    (single,) = capability_statistics([Observation("o", "r", "group", "c", 2)], ["c"])
    assert single.sd is None and sample_sd([2.0]) is None


def test_priority_highest_importance_then_lowest_maturity():
    rows = [CapabilityStats("low-imp", 5, 1.0, importance_n=5, importance_mean=2.0),
            CapabilityStats("hi-imp-good", 5, 3.0, importance_n=5, importance_mean=4.5),
            CapabilityStats("hi-imp-weak", 5, 1.5, importance_n=5, importance_mean=4.5),
            CapabilityStats("no-imp", 5, 0.5),
            CapabilityStats("hidden", 2, suppressed=True)]
    assert [r.capability_id for r in priority_order(rows)] == ["hi-imp-weak", "hi-imp-good", "low-imp", "no-imp"]


ratings = st.lists(
    st.tuples(st.integers(0, 7), st.integers(0, 2), st.sampled_from(["c1", "c2"]),
              st.one_of(st.none(), st.integers(0, 4)), st.one_of(st.none(), st.integers(1, 5))),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(ratings)
def test_statistics_match_an_independent_computation(data):
    # Last rating of a respondent wins, as in the document's primary key.
    latest = {(org, resp, cap): (m, i) for org, resp, cap, m, i in data}
    obs = [Observation(f"o{org}", f"o{org}r{resp}", "group", cap, m, i) for (org, resp, cap), (m, i) in latest.items()]
    for row in capability_statistics(obs, ["c1", "c2"]):
        per_org: dict[str, list[int]] = {}
        imp_org: dict[str, list[int]] = {}
        for (org, _, cap), (m, i) in latest.items():
            if cap == row.capability_id and m is not None:
                per_org.setdefault(org, []).append(m)
            if cap == row.capability_id and i is not None:
                imp_org.setdefault(org, []).append(i)
        values = np.array([np.mean(v) for v in per_org.values()])
        assert row.n == len(values)
        assert sum(row.level_counts) == row.n
        assert row.importance_n == len(imp_org)
        if len(values) == 0:
            assert row.mean is None
            continue
        assert abs(row.mean - values.mean()) < 1e-9
        assert row.min == values.min() and row.max == values.max()
        if len(values) > 1:
            assert abs(row.sd - pystats.stdev(values.tolist())) < 1e-9
            assert abs(row.sd - np.std(values, ddof=1)) < 1e-9
        else:
            assert row.sd is None
        if imp_org:
            assert abs(row.importance_mean - np.mean([np.mean(v) for v in imp_org.values()])) < 1e-9


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=1, max_size=30), st.integers(1, 6))
def test_top_list_is_every_capability_at_least_as_good_as_the_kth(levels, k):
    rows = [CapabilityStats(f"c{i}", 1, float(v)) for i, v in enumerate(levels)]
    listed = top(rows, k)
    ordered = sorted(levels, reverse=True)
    cutoff = ordered[min(k, len(ordered)) - 1]
    assert sorted(t.stats.mean for t in listed) == sorted(v for v in levels if v >= cutoff)
    for t in listed:
        assert t.rank == 1 + sum(1 for v in levels if v > t.stats.mean)


def _row(capability_id: str, mean: float | None, **fields) -> CapabilityStats:
    return CapabilityStats(capability_id, 5 if mean is not None else 0, mean, **fields)


def test_blanking_keeps_what_may_be_shown_and_the_privacy_record():
    full = CapabilityStats("c", 7, 2.1, 0.5, 1, 3, (0, 1, 5, 1, 0), 6, 4.2, frozenset({"a", "b"}), target_level=4)
    blank = full.blanked()
    assert (blank.capability_id, blank.n, blank.importance_n, blank.organisations, blank.target_level) == (
        "c", 7, 6, frozenset({"a", "b"}), 4)
    assert blank.suppressed and blank.mean is blank.sd is blank.importance_mean is None and blank.level_counts == ()


def test_a_capability_may_set_its_own_target():
    observations = [Observation(f"o{i}", f"r{i}", "group", c, 2) for i in range(3) for c in ("a", "b")]
    a, b = capability_statistics(observations, ["a", "b"], target_levels={"b": 4})
    assert a.gap is None and b.gap == pytest.approx(2.0)  # no workshop target given: only b has one


def test_lists_leave_out_capabilities_without_a_figure():
    rows = [_row("unrated", None), _row("hidden", None, suppressed=True), _row("x", 2.0, importance_mean=3.0)]
    assert [r.stats.capability_id for r in top(rows)] == ["x"] == [r.stats.capability_id for r in bottom(rows)]
    assert [r.capability_id for r in priority_order(rows)] == ["x"]


def test_ties_are_marked_at_the_start_the_middle_and_the_end_of_a_list():
    rows = [_row("a", 3.0), _row("b", 3.0), _row("c", 2.0), _row("d", 1.0), _row("e", 1.0)]
    assert [(r.rank, r.tied) for r in top(rows)] == [(1, True), (1, True), (3, False), (4, True), (4, True)]
    assert [(r.rank, r.tied) for r in top([_row("alone", 2.0)])] == [(1, False)]
    assert [(r.rank, r.tied) for r in bottom(rows[:3])] == [(1, False), (2, True), (2, True)]


def test_top_and_bottom_lists_hold_five_by_default():
    rows = [_row(f"c{i}", i / 2) for i in range(8)]
    assert len(top(rows)) == 5 and len(bottom(rows)) == 5
    assert [r.stats.capability_id for r in bottom(rows)] == ["c0", "c1", "c2", "c3", "c4"]


def test_capabilities_at_a_level_beyond_the_scale_are_none():
    rows = [CapabilityStats("c", 5, 2.0, level_counts=(1, 1, 1, 1, 1))]
    assert capabilities_at_level(rows, 4) == 1 and capabilities_at_level(rows, 5) == 0


def test_a_capability_with_importance_but_no_maturity_keeps_its_importance_and_target():
    observations = [Observation(f"o{i}", f"r{i}", "group", "c", None, 4) for i in range(3)]
    (row,) = capability_statistics(observations, ["c"], default_target=3)
    assert (row.n, row.mean, row.level_counts) == (0, None, (0, 0, 0, 0, 0))
    assert (row.importance_n, row.importance_mean, row.target_level) == (3, 4.0, 3)
