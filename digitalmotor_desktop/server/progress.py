"""How far the phones in the room are: per organisation for the facilitator, counts only for the room."""

from __future__ import annotations

from dataclasses import dataclass

from digitalmotor_desktop.core.ratings import Progress
from digitalmotor_desktop.ops import ratings as ops
from digitalmotor_desktop.server.room import Room
from digitalmotor_desktop.store import ratings as store
from digitalmotor_desktop.store.document import Document


@dataclass(frozen=True)
class OrganisationProgress:
    name: str
    phones: int  # respondents rating from a phone
    finished: int  # of them, those who answered every capability
    answers: int  # maturity answers given by them


@dataclass(frozen=True)
class RoomCounts:
    """What the room may see: never who, only how many."""

    joined: int
    in_progress: int
    finished: int
    notes: int  # notes received from phones since the server started (stages 1–2)


def organisation_progress(document: Document, room: Room) -> list[OrganisationProgress]:
    """A few queries for the whole room, however many phones: redrawn while answers arrive, on the window's
    thread, each query is a moment the phones' writer may take the interpreter (server/writer.py)."""
    total = len(ops.capture_order(document))
    rated = store.rated_counts(document)
    live = {r.id: r for r in store.respondents(document)}
    by_organisation: dict[str, list[Progress]] = {}
    for device in room.devices.values():
        respondent = live.get(device.respondent_id)
        if respondent is not None:
            by_organisation.setdefault(respondent.organisation_id, []).append(
                Progress(rated.get(respondent.id, 0), total))
    names = {o.id: o.name for o in store.organisations(document)}
    return [OrganisationProgress(names[o], len(p), sum(x.complete for x in p), sum(x.rated for x in p))
            for o, p in sorted(by_organisation.items(), key=lambda item: names.get(item[0], "").casefold())
            if o in names]


def room_counts(document: Document, room: Room) -> RoomCounts:
    rows = organisation_progress(document, room)
    finished = sum(r.finished for r in rows)
    return RoomCounts(len(room.devices), sum(r.phones for r in rows) - finished, finished, room.notes_received)
