"""The room's views that are counts only: capture progress (stage 4) and who takes part (organisations).

They read the attendance register (``ops.attendance.register``) and show figures, never a name:
who has answered, or not yet, is for the facilitator's screen.
"""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar

from digitalmotor_desktop.gui.room.views import AudienceView, audience_label
from digitalmotor_desktop.ops.attendance import MEETINGS, register
from digitalmotor_desktop.ops.changes import ATTENDANCE, ORGANISATIONS, RATINGS


class CaptureProgress(AudienceView):
    """How many organisations and respondents have answered; of the expected ones, how many are still to come."""

    depends_on = frozenset({RATINGS, ORGANISATIONS, ATTENDANCE})

    def __init__(self, stage):
        super().__init__(stage)
        self.figure = audience_label("audienceFigure")
        self.respondents = audience_label("audienceNumbers")
        self.expected = audience_label("audienceNumbers")
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.waiting = audience_label("audienceQuiet")
        self.body.addStretch(1)  # the figures in the middle of the screen
        for widget in (self.figure, self.respondents, self.expected, self.bar, self.waiting):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        self.show_state()

    def show_state(self) -> None:
        if self.session is None:
            return
        found = register(self.session.document)
        self.figure.setText(self.tr("{count} organisations have answered").format(count=found.answered_organisations))
        self.respondents.setText(self.tr("{count} respondents in all").format(count=found.answered_respondents))
        expected = len(found.expected)
        for widget in (self.expected, self.bar, self.waiting):
            widget.setVisible(bool(expected))
        if expected:
            done = expected - len(found.not_answered)
            self.expected.setText(self.tr("{done} of {expected} expected organisations").format(
                done=done, expected=expected))
            self.bar.setRange(0, expected)
            self.bar.setValue(done)
            self.waiting.setText(self.tr("{count} still to answer").format(count=len(found.not_answered)))


class TakingPart(AudienceView):
    """The series' attendance as counts: organisations expected and how many took part in each meeting."""

    depends_on = frozenset({ORGANISATIONS, ATTENDANCE})

    def __init__(self, stage):
        super().__init__(stage)
        self.figure = audience_label("audienceFigure")
        self.meetings = audience_label("audienceNumbers")
        self.body.addWidget(self.figure)
        self.body.addWidget(self.meetings)
        self.body.addStretch(1)
        self.show_state()

    def show_state(self) -> None:
        if self.session is None:
            return
        found = register(self.session.document)
        self.figure.setText(self.tr("{count} organisations expected in the series").format(count=len(found.expected)))
        self.meetings.setText("\n".join(self.tr("Workshop {meeting}: {count} took part").format(
            meeting=meeting, count=found.count_at(meeting)) for meeting in MEETINGS))
