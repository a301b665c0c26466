"""Stage 5 for the room: the joint result as a heat map, always anonymised, whatever the main window shows.

Its report is its own (an anonymised ``LiveGapReport``): the main window's "Anonymised" switch
never reaches it, so no facilitator-only organisation, respondent or comment can appear.
Colouring by one organisation falls back to the mean here. Like the stage, it follows a new
rating by recomputing and repainting that rating's capability alone. Like stage 3's room view it
shows the area of the selected capability, its text never below the audience window's least size.
"""

from __future__ import annotations

from digitalmotor_desktop.gui.room.views import AudienceView, RoomMap, audience_label
from digitalmotor_desktop.gui.stages.gap.panel import HEAT_BOX_HEIGHT
from digitalmotor_desktop.ops.changes import Changes
from digitalmotor_desktop.ops.results import LiveGapReport


class GapAudience(AudienceView):
    def __init__(self, stage):
        super().__init__(stage)
        self.depends_on = stage.depends_on
        self.live = LiveGapReport(self.session.document, anonymised=True) if self.session is not None else None
        self.changed: frozenset[str] | None = None  # the capabilities the last change touched (None: any)
        self.canvas = RoomMap(stage, min_box=HEAT_BOX_HEIGHT)
        self.selected = audience_label("audienceQuiet", lines=2)  # a capability's figures: two lines at most
        self.body.addWidget(self.canvas, 1)
        self.body.addWidget(self.selected)
        if self.live is not None:
            self.live.refresh()
        self.show_state()

    def set_least_text(self, pixels: float) -> None:
        self.canvas.set_least_text(pixels)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*self.depends_on):
            self.changed = self.live.refresh(changes)
            self.show_state()
            self.changed = None

    def show_state(self) -> None:
        from digitalmotor_desktop.gui.stages.gap.view import COLOUR_MATURITY, COLOUR_ORGANISATION

        if self.session is None:
            return
        stage = self.stage
        report = self.live.report
        rows = {row.capability_id: row for row in report.result.rows}
        mode = stage.colour_by.currentIndex()
        mode = COLOUR_MATURITY if mode in (COLOUR_ORGANISATION, -1) else mode

        def style_for(capability):
            return stage.box_style(report, rows[capability.id], mode)

        if self.canvas.capability_map == report.capability_map and self.canvas.shows_area_of(stage.selected):
            self.canvas.restyle(style_for, self.changed)  # the same map and area: repaint only the boxes that changed
        else:
            self.canvas.set_map(report.capability_map, style_for, around=stage.selected)
        self.canvas.select(stage.selected)
        row = rows.get(stage.selected)
        name = next((c.name for c in report.capability_map.capabilities() if c.id == stage.selected), "")
        if row is None:
            self.selected.setText(self.tr("{shown} of {total} capabilities shown; fewer than {k} organisations "
                                          "are not shown.").format(shown=sum(not r.suppressed for r in rows.values()),
                                                                   total=len(rows), k=report.result.min_n))
        elif row.suppressed:
            self.selected.setText(self.tr("{name}: too few organisations to show (at least {k} needed).").format(
                name=name, k=report.result.min_n))
        else:
            self.selected.setText(self.tr("{name}: maturity {mean} · importance {importance} · n = {n} "
                                          "organisations").format(
                name=name, mean=stage._number(row.mean), importance=stage._number(row.importance_mean) or "–", n=row.n))
