"""kill -9 while capturing: nothing shown as saved is lost, and the file stays sound.

A child process rates capabilities through the same op the capture view uses
and prints each rating only after the op returned (committed). The parent
kills it with SIGKILL at random moments, then checks every printed rating is
in the file and that SQLite's integrity check passes.
"""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from digitalmotor_desktop.ops import ratings as ops
from digitalmotor_desktop.ops.workshop import create_workshop

KILLS = 30
CHILD = """
import sys
from digitalmotor_desktop.ops import ratings as ops
from digitalmotor_desktop.store.document import open_document
from tests.test_capture_crash import answers

path, respondent_id, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
document = open_document(path)
print("ready", flush=True)
for capability_id, level in answers(ops.capture_order(document), seed):
    ops.set_maturity(document, respondent_id, capability_id, level).redo(document)
    print(capability_id, level, flush=True)  # shown as saved only once committed
"""


def answers(capabilities, seed):
    """The child's endless, repeatable sequence of answers, so the parent knows the one in flight."""
    rng = random.Random(seed)
    ids = [c.id for c in capabilities]
    while True:
        yield rng.choice(ids), rng.choice([0, 1, 2, 3, 4, None])


def capture_until_killed(path, respondent_id, seed, rng):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), respondent_id, str(seed)], cwd=root,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    lines, ready = [], threading.Event()

    def read():
        for line in child.stdout:
            lines.append(line)
            ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if rng.random() < 0.2:
        time.sleep(rng.uniform(0, 0.4))  # sometimes while it is still opening the file
    else:
        ready.wait(timeout=10)
        time.sleep(rng.uniform(0, 0.08))
    child.send_signal(signal.SIGKILL)
    child.wait()
    reader.join(timeout=5)
    return [line.split() for line in lines if line.endswith("\n") and line != "ready\n"]


def level_of(text):
    return None if text == "None" else int(text)


@pytest.mark.slow
def test_kill_9_loses_nothing_shown_as_saved(tmp_path):
    path = tmp_path / "capture.dmw"
    with create_workshop(path, "fyrbodal-2020") as document:
        organisation = ops.add_organisation(document, "Vänersborg")
        organisation.redo(document)
        respondent = ops.add_respondent(document, organisation.extra["id"], "IT-chef", "group")
        respondent.redo(document)
        capabilities = ops.capture_order(document)
    respondent_id = respondent.extra["id"]
    rng = random.Random(20201)
    shown: dict[str, int | None] = {}
    saved_in_all = 0
    for kill in range(KILLS):
        printed = capture_until_killed(path, respondent_id, kill, rng)
        for capability_id, level in printed:
            shown[capability_id] = level_of(level)
        saved_in_all += len(printed)
        # The answer after the last printed one may have committed just before the kill: allowed, not required.
        sequence = answers(capabilities, kill)
        for _ in printed:
            next(sequence)
        in_flight = next(sequence)
        connection = sqlite3.connect(path)  # recovers the WAL as the app does on opening
        try:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)], f"after kill {kill + 1}"
            stored = dict(connection.execute(
                "SELECT capability_id, maturity FROM rating WHERE respondent_id = ? AND deleted = 0 AND rated = 1",
                [respondent_id]).fetchall())
        finally:
            connection.close()
        if in_flight[0] in stored and stored[in_flight[0]] == in_flight[1]:
            shown[in_flight[0]] = in_flight[1]
        lost = {c: level for c, level in shown.items() if c not in stored or stored[c] != level}
        assert not lost, f"after kill {kill + 1}, ratings shown as saved were lost: {lost}"
    print(f"{KILLS} kills, {saved_in_all} ratings shown as saved, none lost")
    assert saved_in_all > KILLS  # the kills really came mid-capture, not only at start-up
    assert not any(name.endswith(".partial") for name in os.listdir(tmp_path))
