"""LiveResult updated one capability at a time equals a full recompute where the organisations shown change.

The attack: the organisations that may be shown depend on every capability (an organisation is shown while
it rated anything, and in the anonymised view while every respondent of it shares with the group), and
LiveResult keeps them as running counts. A count that does not return to zero when an organisation's last
rating is taken back, or its last narrow consent widened, keeps it shown or hidden — and then its column, or
the rows withheld because 1 … K − 1 organisations are hidden, differ from what a full recompute shows. Each
step below changes one organisation and compares with the full recompute, at every size 1 … K + 1.
"""

from __future__ import annotations

import pytest

from digitalmotor_desktop.core.privacy import WITHHELD_HIDDEN, LiveResult, compile_result
from digitalmotor_desktop.core.statistics import Observation

CAPABILITIES = ["c0", "c1", "c2"]
SHOWN = 8  # organisations that always share with the group


def _rules(k: int, anonymised: bool = True) -> dict:
    return dict(min_n=k, anonymised=anonymised, names={}, pseudonym_seed="seed", default_target=3)


def _ratings(consent: dict[str, str], organisations: int) -> dict[str, list[Observation]]:
    """capability → its observations: every organisation o0 … rates every capability, two respondents each."""
    return {cap: [Observation(f"o{i}", f"o{i}{person}", consent.get(f"o{i}", "group"), cap, (i + j) % 5, 3)
                  for i in range(organisations) for person in "ab"]
            for j, cap in enumerate(CAPABILITIES)}


def _assert_as_full_recompute(live: LiveResult, observations: dict[str, list[Observation]], k: int, **rules):
    full = compile_result([o for rows in observations.values() for o in rows], CAPABILITIES, **_rules(k, **rules))
    assert live.result() == full
    return full


@pytest.mark.parametrize("k", [3, 5])
def test_consent_narrowed_then_widened_one_organisation_at_a_time_shows_what_a_full_recompute_shows(k):
    """1 … K + 1 organisations come to share with the facilitator only, one at a time, then share with the
    group again: each is hidden and shown again, and the rows are withheld while 1 … K − 1 are hidden."""
    everyone = SHOWN + k + 1
    live = LiveResult([o for rows in _ratings({}, everyone).values() for o in rows], CAPABILITIES, **_rules(k))
    narrow: dict[str, str] = {}
    for hidden in [*range(1, k + 2), *range(k, -1, -1)]:
        narrow = {f"o{i}": "facilitator" for i in range(SHOWN, SHOWN + hidden)}
        now = _ratings(narrow, everyone)
        live.update(now)
        full = _assert_as_full_recompute(live, now, k)
        assert len(full.columns) == everyone - hidden
        if 0 < hidden < k:
            assert full.withheld == {cap: (WITHHELD_HIDDEN, {"hidden": hidden}) for cap in CAPABILITIES}
        else:
            assert set(full.matrix) == set(CAPABILITIES)


@pytest.mark.parametrize("anonymised", [True, False])
@pytest.mark.parametrize("k", [3, 5])
def test_an_organisation_whose_every_rating_is_taken_back_leaves_the_columns(k, anonymised):
    """Organisations take back every rating, one capability at a time, until fewer than K are left: each
    leaves the columns with its last rating, as in a full recompute; then they rate again."""
    everyone = k + 2
    now = _ratings({}, everyone)
    live = LiveResult([o for rows in now.values() for o in rows], CAPABILITIES, **_rules(k, anonymised))
    for leaving in range(1, everyone + 1):
        for cap in CAPABILITIES:
            now[cap] = [o for o in now[cap] if o.organisation_id != f"o{everyone - leaving}"]
            live.update({cap: now[cap]})
            _assert_as_full_recompute(live, now, k, anonymised=anonymised)
        assert len(live.result().columns) == everyone - leaving
    back = _ratings({}, everyone)
    live.update(back)
    assert len(_assert_as_full_recompute(live, back, k, anonymised=anonymised).columns) == everyone


def test_update_and_retarget_name_exactly_the_capabilities_to_redraw():
    """What they return is what stage 5 repaints: a rating names its own capability (all of them once the
    organisations shown change), a decision the capabilities whose target really moved — a target set to the
    default, or set again, moves nothing."""
    now = _ratings({}, 5)
    live = LiveResult([o for rows in now.values() for o in rows], CAPABILITIES, target_levels={"c1": 4}, **_rules(3))
    now["c0"] = [o._replace(maturity=4) for o in now["c0"]]
    assert live.update({"c0": now["c0"], "not on the map": []}) == {"c0"}
    newcomer = Observation("o9", "o9a", "group", "c2", 1)
    now["c2"] = [*now["c2"], newcomer]
    assert live.update({"c2": now["c2"]}) == set(CAPABILITIES)  # a sixth organisation: a column more everywhere
    assert live.retarget({"c1": 4}) == frozenset() and live.retarget({"c1": 4, "c2": 3}) == frozenset()
    assert live.retarget({"c2": 1}) == {"c1", "c2"}  # c1 back to the default 3, c2 from the default to 1
    full = compile_result([o for rows in now.values() for o in rows], CAPABILITIES, target_levels={"c2": 1},
                          **_rules(3))
    assert live.result() == full
