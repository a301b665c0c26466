"""Reads rating files into plain rows: CSV or XLSX, long form or a filled rating form.

Only the shape of the file is checked here (readable, a known layout, the
required columns); the values are checked against the workshop by
ops.import_ratings. Nothing here touches a workshop document.

Every file is untrusted and bounded before it is parsed (``core.limits``):

* the file must be a regular file (not a folder, device or pipe) of at most
  ``SOURCE_BYTES_MAX``;
* a CSV is streamed row by row, never read whole: one pass over its bytes
  finds the encoding — UTF-8 (with or without BOM) or, when no line is UTF-8,
  Windows-1252 as Swedish Excel writes it; a file that mixes the two is
  refused with a line of each — then rows are read with a bound on rows,
  columns and field size. A quoted field that runs across lines and takes in
  what look like rows (an unclosed quote) is refused with its lines, so no
  row is ever lost silently;
* an XLSX workbook is checked from its zip directory before openpyxl opens
  it: how many parts, their total and largest uncompressed size (shared
  strings, which every reader holds whole, have a smaller bound), and no part
  may declare a DTD (entity expansion, external entities) in its first 4 KB;
  one declared further on, after a long comment, is refused by defusedxml,
  which openpyxl parses with when it is installed (a dependency for that);
  then rows, columns and cell lengths are bounded as they are read.

The rows are read again each time ``RatingSource.rows()`` is called, so
checking a file and importing it hold one row at a time.
"""

from __future__ import annotations

import codecs
import csv
import os
import stat
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from digitalmotor_desktop.core import limits
from digitalmotor_desktop.core import rating_form_layout as form
from digitalmotor_desktop.core.errors import InvalidInput, UserError
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.export.cells import plain_text

LONG_FORM = "long"
FORM = "form"
LONG_FORM_COLUMNS = ("organisation", "respondent", "capability", "maturity", "importance", "comment", "share")
REQUIRED_COLUMNS = ("organisation", "respondent", "capability", "maturity")
#: The longest text each column may hold; the others are names or short answers.
_COLUMN_LIMITS = {"comment": limits.TEXT_MAX}
SEPARATORS = (";", ",", "\t")
UTF8, CP1252 = "UTF-8", "Windows-1252"
_CODECS = {UTF8: "utf-8-sig", CP1252: "cp1252"}


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
    #: Reads the rows again, one at a time (a refusal is raised while reading).
    rows: Callable[[], Iterator[SourceRow]]
    encoding: str = ""  # CSV only: UTF8 or CP1252
    separator: str = ""  # CSV only


def read_source(path: Path | str) -> RatingSource:
    """Checks a CSV or XLSX file; raises InvalidInput with one sentence if it is not a rating file."""
    path = Path(path)
    name = path.name
    try:
        facts = path.stat()
        if not stat.S_ISREG(facts.st_mode):
            raise InvalidInput(QT_TRANSLATE_NOOP(
                "UserError", "“{name}” is not a file (it is a folder, a device or a pipe); choose a CSV or XLSX file."),
                name=name)
        if facts.st_size > limits.SOURCE_BYTES_MAX:
            raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” is larger than {limit}, the most a rating file may be."),
                               name=name, limit=limits.megabytes(limits.SOURCE_BYTES_MAX))
        with path.open("rb") as stream:
            start = stream.read(8)
    except OSError as error:
        raise _unreadable(path, error) from None
    if start.startswith(b"PK\x03\x04"):
        return _read_workbook(path)
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” is an old Excel (.xls) file; save it as .xlsx or CSV and import that."),
                           name=name)
    return _read_csv(path)


def _unreadable(path: Path, error: OSError) -> InvalidInput:
    return InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” could not be read ({reason})."),
                        name=path.name, reason=error.strerror or error)


def _cell_text(value: object) -> str:
    """A cell as text; whole numbers stored as floats (2.0) read as "2"."""
    if type(value) is str:  # every CSV cell: the fast way first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _checked(text: str, column: str, line: int) -> str:
    return limits.check_length(text, _COLUMN_LIMITS.get(column, limits.NAME_MAX), QT_TRANSLATE_NOOP(
        "UserError", "Line {line}: the {column} is longer than {limit} characters; nothing was imported."),
        line=line, column=column)


def _long_form(name: str, numbered_rows: Iterable[tuple[int, list]]) -> Iterator[SourceRow]:
    """Rows of a long-form table: the first non-empty row is the header."""
    header: dict[str, int] | None = None
    for count, (line, cells) in enumerate(numbered_rows, start=1):
        if count > limits.ROWS_MAX:
            raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” has more than {limit} rows (line {line}); split it into smaller files."),
                               name=name, limit=f"{limits.ROWS_MAX:,}", line=line)
        if len(cells) > limits.COLUMNS_MAX and any(cells[limits.COLUMNS_MAX:]):
            raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Line {line} of “{name}” has more than {limit} columns."),
                               name=name, line=line, limit=limits.COLUMNS_MAX)
        texts = [_cell_text(cell) for cell in cells[:limits.COLUMNS_MAX]]
        if not any(texts):
            continue
        long = max(map(len, texts)) > limits.NAME_MAX  # rare: only then is every cell looked at
        if long:
            for column, text in enumerate(texts, start=1):
                limits.check_length(text, limits.TEXT_MAX, QT_TRANSLATE_NOOP(
                    "UserError", "Line {line}, column {column}: the cell is longer than {limit} characters; nothing was imported."),
                    line=line, column=column)
        if header is None:
            header = {}
            for position, title in enumerate(texts):
                header.setdefault(" ".join(title.lstrip("\ufeff").split()).casefold(), position)
            missing = [column for column in REQUIRED_COLUMNS if column not in header]
            if missing:
                raise InvalidInput(
                    QT_TRANSLATE_NOOP("UserError", "“{name}” lacks the column(s) {missing}; the first row must name the columns {columns}."),
                    name=name, missing=", ".join(missing), columns=",".join(LONG_FORM_COLUMNS))
            positions = [header.get(column) for column in LONG_FORM_COLUMNS]
            continue
        fields = [texts[position] if position is not None and position < len(texts) else "" for position in positions]
        if long:
            for column, text in zip(LONG_FORM_COLUMNS, fields):
                _checked(text, column, line)
        yield SourceRow(line, *fields)
    if header is None:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” is empty."), name=name)


# --- CSV ------------------------------------------------------------------------------------------

def _not_csv(name: str) -> InvalidInput:
    return InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” is not a CSV or XLSX file."), name=name)


def _encoding(path: Path) -> tuple[str, str]:
    """The file's encoding and separator, from one pass over its bytes (a line at a time).

    Windows-1252 decodes any byte, so it is chosen only when no line holds UTF-8
    beyond ASCII: a UTF-8 file with one line saved from Excel is refused instead
    of imported as "Ã…mÃ¥l".
    """
    name = path.name
    utf8_line = other_line = 0  # a UTF-8 mark is not stripped: it makes line 1 UTF-8, and a Windows-1252 line a mix
    first_line = b""
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if b"\x00" in raw:
                raise _not_csv(name)
            if not first_line and raw.strip():
                first_line = raw
            if raw.isascii():
                continue
            try:
                raw.decode("utf-8")
                utf8_line = utf8_line or number
            except UnicodeDecodeError:
                other_line = other_line or number
                try:
                    raw.decode("cp1252")
                except UnicodeDecodeError:  # bytes Windows-1252 leaves undefined
                    raise InvalidInput(QT_TRANSLATE_NOOP(
                        "UserError", "“{name}” is neither UTF-8 nor Windows-1252 (line {line}); save it as UTF-8 CSV."),
                        name=name, line=number) from None
            if utf8_line and other_line:
                raise InvalidInput(QT_TRANSLATE_NOOP(
                    "UserError", "“{name}” mixes two encodings: line {utf8} is UTF-8 but line {other} is not; "
                                 "save the whole file as UTF-8 and import it again."),
                    name=name, utf8=utf8_line, other=other_line)
    encoding = CP1252 if other_line else UTF8
    first = first_line.decode(_CODECS[encoding])
    return encoding, max(SEPARATORS, key=first.count)


def _looks_like_rows(field: str, separator: str) -> bool:
    """A field spanning lines, some of which have as many separators as a row: an unclosed quote."""
    lines = field.splitlines()
    return len(lines) > 1 and any(line.count(separator) >= len(REQUIRED_COLUMNS) - 1 for line in lines[1:])


def _csv_rows(path: Path, encoding: str, separator: str) -> Iterator[tuple[int, list[str]]]:
    name = path.name
    try:
        stream = path.open("r", encoding=_CODECS[encoding], newline="")
    except OSError as error:  # moved, deleted or replaced since it was checked
        raise _unreadable(path, error) from None
    with stream:
        reader = csv.reader(stream, delimiter=separator, strict=True)
        start = 1
        try:
            for cells in reader:
                for cell in cells:
                    if ("\n" in cell or "\r" in cell) and _looks_like_rows(cell, separator):
                        raise InvalidInput(QT_TRANSLATE_NOOP(
                            "UserError", "“{name}”: a quoted field opened on line {line} runs on to line {end} and "
                                         "takes in what look like rows; close the quote and import it again."),
                            name=name, line=start, end=reader.line_num)
                yield start, cells
                start = reader.line_num + 1  # a quoted cell may span lines
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise InvalidInput(QT_TRANSLATE_NOOP(
                    "UserError", "“{name}”: the field on line {line} is longer than {limit} characters "
                                 "(an unclosed quote?); nothing was imported."),
                    name=name, line=start, limit=f"{csv.field_size_limit():,}") from None
            if "unexpected end of data" in str(error):
                raise InvalidInput(QT_TRANSLATE_NOOP(
                    "UserError", "“{name}”: the quote opened on line {line} is never closed; nothing was imported."),
                    name=name, line=start) from None
            if reader.line_num > start:
                raise InvalidInput(QT_TRANSLATE_NOOP(
                    "UserError", "“{name}”: a quoted field opened on line {line} runs on to line {end}, where it "
                                 "breaks ({reason}); close the quote and import it again."),
                    name=name, line=start, end=reader.line_num, reason=error) from None
            raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” is not valid CSV (line {line}: {reason})."),
                               name=name, line=start, reason=error) from None
        except OSError as error:
            raise _unreadable(path, error) from None


def _read_csv(path: Path) -> RatingSource:
    try:
        encoding, separator = _encoding(path)
    except OSError as error:
        raise _unreadable(path, error) from None
    rows = lambda: _long_form(path.name, _csv_rows(path, encoding, separator))  # noqa: E731
    next(rows(), None)  # the header is checked now: a file that is no table is refused at once
    return RatingSource(path.name, LONG_FORM, rows, encoding, separator)


def csv_table(path: Path) -> Iterator[tuple[int, list[str]]]:
    """A CSV file's rows with the line each starts on, read with a ratings import's checks (one encoding,
    the separator of its first line, unclosed quotes refused): for the other long-form imports."""
    try:
        encoding, separator = _encoding(path)
    except OSError as error:
        raise _unreadable(path, error) from None
    return _csv_rows(path, encoding, separator)


# --- XLSX -----------------------------------------------------------------------------------------

_END_OF_DIRECTORY = b"PK\x05\x06"


def _not_a_workbook(name: str) -> InvalidInput:
    return InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” could not be read as an Excel workbook (.xlsx)."),
                        name=name)


def _check_archive(path: Path) -> None:
    """The zip directory within the limits, read before any part is decompressed."""
    name = path.name
    with path.open("rb") as stream:
        stream.seek(0, os.SEEK_END)
        size = stream.tell()
        stream.seek(max(0, size - 65_557))  # the end record and its comment (at most 64 KiB)
        tail = stream.read()
    at = tail.rfind(_END_OF_DIRECTORY)
    if at < 0 or len(tail) - at < 22:
        raise _not_a_workbook(name)
    (parts,) = struct.unpack("<H", tail[at + 10:at + 12])
    if parts > limits.WORKBOOK_PARTS_MAX or parts == 0xFFFF:  # 0xFFFF: a zip64 archive, never a rating workbook
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” is refused: it holds more than {limit} parts, more than a rating workbook ever has."),
                           name=name, limit=f"{limits.WORKBOOK_PARTS_MAX:,}")
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        if len(members) > limits.WORKBOOK_PARTS_MAX:
            raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” is refused: it holds more than {limit} parts, more than a rating workbook ever has."),
                               name=name, limit=f"{limits.WORKBOOK_PARTS_MAX:,}")
        total = sum(member.file_size for member in members)
        if total > limits.WORKBOOK_BYTES_MAX:
            raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” is refused: unpacked it would take {size}, more than the {limit} a rating workbook may."),
                               name=name, size=limits.megabytes(total), limit=limits.megabytes(limits.WORKBOOK_BYTES_MAX))
        for member in members:
            limit = (limits.SHARED_STRINGS_BYTES_MAX if member.filename.lower().endswith("sharedstrings.xml")
                     else limits.WORKBOOK_PART_BYTES_MAX)
            if member.file_size > limit:
                raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” is refused: its part “{part}” unpacks to {size}, more than the {limit} allowed."),
                                   name=name, part=member.filename[:80], size=limits.megabytes(member.file_size),
                                   limit=limits.megabytes(limit))
        for member in members:
            if member.filename.lower().endswith((".xml", ".rels", ".vml")):
                with archive.open(member) as part:
                    prolog = part.read(4096)
                if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                    raise _xml_attack(name, member.filename)


def _xml_attack(name: str, part: str) -> InvalidInput:
    return InvalidInput(QT_TRANSLATE_NOOP(
        "UserError", "“{name}” is refused for safety: its part “{part}” declares XML entities or a DTD, which an Excel workbook never does."),
        name=name, part=part[:80])


def _read_workbook(path: Path) -> RatingSource:
    name = path.name
    try:
        _check_archive(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, RuntimeError, ValueError):
        raise _not_a_workbook(name) from None
    except OSError as error:
        raise _unreadable(path, error) from None
    with _workbook(path) as workbook:
        is_form = form.META_SHEET in workbook.sheetnames
    if is_form:
        with _workbook(path) as workbook:
            rows = _read_form(name, workbook)
        return RatingSource(name, FORM, lambda: iter(rows))

    def rows() -> Iterator[SourceRow]:
        with _workbook(path) as workbook:
            yield from _long_form(name, enumerate(
                workbook.active.iter_rows(values_only=True, max_col=limits.COLUMNS_MAX + 1), start=1))

    next(rows(), None)  # the header is checked now
    return RatingSource(name, LONG_FORM, rows)


class _workbook:
    """openpyxl's read-only workbook, with anything its parsers raise on a hostile file turned into one sentence."""

    def __init__(self, path: Path):
        self.path = path
        self.book = None

    def __enter__(self):
        import openpyxl  # only when a workbook is read: it is slow to import

        try:
            self.book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except UserError:
            raise
        except Exception as error:  # noqa: BLE001 - a hostile file may make openpyxl raise anything
            raise self._refusal(error) from None
        return self.book

    def __exit__(self, kind, error, _traceback) -> bool:
        if self.book is not None:
            self.book.close()
        if error is None or isinstance(error, (UserError, GeneratorExit)) or not isinstance(error, Exception):
            return False
        raise self._refusal(error) from None

    def _refusal(self, error: Exception) -> InvalidInput:
        from defusedxml import DefusedXmlException

        error = error.__cause__ or error  # what the XML parser raised, where openpyxl wrapped it while loading
        if isinstance(error, (SyntaxError, DefusedXmlException)):  # lxml's XMLSyntaxError is a SyntaxError too
            return InvalidInput(QT_TRANSLATE_NOOP(
                "UserError", "“{name}” is refused: its XML is malformed or uses entities, so it is not a workbook Excel wrote."),
                name=self.path.name)
        return _not_a_workbook(self.path.name)


def _read_form(name: str, workbook) -> list[SourceRow]:
    meta = workbook[form.META_SHEET]
    sheet_name = _cell_text(meta[form.META_SHEET_NAME].value)
    header_row = meta[form.META_HEADER_ROW].value
    version = meta[form.META_VERSION].value
    if (_cell_text(meta[form.META_MARKER].value) != form.FORM_MARKER or sheet_name not in workbook.sheetnames
            or not isinstance(header_row, int) or not isinstance(version, (int, float))):
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” looks like a rating form but its layout was changed; fill in a new form."),
                           name=name)
    if int(version) > form.FORM_VERSION:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” is a rating form from a newer version of Digital motor desktop."),
                           name=name)
    sheet = workbook[sheet_name]
    cells: dict[int, list[str]] = {}
    for row, values in enumerate(sheet.iter_rows(values_only=True, max_col=len(form.TABLE_COLUMNS)), start=1):
        if row > limits.ROWS_MAX:
            raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” has more than {limit} rows (line {line}); split it into smaller files."),
                               name=name, limit=f"{limits.ROWS_MAX:,}", line=row)
        texts = [plain_text(_cell_text(v)) for v in values]
        if any(texts):
            cells[row] = texts
    organisation, respondent, share = (_column(cells.get(row, []), form.ANSWER_COLUMN) for row in
                                       (form.ORGANISATION_ROW, form.RESPONDENT_ROW, form.SHARE_ROW))
    if not organisation:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{name}” was not imported: the form's organisation (row {line}) is empty."),
                           name=name, line=form.ORGANISATION_ROW)
    _checked(organisation, "organisation", form.ORGANISATION_ROW)
    _checked(respondent, "respondent", form.RESPONDENT_ROW)
    rows = []
    for line in range(header_row + 1, max(cells) + 1):  # cells holds the organisation's row at least
        values = cells.get(line, [])
        capability = _column(values, form.CAPABILITY_ID) or _column(values, form.CAPABILITY)
        if not capability:
            continue
        texts = [_checked(_column(values, letter), column, line) for letter, column in (
            (form.MATURITY, "maturity"), (form.IMPORTANCE, "importance"), (form.COMMENT, "comment"))]
        rows.append(SourceRow(line, organisation, respondent, _checked(capability, "capability", line), *texts,
                              share, blank_means_dont_know=False))
    return rows


def _column(values: list[str], letter: str) -> str:
    position = ord(letter) - ord("A")
    return values[position] if position < len(values) else ""
