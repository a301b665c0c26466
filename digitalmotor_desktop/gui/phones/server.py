"""The phone server inside the app: aiohttp on the qasync loop the GUI already owns.

No second event loop and no thread per request: requests are handled on the UI
thread between Qt's events. Only the commits leave it: each answer's op — the
same op and transaction as keyboard capture — runs on the phones' one writer
connection (server/writer.py), so sixty phones answering at once never make Qt
wait for the disk. The views refresh from the ``Changes`` of what was saved,
gathered for ``REFRESH_MS`` so a burst of answers redraws them once. The server
stops when the workshop closes or the app quits.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface

from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.gui.background import event_loop
from digitalmotor_desktop.gui.phones.audience import SERVER_NAME
from digitalmotor_desktop.gui.session import WorkshopSession
from digitalmotor_desktop.ops.changes import Changes, Edit
# aiohttp loads with this module (when the panel opens), not on Start: the loop must not stall while serving.
from digitalmotor_desktop.server.app import init, room_url, start
from digitalmotor_desktop.server.network import is_room_address
from digitalmotor_desktop.server.room import NotesOffer, Room
from digitalmotor_desktop.server.writer import MakeEdit, Writer

#: Answers saved within this many milliseconds refresh the views once (four times a second at most).
REFRESH_MS = 250


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
    mode_changed = Signal()  # phones now rate, or write notes (under another question)
    hotspot_changed = Signal()  # the facilitator entered another hotspot (gui/settings.py)

    def __init__(self, session: WorkshopSession):
        super().__init__(session)
        self.setObjectName(SERVER_NAME)
        self.session = session
        self.room = Room()
        self.url = ""
        self._runner = None
        self._host, self._port = "", 0
        self._writer: Writer | None = None
        self._starting: asyncio.Task | None = None
        self._saved = Changes(frozenset())  # saved, not yet shown
        self._show_saved = QTimer(self)
        self._show_saved.setSingleShot(True)
        self._show_saved.setInterval(REFRESH_MS)
        self._show_saved.timeout.connect(self._notify)
        session.closing.connect(self.stop)

    @classmethod
    def of(cls, session: WorkshopSession) -> "PhoneServer":
        return session.findChild(cls) or cls(session)

    @property
    def running(self) -> bool:
        return self._runner is not None

    def start(self, host: str, port: int) -> asyncio.Task:
        """Starts serving (a second call while the first is under way waits for it: one server, one writer)."""
        if self._starting is None or self._starting.done():
            self._starting = event_loop().create_task(self._start(host, port))
        return self._starting

    async def _start(self, host: str, port: int) -> None:
        self.stop()
        app = init(self.session.document, room=self.room, apply=self._apply)
        try:
            self._runner, self._port = await start(app, host, port)
        except UserError as error:
            self.failed.emit(error)
            return
        self._writer = Writer(self.session.document)
        self._host = host
        self._show_url()

    def offer(self, notes: NotesOffer | None) -> None:
        """Phones write notes on a board under its current question (stages 1–2), or rate (``None``: stage 4).

        Phones that joined follow: their page asks every few seconds what the room does.
        """
        if notes != self.room.notes:
            self.room.notes = notes
            self.mode_changed.emit()

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
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.close()  # the answers already sent to it are saved first
        self._notify()
        self.stopped.emit()

    async def _apply(self, make: MakeEdit) -> Edit:
        """Not on the undo stack (as kiosk mode): the facilitator's Undo must not take back a phone's answer."""
        if self._writer is None:
            raise RuntimeError("the phone server has stopped")  # the phone keeps its queue and resends later
        edit, changes = await self._writer.apply(make)
        self._saved = Changes(self._saved.kinds | changes.kinds, self._saved.ids | changes.ids)
        if not self._show_saved.isActive():
            self._show_saved.start()
        return edit

    def _notify(self) -> None:
        self._show_saved.stop()
        saved, self._saved = self._saved, Changes(frozenset())
        if saved.kinds:
            self.session.notify(saved)
