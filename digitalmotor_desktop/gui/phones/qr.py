"""QR codes drawn by Qt from segno's matrix (made offline, sharp at any size): the URL phones join at,
and optionally the laptop's hotspot to join first (a Wi-Fi code, ``WIFI:T:WPA;S:…;P:…;;``)."""

from __future__ import annotations

from typing import Callable

import segno
import segno.helpers
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

#: Light modules around the code, as the standard asks, so phones find it on any background.
QUIET_ZONE = 4


class QrCodeWidget(QWidget):
    """Shows a QR code, square, as large as it is given room for.

    Small enough to place anywhere (the audience window uses it too); its
    accessible description says what it encodes (a URL as itself; a Wi-Fi
    code by its network's name, never its password).
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._modules: list[list[bool]] = []
        self._content: tuple | None = None  # what the modules encode (None: nothing yet)
        self.url = ""
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMinimumSize(120, 120)

    def set_url(self, url: str) -> None:
        self.url = url
        self._show(("url", url), lambda: segno.make(url, error="m") if url else None, url)

    def set_hotspot(self, name: str, password: str) -> None:
        """A code a phone's camera offers to join the Wi-Fi network ``name`` with (WPA, segno's helper)."""
        self._show(("wifi", name, password),
                   lambda: segno.helpers.make_wifi(ssid=name, password=password, security="WPA") if name else None,
                   self.tr("Wi-Fi {name}").format(name=name) if name else "")

    def _show(self, content: tuple, make: Callable[[], segno.QRCode | None], description: str) -> None:
        if content == self._content:
            return  # encoding takes milliseconds: not again on every refresh of the counts
        self._content = content
        code = make()
        self._modules = [[bool(m) for m in row] for row in code.matrix_iter(border=QUIET_ZONE)] if code else []
        self.setAccessibleName(self.tr("QR code"))
        self.setAccessibleDescription(description)
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


class RoomJoinWidget(QWidget):
    """For the audience window: the QR code, the URL as text, and counts only (never who said what).

    Follows a ``PhoneServer``: shown only while it serves, with its URL and the
    room's counts as answers arrive (redrawn at most every ``REFRESH_MS``).
    If the facilitator entered the laptop's hotspot (gui/settings.py), a second
    code joins it first, named by the network's name; the password is in that
    code only, never written on the screen.
    """

    REFRESH_MS = 1000

    def __init__(self, server, parent: QWidget | None = None):
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QLabel, QVBoxLayout

        super().__init__(parent)
        self.server = server
        self.hotspot = QrCodeWidget()
        self.hotspot_name = QLabel()
        self.hotspot_name.setAlignment(Qt.AlignCenter)
        self.hotspot_name.setWordWrap(True)
        self.qr = QrCodeWidget()
        self.url = QLabel()
        self.url.setAlignment(Qt.AlignCenter)
        self.url.setWordWrap(True)
        self.url.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.counts = QLabel()
        self.counts.setAlignment(Qt.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hotspot, 1)
        layout.addWidget(self.hotspot_name)
        layout.addWidget(self.qr, 1)
        layout.addWidget(self.url)
        layout.addWidget(self.counts)
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(self.REFRESH_MS)
        self._later.timeout.connect(self.refresh)
        server.started.connect(lambda _url: self.refresh())
        server.stopped.connect(self.refresh)
        server.mode_changed.connect(self.refresh)
        server.hotspot_changed.connect(self.refresh)
        server.session.changed.connect(lambda _changes: self._later.isActive() or self._later.start())
        self.refresh()

    def refresh(self) -> None:
        from digitalmotor_desktop.gui import settings
        from digitalmotor_desktop.server.progress import room_counts

        self.setVisible(self.server.running)
        name, password = settings.hotspot()
        self.hotspot.set_hotspot(name, password)
        self.hotspot.setVisible(bool(name))
        self.hotspot_name.setVisible(bool(name))
        self.hotspot_name.setText(self.tr("1. Join the Wi-Fi “{name}”").format(name=name))
        self.qr.set_url(self.server.url)
        self.qr.setVisible(bool(self.server.url))
        # The whole URL: the token is on the screen in the QR code anyway, and a phone that cannot scan types it.
        self.url.setText(self.server.url)
        if self.server.running:
            counts = room_counts(self.server.session.document, self.server.room)
            if self.server.room.notes is None:
                self.counts.setText(self.tr("{rating} rating · {finished} finished")
                                    .format(rating=counts.in_progress, finished=counts.finished))
            else:
                self.counts.setText(self.tr("{notes} notes received").format(notes=counts.notes))
        else:
            self.counts.clear()
