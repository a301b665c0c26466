"""The offline rating form: written by the CLI, filled with openpyxl, imported back."""

import re
import zipfile

import openpyxl
import pytest

from digitalmotor_desktop.cli import main
from digitalmotor_desktop.core import rating_form_layout as layout
from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.export.print_layout import wrapped_lines
from digitalmotor_desktop.ops.import_ratings import import_ratings
from digitalmotor_desktop.ops.ratings import capture_order
from digitalmotor_desktop.ops.workshop import create_workshop
from digitalmotor_desktop.store import ratings as store
from digitalmotor_desktop.store.document import open_document


def make_form(workshop, tmp_path, *extra):
    output = tmp_path / "form.xlsx"
    assert main(["rating-form", str(workshop), "--output", str(output), *extra]) == 0
    return output


def rows_of(sheet, header_row):
    """Capability rows of the form: (row number, capability name)."""
    return [(row, sheet[f"{layout.CAPABILITY}{row}"].value)
            for row in range(header_row + 1, sheet.max_row + 1) if sheet[f"{layout.CAPABILITY_ID}{row}"].value]


def test_the_form_has_the_header_block_scale_drop_downs_and_every_capability(fyrbodal_file, tmp_path):
    workbook = openpyxl.load_workbook(make_form(fyrbodal_file, tmp_path, "--organisation", "Vänersborg"))
    sheet = workbook["Bedömning"]
    assert workbook[layout.META_SHEET].sheet_state == "hidden"
    header_row = workbook[layout.META_SHEET][layout.META_HEADER_ROW].value
    assert sheet[f"C{layout.ORGANISATION_ROW}"].value == "Vänersborg"
    assert sheet[f"C{layout.SHARE_ROW}"].value == "Dela med gruppen"
    scale = [sheet[f"C{row}"].value for row in range(layout.SCALE_FIRST_ROW, layout.SCALE_FIRST_ROW + 6)]
    assert scale == ["0 – Obefintlig", "1 – Ad-hoc, undermålig", "2 – Acceptabel", "3 – Bra", "4 – Branschledande", "vet ej"]
    assert "främsta kommunerna" in sheet[f"D{layout.SCALE_FIRST_ROW + 4}"].value  # the scale is explained
    rows = rows_of(sheet, header_row)
    assert len(rows) == 55 and rows[0][1] == "Bygga kultur"
    assert sheet[f"A{rows[0][0]}"].value == "Ledningsförmågor" and sheet[f"B{rows[0][0]}"].value == "Leda"
    assert sheet[f"D{rows[0][0]}"].value.startswith("Vi arbetar")
    validations = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    first, last = rows[0][0], rows[-1][0]
    assert validations[f"E{first}:E{last}"] == f"$C${layout.SCALE_FIRST_ROW}:$C${layout.SCALE_FIRST_ROW + 5}"
    assert validations[f"F{first}:F{last}"] == '"1,2,3,4,5"'
    assert validations[f"C{layout.SHARE_ROW}"] == '"Dela med gruppen,Endast processledaren"'
    assert sheet.protection.sheet and not sheet[f"E{first}"].protection.locked and sheet[f"D{first}"].protection.locked


def test_a_filled_form_imports_back(fyrbodal_file, tmp_path, capsys):
    form_path = make_form(fyrbodal_file, tmp_path)
    workbook = openpyxl.load_workbook(form_path)
    sheet = workbook["Bedömning"]
    sheet[f"C{layout.ORGANISATION_ROW}"] = "Munkedal"
    sheet[f"C{layout.RESPONDENT_ROW}"] = "Kommunchef"
    sheet[f"C{layout.SHARE_ROW}"] = "Endast processledaren"
    rows = rows_of(sheet, workbook[layout.META_SHEET][layout.META_HEADER_ROW].value)
    for index, (row, _) in enumerate(rows[:-2]):  # the last capability is left blank
        sheet[f"E{row}"] = f"{index % 5} – whatever label Excel shows"
        sheet[f"F{row}"] = 1 + index % 5
    sheet[f"E{rows[-2][0]}"] = "vet ej"
    sheet[f"G{rows[-2][0]}"] = "Svårt att säga"
    workbook.save(form_path)

    assert main(["import-ratings", str(fyrbodal_file), str(form_path)]) == 0
    assert "(rating form, 55 rows): 1 organisations added; 1 respondents added" in capsys.readouterr().out
    with open_document(fyrbodal_file, read_only=True) as document:
        (respondent,) = store.respondents(document)
        assert (respondent.label, respondent.consent) == ("Kommunchef", "facilitator")
        stored = {r.capability_id: r for r in store.ratings_of(document, [respondent.id]).values()}
        order = capture_order(document)
    assert len(stored) == 54 and order[-1].id not in stored
    assert [stored[c.id].maturity for c in order[:53]] == [i % 5 for i in range(53)]
    assert [stored[c.id].importance for c in order[:53]] == [1 + i % 5 for i in range(53)]
    assert stored[order[-2].id].dont_know and stored[order[-2].id].comment == "Svårt att säga"

    assert main(["import-ratings", str(fyrbodal_file), str(form_path)]) == 0  # again: nothing new
    assert "0 ratings added, 0 updated, 54 unchanged" in capsys.readouterr().out


def test_an_english_form_imports_too_and_a_form_without_organisation_is_refused(fyrbodal, fyrbodal_file, tmp_path):
    form_path = make_form(fyrbodal_file, tmp_path, "--language", "en")
    workbook = openpyxl.load_workbook(form_path)
    sheet = workbook["Rating"]
    rows = rows_of(sheet, workbook[layout.META_SHEET][layout.META_HEADER_ROW].value)
    sheet[f"E{rows[0][0]}"] = "don't know"
    workbook.save(form_path)
    with pytest.raises(InvalidInput, match="organisation \\(row 3\\) is empty"):
        import_ratings(fyrbodal, form_path)
    sheet[f"C{layout.ORGANISATION_ROW}"] = "Lysekil"
    sheet[f"C{layout.SHARE_ROW}"] = "Share with the group"
    workbook.save(form_path)
    report = import_ratings(fyrbodal, form_path)
    assert report.ratings_added == 1
    (respondent,) = store.respondents(fyrbodal)
    assert respondent.consent == "group"


def test_the_form_prints_landscape_one_page_wide_with_its_header_on_every_page(fyrbodal_file, tmp_path):
    form_path = make_form(fyrbodal_file, tmp_path, "--organisation", "Vänersborg")
    workbook = openpyxl.load_workbook(form_path)
    sheet = workbook["Bedömning"]
    header_row = workbook[layout.META_SHEET][layout.META_HEADER_ROW].value
    rows = rows_of(sheet, header_row)
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)  # 9: A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == f"${header_row}:${header_row}"
    assert sheet.print_area == f"'Bedömning'!$A$1:${layout.COMMENT}${rows[-1][0]}"  # not the hidden id column
    assert "Organisation: Vänersborg" in sheet.oddFooter.left.text and sheet.oddFooter.right.text == "Sida &P av &N"
    first = rows[0][0]
    assert sheet[f"{layout.MATURITY}{first}"].border.left.style == "thin"  # the answer cells are framed
    assert sheet[f"{layout.DESCRIPTION}{first}"].alignment.wrap_text
    # Columns fit their content: "Ledningsförmågor" and "1 – Ad-hoc, undermålig" whole, descriptions wrapped.
    widths = {letter: sheet.column_dimensions[letter].width for letter in layout.TABLE_COLUMNS[:-1]}
    assert widths[layout.AREA] >= len("Ledningsförmågor") and widths[layout.CAPABILITY] >= len("1 – Ad-hoc, undermålig")
    assert all(width <= layout.COLUMN_WIDTHS.get(letter, layout.COMMENT_WIDTH) for letter, width in widths.items())
    # The longest description (395 characters) gets a row tall enough for it.
    tallest = max(rows, key=lambda r: len(sheet[f"{layout.DESCRIPTION}{r[0]}"].value))[0]
    assert sheet.row_dimensions[tallest].height >= 5 * 13


def test_a_blank_form_has_a_line_for_the_organisation_in_its_footer(fyrbodal_file, tmp_path):
    sheet = openpyxl.load_workbook(make_form(fyrbodal_file, tmp_path, "--language", "en"))["Rating"]
    assert sheet.oddFooter.left.text.startswith("Organisation: ____")
    assert sheet.oddFooter.right.text == "Page &P of &N"


def test_estimated_row_heights_leave_excel_free_to_refit_them(fyrbodal_file, tmp_path):
    """A stated height flagged "custom" would freeze our estimate in Excel too: the rows must carry a
    height (LibreOffice keeps it) but no customHeight (Excel refits the row to its text on opening)."""
    with zipfile.ZipFile(make_form(fyrbodal_file, tmp_path)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    rows = re.findall(r"<row [^>]*>", sheet_xml)
    estimated = [row for row in rows if " ht=" in row and 'r="2"' not in row]  # row 2: the merged instructions
    assert len(estimated) >= 55 and not [row for row in estimated if "customHeight" in row]


def test_a_long_unbroken_text_wraps_anywhere_and_a_newline_starts_a_line():
    assert wrapped_lines("x" * 100, width=20) == 5  # 21 characters a line
    assert wrapped_lines("a\nb\n\nc", width=20) == 4
    assert wrapped_lines("", width=20) == 1


def test_a_long_organisation_name_and_title_never_overflow_the_footer(tmp_path):
    """Excel refuses a workbook whose footer is longer than 255 characters; names may be 200."""
    workshop = tmp_path / "long.dmw"
    create_workshop(workshop, "fyrbodal-2020", title="Workshop & co " * 14).close()
    long_name = "Kommunalförbundet " * 11
    sheet = openpyxl.load_workbook(make_form(workshop, tmp_path, "--organisation", long_name))["Bedömning"]
    footer = str(sheet.oddFooter)
    assert len(footer) <= 255 and sheet.oddFooter.left.text.endswith("…") and "Workshop && co" in footer
    assert sheet[f"C{layout.ORGANISATION_ROW}"].value == long_name.strip()  # the cell keeps the whole name


def _form(fyrbodal_file, tmp_path, organisation="Munkedal"):
    """A Swedish form with its organisation filled in: (path, workbook, sheet, meta sheet, capability rows)."""
    form_path = make_form(fyrbodal_file, tmp_path)
    workbook = openpyxl.load_workbook(form_path)
    sheet, meta = workbook["Bedömning"], workbook[layout.META_SHEET]
    sheet[f"C{layout.ORGANISATION_ROW}"] = organisation
    return form_path, workbook, sheet, meta, rows_of(sheet, meta[layout.META_HEADER_ROW].value)


def _refused(fyrbodal_file, form_path):
    """The one sentence an import of ``form_path`` is refused with; the workshop is left byte-identical."""
    before = fyrbodal_file.read_bytes()
    with open_document(fyrbodal_file) as document, pytest.raises(InvalidInput) as refused:
        import_ratings(document, form_path)
    assert fyrbodal_file.read_bytes() == before
    return str(refused.value)


LAYOUT_CHANGED = "“form.xlsx” looks like a rating form but its layout was changed; fill in a new form."


@pytest.mark.parametrize("cell, value, sentence", [
    (layout.META_MARKER, "something else", LAYOUT_CHANGED),
    (layout.META_SHEET_NAME, "Blad1", LAYOUT_CHANGED),  # the rating sheet renamed in Excel
    (layout.META_HEADER_ROW, "fjorton", LAYOUT_CHANGED),
    (layout.META_VERSION, layout.FORM_VERSION + 1, "“form.xlsx” is a rating form from a newer version of Digital motor desktop."),
    (layout.META_VERSION, None, LAYOUT_CHANGED),
])
def test_a_form_whose_hidden_sheet_was_edited_is_refused_not_guessed(fyrbodal_file, tmp_path, cell, value, sentence):
    """Someone unhid the form's bookkeeping sheet and typed in it: reading the table from the wrong
    row or sheet would import wrong ratings, so the form is refused with one sentence."""
    form_path, workbook, _sheet, meta, _rows = _form(fyrbodal_file, tmp_path)
    meta[cell] = value
    workbook.save(form_path)
    assert _refused(fyrbodal_file, form_path) == sentence


def test_a_form_with_its_header_block_cleared_is_refused_for_its_organisation(fyrbodal_file, tmp_path):
    form_path, workbook, sheet, _meta, _rows = _form(fyrbodal_file, tmp_path)
    for row in (layout.ORGANISATION_ROW, layout.RESPONDENT_ROW, layout.SHARE_ROW):
        for letter in layout.TABLE_COLUMNS:
            sheet[f"{letter}{row}"] = None
    workbook.save(form_path)
    assert _refused(fyrbodal_file, form_path) == (
        f"“form.xlsx” was not imported: the form's organisation (row {layout.ORGANISATION_ROW}) is empty.")


@pytest.mark.parametrize("column, letter, limit", [
    ("maturity", layout.MATURITY, "200"), ("importance", layout.IMPORTANCE, "200"), ("comment", layout.COMMENT, "4,000"),
    ("capability", layout.CAPABILITY_ID, "200"),
])
def test_a_form_cell_filled_past_its_limit_is_refused_with_its_row(fyrbodal_file, tmp_path, column, letter, limit):
    """A pasted page of text in an answer cell: refused naming the row and the column, nothing imported."""
    form_path, workbook, sheet, _meta, rows = _form(fyrbodal_file, tmp_path)
    row = rows[5][0]
    sheet[f"{letter}{row}"] = "x" * (int(limit.replace(",", "")) + 1)
    workbook.save(form_path)
    assert _refused(fyrbodal_file, form_path) == (
        f"Line {row}: the {column} is longer than {limit} characters; nothing was imported.")


@pytest.mark.parametrize("row, column", [(layout.ORGANISATION_ROW, "organisation"), (layout.RESPONDENT_ROW, "respondent")])
def test_a_form_with_a_name_past_its_limit_is_refused_with_its_row(fyrbodal_file, tmp_path, row, column):
    form_path, workbook, sheet, _meta, _rows = _form(fyrbodal_file, tmp_path)
    sheet[f"C{row}"] = "Å" * 201
    workbook.save(form_path)
    assert _refused(fyrbodal_file, form_path) == (
        f"Line {row}: the {column} is longer than 200 characters; nothing was imported.")


def test_a_form_grown_past_the_row_limit_is_refused_with_the_limit(fyrbodal_file, tmp_path, monkeypatch):
    from digitalmotor_desktop.core import limits

    form_path, *_ = _form(fyrbodal_file, tmp_path)
    monkeypatch.setattr(limits, "ROWS_MAX", 20)
    assert _refused(fyrbodal_file, form_path) == (
        "“form.xlsx” has more than 20 rows (line 21); split it into smaller files.")


def test_a_form_with_an_inserted_blank_row_and_a_cleared_id_column_keeps_every_answer(fyrbodal_file, tmp_path):
    """A facilitator inserted an empty row to separate two groups and pasted rows whose hidden id
    column was empty: every answer below the gap, and below a capability left blank, still imports; a row
    without id by its capability's name."""
    form_path, workbook, sheet, _meta, rows = _form(fyrbodal_file, tmp_path)
    (first, first_name), (second, second_name), (third, third_name) = rows[1:4]  # rows[0] is left blank
    sheet.insert_rows(second)
    second, third = second + 1, third + 1
    for row, level in ((first, 1), (second, 2), (third, 3)):
        sheet[f"{layout.MATURITY}{row}"] = level
    sheet[f"{layout.CAPABILITY_ID}{third}"] = None
    workbook.save(form_path)
    with open_document(fyrbodal_file) as document:
        report = import_ratings(document, form_path)
        assert (report.source, report.ratings_added) == ("form.xlsx", 3)
        names = {c.id: c.name for c in capture_order(document)}
        (respondent,) = store.respondents(document)
        levels = {names[r.capability_id]: r.maturity for r in store.ratings_of(document, [respondent.id]).values()}
    assert levels == {first_name: 1, second_name: 2, third_name: 3}
