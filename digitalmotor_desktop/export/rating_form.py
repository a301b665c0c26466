"""The offline rating form: an XLSX workbook a participant fills in without the app.

Organisation, respondent and consent at the top, the scale explained, then one
row per capability with drop-downs for maturity (0–4 or "vet ej") and
importance (1–5) and a comment cell. The sheet is protected except for the
cells to fill in, so the layout the importer relies on survives Excel and
LibreOffice. ops.rating_sources reads it back.
"""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from digitalmotor_desktop.core import rating_form_layout as form
from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.limits import NAME_MAX, check_length
from digitalmotor_desktop.core.ratings import name_key
from digitalmotor_desktop.export.cells import put
from digitalmotor_desktop.export.workbooks import save_workbook
from digitalmotor_desktop.store import ratings as store
from digitalmotor_desktop.store.document import Document
from digitalmotor_desktop.store.workshop import capability_map, scale, workshop_row

_TO_FILL = PatternFill("solid", fgColor="FFF2A8")
_HEADING = PatternFill("solid", fgColor="D9E2F3")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _answer_cell(sheet, address: str) -> None:
    cell = sheet[address]
    cell.fill = _TO_FILL
    cell.protection = Protection(locked=False)
    cell.alignment = _WRAP


def write_rating_form(document: Document, output: Path | str, *, organisation: str | None = None,
                      language: str = "sv") -> int:
    """Writes the form; returns the number of capabilities on it."""
    if language not in form.LANGUAGES:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Forms can be written in {languages}, not “{value}”."),
                           languages=", ".join(form.LANGUAGES), value=language)
    texts = form.TEXTS[language]
    if organisation is not None:  # the workshop's own spelling, if it knows the organisation
        check_length(organisation, NAME_MAX, QT_TRANSLATE_NOOP(
            "UserError", "The organisation's name is longer than {limit} characters."))
        organisation = next((o.name for o in store.organisations(document)
                             if name_key(o.name) == name_key(organisation)), " ".join(organisation.split()))

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = texts["sheet"]
    put(sheet["A1"], texts["title"].format(workshop=workshop_row(document).get("title", "")))
    sheet["A1"].font = Font(size=16, bold=True)
    put(sheet["A2"], texts["instructions"])
    sheet["A2"].alignment = _WRAP
    sheet.merge_cells("A2:G2")
    sheet.row_dimensions[2].height = 48

    for row, label, value in ((form.ORGANISATION_ROW, texts["organisation"], organisation),
                              (form.RESPONDENT_ROW, texts["respondent"], None),
                              (form.SHARE_ROW, texts["share"], texts["share_group"])):
        put(sheet[f"A{row}"], label)
        sheet[f"A{row}"].font = Font(bold=True)
        address = f"{form.ANSWER_COLUMN}{row}"
        put(sheet[address], value)
        _answer_cell(sheet, address)
    share_choice = DataValidation(type="list", formula1=f'"{texts["share_group"]},{texts["share_facilitator"]}"',
                                  allow_blank=True, showErrorMessage=True)
    share_choice.add(f"{form.ANSWER_COLUMN}{form.SHARE_ROW}")

    scale_heading = form.SCALE_FIRST_ROW - 1
    put(sheet[f"A{scale_heading}"], texts["scale"])
    sheet[f"A{scale_heading}"].font = Font(bold=True)
    choices = [(form.maturity_choice(level.level, level.label), level.description) for level in scale(document)]
    choices.append((texts["dont_know"], texts["dont_know_description"]))
    for offset, (choice, description) in enumerate(choices):
        row = form.SCALE_FIRST_ROW + offset
        put(sheet[f"{form.CAPABILITY}{row}"], choice)
        put(sheet[f"{form.DESCRIPTION}{row}"], description)
        sheet[f"{form.DESCRIPTION}{row}"].alignment = _WRAP
    last_choice = form.SCALE_FIRST_ROW + len(choices) - 1
    put(sheet[f"A{last_choice + 1}"], texts["importance_note"])

    header_row = last_choice + 3
    for letter, title in zip(form.TABLE_COLUMNS, texts["columns"]):
        cell = sheet[f"{letter}{header_row}"]
        put(cell, title)
        cell.font = Font(bold=True)
        cell.fill = _HEADING
    maturity_choice = DataValidation(
        type="list", formula1=f"${form.CAPABILITY}${form.SCALE_FIRST_ROW}:${form.CAPABILITY}${last_choice}",
        allow_blank=True, showErrorMessage=True)
    importance_choice = DataValidation(type="list", formula1='"1,2,3,4,5"', allow_blank=True, showErrorMessage=True)

    row = header_row
    for area in capability_map(document).areas:
        for group in area.groups:
            for capability in group.capabilities:
                row += 1
                for letter, value in ((form.AREA, area.name), (form.GROUP, group.name),
                                      (form.CAPABILITY, capability.name), (form.DESCRIPTION, capability.description),
                                      (form.CAPABILITY_ID, capability.id)):
                    put(sheet[f"{letter}{row}"], value)
                    sheet[f"{letter}{row}"].alignment = _WRAP
                for letter in (form.MATURITY, form.IMPORTANCE, form.COMMENT):
                    _answer_cell(sheet, f"{letter}{row}")
    if row > header_row:
        maturity_choice.add(f"{form.MATURITY}{header_row + 1}:{form.MATURITY}{row}")
        importance_choice.add(f"{form.IMPORTANCE}{header_row + 1}:{form.IMPORTANCE}{row}")
    for validation in (share_choice, maturity_choice, importance_choice):
        sheet.add_data_validation(validation)

    for letter, width in form.COLUMN_WIDTHS.items():
        sheet.column_dimensions[letter].width = width
    sheet.column_dimensions[form.CAPABILITY_ID].hidden = True  # the importer's key, if a name gets edited
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # False = allowed: participants may widen columns and rows
    sheet.protection.formatRows = False

    meta = workbook.create_sheet(form.META_SHEET)
    meta[form.META_MARKER] = form.FORM_MARKER
    meta[form.META_VERSION] = form.FORM_VERSION
    meta[form.META_SHEET_NAME] = sheet.title
    meta[form.META_HEADER_ROW] = header_row
    meta.sheet_state = "hidden"

    output = Path(output)
    partial = output.with_name(output.name + ".partial")
    try:
        save_workbook(workbook, partial)
        os.replace(partial, output)
    except OSError as error:  # a full disk, a read-only folder: no partial form is left behind
        partial.unlink(missing_ok=True)
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Could not write “{name}”: {reason}."),
                           name=output.name, reason=error.strerror or error) from None
    return row - header_row
