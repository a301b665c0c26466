"""Stage 5: time to recompute and redraw after one new rating.

Run: ``QT_QPA_PLATFORM=offscreen python benchmarks/gap.py``. Prints, for a
55 capabilities × 15 organisations workshop (the study's size) and a 500 × 50
one, the median / 90th percentile / worst of:

* ``recompute``: ``gap_report`` (read the ratings, statistics, privacy rules);
* ``recompute+redraw``: the stage's refresh for a ``RATINGS`` change, then
  Qt painting what changed (the event loop's next frame);
* ``... full repaint``: the same with the whole 1600×900 stage repainted;
* ``rating saved+shown``: the whole path of one new rating through the undo
  stack: the write to a workshop file (WAL, synchronous=FULL), the refresh
  and the next frame.

The target is one frame (16 ms) for recompute+redraw at 55 × 15.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from figures import figure  # benchmarks/figures.py, beside this script

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from digitalmotor_desktop.core.ids import new_id  # noqa: E402
from digitalmotor_desktop.core.ratings import Organisation, Rating, Respondent  # noqa: E402
from digitalmotor_desktop.core.templates import load_template  # noqa: E402
from digitalmotor_desktop.gui.session import WorkshopSession  # noqa: E402
from digitalmotor_desktop.gui.stages import gap  # noqa: E402
from digitalmotor_desktop.ops.changes import RATINGS, Changes  # noqa: E402
from digitalmotor_desktop.ops.ratings import set_maturity  # noqa: E402
from digitalmotor_desktop.ops.results import gap_report  # noqa: E402
from digitalmotor_desktop.store import ratings as rating_store  # noqa: E402
from digitalmotor_desktop.store.document import create_document  # noqa: E402
from digitalmotor_desktop.store.workshop import capability_map, seed_from_template  # noqa: E402

REPEATS = 40


def template(capabilities: int) -> dict:
    """The Fyrbodal template, or a synthetic one of 5 areas × 10 groups × n/50 capabilities."""
    data = load_template("fyrbodal-2020")
    if capabilities == 55:
        return data
    per_group = capabilities // 50
    data["areas"] = [{"name": f"Area {a}", "groups": [
        {"name": f"Group {a}.{g}", "capabilities": [{"name": f"Capability {a}.{g}.{c}"} for c in range(per_group)]}
        for g in range(10)]} for a in range(5)]
    return data


def workshop(folder: Path, capabilities: int, organisations: int, rng: random.Random):
    document = create_document(folder / f"bench-{capabilities}x{organisations}.dmw")
    seed_from_template(document, template(capabilities))
    caps = [c.id for c in capability_map(document).capabilities()]
    orgs = [Organisation(new_id(), f"Org {i}") for i in range(organisations)]
    people = [Respondent(new_id(), o.id) for o in orgs]
    rating_store.save(document, organisations=orgs, respondents=people, ratings=[
        Rating(p.id, c, True, rng.randint(0, 4), rng.randint(1, 5)) for p in people for c in caps])
    return document, [p.id for p in people], caps


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[int(fraction * (len(ordered) - 1))]


def summary(label: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p90 = percentile(ms, 0.9)
    return f"  {label:<22} median {statistics.median(ms):7.2f} ms   p90 {p90:7.2f} ms   worst {ms[-1]:7.2f} ms"


def measure(app: QApplication, folder: Path, capabilities: int, organisations: int) -> None:
    rng = random.Random(capabilities * 1000 + organisations)
    document, people, caps = workshop(folder, capabilities, organisations, rng)
    session = WorkshopSession(document)
    stage = gap.GapStage()
    stage.resize(1600, 900)
    stage.set_session(session)
    stage.show()
    app.processEvents()
    print(f"{capabilities} capabilities × {organisations} organisations ({len(caps) * len(people)} ratings)")
    for page, name in ((gap.PAGE_MAP, "heat map"), (gap.PAGE_SCATTER, "scatter")):
        stage.pages.setCurrentIndex(page)
        app.processEvents()
        recompute, redraw, full, whole = [], [], [], []
        for _ in range(REPEATS):
            t0 = time.perf_counter()
            gap_report(document)
            recompute.append(time.perf_counter() - t0)

            t0 = time.perf_counter()
            stage.refresh(Changes.of(RATINGS))
            app.processEvents()
            redraw.append(time.perf_counter() - t0)

            t0 = time.perf_counter()
            stage.refresh(Changes.of(RATINGS))
            stage.repaint()
            full.append(time.perf_counter() - t0)

            edit = set_maturity(document, rng.choice(people), rng.choice(caps), rng.randint(0, 4))
            t0 = time.perf_counter()
            session.apply(edit)
            app.processEvents()
            whole.append(time.perf_counter() - t0)
        print(f" page shown: {name}")
        print(summary("recompute", recompute))
        print(summary("recompute+redraw", redraw))
        print(summary("... full repaint", full))
        print(summary("rating saved+shown", whole))
        figure(f"{capabilities}×{organisations} {name}: rating → redrawn, p90", percentile(redraw, 0.9) * 1000, "ms",
               "< 8 ms" if capabilities == 55 else "< 16 ms")
    stage.close()
    session.close()


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        for capabilities, organisations in ((55, 15), (500, 50)):
            measure(app, Path(folder), capabilities, organisations)
    return 0


if __name__ == "__main__":
    sys.exit(main())
