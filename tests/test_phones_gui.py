"""Let phones join from stage 4: the server runs on the GUI's own loop, answers appear as they arrive,
and closing the workshop stops it. Loopback only."""

import json
import threading
import urllib.error
import urllib.request

import pytest
import segno.helpers
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLabel, QWidget

from digitalmotor_desktop.gui.phones.dialog import PhonesDialog
from digitalmotor_desktop.gui.phones.audience import beside_join_panel
from digitalmotor_desktop.gui.phones.qr import QUIET_ZONE, QrCodeWidget, RoomJoinWidget
from digitalmotor_desktop.gui.room.audience import AudienceWindow
from digitalmotor_desktop.gui.room.timer import ExerciseTimer
from digitalmotor_desktop.gui import settings
from digitalmotor_desktop.gui.board.items import HIDDEN_COLOUR
from digitalmotor_desktop.gui.session import WorkshopSession
from digitalmotor_desktop.gui.stages.goals.view import GoalsStage
from digitalmotor_desktop.gui.stages.maturity import MaturityStage
from digitalmotor_desktop.ops import board as board_ops
from digitalmotor_desktop.ops import ratings as ops
from digitalmotor_desktop.store import ratings as store
from digitalmotor_desktop.store.document import open_document


def post(base, path, payload, token=""):
    request = urllib.request.Request(base + path, data=json.dumps(payload).encode(), method="POST", headers={
        "Content-Type": "application/json", "Origin": base, "X-Device-Token": token})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


class PhoneThread(threading.Thread):
    """A phone: requests block, so they run off the UI thread while the loop serves them.

    It joins by the QR code's URL, then runs ``steps(base, device)``.
    """

    def __init__(self, url, steps):
        super().__init__(daemon=True)
        self.url, self.steps = url, steps
        self.done = threading.Event()
        self.error = None

    def run(self):
        try:
            base, token = self.url.split("/#j=")
            self.steps(base, post(base, "/api/join", {"token": token})["device"])
        except Exception as error:  # reported by the test
            self.error = error
        self.done.set()


def rating(organisation, capabilities):
    def steps(base, device):
        post(base, "/api/respondent", {"organisation": organisation, "consent": "group", "label": "Rektor"}, device)
        for seq, capability in enumerate(capabilities, 1):
            post(base, "/api/answers", {"answers": [{"capability": capability, "seq": seq, "maturity": seq % 5}]},
                 device)
    return steps


def writing(notes):
    """Notes under the question the page shows (asked for as the page does)."""
    def steps(base, device):
        request = urllib.request.Request(base + "/api/mode", headers={"X-Device-Token": device})
        with urllib.request.urlopen(request, timeout=10) as response:
            question = json.load(response)["prompt"]["id"]
        for seq, text in enumerate(notes, 1):
            post(base, "/api/notes", {"seq": seq, "prompt": question, "text": text}, device)
    return steps


def shown(qtbot, view, fyrbodal_file):
    """``view`` at 1280×720 on a session of the workshop file."""
    document = open_document(fyrbodal_file)
    ops.add_organisation(document, "Trollhättan").redo(document)
    session = WorkshopSession(document)
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.set_session(session)
    view.show()
    qtbot.waitExposed(view)
    return view, session


@pytest.fixture
def stage(qtbot, fyrbodal_file):
    view, session = shown(qtbot, MaturityStage(), fyrbodal_file)
    yield view, session
    view.set_session(None)
    session.close()  # closing twice is harmless (the first test closes it itself)


@pytest.fixture
def board_stage(qtbot, fyrbodal_file):
    view, session = shown(qtbot, GoalsStage(), fyrbodal_file)
    yield view, session
    view.set_session(None)
    session.close()


def test_phones_join_from_stage_4_and_answers_show_as_they_arrive(stage, qtbot, tmp_path):
    view, session = stage
    qtbot.mouseClick(view.start.phones, Qt.LeftButton)
    dialog = view.window().findChild(PhonesDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.address.setEditText("127.0.0.1")
    dialog.port.setValue(0)
    qtbot.mouseClick(dialog.start_stop, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.url.text().startswith("http://127.0.0.1:"), timeout=10_000)
    assert dialog.start_stop.text() == "Stop" and "#j=" in dialog.url.text()
    assert dialog.qr.url == dialog.url.text() and dialog.qr.isVisible()

    changes = []
    session.changed.connect(changes.append)
    document = session.document
    capabilities = [c.id for c in ops.capture_order(document)[:10]]
    organisation = store.organisations(document)[0].id
    phone = PhoneThread(dialog.url.text(), rating(organisation, capabilities))
    phone.start()
    qtbot.waitUntil(phone.done.is_set, timeout=30_000)
    assert phone.error is None
    # Each answer was on disk before the phone heard it was saved (the writer's own connection committed it) …
    respondent = next(r for r in store.respondents(document) if r.label == "Rektor")
    assert sum(r.rated for r in store.ratings_of(document, [respondent.id]).values()) == 10
    # … and reached the views through the session, a burst of answers as one refresh.
    qtbot.waitUntil(lambda: set(capabilities) <= set().union(*(c.ids for c in changes if c.touches("ratings"))),
                    timeout=5_000)
    qtbot.waitUntil(lambda: dialog.progress.topLevelItemCount() == 1
                    and dialog.progress.topLevelItem(0).text(3) == "10", timeout=5_000)  # redrawn twice a second
    row = dialog.progress.topLevelItem(0)
    assert [row.text(c) for c in range(4)] == ["Trollhättan", "1", "0", "10"]
    assert "Phones joined: 1" in dialog.counts.text()
    audience = RoomJoinWidget(dialog.server)  # what the audience window shows: counts only, never who
    qtbot.addWidget(audience)
    assert audience.qr.url == audience.url.text() == dialog.url.text()
    assert audience.counts.text() == "1 rating · 0 finished" and "Trollhättan" not in audience.counts.text()
    assert session.undo_stack.count() == 0  # a phone's answer is not the facilitator's to undo
    dialog.grab().save(str(tmp_path / "phones-dialog.png"))
    qr = dialog.qr.grab().toImage()
    corner = qr.pixelColor(2, 2)
    assert corner.lightness() > 200  # the quiet zone is light …
    dark = [qr.pixelColor(x, qr.height() // 2).lightness() < 60 for x in range(qr.width())]
    assert any(dark)  # … and the code has dark modules across its middle

    base = dialog.url.text().split("/#j=")[0]
    old_url = dialog.url.text()
    qtbot.mouseClick(dialog.rotate, Qt.LeftButton)
    assert dialog.url.text() != old_url
    late = PhoneThread(old_url, rating(organisation, []))
    late.start()
    qtbot.waitUntil(late.done.is_set, timeout=10_000)
    assert isinstance(late.error, urllib.error.HTTPError) and late.error.code == 403

    session.close()  # closing the workshop stops the server
    qtbot.wait(200)
    with pytest.raises(OSError):
        urllib.request.urlopen(base + "/", timeout=3)


def test_a_taken_port_is_one_sentence(stage, qtbot):
    import socket

    view, session = stage
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    dialog = view.let_phones_join()
    dialog.address.setEditText("127.0.0.1")
    dialog.port.setValue(taken.getsockname()[1])
    qtbot.mouseClick(dialog.start_stop, Qt.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.problem.text()), timeout=10_000)
    assert "Cannot serve phones on 127.0.0.1" in dialog.problem.text()
    assert dialog.start_stop.text() == "Start"
    taken.close()


def test_the_qr_widget_stands_alone_for_the_audience_window(qtbot):
    widget = QrCodeWidget()
    qtbot.addWidget(widget)
    widget.resize(300, 300)
    widget.set_url("http://192.168.1.20:8765/#j=" + "x" * 43)
    widget.show()
    image = widget.grab().toImage()
    assert widget.accessibleDescription().startswith("http://192.168.1.20")
    values = {image.pixelColor(x, y).lightness() for x in range(0, 300, 7) for y in range(0, 300, 7)}
    assert min(values) < 50 and max(values) > 200
    assert widget.heightForWidth(200) == 200


def test_phones_write_notes_from_stage_1_and_they_arrive_hidden_until_revealed(board_stage, qtbot, tmp_path):
    view, session = board_stage
    qtbot.mouseClick(view.panel.toolbar.widgetForAction(view.phones), Qt.LeftButton)
    dialog = view.window().findChild(PhonesDialog)
    assert dialog is not None and "notes under the current question of stage 1" in dialog.mode.text()
    assert not dialog.progress.isVisible()  # no organisations to show: notes carry none
    dialog.address.setEditText("127.0.0.1")
    dialog.port.setValue(0)
    qtbot.mouseClick(dialog.start_stop, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.url.text().startswith("http://127.0.0.1:"), timeout=10_000)
    question = view.panel.current_prompt()
    assert dialog.server.room.notes.prompt_id == question

    written = ["Digital skolgång för alla", "Öppna data som standard", "Gemensam IT-drift"]
    phone = PhoneThread(dialog.url.text(), writing(written))
    phone.start()
    qtbot.waitUntil(phone.done.is_set, timeout=30_000)
    assert phone.error is None
    qtbot.waitUntil(lambda: len(view.panel.scene.cards) == 3, timeout=5_000)  # on the board within a moment
    cards = list(view.panel.scene.cards.values())
    assert all(card.look.hidden and card.toolTip() == "" for card in cards)  # blank until revealed
    assert {n.prompt_id for n in view.panel.board.notes.values()} == {question}
    view.panel.view.ensureVisible(cards[0])
    image = view.panel.view.viewport().grab().toImage()
    centre = view.panel.view.mapFromScene(cards[0].sceneBoundingRect().center())
    assert image.pixelColor(centre).name() == HIDDEN_COLOUR  # the card is drawn blank, its text nowhere
    view.grab().save(str(tmp_path / "stage1-phone-notes.png"))
    audience = RoomJoinWidget(dialog.server)  # the room sees a count, never who wrote what
    qtbot.addWidget(audience)
    assert audience.counts.text() == "3 notes received"
    qtbot.waitUntil(lambda: "notes received: 3" in dialog.counts.text(), timeout=5_000)

    view.panel.prompt_box.setCurrentIndex(2)  # the facilitator moves on: phones write under the next question
    assert dialog.server.room.notes.prompt_id == view.panel.current_prompt() != question
    view.panel.actions_["reveal"].trigger()
    assert sorted(card.look.text for card in view.panel.scene.cards.values() if not card.look.hidden) == sorted(written)

    qtbot.mouseClick(dialog.start_stop, Qt.LeftButton)  # stops; the notes are saved
    assert not dialog.server.running and dialog.start_stop.text() == "Start"


def dark_share(image, rect):
    """The share of dark pixels in ``rect`` of ``image`` (a QR code's modules, or nothing)."""
    points = [(x, y) for x in range(rect.left(), rect.right(), 3) for y in range(rect.top(), rect.bottom(), 3)]
    return sum(image.pixelColor(x, y).lightness() < 80 for x, y in points) / max(1, len(points))


def test_the_audience_window_shows_the_hotspot_code_but_never_its_password(stage, qtbot, tmp_path):
    view, session = stage
    dialog = view.let_phones_join()
    qtbot.keyClicks(dialog.hotspot_name, "Workshop-rum 3")
    qtbot.keyClick(dialog.hotspot_name, Qt.Key_Return)
    qtbot.keyClicks(dialog.hotspot_password, "hemligt;losen:123")
    qtbot.keyClick(dialog.hotspot_password, Qt.Key_Return)
    assert dialog.hotspot_password.echoMode() == dialog.hotspot_password.EchoMode.Password
    qtbot.wait(100)
    assert not dialog.server.running  # Enter saved the fields; it did not press Start
    assert settings.hotspot() == ("Workshop-rum 3", "hemligt;losen:123")  # on this computer …
    assert "hemligt" not in "\n".join(session.document.connection.iterdump())  # … never in the workshop
    dialog.address.setEditText("127.0.0.1")
    dialog.port.setValue(0)
    qtbot.mouseClick(dialog.start_stop, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.server.running, timeout=10_000)

    audience = AudienceWindow(ExerciseTimer())
    qtbot.addWidget(audience)
    audience.resize(1280, 720)
    audience.show_content(beside_join_panel(session, view.audience_widget()))
    audience.show()
    qtbot.waitExposed(audience)
    panel = audience.findChild(RoomJoinWidget)
    assert panel.isVisible() and panel.hotspot.isVisible() and panel.qr.isVisible()
    wifi = segno.helpers.make_wifi(ssid="Workshop-rum 3", password="hemligt;losen:123", security="WPA")
    assert panel.hotspot._modules == [[bool(m) for m in row] for row in wifi.matrix_iter(border=QUIET_ZONE)]
    assert panel.qr.url == dialog.server.url
    image = audience.grab().toImage()
    image.save(str(tmp_path / "audience-hotspot.png"))
    for code in (panel.hotspot, panel.qr):  # both drawn, each a code and not a blank square
        side = min(code.width(), code.height())
        corner = code.mapTo(audience, QPoint((code.width() - side) // 2, (code.height() - side) // 2))
        assert 0.2 < dark_share(image, QRect(corner, QSize(side, side))) < 0.8
    shown = audience.texts()
    assert any("Workshop-rum 3" in text for text in shown) and dialog.server.url in shown
    said = [w.accessibleName() + w.accessibleDescription() for w in audience.findChildren(QWidget)]
    assert not any("hemligt" in text for text in shown + said)  # not as text, not to a screen reader

    qtbot.mouseClick(dialog.start_stop, Qt.LeftButton)  # stopped: the room's view has no join panel
    assert not panel.isVisible()
    audience.close()
