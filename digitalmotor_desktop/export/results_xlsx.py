"""The joint result as an Excel workbook, numbers as numbers.

Sheets: the joint result (the CSV's columns), the anonymised per-organisation
matrix (organisations that chose "share with the group", as pseudonyms), the
priority list, the decisions, and a sheet explaining the rules. Number formats
are locale-neutral ("0.00"), so Swedish Excel shows "2,67".
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from digitalmotor_desktop.core.privacy import SUPPRESSED_TEXT
from digitalmotor_desktop.core.statistics import UNIT_RULE
from digitalmotor_desktop.export.results_csv import EXTRA_COLUMNS, FIXED_COLUMNS

TWO_DECIMALS = "0.00"
_DECIMAL_COLUMNS = {"mean", "sd", "importance_mean", "gap", "min", "max"}


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list[object]]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index, name in enumerate(header, start=1):
        letter = get_column_letter(index)
        if name in _DECIMAL_COLUMNS:
            for cell in sheet[letter][1:]:
                cell.number_format = TWO_DECIMALS
        sheet.column_dimensions[letter].width = 42 if name == "capability" else max(10, len(name) + 2)
    sheet.freeze_panes = "D2" if header[:3] == ["area", "group", "capability"] else "A2"


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def write_xlsx(report, path: Path) -> None:
    result = report.result
    places = report.places()
    names = {cap.id: (area.name, group.name, cap.name) for area, group, cap in places}
    workbook = Workbook()
    workbook.remove(workbook.active)

    levels = [f"level_{lv.level}" for lv in report.scale]
    header = [*FIXED_COLUMNS[:8], *levels, *FIXED_COLUMNS[13:], *EXTRA_COLUMNS]
    joint = []
    for (area, group, cap), row in zip(places, result.rows):
        shown = not row.suppressed
        scenario = report.suggestions[cap.id].scenario
        joint.append([area.name, group.name, cap.name, row.n, row.mean, row.sd, row.min, row.max,
                      *(row.level_counts if shown else [None] * len(levels)),
                      row.importance_n if shown else None, row.importance_mean, row.status,
                      row.target_level if shown else None, row.gap, int(row.wide_spread) if shown else None, scenario])
    _sheet(workbook, "Joint result", header, joint)

    matrix = []
    for area, group, cap in places:
        values = result.matrix.get(cap.id)
        reason = result.withheld.get(cap.id)
        note = reason[0].format(**reason[1]) if reason else ""
        matrix.append([area.name, group.name, cap.name,
                       *((values or {}).get(col.organisation_id) for col in result.columns), note])
    _sheet(workbook, "Organisations", ["area", "group", "capability", *(c.label for c in result.columns), "note"], matrix)

    priority = []
    for rank, row in enumerate(result.priority, start=1):
        suggestion = report.suggestions[row.capability_id]
        priority.append([rank, *names[row.capability_id], row.importance_mean, row.mean, row.gap, row.n,
                         suggestion.scenario, suggestion.text()])
    _sheet(workbook, "Priority", ["rank", "area", "group", "capability", "importance_mean", "mean", "gap", "n",
                                  "suggested_scenario", "reason"], priority)

    scenario_names = {s.number: s.name for s in report.scenarios}
    decided = []
    for area, group, cap in places:
        decision = report.decisions.get(cap.id)
        if decision is None:
            continue
        decided.append([area.name, group.name, cap.name, _yes_no(decision.develop), _yes_no(decision.jointly),
                        decision.scenario, scenario_names.get(decision.scenario, ""), decision.target_level,
                        decision.note])
    _sheet(workbook, "Decisions", ["area", "group", "capability", "develop", "jointly", "scenario", "scenario_name",
                                   "target_level", "note"], decided)

    notes = workbook.create_sheet("Notes")
    for line in (UNIT_RULE,
                 f"Figures for capabilities rated by fewer than {result.min_n} organisations are suppressed "
                 f"(status “suppressed”, shown in the app as “{SUPPRESSED_TEXT}”).",
                 "Organisations appear as random pseudonyms; only those whose every respondent chose to share "
                 "with the group appear in the Organisations sheet."):
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    workbook.save(path)
