"""Importing ratings: CSV/XLSX long form, whole-file validation, idempotent re-import."""

import csv
import hashlib
import json
import sqlite3

import openpyxl
import pytest

from digitalmotor_desktop.cli import main
from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.ops import import_ratings as importing
from digitalmotor_desktop.ops.import_ratings import import_ratings
from digitalmotor_desktop.ops.ratings import capture_order
from digitalmotor_desktop.store import ratings as store
from digitalmotor_desktop.store.document import open_document

HEADER = "organisation,respondent,capability,maturity,importance,comment,share"


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def write_rows(path, rows):
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(rows)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def info(path, capsys):
    capsys.readouterr()
    assert main(["info", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    return {key: data[key] for key in ("organisations", "respondents", "ratings")}


def test_an_import_keeps_other_writers_out_from_its_check_to_its_last_row(fyrbodal_file, tmp_path, monkeypatch):
    """What the check found (no organisation of that name yet) still holds when the rows are written: another
    laptop's window or import cannot write in between (tests/test_parallel_writers.py races two for real)."""
    source = write(tmp_path / "ratings.csv", f"{HEADER}\nGemensam,IT-chef,Bygga kultur,2,,,\n")
    check, other_writers = importing.plan_import, []

    def check_then_let_another_writer_try(document, rating_source):
        plan = check(document, rating_source)
        other = sqlite3.connect(fyrbodal_file, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
            other_writers.append("wrote in between")
            other.rollback()
        except sqlite3.OperationalError as refused:
            other_writers.append(str(refused))
        finally:
            other.close()
        return plan

    monkeypatch.setattr(importing, "plan_import", check_then_let_another_writer_try)
    with open_document(fyrbodal_file) as document:
        assert import_ratings(document, source).organisations_added == 1
    assert other_writers == ["database is locked"]


def test_long_form_csv_with_names_ids_vet_ej_and_consent(fyrbodal, tmp_path):
    capabilities = capture_order(fyrbodal)
    source = write(tmp_path / "ratings.csv", "\ufeff" + "\n".join([
        HEADER,
        "Vänersborg,IT-chef,Bygga kultur,3,5,Bra start,group",
        f"vänersborg , IT-chef,{capabilities[1].id},,,,",
        f"Trollhättan,,  {capabilities[2].name.upper()}  ,0,,,facilitator",
        "Lilla  Edet ,,Bygga kultur,1,,,",
    ]))
    report = import_ratings(fyrbodal, source)
    assert (report.organisations_added, report.respondents_added, report.ratings_added) == (3, 3, 4)
    assert (report.source, report.clock) == ("ratings.csv", fyrbodal.clock.last) and report.clock
    assert sorted(o.name for o in store.organisations(fyrbodal)) == ["Lilla Edet", "Trollhättan", "Vänersborg"]
    names = {o.id: o.name for o in store.organisations(fyrbodal)}
    people = {(names[p.organisation_id], p.label): p for p in store.respondents(fyrbodal)}
    assert people[("Trollhättan", "")].consent == "facilitator"
    stored = store.ratings_of(fyrbodal, [p.id for p in people.values()])
    first = stored[(people[("Vänersborg", "IT-chef")].id, capabilities[0].id)]
    assert (first.maturity, first.importance, first.comment) == (3, 5, "Bra start")
    assert stored[(people[("Vänersborg", "IT-chef")].id, capabilities[1].id)].dont_know
    assert stored[(people[("Trollhättan", "")].id, capabilities[2].id)].maturity == 0


def test_semicolon_cp1252_csv_as_swedish_excel_writes_it(fyrbodal, tmp_path):
    source = write(tmp_path / "excel.csv", "organisation;respondent;capability;maturity\r\n"
                                           "Färgelanda;Förvaltningschef;Bygga kultur;2\r\n", encoding="cp1252")
    assert import_ratings(fyrbodal, source).ratings_added == 1
    assert [o.name for o in store.organisations(fyrbodal)] == ["Färgelanda"]


def test_xlsx_long_form(fyrbodal, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([])  # a blank first row: the header is the first non-empty one
    sheet.append(HEADER.split(","))
    sheet.append(["Uddevalla", "Rektor", "Bygga kultur", 4, 2.0, None, "facilitator"])
    workbook.save(tmp_path / "ratings.xlsx")
    report = import_ratings(fyrbodal, tmp_path / "ratings.xlsx")
    assert (report.source, report.ratings_added) == ("ratings.xlsx", 1)
    (respondent,) = store.respondents(fyrbodal)
    (rating,) = store.ratings_of(fyrbodal, [respondent.id]).values()
    assert (respondent.consent, rating.maturity, rating.importance) == ("facilitator", 4, 2)


def test_bad_rows_are_all_listed_by_line_and_nothing_is_written(fyrbodal, tmp_path):
    source = write(tmp_path / "bad.csv", "\n".join([
        HEADER,
        "Vänersborg,A,Bygga kultur,3,,,",
        "Vänersborg,A,Bygg kultur,3,,,",
        "Vänersborg,A,Bygga kultur,7,,,",
        "Vänersborg,A,Leda förändring,2,9,,everyone",
        "Vänersborg,A,Helt okänd sak,2,,,",
        ",A,Bygga kultur,2,,,",
        "Vänersborg,B,Bygga kultur,hög,hög,,",
        "Vänersborg,B, ,2,,,",
        "Vänersborg,B,Skapa kultur,2,,,",
    ]))
    with pytest.raises(InvalidInput) as caught:
        import_ratings(fyrbodal, source)
    assert str(caught.value) == "“bad.csv” was not imported: 12 problem(s) were found, so nothing was changed."
    assert list(map(str, caught.value.problems)) == [
        "Line 3: unknown capability “Bygg kultur”; did you mean “Bygga kultur”?",
        "Line 4: maturity “7” is not one of 0, 1, 2, 3, 4 (leave it empty for “don't know”).",
        "Line 4: “Bygga kultur” is rated twice for the same respondent (first on line 2).",
        "Line 5: unknown capability “Leda förändring”.",
        "Line 5: importance “9” is not 1–5 (or empty).",
        "Line 5: share “everyone” must be “group” or “facilitator” (or empty).",
        "Line 6: unknown capability “Helt okänd sak”.",
        "Line 7: the organisation is empty.",
        "Line 8: maturity “hög” is not one of 0, 1, 2, 3, 4 (leave it empty for “don't know”).",
        "Line 8: importance “hög” is not 1–5 (or empty).",
        "Line 9: the capability is empty.",
        "Line 10: unknown capability “Skapa kultur”; did you mean “Skapa önskad kultur”, “Bygga kultur”?",
    ]
    assert store.organisations(fyrbodal) == []


@pytest.mark.parametrize("content, sentence", [
    (b"organisation,capability,maturity\nA,Bygga kultur,2\n", "lacks the column(s) respondent"),
    (bytes(range(256)) * 4, "is not a CSV or XLSX file"),
    (b"PK\x03\x04 not really a zip", "could not be read as an Excel workbook"),
    (b"", "is empty"),
])
def test_unreadable_sources_exit_non_zero_and_leave_the_file_byte_identical(fyrbodal_file, tmp_path, capsys,
                                                                             content, sentence):
    source = tmp_path / "source.csv"
    source.write_bytes(content)
    before = digest(fyrbodal_file)
    assert main(["import-ratings", str(fyrbodal_file), str(source)]) != 0
    assert sentence in capsys.readouterr().err
    assert digest(fyrbodal_file) == before


def test_cli_bad_rows_exit_non_zero_with_line_numbers_and_leave_the_file_byte_identical(fyrbodal_file, tmp_path, capsys):
    source = write(tmp_path / "bad.csv", HEADER + "\nVänersborg,A,Bygga kultur,3,,,\nVänersborg,B,Okänd,7,,,\n")
    before = digest(fyrbodal_file)
    assert main(["import-ratings", str(fyrbodal_file), str(source)]) == 2
    error = capsys.readouterr().err
    assert "Line 3: unknown capability “Okänd”" in error and "Line 3: maturity “7”" in error
    assert digest(fyrbodal_file) == before


def test_importing_the_same_file_twice_gives_the_same_counts(fyrbodal_file, tmp_path, capsys):
    names = [c.name for c in capture_order_of(fyrbodal_file)]  # some contain commas: quoted by csv
    rows = [HEADER.split(",")] + [[f"Org {o}", f"Resp {r}", name, (o + r + i) % 5, "", "", ""]
                                  for o in range(3) for r in range(2) for i, name in enumerate(names)]
    source = tmp_path / "all.csv"
    write_rows(source, rows)
    assert main(["import-ratings", str(fyrbodal_file), str(source)]) == 0
    assert "3 organisations added; 6 respondents added, 0 updated; 330 ratings added" in capsys.readouterr().out
    once = info(fyrbodal_file, capsys)
    assert once == {"organisations": 3, "respondents": 6, "ratings": 330}
    assert main(["import-ratings", str(fyrbodal_file), str(source)]) == 0
    assert "0 organisations added; 0 respondents added, 0 updated; 0 ratings added, 0 updated, 330 unchanged" \
        in capsys.readouterr().out
    assert info(fyrbodal_file, capsys) == once

    for row in (rows[1], rows[1 + len(names)]):  # two respondents: a changed answer and consent, updated in place
        row[3:] = [1 if row[3] != 1 else 2, "", "", "facilitator"]
    write_rows(source, rows)
    assert main(["import-ratings", str(fyrbodal_file), str(source)]) == 0
    assert "0 respondents added, 2 updated; 0 ratings added, 2 updated, 328 unchanged" in capsys.readouterr().out
    assert info(fyrbodal_file, capsys) == once


def capture_order_of(path):
    from digitalmotor_desktop.store.document import open_document

    with open_document(path, read_only=True) as document:
        return capture_order(document)


def test_an_empty_share_keeps_the_consent_and_conflicting_shares_are_refused(fyrbodal, tmp_path):
    source = write(tmp_path / "a.csv", HEADER + "\nLysekil,A,Bygga kultur,1,,,facilitator\n"
                                                "Lysekil,A,Skapa och behålla förtroende,2,,,\n")
    import_ratings(fyrbodal, source)
    assert [p.consent for p in store.respondents(fyrbodal)] == ["facilitator"]
    write(source, HEADER + "\nLysekil,A,Bygga kultur,1,,,\n")
    assert import_ratings(fyrbodal, source).respondents_updated == 0  # re-importing never widens what is shown
    assert [p.consent for p in store.respondents(fyrbodal)] == ["facilitator"]
    write(source, HEADER + "\nLysekil,A,Bygga kultur,1,,,group\nLysekil,A,Skapa och behålla förtroende,2,,,facilitator\n")
    with pytest.raises(InvalidInput) as caught:
        import_ratings(fyrbodal, source)
    assert list(map(str, caught.value.problems)) == ["Line 3: share differs from line 2 for the same respondent."]


def test_a_file_of_exactly_as_many_respondents_as_allowed_imports_and_one_more_is_refused(fyrbodal, tmp_path, monkeypatch):
    from digitalmotor_desktop.core import limits

    monkeypatch.setattr(limits, "RESPONDENTS_MAX", 3)
    source = write(tmp_path / "people.csv", "\n".join([HEADER] + [f"Ale,R{i},Bygga kultur,2,,," for i in range(3)]))
    assert import_ratings(fyrbodal, source).respondents_added == 3
    write(source, "\n".join([HEADER] + [f"Ale,R{i},Bygga kultur,2,,," for i in range(4)]))
    with pytest.raises(InvalidInput) as caught:
        import_ratings(fyrbodal, source)
    assert str(caught.value) == "“people.csv” speaks of more than 3 respondents (line 5); split it into smaller files."


def test_answers_are_read_whatever_their_case_and_spacing(fyrbodal, tmp_path):
    """Typed by hand: "VET EJ", "  Facilitator ", a capability's id with spaces around it."""
    capabilities = capture_order(fyrbodal)
    source = write(tmp_path / "typed.csv", "\n".join([
        HEADER, f"Ale,A,  {capabilities[0].id} ,VET EJ,,,  Facilitator ", f"Ale,A,{capabilities[1].name},2 – Utvecklad,,,",
    ]))
    report = import_ratings(fyrbodal, source)
    assert report.ratings_added == 2
    (respondent,) = store.respondents(fyrbodal)
    assert respondent.consent == "facilitator"
    stored = store.ratings_of(fyrbodal, [respondent.id])
    assert stored[(respondent.id, capabilities[0].id)].dont_know
    assert stored[(respondent.id, capabilities[1].id)].maturity == 2


def test_a_label_two_respondents_of_one_organisation_share_is_refused_not_guessed(fyrbodal, tmp_path):
    """Merged files can leave two "IT-chef" at Ale: which of them the file means cannot be told."""
    from digitalmotor_desktop.core.ids import new_id
    from digitalmotor_desktop.core.ratings import Organisation, Respondent

    ale = Organisation(new_id(), "Ale")
    store.save(fyrbodal, organisations=[ale], respondents=[Respondent(new_id(), ale.id, "IT-chef") for _ in range(2)],
               ratings=[])
    source = write(tmp_path / "ale.csv", f"{HEADER}\nAle,it-chef,Bygga kultur,2,,,\n")
    with pytest.raises(InvalidInput) as caught:
        import_ratings(fyrbodal, source)
    assert list(map(str, caught.value.problems)) == [
        "Line 2: “Ale” has several respondents labelled “it-chef”; give them different labels first."]
