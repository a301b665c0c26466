"""Text for spreadsheets that can never become a formula (OWASP, "CSV Injection").

Excel, LibreOffice and Google Sheets treat a cell that begins with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return as a formula, in CSV as in a
typed-in XLSX cell. Every text that leaves the app for a spreadsheet — names,
labels, comments, notes, from the workshop or from a merged source — goes
through ``safe_text`` (CSV) or ``text_cell`` (XLSX): the value is prefixed with
an apostrophe, which the office suites show as text and never evaluate, and an
XLSX cell is written with the string type so openpyxl never stores a formula.
"""

from __future__ import annotations

#: The first characters that make a spreadsheet evaluate a cell (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """``value`` as a spreadsheet shows it and never runs it."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def text_cell(cell, value: str) -> None:
    """Writes ``value`` into an openpyxl cell as a string, never as a formula."""
    cell.value = safe_text(value)
    cell.data_type = "s"
