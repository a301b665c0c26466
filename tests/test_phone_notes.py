"""Notes from phones in stages 1–2 (server/app.py ``/api/notes``), each test the attack or accident it stops.

The room writes under the facilitator's current question; every note arrives
hidden until the facilitator reveals the cards, carries nothing of the phone,
and is never sent back to any phone: the room learns a count, nobody learns
who wrote what.
"""

import json

import pytest
import pytest_asyncio

from digitalmotor_desktop.core.limits import TEXT_MAX
from digitalmotor_desktop.ops import board as board_ops
from digitalmotor_desktop.server.app import MAX_BODY, TOKEN_HEADER, init
from digitalmotor_desktop.server.room import Limits, NotesOffer, Room
from digitalmotor_desktop.store import board as board_store
from phone_client import Phone, error

pytestmark = [pytest.mark.asyncio, pytest.mark.usefixtures("no_gui_loop_running")]

QUESTIONS = ["Vad är digitalt i kommunen 2030?", "Vilket stöd behövs?"]


@pytest.fixture
def board(fyrbodal):
    for text in QUESTIONS:
        board_ops.add_prompt(fyrbodal, 1, text).redo(fyrbodal)
    board_ops.add_prompt(fyrbodal, 2, "Vilka förmågor behövs?").redo(fyrbodal)
    return fyrbodal


def prompt_ids(document, stage=1):
    return [p.id for p in board_store.prompts(document, stage)]


def room_writing_notes(document, stage=1, limits=Limits()):
    room = Room(limits)
    room.notes = NotesOffer(stage, prompt_ids(document, stage)[-1] if prompt_ids(document, stage) else None)
    return room


@pytest_asyncio.fixture
async def phone(aiohttp_client, board):
    room = room_writing_notes(board)
    phone = Phone(await aiohttp_client(init(board, room=room)), room)
    assert (await phone.join()).status == 201
    return phone


def cards(document, stage=1):
    return list(board_store.board(document, stage).notes.values())


async def test_a_note_arrives_hidden_under_the_question_it_was_written_to(phone, board):
    mode = await phone.mode()
    current = prompt_ids(board)[-1]
    assert mode == {"mode": "notes", "stage": 1, "prompt": {"id": current, "text": QUESTIONS[-1]}}
    response = await phone.note("  Alla e-tjänster är tillgängliga  ", current)
    assert response.status == 200 and (await response.json()) == {"acknowledged": 1}
    (card,) = cards(board)
    assert card.hidden and card.prompt_id == current and card.text == "Alla e-tjänster är tillgängliga"
    assert phone.room.notes_received == 1
    board_ops.reveal(board, 1).redo(board)  # the facilitator's reveal shows it
    assert not cards(board)[0].hidden


async def test_a_note_to_another_question_of_the_board_is_taken_but_not_one_from_elsewhere(phone, board):
    earlier = prompt_ids(board)[-2]  # the facilitator moved on while the phone was typing
    assert (await phone.note("Digital skolgång", earlier)).status == 200
    for forged in (prompt_ids(board, 2)[0], "made-up-question", None, 7, ["x"], "x" * 65):
        response = await phone.note("Smuggled", forged, seq=2)
        assert response.status == 400 and (await response.json())["field"] == "prompt", forged
    assert [c.text for c in cards(board)] == ["Digital skolgång"] and cards(board, 2) == []


async def test_a_replayed_note_is_saved_once(phone, board):
    current = prompt_ids(board)[-1]
    for _ in range(3):  # the reply was lost twice; the page resends its queue
        assert (await phone.note("Öppna data", current, seq=5)).status == 200
    assert (await phone.note("An older one overtaken", current, seq=4)).status == 200
    assert [c.text for c in cards(board)] == ["Öppna data"] and phone.room.notes_received == 1


@pytest.mark.parametrize("text, why", [
    ("", "empty"), ("   ", "blank"), ("x" * (TEXT_MAX + 1), "over the limit of core/limits.py"),
    ("line\nbreak", "control character"), ("bell\x07", "control character"), ("\ud800", "lone surrogate"),
    (42, "not text"), (None, "missing"),
])
async def test_a_bad_note_text_is_refused_and_nothing_is_added(phone, board, text, why):
    payload = {"seq": 1, "prompt": prompt_ids(board)[-1]}
    if text is not None:
        payload["text"] = text
    response = await phone.post("/api/notes", json.dumps(payload))
    assert response.status == 400, why
    assert cards(board) == []


@pytest.mark.parametrize("payload, field", [
    ({"seq": True, "text": "x"}, "seq"), ({"seq": -1, "text": "x"}, "seq"), ({"seq": "1", "text": "x"}, "seq"),
    ({"seq": 2**53, "text": "x"}, "seq"), ({"text": "x"}, "seq"),
    ({"seq": 1, "text": "x", "hidden": False}, "hidden"),  # a phone cannot show its own note to the room
    ({"seq": 1, "text": "x", "stage": 2}, "stage"),
])
async def test_a_malformed_note_is_refused(phone, board, payload, field):
    payload.setdefault("prompt", prompt_ids(board)[-1])
    response = await phone.post("/api/notes", payload)
    assert response.status == 400 and (await response.json())["field"] == field
    assert cards(board) == []


async def test_a_note_is_refused_while_the_room_rates(phone, board):
    phone.room.notes = None  # the facilitator moved on to stage 4
    response = await phone.note("Late idea", prompt_ids(board)[-1])
    assert response.status == 409 and await error(response) == "notes_closed"
    assert (await phone.mode()) == {"mode": "rate"} and cards(board) == []


async def test_a_note_without_the_device_token_or_from_another_origin_changes_nothing(phone, board):
    current = prompt_ids(board)[-1]
    response = await phone.post("/api/notes", {"seq": 1, "prompt": current, "text": "x"}, **{TOKEN_HEADER: None})
    assert response.status == 401 and await error(response) == "no_device"
    for origin in ("http://evil.example", "null", None):
        response = await phone.post("/api/notes", {"seq": 1, "prompt": current, "text": "x"}, Origin=origin)
        assert response.status == 403 and await error(response) == "bad_origin"
    response = await phone.client.post("/api/notes", data=f"seq=1&text=x&prompt={current}",
                                       headers=phone.headers(**{"Content-Type": "application/x-www-form-urlencoded"}))
    assert response.status == 415
    response = await phone.client.get("/api/notes", headers={TOKEN_HEADER: phone.token})
    assert response.status == 405
    response = await phone.client.post("/api/notes", json={"seq": 1, "prompt": current, "text": "x"},
                                       headers={**phone.headers(), "Host": "attacker.example"})
    assert response.status == 421
    assert cards(board) == []


async def test_an_oversized_note_is_refused_before_it_is_read(phone, board):
    response = await phone.post("/api/notes", json.dumps({"seq": 1, "prompt": prompt_ids(board)[-1],
                                                          "text": "x" * MAX_BODY}))
    assert response.status == 413 and await error(response) == "too_large"
    assert cards(board) == []


async def test_a_phone_flooding_notes_is_slowed_down(aiohttp_client, board):
    room = room_writing_notes(board, limits=Limits(device=(0.001, 5), address=(1000, 1000)))
    phone = Phone(await aiohttp_client(init(board, room=room)), room)
    await phone.join()
    current = prompt_ids(board)[-1]
    statuses = [(await phone.note(f"Spam {n}", current, seq=n)).status for n in range(10)]
    assert statuses[:5] == [200] * 5 and set(statuses[5:]) == {429}
    assert len(cards(board)) == 5


async def test_nobody_reads_back_what_a_phone_wrote_and_nothing_of_the_phone_is_stored(phone, board, aiohttp_client):
    secret = "Min chef lyssnar inte"
    assert (await phone.note(secret, prompt_ids(board)[-1])).status == 200
    other = Phone(phone.client, phone.room)
    await other.join()
    for reader in (phone, other):  # not even the phone that wrote it gets it back from the laptop
        for path in ("/api/form", "/api/mode"):
            body = await (await reader.client.get(path, headers={TOKEN_HEADER: reader.token})).text()
            assert secret not in body
    dump = "\n".join(board.connection.iterdump())
    assert secret in dump and "127.0.0.1" not in dump and "Python" not in dump and phone.token not in dump


async def test_a_board_without_questions_takes_notes_without_one(aiohttp_client, fyrbodal):
    for prompt in prompt_ids(fyrbodal, 2):  # the template's question taken away
        board_ops.delete_prompt(fyrbodal, 2, prompt).redo(fyrbodal)
    room = room_writing_notes(fyrbodal, stage=2)
    phone = Phone(await aiohttp_client(init(fyrbodal, room=room)), room)
    await phone.join()
    assert (await phone.mode())["prompt"] is None
    assert (await phone.note("Bygga kultur", None)).status == 200
    assert (await phone.note("Smuggled", "made-up-question", seq=2)).status == 400
    (card,) = cards(fyrbodal, 2)
    assert card.prompt_id is None and card.hidden and card.kind == "capability"


async def test_a_deleted_question_sends_phones_to_the_first_one(phone, board):
    current = prompt_ids(board)[-1]
    board_ops.delete_prompt(board, 1, current).redo(board)
    assert (await phone.mode())["prompt"]["id"] == prompt_ids(board)[0]
    response = await phone.note("To the deleted one", current)
    assert response.status == 400 and cards(board) == []
