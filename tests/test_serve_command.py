"""``digitalmotor serve``: a phone joins the printed URL and rates; Ctrl+C stops with the answers saved."""

import json
import os
import signal
import subprocess
import sys
import urllib.request

from digitalmotor_desktop.ops import ratings as ops
from digitalmotor_desktop.store import board as board_store
from digitalmotor_desktop.store import ratings as store
from digitalmotor_desktop.store.document import open_document


def post(base, path, payload, token=""):
    request = urllib.request.Request(base + path, data=json.dumps(payload).encode(), method="POST", headers={
        "Content-Type": "application/json", "Origin": base, "X-Device-Token": token})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def test_serve_prints_the_url_and_a_qr_code_and_saves_what_a_phone_sends(fyrbodal_file):
    with open_document(fyrbodal_file) as document:
        ops.add_organisation(document, "Trollhättan").redo(document)
        organisation = store.organisations(document)[0].id
        capability = ops.capture_order(document)[0].id
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen([sys.executable, "-m", "digitalmotor_desktop", "serve", str(fyrbodal_file),
                               "--host", "127.0.0.1", "--port", "0"], stdout=subprocess.PIPE, text=True, env=environment)
    try:
        first = server.stdout.readline()
        assert first.startswith("Phones join at http://127.0.0.1:")
        url = first.split()[-1]
        base, token = url.split("/#j=")
        qr = [server.stdout.readline() for _ in range(5)]
        assert all(set(line.strip()) <= set("█▀▄ ") and line.strip() for line in qr)  # the QR code's rows
        device = post(base, "/api/join", {"token": token})["device"]
        post(base, "/api/respondent", {"organisation": organisation, "consent": "facilitator"}, device)
        assert post(base, "/api/answers", {"answers": [{"capability": capability, "seq": 1, "maturity": 3}]},
                    device) == {"acknowledged": [{"capability": capability, "seq": 1}]}
    finally:
        server.send_signal(signal.SIGINT)
        out, _ = server.communicate(timeout=20)
    assert server.returncode == 0 and "Stopped" in out
    with open_document(fyrbodal_file, read_only=True) as document:
        (respondent,) = store.respondents(document)
        assert respondent.consent == "facilitator"
        assert store.rating(document, respondent.id, capability).maturity == 3


def test_serve_notes_takes_a_note_under_the_boards_first_question_hidden(fyrbodal_file):
    with open_document(fyrbodal_file) as document:
        question = board_store.prompts(document, 2)[0].id
    server = subprocess.Popen([sys.executable, "-m", "digitalmotor_desktop", "serve", str(fyrbodal_file),
                               "--host", "127.0.0.1", "--port", "0", "--notes", "2"], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        base, token = server.stdout.readline().split()[-1].split("/#j=")
        said = iter(server.stdout.readline, "")
        assert "hidden until revealed" in next(line for line in said if "Ctrl+C stops" in line)
        device = post(base, "/api/join", {"token": token})["device"]
        assert post(base, "/api/notes", {"seq": 1, "prompt": question, "text": "Bygga kultur"}, device) == {
            "acknowledged": 1}
    finally:
        server.send_signal(signal.SIGINT)
        out, _ = server.communicate(timeout=20)
    assert server.returncode == 0 and "Stopped" in out
    with open_document(fyrbodal_file, read_only=True) as document:
        (note,) = board_store.board(document, 2).notes.values()
        assert note.text == "Bygga kultur" and note.hidden and note.prompt_id == question
