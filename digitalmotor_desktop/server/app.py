"""The phone server: an aiohttp application in the style of aiohttp's examples.

``init(document, …)`` returns the application; ``serve`` commands and the GUI
run it on an asyncio loop they own (the GUI's is qasync's, inside Qt's).

Security on an untrusted room network (OWASP):

* state changes only by POST with a JSON body and the device token in the
  ``X-Device-Token`` header (a custom header cannot be sent cross-origin
  without a CORS preflight, which this server never answers: no CSRF);
* the Host header must be an address the server was asked to serve on, and a
  POST's Origin that same origin (a DNS-rebinding page has another host name);
* bodies are capped at 16 KiB, requests limited per device and per address;
* every value is checked against the workshop (capability ids from the map,
  levels from its scale, importance 1–5, consent from the fixed set, a note's
  question from the board phones write on, lengths from core/limits.py)
  before any op runs;
* every response carries a strict Content-Security-Policy with no inline
  script; the page, its script and its styles ship in this package, served
  file by file (no static directory, so no listing); errors are one JSON code,
  never a stack trace.

Nothing about a phone (user agent, address) reaches the document. Notes from
phones (stages 1–2) arrive hidden and are never sent back to any phone: the
page keeps the list of what it sent itself.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, AsyncIterator, Awaitable, Callable

from aiohttp import web

from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.limits import NAME_MAX, TEXT_MAX
from digitalmotor_desktop.core.model import CONSENTS
from digitalmotor_desktop.core.ratings import IMPORTANCE_LEVELS, Rating
from digitalmotor_desktop.ops import board as board_ops
from digitalmotor_desktop.ops import ratings as ops
from digitalmotor_desktop.ops.changes import Edit
from digitalmotor_desktop.server.room import Device, NotesOffer, Room
from digitalmotor_desktop.server.writer import MakeEdit
from digitalmotor_desktop.store import board as board_store
from digitalmotor_desktop.store import ratings as store
from digitalmotor_desktop.store.document import Document
from digitalmotor_desktop.store.workshop import scale, workshop_row

#: The largest request body accepted (the page's biggest, a full queue of 55 answers, is under 8 KiB).
MAX_BODY = 16 * 1024
#: Answers in one request: a whole queue after a dropped connection.
MAX_ANSWERS = 80
#: Ids are UUIDs; anything longer is not one of ours.
ID_MAX = 64
#: A client sequence number fits a JavaScript number exactly.
SEQUENCE_MAX = 2**53
#: What a phone sends for "vet ej" instead of a level.
DONT_KNOW = "dont_know"
TOKEN_HEADER = "X-Device-Token"

STATIC_FILES = {  # path → (file in static/, content type)
    "/": ("index.html", "text/html"),
    "/phone.js": ("phone.js", "text/javascript"),
    "/phone.css": ("phone.css", "text/css"),
    "/strings.json": ("strings.json", "application/json"),
}

SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                                "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cache-Control": "no-store",
}

#: Runs an op: called with the op's factory (``document → Edit``), returns the edit once it is committed.
Apply = Callable[[MakeEdit], Awaitable[Edit]]


class AddressUnavailable(UserError):
    """The address or port to serve on is taken or not this computer's."""

DOCUMENT = web.AppKey("document", Document)
ROOM = web.AppKey("room", Room)
APPLY = web.AppKey("apply", Apply)
ALLOWED_HOSTS = web.AppKey("allowed_hosts", frozenset)
FILES = web.AppKey("files", dict)


class Refused(web.HTTPException):
    """An error answered as ``{"error": code}``: a code the page translates, never a trace."""

    def __init__(self, status: int, code: str, **details: Any):
        self.status_code = status
        super().__init__(text=json.dumps({"error": code, **details}), content_type="application/json")


def _invalid(field: str) -> Refused:
    return Refused(400, "invalid", field=field)


# Middlewares ---------------------------------------------------------------------

@web.middleware
async def errors_as_codes(request: web.Request, handler) -> web.StreamResponse:
    """The outermost layer: whatever happens, the answer is a status and a code."""
    try:
        return await handler(request)
    except Refused:
        raise
    except web.HTTPRequestEntityTooLarge:
        raise Refused(413, "too_large") from None
    except web.HTTPException as error:
        if error.status_code in (404, 405):
            raise Refused(error.status_code, "not_found" if error.status_code == 404 else "method") from None
        raise Refused(error.status_code, "refused") from None
    except Exception:  # a bug: one code for the phone; nothing of the trace leaves the laptop
        raise Refused(500, "internal") from None


def _served_host(request: web.Request) -> str:
    """The address:port this connection reached, as a browser writes it in Host."""
    sockname = request.transport.get_extra_info("sockname") if request.transport else None
    if not sockname:
        return ""
    host, port = sockname[0], sockname[1]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


@web.middleware
async def same_origin_only(request: web.Request, handler) -> web.StreamResponse:
    """Host from the allow-list (DNS rebinding); POSTs from that origin, JSON, small (CSRF)."""
    allowed = request.app[ALLOWED_HOSTS] or frozenset({_served_host(request)})
    host = request.headers.get("Host", "").lower()
    if host not in allowed:
        raise Refused(421, "bad_host")
    if not request.app[ROOM].by_address.allow(request.remote or ""):
        raise Refused(429, "too_many")
    if request.method == "POST":
        if request.headers.get("Origin", "") != f"http://{host}":
            raise Refused(403, "bad_origin")
        if request.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
            raise Refused(403, "bad_origin")
        if request.content_type != "application/json":
            raise Refused(415, "not_json")
        if request.content_length is not None and request.content_length > MAX_BODY:
            raise Refused(413, "too_large")
    elif request.method not in ("GET", "HEAD"):
        raise Refused(405, "method")
    return await handler(request)


async def _secure_headers(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(SECURITY_HEADERS)
    response.headers.pop("Server", None)


# Reading requests ----------------------------------------------------------------------

def _reject_constant(name: str) -> None:
    raise ValueError(name)


async def _body(request: web.Request, fields: set[str]) -> dict[str, Any]:
    """The JSON object sent, with only the fields this endpoint knows."""
    raw = await request.read()  # client_max_size caps it while it is read
    try:
        payload = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise Refused(400, "not_json") from None
    if not isinstance(payload, dict):
        raise Refused(400, "not_json")
    unknown = set(payload) - fields
    if unknown:
        raise _invalid(sorted(unknown)[0][:ID_MAX])
    return payload


def _text(payload: dict, field: str, limit: int, *, required: bool = True) -> str:
    value = payload.get(field, None if required else "")
    if not isinstance(value, str) or len(value) > limit or (required and not value):
        raise _invalid(field)
    if any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF for c in value):  # control characters or lone surrogates
        raise _invalid(field)
    return value


def _whole(value: Any, field: str, allowed) -> int:
    """A JSON integer in ``allowed`` (``true`` is not a 1)."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        raise _invalid(field)
    return value


def _device(request: web.Request) -> Device:
    room = request.app[ROOM]
    token = request.headers.get(TOKEN_HEADER, "")
    device = room.device(token) if len(token) <= ID_MAX else None
    if device is None:
        raise Refused(401, "no_device")
    if not room.by_device.allow(token):
        raise Refused(429, "too_many")
    return device


def _respondent(request: web.Request, device: Device) -> str:
    respondent = store.respondent(request.app[DOCUMENT], device.respondent_id) if device.respondent_id else None
    if respondent is None or respondent.deleted:
        raise Refused(409, "no_respondent")
    return respondent.id


async def _applied(request: web.Request, make: MakeEdit) -> Edit:
    return await request.app[APPLY](make)


# Handlers ---------------------------------------------------------------------------------

async def static_file(request: web.Request) -> web.Response:
    body, content_type = request.app[FILES][request.path]
    return web.Response(body=body, content_type=content_type, charset="utf-8")


async def join(request: web.Request) -> web.Response:
    """The join token (or an organisation's code) for a device token, once."""
    room = request.app[ROOM]
    payload = await _body(request, {"token", "code"})
    if not room.joins.allow(request.remote or ""):
        raise Refused(429, "too_many")
    if not room.joining_open:
        raise Refused(403, "joining_closed")
    token = _text(payload, "token", ID_MAX, required=False)
    code = _text(payload, "code", ID_MAX, required=False)
    device_token = room.join(token=token, code=code) if token or code else None
    if device_token is None:
        raise Refused(403, "bad_join")
    return web.json_response({"device": device_token}, status=201)


def _current_prompt(document: Document, offer: NotesOffer) -> dict[str, str] | None:
    """The facilitator's current question; if it has just been deleted, the board's first (none on an empty board)."""
    prompts = board_store.prompts(document, offer.stage)
    prompt = next((p for p in prompts if p.id == offer.prompt_id), prompts[0] if prompts else None)
    return {"id": prompt.id, "text": prompt.text} if prompt else None


def _mode(document: Document, room: Room) -> dict[str, Any]:
    """What phones do now: rate, or write notes under a question (its text, never anyone's notes)."""
    if room.notes is None:
        return {"mode": "rate"}
    return {"mode": "notes", "stage": room.notes.stage, "prompt": _current_prompt(document, room.notes)}


def _form(document: Document, room: Room, device: Device) -> dict[str, Any]:
    answers = ops.ratings_by_capability(document, device.respondent_id) if device.respondent_id else {}
    return {
        **_mode(document, room),
        "note_max": TEXT_MAX,
        "title": workshop_row(document).get("title", ""),
        "organisations": [{"id": o.id, "name": o.name} for o in store.organisations(document)
                          if not device.organisation_id or o.id == device.organisation_id],
        "organisation": device.organisation_id,
        "respondent": bool(device.respondent_id),
        "consents": list(CONSENTS),
        "scale": [{"level": s.level, "label": s.label, "description": s.description} for s in scale(document)],
        "capabilities": [{"id": c.id, "name": c.name, "description": c.description}
                         for c in ops.capture_order(document)],
        "answers": {c: _answer(r) for c, r in answers.items() if r.rated or r.importance is not None},
        "sequences": device.applied,
    }


def _answer(rating: Rating) -> dict[str, Any]:
    """As the page keeps it: ``maturity`` only once answered ("vet ej" as ``DONT_KNOW``)."""
    shown: dict[str, Any] = {"importance": rating.importance}
    if rating.rated:
        shown["maturity"] = DONT_KNOW if rating.dont_know else rating.maturity
    return shown


async def form(request: web.Request) -> web.Response:
    """What the phone shows: the organisations to choose, the scale and the capabilities in map order."""
    device = _device(request)
    return web.json_response(_form(request.app[DOCUMENT], request.app[ROOM], device))


async def mode(request: web.Request) -> web.Response:
    """Asked every few seconds by the page: a new question, or the room moving between notes and rating."""
    _device(request)
    return web.json_response(_mode(request.app[DOCUMENT], request.app[ROOM]))


async def respondent(request: web.Request) -> web.Response:
    """The device becomes one respondent: organisation, consent and an optional role label."""
    device = _device(request)
    document = request.app[DOCUMENT]
    payload = await _body(request, {"organisation", "consent", "label"})
    organisation_id = _text(payload, "organisation", ID_MAX)
    consent = _text(payload, "consent", ID_MAX)
    if consent not in CONSENTS:
        raise _invalid("consent")
    label = " ".join(_text(payload, "label", NAME_MAX, required=False).split())
    live = {o.id for o in store.organisations(document)}
    if organisation_id not in live or (device.organisation_id and organisation_id != device.organisation_id):
        raise _invalid("organisation")
    try:
        async with device.busy:  # a double tap on a slow network must not make two respondents
            if device.respondent_id and store.respondent(document, device.respondent_id) is not None:
                # The same phone again: consent may change, the organisation may not (it would move the answers).
                if store.respondent(document, device.respondent_id).organisation_id != organisation_id:
                    raise _invalid("organisation")
                respondent_id = device.respondent_id
                await _applied(request, lambda own: ops.set_consent(own, respondent_id, consent))
            else:  # the label is chosen by the writer, so two phones of one organisation never pick the same
                edit = await _applied(request, lambda own: ops.add_respondent(
                    own, organisation_id, label or ops.next_label(own, organisation_id), consent))
                device.respondent_id, device.organisation_id = edit.extra["id"], organisation_id
    except UserError as error:
        raise Refused(409, "refused", message=str(error)) from None
    return web.json_response({"ok": True})


def _checked_answer(document: Document, item: Any, levels: set[int]) -> tuple[str, int, dict[str, Any]]:
    if not isinstance(item, dict) or set(item) - {"capability", "seq", "maturity", "importance"}:
        raise _invalid("answers")
    capability = _text(item, "capability", ID_MAX)
    if not store.capability_is_live(document, capability):  # one indexed look-up, not the whole map per answer
        raise _invalid("capability")
    sequence = _whole(item.get("seq"), "seq", range(SEQUENCE_MAX))
    fields: dict[str, Any] = {}
    if "maturity" in item:
        maturity = item["maturity"]
        fields["maturity"] = None if maturity == DONT_KNOW else _whole(maturity, "maturity", levels)
    if "importance" in item:
        importance = item["importance"]
        fields["importance"] = None if importance is None else _whole(importance, "importance", IMPORTANCE_LEVELS)
    if not fields:
        raise _invalid("answers")
    return capability, sequence, fields


async def answers(request: web.Request) -> web.Response:
    """Answers, applied exactly once each: a (device, capability, sequence) seen before is acknowledged only."""
    device = _device(request)
    document = request.app[DOCUMENT]
    payload = await _body(request, {"answers"})
    items = payload.get("answers")
    if not isinstance(items, list) or not 0 < len(items) <= MAX_ANSWERS:
        raise _invalid("answers")
    respondent_id = _respondent(request, device)
    levels = set(ops.maturity_levels(document))
    checked = [_checked_answer(document, item, levels) for item in items]  # all checked before any is applied
    acknowledged = []
    try:
        # One request of a device at a time, from this check to recording the sequence: a resend racing
        # this request waits, then finds its answers applied and only acknowledges them.
        async with device.busy:
            for capability, sequence, fields in checked:
                acknowledged.append({"capability": capability, "seq": sequence})
                if sequence <= device.applied.get(capability, -1):
                    continue  # a replay after a dropped answer, or an older answer overtaken by a newer one
                if "maturity" in fields:
                    await _applied(request, lambda own, c=capability, m=fields["maturity"]:
                                   ops.set_maturity(own, respondent_id, c, m))
                if "importance" in fields:
                    await _applied(request, lambda own, c=capability, i=fields["importance"]:
                                   ops.set_importance(own, respondent_id, c, i))
                device.applied[capability] = sequence
    except UserError as error:
        raise Refused(409, "refused", message=str(error)) from None
    return web.json_response({"acknowledged": acknowledged})


async def notes(request: web.Request) -> web.Response:
    """A note under a question of the board phones write on: it arrives hidden, applied exactly once."""
    device = _device(request)
    room, document = request.app[ROOM], request.app[DOCUMENT]
    payload = await _body(request, {"seq", "prompt", "text"})
    offer = room.notes
    if offer is None:
        raise Refused(409, "notes_closed")
    sequence = _whole(payload.get("seq"), "seq", range(SEQUENCE_MAX))
    text = _text(payload, "text", TEXT_MAX).strip()
    if not text:
        raise _invalid("text")
    questions = {p.id for p in board_store.prompts(document, offer.stage)}
    prompt_id = None if payload.get("prompt") is None else _text(payload, "prompt", ID_MAX)
    known = prompt_id in questions if questions else prompt_id is None  # a board without questions takes none
    if not known:
        raise _invalid("prompt")
    try:
        async with device.busy:  # a resend racing its first try waits, then finds it applied
            if sequence > device.notes_applied:
                await _applied(request, lambda own: board_ops.add_note(own, offer.stage, prompt_id, text, hidden=True))
                device.notes_applied = sequence
                room.notes_received += 1
    except UserError as error:
        raise Refused(409, "refused", message=str(error)) from None
    return web.json_response({"acknowledged": sequence})


# The application ------------------------------------------------------------------------------

async def _forget_addresses(app: web.Application) -> AsyncIterator[None]:
    """While serving, the rate limits know addresses; when the server stops they are forgotten."""
    yield
    room = app[ROOM]
    for limiter in (room.by_address, room.by_device, room.joins):
        limiter.buckets.clear()


def _static_files() -> dict[str, tuple[bytes, str]]:
    folder = resources.files("digitalmotor_desktop.server") / "static"
    return {path: ((folder / name).read_bytes(), kind) for path, (name, kind) in STATIC_FILES.items()}


def _applier(document: Document) -> Apply:
    """Ops run on ``document`` itself, on the loop's thread (``digitalmotor serve``: no window to keep moving)."""
    async def apply(make: MakeEdit) -> Edit:
        edit = make(document)
        edit.redo(document)
        return edit
    return apply


def init(document: Document, *, room: Room | None = None, apply: Apply | None = None,
         allowed_hosts: frozenset[str] | set[str] = frozenset()) -> web.Application:
    """The phone server for ``document``.

    ``apply`` runs an op (default: built and run on ``document`` at once; the GUI
    runs it on the phones' writer connection, server/writer.py, and refreshes
    its views from the ``Changes``). ``allowed_hosts`` are the
    ``address:port`` values a Host header may carry; empty means the address
    each connection actually reached, which a rebinding host name never is.
    """
    app = web.Application(client_max_size=MAX_BODY, middlewares=[errors_as_codes, same_origin_only])
    app[DOCUMENT] = document
    app[ROOM] = room or Room()
    app[APPLY] = apply or _applier(document)
    app[ALLOWED_HOSTS] = frozenset(h.lower() for h in allowed_hosts)
    app[FILES] = _static_files()
    app.cleanup_ctx.append(_forget_addresses)
    app.on_response_prepare.append(_secure_headers)
    for path in STATIC_FILES:
        app.router.add_get(path, static_file)
    app.router.add_post("/api/join", join)
    app.router.add_get("/api/form", form)
    app.router.add_post("/api/respondent", respondent)
    app.router.add_post("/api/answers", answers)
    app.router.add_get("/api/mode", mode)
    app.router.add_post("/api/notes", notes)
    return app


async def start(app: web.Application, host: str, port: int) -> tuple[web.AppRunner, int]:
    """Serves ``app`` on the running loop; returns the runner (``await runner.cleanup()`` stops it) and the port.

    No access log: it would write every phone's address.
    """
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except OSError as error:
        await runner.cleanup()
        raise AddressUnavailable(QT_TRANSLATE_NOOP("UserError", "Cannot serve phones on {host} port {port} ({reason})."),
                                 host=host, port=port, reason=error.strerror or str(error)) from None
    return runner, runner.addresses[0][1]


def room_url(host: str, port: int, room: Room) -> str:
    """The address the QR code carries: the join token in the fragment, never sent to any server."""
    return f"http://{host}:{port}/#j={room.join_token}"

