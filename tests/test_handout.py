"""Hand-outs: the map, scale and goals for one organisation to rate on its own laptop, and back."""

import subprocess
import sys

from digitalmotor_desktop.ops import decisions as decision_ops
from digitalmotor_desktop.ops import ratings as rating_ops
from digitalmotor_desktop.ops.merge import plan_merge, write_handout
from digitalmotor_desktop.store import ratings as store_ratings
from digitalmotor_desktop.store.document import open_document
from digitalmotor_desktop.store.results import scenario_participants
from digitalmotor_desktop.store.workshop import capability_map, goals, scale, summary

from merge_data import MUNICIPALITIES, capability_ids, capture_file, file_hash, merge


def _handout_organisation(path):
    with open_document(path, read_only=True) as document:
        return document.db.execute("SELECT handout_organisation_id FROM document").fetchone()[0]


def test_a_handout_holds_the_map_and_only_its_own_organisation(tmp_path):
    lead = capture_file(tmp_path / "lead.dmw", MUNICIPALITIES[:4], respondents=2, seed=4)
    handout = tmp_path / "uddevalla.dmw"
    chosen = write_handout(lead, handout, "Bengtsfors")
    with open_document(lead, read_only=True) as source, open_document(handout, read_only=True) as copy:
        assert capability_map(copy) == capability_map(source)
        assert scale(copy) == scale(source) and goals(copy) == goals(source)
        assert [o.name for o in store_ratings.organisations(copy)] == ["Bengtsfors"]
        assert len(store_ratings.respondents(copy)) == 2
        assert summary(copy).counts["ratings"] == 2 * 55
        assert copy.document_id != source.document_id
    assert _handout_organisation(handout) == chosen
    raw = handout.read_bytes()
    assert not [name for name in ("Ale respondent", "Dals-Ed", "Färgelanda") if name.encode() in raw]


def test_a_handout_is_made_when_other_organisations_take_part_in_scenarios(tmp_path):
    """The accident: Ale and Bengtsfors signed up for scenarios in the lead's file; Dals-Ed's hand-out
    must still be written (not fail on participations of organisations it does not carry) and hold
    only its own — which merge back unchanged."""
    lead = capture_file(tmp_path / "lead.dmw", MUNICIPALITIES[:3], respondents=1, seed=4)
    with open_document(lead) as document:
        ids = {o.name: o.id for o in store_ratings.organisations(document)}
        for scenario, name in ((2, MUNICIPALITIES[0]), (3, MUNICIPALITIES[1]), (3, MUNICIPALITIES[2])):
            decision_ops.take_part(document, scenario, ids[name], True).redo(document)
    handout = tmp_path / "dals-ed.dmw"
    write_handout(lead, handout, MUNICIPALITIES[2])
    with open_document(handout, read_only=True) as copy:
        assert scenario_participants(copy) == {3: frozenset({ids[MUNICIPALITIES[2]]})}
    assert file_hash(merge(tmp_path / "back.dmw", lead, handout)) == file_hash(merge(tmp_path / "lead-only.dmw", lead))


def test_a_new_organisation_rates_in_its_handout_and_merges_back(tmp_path):
    lead = capture_file(tmp_path / "lead.dmw", ["Kungälv"], seed=6)
    handout = tmp_path / "lysekil.dmw"
    organisation_id = write_handout(lead, handout, "  Lysekil ")
    assert _handout_organisation(handout) == organisation_id
    with open_document(handout) as document:
        assert [o.name for o in store_ratings.organisations(document)] == ["Lysekil"]
        person = rating_ops.add_respondent(document, organisation_id, "", "group")
        person.redo(document)
        for cap in capability_ids(document):
            rating_ops.set_maturity(document, person.extra["id"], cap, 2).redo(document)
    plan = plan_merge([lead, handout])
    back = plan.reports[1]
    assert (back.new_respondents, back.conflicts, back.updated) == (1, [], 0)
    merged = merge(tmp_path / "merged.dmw", lead, handout)
    with open_document(merged, read_only=True) as document:
        assert sorted(o.name for o in store_ratings.organisations(document)) == ["Kungälv", "Lysekil"]
        assert summary(document).counts["ratings"] == 2 * 55
    assert file_hash(merge(tmp_path / "again.dmw", handout, lead, merged)) == file_hash(merged)


def test_a_handout_without_an_organisation_has_none(tmp_path):
    lead = capture_file(tmp_path / "lead.dmw", ["Kungälv"], seed=6)
    handout = tmp_path / "blank.dmw"
    assert write_handout(lead, handout) is None
    with open_document(handout, read_only=True) as document:
        assert store_ratings.organisations(document) == []
    assert _handout_organisation(handout) is None


def test_cli_handout(tmp_path):
    lead = capture_file(tmp_path / "lead.dmw", ["Orust", "Tanum"], seed=7)
    output = tmp_path / "tanum.dmw"
    result = subprocess.run([sys.executable, "-m", "digitalmotor_desktop", "handout", str(lead), "--output",
                             str(output), "--organisation", "tanum"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    with open_document(output, read_only=True) as document:
        assert [o.name for o in store_ratings.organisations(document)] == ["Tanum"]
    refused = subprocess.run([sys.executable, "-m", "digitalmotor_desktop", "handout", str(lead), "--output",
                              str(lead)], capture_output=True, text=True)
    assert refused.returncode == 2 and "also a source" in refused.stderr


def test_the_file_menu_handout_never_replaces_the_open_workshop(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

    from digitalmotor_desktop.gui import handout_dialog
    from digitalmotor_desktop.gui.session import WorkshopSession

    lead = capture_file(tmp_path / "lead.dmw", ["Orust"], seed=8)
    session = WorkshopSession(open_document(lead))
    before = file_hash(lead)
    shown, told = [], []
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Orust", True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(lead), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(a))
    monkeypatch.setattr(handout_dialog, "show_user_error", lambda parent, error: shown.append(error))
    assert handout_dialog.open_handout_dialog(None, session) is None
    assert "also a source" in str(shown[0]) and not told
    session.close()
    assert file_hash(lead) == before

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "orust"), ""))
    session = WorkshopSession(open_document(lead))
    assert handout_dialog.open_handout_dialog(None, session) == tmp_path / "orust.dmw"
    session.close()
    assert _handout_organisation(tmp_path / "orust.dmw") is not None and len(told) == 1


def test_a_handout_from_a_merged_file_keeps_one_combined_organisation(tmp_path):
    a = capture_file(tmp_path / "a.dmw", ["Kungälv", "Orust"], seed=1)
    b = capture_file(tmp_path / "b.dmw", ["KUNGÄLV"], seed=2)
    merged = merge(tmp_path / "merged.dmw", a, b)
    handout = tmp_path / "kungalv.dmw"
    chosen = write_handout(merged, handout, "kungälv")
    with open_document(handout, read_only=True) as document:
        assert [o.id for o in store_ratings.organisations(document)] == [chosen]
        assert [p.organisation_id for p in store_ratings.respondents(document)] == [chosen, chosen]
    assert file_hash(merge(tmp_path / "back.dmw", merged, handout)) == file_hash(merged)


def test_a_handout_has_its_own_seed_and_the_lead_keeps_its_own_after_merging(tmp_path):
    lead = capture_file(tmp_path / "lead.dmw", MUNICIPALITIES[:5], seed=2)
    handout = tmp_path / "handout.dmw"
    write_handout(lead, handout, "Lysekil")

    def seed(path):
        with open_document(path, read_only=True) as document:
            return document.db.execute("SELECT pseudonym_seed FROM workshop").fetchone()[0]

    secret = seed(lead)
    assert seed(handout) != secret and secret.encode() not in handout.read_bytes()
    with open_document(handout) as document:  # the participant edits the workshop row too
        document.db.execute("UPDATE workshop SET title = 'Vår egen', hlc = ?", [document.stamp()])
        document.db.conn.commit()
    for order in ((lead, handout), (handout, lead)):
        assert seed(merge(tmp_path / "merged.dmw", *order)) == secret
    assert seed(merge(tmp_path / "two.dmw", handout, merge(tmp_path / "one.dmw", lead))) == secret
