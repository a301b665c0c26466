"""How much may come in from outside (typed, imported, merged, sent by a phone), checked before it is parsed.

Every bound here is checked *before* the data is read into memory or stored,
so that a hostile or broken input cannot make a file that is slow to open, a
map that cannot be drawn, or an import that eats the laptop's memory
(db/FORMAT.md, "Input limits"). Over a limit the input is refused with one
sentence naming the limit and where it was exceeded; nothing is written.
"""

from __future__ import annotations

from digitalmotor_desktop.core.errors import InvalidInput

#: Names and labels: organisations, respondents, capabilities, groups, areas, clusters, goals, prompts.
NAME_MAX = 200
#: Descriptions, comments, notes and decision notes.
TEXT_MAX = 4000

#: A rating file (CSV or XLSX) on disk.
SOURCE_BYTES_MAX = 100_000_000
#: Rows of a CSV or of a workbook's sheet (a million ratings is 18,000 respondents of the Fyrbodal map).
ROWS_MAX = 2_000_000
#: Columns read from a table; the long form has seven.
COLUMNS_MAX = 64
#: Distinct respondents one import may speak of.
RESPONDENTS_MAX = 50_000
#: An XLSX workbook, from its zip directory: all parts uncompressed, one part, and how many parts.
WORKBOOK_BYTES_MAX = 200_000_000
WORKBOOK_PART_BYTES_MAX = 50_000_000
#: Shared strings are held in memory whole by every XLSX reader: a smaller bound of their own.
SHARED_STRINGS_BYTES_MAX = 20_000_000
WORKBOOK_PARTS_MAX = 1_000


def check_length(text: str, limit: int, template: str, **values: object) -> str:
    """``text`` if it is at most ``limit`` characters; otherwise ``InvalidInput(template)``, whose
    ``{limit}`` names the limit and whose other fields say where it was exceeded."""
    if len(text) > limit:
        raise InvalidInput(template, limit=f"{limit:,}", **values)
    return text


def megabytes(size: int) -> str:
    """A byte count as people read it in a sentence about a limit."""
    return f"{size / 1_000_000:,.0f} MB"
