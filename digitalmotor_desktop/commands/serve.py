"""``serve``: the phone server without a window."""

from __future__ import annotations

import argparse
from pathlib import Path

from digitalmotor_desktop.commands import tr
from digitalmotor_desktop.server.network import DEFAULT_PORT


def register(subparsers: argparse._SubParsersAction) -> None:
    serve = subparsers.add_parser("serve", help=tr("let phones in the room join and rate (stage 4), or write notes "
                                                   "(stages 1–2), over the local network"))
    serve.add_argument("file", type=Path, metavar=tr("FILE"), help=tr("the workshop file"))
    serve.add_argument("--host", metavar=tr("ADDR"),
                       help=tr("the address phones reach (default: this computer's address on the room's network)"))
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="N",
                       help=tr("the port (default: {port})", port=DEFAULT_PORT))
    serve.add_argument("--codes", action="store_true",
                       help=tr("also print a join code per organisation, to hand out instead of the QR code"))
    serve.add_argument("--notes", type=int, choices=(1, 2), metavar=tr("STAGE"),
                       help=tr("phones write notes on the board of stage 1 or 2, under its first question, "
                               "hidden until revealed (default: phones rate)"))
    serve.set_defaults(run=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    import asyncio

    from digitalmotor_desktop.server.network import room_addresses
    from digitalmotor_desktop.store.document import open_document

    host = args.host or next(iter(room_addresses()), "127.0.0.1")
    with open_document(args.file) as document:
        try:
            asyncio.run(_serve(document, host, args.port, args.codes, args.notes))
        except KeyboardInterrupt:  # the way to stop serving: every answer is already saved
            print(tr("Stopped; the answers that arrived are saved."))
    return 0


async def _serve(document, host: str, port: int, codes: bool, notes_stage: int | None) -> None:
    import asyncio

    import segno

    from digitalmotor_desktop.server.app import init, room_url, start
    from digitalmotor_desktop.server.room import NotesOffer, Room
    from digitalmotor_desktop.store import board as board_store
    from digitalmotor_desktop.store import ratings as store

    room = Room()
    if notes_stage is not None:
        questions = board_store.prompts(document, notes_stage)
        room.notes = NotesOffer(notes_stage, questions[0].id if questions else None)
    runner, port = await start(init(document, room=room), host, port)
    url = room_url(host, port, room)
    print(tr("Phones join at {url}", url=url), flush=True)
    segno.make(url, error="m").terminal(compact=True)
    if codes:
        organisations = store.organisations(document)
        for organisation, code in zip(organisations, room.organisation_codes([o.id for o in organisations]).values()):
            print(f"  {organisation.name}: http://{host}:{port}/  " + tr("code {code}", code=code))
    print(tr("Notes are saved in the file as they arrive, hidden until revealed. Ctrl+C stops.") if room.notes else
          tr("Answers are saved in the file as they arrive. Ctrl+C stops."), flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
