"""Stage 5's charts and tables: colour scales, the importance × maturity scatter,
mean ± SD per capability (the study's Figur 29), the level distribution and a
plain table model. Every chart has a table showing the same figures.

They only draw a ``GapReport`` (ops.results), in which the privacy rules are
already applied: a suppressed capability has no figures to draw.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Callable, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont

from digitalmotor_desktop.core import colour_scales
from digitalmotor_desktop.core.colour_scales import MATURITY_STOPS
from digitalmotor_desktop.core.contrast import readable_text
from digitalmotor_desktop.core.statistics import CapabilityStats

SELECTED = "#0b5cad"


def blend(stops: Sequence[str], fraction: float) -> QColor:
    """Linear interpolation along colour stops (``core.colour_scales``); ``fraction`` is clamped to 0…1."""
    return QColor(colour_scales.blend(stops, fraction))


@lru_cache(maxsize=None)
def scale_brush(stops: tuple[str, ...], step: int, steps: int = 200):
    """The brush at ``step``/``steps`` along ``stops``, made once and kept.

    Chart brushes and pens are cached rather than made per point on every
    redraw: it is cheaper, and it kept the charts alive under PySide6 6.12,
    which lost a reference to None on each QPen/QBrush setter call.
    """
    return pg.mkBrush(blend(stops, step / steps))


def fraction_brush(stops: tuple[str, ...], fraction: float):
    return scale_brush(stops, round(min(max(fraction, 0.0), 1.0) * 200))


@lru_cache(maxsize=None)
def cached_pen(colour: str, width: float = 1.0):
    return pg.mkPen(colour, width=width)


def set_axis_titles(plot: pg.PlotWidget, **titles: str) -> None:
    """Sets axis titles that changed (each change re-lays out the axis)."""
    for side, text in titles.items():
        if plot.getAxis(side).labelText != text:
            plot.setLabel(side, text)


def elided(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def text_colour(fill: QColor) -> str:
    """Black or white, whichever contrasts more with ``fill`` (WCAG)."""
    return readable_text(fill.name())


def _font(pixels: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


def house_style(plot: pg.PlotWidget, tick_pixels: int = 14) -> None:
    """White background, dark axes, large ticks: legible when projected."""
    plot.setMenuEnabled(False)
    plot.getPlotItem().hideButtons()
    for side in ("left", "bottom", "top", "right"):
        axis = plot.getAxis(side)
        axis.setPen(pg.mkPen("#33404a"))
        axis.setTextPen(pg.mkPen("#1a1a1a"))
        axis.setStyle(tickFont=_font(tick_pixels))
        axis.label.setFont(_font(tick_pixels + 1, True))


class TextPool:
    """Text labels on a plot, reused between redraws (adding and removing items each time is slow)."""

    def __init__(self, plot: pg.PlotWidget, colour: str, pixels: int, bold: bool = False, fill=None):
        self.plot, self.colour, self.font, self.fill = plot, colour, _font(pixels, bold), fill
        self.items: list[pg.TextItem] = []
        self.count = 0

    def place(self, labels: list[tuple[str, float, float, tuple[float, float]]]) -> None:
        """Shows one label per (text, x, y, anchor); hides the rest."""
        while len(self.items) < len(labels):
            item = pg.TextItem(color=self.colour, fill=self.fill)
            item.setFont(self.font)
            self.plot.addItem(item)
            self.items.append(item)
        for item, (text, x, y, anchor) in zip(self.items, labels):
            if item.toPlainText() != text:  # re-laying out text is the slow part
                item.setText(text)
            item.setAnchor(anchor)
            item.setPos(x, y)
            item.show()
        for item in self.items[len(labels):]:
            item.hide()
        self.count = len(labels)

    def shown(self) -> list[str]:
        return [item.toPlainText() for item in self.items[: self.count]]


_DISPLAY, _TOOLTIP, _ALIGNMENT = int(Qt.DisplayRole), int(Qt.ToolTipRole), int(Qt.TextAlignmentRole)
_FOREGROUND, _BACKGROUND = int(Qt.ForegroundRole), int(Qt.BackgroundRole)
_RIGHT = int(Qt.AlignRight | Qt.AlignVCenter)
_DIM_TEXT, _DIM_FILL = QColor("#5b6770"), QColor("#ececec")


class RowsModel(QAbstractTableModel):
    """A read-only table of display texts; numbers right-aligned, greyed rows for suppressed cells."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.keys: list[str] = []  # capability id per row
        self.dimmed: set[int] = set()
        self.numeric: set[int] = set()

    def set_rows(self, headers: list[str], rows: list[list[str]], keys: list[str],
                 dimmed: set[int] = frozenset(), numeric: set[int] = frozenset()) -> None:
        """New contents. One new rating changes a few rows, or moves one a few places: then only the rows
        from the first to the last that changed are repainted (none, where they are out of sight), and a
        selected row follows its capability."""
        same_shape = (headers == self.headers and (keys == self.keys or sorted(keys) == sorted(self.keys))
                      and len(keys) == len(rows)
                      and set(dimmed) == self.dimmed and set(numeric) == self.numeric)
        if not same_shape:
            self.beginResetModel()
            self.headers, self.rows, self.keys, self.dimmed, self.numeric = headers, rows, keys, set(dimmed), set(numeric)
            self.endResetModel()
            return
        if keys != self.keys:
            # Not a layout change: that would have the view lay out and repaint every row in sight.
            new_row = {key: row for row, key in enumerate(keys)}
            old = self.persistentIndexList()
            self.changePersistentIndexList(old, [self.index(new_row[self.keys[i.row()]], i.column()) for i in old])
        changed = [row for row, (key_before, before, key_after, after) in
                   enumerate(zip(self.keys, self.rows, keys, rows)) if key_before != key_after or before != after]
        self.rows, self.keys = rows, keys
        if changed:
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], len(headers) - 1))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex, role: int = _DISPLAY):
        # Roles arrive as ints; comparing them with Qt's enum members is slow, and views ask often.
        if role == _DISPLAY or role == _TOOLTIP:
            return self.rows[index.row()][index.column()]
        if role == _ALIGNMENT:
            return _RIGHT if index.column() in self.numeric else None
        if role == _FOREGROUND:
            return _DIM_TEXT if index.row() in self.dimmed else None
        if role == _BACKGROUND:
            return _DIM_FILL if index.row() in self.dimmed else None
        return None

    def headerData(self, section: int, orientation, role: int = Qt.DisplayRole):  # noqa: N802 - Qt's name
        if role == Qt.DisplayRole and orientation == Qt.Horizontal and section < len(self.headers):
            return self.headers[section]
        return None


class ImportanceScatter(pg.PlotWidget):
    """Strategic importance (y) against mean maturity (x), one point per shown capability.

    Quadrant lines cross at the means over the shown capabilities; the upper
    left quadrant (important, weak) is where the study says to start. Hover
    shows details; a click emits ``capabilityClicked(id)``.

    There is a spot for every capability, in map order, hidden while it has no
    figures to plot: a new rating moves, shows or hides its own spot
    (``update_points``) rather than setting all of them again.
    """

    capabilityClicked = Signal(str)
    HIDDEN_AT = (0.0, 1.0)  # where a hidden spot waits (inside the axes: it must not widen the data bounds)

    def __init__(self, parent=None):
        super().__init__(parent, background="w")
        house_style(self)  # no grid: its translucent lines cost most of a redraw; quadrant lines guide the eye
        self.setXRange(0, 4, padding=0.04)
        self.setYRange(1, 5, padding=0.04)
        self.points = pg.ScatterPlotItem(size=15, hoverable=True, hoverSize=20, tip=self._tip,
                                         hoverPen=pg.mkPen(SELECTED, width=2))
        self.points.sigClicked.connect(self._clicked)
        self.addItem(self.points)
        self.x_line = pg.InfiniteLine(angle=90, pen=pg.mkPen("#5b6770", width=1.5, style=Qt.DashLine))
        self.y_line = pg.InfiniteLine(angle=0, pen=pg.mkPen("#5b6770", width=1.5, style=Qt.DashLine))
        self.addItem(self.x_line)
        self.addItem(self.y_line)
        self.labels = TextPool(self, "#1a1a1a", 14, bold=True, fill=pg.mkBrush(255, 255, 255, 200))
        self.details: Callable[[str], str] = lambda capability_id: ""
        self.rows: list[CapabilityStats] = []  # what the spots show, in map order
        self._spot_of: dict[str, int] = {}  # capability id → its spot

    def _tip(self, x, y, data) -> str:
        return self.details(data)

    def _clicked(self, _item, points, _event=None) -> None:
        if len(points):
            self.capabilityClicked.emit(points[0].data())

    @staticmethod
    def _spot(row: CapabilityStats, selected: str):
        """(x, y, brush, pen, size, visible) of a capability's spot."""
        if row.mean is None or row.importance_mean is None:
            return (*ImportanceScatter.HIDDEN_AT, fraction_brush(MATURITY_STOPS, 0), cached_pen("#33404a"), 15, False)
        chosen = row.capability_id == selected
        return (row.mean, row.importance_mean, fraction_brush(MATURITY_STOPS, row.mean / 4),
                cached_pen(SELECTED, 3) if chosen else cached_pen("#33404a"), 22 if chosen else 15, True)

    def show_points(self, rows: list[CapabilityStats], names: dict[str, str], details: Callable[[str], str],
                    labelled: list[str], selected: str, axis_titles: tuple[str, str]) -> None:
        """Every capability's spot; ``rows`` in map order. ``details(capability_id)`` is the hover text, written
        only when a point is hovered."""
        set_axis_titles(self, bottom=axis_titles[0], left=axis_titles[1])
        self.details = details
        self.rows = list(rows)
        self._spot_of = {r.capability_id: i for i, r in enumerate(self.rows)}
        x, y, brushes, pens, sizes, visible = zip(*(self._spot(r, selected) for r in self.rows)) if rows else ((),) * 6
        self.points.setData(x=list(x), y=list(y), data=[r.capability_id for r in self.rows], brush=list(brushes),
                            pen=list(pens), size=np.array(sizes, dtype=float))
        self.points.setPointsVisible(np.array(visible, dtype=bool))
        self._place(names, labelled)

    def update_points(self, rows: Sequence[CapabilityStats], names: dict[str, str], labelled: list[str],
                      selected: str) -> None:
        """Moves, restyles, shows or hides the spots of ``rows`` (capabilities ``show_points`` drew)."""
        for row in rows:
            index = self._spot_of[row.capability_id]
            self.rows[index] = row
            x, y, brush, pen, size, visible = self._spot(row, selected)
            spot = self.points.data[index:index + 1]  # a view: pyqtgraph's own record of the spot
            spot["x"], spot["y"], spot["size"], spot["visible"] = x, y, size, visible
            spot["brush"][0], spot["pen"][0] = brush, pen
            spot["sourceRect"] = 0  # draw it again from the new style
            self.points.updateSpots(spot)
        self.points.bounds = [None, None]  # the cached data bounds, as setData clears them
        self.points.prepareGeometryChange()
        self.points.informViewBoundsChanged()
        self.points.invalidate()
        self._place(names, labelled)

    def shown(self) -> list[tuple]:
        """The visible spots as drawn: (capability id, x, y, fill, outline, outline width, size), in map order."""
        data = self.points.data
        return [(spot["data"], float(spot["x"]), float(spot["y"]), spot["brush"].color().name(),
                 spot["pen"].color().name(), spot["pen"].widthF(), float(spot["size"]))
                for spot in data[data["visible"]]]

    def _place(self, names: dict[str, str], labelled: list[str]) -> None:
        """The quadrant lines at the means of the plotted capabilities, and the labels of ``labelled``."""
        plotted = [r for r in self.rows if r.mean is not None and r.importance_mean is not None]
        if plotted:
            self.x_line.setValue(math.fsum(r.mean for r in plotted) / len(plotted))
            self.y_line.setValue(math.fsum(r.importance_mean for r in plotted) / len(plotted))
        by_id = {r.capability_id: r for r in plotted}
        # Labels are written towards the middle so they stay inside the plot.
        self.labels.place([(f"{rank}. {elided(names[cap], 30)}", by_id[cap].mean, by_id[cap].importance_mean,
                            (1, 1) if by_id[cap].mean > 2 else (0, 1))
                           for rank, cap in enumerate(labelled, start=1) if cap in by_id])


class MeanSpreadChart(pg.PlotWidget):
    """Mean ± standard deviation per capability in map order, one row each (Figur 29).

    A suppressed capability shows "too few answers" on its row instead of a bar.
    """

    ROW = 26

    def __init__(self, parent=None):
        super().__init__(parent, background="w")
        house_style(self, 13)
        self.setMouseEnabled(x=False, y=False)
        self.getAxis("left").setWidth(340)
        self.showAxis("top")
        self.showGrid(x=True, alpha=0.2)
        self.bars = pg.ErrorBarItem(beam=0.25, pen=pg.mkPen("#33404a", width=2))
        self.dots = pg.ScatterPlotItem(size=12)
        self.addItem(self.bars)
        self.addItem(self.dots)
        self.notes = TextPool(self, "#5b6770", 13)

    def show_rows(self, rows: list[CapabilityStats], names: dict[str, str], suppressed_text: str,
                  selected: str, x_title: str) -> None:
        set_axis_titles(self, bottom=x_title)
        count = len(rows)
        ys = [count - i for i in range(count)]
        self.getAxis("left").setTicks([[(y, elided(names[r.capability_id], 44)) for y, r in zip(ys, rows)]])
        shown = [(y, r) for y, r in zip(ys, rows) if r.mean is not None]
        x = np.array([r.mean for _, r in shown], dtype=float)
        y = np.array([yy for yy, _ in shown], dtype=float)
        sd = np.array([r.sd or 0.0 for _, r in shown], dtype=float)
        self.bars.setData(x=x, y=y, left=sd, right=sd)
        self.dots.setData([{"pos": (r.mean, yy), "brush": fraction_brush(MATURITY_STOPS, r.mean / 4),
                            "pen": cached_pen(SELECTED, 3) if r.capability_id == selected else cached_pen("#33404a"),
                            "size": 16 if r.capability_id == selected else 12} for yy, r in shown])
        self.notes.place([(f"{suppressed_text} (n = {r.n})", 0.05, yy, (0, 0.5))
                          for yy, r in zip(ys, rows) if r.mean is None])
        self.setXRange(0, 4, padding=0.02)
        self.setYRange(0.5, count + 0.5, padding=0)
        self.setMinimumHeight(self.ROW * count + 60)


class DistributionChart(pg.PlotWidget):
    """How many organisations are at each level, for the selected capability."""

    def __init__(self, parent=None):
        super().__init__(parent, background="w")
        house_style(self, 13)
        self.setMouseEnabled(x=False, y=False)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.7)
        self.addItem(self.bars)
        self.values = TextPool(self, "#1a1a1a", 14, bold=True)
        self.shown: tuple = ()

    def show_counts(self, counts: Sequence[int], labels: Sequence[str]) -> None:
        if self.shown == (tuple(counts), tuple(labels)):
            return
        self.shown = (tuple(counts), tuple(labels))
        levels = list(range(len(labels)))
        self.getAxis("bottom").setTicks([[(lv, str(lv)) for lv in levels]])
        heights = list(counts)
        self.bars.setOpts(x=levels, height=heights, width=0.7,
                          brushes=[fraction_brush(MATURITY_STOPS, lv / max(len(levels) - 1, 1)) for lv in levels],
                          pen=cached_pen("#33404a"))
        self.values.place([(str(h), lv, h, (0.5, 1)) for lv, h in zip(levels, heights)])
        self.setXRange(-0.6, len(levels) - 0.4, padding=0)
        self.setYRange(0, max(heights + [1]) * 1.25, padding=0)
