"""Reads rating files into plain rows: CSV or XLSX, long form or a filled rating form.

Only the shape of the file is checked here (readable, a known layout, the
required columns); the values are checked against the workshop by
ops.import_ratings. Nothing here touches a workshop document.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from digitalmotor_desktop.core import rating_form_layout as form
from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP

LONG_FORM = "long"
FORM = "form"
LONG_FORM_COLUMNS = ("organisation", "respondent", "capability", "maturity", "importance", "comment", "share")
REQUIRED_COLUMNS = ("organisation", "respondent", "capability", "maturity")


@dataclass(frozen=True)
class SourceRow:
    """One respondent's answer for one capability, as text, with the line it came from."""

    line: int
    organisation: str
    respondent: str
    capability: str  # a name or an id
    maturity: str  # a level, "vet ej", or empty
    importance: str = ""
    comment: str = ""
    share: str = ""
    #: In a long-form file an empty maturity is "vet ej"; on a form an empty cell was simply not filled in.
    blank_means_dont_know: bool = True


@dataclass(frozen=True)
class RatingSource:
    name: str
    layout: str  # LONG_FORM or FORM
    rows: list[SourceRow]


def read_source(path: Path | str) -> RatingSource:
    """Reads a CSV or XLSX file; raises InvalidInput with one sentence if it is not a rating file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” could not be read ({reason})."),
                           name=path.name, reason=error.strerror or error) from None
    if data.startswith(b"PK\x03\x04"):
        return _read_workbook(path.name, data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” is an old Excel (.xls) file; save it as .xlsx or CSV and import that."),
                           name=path.name)
    return _read_csv(path.name, data)


def _cell_text(value: object) -> str:
    """A cell as text; whole numbers stored as floats (2.0) read as "2"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _long_form(name: str, numbered_rows) -> RatingSource:
    """Rows of a long-form table: the first non-empty row is the header."""
    header: dict[str, int] | None = None
    rows = []
    for line, cells in numbered_rows:
        texts = [_cell_text(cell) for cell in cells]
        if not any(texts):
            continue
        if header is None:
            header = {}
            for position, title in enumerate(texts):
                header.setdefault(" ".join(title.lstrip("\ufeff").split()).casefold(), position)
            missing = [column for column in REQUIRED_COLUMNS if column not in header]
            if missing:
                raise InvalidInput(
                    QT_TRANSLATE_NOOP("UserError", "“{name}” lacks the column(s) {missing}; the first row must name the columns {columns}."),
                    name=name, missing=", ".join(missing), columns=",".join(LONG_FORM_COLUMNS))
            continue

        def field(column: str) -> str:
            position = header.get(column)
            return texts[position] if position is not None and position < len(texts) else ""

        rows.append(SourceRow(line, *(field(column) for column in LONG_FORM_COLUMNS)))
    if header is None:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” is empty."), name=name)
    return RatingSource(name, LONG_FORM, rows)


def csv_table(name: str, data: bytes) -> list[tuple[int, list[str]]]:
    """A CSV file's rows with the line each starts on: UTF-8 (with or without BOM) or Swedish Excel's
    Windows-1252, comma, semicolon or tab as the first line says."""
    if b"\x00" in data:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” is not a CSV or XLSX file."), name=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:  # Swedish Excel's "CSV (semikolonavgränsad)" is Windows-1252
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” is not a CSV or XLSX file."), name=name) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    line = 1
    try:
        for cells in reader:
            rows.append((line, cells))
            line = reader.line_num + 1  # a quoted cell may span lines
    except csv.Error as error:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” is not valid CSV (line {line}: {reason})."),
                           name=name, line=reader.line_num, reason=error) from None
    return rows


def _read_csv(name: str, data: bytes) -> RatingSource:
    return _long_form(name, csv_table(name, data))


def _read_workbook(name: str, data: bytes) -> RatingSource:
    import openpyxl  # only when a workbook is read: it is slow to import
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” could not be read as an Excel workbook (.xlsx)."),
                           name=name) from None
    try:
        if form.META_SHEET in workbook.sheetnames:
            return _read_form(name, workbook)
        sheet = workbook.active
        return _long_form(name, enumerate(sheet.iter_rows(values_only=True), start=1))
    finally:
        workbook.close()


def _read_form(name: str, workbook) -> RatingSource:
    meta = workbook[form.META_SHEET]
    sheet_name = _cell_text(meta[form.META_SHEET_NAME].value)
    header_row = meta[form.META_HEADER_ROW].value
    if (_cell_text(meta[form.META_MARKER].value) != form.FORM_MARKER or sheet_name not in workbook.sheetnames
            or not isinstance(header_row, int)):
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” looks like a rating form but its layout was changed; fill in a new form."),
                           name=name)
    if int(meta[form.META_VERSION].value or 0) > form.FORM_VERSION:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” is a rating form from a newer version of Digital motor desktop."),
                           name=name)
    sheet = workbook[sheet_name]
    cells = {row: [_cell_text(v) for v in values]
             for row, values in enumerate(sheet.iter_rows(values_only=True), start=1)}
    organisation, respondent, share = (_column(cells.get(row, []), form.ANSWER_COLUMN) for row in
                                       (form.ORGANISATION_ROW, form.RESPONDENT_ROW, form.SHARE_ROW))
    if not organisation:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” was not imported: the form's organisation (row {line}) is empty."),
                           name=name, line=form.ORGANISATION_ROW)
    rows = []
    for line in range(header_row + 1, max(cells, default=0) + 1):
        values = cells.get(line, [])
        capability = _column(values, form.CAPABILITY_ID) or _column(values, form.CAPABILITY)
        if not capability:
            continue
        rows.append(SourceRow(line, organisation, respondent, capability, _column(values, form.MATURITY),
                              _column(values, form.IMPORTANCE), _column(values, form.COMMENT), share,
                              blank_means_dont_know=False))
    return RatingSource(name, FORM, rows)


def _column(values: list[str], letter: str) -> str:
    position = ord(letter) - ord("A")
    return values[position] if position < len(values) else ""
