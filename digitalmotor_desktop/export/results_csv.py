"""The joint result as CSV for spreadsheets: UTF-8 with BOM, one row per capability in map order.

The first columns are fixed (``FIXED_COLUMNS``); a suppressed row keeps its
names and n and leaves every other figure empty. Decimals use a point and two
places, as published.

The header and the status values ("ok", "suppressed") are English identifiers
in every user-interface language, deliberately: CSV is the machine-readable
contract that scripts and other tools parse, so it must not change with the
language. The XLSX workbook (``export.results_xlsx``) is the one for people,
written in their language.
"""

from __future__ import annotations

import csv
from pathlib import Path

from digitalmotor_desktop.core.statistics import CapabilityStats
from digitalmotor_desktop.export.cells import safe_text

FIXED_COLUMNS = ("area", "group", "capability", "n", "mean", "sd", "min", "max",
                 "level_0", "level_1", "level_2", "level_3", "level_4",
                 "importance_n", "importance_mean", "status")
EXTRA_COLUMNS = ("target_level", "gap", "wide_spread", "suggested_scenario")
#: Why a row is suppressed: ``too_few`` organisations, or ``earlier_export`` (fewer than K changed since
#: an earlier export published it: the two together would reveal their ratings). CSV only, the last column.
REASON_COLUMN = "suppressed_because"


def decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def level(value: float | None) -> str:
    """Min/max are whole levels unless an organisation's respondents differ."""
    return "" if value is None else f"{round(value, 2):g}"


def figures(row: CapabilityStats, levels: int) -> list[object]:
    """The row's figures after the names, as written to CSV (strings; empty when suppressed)."""
    counts = list(row.level_counts) if not row.suppressed else [""] * levels
    return [row.n, decimal(row.mean), decimal(row.sd), level(row.min), level(row.max), *counts,
            "" if row.suppressed else row.importance_n, decimal(row.importance_mean), row.status,
            "" if row.suppressed else row.target_level, decimal(row.gap),
            "" if row.suppressed else int(row.wide_spread)]


def write_csv(report, path: Path) -> None:
    levels = len(report.scale)
    header = [*FIXED_COLUMNS[:8], *(f"level_{lv.level}" for lv in report.scale), *FIXED_COLUMNS[13:], *EXTRA_COLUMNS,
              REASON_COLUMN]
    changed = report.result.changed_since_export
    with Path(path).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for (area, group, cap), row in zip(report.places(), report.result.rows):
            scenario = report.suggestions[cap.id].scenario
            writer.writerow([safe_text(area.name), safe_text(group.name), safe_text(cap.name), *figures(row, levels),
                             "" if scenario is None else scenario,
                             "" if not row.suppressed else "earlier_export" if cap.id in changed else "too_few"])
