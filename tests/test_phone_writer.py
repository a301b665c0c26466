"""The phones' writer (server/writer.py): commits off the window's thread, each answer exactly once.

Each test is the accident it prevents: a refused answer taking others down with
it, a resend racing its first try over a slow disk, a phone told "saved" for an
answer that is not on disk, two connections issuing the same clock stamp.
"""

import asyncio
import threading

import pytest
import pytest_asyncio

from digitalmotor_desktop.ops import ratings as ops
from digitalmotor_desktop.server.app import TOKEN_HEADER, init
from digitalmotor_desktop.server.room import Room
from digitalmotor_desktop.server.writer import Writer
from digitalmotor_desktop.store import ratings as store
from digitalmotor_desktop.store.document import open_document

pytestmark = [pytest.mark.asyncio, pytest.mark.usefixtures("no_gui_loop_running")]


@pytest.fixture
def workshop(fyrbodal_file):
    document = open_document(fyrbodal_file)
    organisation = ops.add_organisation(document, "Vänersborg")
    organisation.redo(document)
    respondent = ops.add_respondent(document, organisation.extra["id"], "Rektor", "group")
    respondent.redo(document)
    yield document, respondent.extra["id"]
    document.close()


@pytest_asyncio.fixture
async def writer(workshop):
    own = Writer(workshop[0])
    yield own
    own.close()


async def test_answers_saved_by_the_writer_are_on_disk_before_the_phone_hears_it(workshop, writer):
    document, respondent = workshop
    capabilities = [c.id for c in ops.capture_order(document)[:30]]
    saved = await asyncio.gather(*(writer.apply(lambda own, c=c: ops.set_maturity(own, respondent, c, 3))
                                   for c in capabilities))
    assert {edit.extra["rating"].capability_id for edit, _changes in saved} == set(capabilities)
    assert all(changes.touches("ratings") for _edit, changes in saved)
    with open_document(document.path) as fresh:  # another connection: what is on disk
        assert sum(r.maturity == 3 for r in store.ratings_of(fresh, [respondent]).values()) == 30


async def test_a_refused_answer_in_a_shared_commit_rolls_back_alone(workshop, writer):
    document, respondent = workshop
    good, other = [c.id for c in ops.capture_order(document)[:2]]
    results = await asyncio.gather(
        writer.apply(lambda own: ops.set_maturity(own, respondent, good, 2)),
        writer.apply(lambda own: ops.set_maturity(own, respondent, "no-such-capability", 2)),
        writer.apply(lambda own: ops.set_maturity(own, respondent, other, 9)),  # not on the scale
        return_exceptions=True)
    assert not isinstance(results[0], Exception)
    assert "not in the map" in str(results[1]) and "not on this workshop's scale" in str(results[2])
    kept = store.ratings_of(document, [respondent])
    assert [r.capability_id for r in kept.values() if r.rated] == [good]


async def test_a_failed_commit_tells_every_phone_in_it_that_nothing_was_saved(workshop, writer):
    document, respondent = workshop
    first, second, third = [c.id for c in ops.capture_order(document)[:3]]
    running, released = threading.Event(), threading.Event()

    def slow(own):  # holds the writer while the next two answers queue up for one commit
        running.set()
        released.wait(5)
        return ops.set_maturity(own, respondent, first, 1)

    def disk_refuses(own):  # from here on the file takes no writes (a full disk, say): the shared commit fails
        own.connection.execute("PRAGMA query_only = ON")
        return ops.set_maturity(own, respondent, third, 3)

    held = asyncio.ensure_future(writer.apply(slow))
    await asyncio.to_thread(running.wait, 5)
    queued = [asyncio.ensure_future(writer.apply(lambda own: ops.set_maturity(own, respondent, second, 2))),
              asyncio.ensure_future(writer.apply(disk_refuses))]
    released.set()
    await held
    outcomes = await asyncio.gather(*queued, return_exceptions=True)
    assert all(isinstance(outcome, Exception) for outcome in outcomes)  # neither phone hears "saved": both resend
    with open_document(document.path) as fresh:
        rated = {r.capability_id for r in store.ratings_of(fresh, [respondent]).values() if r.rated}
    assert rated == {first}


async def test_a_resend_racing_its_first_try_over_a_slow_disk_is_applied_once(aiohttp_client, workshop):
    document, _respondent = workshop
    applied = []

    async def slow_disk(make):  # every commit takes a while: the phone gives up and resends meanwhile
        await asyncio.sleep(0.05)
        edit = make(document)
        edit.redo(document)
        applied.append(edit)
        return edit

    room = Room()
    client = await aiohttp_client(init(document, room=room, apply=slow_disk))
    origin = f"http://{client.server.host}:{client.server.port}"
    headers = {"Origin": origin, "Content-Type": "application/json"}
    device = (await (await client.post("/api/join", json={"token": room.join_token}, headers=headers)).json())["device"]
    headers[TOKEN_HEADER] = device
    organisation = store.organisations(document)[0].id
    twice = await asyncio.gather(*(client.post("/api/respondent", json={"organisation": organisation,
                                                                        "consent": "group"}, headers=headers)
                                   for _ in range(2)))
    assert [r.status for r in twice] == [200, 200]
    assert sum(r.label.startswith("Respondent") for r in store.respondents(document)) == 1  # one phone, one respondent
    capability = ops.capture_order(document)[0].id
    answer = {"answers": [{"capability": capability, "seq": 1, "maturity": 2}]}
    responses = await asyncio.gather(*(client.post("/api/answers", json=answer, headers=headers) for _ in range(3)))
    assert [r.status for r in responses] == [200, 200, 200]
    assert sum("rating" in edit.extra for edit in applied) == 1


async def test_stamps_from_the_window_and_the_writer_never_repeat(workshop, writer):
    document, respondent = workshop
    capabilities = [c.id for c in ops.capture_order(document)]
    phones = asyncio.gather(*(writer.apply(lambda own, c=c: ops.set_maturity(own, respondent, c, 1))
                              for c in capabilities[:25]))
    stamps = [document.stamp() for _ in range(2000)]  # the window stamps meanwhile, on its own thread
    await phones
    stamps += [row[0] for row in document.connection.execute("SELECT hlc FROM rating")]
    assert len(stamps) == len(set(stamps))


async def test_a_workshop_opened_read_only_is_not_written_by_the_phones(fyrbodal_file):
    with open_document(fyrbodal_file) as document:
        organisation = ops.add_organisation(document, "Vänersborg")
        organisation.redo(document)
    document = open_document(fyrbodal_file, read_only=True)
    writer = Writer(document)
    try:
        with pytest.raises(Exception, match="read-only"):
            await writer.apply(lambda own: ops.add_respondent(own, organisation.extra["id"], "Rektor", "group"))
    finally:
        writer.close()
        document.close()
    with open_document(fyrbodal_file, read_only=True) as fresh:
        assert store.respondents(fresh) == []
