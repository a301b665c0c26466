"""The room's view of a stage with the phones' join panel beside it, while phones can join.

Asked for by the presenter (gui/room) each time it builds the audience view.
Light on purpose: it finds the workshop's phone server by name, so a room
that never let phones join loads neither aiohttp nor segno for it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QHBoxLayout, QWidget

#: The ``objectName`` of a workshop session's ``PhoneServer`` (gui/phones/server.py).
SERVER_NAME = "phoneServer"


def beside_join_panel(session, view: QWidget) -> QWidget:
    """``view``, with the QR code(s), the URL and the counts at its right while phones can join."""
    server = session.findChild(QObject, SERVER_NAME) if session is not None else None
    if server is None:
        return view
    from digitalmotor_desktop.gui.phones.qr import RoomJoinWidget

    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(view, 3)
    layout.addWidget(RoomJoinWidget(server, row), 1)
    return row
