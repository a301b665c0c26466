"""Erasure: a participant's data removed for good, in the file's bytes and in every file a merge reaches.

The attacks: a facilitator erases a municipality, then a byte scan of the
file, its -wal and free pages looks for every value it held (names, labels,
old labels from before a rename, comments); an older copy that still holds
the data is merged into the erased file — in both orders, through a hand-out
and anonymised — and must bring nothing back; an undo step or an import must
not write an erased row back.
"""

import subprocess
import sys

import pytest

from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.core.ids import new_id
from digitalmotor_desktop.core.ratings import Organisation, Respondent
from digitalmotor_desktop.ops import decisions as decision_ops
from digitalmotor_desktop.ops import erasure, ratings as rating_ops
from digitalmotor_desktop.ops.merge import plan_merge, write_handout
from digitalmotor_desktop.ops.results import export_results, gap_report
from digitalmotor_desktop.ops.workshop import create_workshop
from digitalmotor_desktop.store import ratings as store_ratings
from digitalmotor_desktop.store import results as results_store
from digitalmotor_desktop.store.document import open_document
from digitalmotor_desktop.store.erasure import personal_data
from digitalmotor_desktop.store.merge import derived_id

from erasure_data import ERASED_NAME, ERASED_VALUES, OTHERS, bytes_of, leaks, workshop_with_bengtsfors
from merge_data import add_organisations, capability_ids, merge

def test_after_erasure_no_byte_of_the_organisation_is_left_in_the_file_its_wal_or_free_pages(tmp_path):
    path = tmp_path / "workshop.dmw"
    document, org, person = workshop_with_bengtsfors(path)
    assert leaks(path), "the attack must start from a file that holds the values"
    plan = erasure.plan_organisation(document, org)
    assert plan.organisation_names == (ERASED_NAME,)
    assert set(plan.labels) == {"IT-chef Bengtsfors", "Kommunchef"} and plan.answers == 56 and plan.comments == 1
    erasure.erase(document, plan)

    assert leaks(path) == []  # still open, as in the window
    assert document.db.execute("PRAGMA freelist_count").fetchone()[0] == 0
    row = document.db.execute("SELECT name, deleted, erased, merged_into_id FROM organisation WHERE id = ?", [org]).fetchone()
    assert row == ("", 1, 1, None)
    assert document.db.execute("SELECT count(*) FROM respondent WHERE organisation_id = ? OR id = ?",
                               [org, person]).fetchone()[0] == 0
    assert document.db.execute("SELECT count(*) FROM rating WHERE respondent_id = ?", [person]).fetchone()[0] == 0
    rating_ops.set_maturity(document, store_ratings.respondents(document)[0].id, capability_ids(document)[0], 3).redo(document)
    document.close()
    assert leaks(path) == []


def test_erasing_a_respondent_leaves_a_bare_tombstone_and_no_ratings(tmp_path):
    path = tmp_path / "workshop.dmw"
    document, org, person = workshop_with_bengtsfors(path)
    erasure.erase(document, erasure.plan_respondent(document, person))
    assert document.db.execute("SELECT organisation_id, label, consent, deleted, erased FROM respondent WHERE id = ?",
                               [person]).fetchone() == (None, "", "withdrawn", 1, 1)
    assert document.db.execute("SELECT count(*) FROM rating WHERE respondent_id = ?", [person]).fetchone()[0] == 0
    assert store_ratings.organisation(document, org).name == ERASED_NAME  # the organisation stays
    document.close()
    data = bytes_of(path)
    assert b"IT-chef Bengtsfors" not in data and ERASED_VALUES[4].encode() not in data


def test_an_undo_step_or_an_import_cannot_write_an_erased_row_back(tmp_path):
    document, org, person = workshop_with_bengtsfors(tmp_path / "workshop.dmw")
    old = store_ratings.respondent(document, person)
    erasure.erase(document, erasure.plan_respondent(document, person))
    store_ratings.save(document, respondents=[old])  # what the undo of an earlier edit would write
    assert store_ratings.respondent(document, person).label == ""
    document.close()


def test_the_joint_result_after_erasure_equals_one_computed_without_that_organisation(tmp_path):
    without = tmp_path / "without.dmw"
    with create_workshop(tmp_path / "workshop.dmw", "fyrbodal-2020") as document:
        add_organisations(document, OTHERS, respondents=2, seed=7)
        document.save_copy(without)
        add_organisations(document, [ERASED_NAME], respondents=2, seed=8, comment="om {label}")
        organisation = erasure.plan_by_name(document, "bengtsfors  KOMMUN")
        erasure.erase(document, organisation)
        erased = gap_report(document, anonymised=False).result
    with open_document(without) as document:
        expected = gap_report(document, anonymised=False).result
    assert erased.rows == expected.rows and erased.matrix == expected.matrix


def _merged_rows(path):
    with open_document(path, read_only=True) as document:
        people = {row[0]: row[1:] for row in document.db.execute(
            "SELECT id, organisation_id, label, erased FROM respondent")}
        rated = {row[0] for row in document.db.execute("SELECT DISTINCT respondent_id FROM rating")}
        orgs = {row[0]: row[1:] for row in document.db.execute("SELECT id, name, erased FROM organisation")}
    return orgs, people, rated


@pytest.fixture
def erased_and_old(tmp_path):
    path = tmp_path / "lead.dmw"
    document, org, person = workshop_with_bengtsfors(path)
    old = tmp_path / "old-copy.dmw"
    document.save_copy(old)
    erasure.erase(document, erasure.plan_organisation(document, org))
    document.close()
    return path, old, org, person


def test_merging_an_older_copy_into_the_erased_file_brings_nothing_back_in_either_order(tmp_path, erased_and_old):
    erased, old, org, person = erased_and_old
    for number, sources in enumerate(((erased, old), (old, erased), (old, erased, old))):
        output = merge(tmp_path / f"merged-{number}.dmw", *sources)
        assert leaks(output) == []
        orgs, people, rated = _merged_rows(output)
        assert orgs[org] == ("", 1) and person not in people and person not in rated
        assert len([o for o in orgs.values() if o[0]]) == len(OTHERS)
    preview = plan_merge([erased, old])
    assert preview.reports[1].erased == 2 + 56  # Bengtsfors' respondents and ratings in the old copy
    shown = _cli("merge", "--dry-run", "--output", tmp_path / "x.dmw", erased, old)
    assert "58 rows left out: they belong to an erased organisation or respondent" in shown.stdout


def _taking_part(path, organisation_id):
    """The scenarios whose live participation row names the organisation."""
    with open_document(path, read_only=True) as document:
        return {row[0] for row in document.db.execute(
            "SELECT scenario FROM scenario_participant WHERE organisation_id = ? AND deleted = 0", [organisation_id])}


def test_an_erased_organisation_takes_part_in_no_scenario_even_when_a_laptop_signed_it_up_again(tmp_path):
    """The accident: Bengtsfors signed up for scenario 2, then asked to be erased; a laptop whose copy
    predates the erasure signs it up for scenario 4 as well (later, by its clock). The lead's file, and
    every merge of it with that copy, named or anonymised, must say Bengtsfors takes part in nothing."""
    path = tmp_path / "lead.dmw"
    document, org, _person = workshop_with_bengtsfors(path)
    decision_ops.take_part(document, 2, org, True).redo(document)
    laptop = tmp_path / "laptop.dmw"
    document.save_copy(laptop)
    erasure.erase(document, erasure.plan_organisation(document, org))
    document.close()
    with open_document(laptop) as copy:
        decision_ops.take_part(copy, 4, org, True).redo(copy)
    assert _taking_part(laptop, org) == {2, 4}, "the attack must start from a copy that lists it"
    assert _taking_part(path, org) == set()

    for number, sources in enumerate(((path, laptop), (laptop, path))):
        merged = merge(tmp_path / f"merged-{number}.dmw", *sources)
        assert _taking_part(merged, org) == set()
        with open_document(merged, read_only=True) as result:
            assert all(org not in taking for taking in results_store.scenario_participants(result).values())
            secret = result.db.execute("SELECT pseudonym_seed FROM workshop").fetchone()[0]
        anonymised = merge(tmp_path / f"anonymised-{number}.dmw", *sources, anonymised=True)
        assert _taking_part(anonymised, derived_id(secret, org)) == set()
    assert plan_merge([path, laptop]).reports[1].erased == 2 + 56 + 1  # respondents, ratings, scenario 4


def test_an_erasure_travels_through_a_hand_out_to_an_older_copy(tmp_path, erased_and_old):
    erased, old, org, person = erased_and_old
    handout = tmp_path / "handout-orust.dmw"
    write_handout(erased, handout, "Orust")
    orgs, _people, _rated = _merged_rows(handout)
    assert orgs[org] == ("", 1)  # the erasure mark, ids only
    for number, sources in enumerate(((old, handout), (handout, old))):
        output = merge(tmp_path / f"via-handout-{number}.dmw", *sources)
        assert leaks(output) == []
        orgs, people, rated = _merged_rows(output)
        assert orgs[org] == ("", 1) and person not in people and person not in rated


def test_anonymised_files_carry_the_erasure_marks_and_pool_without_the_erased_data(tmp_path, erased_and_old):
    erased, old, org, person = erased_and_old
    before = merge(tmp_path / "anonymised-before.dmw", old, anonymised=True)  # made before the erasure
    after = merge(tmp_path / "anonymised-after.dmw", erased, anonymised=True)
    with open_document(erased, read_only=True) as document:
        secret = document.db.execute("SELECT pseudonym_seed FROM workshop").fetchone()[0]
    orgs, _people, _rated = _merged_rows(after)
    assert orgs[derived_id(secret, org)] == ("", 1)
    pooled = merge(tmp_path / "pooled.dmw", before, after)
    orgs, people, rated = _merged_rows(pooled)
    assert orgs[derived_id(secret, org)] == ("", 1)
    assert derived_id(secret, person) not in people and derived_id(secret, person) not in rated


def test_withdrawing_consent_is_an_undoable_edit_and_the_next_export_says_what_changed(tmp_path):
    with create_workshop(tmp_path / "workshop.dmw", "fyrbodal-2020") as document:
        add_organisations(document, [*OTHERS, ERASED_NAME], respondents=1, seed=5)
        export_results(document, tmp_path / "first.csv", "csv")
        person = next(p for p in store_ratings.respondents(document) if p.label.startswith(ERASED_NAME))
        withdraw = rating_ops.withdraw_consent(document, person.id)
        assert withdraw.action == "Withdraw consent"
        counted = lambda: {o for row in gap_report(document).result.rows for o in row.organisations}  # noqa: E731
        assert person.organisation_id in counted()
        withdraw.redo(document)
        assert person.organisation_id not in counted()
        assert store_ratings.respondent(document, person.id).consent == "withdrawn"
        assert rating_ops.set_consent(document, person.id, "facilitator").action == "Change consent"
        report = export_results(document, tmp_path / "second.csv", "csv")
        assert report.changed_organisations == 1
        withdraw.undo(document)
        assert person.organisation_id in counted()


def test_a_withdrawal_on_one_laptop_wins_in_the_merge(tmp_path):
    lead = tmp_path / "lead.dmw"
    with create_workshop(lead, "fyrbodal-2020") as document:
        add_organisations(document, OTHERS, respondents=1, seed=1)
        person = store_ratings.respondents(document)[0]
    copy = tmp_path / "copy.dmw"
    with open_document(lead) as document:
        document.save_copy(copy)
        rating_ops.withdraw_consent(document, person.id).redo(document)
    with open_document(copy) as document:
        rating_ops.relabel_respondent(document, person.id, "Later label").redo(document)
    for sources in ((lead, copy), (copy, lead)):
        output = merge(tmp_path / "merged.dmw", *sources)
        with open_document(output, read_only=True) as document:
            merged = store_ratings.respondent(document, person.id)
        assert (merged.label, merged.consent) == ("Later label", "withdrawn")
    shown = _cli("merge", "--dry-run", "--output", tmp_path / "x.dmw", copy, lead)
    assert "“Later label” (consent): kept the stricter consent, withdrawn" in shown.stdout


def test_personal_data_lists_what_the_file_holds(tmp_path, erased_and_old):
    erased, old, _org, _person = erased_and_old
    with open_document(old, read_only=True) as document:
        held = personal_data(document)
    assert (held.organisations, held.respondents, held.comments, held.deleted_with_names) == (6, 6, 5 * 55 + 1, 1)
    merged = merge(tmp_path / "merged.dmw", erased, old)
    with open_document(merged, read_only=True) as document:
        held = personal_data(document)
    assert (held.organisations, held.erased_organisations, held.anonymised) == (5, 1, False)
    # Save a copy keeps the document id, so the old copy and the erased file are one merged document
    assert [m.organisations for m in held.merged] == [6]


def _cli(*args, stdin=subprocess.DEVNULL):
    return subprocess.run([sys.executable, "-m", "digitalmotor_desktop", *map(str, args)], capture_output=True,
                          text=True, stdin=stdin)


def test_the_command_line_erases_after_confirmation_only(tmp_path):
    path = tmp_path / "workshop.dmw"
    document, _org, _person = workshop_with_bengtsfors(path)
    document.close()
    refused = _cli("erase", path, "--organisation", "Bengtsfors kommun", "--respondent", "it-chef bengtsfors")
    assert refused.returncode == 2 and "confirm with --yes" in refused.stderr and leaks(path)
    done = _cli("erase", path, "--organisation", "Bengtsfors kommun", "--respondent", "IT-chef Bengtsfors", "--yes")
    assert done.returncode == 0, done.stderr
    assert "IT-chef Bengtsfors" in done.stdout and "cannot be undone" in done.stdout
    assert b"IT-chef Bengtsfors" not in bytes_of(path)
    missing = _cli("erase", path, "--organisation", "Nowhere", "--yes")
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1
    info = _cli("info", path, "--json")
    assert '"erased_respondents": 1' in info.stdout


def test_an_erased_row_with_content_is_refused_by_the_schema(fyrbodal):
    import sqlite3

    store_ratings.save(fyrbodal, organisations=[Organisation("o", "Ale")])
    with pytest.raises(sqlite3.IntegrityError):
        fyrbodal.db.execute("UPDATE organisation SET erased = 1, deleted = 1 WHERE id = 'o'")


def test_erasing_something_that_is_not_there_is_one_sentence(fyrbodal):
    store_ratings.save(fyrbodal, organisations=[Organisation("o", "Ale")],
                       respondents=[Respondent(new_id(), "o", "CIO")])
    with pytest.raises(InvalidInput, match="no respondent labelled"):
        erasure.plan_by_name(fyrbodal, "Ale", "IT-chef")


def test_a_file_of_the_previous_format_keeps_its_respondents_when_migrated(tmp_path):
    """The respondent table is rebuilt for the new consent; ratings still point at it."""
    import sqlite3

    from sqlite_utils import Database

    from digitalmotor_desktop.store import filecheck
    from digitalmotor_desktop.store.migrations import migrations

    path = tmp_path / "old.dmw"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys = ON")
    migrations.apply(Database(connection), stop_before="0003_erasure")
    connection.executescript(f"""
        PRAGMA application_id = {filecheck.APPLICATION_ID}; PRAGMA user_version = 1;
        INSERT INTO document (singleton, document_id, device_id, created_on) VALUES (1, 'd', 'v', '2026-01-01');
        INSERT INTO workshop (id, title, template, pseudonym_seed, hlc) VALUES ('w', 'T', 'empty', 's', 'x');
        INSERT INTO area (id, position, name, hlc) VALUES ('a', 0, 'A', 'x');
        INSERT INTO capability_group (id, area_id, position, name, hlc) VALUES ('g', 'a', 0, 'G', 'x');
        INSERT INTO capability (id, group_id, position, name, hlc) VALUES ('c', 'g', 0, 'C', 'x');
        INSERT INTO organisation (id, name, hlc) VALUES ('o', 'Ale', 'x');
        INSERT INTO respondent (id, organisation_id, label, consent, hlc) VALUES ('p', 'o', 'CIO', 'facilitator', 'x');
        INSERT INTO rating (respondent_id, capability_id, maturity, hlc) VALUES ('p', 'c', 2, 'x');
    """)
    connection.close()
    with open_document(path) as document:
        assert store_ratings.respondent(document, "p") == Respondent("p", "o", "CIO", "facilitator")
        assert document.db.execute("SELECT maturity FROM rating").fetchall() == [(2,)]
        assert document.db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert personal_data(document).backups == 1  # the copy made before migrating holds the same data

        erasure.erase(document, erasure.plan_by_name(document, "Ale"))
        assert personal_data(document).backups == 0
    assert list(tmp_path.iterdir()) == [path] and b"CIO" not in path.read_bytes()


def test_a_reader_holding_the_file_gets_one_sentence_and_the_rows_are_still_erased(tmp_path):
    import sqlite3

    from digitalmotor_desktop.core.errors import UserError

    path = tmp_path / "workshop.dmw"
    document, org, _person = workshop_with_bengtsfors(path)
    reader = sqlite3.connect(path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM rating").fetchone()  # another program in the middle of reading
    with pytest.raises(UserError, match="could not be overwritten yet"):
        erasure.erase(document, erasure.plan_organisation(document, org))
    reader.close()
    assert store_ratings.organisation(document, org).name == ""
    erasure.erase(document, erasure.plan_identities(document))  # "erase again": rewrites the file
    assert document.db.execute("SELECT count(*) FROM organisation WHERE erased = 0").fetchone()[0] == 0
    document.close()
    assert leaks(path) == []
