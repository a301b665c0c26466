"""The export ledger and the differencing guard: what an export records, and what a later export withholds.

The attack: the same organisations export a cell twice, and between the two 1 … K − 1 of them changed what
they contributed (a re-rating, an importance changed) — the difference of the two published figures gives
those changes away, though no organisation was added or removed. And the accident: a ledger written by
another laptop, or by an earlier version, that no longer compares because the digests were worked out
differently — then every organisation looks changed, and K of them "changed" let any figure out again.
"""

from __future__ import annotations

import pytest

from digitalmotor_desktop.core.privacy import EarlierExport, compile_result, contribution, ledger_key
from digitalmotor_desktop.core.statistics import Observation

SIZES_AROUND_K = [(k, size) for k in (3, 5) for size in range(k + 2)]  # 0, 1 … K − 1, K, K + 1
ORGANISATIONS = 15


def _compile(observations, k, earlier=(), secret="seed"):
    return compile_result(observations, ["c"], min_n=k, anonymised=True, names={}, pseudonym_seed=secret,
                          earlier_exports=earlier)


def _ratings(changed: int = 0, part: str = "maturity", importance: int | None = 3) -> list[Observation]:
    """Fifteen organisations rate "c"; the first ``changed`` of them one step higher in ``part``."""
    return [Observation(f"o{i}", f"o{i}r", "group", "c",
                        (i % 4) + (part == "maturity" and i < changed),
                        None if importance is None else importance + (part == "importance" and i < changed))
            for i in range(ORGANISATIONS)]


def _exported(observations, k, secret="seed") -> EarlierExport:
    return EarlierExport(ledger_key(secret), _compile(observations, k, secret=secret).ledger)


def test_digests_are_the_documented_keyed_hashes_so_a_ledger_from_another_laptop_compares():
    """db/FORMAT.md: HMAC-SHA-256 keyed by the seed over "<part>/<capability>/<organisation>/<value>" (the
    value with six decimals, or "none"), cut to 16 hex digits; ``ledger_key`` over "export ledger". The
    digests below were worked out once with Python's hmac, not with the code under test."""
    assert ledger_key("seed") == "8f08a98a2454c76a"
    assert ledger_key("other") == "afb4f02156162b5e"
    assert contribution("seed", "c", "o1", "maturity", 2.5) == "6018542a65aa8cf4"
    assert contribution("seed", "c", "o1", "importance", None) == "07157aa937a5ee6d"


@pytest.mark.parametrize(("k", "changed"), SIZES_AROUND_K)
@pytest.mark.parametrize("part", ["maturity", "importance"])
def test_a_cell_in_which_1_to_k_minus_1_organisations_changed_a_rating_since_an_export_is_withheld(k, changed, part):
    """The same fifteen organisations, ``changed`` of them re-rated (maturity, or importance alone): the two
    figures differ by exactly what those changed, so 1 … K − 1 of them are withheld, and K or more are not."""
    earlier = [_exported(_ratings(), k)]
    result = _compile(_ratings(changed, part), k, earlier)
    (row,) = result.rows
    withheld = 0 < changed < k
    assert row.suppressed == withheld and (row.mean is None) == withheld
    assert result.changed_since_export == (frozenset({"c"}) if withheld else frozenset())
    assert ("c" in result.ledger) != withheld  # a withheld cell is not published, so not recorded either


def test_a_cell_exported_under_another_secret_is_compared_by_its_organisations_alone():
    """A ledger merged from another workshop holds digests under another seed: they cannot be compared, so a
    re-rating is not mistaken for a change (and the same organisations publish again)."""
    earlier = [_exported(_ratings(), 3, secret="other")]
    assert not _compile(_ratings(1), 3, earlier).rows[0].suppressed
    assert _compile(_ratings()[1:], 3, earlier).rows[0].suppressed  # one organisation fewer: withheld


def test_every_earlier_export_is_compared_even_after_one_that_did_not_publish_the_cell():
    without_the_cell = EarlierExport(ledger_key("seed"), {"other capability": {"o0": (None, None)}})
    earlier = [without_the_cell, _exported(_ratings(), 3)]
    assert _compile(_ratings(1), 3, earlier).rows[0].suppressed


def test_an_importance_the_export_did_not_publish_is_not_recorded_so_changing_it_later_reveals_nothing():
    """Two of fifteen gave an importance (fewer than K): the cell publishes no importance, so the ledger
    keeps none, and a later change of it is no change of what was published."""
    few_importances = [o._replace(importance=5 if i < 2 else None) for i, o in enumerate(_ratings())]
    exported = _compile(few_importances, 3)
    assert exported.rows[0].importance_mean is None
    assert [importance for _, importance in exported.ledger["c"].values()] == [None] * ORGANISATIONS
    changed = [o._replace(importance=1) if i == 0 else o for i, o in enumerate(few_importances)]
    later = _compile(changed, 3, [EarlierExport(ledger_key("seed"), exported.ledger)])
    assert not later.rows[0].suppressed and later.changed_since_export == frozenset()


def test_a_published_importance_is_recorded_for_every_organisation_that_gave_one():
    ledger = _compile(_ratings(), 3).ledger["c"]
    assert ledger["o0"] == (contribution("seed", "c", "o0", "maturity", 0.0),
                            contribution("seed", "c", "o0", "importance", 3.0))
    assert all(None not in digests for digests in ledger.values())
