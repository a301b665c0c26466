"""Opening a stage's room view in an audience window of a given size, as the projector would show it."""

from digitalmotor_desktop.gui.room.audience import AudienceWindow


def open_audience(qtbot, window, size: tuple[int, int]) -> AudienceWindow:
    """An audience window ``size`` large showing the main ``window``'s current stage for the room."""
    audience = AudienceWindow(window.room.timer)
    qtbot.addWidget(audience)
    audience.resize(*size)
    audience.show_content(window.current_view().audience_widget())
    audience.show()
    return audience
