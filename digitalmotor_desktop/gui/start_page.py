"""What the window shows when no workshop is open: the demo, a new workshop, recent files, the guide.

A facilitator opening the app for the first time sees where to begin instead
of an empty window; the same page returns after File ▸ Close.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from digitalmotor_desktop.gui import settings


class StartPage(QWidget):
    demo_requested = Signal()
    new_requested = Signal()
    open_requested = Signal()
    guide_requested = Signal()
    recent_requested = Signal(Path)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("startPage")
        self.setStyleSheet("#startPage QLabel#title { font-size: 26pt; font-weight: bold; }"
                           "#startPage QLabel, #startPage QPushButton, #startPage QListWidget { font-size: 14pt; }"
                           "#startPage QPushButton { padding: 10px 18px; text-align: left; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.setSpacing(12)
        self.title = QLabel()
        self.title.setObjectName("title")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.demo = QPushButton()
        self.new = QPushButton()
        self.open = QPushButton()
        self.guide = QPushButton()
        self.recent_title = QLabel()
        self.recent = QListWidget()
        for widget in (self.title, self.intro, self.demo, self.new, self.open, self.guide, self.recent_title,
                       self.recent):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.demo.clicked.connect(self.demo_requested)
        self.new.clicked.connect(self.new_requested)
        self.open.clicked.connect(self.open_requested)
        self.guide.clicked.connect(self.guide_requested)
        self.recent.itemActivated.connect(lambda item: self.recent_requested.emit(Path(item.toolTip())))
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Welcome to Digital motor desktop"))
        self.intro.setText(self.tr("Plan capabilities with a room of organisations in five workshops, offline: goals, "
                                   "capabilities, the capability map, a maturity assessment and a GAP analysis."))
        self.demo.setText(self.tr("Open the demo workshop (the Fyrbodal study, 15 organisations)"))
        self.new.setText(self.tr("New workshop from a template…"))
        self.open.setText(self.tr("Open a workshop file…"))
        self.guide.setText(self.tr("Read the guide to the five workshops (F1)"))
        self.recent_title.setText(self.tr("Recent workshops"))
        for button in (self.demo, self.new, self.open, self.guide):
            button.setAccessibleName(button.text())
        self.recent.setAccessibleName(self.tr("Recent workshops"))
        self.fill_recent()

    def fill_recent(self) -> None:
        self.recent.clear()
        for path in settings.recent_files():
            item = QListWidgetItem(Path(path).name)
            item.setToolTip(path)
            self.recent.addItem(item)
        self.recent_title.setVisible(self.recent.count() > 0)
        self.recent.setVisible(self.recent.count() > 0)

    def changeEvent(self, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
