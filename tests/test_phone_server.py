"""The phone server (digitalmotor_desktop/server), each test written as the attack or accident it stops.

The server runs on loopback only (pytest-aiohttp's test server); a request
carries the Host and Origin a browser on the page would send unless the test
is about a forged one.
"""

import asyncio
import json

import pytest
import pytest_asyncio

from digitalmotor_desktop.core.limits import NAME_MAX
from digitalmotor_desktop.ops import ratings as ops
from digitalmotor_desktop.server.app import MAX_BODY, TOKEN_HEADER, init, room_url
from digitalmotor_desktop.server.room import Limits, Room
from digitalmotor_desktop.store import ratings as store
from phone_client import Phone, error

pytestmark = [pytest.mark.asyncio, pytest.mark.usefixtures("no_gui_loop_running")]


@pytest.fixture
def workshop(fyrbodal):
    for name in ("Vänersborg", "Uddevalla"):
        ops.add_organisation(fyrbodal, name).redo(fyrbodal)
    return fyrbodal


@pytest_asyncio.fixture
async def phone(aiohttp_client, workshop):
    room = Room()
    client = await aiohttp_client(init(workshop, room=room))
    return Phone(client, room)


async def rating_phone(phone, workshop):
    assert (await phone.join()).status == 201
    form = await phone.form()
    assert (await phone.become(form["organisations"][0]["id"])).status == 200
    return form


# Joining ------------------------------------------------------------------------------------------

async def test_join_token_is_long_random_and_travels_in_the_fragment_only(phone):
    url = room_url("192.168.1.20", 8080, phone.room)
    assert url.startswith("http://192.168.1.20:8080/#j=")
    assert len(phone.room.join_token) * 6 >= 128
    assert Room().join_token != phone.room.join_token


async def test_a_device_token_is_given_for_the_join_token_and_opens_the_form(phone, workshop):
    assert (await phone.join()).status == 201
    form = await phone.form()
    assert len(form["capabilities"]) == len(ops.capture_order(workshop)) == 55
    assert [o["name"] for o in form["organisations"]] == ["Uddevalla", "Vänersborg"] or len(form["organisations"]) == 2
    assert [s["level"] for s in form["scale"]] == [0, 1, 2, 3, 4]
    assert phone.token != phone.room.join_token


async def test_a_guessed_join_token_joins_nobody(phone):
    response = await phone.join(token="A" * 43)
    assert response.status == 403 and await error(response) == "bad_join"


async def test_the_form_without_a_device_token_is_refused(phone):
    response = await phone.client.get("/api/form")
    assert response.status == 401 and await error(response) == "no_device"
    response = await phone.client.get("/api/form", headers={TOKEN_HEADER: "forged-token"})
    assert response.status == 401


async def test_rotating_the_token_stops_the_old_qr_code_but_keeps_joined_phones(phone):
    old = phone.room.join_token
    await phone.join()
    phone.room.rotate()
    late = Phone(phone.client, phone.room)
    assert (await late.join(token=old)).status == 403
    await phone.form()  # the phone that joined before still works
    assert (await late.join()).status == 201


async def test_closed_joining_lets_nobody_new_in(phone):
    await phone.join()
    phone.room.joining_open = False
    late = Phone(phone.client, phone.room)
    response = await late.join()
    assert response.status == 403 and await error(response) == "joining_closed"
    await phone.form()


async def test_an_organisation_code_binds_the_phone_to_that_organisation(phone, workshop):
    organisations = store.organisations(workshop)
    codes = phone.room.organisation_codes([o.id for o in organisations])
    first, second = organisations
    response = await phone.post("/api/join", {"code": codes[first.id].lower()})
    assert response.status == 201
    phone.token = (await response.json())["device"]
    form = await phone.form()
    assert [o["id"] for o in form["organisations"]] == [first.id] and form["organisation"] == first.id
    response = await phone.become(second.id)  # a code for one organisation cannot rate for another
    assert response.status == 400 and await error(response) == "invalid"


async def test_a_device_is_one_respondent_with_the_consent_it_chose(phone, workshop):
    form = await rating_phone(phone, workshop)
    organisation = form["organisations"][0]["id"]
    (respondent,) = store.respondents(workshop, organisation)
    assert respondent.consent == "group" and respondent.label == "Respondent 1"
    assert (await phone.become(organisation, consent="facilitator")).status == 200  # changing consent: same respondent
    (respondent,) = store.respondents(workshop, organisation)
    assert respondent.consent == "facilitator"
    other = form["organisations"][1]["id"]
    assert (await phone.become(other)).status == 400  # moving the answers to another organisation is refused


async def test_nothing_about_the_phone_is_stored(phone, workshop):
    await rating_phone(phone, workshop)
    first = ops.capture_order(workshop)[0].id
    await phone.answer({"capability": first, "seq": 1, "maturity": 2})
    dump = "\n".join(workshop.connection.iterdump())
    assert "127.0.0.1" not in dump and "Python" not in dump and phone.token not in dump


# Exactly once ---------------------------------------------------------------------------------------

async def test_a_replayed_answer_is_applied_once_and_an_older_one_never_overwrites_a_newer(phone, workshop):
    await rating_phone(phone, workshop)
    capability = ops.capture_order(workshop)[0].id
    applied = []
    for seq, level in ((1, 2), (1, 2), (3, 4), (2, 1)):  # a resend, then a newer answer, then the late older one
        response = await phone.answer({"capability": capability, "seq": seq, "maturity": level})
        assert response.status == 200
        applied.append((await response.json())["acknowledged"])
    (respondent,) = [r for r in store.respondents(workshop) if not r.deleted]
    assert store.rating(workshop, respondent.id, capability).maturity == 4
    assert all(a == [{"capability": capability, "seq": s}] for a, s in zip(applied, (1, 1, 3, 2)))


async def test_dont_know_and_importance_arrive_as_keyboard_capture_stores_them(phone, workshop):
    await rating_phone(phone, workshop)
    first, second = [c.id for c in ops.capture_order(workshop)[:2]]
    response = await phone.answer({"capability": first, "seq": 1, "maturity": "dont_know", "importance": 5},
                                  {"capability": second, "seq": 2, "importance": 3})
    assert response.status == 200
    (respondent,) = [r for r in store.respondents(workshop) if not r.deleted]
    assert ops.progress(workshop, respondent.id).rated == 1
    rating = store.rating(workshop, respondent.id, first)
    assert rating.dont_know and rating.importance == 5
    assert not store.rating(workshop, respondent.id, second).rated


async def test_answers_before_choosing_who_is_rating_are_refused(phone, workshop):
    await phone.join()
    response = await phone.answer({"capability": ops.capture_order(workshop)[0].id, "seq": 1, "maturity": 1})
    assert response.status == 409 and await error(response) == "no_respondent"


# CSRF and DNS rebinding ----------------------------------------------------------------------------------

async def test_a_post_without_the_device_token_changes_nothing(phone, workshop):
    await rating_phone(phone, workshop)
    capability = ops.capture_order(workshop)[0].id
    response = await phone.post("/api/answers", {"answers": [{"capability": capability, "seq": 1, "maturity": 1}]},
                                **{TOKEN_HEADER: None})
    assert response.status == 401
    assert not any(r.rated for r in store.ratings_of(workshop, [r.id for r in store.respondents(workshop)]).values())


async def test_a_post_from_another_origin_is_refused(phone, workshop):
    await rating_phone(phone, workshop)
    capability = ops.capture_order(workshop)[0].id
    for origin in ("http://evil.example", "null", None, f"https://{phone.host}"):
        response = await phone.post("/api/answers", {"answers": [{"capability": capability, "seq": 1, "maturity": 1}]},
                                    Origin=origin)
        assert response.status == 403 and await error(response) == "bad_origin", origin
    response = await phone.post("/api/join", {"token": phone.room.join_token}, **{"Sec-Fetch-Site": "cross-site"})
    assert response.status == 403


async def test_a_rebinding_host_name_is_refused_even_for_reading(phone):
    await phone.join()
    response = await phone.client.get("/api/form", headers={"Host": f"attacker.example:{phone.client.server.port}",
                                                            TOKEN_HEADER: phone.token})
    assert response.status == 421 and await error(response) == "bad_host"
    response = await phone.client.get("/", headers={"Host": "attacker.example"})
    assert response.status == 421


async def test_an_allow_list_names_the_hosts_served(aiohttp_client, workshop):
    client = await aiohttp_client(init(workshop, allowed_hosts={"192.168.1.20:8080"}))
    assert (await client.get("/", headers={"Host": "192.168.1.20:8080"})).status == 200
    assert (await client.get("/")).status == 421  # 127.0.0.1 is not on the list


async def test_a_form_post_or_text_body_is_not_json_and_is_refused(phone):
    response = await phone.post("/api/join", b"token=x", **{"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status == 415 and await error(response) == "not_json"
    for body in (b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe", b'{"token": NaN}', b"[" * 5000 + b"]" * 5000):
        response = await phone.post("/api/join", body)
        assert response.status in (400, 413) and await error(response) in ("not_json", "too_large"), body[:10]


async def test_other_methods_are_refused(phone):
    for method in ("PUT", "DELETE", "PATCH"):
        response = await phone.client.request(method, "/api/answers", headers=phone.headers())
        assert response.status == 405


# Size and rate --------------------------------------------------------------------------------------------

async def test_an_oversized_body_is_refused_before_it_is_read(phone, workshop):
    await rating_phone(phone, workshop)
    response = await phone.post("/api/respondent", json.dumps({"label": "x" * MAX_BODY}))
    assert response.status == 413 and await error(response) == "too_large"


async def test_an_oversized_chunked_body_is_refused(phone):
    async def chunks():
        yield b'{"token": "'
        for _ in range(40):
            yield b"x" * 1024
        yield b'"}'

    response = await phone.client.post("/api/join", data=chunks(), headers=phone.headers())
    assert response.status == 413


async def test_a_phone_flooding_answers_is_slowed_down(aiohttp_client, workshop):
    room = Room(Limits(device=(0.001, 5), address=(1000, 1000)))
    phone = Phone(await aiohttp_client(init(workshop, room=room)), room)
    await rating_phone(phone, workshop)
    statuses = [(await phone.client.get("/api/form", headers={TOKEN_HEADER: phone.token})).status for _ in range(8)]
    assert statuses.count(429) >= 4 and statuses[0] == 200


async def test_an_address_flooding_the_server_is_slowed_down(aiohttp_client, workshop):
    room = Room(Limits(address=(0.001, 5)))
    client = await aiohttp_client(init(workshop, room=room))
    statuses = [(await client.get("/")).status for _ in range(8)]
    assert statuses[:5] == [200] * 5 and set(statuses[5:]) == {429}


async def test_guessing_organisation_codes_is_limited(phone, workshop):
    phone.room.organisation_codes([o.id for o in store.organisations(workshop)])
    statuses = [(await phone.post("/api/join", {"code": f"GUESS{n:03}"})).status for n in range(10)]
    assert statuses.count(429) >= 3


# Every value validated ------------------------------------------------------------------------------------

@pytest.mark.parametrize("answer, field", [
    ({"capability": "not-in-the-map", "seq": 1, "maturity": 1}, "capability"),
    ({"capability": "x" * 10_000, "seq": 1, "maturity": 1}, "capability"),
    ({"capability": None, "seq": 1, "maturity": 1}, "capability"),
    ({"seq": 1, "maturity": 1}, "capability"),
    ({"capability": 0, "seq": -1, "maturity": 1}, "seq"),
    ({"capability": 0, "seq": "1", "maturity": 1}, "seq"),
    ({"capability": 0, "seq": 2**60, "maturity": 1}, "seq"),
    ({"capability": 0, "seq": 1.5, "maturity": 1}, "seq"),
    ({"capability": 0, "seq": 1, "maturity": 5}, "maturity"),
    ({"capability": 0, "seq": 1, "maturity": -1}, "maturity"),
    ({"capability": 0, "seq": 1, "maturity": True}, "maturity"),
    ({"capability": 0, "seq": 1, "maturity": 2.0}, "maturity"),
    ({"capability": 0, "seq": 1, "maturity": "2"}, "maturity"),
    ({"capability": 0, "seq": 1, "maturity": None}, "maturity"),
    ({"capability": 0, "seq": 1, "importance": 0}, "importance"),
    ({"capability": 0, "seq": 1, "importance": 6}, "importance"),
    ({"capability": 0, "seq": 1, "importance": True}, "importance"),
    ({"capability": 0, "seq": 1}, "answers"),
    ({"capability": 0, "seq": 1, "maturity": 1, "respondent": "someone else"}, "answers"),
])
async def test_a_bad_answer_is_refused_and_nothing_of_its_batch_is_applied(phone, workshop, answer, field):
    await rating_phone(phone, workshop)
    order = ops.capture_order(workshop)
    if answer.get("capability") == 0:
        answer = {**answer, "capability": order[1].id}
    good = {"capability": order[0].id, "seq": 1, "maturity": 3}
    response = await phone.answer(good, answer)
    assert response.status == 400
    body = await response.json()
    assert body == {"error": "invalid", "field": field}
    respondents = [r.id for r in store.respondents(workshop)]
    assert store.ratings_of(workshop, respondents) == {}


@pytest.mark.parametrize("payload", [
    {"answers": []},
    {"answers": "all of them"},
    {"answers": [{"capability": "x", "seq": 1, "maturity": 1}] * 81},
    {"answers": [1]},
    {"answers": [], "extra": 1},
])
async def test_a_malformed_batch_is_refused(phone, workshop, payload):
    await rating_phone(phone, workshop)
    assert (await phone.post("/api/answers", payload)).status == 400


@pytest.mark.parametrize("change, field", [
    ({"consent": "everyone"}, "consent"),
    ({"consent": ""}, "consent"),
    ({"consent": ["group"]}, "consent"),
    ({"organisation": "no-such-organisation"}, "organisation"),
    ({"organisation": 7}, "organisation"),
    ({"label": "x" * (NAME_MAX + 1)}, "label"),
    ({"label": "Rektor\u0000"}, "label"),
    ({"label": "\ud800"}, "label"),
    ({"deleted": True}, "deleted"),
])
async def test_a_bad_respondent_is_refused_and_nobody_is_added(phone, workshop, change, field):
    await phone.join()
    organisation = store.organisations(workshop)[0].id
    response = await phone.post("/api/respondent", {"organisation": organisation, "consent": "group", **change})
    assert response.status == 400 and (await response.json()) == {"error": "invalid", "field": field}
    assert store.respondents(workshop) == []


async def test_a_role_label_taken_in_the_organisation_is_refused_in_one_sentence(phone, workshop):
    await phone.join()
    organisation = store.organisations(workshop)[0].id
    assert (await phone.become(organisation, label="Rektor")).status == 200
    other = Phone(phone.client, phone.room)
    await other.join()
    response = await other.become(organisation, label="rektor")
    body = await response.json()
    assert response.status == 409 and body["error"] == "refused" and "rektor" in body["message"].casefold()


async def test_an_anonymised_file_takes_no_phones(aiohttp_client):
    from digitalmotor_desktop.store.document import create_document

    document = create_document(None, anonymised=True)
    room = Room()
    phone = Phone(await aiohttp_client(init(document, room=room)), room)
    await phone.join()
    response = await phone.become("anything")
    assert response.status == 400
    document.close()


# The page and its headers ------------------------------------------------------------------------------------

async def test_the_page_ships_with_a_strict_policy_and_no_third_party_or_inline_script(phone):
    response = await phone.client.get("/")
    assert response.status == 200
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "unsafe" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "Server" not in response.headers
    page = await response.text()
    assert "<script>" not in page and "onclick" not in page and "style=" not in page
    assert "http://" not in page and "https://" not in page
    for path in ("/phone.js", "/phone.css", "/strings.json"):
        shipped = await phone.client.get(path)
        assert shipped.status == 200 and "Content-Security-Policy" in shipped.headers
        body = await shipped.text()
        assert "http://" not in body and "https://" not in body and "//cdn" not in body


async def test_no_directory_listing_and_no_file_outside_the_page(phone):
    for path in ("/static/", "/static/phone.js", "/../app.py", "/api/", "/%2e%2e/app.py", "/index.html"):
        response = await phone.client.get(path)
        assert response.status == 404 and await error(response) == "not_found", path


async def test_a_bug_in_an_op_answers_one_code_and_no_stack_trace(aiohttp_client, workshop):
    def broken(edit):
        raise RuntimeError("secret internals /home/facilitator/workshop.dmw")

    room = Room()
    phone = Phone(await aiohttp_client(init(workshop, room=room, apply=broken)), room)
    await phone.join()
    response = await phone.become(store.organisations(workshop)[0].id)
    assert response.status == 500
    text = await response.text()
    assert json.loads(text) == {"error": "internal"} and "secret" not in text and "Traceback" not in text


async def test_the_strings_of_the_page_exist_in_both_languages(phone):
    strings = await (await phone.client.get("/strings.json")).json()
    assert set(strings) == {"sv", "en"} and set(strings["sv"]) == set(strings["en"])
