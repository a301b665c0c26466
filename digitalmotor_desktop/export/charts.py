"""The report's charts as pictures (``export.picture``), in points, for an A4 page.

* ``importance_maturity_rows``: the study's Figur 29 — for every capability in
  map order, strategic importance and mean maturity as bars and ± one standard
  deviation as a whisker, on one 0–5 axis; split into pages of ``ROWS_PER_PAGE``.
* ``scatter``: importance against maturity, each point numbered by its place
  in the priority list.
* ``ranking``: the mean of the strongest or weakest capabilities as bars.

A suppressed capability keeps its row and says "för få svar"; nothing is
drawn for it. Each chart is followed in the report by its numbers as a table.
"""

from __future__ import annotations

from digitalmotor_desktop.core.colour_scales import IMPORTANCE_STOPS, MATURITY_STOPS, blend
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.map_layout import Rect
from digitalmotor_desktop.core.statistics import CapabilityStats, Ranked
from digitalmotor_desktop.export.picture import Fill, Line, Picture, Text, wrap
from digitalmotor_desktop.export.wording import Wording

IMPORTANCE_COLOUR = IMPORTANCE_STOPS[3]
MATURITY_COLOUR = MATURITY_STOPS[-1]
GRID = "#c8cdd2"
ROWS_PER_PAGE = 28
ROW_HEIGHT = 21
NAME_SIZE = 8
NAME_WIDTH = 205
AXIS_TOP = 5

IMPORTANCE_LABEL = QT_TRANSLATE_NOOP("Report", "Strategic importance (1–5)")
MATURITY_LABEL = QT_TRANSLATE_NOOP("Report", "Mean maturity (0–4)")
SD_LABEL = QT_TRANSLATE_NOOP("Report", "± one standard deviation")


def _legend(picture: Picture, wording: Wording, y: float) -> None:
    x = 0.0
    for colour, label in ((IMPORTANCE_COLOUR, IMPORTANCE_LABEL), (MATURITY_COLOUR, MATURITY_LABEL)):
        picture.add(Fill(Rect(x, y - 8, 14, 9), colour), Text(x + 18, y, wording(label), 8, anchor="start"))
        x += 150
    picture.add(Line(x, y - 4, x + 16, y - 4, "#1a1a1a", 1), Line(x, y - 7, x, y - 1, "#1a1a1a", 1),
                Line(x + 16, y - 7, x + 16, y - 1, "#1a1a1a", 1), Text(x + 22, y, wording(SD_LABEL), 8, anchor="start"))


def _axis(picture: Picture, left: float, width: float, top: float, bottom: float, wording: Wording,
          first: int = 0, last: int = AXIS_TOP) -> None:
    for tick in range(first, last + 1):
        x = left + width * (tick - first) / (last - first)
        picture.add(Line(x, top, x, bottom, GRID, 0.5), Text(x, bottom + 10, wording.number(tick, 0), 7.5))


def importance_maturity_rows(rows: list[tuple[str, CapabilityStats]], wording: Wording, width: float = 515,
                             rows_per_page: int = ROWS_PER_PAGE) -> list[Picture]:
    """Figur 29: one picture per page of at most ``rows_per_page`` capabilities, in the order given."""
    rows_per_page = max(rows_per_page, 1)
    pages = [rows[i:i + rows_per_page] for i in range(0, len(rows), rows_per_page)] or [[]]
    return [_importance_maturity_page(page, wording, width) for page in pages]


def _importance_maturity_page(rows: list[tuple[str, CapabilityStats]], wording: Wording, width: float) -> Picture:
    top = 18
    bottom = top + ROW_HEIGHT * len(rows)
    picture = Picture(width, bottom + 16)
    _legend(picture, wording, 9)
    left = NAME_WIDTH + 8
    span = width - left - 4
    _axis(picture, left, span, top, bottom, wording)

    def at(value: float) -> float:
        return left + span * value / AXIS_TOP

    for index, (name, row) in enumerate(rows):
        y = top + ROW_HEIGHT * index
        lines = wrap(name, NAME_WIDTH, NAME_SIZE)[:2]
        first = y + ROW_HEIGHT / 2 - (len(lines) - 1) * NAME_SIZE * 0.6 + NAME_SIZE * 0.35
        for number, line in enumerate(lines):
            picture.add(Text(NAME_WIDTH, first + number * NAME_SIZE * 1.2, line, NAME_SIZE, anchor="end"))
        picture.regions[row.capability_id] = Rect(0, y, width, ROW_HEIGHT)
        if row.suppressed or row.mean is None:
            picture.add(Text(left + 4, y + ROW_HEIGHT / 2 + 3, f"{wording.too_few} (n = {row.n})", 7.5,
                             colour="#555555", anchor="start"))
            continue
        if row.importance_mean is not None:
            picture.add(Fill(Rect(left, y + 3, at(row.importance_mean) - left, 7), IMPORTANCE_COLOUR))
        picture.add(Fill(Rect(left, y + 10.5, at(row.mean) - left, 7), MATURITY_COLOUR))
        if row.sd is not None:
            low, high, middle = at(max(row.mean - row.sd, 0)), at(min(row.mean + row.sd, AXIS_TOP)), y + 14
            picture.add(Line(low, middle, high, middle, "#1a1a1a", 0.9), Line(low, middle - 3, low, middle + 3, "#1a1a1a", 0.9),
                        Line(high, middle - 3, high, middle + 3, "#1a1a1a", 0.9))
    return picture


def scatter(priority: list[CapabilityStats], wording: Wording, width: float = 515, height: float = 380) -> Picture:
    """Importance (up) against maturity (across); each point carries its priority number."""
    picture = Picture(width, height)
    left, top, right, bottom = 40.0, 10.0, width - 10, height - 34
    x_span, y_span = right - left, bottom - top

    def x_of(mean: float) -> float:
        return left + x_span * mean / 4

    def y_of(importance: float) -> float:
        return bottom - y_span * (importance - 1) / 4

    for tick in range(5):
        picture.add(Line(x_of(tick), top, x_of(tick), bottom, GRID, 0.5),
                    Text(x_of(tick), bottom + 11, wording.number(tick, 0), 8))
    for tick in range(1, 6):
        picture.add(Line(left, y_of(tick), right, y_of(tick), GRID, 0.5),
                    Text(left - 5, y_of(tick) + 3, wording.number(tick, 0), 8, anchor="end"))
    picture.add(Text((left + right) / 2, height - 4, wording(MATURITY_LABEL), 8.5, bold=True),
                Text(11, (top + bottom) / 2, wording(IMPORTANCE_LABEL), 8.5, bold=True, vertical=True))
    plotted = [r for r in priority if r.importance_mean is not None]
    if plotted:
        mean_x = sum(r.mean for r in plotted) / len(plotted)
        mean_y = sum(r.importance_mean for r in plotted) / len(plotted)
        picture.add(Line(x_of(mean_x), top, x_of(mean_x), bottom, "#7f8c8d", 0.8),
                    Line(left, y_of(mean_y), right, y_of(mean_y), "#7f8c8d", 0.8))
    for number, row in enumerate(priority, start=1):
        if row.importance_mean is None:
            continue
        x, y = x_of(row.mean), y_of(row.importance_mean)
        fill = blend(MATURITY_STOPS, row.mean / 4)
        picture.add(Fill(Rect(x - 6, y - 6, 12, 12), fill, "#33404a", 0.6, radius=6),
                    Text(x, y + 2.5, str(number), 6.5, bold=True))
        picture.regions[row.capability_id] = Rect(x - 6, y - 6, 12, 12)
    return picture


def ranking(ranked: list[Ranked], names: dict[str, str], wording: Wording, width: float = 515) -> list[Picture]:
    """Bars of mean maturity for a top or bottom list, with rank and name; a page per ``ROWS_PER_PAGE``
    (ties can make a "top 5" long)."""
    return [_ranking_page(ranked[i:i + ROWS_PER_PAGE], names, wording, width)
            for i in range(0, len(ranked), ROWS_PER_PAGE)]


def _ranking_page(ranked: list[Ranked], names: dict[str, str], wording: Wording, width: float) -> Picture:
    top = 4
    picture = Picture(width, top + ROW_HEIGHT * len(ranked) + 16)
    left = NAME_WIDTH + 30
    span = width - left - 30
    bottom = top + ROW_HEIGHT * len(ranked)
    _axis(picture, left, span, top, bottom, wording, 0, 4)
    for index, place in enumerate(ranked):
        y = top + ROW_HEIGHT * index
        row = place.stats
        lines = wrap(names[row.capability_id], NAME_WIDTH, NAME_SIZE)[:2]
        first = y + ROW_HEIGHT / 2 - (len(lines) - 1) * NAME_SIZE * 0.6 + NAME_SIZE * 0.35
        picture.add(Text(16, first, f"{place.rank}.", NAME_SIZE, bold=True, anchor="end"))
        for number, line in enumerate(lines):
            picture.add(Text(NAME_WIDTH + 24, first + number * NAME_SIZE * 1.2, line, NAME_SIZE, anchor="end"))
        end = left + span * row.mean / 4
        picture.add(Fill(Rect(left, y + 5, end - left, ROW_HEIGHT - 10), blend(MATURITY_STOPS, row.mean / 4), "#33404a", 0.5),
                    Text(end + 4, y + ROW_HEIGHT / 2 + 3, wording.number(row.mean), 8, anchor="start"))
    return picture
