"""A QR code drawn by Qt from segno's matrix (made offline, sharp at any size)."""

from __future__ import annotations

import segno
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

#: Light modules around the code, as the standard asks, so phones find it on any background.
QUIET_ZONE = 4


class QrCodeWidget(QWidget):
    """Shows ``url`` as a square QR code, as large as it is given room for.

    Small enough to place anywhere (the audience window uses it too); its
    accessible description is the URL it encodes.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._modules: list[list[bool]] = []
        self.url = ""
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMinimumSize(120, 120)

    def set_url(self, url: str) -> None:
        self.url = url
        self._modules = ([[bool(m) for m in row] for row in segno.make(url, error="m").matrix_iter(border=QUIET_ZONE)]
                         if url else [])
        self.setAccessibleName(self.tr("QR code"))
        self.setAccessibleDescription(url)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(320, 320)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return width

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if not self._modules:
            return
        count = len(self._modules)
        module = max(1, min(self.width(), self.height()) // count)  # whole pixels per module: no blurred edges
        side = module * count
        left, top = (self.width() - side) // 2, (self.height() - side) // 2
        painter = QPainter(self)
        painter.fillRect(QRectF(left, top, side, side), Qt.white)
        dark = QColor(Qt.black)
        for y, row in enumerate(self._modules):
            for x, on in enumerate(row):
                if on:
                    painter.fillRect(left + x * module, top + y * module, module, module, dark)
        painter.end()
