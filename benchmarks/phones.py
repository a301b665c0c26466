"""Phones in the room under load: 60 simulated phones rate 55 capabilities each over loopback.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/phones.py``

The app side is the GUI's own: a workshop file (WAL, synchronous=FULL) in a
session, the ``PhoneServer`` on the qasync loop inside Qt's event loop (its
commits in the phones' writer thread), stage 4's view, the phones panel and
the audience window shown and redrawn as answers arrive, a 5 ms QTimer
measuring how long that loop stalls. The phones are aiohttp clients in
a second process (each from its own loopback address, 127.0.0.2 …, so the
per-address limits apply as in a room), with think time and bursts; 5% of
answers are dropped in flight (the connection closes before the reply) and
replayed, as the page's queue does. Prints the ratings stored (target 3,300,
0 lost, 0 duplicated), p95/p99 answer latency (targets 150 / 500 ms) and the
longest event-loop stall (target < 50 ms). Bounded: it stops by itself after
``DEADLINE`` seconds whatever happens. Loopback only.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import figure  # benchmarks/figures.py, beside this script

PHONES = 60
ORGANISATIONS = 15
DROP_SHARE = 0.05
DEADLINE = 240.0  # seconds: the whole run ends by then
TICK_MS = 5


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else float("nan")


# The phones (second process) -------------------------------------------------------------------

async def phone(number: int, base: str, token: str, organisation: str, capabilities: list[str], levels: dict,
                latencies: list[float], counts: dict) -> None:
    import aiohttp

    local = (f"127.0.0.{2 + number}", 0)
    connector = aiohttp.TCPConnector(local_addr=local, force_close=number % 2 == 0)  # half reconnect each time
    headers = {"Origin": base, "Content-Type": "application/json"}
    random_ = random.Random(number)
    async with aiohttp.ClientSession(base, connector=connector, headers=headers) as session:
        async with session.post("/api/join", json={"token": token}) as response:
            headers["X-Device-Token"] = (await response.json())["device"]
        await session.post("/api/respondent", json={"organisation": organisation, "consent": "group"}, headers=headers)
        queue: list[dict] = []
        for seq, capability in enumerate(capabilities, 1):
            level = (number + seq) % 5
            levels[f"{number}:{capability}"] = level
            queue.append({"capability": capability, "seq": seq, "maturity": level})
            if random_.random() < DROP_SHARE:  # the reply never arrives: the page keeps the answer queued
                request = asyncio.ensure_future(session.post("/api/answers", json={"answers": queue}, headers=headers))
                await asyncio.sleep(random_.random() * 0.01)
                request.cancel()
                counts["dropped"] += 1
            else:
                started = time.perf_counter()
                async with session.post("/api/answers", json={"answers": queue}, headers=headers) as response:
                    body = await response.json()
                latencies.append((time.perf_counter() - started) * 1000)
                if response.status == 200:
                    done = {(a["capability"], a["seq"]) for a in body["acknowledged"]}
                    queue = [q for q in queue if (q["capability"], q["seq"]) not in done]
                else:
                    counts[f"status {response.status}"] = counts.get(f"status {response.status}", 0) + 1
            # think time (reading a capability and its levels), with bursts of quick taps now and then
            await asyncio.sleep(random_.uniform(0.05, 0.2) if seq % 9 < 3 else random_.uniform(1.0, 3.0))
        while queue:  # the last dropped answers are resent until acknowledged
            async with session.post("/api/answers", json={"answers": queue}, headers=headers) as response:
                if response.status == 200:
                    done = {(a["capability"], a["seq"]) for a in (await response.json())["acknowledged"]}
                    queue = [q for q in queue if (q["capability"], q["seq"]) not in done]
                else:
                    await asyncio.sleep(0.5)


async def phones(url: str, organisations: list[str], capabilities: list[str]) -> dict:
    base, token = url.split("/#j=")
    latencies: list[float] = []
    levels: dict = {}
    counts = {"dropped": 0}
    await asyncio.gather(*(phone(n, base, token, organisations[n % len(organisations)], capabilities, levels,
                                 latencies, counts) for n in range(PHONES)))
    return {"latencies": latencies, "levels": levels, "counts": counts}


def run_phones() -> None:
    url, organisations, capabilities = json.loads(sys.stdin.read())
    result = asyncio.run(asyncio.wait_for(phones(url, organisations, capabilities), DEADLINE - 30))
    print(json.dumps(result))


# The app (this process) ---------------------------------------------------------------------------

def run_app(folder: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from digitalmotor_desktop.gui import background
    from digitalmotor_desktop.gui.phones.audience import beside_join_panel
    from digitalmotor_desktop.gui.phones.dialog import open_phones_dialog
    from digitalmotor_desktop.gui.room.audience import AudienceWindow
    from digitalmotor_desktop.gui.room.timer import ExerciseTimer
    from digitalmotor_desktop.gui.stages.maturity import MaturityStage
    from digitalmotor_desktop.gui.phones.server import PhoneServer
    from digitalmotor_desktop.gui.session import WorkshopSession
    from digitalmotor_desktop.ops import ratings as ops
    from digitalmotor_desktop.ops.workshop import create_workshop
    from digitalmotor_desktop.server.writer import Writer
    from digitalmotor_desktop.store import ratings as store
    from digitalmotor_desktop.store.document import open_document

    app = QApplication.instance() or QApplication(sys.argv[:1])
    path = folder / "room.dmw"
    create_workshop(path, "fyrbodal-2020").close()
    session = WorkshopSession(open_document(path))
    document = session.document
    for number in range(ORGANISATIONS):
        ops.add_organisation(document, f"Kommun {number + 1}").redo(document)
    organisations = [o.id for o in store.organisations(document)]
    capabilities = [c.id for c in ops.capture_order(document)]
    server = PhoneServer(session)
    # What the GUI redraws as answers arrive: stage 4's view, the facilitator's panel and the room's view.
    view = MaturityStage()
    view.resize(1280, 720)
    view.set_session(session)
    view.show()
    panel = open_phones_dialog(view, session)
    audience = AudienceWindow(ExerciseTimer())
    audience.resize(1280, 720)
    audience.show_content(beside_join_panel(session, view.audience_widget()))
    audience.show()
    commits: list[float] = []
    applied = {"ratings": 0}
    commit_in_the_writer = Writer._commit

    def timed_commit(writer, own, batch) -> None:  # the ops' transactions (fsync included) in the writer's thread
        started = time.perf_counter()
        commit_in_the_writer(writer, own, batch)
        commits.append((time.perf_counter() - started) * 1000)

    Writer._commit = timed_commit
    apply_through_the_writer = server._apply

    async def counted_apply(make):
        edit = await apply_through_the_writer(make)
        applied["ratings"] += "rating" in edit.extra
        return edit

    server._apply = counted_apply

    gaps: dict[str, list[float]] = {"idle": [], "load": []}
    stalls: list[tuple[str, float, float]] = []
    phase = {"name": "idle"}
    clock = QElapsedTimer()
    clock.start()
    last = {"at": clock.elapsed()}

    def tick() -> None:
        now = clock.elapsed()
        gaps[phase["name"]].append(now - last["at"] - TICK_MS)
        if now - last["at"] - TICK_MS > 50:
            stalls.append((phase["name"], now / 1000, now - last["at"] - TICK_MS))
        last["at"] = now

    ticker = QTimer()
    ticker.setInterval(TICK_MS)
    ticker.timeout.connect(tick)
    ticker.start()
    result: dict = {}

    async def main() -> None:
        await asyncio.sleep(2.0)  # the baseline: the same loop with nothing to serve
        await server.start("127.0.0.1", 0)
        phase["name"] = "load"
        started = time.perf_counter()
        process = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--phones", stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        out, _ = await process.communicate(json.dumps([server.url, organisations, capabilities]).encode())
        result.update(json.loads(out or b"{}"), seconds=time.perf_counter() - started)
        phase["name"] = "after"
        gaps["after"] = []
        server.stop()
        await asyncio.sleep(0.2)
        app.quit()

    QTimer.singleShot(int(DEADLINE * 1000), app.quit)  # bounded whatever happens
    QTimer.singleShot(0, lambda: background.event_loop().create_task(main()))
    app.exec()
    ticker.stop()

    respondents = [r for r in store.respondents(document) if not r.deleted]
    ratings = store.ratings_of(document, [r.id for r in respondents])
    stored = sum(r.rated for r in ratings.values())
    expected = PHONES * len(capabilities)
    levels = result.get("levels", {})
    wanted = sorted(levels.values())
    got = sorted(r.maturity for r in ratings.values() if r.rated)
    lost = expected - stored
    duplicated = applied["ratings"] - expected
    for window in (audience, panel, view):
        window.close()
    session.close()

    latencies = result.get("latencies", [])
    print(f"{PHONES} phones × {len(capabilities)} capabilities in {result.get('seconds', float('nan')):.1f} s; "
          f"{result.get('counts', {})}")
    print(f"  ratings stored {stored} of {expected} (levels as sent: {got == wanted}); "
          f"lost {lost}; applied twice {duplicated}")
    print(f"  answer latency p50 {percentile(latencies, 0.5):.1f} ms, p95 {percentile(latencies, 0.95):.1f} ms, "
          f"p99 {percentile(latencies, 0.99):.1f} ms, max {max(latencies or [0]):.1f} ms ({len(latencies)} answers)")
    figure("ratings stored", stored, "ratings", f"= {expected}, 0 lost, 0 duplicated")
    figure("ratings lost", lost, "ratings", "0")
    figure("ratings applied twice", duplicated, "ratings", "0")
    stall = max(gaps["load"] or [0])
    for name in ("idle", "load"):
        ticks = gaps[name]
        print(f"  event loop {name}: {len(ticks)} ticks of {TICK_MS} ms, late by p99 {percentile(ticks, 0.99):.0f} ms, "
              f"max {max(ticks or [0]):.0f} ms; {sum(t > 50 for t in ticks)} stalls over 50 ms")
    print("  stalls over 50 ms (phase, s since start, ms): " + ", ".join(f"{p} {t:.1f} s {ms:.0f}" for p, t, ms in stalls))
    print(f"  one commit (in the writer's thread, answers waiting share it): p95 {percentile(commits, 0.95):.1f} ms, "
          f"p99 {percentile(commits, 0.99):.1f} ms, max {max(commits or [0]):.1f} ms ({len(commits)} commits)")
    figure("answer latency p95", percentile(latencies, 0.95), "ms", "< 150 ms",
           percentile(latencies, 0.95) / percentile(commits, 0.95), "one commit (p95)")
    figure("answer latency p99", percentile(latencies, 0.99), "ms", "< 500 ms",
           percentile(latencies, 0.99) / percentile(commits, 0.99), "one commit (p99)")
    figure("longest Qt event-loop stall while serving", stall, "ms", "< 50 ms",
           stall / max(commits or [1]), "the longest single commit")


if __name__ == "__main__":
    if "--phones" in sys.argv:
        run_phones()
    else:
        with tempfile.TemporaryDirectory(prefix="digitalmotor-phones-") as folder:
            run_app(Path(folder))
