"""Text for spreadsheets that can never become a formula (OWASP, "CSV Injection").

Excel, LibreOffice and Google Sheets treat a cell that begins with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return as a formula, in CSV as in a
typed-in XLSX cell. Every text that leaves the app for a spreadsheet — names,
labels, comments, notes, from the workshop or from a merged source — goes
through ``safe_text`` (CSV) or ``text_cell`` (XLSX): the value is prefixed with
an apostrophe, which the office suites show as text and never evaluate, and an
XLSX cell is written with the string type so openpyxl never stores a formula.
Figures stay numbers (a negative gap is a number, not a text).

Reading a form back, ``plain_text`` takes off the apostrophe ``safe_text``
added, so an organisation called ``=X`` is still ``=X`` in the workshop: what
is imported is kept as plain text, never evaluated.
"""

from __future__ import annotations

from typing import Iterable

#: The first characters that make a spreadsheet evaluate a cell (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """``value`` as a spreadsheet shows it and never runs it."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def plain_text(value: str) -> str:
    """The text ``safe_text`` was given (a neutralised value read back from a form)."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS) else value


def text_cell(cell, value: str) -> None:
    """Writes ``value`` into an openpyxl cell as a string, never as a formula."""
    cell.value = safe_text(value)
    cell.data_type = "s"


def put(cell, value: object) -> None:
    """Writes a value into an openpyxl cell: texts through ``text_cell``, numbers and empties as they are."""
    if isinstance(value, str):
        text_cell(cell, value)
    else:
        cell.value = value


def append_row(sheet, values: Iterable[object]) -> None:
    """``sheet.append`` with every text neutralised (openpyxl's own append turns "=…" into a formula)."""
    values = list(values)
    sheet.append(values)
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            text_cell(sheet.cell(row=row, column=column), value)
