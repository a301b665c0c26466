"""``digitalmotor export``: every format is parsed back to prove the privacy rules hold."""

from __future__ import annotations

import csv
import io
import statistics

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from digitalmotor_desktop.cli import main
from digitalmotor_desktop.core.scenarios import Decision
from digitalmotor_desktop.ops.decisions import decide
from digitalmotor_desktop.store import results as store
from digitalmotor_desktop.store.document import open_document
from digitalmotor_desktop.store.workshop import capability_map
from gap_data import FACILITATOR_ONLY, SPARSE, csv_rows, insert_ratings, sparse_rows

HEADER = ("area,group,capability,n,mean,sd,min,max,level_0,level_1,level_2,level_3,level_4,"
          "importance_n,importance_mean,status")


@pytest.fixture
def rated_file(fyrbodal_file):
    rows = sparse_rows()
    with open_document(fyrbodal_file) as document:
        insert_ratings(document, rows)
    return fyrbodal_file, rows


#: Figur 30's highest means (3,00 and 2,73, n = 15) come from these ratings in tests/data; their spread as
#: STDEV.S — the sample SD a spreadsheet gives — worked out by hand (the population SD would be 0.6325, 0.5735).
SAMPLE_SD = {"Upprätthålla stabil och tillförlitlig driftsleverans": 0.6547,  # 2 2 2 3×9 4 4 4
             "Vara rådgivare åt politik och ledning": 0.5936}  # 2×5 3×9 4


def _export(path, out, fmt, *extra):
    assert main(["export", str(path), "--format", fmt, "--output", str(out), *extra]) == 0


def _read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_csv_columns_figures_and_suppression(rated_file, tmp_path):
    path, _ = rated_file
    out = tmp_path / "result.csv"
    _export(path, out, "csv")  # in Swedish, the default: CSV columns and statuses stay English identifiers
    table = _read_csv(out)
    assert ",".join(table[0][:16]) == HEADER
    assert len(table) == 56
    rows = {r[2]: dict(zip(table[0], r)) for r in table[1:]}
    drift = rows["Upprätthålla stabil och tillförlitlig driftsleverans"]
    assert (drift["n"], drift["mean"], drift["sd"], drift["level_4"], drift["status"]) == ("15", "3.00", "0.65", "3", "ok")
    assert rows["Vara rådgivare åt politik och ledning"]["sd"] == "0.59"
    assert rows["Erbjuda användarstöd"]["mean"] == "2.67"
    for name in SPARSE:
        row = rows[name]
        assert row["status"] == "suppressed" and row["n"] == "4" and row["area"] and row["group"]
        assert row["suppressed_because"] == "too_few"
        figures = {k: v for k, v in row.items()
                   if k not in {"area", "group", "capability", "n", "status", "suppressed_because"}}
        assert set(figures.values()) == {""}, figures


def test_xlsx_sheets_numbers_and_privacy(rated_file, tmp_path):
    path, rows = rated_file
    out = tmp_path / "result.xlsx"
    _export(path, out, "xlsx", "--lang", "en")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Read me", "Joint result", "Organisations", "Priority", "Decisions"]
    joint = list(book["Joint result"].iter_rows(values_only=True))
    assert joint[0][:16] == ("Area", "Group", "Capability", "n", "Mean", "SD", "Min", "Max", "Level 0", "Level 1",
                             "Level 2", "Level 3", "Level 4", "Importance n", "Importance", "Status")
    by_name = {r[2]: r for r in joint[1:]}
    drift = by_name["Upprätthålla stabil och tillförlitlig driftsleverans"]
    assert drift[3] == 15 and drift[4] == pytest.approx(3.0)
    assert drift[5] == pytest.approx(SAMPLE_SD[drift[2]], abs=5e-5)  # STDEV.S, as Excel would compute it
    adviser = by_name["Vara rådgivare åt politik och ledning"]
    assert adviser[4] == pytest.approx(2.7333, abs=5e-5) and adviser[5] == pytest.approx(SAMPLE_SD[adviser[2]], abs=5e-5)
    assert book["Joint result"]["E2"].number_format == "0.00"
    for name in SPARSE:
        assert by_name[name][3] == 4 and by_name[name][15] == "too few answers"
        assert all(v is None for v in by_name[name][4:15])

    matrix = list(book["Organisations"].iter_rows(values_only=True))
    header = matrix[0]
    labels = header[3:-1]
    assert len(labels) == 10 and all(label.startswith("Organisation ") for label in labels)
    assert not {r["organisation"] for r in rows} & {str(c) for row in matrix for c in row}  # no names
    # Each shown column is one group-consent organisation's ratings; no facilitator-only vector appears.
    levels = {}
    for r in rows:
        levels.setdefault(r["organisation"], {})[r["capability"]] = int(r["maturity"])
    for i in range(len(labels)):
        column = {row[2]: row[3 + i] for row in matrix[1:] if row[3 + i] is not None}
        owners = [org for org, lv in levels.items() if all(lv.get(c) == v for c, v in column.items())]
        assert owners and not set(owners) & FACILITATOR_ONLY
    for row in matrix[1:]:
        if row[2] in SPARSE:
            assert all(v is None for v in row[3:-1]) and row[-1].startswith("Hidden")

    priority = list(book["Priority"].iter_rows(values_only=True))
    assert not {r[3] for r in priority[1:]} & SPARSE
    assert priority[1][3] == "Identifiera och fånga behov"


def test_xlsx_is_swedish_by_default(rated_file, tmp_path):
    path, _ = rated_file
    with open_document(path) as document:
        places = {cap.name: cap.id for cap in capability_map(document).capabilities()}
        decide(document, places["Identifiera och fånga behov"], Decision(True, False, 2, None, "Börja i höst")).redo(document)
    out = tmp_path / "resultat.xlsx"
    _export(path, out, "xlsx")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Läs mig", "Gemensamt resultat", "Organisationer", "Prioritering", "Beslut"]

    joint = list(book["Gemensamt resultat"].iter_rows(values_only=True))
    assert joint[0] == ("Område", "Grupp", "Förmåga", "n", "Medel", "SA", "Min", "Max", "Nivå 0", "Nivå 1", "Nivå 2",
                        "Nivå 3", "Nivå 4", "Betydelse n", "Betydelse", "Status", "Målnivå", "Gap", "Stor spridning",
                        "Föreslaget scenario")
    for row in joint[1:]:
        suppressed = row[2] in SPARSE
        assert row[15] == ("för få svar" if suppressed else "visas")
        assert row[18] in ({None} if suppressed else {"ja", "nej"})

    matrix = list(book["Organisationer"].iter_rows(values_only=True))
    assert matrix[0][:3] == ("Område", "Grupp", "Förmåga") and matrix[0][-1] == "Anteckning"
    assert all(row[-1].startswith("Dolt: ") for row in matrix[1:] if row[2] in SPARSE)

    priority = list(book["Prioritering"].iter_rows(values_only=True))
    assert priority[0] == ("Plats", "Område", "Grupp", "Förmåga", "Betydelse", "Medel", "Gap", "n",
                           "Föreslaget scenario", "Motivering")
    assert "nivå" in priority[1][-1]

    decisions = list(book["Beslut"].iter_rows(values_only=True))
    assert decisions[0] == ("Område", "Grupp", "Förmåga", "Utveckla", "Gemensamt", "Scenario", "Scenarionamn",
                            "Målnivå", "Anteckning")
    assert decisions[1][2:6] == ("Identifiera och fånga behov", "ja", "nej", 2) and decisions[1][-1] == "Börja i höst"

    read_me = [row for row in book["Läs mig"].iter_rows(values_only=True) if any(row)]
    assert read_me[1] == ("Flik", "Innehåll")
    assert [row[0] for row in read_me[2:6]] == book.sheetnames[1:]  # what each sheet holds, in order
    assert book["Läs mig"]["A4"].hyperlink.location == "'Gemensamt resultat'!A1"  # a click away
    assert read_me[2][1].startswith("Kartans alla förmågor") and read_me[6][0] == "Regler"
    rules = [row[1] for row in read_me[7:]]
    assert rules[0].startswith("n = organisationer.")
    assert "färre än 5 organisationer" in rules[1] and "”för få svar”" in rules[1]
    assert "fliken Organisationer" in rules[2]


def test_one_hidden_organisation_withholds_the_whole_matrix(fyrbodal_file, tmp_path):
    rows = [dict(r, consent="facilitator" if r["organisation"] == "SML IT" else "group") for r in csv_rows()]
    with open_document(fyrbodal_file) as document:
        insert_ratings(document, rows)
    out = tmp_path / "result.xlsx"
    _export(fyrbodal_file, out, "xlsx", "--lang", "en")
    matrix = list(openpyxl.load_workbook(out)["Organisations"].iter_rows(values_only=True))
    assert len(matrix[0]) == 3 + 14 + 1
    assert all(v is None for row in matrix[1:] for v in row[3:-1])


def test_a_later_export_differing_by_fewer_than_k_is_suppressed(rated_file, tmp_path):
    path, _ = rated_file
    _export(path, tmp_path / "first.csv", "csv")
    with open_document(path) as document:
        assert len(store.export_records(document)) == 1
        insert_ratings(document, [dict(r, organisation="Uddevalla", respondent="U / 1")
                                  for r in csv_rows() if r["organisation"] == "Kommun 01"])
    _export(path, tmp_path / "second.csv", "csv")
    second = _read_csv(tmp_path / "second.csv")
    statuses = {r[2]: (r[3], r[15]) for r in second[1:]}
    assert statuses["Upprätthålla stabil och tillförlitlig driftsleverans"] == ("16", "suppressed")
    assert all(status == "suppressed" for name, (_, status) in statuses.items() if name not in SPARSE)
    # Never published before: now at n = 5 they may be shown.
    assert {statuses[name] for name in SPARSE} == {("5", "ok")}


def test_bad_arguments_are_one_sentence_and_write_nothing(rated_file, tmp_path, capsys):
    path, _ = rated_file
    out = tmp_path / "result.csv"
    assert main(["export", str(path), "--format", "csv", "--output", str(out), "--min-n", "2"]) == 2
    assert "smallest group size for this workshop is 5" in capsys.readouterr().err
    assert not out.exists()
    with open_document(path) as document:
        assert store.export_records(document) == []
    _export(path, out, "csv", "--min-n", "16")
    assert {r[15] for r in _read_csv(out)[1:]} == {"suppressed"}


def test_xlsx_tables_fit_their_names_filter_and_print_one_page_wide(rated_file, tmp_path):
    path, _ = rated_file
    out = tmp_path / "resultat.xlsx"
    _export(path, out, "xlsx")
    book = openpyxl.load_workbook(out)
    joint = book["Gemensamt resultat"]
    headings = [cell.value for cell in joint[1]]
    column = {heading: get_column_letter(index) for index, heading in enumerate(headings, start=1)}
    width = {heading: joint.column_dimensions[letter].width for heading, letter in column.items()}
    # The names the issue found cut at 10 characters fit whole; a long capability name wraps.
    assert width["Område"] >= len("Ledningsförmågor") and width["Grupp"] >= len("Vara en attraktiv arbetsplats")
    assert width["Förmåga"] <= 40 and joint[f"{column['Förmåga']}2"].alignment.wrap_text
    assert width["Medel"] < 10 and joint[f"{column['Föreslaget scenario']}1"].alignment.wrap_text
    assert joint[f"{column['Medel']}2"].number_format == joint[f"{column['SA']}2"].number_format == "0.00"
    assert joint[f"{column['n']}2"].number_format == joint[f"{column['Nivå 4']}2"].number_format == "0"
    for sheet in book.worksheets[1:]:
        assert sheet.auto_filter.ref == f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}", sheet.title
        assert (sheet.page_setup.orientation, sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == \
            ("landscape", 1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$1:$1"
        assert sheet.oddFooter.left.text == sheet.title and sheet.oddFooter.right.text == "Sida &P av &N"
    assert joint.freeze_panes == "D2" and book["Prioritering"].freeze_panes == "E2"
    # Fifteen pseudonyms across a page: upright headings over columns as narrow as their figures.
    matrix = book["Organisationer"]
    assert matrix["D1"].value.startswith("Organisation ") and matrix["D1"].alignment.textRotation == 90
    assert matrix.column_dimensions["D"].width < len(matrix["D1"].value) and matrix["D2"].number_format == "0.00"


def test_vet_ej_from_an_import_is_left_out_of_every_figure_of_the_export(fyrbodal_file, tmp_path, capsys):
    """The study's ratings imported as a facilitator receives them, five organisations answering "vet ej"
    (written out, or left empty) on Figur 30's top capability: n drops to 10 and no "vet ej" counts as a 0."""
    top = "Upprätthålla stabil och tillförlitlig driftsleverans"
    unsure = {f"Kommun {i:02d}" for i in range(1, 6)}
    lines = [["organisation", "respondent", "capability", "maturity", "importance", "comment", "share"]]
    kept = []
    for row in csv_rows():
        maturity = row["maturity"]
        if row["capability"] == top and row["organisation"] in unsure:
            maturity = "vet ej" if row["organisation"] < "Kommun 03" else ""
        elif row["capability"] == top:
            kept.append(int(maturity))
        lines.append([row["organisation"], row["respondent"], row["capability"], maturity, row["importance"], "",
                      row["consent"]])
    source = tmp_path / "ratings.csv"
    with source.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(lines)
    assert main(["import-ratings", str(fyrbodal_file), str(source)]) == 0
    with open_document(fyrbodal_file, read_only=True) as document:
        answers = [o.maturity for o in store.observations(document)
                   if o.capability_id == {c.name: c.id for c in capability_map(document).capabilities()}[top]]
    assert len(answers) == 15 and answers.count(None) == 5  # stored as answered "vet ej", not as 0 or missing
    out = tmp_path / "result.csv"
    _export(fyrbodal_file, out, "csv")
    table = _read_csv(out)
    drift = {r[2]: dict(zip(table[0], r)) for r in table[1:]}[top]
    assert len(kept) == 10 and drift["n"] == "10"
    assert drift["mean"] == f"{statistics.mean(kept):.2f}" and drift["sd"] == f"{statistics.stdev(kept):.2f}"
    assert [int(drift[f"level_{level}"]) for level in range(5)] == [kept.count(level) for level in range(5)]
    assert drift["level_0"] == "0"  # the five "vet ej" are not zeros
