"""Stage 5 — GAP-analys: the joint, anonymised result and the room's decisions.

Everything shown comes from ``ops.results.gap_report``, where the privacy
rules are applied (core.privacy): suppressed capabilities have no figures to
show, and per-organisation figures exist only for organisations that may be
shown. The "Anonymised" switch (on by default, for projection) shows
organisations as pseudonyms and only those that chose to share with the group;
off, the facilitator's own screen names every organisation.

The view keeps the report current (``ops.results.LiveGapReport``): a new rating
or a decision recomputes only its capability, and the page on show updates only
what that changed — its heat-map box, its scatter point, the rows of the lists it
moves. Any other change (consent, organisations, the map, the workshop's K or
target) recomputes all and redraws the page on show in full. The other pages
redraw in full when they are next shown.
"""

from __future__ import annotations


from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.core.i18n import filled
from digitalmotor_desktop.core.map_layout import BoxStyle
from digitalmotor_desktop.core.model import CapabilityMap
from digitalmotor_desktop.core.privacy import SUPPRESSED_TEXT
from digitalmotor_desktop.core.colour_scales import MATURITY_STOPS, SUPPRESSED_FILL
from digitalmotor_desktop.core.scenarios import Decision
from digitalmotor_desktop.core.statistics import UNIT_RULE, CapabilityStats
from digitalmotor_desktop.export.map_picture import IMPORTANCE, MATURITY, SPREAD
from digitalmotor_desktop.export.map_picture import box_style as heat_box_style
from digitalmotor_desktop.export.wording import Wording
from digitalmotor_desktop.gui.gap_charts import (
    DistributionChart,
    ImportanceScatter,
    MeanSpreadChart,
    RowsModel,
    blend,
    text_colour,
)
from digitalmotor_desktop.gui.i18n import installed_language
from digitalmotor_desktop.gui.map_canvas import MapCanvas
from digitalmotor_desktop.gui.stages.base import StageView
from digitalmotor_desktop.gui.stages.gap.panel import (
    HEAT_BOX_HEIGHT,
    PRIORITIES_LABELLED,
    DecisionPanel,
    VerticalScrollArea,
    translated,
)
from digitalmotor_desktop.gui.stages.gap.scenarios import ScenarioPlanPanel
from digitalmotor_desktop.ops.changes import (
    ALL,
    DECISIONS,
    MAP,
    ORGANISATIONS,
    RATINGS,
    WORKSHOP,
    Changes,
)
from digitalmotor_desktop.ops.decisions import decide, set_target_level
from digitalmotor_desktop.ops.results import GapReport, LiveGapReport

COLOUR_MATURITY, COLOUR_IMPORTANCE, COLOUR_SPREAD, COLOUR_ORGANISATION = range(4)
HEAT_MODES = {COLOUR_MATURITY: MATURITY, COLOUR_IMPORTANCE: IMPORTANCE, COLOUR_SPREAD: SPREAD}
PAGE_MAP, PAGE_SCATTER, PAGE_SPREAD, PAGE_LISTS, PAGE_TABLE, PAGE_ORGANISATIONS, PAGE_SCENARIOS = range(7)


class GapStage(StageView):
    depends_on = frozenset({RATINGS, ORGANISATIONS, DECISIONS, MAP, WORKSHOP})

    def __init__(self, parent=None):
        super().__init__(parent)
        self.report: GapReport | None = None
        self.live: LiveGapReport | None = None  # keeps ``report`` current
        self.selected = ""
        self.names: dict[str, str] = {}
        self._stale: set[int] = set()
        self._map_built = False
        self._shown_selection: tuple = ()
        self._opened = False
        self._rows: dict[str, CapabilityStats] = {}
        self._texts: dict[int, dict[str, list[str]]] = {}  # page → capability id → its row's texts there
        self._projected = False  # this window is on the projector (one screen)

        # Top bar: projection switch, colouring, target level, the n rule.
        self.anonymised = QCheckBox()
        self.anonymised.setChecked(True)
        self.colour_label = QLabel()
        self.colour_by = QComboBox()
        self.organisation = QComboBox()
        self.target_label = QLabel()
        self.target = QComboBox()
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.rule.setStyleSheet("color:#33404a")
        bar = QHBoxLayout()
        for widget in (self.anonymised, self.colour_label, self.colour_by, self.organisation, self.target_label,
                       self.target):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.export_button = QPushButton()
        self.export_dialog = None  # the last Export… dialog, kept while it is open
        self.export_button.clicked.connect(self.choose_export)
        bar.addWidget(self.export_button)

        # Pages: every chart has a table with the same figures.
        self.pages = QTabWidget()
        # Every tab in sight at 1280×720 (no scroll arrows hiding the first or the last): long titles end in
        # "…" and show whole on hover.
        self.pages.setUsesScrollButtons(False)
        self.pages.setElideMode(Qt.ElideRight)
        self.canvas = MapCanvas(min_box=HEAT_BOX_HEIGHT)
        self.canvas.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        self.scatter = ImportanceScatter()
        self.priority_model = RowsModel(self)
        self.priority_table = self._table(self.priority_model, stretch=1)
        scatter_page = QSplitter(Qt.Horizontal)
        scatter_page.addWidget(self.scatter)
        scatter_page.addWidget(self.priority_table)
        scatter_page.setSizes([640, 480])
        self.spread_chart = MeanSpreadChart()
        spread_page = QScrollArea()
        spread_page.setWidgetResizable(True)
        spread_page.setWidget(self.spread_chart)
        self.top_model, self.bottom_model = RowsModel(self), RowsModel(self)
        lists_page = QWidget()
        lists = QHBoxLayout(lists_page)
        self.top_title, self.bottom_title = QLabel(), QLabel()
        for title, model in ((self.top_title, self.top_model), (self.bottom_title, self.bottom_model)):
            column = QVBoxLayout()
            title.setStyleSheet("font-size:18px;font-weight:bold")
            title.setWordWrap(True)  # two titles side by side must not widen the window at 1280×720
            column.addWidget(title)
            column.addWidget(self._table(model, stretch=1), 1)
            lists.addLayout(column)
        self.joint_model = RowsModel(self)
        self.organisation_model = RowsModel(self)
        self.scenario_model = RowsModel(self)
        scenarios_page = QWidget()
        scenarios = QVBoxLayout(scenarios_page)
        self.scenario_summary = QLabel()
        self.scenario_summary.setWordWrap(True)
        self.scenario_summary.setTextFormat(Qt.PlainText)
        scenarios.addWidget(self.scenario_summary)
        self.scenario_plan = ScenarioPlanPanel()
        scenarios.addWidget(self.scenario_plan)
        scenarios.addWidget(self._table(self.scenario_model, stretch=1), 1)
        # Scrolls rather than making the whole window taller than a 1280x720 projector allows.
        scenarios_scroll = VerticalScrollArea(scenarios_page)
        organisations_page = QWidget()
        self.organisations_note = QLabel()  # why the table is empty, in a full sentence
        self.organisations_note.setWordWrap(True)
        organisations_layout = QVBoxLayout(organisations_page)
        organisations_layout.setContentsMargins(0, 0, 0, 0)
        organisations_layout.addWidget(self.organisations_note)
        organisations_layout.addWidget(self._table(self.organisation_model), 1)
        for page in (self.canvas, scatter_page, spread_page, lists_page, self._table(self.joint_model),
                     organisations_page, scenarios_scroll):
            self.pages.addTab(page, "")

        # Side panel: the selected capability, its level distribution and the decision.
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size:19px;font-weight:bold")
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.figures.setStyleSheet("font-size:15px")
        self.distribution = DistributionChart()
        self.distribution.setMinimumHeight(170)
        self.distribution.setMaximumHeight(240)
        self.distribution_table = QLabel()
        self.distribution_table.setStyleSheet("font-size:14px")
        self.decision = DecisionPanel(self)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        for widget in (self.heading, self.figures, self.distribution, self.distribution_table, self.decision, self.rule):
            side_layout.addWidget(widget)
        side_layout.addStretch(1)

        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.pages)
        splitter.addWidget(VerticalScrollArea(side))  # on a 1280×720 projector: scrolls, never squashes the form
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1000, 360])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        self.setStyleSheet("QTableView{font-size:15px} QTabBar{font-size:15px} QCheckBox,QComboBox,QLabel{font-size:15px}")

        self.anonymised.toggled.connect(self._anonymised_toggled)
        self.colour_by.currentIndexChanged.connect(self._colour_changed)
        self.organisation.currentIndexChanged.connect(self._colour_changed)
        self.target.activated.connect(self._target_chosen)
        self.pages.currentChanged.connect(self._draw_page)
        self.canvas.capabilitySelected.connect(self.select)
        self.scatter.capabilityClicked.connect(self.select)
        self._retranslate_static()

    # -- building blocks ------------------------------------------------------
    def _table(self, model: RowsModel, stretch: int = -1) -> QTableView:
        """A table of ``model``; column ``stretch`` (the capability name) takes the spare width."""
        table = QTableView()
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectRows)
        table.setSelectionMode(QAbstractItemView.SingleSelection)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setResizeContentsPrecision(60)  # sizes from the first rows, not all 500
        sized: list = [None]

        def size_columns() -> None:
            # Measuring every cell is slow; do it when the columns change, not for every new rating.
            if sized[0] == model.headers:
                return
            sized[0] = list(model.headers)
            table.resizeColumnsToContents()
            if 0 <= stretch < len(model.headers):
                header.setStretchLastSection(False)
                header.setSectionResizeMode(stretch, QHeaderView.Stretch)

        model.modelReset.connect(size_columns)
        table.clicked.connect(lambda index: self.select(model.keys[index.row()]) if model.keys else None)
        return table

    def _number(self, value: float | None, places: int = 2) -> str:
        return "" if value is None else QLocale().toString(float(value), "f", places)

    def _level(self, value: float | None) -> str:
        return "" if value is None else (str(int(value)) if value == int(value) else self._number(value))

    def _too_few(self) -> str:
        return translated("Results", SUPPRESSED_TEXT)

    def title(self) -> str:
        return self.tr("GAP analysis")

    def set_session(self, session) -> None:
        self._opened = False
        self.selected = ""
        self.live = None
        super().set_session(session)

    def _retranslate_static(self) -> None:
        self.canvas.setAccessibleName(self.tr("Heat map of the capability map"))
        self.distribution.setAccessibleName(self.tr("Distribution of levels for the selected capability"))
        self.anonymised.setText(self.tr("Anonymised (for projection)"))
        self.anonymised.setToolTip(self.tr("Organisations as random pseudonyms, only those that chose to share with "
                                           "the group. Turn off only on the facilitator's own screen."))
        self.colour_label.setText(self.tr("Colour map by"))
        current = self.colour_by.currentIndex()
        self.colour_by.blockSignals(True)
        self.colour_by.clear()
        self.colour_by.addItems([self.tr("Maturity (mean)"), self.tr("Strategic importance"),
                                 self.tr("Spread (SD)"), self.tr("One organisation")])
        self.colour_by.setCurrentIndex(max(current, 0))
        self.colour_by.blockSignals(False)
        self.target_label.setText(self.tr("Target level"))
        self.export_button.setText(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("The anonymised joint result as a PDF report, map images and posters, "
                                              "a report per organisation, paper forms, or a workbook or CSV. Figures "
                                              "over too few organisations stay hidden, as here."))
        for page, text in ((PAGE_MAP, self.tr("Heat map")), (PAGE_SCATTER, self.tr("Importance × maturity")),
                           (PAGE_SPREAD, self.tr("Mean ± SD")), (PAGE_LISTS, self.tr("Highest and lowest")),
                           (PAGE_TABLE, self.tr("Table")), (PAGE_ORGANISATIONS, self.tr("Per organisation")),
                           (PAGE_SCENARIOS, self.tr("Scenarios"))):
            self.pages.setTabText(page, text)
            self.pages.setTabToolTip(page, text)
        self.decision.retranslate()

    def retranslate(self) -> None:
        self._retranslate_static()
        super().retranslate()

    # -- export ---------------------------------------------------------------
    def choose_export(self) -> None:
        """Opens Export…: every deliverable, what it will hide, written in the background."""
        if self.session is None:
            return
        from digitalmotor_desktop.gui.export_dialog import ExportDialog  # reportlab loads only when asked for

        dialog = ExportDialog(self.session, self)
        dialog.exported.connect(self.status_message.emit)
        self.export_dialog = dialog
        dialog.open()

    # -- refresh --------------------------------------------------------------
    def refresh(self, changes: Changes) -> None:
        if self.session is None:
            self.report = self.live = None
            self.canvas.set_map(CapabilityMap())  # a later resize must not lay out the closed workshop's map
            self.canvas.scene().clear()
            self.canvas.boxes.clear()
            self._map_built = False
            self._show_selected()
            return
        anonymised = self.anonymised.isChecked()
        if self.live is None or self.live.anonymised != anonymised:
            self.live = LiveGapReport(self.session.document, anonymised)
            changes = Changes(ALL)
        columns_before = self.report.result.columns if self.report is not None else None
        changed = self.live.refresh(changes)
        self.report = self.live.report
        self._rows = {r.capability_id: r for r in self.report.result.rows}
        if changed is not None and self.report.result.columns == columns_before:  # else the organisation menu too
            self._update(changed)
            return
        self._texts.clear()
        self.names = {c.id: c.name for c in self.report.capability_map.capabilities()}
        if self.selected not in self.names:
            self.selected = ""
        if not self._opened and self.report.result.priority:
            self.selected = self.report.result.priority[0].capability_id  # open on the room's first priority
        self._opened = True
        if changes.touches(MAP):
            self._map_built = False
        self._fill_bar()
        self._stale = set(range(self.pages.count()))
        self._draw_page(self.pages.currentIndex())
        self._show_selected()

    def _update(self, changed: frozenset[str]) -> None:
        """After ratings or decisions that ``changed`` some capabilities: the heat map or the scatter on show
        updates only those, if it was up to date before; every other page redraws when shown."""
        for texts in self._texts.values():
            for capability_id in changed:
                texts.pop(capability_id, None)
        self._show_rule()
        page = self.pages.currentIndex()
        in_step = page not in self._stale
        self._stale = set(range(self.pages.count()))
        if in_step and page == PAGE_MAP and self._map_built:
            self._stale.discard(page)
            self.canvas.restyle(self._style_for, changed)
        elif in_step and page == PAGE_SCATTER:
            self._stale.discard(page)
            self._draw_scatter(changed)
        else:
            self._draw_page(page)
        self._show_selected()

    def _fill_bar(self) -> None:
        report = self.report
        self.target.clear()
        for level in report.scale:
            self.target.addItem(f"{level.level} {level.label}", level.level)
        self.target.setCurrentIndex(max(self.target.findData(report.target_level), 0))
        chosen = self.organisation.currentData()
        self.organisation.blockSignals(True)
        self.organisation.clear()
        for column in report.result.columns:
            self.organisation.addItem(column.label, column.organisation_id)
        self.organisation.setCurrentIndex(max(self.organisation.findData(chosen), 0))
        self.organisation.blockSignals(False)
        self.organisation.setVisible(self.colour_by.currentIndex() == COLOUR_ORGANISATION)
        self._show_rule()

    def _show_rule(self) -> None:
        report = self.report
        shown = sum(1 for r in report.result.rows if not r.suppressed)
        self.rule.setText(filled(self.tr("{rule} Fewer than {k} organisations: “{too_few}”. {shown} of {total} "
                                         "capabilities shown; {level4} have an organisation at level 4."),
            rule=translated("Results", UNIT_RULE), k=report.result.min_n, too_few=self._too_few(), shown=shown,
            total=len(report.result.rows), level4=report.result.level4_count))

    def _draw_page(self, page: int) -> None:
        if self.report is None or page not in self._stale:
            return
        self._stale.discard(page)
        {PAGE_MAP: self._draw_map, PAGE_SCATTER: self._draw_scatter, PAGE_SPREAD: self._draw_spread,
         PAGE_LISTS: self._draw_lists, PAGE_TABLE: self._draw_table,
         PAGE_ORGANISATIONS: self._draw_organisations, PAGE_SCENARIOS: self._draw_scenarios}[page]()

    def _anonymised_toggled(self, anonymised: bool) -> None:
        if not anonymised and not self._named_results_allowed():
            self.anonymised.blockSignals(True)
            self.anonymised.setChecked(True)
            self.anonymised.blockSignals(False)
            return
        self.refresh(Changes.of(ORGANISATIONS))

    def _named_results_allowed(self) -> bool:
        """With one screen (or this window on the projector) the room sees what this window shows: ask first."""
        if len(QGuiApplication.screens()) > 1 and not self._projected:
            return True
        answer = QMessageBox.question(
            self, self.tr("Show organisation names?"),
            self.tr("This window is the only screen, so the room may be seeing it. Named results show every "
                    "organisation, also those that chose to show their result to the facilitator only. "
                    "Show names?"), QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        return answer == QMessageBox.Yes

    def set_projected(self, projected: bool) -> None:
        self._projected = projected
        if projected:
            self.anonymised.setChecked(True)

    def audience_widget(self):
        from digitalmotor_desktop.gui.stages.gap.audience import GapAudience

        return GapAudience(self)

    def _colour_changed(self) -> None:
        self.organisation.setVisible(self.colour_by.currentIndex() == COLOUR_ORGANISATION)
        self.audience_changed.emit()
        if self.report is not None:
            self._stale.add(PAGE_MAP)
            self._draw_page(self.pages.currentIndex())

    # -- the heat map ---------------------------------------------------------
    def _draw_map(self) -> None:
        if self._map_built:
            self.canvas.restyle(self._style_for)
        else:
            self.canvas.set_map(self.report.capability_map, self._style_for)
            self._map_built = True
        self._select_on_canvas()

    def _style_for(self, capability) -> BoxStyle:
        """The canvas keeps this to restyle after a resize: it always reads the current figures."""
        return self.box_style(self.report, self._rows[capability.id], self.colour_by.currentIndex())

    def box_style(self, report: GapReport, row: CapabilityStats, mode: int) -> BoxStyle:
        """A heat-map box of ``report`` coloured by ``mode`` as the exports colour it
        (``export.map_picture.box_style``), or by one organisation's levels; the audience view passes its
        own anonymised report."""
        top_level = max(len(report.scale) - 1, 1)
        if mode != COLOUR_ORGANISATION or row.suppressed:
            wording = Wording(QCoreApplication.translate, installed_language(), QLocale().decimalPoint())
            return heat_box_style(row, HEAT_MODES.get(mode, MATURITY), wording, top_level, wide_mark="▲ ")
        organisation = self.organisation.currentData()
        if row.capability_id in report.result.withheld:
            return BoxStyle(fill=SUPPRESSED_FILL, text="#333333", lines=(self.tr("hidden"),), hatched=True)
        value = report.result.matrix.get(row.capability_id, {}).get(organisation)
        if value is None:
            return BoxStyle(fill="#ffffff", lines=(self.tr("not rated"),))
        fill = blend(MATURITY_STOPS, value / top_level)
        return BoxStyle(fill=fill.name(), text=text_colour(fill), lines=(self._level(value),))

    # -- charts and tables ----------------------------------------------------
    def _details(self, row: CapabilityStats) -> str:
        return filled(self.tr(
            "{name}\nmaturity {mean} (SD {sd}, n = {n})\nimportance {importance} (n = {importance_n})"),
            name=self.names[row.capability_id], mean=self._number(row.mean), sd=self._number(row.sd), n=row.n,
            importance=self._number(row.importance_mean), importance_n=row.importance_n)

    def _draw_scatter(self, changed: frozenset[str] | None = None) -> None:
        """The scatter and the priority table; after ratings or decisions only the ``changed`` points move."""
        result = self.report.result
        labelled = [r.capability_id for r in result.priority[:PRIORITIES_LABELLED]]
        if changed is None:
            self.scatter.show_points(
                result.rows, self.names, lambda capability_id: self._details(self._rows[capability_id]), labelled,
                self.selected,
                (self.tr("Maturity (mean of organisations, 0–4)"), self.tr("Strategic importance (1–5)")))
        else:
            self.scatter.update_points([self._rows[cap] for cap in changed], self.names, labelled, self.selected)
        headers = [self.tr("#"), self.tr("Capability"), self.tr("Importance"), self.tr("Maturity"), self.tr("Gap")]
        rows = [[str(i), *self._row_texts(PAGE_SCATTER, r.capability_id, lambda: [
            self.names[r.capability_id], self._number(r.importance_mean), self._number(r.mean), self._number(r.gap)])]
            for i, r in enumerate(result.priority, start=1)]
        self.priority_model.set_rows(headers, rows, [r.capability_id for r in result.priority], numeric={0, 2, 3, 4})

    def _row_texts(self, page: int, capability_id: str, texts) -> list[str]:
        """A capability's row on a page (``texts()`` makes it), kept until its figures change: formatting every
        row again for each new rating would take most of a frame at 500 capabilities."""
        rows = self._texts.setdefault(page, {})
        row = rows.get(capability_id)
        if row is None:
            row = rows[capability_id] = texts()
        return row

    def _scenario_text(self, capability_id: str) -> str:
        number = self.report.suggestions[capability_id].scenario
        return "" if number is None else next((f"{s.number} {s.name}" for s in self.report.scenarios
                                                if s.number == number), str(number))

    def _draw_spread(self) -> None:
        self.spread_chart.show_rows(self.report.result.rows, self.names, self._too_few(), self.selected,
                                    self.tr("Mean maturity ± standard deviation (organisations)"))

    def _draw_lists(self) -> None:
        result = self.report.result
        headers = [self.tr("Rank"), self.tr("Capability"), self.tr("Mean"), self.tr("n")]
        self.top_title.setText(self.tr("Highest rated (mean)"))
        self.bottom_title.setText(self.tr("Lowest rated (mean)"))
        for model, ranked in ((self.top_model, result.top), (self.bottom_model, result.bottom)):
            model.set_rows(headers, [[f"{r.rank}=" if r.tied else str(r.rank), self.names[r.stats.capability_id],
                                      self._number(r.stats.mean), str(r.stats.n)] for r in ranked],
                           [r.stats.capability_id for r in ranked], numeric={0, 2, 3})

    def _draw_table(self) -> None:
        report = self.report
        headers = [self.tr("Area"), self.tr("Group"), self.tr("Capability"), self.tr("n"), self.tr("Mean"),
                   self.tr("SD"), self.tr("Min"), self.tr("Max"), *(str(level.level) for level in report.scale),
                   self.tr("Importance n"), self.tr("Importance"), self.tr("Gap"), self.tr("Wide spread"),
                   self.tr("Suggested scenario"), self.tr("Status")]
        rows, keys, dimmed = [], [], set()
        for i, ((area, group, cap), r) in enumerate(zip(report.places(), report.result.rows)):
            if r.suppressed:
                dimmed.add(i)
            rows.append(self._row_texts(PAGE_TABLE, cap.id, lambda: self._table_row(area.name, group.name, cap, r)))
            keys.append(cap.id)
        self.joint_model.set_rows(headers, rows, keys, dimmed, numeric=set(range(3, 11 + len(report.scale))))

    def _table_row(self, area: str, group: str, cap, r: CapabilityStats) -> list[str]:
        if r.suppressed:
            figures = [""] * (len(self.report.scale) + 10)
            status = self._too_few()
        else:
            figures = [self._number(r.mean), self._number(r.sd), self._level(r.min), self._level(r.max),
                       *(str(c) for c in r.level_counts), str(r.importance_n), self._number(r.importance_mean),
                       self._number(r.gap), self.tr("yes") if r.wide_spread else "", self._scenario_text(cap.id)]
            status = self.tr("shown")
        return [area, group, cap.name, str(r.n), *figures, status]

    def _draw_organisations(self) -> None:
        result = self.report.result
        capabilities = self.report.capability_map.capabilities()
        reasons = {cap.id: filled(translated("Results", reason[0]), **reason[1])
                   for cap in capabilities if (reason := result.withheld.get(cap.id))}
        if result.columns and len(reasons) == len(capabilities):  # columns, but not one value in them
            self.organisations_note.setText(filled(self.tr(
                "No organisation's values are shown for any capability. {reasons}"),
                reasons=" ".join(dict.fromkeys(reasons.values()))))
            self.organisations_note.show()
        elif result.columns:
            self.organisations_note.hide()
        elif any(row.n for row in result.rows):
            self.organisations_note.setText(self.tr(
                "No organisation is listed: while the results are anonymised, only organisations whose every "
                "respondent chose to show their named result to the whole group appear here, and none has."))
            self.organisations_note.show()
        else:
            self.organisations_note.setText(self.tr("No organisation has answered the maturity assessment yet, "
                                                    "so there is nothing to list here."))
            self.organisations_note.show()
        headers = [self.tr("Capability"), *(c.label for c in result.columns), self.tr("Note")]
        rows, keys, dimmed = [], [], set()
        for i, cap in enumerate(capabilities):
            if cap.id in reasons:
                dimmed.add(i)
            rows.append(self._row_texts(PAGE_ORGANISATIONS, cap.id, lambda: [
                cap.name, *(self._level(result.matrix.get(cap.id, {}).get(c.organisation_id)) for c in result.columns),
                reasons.get(cap.id, "")]))
            keys.append(cap.id)
        self.organisation_model.set_rows(headers, rows, keys, dimmed, numeric=set(range(1, len(result.columns) + 1)))

    def _draw_scenarios(self) -> None:
        """The capabilities grouped by the scenario the room decided, each scenario's summary and pilot."""
        report = self.report
        groups = report.scenario_groups()
        lines = []
        if report.joint_suggestion is not None:
            lines.append(self.tr("For the whole map: scenario {number}. {reason}").format(
                number=report.joint_suggestion.scenario,
                reason=report.joint_suggestion.text(lambda text: translated("Scenario", text))))
        for group in groups[:-1]:
            line = f"{group.scenario.number} {group.scenario.name}: {group.scenario.summary}"
            if group.pilot:
                line += " " + self.tr("Pilot: {name}.").format(name=group.pilot)
            if group.participants:
                line += " " + self.tr("Taking part: {count}.").format(count=len(group.participants))
            lines.append(line + " " + self.tr("({count} decided)").format(count=len(group.capabilities)))
        lines.append(self.tr("A scenario does not require every organisation to take part."))
        self.scenario_summary.setText("\n".join(lines))
        self.scenario_plan.show_report(self.session, report)
        rows = [[f"{g.scenario.number} {g.scenario.name}" if g.scenario else self.tr("Not decided yet"),
                 self.names[cap_id], self._number(report.result.row(cap_id).mean), self._scenario_text(cap_id)]
                for g in groups for cap_id in g.capabilities]
        keys = [cap_id for g in groups for cap_id in g.capabilities]
        self.scenario_model.set_rows([self.tr("Decided scenario"), self.tr("Capability"), self.tr("Mean"),
                                      self.tr("Suggested scenario")], rows, keys, numeric={2})

    # -- selection and decisions ----------------------------------------------
    def select(self, capability_id: str) -> None:
        if capability_id == self.selected or self.report is None:
            return
        self.selected = capability_id
        self.audience_changed.emit()
        self._select_on_canvas()
        for page in (PAGE_SCATTER, PAGE_SPREAD):
            self._stale.add(page)
        self._draw_page(self.pages.currentIndex())
        self._show_selected()

    def step_selection(self, step: int) -> None:
        if self.report is not None:
            self.select(self.report.capability_map.capability_after(self.selected, step))

    def select_capability(self, capability_id: str) -> None:
        self.select(capability_id)

    def _select_on_canvas(self) -> None:
        self.canvas.blockSignals(True)  # selecting there must not echo back here
        self.canvas.select(self.selected)
        self.canvas.blockSignals(False)

    def _show_selected(self) -> None:
        report = self.report
        row = report.result.row(self.selected) if report and self.selected else None
        shown = (self.selected, row, report and (report.decisions.get(self.selected), report.target_level,
                                                  tuple(report.scale), tuple(report.scenarios),
                                                  report.suggestions.get(self.selected)))
        if shown == self._shown_selection:
            return  # nothing the side panel shows has changed
        self._shown_selection = shown
        self.decision.show_decision(report if row else None, self.selected if row else "")
        if row is None:
            self.heading.setText(self.tr("Select a capability in the map, a chart or a table."))
            self.figures.clear()
            self.distribution.hide()
            self.distribution_table.clear()
            return
        self.heading.setText(self.names[row.capability_id])
        if row.suppressed:
            self.figures.setText(filled(self.tr("n = {n} organisations: {too_few} (at least {k} needed)."),
                n=row.n, too_few=self._too_few(), k=report.result.min_n))
            self.distribution.hide()
            self.distribution_table.setText(self._too_few())
            return
        importance = (filled(self.tr("importance {value} (n = {n})"), value=self._number(row.importance_mean),
                             n=row.importance_n)
                      if row.importance_mean is not None else filled(self.tr("importance: {too_few}"),
                          too_few=self._too_few()))
        self.figures.setText(filled(self.tr(
            "n = {n} organisations · mean {mean} · SD {sd} · min {min} · max {max}<br>{importance} · "
            "gap to target {target}: {gap}{wide}"),
            n=row.n, mean=self._number(row.mean), sd=self._number(row.sd), min=self._level(row.min),
            max=self._level(row.max), importance=importance, target=row.target_level, gap=self._number(row.gap),
            wide=(" · <b>" + self.tr("wide spread") + "</b>") if row.wide_spread else ""))
        self.distribution.show_counts(row.level_counts, [s.label for s in report.scale])
        self.distribution.show()
        self.distribution_table.setText("<br>".join(f"{s.level} {s.label}: <b>{c}</b>"
                                                    for s, c in zip(report.scale, row.level_counts)))

    def decide(self, decision: Decision | None) -> bool:
        """Saves the room's decision for the selected capability; whether it was saved."""
        if self.session is None or not self.selected:
            return False
        try:
            self.session.apply(decide(self.session.document, self.selected, decision))
        except UserError as error:
            self.session.error.emit(error)
            return False
        return True

    def _target_chosen(self) -> None:
        level = self.target.currentData()
        if self.session is None or level is None or level == self.report.target_level:
            return
        try:
            self.session.apply(set_target_level(self.session.document, level))
        except UserError as error:
            self.session.error.emit(error)
