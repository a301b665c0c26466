"""The joint result as an Excel workbook for people, in their language; numbers as numbers.

Sheets: the joint result (the CSV's columns), the anonymised per-organisation
matrix (organisations that chose "share with the group", as pseudonyms), the
priority list, the decisions, and a sheet explaining the rules. Sheet names,
headings, yes/no and the explanations come through ``translate`` (Swedish from
the GUI's current language or the command line's ``--lang``); names from the
workshop are written as they are. Number formats are locale-neutral ("0.00"),
so Swedish Excel shows "2,67".
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP, Translate, english, filled
from digitalmotor_desktop.core.privacy import SUPPRESSED_TEXT
from digitalmotor_desktop.core.statistics import UNIT_RULE
from digitalmotor_desktop.export.results_csv import EXTRA_COLUMNS, FIXED_COLUMNS

CONTEXT = "ResultsWorkbook"
TWO_DECIMALS = "0.00"
_DECIMAL_COLUMNS = {"mean", "sd", "importance_mean", "gap", "min", "max"}
_NAME_COLUMNS = ["area", "group", "capability"]

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


class _Writer:
    """A workbook being written, and its texts in the chosen language."""

    def __init__(self, translate: Translate):
        self.translate = translate
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)

    def text(self, text: str) -> str:
        return self.translate(CONTEXT, text)

    def heading(self, column: str) -> str:
        """Columns not named in ``HEADINGS`` are organisations, headed by their pseudonym."""
        if column.startswith("level_"):
            return filled(self.text(LEVEL_HEADING), level=column.removeprefix("level_"))
        return self.text(HEADINGS[column]) if column in HEADINGS else column

    def yes_no(self, value: bool | None) -> str:
        return "" if value is None else self.text(QT_TRANSLATE_NOOP("ResultsWorkbook", "yes") if value
                                                  else QT_TRANSLATE_NOOP("ResultsWorkbook", "no"))

    def sheet(self, title: str, columns: list[str], rows: list[list[object]]) -> None:
        """``columns`` are CSV column names (or pseudonyms); the sheet shows their headings."""
        sheet = self.workbook.create_sheet(self.text(title))
        headings = [self.heading(column) for column in columns]
        sheet.append(headings)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        for index, (column, heading) in enumerate(zip(columns, headings), start=1):
            letter = get_column_letter(index)
            if column in _DECIMAL_COLUMNS:
                for cell in sheet[letter][1:]:
                    cell.number_format = TWO_DECIMALS
            sheet.column_dimensions[letter].width = 42 if column == "capability" else max(10, len(heading) + 2)
        sheet.freeze_panes = "D2" if columns[:3] == _NAME_COLUMNS else "A2"


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
    writer.sheet(QT_TRANSLATE_NOOP("ResultsWorkbook", "Joint result"), columns, joint)

    matrix = []
    for area, group, cap in places:
        values = result.matrix.get(cap.id)
        reason = result.withheld.get(cap.id)
        note = filled(translate("Results", reason[0]), **reason[1]) if reason else ""
        matrix.append([area.name, group.name, cap.name,
                       *((values or {}).get(col.organisation_id) for col in result.columns), note])
    writer.sheet(QT_TRANSLATE_NOOP("ResultsWorkbook", "Organisations"),
                 [*_NAME_COLUMNS, *(c.label for c in result.columns), "note"], matrix)

    priority = []
    for rank, row in enumerate(result.priority, start=1):
        suggestion = report.suggestions[row.capability_id]
        priority.append([rank, *names[row.capability_id], row.importance_mean, row.mean, row.gap, row.n,
                         suggestion.scenario, suggestion.text(lambda text: translate("Scenario", text))])
    writer.sheet(QT_TRANSLATE_NOOP("ResultsWorkbook", "Priority"),
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
    writer.sheet(QT_TRANSLATE_NOOP("ResultsWorkbook", "Decisions"),
                 [*_NAME_COLUMNS, "develop", "jointly", "scenario", "scenario_name", "target_level", "note"], decided)

    notes = writer.workbook.create_sheet(writer.text(QT_TRANSLATE_NOOP("ResultsWorkbook", "Notes")))
    suppressed = QT_TRANSLATE_NOOP("ResultsWorkbook", "Figures for capabilities rated by fewer than {k} organisations "
                                                      "are suppressed (status “{too_few}”).")
    pseudonyms = QT_TRANSLATE_NOOP("ResultsWorkbook", "Organisations appear as random pseudonyms; only those whose "
                                                      "every respondent chose to share with the group appear in the "
                                                      "Organisations sheet.")
    for line in (translate("Results", UNIT_RULE), filled(writer.text(suppressed), k=result.min_n, too_few=too_few),
                 writer.text(pseudonyms)):
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    writer.workbook.save(path)
