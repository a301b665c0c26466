"""The pages of stage 4: who is rating, one capability at a time, the summary, the hand-over page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from digitalmotor_desktop.core.model import (
    CONSENT_FACILITATOR,
    CONSENT_GROUP,
)
from digitalmotor_desktop.core.ratings import IMPORTANCE_LEVELS

#: The level titles' type, and the least it shrinks to in a narrow button (a 1280×720 projector).
LEVEL_TITLE_POINTS, LEAST_LEVEL_TITLE_POINTS = 17, 11
LEVEL_BODY_POINTS, LEAST_LEVEL_BODY_POINTS = 13, 9
#: The shortest code that leaves kiosk mode.
MIN_KIOSK_CODE = 4
LEVEL_KEYS = {Qt.Key_0: 0, Qt.Key_1: 1, Qt.Key_2: 2, Qt.Key_3: 3, Qt.Key_4: 4, Qt.Key_5: 5, Qt.Key_6: 6,
               Qt.Key_7: 7, Qt.Key_8: 8, Qt.Key_9: 9}
CAPTURE_STYLE = """
#capture QLabel, #capture QPushButton, #capture QCheckBox, #capture QRadioButton, #capture QComboBox,
#capture QLineEdit, #capture QTreeWidget, #capture QHeaderView, #capture QGroupBox { font-size: 14pt; }
QLabel#levelTitle { font-size: 17pt; font-weight: bold; }
QLabel#levelBody { font-size: 13pt; }
QLabel#capabilityName { font-size: 30pt; font-weight: bold; }
QLabel#capabilityDescription { font-size: 19pt; color: #26323a; }
QLabel#breadcrumb, QLabel#keyHelp { color: #55626b; }
QLabel#progress { font-size: 20pt; font-weight: bold; }
QLabel#pageTitle { font-size: 26pt; font-weight: bold; }
QLabel#handOver { font-size: 30pt; }
QLabel#problem { color: #a4262c; }
QLabel#saved { color: #1e6b35; }
QPushButton#level { text-align: left; padding: 10px; border: 2px solid #9aa7b0; border-radius: 8px; background: #f6f8f9; }
QPushButton#level:checked { border: 4px solid #0b5cad; background: #dcebfa; }
QPushButton#importance { font-size: 17pt; min-width: 48px; min-height: 40px; }
QPushButton#importance:checked { background: #0b5cad; color: white; }
"""


def _label(name: str, text: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    return label


class LevelButton(QPushButton):
    """One step of the scale, always visible: number, label and description; checked = stored answer."""

    def __init__(self, level: int | None, heading: str, description: str):
        super().__init__()
        self.level = level
        self.heading = heading
        self.setObjectName("level")
        self.setCheckable(True)
        self.setFocusPolicy(Qt.NoFocus)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        layout = QVBoxLayout(self)
        self.title = title = _label("levelTitle", heading)
        self.setToolTip(f"{heading}\n{description}")  # the whole text, however narrow the button gets
        self.body = body = _label("levelBody", description)
        body.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        for child in (title, body):
            child.setAttribute(Qt.WA_TransparentForMouseEvents)
            layout.addWidget(child)
        layout.addStretch()
        self.setMinimumHeight(150)
        self.setMaximumHeight(360)

    def resizeEvent(self, event):  # noqa: N802 - Qt's name
        """The title's longest word ("Branschledande") always whole: its type shrinks to the button's width."""
        super().resizeEvent(event)
        margins = self.layout().contentsMargins()
        room = self.width() - margins.left() - margins.right() - 4
        font = self.title.font()
        size = LEVEL_TITLE_POINTS
        font.setPointSizeF(size)
        while size > LEAST_LEVEL_TITLE_POINTS and self._longest_word(font) > room:
            size -= 0.5
            font.setPointSizeF(size)
        self.title.setStyleSheet(f"font-size: {size}pt;")
        # and the description whole below it: a smaller type on a low screen rather than a cut last line
        title_height = self.title.heightForWidth(room) if self.title.wordWrap() else self.title.sizeHint().height()
        height = self.height() - margins.top() - margins.bottom() - title_height - self.layout().spacing() - 4
        body = LEVEL_BODY_POINTS
        while body > LEAST_LEVEL_BODY_POINTS and self._body_height(body, room) > height:
            body -= 0.5
        self.body.setStyleSheet(f"font-size: {body}pt;")

    def _body_height(self, points: float, width: int) -> int:
        font = self.body.font()
        font.setPointSizeF(points)
        return QFontMetrics(font).boundingRect(0, 0, width, 10000, int(Qt.TextWordWrap), self.body.text()).height()

    def _longest_word(self, font) -> int:
        metrics = QFontMetrics(font)
        return max((metrics.horizontalAdvance(word) for word in self.heading.split()), default=0)


class StartPage(QWidget):
    """Who is rating: organisation, respondent, consent; and kiosk mode."""

    def __init__(self):
        super().__init__()
        self.title = _label("pageTitle")
        self.organisation = QComboBox()
        self.respondent = QComboBox()
        for combo in (self.organisation, self.respondent):
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.NoInsert)
            combo.setMinimumWidth(420)
        self.share_group = QRadioButton()
        self.share_facilitator = QRadioButton()
        self.consent = QButtonGroup(self)
        self.consent.addButton(self.share_group)
        self.consent.addButton(self.share_facilitator)
        self.start = QPushButton()
        self.phones = QPushButton()
        self.problem = _label("problem")
        self.organisation_label, self.respondent_label, self.consent_label = QLabel(), QLabel(), QLabel()

        form = QFormLayout()
        form.addRow(self.organisation_label, self.organisation)
        form.addRow(self.respondent_label, self.respondent)
        consent_box = QVBoxLayout()
        consent_box.addWidget(self.share_group)
        consent_box.addWidget(self.share_facilitator)
        form.addRow(self.consent_label, consent_box)

        self.kiosk_box = QGroupBox()
        self.kiosk_code = QLineEdit()
        self.kiosk_code.setEchoMode(QLineEdit.Password)
        self.kiosk_start = QPushButton()
        self.kiosk_hint = _label("keyHelp")
        kiosk_layout = QGridLayout(self.kiosk_box)
        kiosk_layout.addWidget(self.kiosk_hint, 0, 0, 1, 2)
        kiosk_layout.addWidget(self.kiosk_code, 1, 0)
        kiosk_layout.addWidget(self.kiosk_start, 1, 1)
        self.kiosk_problem = _label("problem")  # by the code field it is about
        kiosk_layout.addWidget(self.kiosk_problem, 2, 0, 1, 2)

        self.leave_box = QGroupBox()
        self.leave_code = QLineEdit()
        self.leave_code.setEchoMode(QLineEdit.Password)
        self.leave = QPushButton()
        leave_layout = QGridLayout(self.leave_box)
        leave_layout.addWidget(self.leave_code, 0, 0)
        leave_layout.addWidget(self.leave, 0, 1)
        self.leave_problem = _label("problem")
        leave_layout.addWidget(self.leave_problem, 1, 0, 1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start)
        buttons.addStretch()
        buttons.addWidget(self.phones)
        layout.addLayout(buttons)
        self.waiting = _label("keyHelp")  # the facilitator's: never in kiosk mode or on the projector
        layout.addWidget(self.waiting)
        layout.addStretch()
        layout.addWidget(self.kiosk_box)
        layout.addWidget(self.leave_box, 0, Qt.AlignRight)
        self.setTabOrder(self.organisation, self.respondent)
        self.setTabOrder(self.respondent, self.share_group)
        self.setTabOrder(self.share_group, self.share_facilitator)
        self.setTabOrder(self.share_facilitator, self.start)

    def chosen_consent(self) -> str | None:
        if self.share_group.isChecked():
            return CONSENT_GROUP
        if self.share_facilitator.isChecked():
            return CONSENT_FACILITATOR
        return None

    def set_consent(self, consent: str | None) -> None:
        self.consent.setExclusive(False)  # an exclusive group cannot be cleared
        self.share_group.setChecked(consent == CONSENT_GROUP)
        self.share_facilitator.setChecked(consent == CONSENT_FACILITATOR)
        self.consent.setExclusive(True)


class RatingPage(QWidget):
    """One capability at a time, large, with the whole scale always visible."""

    def __init__(self):
        super().__init__()
        self.who = _label("breadcrumb")  # wraps: a long organisation name never pushes the levels off-screen
        self.progress_text = _label("progress", wrap=False)
        self.progress_text.setMinimumWidth(160)
        self.progress_text.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.breadcrumb = _label("breadcrumb")
        self.name = _label("capabilityName")
        self.description = _label("capabilityDescription")
        self.description.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.levels_row = QHBoxLayout()
        self.level_buttons: list[LevelButton] = []
        self.importance_label = QLabel()
        self.importance_buttons = []
        importance_row = QHBoxLayout()
        importance_row.addWidget(self.importance_label)
        for value in IMPORTANCE_LEVELS:
            button = QPushButton(str(value))
            button.setObjectName("importance")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.NoFocus)
            self.importance_buttons.append(button)
            importance_row.addWidget(button)
        importance_row.addStretch()
        self.saved = _label("saved", wrap=False)
        self.saved.setMinimumWidth(260)
        self.saved.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        importance_row.addWidget(self.saved)

        self.back = QPushButton()
        self.next = QPushButton()
        self.unrated = QPushButton()
        self.summary = QPushButton()
        self.importance_pass = QPushButton()
        self.importance_pass.setCheckable(True)
        self.auto_advance = QCheckBox()
        self.auto_advance.setChecked(True)
        navigation = QHBoxLayout()
        for widget in (self.back, self.next, self.unrated, self.summary, self.importance_pass, self.auto_advance):
            widget.setFocusPolicy(Qt.NoFocus)
        for widget in (self.back, self.next, self.unrated, self.summary, self.importance_pass):
            navigation.addWidget(widget)
        navigation.addStretch()
        self.key_help = _label("keyHelp")
        # The switch beside the key help, not in the button row: that row fits 1280 pixels with the navigator.
        help_row = QHBoxLayout()
        help_row.addWidget(self.key_help, 1)
        help_row.addWidget(self.auto_advance, 0, Qt.AlignTop)

        top = QHBoxLayout()
        top.addWidget(self.who, 1)
        top.addWidget(self.progress_text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(36, 20, 36, 16)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.breadcrumb)
        layout.addWidget(self.name)
        layout.addWidget(self.description, 1)
        layout.addLayout(self.levels_row, 2)
        layout.addLayout(importance_row)
        self.comment = QLineEdit()
        self.comment.setFocusPolicy(Qt.ClickFocus)  # C or a click: typing digits must not land here
        layout.addWidget(self.comment)
        layout.addLayout(navigation)
        layout.addLayout(help_row)
        self.setFocusPolicy(Qt.StrongFocus)

    def set_levels(self, buttons: list[LevelButton]) -> None:
        for button in self.level_buttons:
            self.levels_row.removeWidget(button)
            button.deleteLater()
        self.level_buttons = buttons
        for button in buttons:
            self.levels_row.addWidget(button)


class SummaryPage(QWidget):
    def __init__(self):
        super().__init__()
        self.title = _label("pageTitle")
        self.counts = QLabel()
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setColumnCount(3)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeToContents)
        self.table.setFocusPolicy(Qt.NoFocus)
        self.back = QPushButton()
        self.unrated = QPushButton()
        self.finish = QPushButton()
        buttons = QHBoxLayout()
        for button in (self.back, self.unrated, self.finish):
            button.setFocusPolicy(Qt.NoFocus)
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(36, 24, 36, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.counts)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.setFocusPolicy(Qt.StrongFocus)


class HandOverPage(QWidget):
    """Neutral: nothing about the previous respondent."""

    def __init__(self):
        super().__init__()
        self.message = _label("handOver")
        self.message.setAlignment(Qt.AlignCenter)
        self.next = QPushButton()
        self.next.setFocusPolicy(Qt.NoFocus)
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.message)
        layout.addWidget(self.next, 0, Qt.AlignCenter)
        layout.addStretch()
        self.setFocusPolicy(Qt.StrongFocus)
