"""A readable page of headed sections: what a stage is for and what it works with."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget


class OverviewPage(QScrollArea):
    """Large type for projection: a title, a purpose line, then sections of items."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.NoFrame)
        self._body = QWidget()
        self._layout = QVBoxLayout(self._body)
        self._layout.setContentsMargins(36, 28, 36, 28)
        self._layout.setSpacing(10)
        self.setWidget(self._body)

    def show_sections(self, title: str, purpose: str, sections: list[tuple[str, list[str]]]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._add(f"<h1>{title}</h1>", 26)
        self._add(purpose, 18, "color:#33404a")
        for heading, items in sections:
            self._add(f"<h2>{heading}</h2>", 20)
            for item in items:
                self._add(f"• {item}", 18)
        self._layout.addStretch(1)

    def _add(self, html: str, pixels: int, style: str = "") -> None:
        label = QLabel(html)
        label.setWordWrap(True)
        label.setStyleSheet(f"font-size:{pixels}px;{style}")
        self._layout.addWidget(label)
