"""Two connections writing one workshop file: the window's and the phones' writer thread.

The accident this prevents: the facilitator renames a capability while a phone's
rating is being saved. The rename's transaction has read the file (a snapshot);
the phone's answer commits; the rename's write then meets a newer file than the
one it read, and SQLite refuses it at once ("database is locked": the busy
timeout does not apply to a stale snapshot), so the edit fails with a message
although nothing was wrong. A write transaction takes the write lock when it
begins, so the second writer waits its turn instead.
"""

import threading

from digitalmotor_desktop.ops.workshop import create_workshop
from digitalmotor_desktop.store.document import open_document


def test_a_write_that_read_first_is_not_refused_when_another_connection_commits_meanwhile(tmp_path):
    path = tmp_path / "w.dmw"
    create_workshop(path, "fyrbodal-2020").close()
    window = open_document(path)
    phone_saved = threading.Event()

    def phone_answer():  # the writer thread has its own connection (server/writer.py)
        with open_document(path) as phones, phones.transaction():
            phones.db.execute("UPDATE workshop SET title = 'from a phone'")
        phone_saved.set()

    try:
        with window.transaction():
            window.db.execute("SELECT count(*) FROM capability").fetchone()  # the edit reads first
            answering = threading.Thread(target=phone_answer)
            answering.start()
            phone_saved.wait(0.5)  # committed at once unless the window's transaction holds the write lock
            window.db.execute("UPDATE capability SET name = 'Bygga kultur tillsammans' WHERE name = 'Bygga kultur'")
        answering.join(10)
        assert phone_saved.is_set()
    finally:
        window.close()
    with open_document(path, read_only=True) as document:
        assert document.db.execute("SELECT title FROM workshop").fetchone()[0] == "from a phone"
        assert document.db.execute("SELECT count(*) FROM capability WHERE name = 'Bygga kultur tillsammans'"
                                   ).fetchone()[0] == 1
