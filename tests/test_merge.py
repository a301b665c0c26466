"""Merging facilitators' files: the joint result, the reports, the rules and the all-or-nothing write."""

import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from digitalmotor_desktop.core.errors import InvalidInput, UserError
from digitalmotor_desktop.core.ids import new_id
from digitalmotor_desktop.core.model import CONSENTS
from digitalmotor_desktop.core.ratings import Organisation, Rating, Respondent
from digitalmotor_desktop.core.statistics import capability_statistics, shared_organisations
from digitalmotor_desktop.ops import ratings as rating_ops
from digitalmotor_desktop.ops.map import edit_map_text
from digitalmotor_desktop.ops.merge import plan_merge, write_handout, write_merge
from digitalmotor_desktop.ops.workshop import create_workshop
from digitalmotor_desktop.core.errors import Cancelled
from digitalmotor_desktop.store import ratings as store_ratings
from digitalmotor_desktop.store.document import open_document
from digitalmotor_desktop.store.results import observations
from digitalmotor_desktop.store.workshop import summary

from merge_data import MUNICIPALITIES, capability_ids, capture_file, file_bytes_digest, file_hash, merge


def _rate_everything(document, names):
    """Each organisation's one respondent rates capability i with a level that depends on both."""
    caps = capability_ids(document)
    orgs = [Organisation(new_id(), name) for name in names]
    people = [Respondent(new_id(), org.id, "", "facilitator" if len(org.name) % 3 == 0 else "group") for org in orgs]
    levels = [None, 0, 1, 2, 3, 4]
    ratings = [Rating(person.id, cap, True, levels[(MUNICIPALITIES.index(org.name) * 7 + i) % 6], 1 + i % 5)
               for org, person in zip(orgs, people) for i, cap in enumerate(caps)]
    store_ratings.save(document, organisations=orgs, respondents=people, ratings=ratings)


def _joint_result(path):
    with open_document(path, read_only=True) as document:
        stats = capability_statistics(observations(document), capability_ids(document))
    return [(s.capability_id, s.n, s.mean, s.sd, s.min, s.max, s.level_counts, s.importance_n, s.importance_mean)
            for s in stats]


def test_three_facilitators_files_give_the_joint_result_of_one_file(tmp_path):
    names = MUNICIPALITIES[:15]
    with create_workshop(tmp_path / "one.dmw", "fyrbodal-2020") as document:
        _rate_everything(document, names)
    parts = []
    for i in range(3):
        path = tmp_path / f"facilitator-{i}.dmw"
        with create_workshop(path, "fyrbodal-2020") as document:
            _rate_everything(document, names[5 * i: 5 * i + 5])
        parts.append(path)

    merged = merge(tmp_path / "merged.dmw", *parts)
    joint = _joint_result(merged)
    assert joint == _joint_result(tmp_path / "one.dmw")
    with open_document(merged, read_only=True) as document:
        counts = summary(document).counts
    assert (counts["organisations"], counts["respondents"], counts["ratings"]) == (15, 15, 15 * 55)

    assert file_hash(merge(tmp_path / "again.dmw", *parts)) == file_hash(merged)
    assert file_hash(merge(tmp_path / "reversed.dmw", *reversed(parts))) == file_hash(merged)
    assert file_hash(merge(tmp_path / "remerged.dmw", merged, *parts)) == file_hash(merged)

    with open_document(merged, read_only=True) as document:
        recorded = document.db.execute(
            "SELECT document_id, organisations, respondents, ratings FROM merge_source ORDER BY document_id").fetchall()
        text = " ".join(map(str, document.db.execute("SELECT * FROM merge_source").fetchall()))
    ids = []
    for path in parts:
        with open_document(path, read_only=True) as document:
            ids.append(document.document_id)
    assert recorded == sorted((i, 5, 5, 5 * 55) for i in ids)
    assert str(tmp_path) not in text and "facilitator-" not in text


def test_the_preview_counts_new_duplicate_and_combined(tmp_path):
    a = capture_file(tmp_path / "a.dmw", ["Kungälv", "Orust"], seed=1)
    b = capture_file(tmp_path / "b.dmw", ["  kungälv ", "Tanum"], seed=2)
    plan = plan_merge([a, a, b])
    first, twice, second = plan.reports
    assert (first.organisations, first.respondents, first.ratings, first.new_respondents) == (2, 2, 110, 2)
    assert twice.new_rows == 0 and twice.updated == 0 and not twice.conflicts
    assert twice.duplicates == first.new_rows  # every row of the file met again
    assert second.new_respondents == 2
    [combined] = plan.combined
    assert combined.name.strip().lower() == "kungälv" and len(combined.combined_ids) == 2

    merged = tmp_path / "merged.dmw"
    write_merge(plan, merged, [a, b])
    with open_document(merged, read_only=True) as document:
        live = document.db.execute("SELECT id FROM organisation WHERE deleted = 0").fetchall()
        assert len(live) == 3 and (combined.surviving_id,) in live
        assert combined.surviving_id == min(combined.combined_ids)
        members = document.db.execute("SELECT organisation_id, count(*) FROM respondent WHERE deleted = 0"
                                      " GROUP BY organisation_id").fetchall()
        assert dict(members)[combined.surviving_id] == 2
        assert {o.organisation_id for o in observations(document)} == {row[0] for row in live}


def test_possible_duplicate_capabilities_are_flagged_not_combined(tmp_path):
    files = []
    for name in "ab":
        path = tmp_path / f"{name}.dmw"
        with create_workshop(path, "fyrbodal-2020") as document:
            group_id = document.db.execute("SELECT group_id FROM capability LIMIT 1").fetchone()[0]
            with document.transaction() as db:
                db.execute("INSERT INTO capability (id, group_id, position, name, hlc) VALUES (?, ?, 99, ?, ?)",
                           [new_id(), group_id, "AI-stöd " if name == "a" else "ai-stöd", document.stamp()])
        files.append(path)
    plan = plan_merge(files)
    [duplicate] = plan.duplicates
    assert duplicate.name.strip().lower() == "ai-stöd" and len(duplicate.capability_ids) == 2
    merged = tmp_path / "merged.dmw"
    write_merge(plan, merged, files)
    with open_document(merged, read_only=True) as document:
        assert document.db.execute("SELECT count(*) FROM capability WHERE deleted = 0").fetchone()[0] == 57


@pytest.fixture
def handouts(tmp_path):
    lead = capture_file(tmp_path / "lead.dmw", ["Vänersborg"], seed=5)
    paths = [tmp_path / "a.dmw", tmp_path / "b.dmw"]
    for path in paths:
        write_handout(lead, path, "Åmål")
    return lead, *paths


def _first_capability(path):
    with open_document(path, read_only=True) as document:
        return capability_ids(document)[0]


def test_an_edit_in_two_files_is_a_conflict_and_the_later_edit_wins(tmp_path, handouts):
    _lead, a, b = handouts
    cap = _first_capability(a)
    for path, name in ((a, "Styra digitalt"), (b, "Leda digitalt")):
        with open_document(path) as document:
            edit_map_text(document, "capability", cap, "name", name).redo(document)
        time.sleep(0.01)
    for order in ((a, b), (b, a)):
        plan = plan_merge(order)
        first, second = plan.reports
        assert not first.conflicts  # the file met second reports it, and whether its own edit was kept
        [conflict] = [c for c in second.conflicts if c.table == "capability"]
        assert (conflict.key, conflict.columns, conflict.label) == ((cap,), ("name",), "Leda digitalt")
        assert conflict.kept_this == (order[1] == b)
    merged = merge(tmp_path / "merged.dmw", a, b)
    with open_document(merged, read_only=True) as document:
        assert document.db.execute("SELECT name FROM capability WHERE id = ?", [cap]).fetchone()[0] == "Leda digitalt"


def test_an_edit_again_on_the_same_laptop_is_an_update_not_a_conflict(tmp_path, handouts):
    _lead, a, _b = handouts
    old = tmp_path / "old-copy.dmw"
    old.write_bytes(a.read_bytes())
    with open_document(a) as document:
        first, second = capability_ids(document)[:2]
        edit_map_text(document, "capability", first, "name", "Styra").redo(document)
        edit_map_text(document, "capability", second, "name", "Leda").redo(document)
    for order in ((old, a), (a, old)):
        plan = plan_merge(order)
        earlier, later = plan.reports
        assert later.conflicts == []
        if order[1] == a:  # the two capabilities; their revision rows; every other row as it was
            assert (later.updated, later.new_rows, later.duplicates) == (2, 2, earlier.new_rows - 2)
        else:  # the older versions, met after the newer ones, change nothing: duplicates too
            assert (later.updated, later.new_rows, later.duplicates) == (0, 0, earlier.new_rows - 2)
        merged = merge(tmp_path / f"merged-{order[0].stem}.dmw", *order)
        with open_document(merged, read_only=True) as document:
            names = dict(document.db.execute("SELECT id, name FROM capability WHERE id IN (?, ?)", [first, second]))
        assert names == {first: "Styra", second: "Leda"}


def test_a_deleted_respondent_never_comes_back(tmp_path, handouts):
    _lead, a, b = handouts
    with open_document(a) as document:
        org = store_ratings.organisations(document)[0]
        person = rating_ops.add_respondent(document, org.id, "IT-chef", "group")
        person.redo(document)
        rating_ops.set_maturity(document, person.extra["id"], capability_ids(document)[0], 3).redo(document)
    copy = merge(tmp_path / "copy.dmw", a, b)
    with open_document(a) as document:
        rating_ops.delete_respondent(document, person.extra["id"]).redo(document)
    time.sleep(0.01)
    with open_document(copy) as document:  # a later edit of the respondent on another laptop
        rating_ops.set_consent(document, person.extra["id"], "facilitator").redo(document)
    for sources in ((a, copy), (copy, a), (copy, b, a)):
        merged = merge(tmp_path / f"merged-{len(sources)}-{sources[0].stem}.dmw", *sources)
        with open_document(merged, read_only=True) as document:
            assert store_ratings.respondent(document, person.extra["id"]).deleted


def _change_scale(path):
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO scale_level (level, label, hlc) VALUES (5, 'Världsledande', ?)",
                           ["000000000000001.00000.device"])
    connection.close()


def _change_template(path):
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE workshop SET template = 'another-template'")
    connection.close()


@pytest.mark.parametrize("change, phrase", [(_change_scale, "different maturity scale"),
                                            (_change_template, "template “another-template”")])
def test_incompatible_files_are_refused_with_the_reason(tmp_path, change, phrase):
    a = capture_file(tmp_path / "a.dmw", ["Ale"])
    b = capture_file(tmp_path / "b.dmw", ["Lerum"])
    change(b)
    plan = plan_merge([a, b])
    assert [r.name for r in plan.refused] == ["b.dmw"]
    assert phrase in str(plan.refused[0].refusal)


def test_sources_are_never_written_and_the_output_cannot_be_a_source(tmp_path, handouts):
    lead, a, b = handouts
    before = {p: file_bytes_digest(p) for p in (lead, a, b)}
    merge(tmp_path / "merged.dmw", lead, a, b)
    assert {p: file_bytes_digest(p) for p in (lead, a, b)} == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(("-wal", "-shm", ".partial"))]
    with pytest.raises(InvalidInput, match="also a source"):
        write_merge(plan_merge([a, b]), a, [a, b])
    assert file_bytes_digest(a) == before[a]


def test_killing_a_merge_leaves_the_old_output_or_the_complete_new_one(tmp_path):
    sources = [capture_file(tmp_path / f"s{i}.dmw", MUNICIPALITIES[i:i + 5], respondents=3, seed=i) for i in range(10)]
    output = tmp_path / "merged.dmw"
    merge(output, sources[0])
    old = file_bytes_digest(output)
    expected = file_hash(merge(tmp_path / "expected.dmw", *sources))
    command = [sys.executable, "-m", "digitalmotor_desktop", "merge", *map(str, sources), "--output", str(output)]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    full = time.perf_counter() - started
    assert file_hash(output) == expected
    outcomes = set()
    for step in range(1, 10):
        merge(output, sources[0])  # back to the old output
        old = file_bytes_digest(output)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(full * step / 10)
        process.send_signal(signal.SIGKILL)
        process.wait()
        if file_bytes_digest(output) == old:
            outcomes.add("old")
        else:
            assert file_hash(output) == expected
            outcomes.add("new")
    assert "old" in outcomes, outcomes
    assert _killed_while_writing(command, output, sources[0]), "no kill landed while the new file was being written"


def _killed_while_writing(command, output, old_source, tries=5):
    """Kills the merge the moment its ``.partial`` file appears: the old output must still be there, whole."""
    partial = output.with_name(output.name + ".partial")
    for _ in range(tries):
        merge(output, old_source)
        old = file_bytes_digest(output)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while not partial.exists() and process.poll() is None:
            time.sleep(0.0005)
        process.send_signal(signal.SIGKILL)
        process.wait()
        if partial.exists():  # the kill landed mid-write (a finished merge removes its partial)
            assert file_bytes_digest(output) == old
            return True
    return False


def _shared_respondent(tmp_path, a, b):
    """A respondent added (and rating) on laptop a, whose file laptop b then pulls: both files hold it."""
    with open_document(a) as document:
        org = store_ratings.organisations(document)[0]
        added = rating_ops.add_respondent(document, org.id, "IT-chef", "group")
        added.redo(document)
        rating_ops.set_maturity(document, added.extra["id"], capability_ids(document)[0], 2).redo(document)
    return added.extra["id"], merge(tmp_path / "b-pulled-a.dmw", b, a)


def _respondent_conflicts(*sources):
    return [c for r in plan_merge(sources).reports for c in r.conflicts if c.table == "respondent"]


def test_a_consent_narrowed_on_one_laptop_survives_a_later_relabel_on_another(tmp_path, handouts):
    """The privacy regression: b's later row used to win whole and widen a's consent back to "group"."""
    _lead, a, b = handouts
    person, b = _shared_respondent(tmp_path, a, b)
    with open_document(a) as document:
        rating_ops.set_consent(document, person, "facilitator").redo(document)
    time.sleep(0.01)
    with open_document(b) as document:
        rating_ops.relabel_respondent(document, person, "CIO").redo(document)
    for order in ((a, b), (b, a)):
        [conflict] = _respondent_conflicts(*order)
        assert set(conflict.columns) == {"label", "consent"} and conflict.label == "CIO"
        assert conflict.stricter_kept == ("consent",) and conflict.later_columns == ("label",)
    for name, order in (("ab", (a, b)), ("ba", (b, a))):
        merged = merge(tmp_path / f"merged-{name}.dmw", *order)
        with open_document(merged, read_only=True) as document:
            kept = store_ratings.respondent(document, person)
            shown = shared_organisations(observations(document))
        assert (kept.label, kept.consent) == ("CIO", "facilitator")  # the later label, the stricter consent
        assert kept.organisation_id not in shown

    anonymised = merge(tmp_path / "anonymised.dmw", b, a, anonymised=True)
    with open_document(anonymised, read_only=True) as document:
        [kept] = store_ratings.respondents(document)  # the hand-outs hold no other organisation's people
        rated = observations(document)
    assert (kept.label, kept.consent) == ("", "facilitator") and kept.id != person
    assert rated and kept.organisation_id not in shared_organisations(rated)  # in the joint figures only


def test_a_consent_widened_later_is_overruled_by_the_narrower_one_and_reported(tmp_path, handouts):
    _lead, a, b = handouts
    person, b = _shared_respondent(tmp_path, a, b)
    with open_document(a) as document:
        rating_ops.set_consent(document, person, "facilitator").redo(document)
    b = merge(tmp_path / "b-pulled-a-again.dmw", b, a)
    time.sleep(0.01)
    with open_document(b) as document:  # b's laptop widens it again, deliberately
        rating_ops.set_consent(document, person, "group").redo(document)
    for order in ((a, b), (b, a)):
        [conflict] = _respondent_conflicts(*order)
        assert conflict.columns == conflict.stricter_kept == ("consent",) and not conflict.later_columns
        merged = merge(tmp_path / f"merged-{order[0].stem}.dmw", *order)
        with open_document(merged, read_only=True) as document:
            assert store_ratings.respondent(document, person).consent == "facilitator"


def test_a_consent_widened_on_the_same_laptop_is_overruled_by_an_older_copy_and_reported(tmp_path, handouts):
    """Without version vectors an older copy cannot be told from a file that never saw the widening."""
    _lead, a, _b = handouts
    person, _ = _shared_respondent(tmp_path, a, _b)
    with open_document(a) as document:
        rating_ops.set_consent(document, person, "facilitator").redo(document)
    old = tmp_path / "old-copy.dmw"
    old.write_bytes(a.read_bytes())
    with open_document(a) as document:
        rating_ops.set_consent(document, person, "group").redo(document)
        rating_ops.relabel_respondent(document, person, "CIO").redo(document)
    for order in ((old, a), (a, old)):
        [conflict] = _respondent_conflicts(*order)
        assert conflict.columns == conflict.stricter_kept == ("consent",)
        assert (conflict.key, conflict.label, conflict.kept_this) == ((person,), "CIO", order[1] == a)
        merged = merge(tmp_path / f"merged-{order[0].stem}.dmw", *order)
        with open_document(merged, read_only=True) as document:
            kept = store_ratings.respondent(document, person)
        assert (kept.label, kept.consent) == ("CIO", "facilitator")


def test_a_cancelled_merge_writes_nothing(tmp_path, handouts):
    lead, a, b = handouts
    output = tmp_path / "merged.dmw"
    with pytest.raises(Cancelled):
        plan_merge([lead, a, b], cancelled=lambda: True)
    with pytest.raises(Cancelled):
        write_merge(plan_merge([lead, a, b]), output, [lead, a, b], cancelled=lambda: True)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("merged")]


def test_equal_stamps_with_different_content_resolve_the_same_way_in_either_order():
    from digitalmotor_desktop.store.merge import spec, wins

    organisations = spec("organisation")
    stamp = "000000000000042.00000.edited-by-hand"
    first, second = ("o", "Ale", stamp, 0, None, 0), ("o", "Lerum", stamp, 0, None, 0)
    assert wins(organisations, first, second) != wins(organisations, second, first)
    assert wins(organisations, ("o", "Ale", stamp, 1, None, 0), second)  # the tombstone, whatever its name
    older_erased = ("o", "", "000000000000001.00000.edited-by-hand", 1, None, 1)
    assert wins(organisations, older_erased, ("o", "Ale", stamp, 1, None, 0))  # erased, whatever its stamp


def test_an_output_that_cannot_be_written_is_one_sentence(tmp_path, handouts):
    lead, a, _b = handouts
    folder_in_the_way = tmp_path / "merged.dmw"
    folder_in_the_way.mkdir()
    with pytest.raises(UserError, match="could not be written"):
        write_merge(plan_merge([lead, a]), folder_in_the_way, [lead, a])
    assert folder_in_the_way.is_dir() and not list(tmp_path.glob("*.partial*"))


def test_a_write_that_fails_halfway_turns_foreign_keys_back_on(handouts):
    from digitalmotor_desktop.store.document import create_document
    from digitalmotor_desktop.store.merge import write_join

    join = plan_merge(handouts).named

    def cancel(fraction):
        raise Cancelled()

    with create_document(None) as document:
        with pytest.raises(Cancelled):
            write_join(document, join, cancel)
        assert document.db.execute("PRAGMA foreign_keys").fetchone() == (1,)


def test_a_source_read_for_some_respondents_holds_only_their_ratings_and_all_else(tmp_path):
    """A folder merge into a workshop reads one respondent's ratings, never another's, and the rest whole."""
    from digitalmotor_desktop.store.merge import read_source

    path = capture_file(tmp_path / "a.dmw", ["Ale", "Lerum"])
    with open_document(path, read_only=True) as document:
        whole = read_source(document)
        chosen = store_ratings.respondents(document)[0].id
        part = read_source(document, ratings_of=[chosen])
    assert {row[0] for row in part.tables["rating"]} == {chosen}
    assert sorted(part.tables["rating"]) == sorted(row for row in whole.tables["rating"] if row[0] == chosen)
    assert {t: rows for t, rows in part.tables.items() if t != "rating"} == \
        {t: rows for t, rows in whole.tables.items() if t != "rating"}


def test_a_level_renamed_on_one_laptop_is_the_same_scale_and_merges(tmp_path, handouts):
    _lead, a, b = handouts
    with sqlite3.connect(a) as connection:
        connection.execute("UPDATE scale_level SET label = 'Nybörjare', hlc = ? WHERE level = 0",
                           ["999999999999999.00000.device"])
    connection.close()
    plan = plan_merge([a, b])
    assert not plan.refused
    merged = merge(tmp_path / "merged.dmw", a, b)
    with open_document(merged, read_only=True) as document:
        assert document.db.execute("SELECT label FROM scale_level WHERE level = 0").fetchone()[0] == "Nybörjare"


def test_a_scale_with_a_level_more_is_refused_naming_both_scales_levels(tmp_path):
    a = capture_file(tmp_path / "a.dmw", ["Ale"])
    b = capture_file(tmp_path / "b.dmw", ["Lerum"])
    _change_scale(b)
    [refused] = plan_merge([a, b]).refused
    assert "(levels 0, 1, 2, 3, 4, 5) from the first file (levels 0, 1, 2, 3, 4)" in str(refused.refusal)


def test_an_erased_organisation_with_no_respondents_ends_its_scenario_and_the_preview_counts_it(tmp_path):
    """An old copy signs the organisation up for a scenario again: that is the one row the erasure leaves out."""
    from digitalmotor_desktop.ops import decisions as decision_ops
    from digitalmotor_desktop.ops import erasure

    path = tmp_path / "lead.dmw"
    with create_workshop(path, "fyrbodal-2020") as document:
        added = rating_ops.add_organisation(document, "Dals-Ed")
        added.redo(document)
        org = added.extra["id"]
        decision_ops.take_part(document, 2, org, True).redo(document)
        old = tmp_path / "old-copy.dmw"
        document.save_copy(old)
        erasure.erase(document, erasure.plan_organisation(document, org))
    with open_document(old) as copy:  # a laptop that has not heard of the erasure signs it up again
        decision_ops.take_part(copy, 4, org, True).redo(copy)
    for order in ((path, old), (old, path)):
        plan = plan_merge(order)
        assert sum(report.erased for report in plan.reports) == 1
        merged = merge(tmp_path / f"merged-{order[0].stem}.dmw", *order)
        with open_document(merged, read_only=True) as document:
            assert document.db.execute("SELECT count(*) FROM scenario_participant WHERE organisation_id = ?"
                                       " AND deleted = 0", [org]).fetchone()[0] == 0


def test_every_group_of_same_named_organisations_is_combined_whatever_lies_between(tmp_path):
    a = capture_file(tmp_path / "a.dmw", ["Ale", "Orust", "Lysekil", "Kungälv"], seed=1)
    b = capture_file(tmp_path / "b.dmw", ["Bengtsfors", " orust ", "Munkedal", "KUNGÄLV"], seed=2)
    plan = plan_merge([a, b])
    assert [c.name.strip().lower() for c in plan.combined] == ["kungälv", "orust"]  # listed by name
    with open_document(merge(tmp_path / "merged.dmw", a, b), read_only=True) as document:
        live = {o.id: o.name for o in store_ratings.organisations(document)}
    assert sorted(name.strip().lower() for name in live.values()) == [
        "ale", "bengtsfors", "kungälv", "lysekil", "munkedal", "orust"]
    assert all(live[c.surviving_id] == c.name for c in plan.combined)  # named as the file will name it


def test_same_named_organisations_combine_into_the_smallest_id_whichever_file_comes_first(tmp_path):
    """Two laptops each added "Orust": the merged file keeps the same one of the two ids in either order,
    so merging the merged file again (or in another order on the lead's laptop) changes nothing."""
    a = capture_file(tmp_path / "a.dmw", ["Orust"], seed=1)
    b = capture_file(tmp_path / "b.dmw", ["Orust"], seed=2)
    ids = set()
    for path in (a, b):
        with open_document(path, read_only=True) as document:
            ids |= {o.id for o in store_ratings.organisations(document)}
    for order in ((a, b), (b, a)):
        (combined,) = plan_merge(order).combined
        assert (combined.surviving_id, set(combined.combined_ids)) == (min(ids), ids)


def test_a_rating_taken_back_on_one_laptop_and_given_later_on_another_is_kept(tmp_path, handouts):
    """Ratings are plain last writer wins: a cleared rating is a tombstone that a later answer replaces."""
    _lead, a, b = handouts
    person, b = _shared_respondent(tmp_path, a, b)
    cap = _first_capability(a)
    with open_document(a) as document:
        rating_ops.clear_maturity(document, person, cap).redo(document)
    time.sleep(0.01)
    with open_document(b) as document:
        rating_ops.set_maturity(document, person, cap, 4).redo(document)
    for order in ((a, b), (b, a)):
        merged = merge(tmp_path / f"merged-{order[0].stem}.dmw", *order)
        with open_document(merged, read_only=True) as document:
            assert store_ratings.ratings_of(document, [person])[(person, cap)].maturity == 4


def _conflicts_of(table, *sources):
    return [c for r in plan_merge(sources).reports for c in r.conflicts if c.table == table]


def test_a_conflict_is_named_by_its_rows_text_the_workshops_title_or_else_its_key(tmp_path, handouts):
    from digitalmotor_desktop.ops import board as board_ops
    from digitalmotor_desktop.ops import decisions as decision_ops
    from digitalmotor_desktop.store.board import goal_rows
    from digitalmotor_desktop.store.workshop import workshop_row

    _lead, a, b = handouts
    person, b = _shared_respondent(tmp_path, a, b)
    cap = _first_capability(a)
    for path, k, goal_text, level in ((a, 4, "Digital först", 1), (b, 6, "Digitalt som förstahandsval", 3)):
        with open_document(path) as document:
            decision_ops.set_min_group_size(document, k).redo(document)
            board_ops.edit_goal(document, goal_rows(document)[0].id, goal_text).redo(document)
            rating_ops.set_maturity(document, person, cap, level).redo(document)
            title = workshop_row(document)["title"]
        time.sleep(0.01)
    [goal] = _conflicts_of("goal", a, b)
    assert goal.label == "Digitalt som förstahandsval"  # the text kept: b's, the later
    [workshop] = _conflicts_of("workshop", a, b)
    assert workshop.label == title and workshop.key == ()
    [rating] = _conflicts_of("rating", a, b)
    assert rating.key == (person, cap) and rating.label == f"{person} / {cap}"


def test_hand_edited_versions_with_equal_stamps_join_the_same_way_in_any_order_and_grouping():
    """Only the consent differs between versions alike but for where they were captured: the rule that picks
    the other columns must not look at the consent, which is merged on its own (most restrictive)."""
    import itertools

    from digitalmotor_desktop.store.merge import joined, spec

    people = spec("respondent")
    stamp = "000000000000042.00000.edited-by-hand"

    def version(consent, captured_under):
        values = {"id": "p", "organisation_id": "o", "label": "CIO", "consent": consent, "hlc": stamp,
                  "deleted": 0, "merged_from_id": captured_under, "erased": 0}
        return tuple(values[column] for column in people.columns)

    versions = [version(consent, origin) for consent in CONSENTS for origin in (None, "m1", "m2")]
    consent = people.index("consent")

    def join(x, y):
        return joined(people, x, y)[1]

    for x, y, z in itertools.product(versions, repeat=3):
        assert join(x, y) == join(y, x)
        assert join(join(x, y), z) == join(x, join(y, z))
        assert join(x, y)[consent] == max(x[consent], y[consent], key=CONSENTS.index)


def test_one_source_merged_into_two_files_on_one_day_is_recorded_the_same_way_in_either_order(tmp_path):
    source = capture_file(tmp_path / "source.dmw", ["Ale"])
    first = merge(tmp_path / "first.dmw", source)
    with open_document(source) as document:
        rating_ops.add_organisation(document, "Lerum").redo(document)
    second = merge(tmp_path / "second.dmw", source)

    def recorded(path):
        with open_document(path, read_only=True) as document:
            return sorted(document.db.execute("SELECT * FROM merge_source"))

    assert recorded(merge(tmp_path / "first-second.dmw", first, second)) == \
        recorded(merge(tmp_path / "second-first.dmw", second, first))


def test_writing_a_merge_reports_its_progress_rising_to_the_whole(handouts):
    from digitalmotor_desktop.store.document import create_document
    from digitalmotor_desktop.store.merge import write_join

    join = plan_merge(handouts).named
    fractions = []
    with create_document(None) as document:
        write_join(document, join, fractions.append)
    assert fractions == sorted(fractions) and 0 < fractions[0] < 0.5 and fractions[-1] == 1


def test_a_join_whose_rows_break_references_is_refused_naming_the_rows(handouts):
    """Every source passed its own checks, so a broken reference is the merge's own bug: said, not hidden."""
    from digitalmotor_desktop.store.document import create_document
    from digitalmotor_desktop.store.merge import spec, write_join

    join = plan_merge(handouts).named
    owner = spec("respondent").index("organisation_id")
    key, row = next(iter(join.rows["respondent"].items()))
    join.rows["respondent"][key] = (*row[:owner], "no-such-organisation", *row[owner + 1:])
    with create_document(None) as document:
        with pytest.raises(RuntimeError, match="merged rows break references: .*'respondent'"):
            write_join(document, join)
        assert document.db.execute("PRAGMA foreign_keys").fetchone() == (1,)


def test_what_an_old_copy_still_holds_of_an_erased_respondent_or_organisation_is_left_out_and_counted(tmp_path):
    from digitalmotor_desktop.ops import decisions as decision_ops
    from digitalmotor_desktop.ops import erasure

    lead = capture_file(tmp_path / "lead.dmw", ["Ale", "Orust", "Tanum"], respondents=2)
    old = tmp_path / "old-copy.dmw"
    with open_document(lead) as document:
        document.save_copy(old)
        people = {o.name: [p.id for p in store_ratings.respondents(document, o.id)]
                  for o in store_ratings.organisations(document)}
        erasure.erase(document, erasure.plan_respondent(document, people["Ale"][0]))
        orust = next(o.id for o in store_ratings.organisations(document) if o.name == "Orust")
        erasure.erase(document, erasure.plan_organisation(document, orust))
    with open_document(old) as copy:  # a laptop that has not heard of the erasure signs Orust up
        decision_ops.take_part(copy, 4, orust, True).redo(copy)
    for order in ((lead, old), (old, lead)):
        # Orust's two respondents; three people's answers; Orust's sign-up
        assert sum(report.erased for report in plan_merge(order).reports) == 2 + 3 * 55 + 1
        merged = merge(tmp_path / f"merged-{order[0].stem}.dmw", *order)
        with open_document(merged, read_only=True) as document:
            rated = {row[0] for row in document.db.execute("SELECT respondent_id FROM rating")}
            kept = {row[0] for row in document.db.execute("SELECT id FROM respondent")}
        assert rated == {people["Ale"][1], *people["Tanum"]}
        assert kept == {*people["Ale"], *people["Tanum"]}  # the erased respondent as a bare tombstone


def test_a_file_with_combined_organisations_merges_again_as_its_sources_would(tmp_path):
    """Merging stays associative: a merged file is read as captured (its combined organisations apart again)."""
    a = capture_file(tmp_path / "a.dmw", ["Kungälv", "Orust"], seed=1)
    b = capture_file(tmp_path / "b.dmw", [" kungälv ", "Tanum", "orust"], seed=2)
    c = capture_file(tmp_path / "c.dmw", ["KUNGÄLV", "Lerum"], seed=3)
    joint = merge(tmp_path / "ab.dmw", a, b)
    assert file_hash(merge(tmp_path / "ab-a.dmw", joint, a)) == file_hash(joint)
    assert file_hash(merge(tmp_path / "b-ab.dmw", b, joint)) == file_hash(joint)
    everything = file_hash(merge(tmp_path / "abc.dmw", a, b, c))
    assert file_hash(merge(tmp_path / "ab-c.dmw", joint, c)) == everything
    assert file_hash(merge(tmp_path / "c-ab.dmw", c, joint)) == everything
    with open_document(joint, read_only=True) as document:
        captured = dict(document.db.execute("SELECT id, merged_from_id FROM respondent"))
    assert len([origin for origin in captured.values() if origin]) == 2  # the one respondent of each combined-away
    for path in (a, b):
        with open_document(path, read_only=True) as document:
            for person in store_ratings.respondents(document):
                assert captured[person.id] in (None, person.organisation_id)  # where it was captured


def test_a_possible_duplicate_names_its_group_and_only_live_capabilities_of_one_group_count(tmp_path):
    added = {  # (group, name, deleted) per laptop
        "a": [(0, "AI-stöd", 0), (1, "Robotar", 0), (0, "ai-stöd ", 1)],  # deleted: no duplicate
        "b": [(0, "ai-STÖD", 0), (1, " robotar", 0), (1, "AI-stöd", 0)],  # the same name in another group: none
    }
    files, ids = [], {}
    for laptop, capabilities in added.items():
        path = tmp_path / f"{laptop}.dmw"
        with create_workshop(path, "fyrbodal-2020") as document:
            groups = document.db.execute("SELECT id, name FROM capability_group ORDER BY name DESC LIMIT 2").fetchall()
            with document.transaction() as db:
                for group, name, deleted in capabilities:
                    ids[laptop, group, name] = new_id()
                    db.execute("INSERT INTO capability (id, group_id, position, name, hlc, deleted) VALUES"
                               " (?, ?, 99, ?, ?, ?)", [ids[laptop, group, name], groups[group][0], name,
                                                        document.stamp(), deleted])
        files.append(path)
    found = {(d.group, d.name.strip().lower()): d.capability_ids for d in plan_merge(files).duplicates}
    assert list(found) == sorted(found) == sorted([(groups[0][1], "ai-stöd"), (groups[1][1], "robotar")])
    assert found[groups[0][1], "ai-stöd"] == tuple(sorted([ids["a", 0, "AI-stöd"], ids["b", 0, "ai-STÖD"]]))
    assert found[groups[1][1], "robotar"] == tuple(sorted([ids["a", 1, "Robotar"], ids["b", 1, " robotar"]]))


def test_a_source_read_as_stored_then_as_captured_is_the_source_read_as_captured(tmp_path):
    from digitalmotor_desktop.store.merge import as_captured, read_source

    a = capture_file(tmp_path / "a.dmw", ["Kungälv", "Orust"], seed=1)
    b = capture_file(tmp_path / "b.dmw", [" kungälv ", "Tanum"], seed=2)
    with open_document(merge(tmp_path / "ab.dmw", a, b), read_only=True) as document:
        stored, captured = read_source(document, as_captured=False), read_source(document)
    assert stored.tables != captured.tables  # the attack must start from combined organisations
    as_read = {table: list(rows) for table, rows in stored.tables.items()}
    assert as_captured(stored) == captured
    assert stored.tables == as_read  # a copy: the rows as stored stay as they were


def test_a_combined_organisation_renamed_in_the_merged_file_is_apart_again_at_the_next_merge(tmp_path):
    a = capture_file(tmp_path / "a.dmw", ["Kungälv"], seed=1)
    b = capture_file(tmp_path / "b.dmw", [" kungälv "], seed=2)
    joint = merge(tmp_path / "ab.dmw", a, b)
    with open_document(joint) as document:
        [survivor] = store_ratings.organisations(document)
        rating_ops.rename_organisation(document, survivor.id, "Kungälvs kommun").redo(document)
    for output, anonymised in (("again.dmw", False), ("anonymised.dmw", True)):
        with open_document(merge(tmp_path / output, joint, anonymised=anonymised), read_only=True) as document:
            rows = document.db.execute("SELECT deleted, merged_into_id FROM organisation").fetchall()
            members = document.db.execute("SELECT count(DISTINCT organisation_id) FROM respondent").fetchone()[0]
        assert rows == [(0, None), (0, None)] and members == 2
