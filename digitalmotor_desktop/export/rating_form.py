"""The offline rating form: an XLSX workbook a participant fills in without the app.

Organisation, respondent and consent at the top, the scale explained, then one
row per capability with drop-downs for maturity (0–4 or "vet ej") and
importance (1–5) and a comment cell. The sheet is protected except for the
cells to fill in, so the layout the importer relies on survives Excel and
LibreOffice. ops.rating_sources reads it back.

Many participants print the form and fill it in by hand: it prints landscape,
one page wide, the instructions and the scale on the first page, the header
row on every page, the answer cells framed, and the organisation and page in
the footer so loose pages find their owner (``export.print_layout``).
"""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation

from digitalmotor_desktop.core import rating_form_layout as form
from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.ratings import name_key
from digitalmotor_desktop.export.cells import text_cell
from digitalmotor_desktop.export.print_layout import (BOLD, LINE_HEIGHT, TITLE, fit_column_widths, fit_row_heights,
                                                          set_print_layout, wrapped_lines)
from digitalmotor_desktop.store import ratings as store
from digitalmotor_desktop.store.document import Document
from digitalmotor_desktop.store.workshop import capability_map, scale, workshop_row

_TO_FILL = PatternFill("solid", fgColor="FFF2A8")
_HEADING = PatternFill("solid", fgColor="D9E2F3")
_WRAP = Alignment(wrap_text=True, vertical="top")
# Grey lines keep a printed row together; black frames show where to write, in colour or not.
_GRID = Border(*(Side(style="thin", color="A6A6A6"),) * 4)
_FRAME = Border(*(Side(style="thin", color="000000"),) * 4)


def _answer_cell(sheet, address: str) -> None:
    cell = sheet[address]
    cell.fill = _TO_FILL
    cell.protection = Protection(locked=False)
    cell.alignment = _WRAP
    cell.border = _FRAME


def write_rating_form(document: Document, output: Path | str, *, organisation: str | None = None,
                      language: str = "sv") -> int:
    """Writes the form; returns the number of capabilities on it."""
    if language not in form.LANGUAGES:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Forms can be written in {languages}, not “{value}”."),
                           languages=", ".join(form.LANGUAGES), value=language)
    texts = form.TEXTS[language]
    if organisation is not None:  # the workshop's own spelling, if it knows the organisation
        organisation = next((o.name for o in store.organisations(document)
                             if name_key(o.name) == name_key(organisation)), " ".join(organisation.split()))

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = texts["sheet"]
    form_title = texts["title"].format(workshop=workshop_row(document).get("title", ""))
    text_cell(sheet["A1"], form_title)
    sheet["A1"].font = TITLE
    text_cell(sheet["A2"], texts["instructions"])
    sheet["A2"].alignment = _WRAP
    sheet.merge_cells(f"A2:{form.COMMENT}2")

    for row, label, value in ((form.ORGANISATION_ROW, texts["organisation"], organisation),
                              (form.RESPONDENT_ROW, texts["respondent"], None),
                              (form.SHARE_ROW, texts["share"], texts["share_group"])):
        text_cell(sheet[f"A{row}"], label)
        sheet[f"A{row}"].font = BOLD
        address = f"{form.ANSWER_COLUMN}{row}"
        if value is not None:
            text_cell(sheet[address], value)
        _answer_cell(sheet, address)
    share_choice = DataValidation(type="list", formula1=f'"{texts["share_group"]},{texts["share_facilitator"]}"',
                                  allow_blank=True, showErrorMessage=True)
    share_choice.add(f"{form.ANSWER_COLUMN}{form.SHARE_ROW}")

    scale_heading = form.SCALE_FIRST_ROW - 1
    text_cell(sheet[f"A{scale_heading}"], texts["scale"])
    sheet[f"A{scale_heading}"].font = BOLD
    choices = [(form.maturity_choice(level.level, level.label), level.description) for level in scale(document)]
    choices.append((texts["dont_know"], texts["dont_know_description"]))
    for offset, (choice, description) in enumerate(choices):
        row = form.SCALE_FIRST_ROW + offset
        text_cell(sheet[f"{form.CAPABILITY}{row}"], choice)
        text_cell(sheet[f"{form.DESCRIPTION}{row}"], description)
        sheet[f"{form.CAPABILITY}{row}"].alignment = sheet[f"{form.DESCRIPTION}{row}"].alignment = _WRAP
    last_choice = form.SCALE_FIRST_ROW + len(choices) - 1
    text_cell(sheet[f"A{last_choice + 1}"], texts["importance_note"])

    header_row = last_choice + 3
    for letter, title in zip(form.TABLE_COLUMNS, texts["columns"]):
        cell = sheet[f"{letter}{header_row}"]
        text_cell(cell, title)
        cell.font = BOLD
        cell.fill = _HEADING
        cell.alignment = _WRAP
        cell.border = _FRAME
    maturity_choice = DataValidation(
        type="list", formula1=f"${form.CAPABILITY}${form.SCALE_FIRST_ROW}:${form.CAPABILITY}${last_choice}",
        allow_blank=True, showErrorMessage=True)
    importance_choice = DataValidation(type="list", formula1='"1,2,3,4,5"', allow_blank=True, showErrorMessage=True)

    row = header_row
    for area, group, capability in ((area, group, capability) for area in capability_map(document).areas
                                    for group in area.groups for capability in group.capabilities):
        row += 1
        for letter, value in ((form.AREA, area.name), (form.GROUP, group.name),
                              (form.CAPABILITY, capability.name), (form.DESCRIPTION, capability.description),
                              (form.CAPABILITY_ID, capability.id)):
            text_cell(sheet[f"{letter}{row}"], value)
            sheet[f"{letter}{row}"].alignment = _WRAP
            sheet[f"{letter}{row}"].border = _GRID
        for letter in (form.MATURITY, form.IMPORTANCE, form.COMMENT):
            _answer_cell(sheet, f"{letter}{row}")
    if row > header_row:
        maturity_choice.add(f"{form.MATURITY}{header_row + 1}:{form.MATURITY}{row}")
        importance_choice.add(f"{form.IMPORTANCE}{header_row + 1}:{form.IMPORTANCE}{row}")
    for validation in (share_choice, maturity_choice, importance_choice):
        sheet.add_data_validation(validation)

    fit_column_widths(sheet, form.COLUMN_WIDTHS, header_row, row,
                      to_come={form.MATURITY: [choice for choice, _ in choices]})
    sheet.column_dimensions[form.COMMENT].width = form.COMMENT_WIDTH
    sheet.column_dimensions[form.CAPABILITY_ID].hidden = True  # the importer's key, if a name gets edited
    fit_row_heights(sheet, form.SCALE_FIRST_ROW, row)
    # A merged cell is never fitted to its text, not even by Excel: a line to spare.
    table_width = sum(sheet.column_dimensions[letter].width for letter in form.TABLE_COLUMNS[:-1])
    sheet.row_dimensions[2].height = (wrapped_lines(texts["instructions"], table_width) + 1) * LINE_HEIGHT
    sheet.freeze_panes = f"A{header_row + 1}"
    set_print_layout(sheet, title_rows=f"{header_row}:{header_row}",
                     footer_left=f"{texts['organisation']}: {organisation or '_' * 24}", footer_centre=form_title,
                     page_label=texts["page"], print_area=f"A1:{form.COMMENT}{row}")
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # False = allowed: participants may widen columns and rows
    sheet.protection.formatRows = False

    meta = workbook.create_sheet(form.META_SHEET)
    text_cell(meta[form.META_MARKER], form.FORM_MARKER)
    meta[form.META_VERSION] = form.FORM_VERSION
    text_cell(meta[form.META_SHEET_NAME], sheet.title)
    meta[form.META_HEADER_ROW] = header_row
    meta.sheet_state = "hidden"

    output = Path(output)
    partial = output.with_name(output.name + ".partial")
    workbook.save(partial)
    os.replace(partial, output)
    return row - header_row
