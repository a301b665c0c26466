"""How the app's workbooks look on screen and on paper, in Excel and LibreOffice alike.

Every printed sheet is landscape A4 with all its columns fitted to one page
width (as many pages down as it takes), the table's header row repeated on
every page, and a footer naming the sheet's owner and the page. Column widths
follow their longest value up to a cap, beyond which the text wraps.

Row heights: Excel fits a row to its wrapped text when it opens the file, but
LibreOffice keeps whatever height the file states (15 points if none), so a
wrapped description would print as one clipped line there. Rows with wrapped
text therefore get a height estimated here, on the generous side of what
LibreOffice needs with Carlito or DejaVu Sans (its stand-ins for Calibri), and
stored *without* the "custom height" flag: Excel refits such a row exactly on
opening, LibreOffice keeps our estimate and refits the row once someone types
in it.
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.styles import Font
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.page import PageMargins

#: Extra width beyond the longest value: the cell's padding, and bold or wide letters.
_PADDING = 2
#: The workbook's own font (Calibri 11) in bold. A Font without a name prints as a serif in LibreOffice.
BOLD = Font(name="Calibri", size=11, bold=True)
TITLE = Font(name="Calibri", size=16, bold=True)
#: Points per line of 11-point text as LibreOffice spaces it: 11.1 in Carlito (Calibri's metric twin,
#: its stand-in for Calibri), 12.8 in DejaVu Sans (where Carlito is missing too).
LINE_HEIGHT = 13.0
#: Characters of running text per unit of column width (the width of a "0"): 1.2 in LibreOffice with
#: Carlito, 1.17 with DejaVu Sans; less, to err on the side of a row too tall rather than a line clipped.
_CHARACTERS_PER_WIDTH = 1.1
_DEFAULT_WIDTH = 8.43  # a column whose width the file does not state, in Excel and LibreOffice
#: Longest free text in one part of a footer: three parts side by side in 8 points across the page, and
#: Excel refuses a workbook whose footer, field codes included, is longer than 255 characters.
FOOTER_PART_MAX = 70
# Margins in inches, as the file format stores them: about 1.3 cm round, with room for the footer.
_MARGINS = PageMargins(left=0.5, right=0.5, top=0.5, bottom=0.7, header=0.3, footer=0.3)


def fitted_width(values: Iterable[object], *, minimum: int = 6, cap: int = 40) -> int:
    """A column width (in characters) for the longest of ``values``, at most ``cap``."""
    longest = max((len(str(value)) for value in values if value is not None), default=0)
    return max(minimum, min(cap, longest + _PADDING))


def fit_column_widths(sheet, caps: dict[str, int], first_row: int, last_row: int,
                      to_come: dict[str, list[str]] | None = None) -> None:
    """Each column in ``caps`` as wide as its longest value in the rows, at most its cap.

    ``to_come``: values a column will hold that are not in it yet (a drop-down's choices).
    """
    for letter, cap in caps.items():
        values = [cell.value for (cell,) in sheet.iter_rows(min_row=first_row, max_row=last_row,
                                                             min_col=column_index_from_string(letter),
                                                             max_col=column_index_from_string(letter))]
        sheet.column_dimensions[letter].width = fitted_width(values + (to_come or {}).get(letter, []), cap=cap)


def footer_text(text: str) -> str:
    """``text`` as a header or footer shows it, at most ``FOOTER_PART_MAX`` characters: "&" starts a
    field code there."""
    if len(text) > FOOTER_PART_MAX:
        text = text[:FOOTER_PART_MAX - 1].rstrip() + "…"
    return text.replace("&", "&&")


def set_print_layout(sheet, *, title_rows: str | None, footer_left: str, page_label: str, footer_centre: str = "",
                     print_area: str | None = None) -> None:
    """Landscape A4, fitted to one page wide, ``title_rows`` ("5:5") on every page.

    ``page_label`` holds ``{page}`` and ``{pages}`` (the page number and count).
    """
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # 0: as many pages down as the rows need
    sheet.page_margins = _MARGINS
    if title_rows:
        sheet.print_title_rows = title_rows
    if print_area:
        sheet.print_area = print_area
    footer = sheet.oddFooter
    for part, text in ((footer.left, footer_text(footer_left)), (footer.center, footer_text(footer_centre)),
                       (footer.right, footer_text(page_label).format(page="&P", pages="&N"))):
        if text:
            part.text, part.size = text, 8


class _FittedRow(RowDimension):
    """A row height that is an estimate, not the user's choice: stored without "customHeight",
    so Excel refits the row to its text on opening (ECMA-376 §18.3.1.73)."""

    @property
    def customHeight(self):
        return None


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes, wrapped at word boundaries in a column ``width`` wide."""
    capacity = max(1, int(width * _CHARACTERS_PER_WIDTH) - 1)  # less the cell's padding
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > capacity:
                lines += 1
                used = 0
            used += (1 if used else 0) + len(word)
            while used > capacity:  # a word longer than the column breaks anywhere
                lines += 1
                used -= capacity
    return lines


def fit_row_heights(sheet, first_row: int, last_row: int) -> None:
    """Heights for the rows whose wrapped text takes more than one line (see the module's note);
    a row whose height is set already keeps it."""
    widths = {}
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row):
        lines = 1
        for cell in row:
            if isinstance(cell.value, str) and cell.alignment.wrap_text:
                letter = get_column_letter(cell.column)
                if letter not in widths:
                    column = sheet.column_dimensions[letter]
                    widths[letter] = None if column.hidden else column.width or _DEFAULT_WIDTH
                if widths[letter] is not None:
                    lines = max(lines, wrapped_lines(cell.value, widths[letter]))
        number = row[0].row
        if lines > 1 and sheet.row_dimensions[number].height is None:
            sheet.row_dimensions[number] = _FittedRow(sheet, index=number, ht=lines * LINE_HEIGHT + 3)
