"""Stage 4 ops: organisations, respondents, consent and ratings, each committed at once."""

import pytest

from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.ops import ratings as ops
from digitalmotor_desktop.store import ratings as store
from digitalmotor_desktop.store.document import open_document
from digitalmotor_desktop.store.workshop import summary


def run(document, edit):
    edit.redo(document)
    return edit


def add_respondent(document, organisation="Vänersborg", label="IT-chef", consent="group"):
    organisation_id = run(document, ops.add_organisation(document, organisation)).extra["id"]
    return run(document, ops.add_respondent(document, organisation_id, label, consent)).extra["id"]


def test_organisation_add_rename_delete_and_undo(fyrbodal):
    add = run(fyrbodal, ops.add_organisation(fyrbodal, "  Vänersborgs   kommun "))
    organisation_id = add.extra["id"]
    assert [o.name for o in store.organisations(fyrbodal)] == ["Vänersborgs kommun"]
    with pytest.raises(InvalidInput, match="already an organisation"):
        ops.add_organisation(fyrbodal, "vänersborgs KOMMUN")
    with pytest.raises(InvalidInput, match="needs a name"):
        ops.add_organisation(fyrbodal, "   ")

    rename = run(fyrbodal, ops.rename_organisation(fyrbodal, organisation_id, "Vänersborg"))
    assert store.organisation(fyrbodal, organisation_id).name == "Vänersborg"
    rename.undo(fyrbodal)
    assert store.organisation(fyrbodal, organisation_id).name == "Vänersborgs kommun"

    respondent_id = run(fyrbodal, ops.add_respondent(fyrbodal, organisation_id, "IT-chef", "group")).extra["id"]
    delete = run(fyrbodal, ops.delete_organisation(fyrbodal, organisation_id))
    assert store.organisations(fyrbodal) == [] and store.respondents(fyrbodal) == []
    assert store.organisation(fyrbodal, organisation_id).deleted  # a tombstone that travels with a merge
    assert summary(fyrbodal).counts["respondents"] == 0
    delete.undo(fyrbodal)
    assert [p.id for p in store.respondents(fyrbodal, organisation_id)] == [respondent_id]
    add.undo(fyrbodal)
    assert store.organisations(fyrbodal) == []


def test_respondent_labels_are_unique_within_an_organisation_and_consent_changes(fyrbodal):
    respondent_id = add_respondent(fyrbodal)
    organisation_id = store.respondent(fyrbodal, respondent_id).organisation_id
    with pytest.raises(InvalidInput, match="already has a respondent"):
        ops.add_respondent(fyrbodal, organisation_id, "it-chef", "group")
    with pytest.raises(InvalidInput, match="Consent must be"):
        ops.add_respondent(fyrbodal, organisation_id, "Rektor", "everyone")
    change = run(fyrbodal, ops.set_consent(fyrbodal, respondent_id, "facilitator"))
    assert store.respondent(fyrbodal, respondent_id).consent == "facilitator"
    change.undo(fyrbodal)
    assert store.respondent(fyrbodal, respondent_id).consent == "group"
    run(fyrbodal, ops.relabel_respondent(fyrbodal, respondent_id, "Digitaliseringsstrateg"))
    assert store.respondent(fyrbodal, respondent_id).label == "Digitaliseringsstrateg"
    run(fyrbodal, ops.delete_respondent(fyrbodal, respondent_id))
    assert store.respondents(fyrbodal) == []


def test_ratings_vet_ej_importance_clear_and_undo(fyrbodal):
    respondent_id = add_respondent(fyrbodal)
    first, second, third = (c.id for c in ops.capture_order(fyrbodal)[:3])

    run(fyrbodal, ops.set_maturity(fyrbodal, respondent_id, first, 3))
    run(fyrbodal, ops.set_maturity(fyrbodal, respondent_id, second, None))
    importance = run(fyrbodal, ops.set_importance(fyrbodal, respondent_id, third, 5))
    stored = ops.ratings_by_capability(fyrbodal, respondent_id)
    assert (stored[first].rated, stored[first].maturity) == (True, 3)
    assert stored[second].dont_know and stored[second].maturity is None
    assert not stored[third].rated and stored[third].importance == 5
    assert ops.progress(fyrbodal, respondent_id).rated == 2  # "vet ej" is an answer; importance alone is not
    assert summary(fyrbodal).counts["ratings"] == 2

    change = run(fyrbodal, ops.set_maturity(fyrbodal, respondent_id, first, 1))
    change.undo(fyrbodal)
    assert store.rating(fyrbodal, respondent_id, first).maturity == 3
    run(fyrbodal, ops.clear_maturity(fyrbodal, respondent_id, first))
    assert store.rating(fyrbodal, respondent_id, first) is None  # nothing left: a tombstone
    importance.undo(fyrbodal)
    assert store.rating(fyrbodal, respondent_id, third) is None

    with pytest.raises(InvalidInput, match="not on this workshop's scale"):
        ops.set_maturity(fyrbodal, respondent_id, first, 7)
    with pytest.raises(InvalidInput, match="Importance must be 1–5"):
        ops.set_importance(fyrbodal, respondent_id, first, 6)


def test_first_unrated_and_progress(fyrbodal):
    respondent_id = add_respondent(fyrbodal)
    order = ops.capture_order(fyrbodal)
    assert len(order) == 55
    assert ops.first_unrated(fyrbodal, respondent_id) == order[0]
    for capability in order[:-1]:
        run(fyrbodal, ops.set_maturity(fyrbodal, respondent_id, capability.id, 2))
    assert ops.first_unrated(fyrbodal, respondent_id, after=order[3].id) == order[-1]
    run(fyrbodal, ops.set_maturity(fyrbodal, respondent_id, order[-1].id, 4))
    assert ops.first_unrated(fyrbodal, respondent_id) is None
    assert ops.progress(fyrbodal, respondent_id).complete


def test_a_rating_is_on_disk_when_the_op_returns(fyrbodal_file):
    with open_document(fyrbodal_file) as document:
        respondent_id = add_respondent(document)
        capability_id = ops.capture_order(document)[0].id
        run(document, ops.set_maturity(document, respondent_id, capability_id, 4))
        with open_document(fyrbodal_file, read_only=True) as reader:  # another connection sees it committed
            assert store.rating(reader, respondent_id, capability_id).maturity == 4


def test_nobody_is_added_to_an_anonymised_file(tmp_path):
    from digitalmotor_desktop.ops.import_ratings import import_ratings
    from digitalmotor_desktop.store.document import create_document

    with create_document(None, anonymised=True) as document:
        with pytest.raises(InvalidInput, match="anonymised"):
            ops.add_organisation(document, "Vänersborg")
        source = tmp_path / "ratings.csv"
        source.write_text("organisation,respondent,capability,maturity\nA,B,C,1\n", encoding="utf-8")
        with pytest.raises(InvalidInput, match="anonymised"):
            import_ratings(document, source)


def test_pseudonyms_and_labels_cannot_be_renamed_in_an_anonymised_file(tmp_path):
    """Anonymised files are read-only for identities: a pseudonym never becomes a name again."""
    from digitalmotor_desktop.store.document import create_document

    with create_document(None, anonymised=True) as document:
        with pytest.raises(InvalidInput, match="anonymised"):
            ops.rename_organisation(document, "any-id", "Vänersborg")
        with pytest.raises(InvalidInput, match="anonymised"):
            ops.relabel_respondent(document, "any-id", "IT-chef")
