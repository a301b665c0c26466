"""Privacy rules of the joint result, scenario suggestions and decisions."""

from __future__ import annotations

import pytest

from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.core.privacy import (WITHHELD_HIDDEN, WITHHELD_SUPPRESSED, EarlierExport, check_min_group_size,
                                               compile_result, ledger_key)
from digitalmotor_desktop.core.pseudonyms import assign_pseudonyms
from digitalmotor_desktop.core.scenarios import Decision, map_suggestion, suggest
from digitalmotor_desktop.core.statistics import CapabilityStats, Observation
from digitalmotor_desktop.ops.decisions import decide, set_target_level
from digitalmotor_desktop.ops.results import gap_report
from digitalmotor_desktop.store import results as store
from digitalmotor_desktop.store.workshop import capability_map, workshop_row
from gap_data import csv_rows, insert_ratings


def _obs(levels: dict[str, list[int]], consent: dict[str, str] | None = None) -> list[Observation]:
    """capability → one level per organisation o0, o1, …"""
    consent = consent or {}
    return [Observation(f"o{i}", f"o{i}r", consent.get(f"o{i}", "group"), cap, level)
            for cap, values in levels.items() for i, level in enumerate(values)]


def _compile(obs, caps, k=5, anonymised=True, **kw):
    return compile_result(obs, caps, min_n=k, anonymised=anonymised, names={}, pseudonym_seed="seed", **kw)


def test_small_n_is_suppressed_everywhere():
    obs = _obs({"few": [4, 4, 4, 4], "many": [1, 2, 2, 3, 3]})
    result = _compile(obs, ["few", "many"])
    few, many = result.rows
    assert few.suppressed and few.n == 4 and few.mean is None and few.sd is None and few.max is None
    assert few.level_counts == () and few.gap is None
    assert not many.suppressed and many.mean == 2.2
    listed = {r.stats.capability_id for r in result.top + result.bottom} | {r.capability_id for r in result.priority}
    assert listed == {"many"}
    assert result.level4_count == 0  # the four level-4 ratings are in a suppressed cell
    assert result.withheld["few"] == (WITHHELD_SUPPRESSED, {})
    assert "few" not in result.matrix
    assert list(result.ledger) == ["many"] and sorted(result.ledger["many"]) == ["o0", "o1", "o2", "o3", "o4"]


def test_importance_needs_k_organisations_of_its_own():
    obs = [Observation(f"o{i}", f"r{i}", "group", "c", 2, 5 if i < 2 else None) for i in range(6)]
    (row,) = _compile(obs, ["c"]).rows
    assert row.mean == 2 and row.importance_n == 2 and row.importance_mean is None


def test_pseudonyms_and_consent_in_the_anonymised_view():
    levels = {"c": [0, 1, 2, 3, 4, 2]}
    obs = _obs(levels, consent={"o5": "facilitator"})
    result = _compile(obs, ["c"])
    labels = assign_pseudonyms([f"o{i}" for i in range(5)], "seed")
    assert [c.label for c in result.columns] == [f"Organisation {x}" for x in "ABCDE"]
    assert {c.organisation_id: c.label for c in result.columns} == labels
    assert "o5" not in {c.organisation_id for c in result.columns}
    # One hidden organisation: the joint mean minus the shown ratings would reveal it.
    assert "c" not in result.matrix and result.withheld["c"] == (WITHHELD_HIDDEN, {"hidden": 1})
    assert result.rows[0].n == 6  # but it counts in the joint figures


def test_matrix_is_shown_when_no_one_or_at_least_k_are_hidden():
    levels = {"c": list(range(5)) + [2] * 5}
    hidden = {f"o{i}": "facilitator" for i in range(5, 10)}
    result = _compile(_obs(levels, hidden), ["c"])
    assert result.matrix["c"] == {f"o{i}": float(i) for i in range(5)}
    assert _compile(_obs(levels), ["c"]).matrix["c"].keys() == {f"o{i}" for i in range(10)}


def test_facilitator_view_names_every_organisation_but_still_suppresses():
    obs = _obs({"c": [1, 2, 3]}, consent={"o0": "facilitator"})
    result = compile_result(obs, ["c"], min_n=3, anonymised=False, names={"o0": "Åmål", "o1": "Bengtsfors",
                            "o2": "Dals-Ed"}, pseudonym_seed="s")
    assert [c.label for c in result.columns] == ["Bengtsfors", "Dals-Ed", "Åmål"]
    assert result.matrix["c"]["o0"] == 1
    assert compile_result(obs, ["c"], min_n=4, anonymised=False, names={}, pseudonym_seed="s").rows[0].suppressed


def test_differencing_against_earlier_exports():
    five = {"c": [1, 2, 3, 2, 2]}
    earlier = [EarlierExport(ledger_key("seed"), _compile(_obs(five), ["c"]).ledger)]
    six = _obs({"c": [1, 2, 3, 2, 2, 4]})
    assert _compile(six, ["c"], earlier_exports=earlier).rows[0].suppressed  # would reveal o5's 4
    assert not _compile(_obs(five), ["c"], earlier_exports=earlier).rows[0].suppressed  # the same figures
    ten = _obs({"c": [1, 2, 3, 2, 2, 4, 4, 0, 1, 3]})
    assert not _compile(ten, ["c"], earlier_exports=earlier).rows[0].suppressed  # five newcomers: allowed


def test_min_group_size_never_below_three_or_the_workshops():
    assert check_min_group_size(3) == 3
    with pytest.raises(InvalidInput, match="smallest group size"):
        check_min_group_size(2)
    with pytest.raises(InvalidInput, match="is 5"):
        check_min_group_size(4, 5)


def _row(counts, importance=None, target=3):
    values = [lv for lv, c in enumerate(counts) for _ in range(c)]
    n = len(values)
    return CapabilityStats("c", n, sum(values) / n, None, min(values), max(values), tuple(counts), n if importance else 0,
                           importance, target_level=target)


@pytest.mark.parametrize(("counts", "importance", "scenario", "words"), [
    ((0, 0, 1, 4, 2), 4.0, 0, "no joint effort"),
    ((2, 2, 1, 0, 1), 3.0, 4, "4 of 6 organisations are at level 0–1"),
    ((0, 1, 4, 2, 1), 3.0, 2, "3 organisation(s) at level 3–4 could lift the 1"),
    ((0, 0, 5, 1, 0), 4.2, 3, "important capability (importance 4.20)"),
    ((0, 0, 5, 1, 0), 2.0, 1, "Similar levels (mean 2.17)"),
    ((0, 3, 3, 0, 0), None, 1, "like strength"),
])
def test_scenario_rules(counts, importance, scenario, words):
    suggestion = suggest(_row(counts, importance))
    assert suggestion.scenario == scenario
    assert words in suggestion.text()


def test_no_suggestion_for_suppressed_and_map_level_joint_scenario():
    assert suggest(CapabilityStats("c", 2, suppressed=True)).scenario is None
    joint = [suggest(_row((0, 3, 3, 0, 0)))] * 3 + [suggest(_row((0, 0, 1, 4, 2)))]
    assert map_suggestion(joint).scenario == 5 and "3 of 4" in map_suggestion(joint).text()
    assert map_suggestion([suggest(_row((0, 0, 1, 4, 2)))] * 2) is None


def test_decision_edit_is_undoable_and_validated(fyrbodal):
    cap = capability_map(fyrbodal).capabilities()[3].id
    edit = decide(fyrbodal, cap, Decision(True, True, 2, 4, "  pilot  "))
    assert edit.redo(fyrbodal).touches("decisions")
    assert store.decisions(fyrbodal)[cap] == Decision(True, True, 2, 4, "pilot")
    edit.undo(fyrbodal)
    assert cap not in store.decisions(fyrbodal)
    edit.redo(fyrbodal)
    second = decide(fyrbodal, cap, Decision(False))
    second.redo(fyrbodal)
    second.undo(fyrbodal)
    assert store.decisions(fyrbodal)[cap].scenario == 2
    for bad in (Decision(scenario=9), Decision(target_level=7)):
        with pytest.raises(InvalidInput):
            decide(fyrbodal, cap, bad)
    with pytest.raises(InvalidInput):
        decide(fyrbodal, "no-such-capability", Decision())
    assert store.decisions(fyrbodal)[cap].scenario == 2


def test_target_level_edit_changes_gaps(fyrbodal):
    insert_ratings(fyrbodal, csv_rows())
    edit = set_target_level(fyrbodal, 4)
    edit.redo(fyrbodal)
    report = gap_report(fyrbodal)
    assert workshop_row(fyrbodal)["target_level"] == 4
    assert all(abs(r.gap - (4 - r.mean)) < 1e-12 for r in report.result.rows)
    edit.undo(fyrbodal)
    assert gap_report(fyrbodal).result.rows[0].target_level == 3
    with pytest.raises(InvalidInput):
        set_target_level(fyrbodal, 12)


def test_report_from_a_document_reproduces_figur_30(fyrbodal):
    insert_ratings(fyrbodal, csv_rows())
    report = gap_report(fyrbodal)
    names = {c.id: c.name for c in report.capability_map.capabilities()}
    assert [(names[t.stats.capability_id][:10], f"{t.stats.mean:.2f}") for t in report.result.top][:2] == [
        ("Upprätthål", "3.00"), ("Vara rådgi", "2.73")]
    assert report.result.level4_count == 36
    assert len(report.result.columns) == 15 and len(report.result.matrix) == 55
