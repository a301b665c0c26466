"""Privacy rules of the joint result, scenario suggestions and decisions."""

from __future__ import annotations

import pytest

from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.core.privacy import (WITHHELD_HIDDEN, WITHHELD_SUPPRESSED, EarlierExport, check_min_group_size,
                                               compile_result, ledger_key)
from digitalmotor_desktop.core.pseudonyms import assign_pseudonyms, pseudonym_label, pseudonym_letters
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
    exactly_k = [Observation(f"o{i}", f"r{i}", "group", "c", 2, 4) for i in range(5)]
    assert _compile(exactly_k, ["c"]).rows[0].importance_mean == 4


def test_defaults_are_the_study_scale_and_target_and_a_capability_may_set_its_own_target():
    obs = _obs({"a": [4, 4, 3, 3, 1], "b": [2, 2, 2, 2, 2]})
    result = _compile(obs, ["a", "b"])
    assert result.level4_count == 1  # level 4 is the top of the default 0–4 scale
    assert [r.gap for r in result.rows] == [pytest.approx(3 - 3.0), pytest.approx(3 - 2.0)]  # default target 3
    assert _compile(obs, ["a", "b"], target_levels={"b": 4}).rows[1].gap == pytest.approx(2.0)


def test_a_row_withheld_for_hidden_organisations_does_not_withhold_the_next():
    obs = _obs({"few-hidden": [1, 2, 3, 2, 2, 4], "none-hidden": [1, 2, 3, 2, 2]}, consent={"o5": "facilitator"})
    result = _compile(obs, ["few-hidden", "none-hidden"])
    assert "few-hidden" in result.withheld and "none-hidden" in result.matrix
    assert result.anonymised is True and _compile(obs, ["none-hidden"], anonymised=False).anonymised is False


def test_unrated_capabilities_are_skipped_and_one_rating_is_withheld_as_suppressed():
    obs = _obs({"one": [3], "many": [1, 2, 2, 3, 3]})
    result = _compile(obs, ["unrated", "one", "many"])
    assert "unrated" not in result.withheld and "unrated" not in result.matrix
    assert result.withheld["one"] == (WITHHELD_SUPPRESSED, {})
    assert result.matrix["many"] == {f"o{i}": level for i, level in enumerate([1, 2, 2, 3, 3])}


#: Worked out once by hand from ``random.Random("seed").shuffle(["o0", …, "o4"])`` — an expectation
#: independent of the code under test: without the shuffle o0 would be A, o1 B, …
SHUFFLED_BY_SEED = {"o0": "Organisation D", "o1": "Organisation E", "o2": "Organisation A", "o3": "Organisation C",
                    "o4": "Organisation B"}
#: ``random.Random("Fyrbodal 2020").shuffle`` of org-00 … org-11, written out.
FYRBODAL_ORDER = ["org-01", "org-09", "org-00", "org-06", "org-07", "org-03", "org-08", "org-05", "org-10", "org-04",
                  "org-11", "org-02"]


def test_pseudonyms_follow_the_seeds_shuffle_whatever_order_the_ids_come_in():
    ids = [f"org-{i:02}" for i in range(12)]
    expected = {org: f"Organisation {letter}" for org, letter in zip(FYRBODAL_ORDER, "ABCDEFGHIJKL")}
    assert assign_pseudonyms(ids, "Fyrbodal 2020") == expected
    assert assign_pseudonyms(list(reversed(ids)), "Fyrbodal 2020") == expected
    assert assign_pseudonyms(ids, "another workshop") != expected
    assert sorted(assign_pseudonyms(ids[:2], "s", "Org {letters}").values()) == ["Org A", "Org B"]


@pytest.mark.parametrize(("index", "letters"), [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (51, "AZ"),
                                                (52, "BA"), (701, "ZZ"), (702, "AAA")])
def test_pseudonym_letters_run_like_spreadsheet_columns(index, letters):
    assert pseudonym_letters(index) == letters
    assert pseudonym_label(index) == f"Organisation {letters}"


def test_pseudonyms_and_consent_in_the_anonymised_view():
    levels = {"c": [0, 1, 2, 3, 4, 2]}
    obs = _obs(levels, consent={"o5": "facilitator"})
    result = _compile(obs, ["c"])
    assert [c.label for c in result.columns] == [f"Organisation {x}" for x in "ABCDE"]
    assert {c.organisation_id: c.label for c in result.columns} == SHUFFLED_BY_SEED
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


SIZES_UP_TO_K = [(k, size) for k in (3, 5, 7) for size in range(k + 1)]  # 0, 1 … K − 1, K for several K


@pytest.mark.parametrize(("k", "hidden"), SIZES_UP_TO_K)
def test_the_matrix_is_withheld_at_every_number_of_hidden_organisations_from_1_to_k_minus_1(k, hidden):
    """Ten shown organisations plus ``hidden`` facilitator-only ones: the joint figures minus the shown
    ratings would give the hidden ones away unless none or at least K of them are hidden."""
    shown = 10
    levels = {"c": [i % 5 for i in range(shown + hidden)]}
    consent = {f"o{i}": "facilitator" for i in range(shown, shown + hidden)}
    result = _compile(_obs(levels, consent), ["c"], k=k)
    if 0 < hidden < k:
        assert "c" not in result.matrix and result.withheld["c"] == (WITHHELD_HIDDEN, {"hidden": hidden})
    else:
        assert result.matrix["c"].keys() == {f"o{i}" for i in range(shown)} and "c" not in result.withheld


def test_facilitator_view_names_every_organisation_but_still_suppresses():
    obs = _obs({"c": [1, 2, 3]}, consent={"o0": "facilitator"})
    result = compile_result(obs, ["c"], min_n=3, anonymised=False, names={"o0": "Åmål", "o1": "Bengtsfors",
                            "o2": "Dals-Ed"}, pseudonym_seed="s")
    assert [c.label for c in result.columns] == ["Bengtsfors", "Dals-Ed", "Åmål"]
    assert result.matrix["c"]["o0"] == 1
    assert compile_result(obs, ["c"], min_n=4, anonymised=False, names={}, pseudonym_seed="s").rows[0].suppressed


def organisations_only(cells: dict[str, list[str]]) -> EarlierExport:
    """An earlier export known only by its organisations (another workshop's ledger, or one from format 1)."""
    return EarlierExport("another key", {cap: {org: (None, None) for org in orgs} for cap, orgs in cells.items()})


@pytest.mark.parametrize(("k", "changed"), SIZES_UP_TO_K)
@pytest.mark.parametrize("how", ["added", "removed", "swapped"])
def test_a_cell_differing_from_an_earlier_export_by_1_to_k_minus_1_organisations_is_suppressed(k, changed, how):
    """Two published figures whose organisations differ by 1 … K − 1 reveal those organisations' ratings."""
    base = 15
    earlier_ids = range(base)
    later_ids = {"added": range(base + changed), "removed": range(base - changed),
                 "swapped": range(changed, base + changed)}[how]
    earlier = [organisations_only({"c": [f"o{i}" for i in earlier_ids]})]
    later = [Observation(f"o{i}", f"o{i}r", "group", "c", i % 5) for i in later_ids]
    (row,) = _compile(later, ["c"], k=k, earlier_exports=earlier).rows
    symmetric_difference = changed * (2 if how == "swapped" else 1)
    assert row.suppressed == (0 < symmetric_difference < k)


@pytest.mark.parametrize("k", [3, 5])
def test_a_cell_of_exactly_k_organisations_is_checked_against_earlier_exports_too(k):
    earlier = [organisations_only({"c": [f"o{i}" for i in range(k + 1)]})]
    (row,) = _compile(_obs({"c": [2] * k}), ["c"], k=k, earlier_exports=earlier).rows
    assert row.suppressed  # the one organisation left out would be revealed


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
    with pytest.raises(InvalidInput) as refused:
        check_min_group_size(4, 5)
    assert str(refused.value) == "The smallest group size for this workshop is 5; 4 would reveal individual ratings."
    assert check_min_group_size(6, 5) == 6


def test_a_row_is_found_by_its_capability():
    result = _compile(_obs({"a": [1] * 5, "b": [2] * 5}), ["a", "b"])
    assert result.row("b") is result.rows[1] and result.row("a").mean == 1
    assert result.row("no-such-capability") is None


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
