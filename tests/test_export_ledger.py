"""The export ledger: a later export cannot be subtracted from an earlier one to recover a rating.

Each test performs the attack: two published exports, the difference of their
sums (mean × n) taken per capability, compared with the hidden organisation's
real rating. It must recover nothing — across a merge, after an importance
change and after a re-rating — and the ledger must travel with merges and
hand-outs.
"""

from __future__ import annotations

import csv
import io
import sqlite3

import pytest

from digitalmotor_desktop.cli import main
from digitalmotor_desktop.core.errors import InvalidInput, ReadOnlyDocument
from digitalmotor_desktop.ops import ratings as rating_ops
from digitalmotor_desktop.ops import results as result_ops
from digitalmotor_desktop.ops.merge import write_handout
from digitalmotor_desktop.store import ratings as store_ratings
from digitalmotor_desktop.store import results as store
from digitalmotor_desktop.store.document import open_document
from digitalmotor_desktop.store.workshop import capability_map
from gap_data import csv_rows, insert_ratings
from merge_data import merge

HIDDEN = "Kommun 05"


def export(path, out):
    assert main(["export", str(path), "--format", "csv", "--output", str(out)]) == 0
    table = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    return {row[2]: dict(zip(table[0], row)) for row in table[1:]}


def subtract(first, second, column="mean", count="n"):
    """The attack: per capability, the second export's sum minus the first's, where both publish it."""
    recovered = {}
    for name, row in second.items():
        before = first[name]
        if row[column] and before[column] and row[count] != before[count]:
            recovered[name] = float(row[column]) * int(row[count]) - float(before[column]) * int(before[count])
    return recovered


def rows_of(organisations, consent="group"):
    return [dict(r, consent=consent) for r in csv_rows() if r["organisation"] in organisations]


def everyone_but_hidden():
    return {r["organisation"] for r in csv_rows()} - {HIDDEN}


def test_the_subtraction_across_a_merge_recovers_nothing(fyrbodal_file, tmp_path):
    lead = fyrbodal_file
    with open_document(lead) as document:
        insert_ratings(document, rows_of(everyone_but_hidden()))
    handout = tmp_path / "kommun05.dmw"
    write_handout(lead, handout, HIDDEN)
    with open_document(handout) as document:  # the hidden organisation rates on its own laptop
        insert_ratings(document, rows_of({HIDDEN}, consent="facilitator"))
    first = export(lead, tmp_path / "first.csv")  # 14 organisations, published
    assert all(row["status"] == "ok" and row["n"] == "14" for row in first.values())

    merged = merge(tmp_path / "merged.dmw", handout, lead)  # the lead's ledger travels with the merge
    second = export(merged, tmp_path / "second.csv")
    assert subtract(first, second) == {}
    assert all(row["n"] == "15" and row["status"] == "suppressed" and row["suppressed_because"] == "earlier_export"
               for row in second.values())

    # The ledger travels on: a file merged again, and a hand-out made from it, still hold both exports.
    again = merge(tmp_path / "again.dmw", merged)
    later_handout = tmp_path / "later.dmw"
    write_handout(again, later_handout, "Kommun 07")
    for path in (again, later_handout):
        with open_document(path, read_only=True) as document:
            assert len(store.export_records(document)) == 1  # the second export published no cell
            assert document.db.execute("SELECT count(*) FROM export_record").fetchone()[0] == 2
    assert subtract(first, export(again, tmp_path / "third.csv")) == {}


def _six_organisations(path):
    six = sorted(everyone_but_hidden())[:6]
    with open_document(path) as document:
        insert_ratings(document, rows_of(six))
        people = {p.organisation_id: p.id for p in store_ratings.respondents(document)}
        names = {o.name: o.id for o in store_ratings.organisations(document)}
        capabilities = [c.id for c in capability_map(document).capabilities()]
        for person in people.values():  # every organisation gives an importance, so importance is published
            for capability in capabilities:
                rating_ops.set_importance(document, person, capability, 3).redo(document)
    return people[names[six[0]]], capabilities


def test_the_subtraction_after_an_importance_change_recovers_nothing(fyrbodal_file, tmp_path):
    person, capabilities = _six_organisations(fyrbodal_file)
    first = export(fyrbodal_file, tmp_path / "first.csv")
    assert all(row["importance_mean"] == "3.00" for row in first.values())
    with open_document(fyrbodal_file) as document:  # importance filled in later by one organisation
        rating_ops.set_importance(document, person, capabilities[0], 5).redo(document)
        changed = capability_map(document).capabilities()[0].name
    second = export(fyrbodal_file, tmp_path / "second.csv")
    recovered = {name for name, row in second.items()
                 if row["importance_mean"] and row["importance_mean"] != first[name]["importance_mean"]}
    assert recovered == set()
    assert second[changed]["status"] == "suppressed" and second[changed]["suppressed_because"] == "earlier_export"
    assert all(row["status"] == "ok" for name, row in second.items() if name != changed)  # the rest unchanged


def test_the_subtraction_after_a_re_rating_recovers_nothing(fyrbodal_file, tmp_path):
    person, capabilities = _six_organisations(fyrbodal_file)
    first = export(fyrbodal_file, tmp_path / "first.csv")
    with open_document(fyrbodal_file) as document:
        names = [c.name for c in capability_map(document).capabilities()]
        for capability in capabilities[:3]:  # one organisation re-rates three capabilities
            old = store_ratings.rating(document, person, capability).maturity
            rating_ops.set_maturity(document, person, capability, (old + 2) % 5).redo(document)
    second = export(fyrbodal_file, tmp_path / "second.csv")
    recovered = {name for name, row in second.items() if row["mean"] and row["mean"] != first[name]["mean"]}
    assert recovered == set()
    assert [second[name]["suppressed_because"] for name in names[:3]] == ["earlier_export"] * 3
    # Both the old and the new value stay hidden: a third export still withholds those cells.
    third = export(fyrbodal_file, tmp_path / "third.csv")
    assert [third[name]["status"] for name in names[:3]] == ["suppressed"] * 3


def test_k_organisations_changing_may_be_published_again(fyrbodal_file, tmp_path):
    _six_organisations(fyrbodal_file)
    first = export(fyrbodal_file, tmp_path / "first.csv")
    with open_document(fyrbodal_file) as document:
        capability = capability_map(document).capabilities()[0]
        for person in store_ratings.respondents(document)[:5]:
            rating_ops.set_maturity(document, person.id, capability.id, 0).redo(document)
    second = export(fyrbodal_file, tmp_path / "second.csv")
    assert second[capability.name]["status"] == "ok" and second[capability.name]["mean"] != first[capability.name]["mean"]


def test_an_export_that_cannot_be_recorded_is_not_written(fyrbodal_file, tmp_path, monkeypatch, capsys):
    _six_organisations(fyrbodal_file)
    out = tmp_path / "result.xlsx"
    with open_document(fyrbodal_file, read_only=True) as document:
        with pytest.raises(ReadOnlyDocument):
            result_ops.export_results(document, out, "xlsx")
    assert not out.exists()

    def read_only_file(*_args, **_kwargs):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(store, "record_export", read_only_file)
    assert main(["export", str(fyrbodal_file), "--format", "xlsx", "--output", str(out)]) == 2
    assert "was not written: the export could not be recorded" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("result")) == []


def test_an_export_whose_record_fails_to_commit_is_removed_again(fyrbodal_file, tmp_path):
    _six_organisations(fyrbodal_file)
    out = tmp_path / "result.csv"

    class DiskFullAtCommit:
        """The document's sqlite3 connection, whose COMMIT fails as on a full disk."""

        def __init__(self, real):
            self.real = real

        def execute(self, sql, *parameters):
            if sql == "COMMIT":
                raise sqlite3.OperationalError("database or disk is full")
            return self.real.execute(sql, *parameters)

        def __getattr__(self, name):
            return getattr(self.real, name)

    with open_document(fyrbodal_file) as document:
        real = document.db.conn
        document.db.conn = DiskFullAtCommit(real)
        with pytest.raises(InvalidInput, match="could not be recorded"):
            result_ops.export_results(document, out, "csv")
        document.db.conn = real
        assert store.export_records(document) == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("result")) == []
