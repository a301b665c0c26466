"""The phone server inside the app: aiohttp on the qasync loop the GUI already owns.

No second event loop and no thread per request: requests are handled on the UI
thread between Qt's events, so every answer is applied through the session with
the same op and transaction as keyboard capture, and the views refresh from its
``Changes`` as it arrives. The server stops when the workshop closes or the app
quits.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface

from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.gui.background import event_loop
from digitalmotor_desktop.gui.session import WorkshopSession
from digitalmotor_desktop.ops.changes import Edit
# aiohttp loads with this module (when the panel opens), not on Start: the loop must not stall while serving.
from digitalmotor_desktop.server.app import init, room_url, start
from digitalmotor_desktop.server.network import is_room_address
from digitalmotor_desktop.server.room import Room


def room_addresses() -> list[str]:
    """Addresses phones on the room's network can reach: interfaces up, not loopback, private IPv4."""
    found = []
    for interface in QNetworkInterface.allInterfaces():
        flags = interface.flags()
        if not flags & QNetworkInterface.IsUp or flags & QNetworkInterface.IsLoopBack:
            continue
        for entry in interface.addressEntries():
            address = entry.ip()
            if address.protocol() == QAbstractSocket.IPv4Protocol and is_room_address(address.toString()):
                found.append(address.toString())
    return found


class PhoneServer(QObject):
    """One per open workshop (a child of its session): ``start``, ``stop``, and the room it serves."""

    started = Signal(str)  # the URL phones join at
    stopped = Signal()
    failed = Signal(object)  # UserError

    def __init__(self, session: WorkshopSession):
        super().__init__(session)
        self.session = session
        self.room = Room()
        self.url = ""
        self._runner = None
        self._host, self._port = "", 0
        session.closing.connect(self.stop)

    @classmethod
    def of(cls, session: WorkshopSession) -> "PhoneServer":
        return session.findChild(cls) or cls(session)

    @property
    def running(self) -> bool:
        return self._runner is not None

    def start(self, host: str, port: int) -> asyncio.Task:
        return event_loop().create_task(self._start(host, port))

    async def _start(self, host: str, port: int) -> None:
        self.stop()
        app = init(self.session.document, room=self.room, apply=self._apply)
        try:
            self._runner, self._port = await start(app, host, port)
        except UserError as error:
            self.failed.emit(error)
            return
        self._host = host
        self._show_url()

    def rotate(self) -> None:
        """A new QR code; the old one joins nobody (phones that joined stay)."""
        self.room.rotate()
        if self.running:
            self._show_url()

    def _show_url(self) -> None:
        self.url = room_url(self._host, self._port, self.room)
        self.started.emit(self.url)

    def stop(self) -> None:
        if self._runner is None:
            return
        runner, self._runner, self.url = self._runner, None, ""
        event_loop().create_task(runner.cleanup())  # requests still open meanwhile are refused by _apply
        self.stopped.emit()

    def _apply(self, edit: Edit) -> None:
        """Not on the undo stack (as kiosk mode): the facilitator's Undo must not take back a phone's answer."""
        if self._runner is None:
            raise RuntimeError("the phone server has stopped")  # the phone keeps its queue and resends later
        self.session.notify(edit.redo(self.session.document))
