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
