"""Stage 3 for the room: the map as drawn, one area at a time (the area of what the facilitator selected in
the outline), its text never below the audience window's least size, the capability being discussed selected."""

from __future__ import annotations

from digitalmotor_desktop.gui.room.views import AudienceView, RoomMap
from digitalmotor_desktop.ops.changes import MAP
from digitalmotor_desktop.store.map_edit import CAPABILITY
from digitalmotor_desktop.store.workshop import capability_map


class MapAudience(AudienceView):
    depends_on = frozenset({MAP})

    def __init__(self, stage):
        super().__init__(stage)
        self.heading.hide()  # the map's own bands say what it is; the room needs every pixel for names
        self.canvas = RoomMap(stage, min_box=30)
        self.body.addWidget(self.canvas, 1)
        self.show_state()

    def show_state(self) -> None:
        if self.session is None:
            return
        kind, item_id = self.stage.selected
        self.canvas.set_map(capability_map(self.session.document), around=item_id)
        self.canvas.select(item_id if kind == CAPABILITY else "")

    def set_least_text(self, pixels: float) -> None:
        self.canvas.set_least_text(pixels)
