"""An anonymised merge is a fresh file with no names, labels, comments, ids or exact times to recover."""

import re
import sqlite3
import subprocess
import sys

import pytest

from digitalmotor_desktop.cli import main
from digitalmotor_desktop.core.hlc import TEMPLATE_STAMP
from digitalmotor_desktop.core.pseudonyms import pseudonym_label
from digitalmotor_desktop.core.scenarios import Decision
from digitalmotor_desktop.ops import decisions as decision_ops
from digitalmotor_desktop.ops import erasure, ratings as rating_ops
from digitalmotor_desktop.ops.merge import write_handout
from digitalmotor_desktop.ops.results import gap_report
from digitalmotor_desktop.store import ratings as store_ratings
from digitalmotor_desktop.store import results as results_store
from digitalmotor_desktop.store.document import open_document
from digitalmotor_desktop.store.merge import derived_id, table_specs
from digitalmotor_desktop.store.results import observations
from digitalmotor_desktop.store.workshop import summary, workshop_row

from board_data import voted_board
from merge_data import MUNICIPALITIES, add_organisations, capability_ids, capture_file, file_hash, merge

COMMENT = "Enligt {label} på förvaltningen"


@pytest.fixture
def captures(tmp_path):
    lead = capture_file(tmp_path / "lead.dmw", MUNICIPALITIES[:5], respondents=2, seed=1, comment=COMMENT)
    other = tmp_path / "other.dmw"
    write_handout(lead, other)
    with open_document(other) as document:
        add_organisations(document, MUNICIPALITIES[5:10], respondents=2, seed=2, comment=COMMENT)
    return lead, other


def _identities(*paths):
    """Everything an anonymised file must not contain: names, labels, comments, ids, devices."""
    secrets = set()
    for path in paths:
        with open_document(path, read_only=True) as document:
            db = document.db
            secrets.update(row[0] for row in db.execute("SELECT name FROM organisation"))
            secrets.update(row[0] for row in db.execute("SELECT label FROM respondent WHERE label != ''"))
            secrets.update(row[0] for row in db.execute("SELECT id FROM organisation UNION SELECT id FROM respondent"))
            secrets.update(db.execute("SELECT document_id, device_id FROM document").fetchone())
            secrets.add(workshop_row(document)["pseudonym_seed"])
    return secrets


def _raw_bytes(path):
    data = path.read_bytes()
    for suffix in ("-wal", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            data += side.read_bytes()
    return data


def test_the_anonymised_file_holds_no_name_id_comment_or_exact_time(tmp_path, captures):
    secrets = _identities(*captures)
    output = merge(tmp_path / "joint.dmw", *captures, anonymised=True)
    raw = _raw_bytes(output)
    template_text = _raw_bytes(capture_file(tmp_path / "template-only.dmw", []))  # "Ale" is in "digitALE"
    found = [s for s in secrets for variant in {s, s.lower()}
             if variant.encode() in raw and variant.encode() not in template_text]
    assert found == []
    assert b"Enligt" not in raw and b"respondent 1" not in raw
    stamps = set()
    with sqlite3.connect(output) as connection:
        for table in table_specs():
            stamps.update(row[0] for row in connection.execute(f"SELECT hlc FROM {table.name}"))
        applied = [row[0] for row in connection.execute("SELECT applied_at FROM _sqlite_migrations")]
    connection.close()
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", value) for value in applied)
    for stamp in stamps - {TEMPLATE_STAMP}:
        millis, counter, device = stamp.split(".")
        assert int(millis) % 86_400_000 == 0 and counter == "00000" and device == "anonymised"


def test_it_opens_as_an_anonymised_workshop_with_the_joint_result(tmp_path, captures):
    named = merge(tmp_path / "named.dmw", *captures)
    output = merge(tmp_path / "joint.dmw", *captures, anonymised=True)
    with open_document(named, read_only=True) as document:
        expected = sorted(repr((o.capability_id, o.maturity, o.importance, o.consent)) for o in observations(document))
        seed = workshop_row(document)["pseudonym_seed"]
        by_name = {o.name: o.id for o in store_ratings.organisations(document)}
    with open_document(output, read_only=True) as document:
        assert document.anonymised and summary(document).anonymised
        found = sorted(repr((o.capability_id, o.maturity, o.importance, o.consent)) for o in observations(document))
        assert found == expected
        pseudonyms = {o.id: o.name for o in store_ratings.organisations(document)}
        assert {p.label for p in store_ratings.respondents(document)} == {""}
        assert {r[0] for r in document.db.execute("SELECT comment FROM rating")} == {""}
    assert sorted(pseudonyms.values()) == sorted(pseudonym_label(i) for i in range(10))
    assert _stage_five(output) == _stage_five(named)
    in_name_order = [pseudonyms[derived_id(seed, by_name[name])] for name in sorted(by_name)]
    assert in_name_order != sorted(in_name_order)  # shuffled, not handed out in name order ...
    in_id_order = [pseudonyms[organisation_id] for organisation_id in sorted(pseudonyms)]
    assert in_id_order != sorted(in_id_order)  # ... nor in the order of the (random) ids: 1 in 10! by chance


def _stage_five(path):
    """The joint result the GAP view shows (privacy rules applied)."""
    with open_document(path, read_only=True) as document:
        rows = gap_report(document).result.rows
    return [(r.capability_id, r.n, r.mean, r.sd, r.level_counts, r.suppressed) for r in rows]


def test_comments_are_kept_only_when_asked(tmp_path, captures):
    output = merge(tmp_path / "joint.dmw", *captures, anonymised=True, keep_comments=True)
    with open_document(output, read_only=True) as document:
        comments = {r[0] for r in document.db.execute("SELECT comment FROM rating")}
    assert any(comment.startswith("Enligt") for comment in comments)


def test_anonymised_files_merge_with_each_other(tmp_path, captures):
    lead, other = captures
    first = merge(tmp_path / "first.dmw", lead, anonymised=True)
    second = merge(tmp_path / "second.dmw", other, anonymised=True)
    pooled = merge(tmp_path / "pooled.dmw", first, second)
    assert file_hash(merge(tmp_path / "pooled-reversed.dmw", second, first)) == file_hash(pooled)
    assert file_hash(merge(tmp_path / "pooled-again.dmw", pooled, first)) == file_hash(pooled)
    with open_document(pooled, read_only=True) as document:
        assert document.anonymised
        assert summary(document).counts["organisations"] == 10
        assert summary(document).counts["respondents"] == 20
        names = sorted(o.name for o in store_ratings.organisations(document))
    assert names == sorted(pseudonym_label(i) for i in range(10))


def test_cli_anonymise(tmp_path, captures):
    output = tmp_path / "cli.dmw"
    result = subprocess.run([sys.executable, "-m", "digitalmotor_desktop", "merge", *map(str, captures),
                             "--output", str(output), "--anonymise"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "(anonymised)" in result.stdout
    raw = _raw_bytes(output)
    assert not [name for name in MUNICIPALITIES[1:10] if name.encode() in raw]


def _live(path, table):
    with open_document(path, read_only=True) as document:
        return document.db.execute(f"SELECT count(*) FROM {table} WHERE deleted = 0").fetchone()[0]


BOARD_TABLES = ("note", "cluster", "note_goal", "not_duplicate", "capability_note")


def _source_cards(path):
    """The map's capabilities, each with whether it still names the board card it came from."""
    with open_document(path, read_only=True) as document:
        return sorted(document.db.execute("SELECT name, source_note_id IS NOT NULL FROM capability WHERE deleted = 0"))


def test_without_comments_no_card_cluster_link_or_dot_is_left_but_the_map_made_from_them_is(tmp_path):
    lead = voted_board(tmp_path / "lead.dmw")
    with sqlite3.connect(lead) as connection:  # the schema's older link to a card, as another tool may write it
        connection.execute("UPDATE capability SET source_note_id = (SELECT note_id FROM capability_note"
                           " WHERE capability_id = capability.id)")
    connection.close()
    named = merge(tmp_path / "named.dmw", lead)
    assert all(_live(named, table) for table in (*BOARD_TABLES, "vote")), "the attack must start from a full board"
    assert {("Följa upp avtal", 1), ("Styra leverantörer", 1)} <= set(_source_cards(named))

    anonymous = merge(tmp_path / "anonymous.dmw", lead, anonymised=True)
    assert {table: _live(anonymous, table) for table in (*BOARD_TABLES, "vote")} == dict.fromkeys((*BOARD_TABLES, "vote"), 0)
    assert _source_cards(anonymous) == sorted((name, False) for name, _ in _source_cards(named))

    kept = merge(tmp_path / "kept.dmw", lead, anonymised=True, keep_comments=True)
    assert {table: _live(kept, table) for table in BOARD_TABLES} == {table: _live(named, table) for table in BOARD_TABLES}
    assert _source_cards(kept) == _source_cards(named) and _live(kept, "vote") == 0  # a dot names its organisation


def _ledger(path):
    with open_document(path, read_only=True) as document:
        return sorted(document.db.execute("SELECT capability_id, organisation_id, maturity, importance FROM export_cell"))


def test_the_export_ledger_of_an_anonymised_file_names_its_organisations_by_their_new_ids(tmp_path, captures):
    """The ledger must keep guarding later exports of the anonymised file (its cells name the organisations
    that file holds), and must not carry the real ids, which the named file and its hand-outs share."""
    named = merge(tmp_path / "named.dmw", *captures)
    assert main(["export", str(named), "--format", "csv", "--output", str(tmp_path / "result.csv")]) == 0
    with open_document(named) as document:
        seed = workshop_row(document)["pseudonym_seed"]
        real_ids = {o.id for o in store_ratings.organisations(document)}
        taking_part = sorted(real_ids)[0]
        decision_ops.take_part(document, 2, taking_part, True).redo(document)
    ledger = _ledger(named)
    assert ledger and {cell[1] for cell in ledger} <= real_ids

    anonymous = merge(tmp_path / "anonymous.dmw", named, anonymised=True)
    with open_document(anonymous, read_only=True) as document:
        new_ids = {o.id for o in store_ratings.organisations(document)}
        participants = results_store.scenario_participants(document)
    assert _ledger(anonymous) == sorted((cap, derived_id(seed, org), *digests) for cap, org, *digests in ledger)
    assert {cell[1] for cell in _ledger(anonymous)} <= new_ids and not real_ids & new_ids
    assert participants.get(2) == {derived_id(seed, taking_part)}


def _organisation_named(document, name):
    return next(o.id for o in store_ratings.organisations(document) if o.name.strip().lower() == name)


@pytest.fixture
def two_laptops(tmp_path):
    """Kungälv captured on two laptops (so combined by the merge), both signing it up for scenario 2; Orust
    deleted, a respondent erased and a decision noted on the way."""
    a = capture_file(tmp_path / "a.dmw", ["Ale", "Kungälv", "Orust"], respondents=2, seed=1)
    b = capture_file(tmp_path / "b.dmw", [" kungälv ", "Tanum", "Lerum"], respondents=2, seed=2)
    for path in (a, b):
        with open_document(path) as document:
            decision_ops.take_part(document, 2, _organisation_named(document, "kungälv"), True).redo(document)
    with open_document(a) as document:
        rating_ops.delete_organisation(document, _organisation_named(document, "orust")).redo(document)
        capability = capability_ids(document)[0]
        decision_ops.decide(document, capability, Decision(develop=True, note="Ale vill vänta ett år")).redo(document)
    with open_document(b) as document:
        erased = store_ratings.respondents(document, _organisation_named(document, "tanum"))[0].id
        erasure.erase(document, erasure.plan_respondent(document, erased))
    named = merge(tmp_path / "named.dmw", a, b)
    with open_document(named, read_only=True) as document:
        seed = workshop_row(document)["pseudonym_seed"]
        kungalv = _organisation_named(document, "kungälv")
    return (a, b), seed, kungalv, erased, capability


def test_same_named_organisations_become_one_pseudonymous_organisation_with_all_they_did(tmp_path, two_laptops):
    sources, seed, kungalv, erased, capability = two_laptops
    output = merge(tmp_path / "anonymous.dmw", *sources, anonymised=True)
    with open_document(output, read_only=True) as document:
        db = document.db
        organisations = db.execute("SELECT id, name, deleted FROM organisation").fetchall()
        members = dict(db.execute("SELECT organisation_id, count(*) FROM respondent WHERE deleted = 0"
                                  " GROUP BY organisation_id").fetchall())
        taking_part = db.execute("SELECT organisation_id FROM scenario_participant WHERE scenario = 2"
                                 " AND deleted = 0").fetchall()
        tombstone = db.execute("SELECT organisation_id, label, deleted FROM respondent WHERE id = ?",
                               [derived_id(seed, erased)]).fetchone()
        note = db.execute("SELECT note FROM decision WHERE capability_id = ?", [capability]).fetchone()[0]
    live = [row for row in organisations if not row[2]]
    assert len(live) == 4 and len(organisations) == 5  # Kungälv once; Orust only as a tombstone
    assert [name for _id, name, deleted in organisations if deleted] == [""]  # no name for what was deleted
    assert members[derived_id(seed, kungalv)] == 4  # both laptops' respondents
    assert taking_part == [(derived_id(seed, kungalv),)]
    assert tombstone == (None, "", 1)  # the erased respondent: a bare tombstone, of no organisation
    assert note == ""
    kept = merge(tmp_path / "kept.dmw", *sources, anonymised=True, keep_comments=True)
    with open_document(kept, read_only=True) as document:
        assert document.db.execute("SELECT note FROM decision WHERE capability_id = ?",
                                   [capability]).fetchone()[0] == "Ale vill vänta ett år"
