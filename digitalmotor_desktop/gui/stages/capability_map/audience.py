"""Stage 3 for the room: the map as drawn, with the capability being discussed selected."""

from __future__ import annotations

from digitalmotor_desktop.gui.map_canvas import MapCanvas
from digitalmotor_desktop.gui.room.views import AudienceView
from digitalmotor_desktop.ops.changes import MAP
from digitalmotor_desktop.store.map_edit import CAPABILITY
from digitalmotor_desktop.store.workshop import capability_map


class MapAudience(AudienceView):
    depends_on = frozenset({MAP})

    def __init__(self, stage):
        super().__init__(stage)
        self.heading.hide()  # the map's own bands say what it is; the room needs every pixel for names
        self.canvas = MapCanvas(min_box=30)
        self.canvas.setInteractive(False)
        self.body.addWidget(self.canvas, 1)
        self.show_state()

    def show_state(self) -> None:
        if self.session is None:
            return
        self.canvas.set_map(capability_map(self.session.document))
        kind, item_id = self.stage.selected
        self.canvas.select(item_id if kind == CAPABILITY else "")
