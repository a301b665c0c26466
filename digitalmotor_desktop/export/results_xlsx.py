"""The joint result as an Excel workbook for people, in their language; numbers as numbers.

Sheets: first a "Read me" saying what each sheet holds and the rules (the
organisation as the unit, K, who appears by pseudonym), then the joint result
(the CSV's columns), the anonymised per-organisation matrix (organisations that
chose "share with the group", as pseudonyms), the priority list and the
decisions. Sheet names, headings, yes/no and the explanations come through
``translate`` (Swedish from the GUI's current language or the command line's
``--lang``); names from the workshop are written as they are. Number formats
are locale-neutral ("0.00", "0"), so Swedish Excel shows "2,67".

Each table has its header row and name columns frozen, an autofilter, columns
as wide as their values (capped; longer text wraps) and prints landscape, one
page wide, its header row on every page (``export.print_layout``).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink

from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP, Translate, english
from digitalmotor_desktop.core.privacy import SUPPRESSED_TEXT
from digitalmotor_desktop.core.statistics import UNIT_RULE
from digitalmotor_desktop.export.cells import text_cell
from digitalmotor_desktop.export.print_layout import BOLD, TITLE, fit_row_heights, fitted_width, set_print_layout
from digitalmotor_desktop.export.results_csv import EXTRA_COLUMNS, FIXED_COLUMNS

CONTEXT = "ResultsWorkbook"
TWO_DECIMALS = "0.00"
WHOLE_NUMBER = "0"
_DECIMAL_COLUMNS = {"mean", "sd", "importance_mean", "gap", "min", "max"}
_COUNT_COLUMNS = {"n", "importance_n", "rank", "target_level", "scenario", "suggested_scenario"}  # and level_N
_NAME_COLUMNS = ["area", "group", "capability"]
#: Widest a text column gets (characters); longer text wraps. Groups fit whole ("Vara en attraktiv arbetsplats").
_WIDTH_CAPS = {"area": 20, "group": 31, "capability": 40, "reason": 60, "note": 50}
_TEXT_CAP = 30
_HEADING_FILL = PatternFill("solid", fgColor="D9E2F3")
_LINK = Font(name="Calibri", size=11, color="0563C1", underline="single")  # a sheet's name on the Read me
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")  # a figure level with the first line of a wrapped name beside it
# Counts and short words (a status, yes or no) are centred, so a figure never touches the text beside
# it; decimals line up on the right.
_CENTRED = Alignment(vertical="top", horizontal="center")
_CENTRED_TEXT = {"status", "wide_spread", "develop", "jointly"}
_CENTRED_HEADING = Alignment(wrap_text=True, vertical="top", horizontal="center")
_RIGHT_HEADING = Alignment(wrap_text=True, vertical="top", horizontal="right")
# An organisation's column: its pseudonym turned upright, so fifteen columns of figures fit a page.
_UPRIGHT_HEADING = Alignment(text_rotation=90, vertical="bottom", horizontal="center")
_UPRIGHT_POINTS_PER_CHARACTER = 6  # along an upright heading, bold 11-point
PAGE_LABEL = QT_TRANSLATE_NOOP("ResultsWorkbook", "Page {page} of {pages}")

#: Each column's heading, by its CSV name (``level_N`` columns are headed with ``LEVEL_HEADING``).
HEADINGS = {
    "area": QT_TRANSLATE_NOOP("ResultsWorkbook", "Area"),
    "group": QT_TRANSLATE_NOOP("ResultsWorkbook", "Group"),
    "capability": QT_TRANSLATE_NOOP("ResultsWorkbook", "Capability"),
    "n": QT_TRANSLATE_NOOP("ResultsWorkbook", "n"),
    "mean": QT_TRANSLATE_NOOP("ResultsWorkbook", "Mean"),
    "sd": QT_TRANSLATE_NOOP("ResultsWorkbook", "SD"),
    "min": QT_TRANSLATE_NOOP("ResultsWorkbook", "Min"),
    "max": QT_TRANSLATE_NOOP("ResultsWorkbook", "Max"),
    "importance_n": QT_TRANSLATE_NOOP("ResultsWorkbook", "Importance n"),
    "importance_mean": QT_TRANSLATE_NOOP("ResultsWorkbook", "Importance"),
    "status": QT_TRANSLATE_NOOP("ResultsWorkbook", "Status"),
    "target_level": QT_TRANSLATE_NOOP("ResultsWorkbook", "Target level"),
    "gap": QT_TRANSLATE_NOOP("ResultsWorkbook", "Gap"),
    "wide_spread": QT_TRANSLATE_NOOP("ResultsWorkbook", "Wide spread"),
    "suggested_scenario": QT_TRANSLATE_NOOP("ResultsWorkbook", "Suggested scenario"),
    "note": QT_TRANSLATE_NOOP("ResultsWorkbook", "Note"),
    "rank": QT_TRANSLATE_NOOP("ResultsWorkbook", "Rank"),
    "reason": QT_TRANSLATE_NOOP("ResultsWorkbook", "Reason"),
    "develop": QT_TRANSLATE_NOOP("ResultsWorkbook", "Develop"),
    "jointly": QT_TRANSLATE_NOOP("ResultsWorkbook", "Jointly"),
    "scenario": QT_TRANSLATE_NOOP("ResultsWorkbook", "Scenario"),
    "scenario_name": QT_TRANSLATE_NOOP("ResultsWorkbook", "Scenario name"),
}
LEVEL_HEADING = QT_TRANSLATE_NOOP("ResultsWorkbook", "Level {level}")

JOINT_RESULT = QT_TRANSLATE_NOOP("ResultsWorkbook", "Joint result")
ORGANISATIONS = QT_TRANSLATE_NOOP("ResultsWorkbook", "Organisations")
PRIORITY = QT_TRANSLATE_NOOP("ResultsWorkbook", "Priority")
DECISIONS = QT_TRANSLATE_NOOP("ResultsWorkbook", "Decisions")
#: The "Read me" sheet: what each sheet holds, then the rules.
SHEET_CONTENTS = (
    (JOINT_RESULT, QT_TRANSLATE_NOOP(
        "ResultsWorkbook", "Every capability of the map: n, mean and standard deviation of the organisations' "
                           "levels, the lowest and highest, how many organisations are at each level, strategic "
                           "importance, target level, gap and the suggested collaboration scenario.")),
    (ORGANISATIONS, QT_TRANSLATE_NOOP(
        "ResultsWorkbook", "Each organisation's level per capability, under a random pseudonym, for the "
                           "organisations that chose to share with the group.")),
    (PRIORITY, QT_TRANSLATE_NOOP(
        "ResultsWorkbook", "The shown capabilities by strategic importance (highest first), then by maturity "
                           "(lowest first), with the suggested scenario and its reason.")),
    (DECISIONS, QT_TRANSLATE_NOOP(
        "ResultsWorkbook", "What the workshop decided per capability: develop or not, jointly or alone, the "
                           "collaboration scenario, the target level and a note.")),
)


def _is_organisation(column: str) -> bool:
    """Columns not named in ``HEADINGS`` are organisations, headed by their pseudonym."""
    return column not in HEADINGS and not column.startswith("level_")


def _number_format(column: str) -> str | None:
    if column in _COUNT_COLUMNS or column.startswith("level_"):
        return WHOLE_NUMBER
    if column in _DECIMAL_COLUMNS or _is_organisation(column):  # an organisation's column holds its means
        return TWO_DECIMALS
    return None


def _format_column(sheet, index: int, column: str, heading: str, values: list[object]) -> None:
    """Number format and width; a text column wraps beyond its cap, a number column's heading wraps."""
    letter = get_column_letter(index)
    number_format = _number_format(column)
    if number_format:
        for cell in sheet[letter][1:]:
            cell.number_format = number_format
            if number_format == WHOLE_NUMBER:
                cell.alignment = _CENTRED
    if any(isinstance(value, str) for value in values):
        width = fitted_width([heading, *values], cap=_WIDTH_CAPS.get(column, _TEXT_CAP))
        if column in _CENTRED_TEXT:
            sheet.cell(1, index).alignment = _CENTRED_HEADING
            for cell in sheet[letter][1:]:
                cell.alignment = _CENTRED
    else:  # as wide as its figures and the heading's longest word, or an upright heading
        shown = [f"{value:.2f}" if number_format == TWO_DECIMALS else value for value in values if value is not None]
        if _is_organisation(column):
            width = fitted_width(shown)
            sheet.cell(1, index).alignment = _UPRIGHT_HEADING
            header = sheet.row_dimensions[1]
            header.height = max(header.height or 0, len(heading) * _UPRIGHT_POINTS_PER_CHARACTER + 6)
        else:
            width = fitted_width([*heading.split(), *shown])
            sheet.cell(1, index).alignment = _RIGHT_HEADING if number_format == TWO_DECIMALS else _CENTRED_HEADING
    sheet.column_dimensions[letter].width = width


class _Writer:
    """A workbook being written, and its texts in the chosen language."""

    def __init__(self, translate: Translate):
        self.translate = translate
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)

    def text(self, text: str) -> str:
        return self.translate(CONTEXT, text)

    def heading(self, column: str) -> str:
        if column.startswith("level_"):
            return self.text(LEVEL_HEADING).format(level=column.removeprefix("level_"))
        return column if _is_organisation(column) else self.text(HEADINGS[column])

    def yes_no(self, value: bool | None) -> str:
        return "" if value is None else self.text(QT_TRANSLATE_NOOP("ResultsWorkbook", "yes") if value
                                                  else QT_TRANSLATE_NOOP("ResultsWorkbook", "no"))

    def sheet(self, title: str, columns: list[str], rows: list[list[object]]) -> None:
        """``columns`` are CSV column names (or pseudonyms); the sheet shows their headings."""
        sheet = self.workbook.create_sheet(self.text(title))
        headings = [self.heading(column) for column in columns]
        for index, heading in enumerate(headings, start=1):
            cell = sheet.cell(1, index)
            text_cell(cell, heading)
            cell.font, cell.fill, cell.alignment = BOLD, _HEADING_FILL, _WRAP
        for row_number, row in enumerate(rows, start=2):
            for index, value in enumerate(row, start=1):
                cell = sheet.cell(row_number, index)
                if isinstance(value, str):
                    text_cell(cell, value)
                    cell.alignment = _WRAP
                else:
                    cell.value = value
                    cell.alignment = _TOP
        for index, (column, heading) in enumerate(zip(columns, headings), start=1):
            _format_column(sheet, index, column, heading, [row[index - 1] for row in rows])
        names_end = columns.index("capability") + 1 if "capability" in columns else 0
        sheet.freeze_panes = f"{get_column_letter(names_end + 1)}2"  # the header row and the name columns
        last = f"{get_column_letter(len(columns))}{len(rows) + 1}"
        sheet.auto_filter.ref = f"A1:{last}"
        fit_row_heights(sheet, 1, len(rows) + 1)
        set_print_layout(sheet, title_rows="1:1", footer_left=sheet.title, page_label=self.text(PAGE_LABEL),
                         print_area=f"A1:{last}")

    def read_me(self, k: int, too_few: str, unit_rule: str) -> None:
        """The first sheet: what each sheet holds, and the rules behind the figures."""
        sheet = self.workbook.create_sheet(self.text(QT_TRANSLATE_NOOP("ResultsWorkbook", "Read me")), 0)
        text_cell(sheet["A1"], self.text(QT_TRANSLATE_NOOP("ResultsWorkbook", "The joint result of the maturity "
                                                                              "assessment, anonymised")))
        sheet["A1"].font = TITLE
        for letter, heading in zip("AB", (QT_TRANSLATE_NOOP("ResultsWorkbook", "Sheet"),
                                           QT_TRANSLATE_NOOP("ResultsWorkbook", "What it holds"))):
            text_cell(sheet[f"{letter}3"], self.text(heading))
            sheet[f"{letter}3"].font, sheet[f"{letter}3"].fill = BOLD, _HEADING_FILL
        for row, (title, contents) in enumerate(SHEET_CONTENTS, start=4):
            name = sheet[f"A{row}"]
            text_cell(name, self.text(title))
            name.hyperlink = Hyperlink(ref=name.coordinate, location=f"{quote_sheetname(name.value)}!A1")
            name.font = _LINK
            text_cell(sheet[f"B{row}"], self.text(contents))
        rules = len(SHEET_CONTENTS) + 5
        text_cell(sheet[f"A{rules}"], self.text(QT_TRANSLATE_NOOP("ResultsWorkbook", "Rules")))
        sheet[f"A{rules}"].font = BOLD
        suppressed = QT_TRANSLATE_NOOP("ResultsWorkbook", "Figures for capabilities rated by fewer than {k} "
                                                          "organisations are suppressed (status “{too_few}”).")
        pseudonyms = QT_TRANSLATE_NOOP("ResultsWorkbook", "Organisations appear as random pseudonyms; only those "
                                                          "whose every respondent chose to share with the group "
                                                          "appear in the Organisations sheet.")
        for row, line in enumerate((unit_rule, self.text(suppressed).format(k=k, too_few=too_few),
                                    self.text(pseudonyms)), start=rules + 1):
            text_cell(sheet[f"B{row}"], line)
        for row in sheet.iter_rows(min_row=4):
            for cell in row:
                cell.alignment = _WRAP
        sheet.column_dimensions["A"].width = fitted_width([sheet[f"A{row}"].value for row in range(3, rules + 1)])
        sheet.column_dimensions["B"].width = 100
        fit_row_heights(sheet, 4, sheet.max_row)
        set_print_layout(sheet, title_rows=None, footer_left=sheet.title, page_label=self.text(PAGE_LABEL))


def write_xlsx(report, path: Path, translate: Translate = english) -> None:
    result = report.result
    places = report.places()
    names = {cap.id: (area.name, group.name, cap.name) for area, group, cap in places}
    writer = _Writer(translate)
    too_few = translate("Results", SUPPRESSED_TEXT)

    levels = [f"level_{lv.level}" for lv in report.scale]
    columns = [*FIXED_COLUMNS[:8], *levels, *FIXED_COLUMNS[13:], *EXTRA_COLUMNS]
    joint = []
    for (area, group, cap), row in zip(places, result.rows):
        shown = not row.suppressed
        scenario = report.suggestions[cap.id].scenario
        status = writer.text(QT_TRANSLATE_NOOP("ResultsWorkbook", "shown")) if shown else too_few
        joint.append([area.name, group.name, cap.name, row.n, row.mean, row.sd, row.min, row.max,
                      *(row.level_counts if shown else [None] * len(levels)),
                      row.importance_n if shown else None, row.importance_mean, status,
                      row.target_level if shown else None, row.gap,
                      writer.yes_no(row.wide_spread if shown else None), scenario])
    writer.sheet(JOINT_RESULT, columns, joint)

    matrix = []
    for area, group, cap in places:
        values = result.matrix.get(cap.id)
        reason = result.withheld.get(cap.id)
        note = translate("Results", reason[0]).format(**reason[1]) if reason else ""
        matrix.append([area.name, group.name, cap.name,
                       *((values or {}).get(col.organisation_id) for col in result.columns), note])
    writer.sheet(ORGANISATIONS,
                 [*_NAME_COLUMNS, *(c.label for c in result.columns), "note"], matrix)

    priority = []
    for rank, row in enumerate(result.priority, start=1):
        suggestion = report.suggestions[row.capability_id]
        priority.append([rank, *names[row.capability_id], row.importance_mean, row.mean, row.gap, row.n,
                         suggestion.scenario, suggestion.text(lambda text: translate("Scenario", text))])
    writer.sheet(PRIORITY,
                 ["rank", *_NAME_COLUMNS, "importance_mean", "mean", "gap", "n", "suggested_scenario", "reason"],
                 priority)

    scenario_names = {s.number: s.name for s in report.scenarios}
    decided = []
    for area, group, cap in places:
        decision = report.decisions.get(cap.id)
        if decision is None:
            continue
        decided.append([area.name, group.name, cap.name, writer.yes_no(decision.develop),
                        writer.yes_no(decision.jointly), decision.scenario,
                        scenario_names.get(decision.scenario, ""), decision.target_level, decision.note])
    writer.sheet(DECISIONS,
                 [*_NAME_COLUMNS, "develop", "jointly", "scenario", "scenario_name", "target_level", "note"], decided)

    writer.read_me(result.min_n, too_few, translate("Results", UNIT_RULE))
    writer.workbook.save(path)
