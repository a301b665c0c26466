"""Rating capture figures: key press → rating committed, and import throughput.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/capture.py``

1. Drives the stage 4 capture view offscreen on a workshop file (WAL,
   synchronous=FULL) and times each key press until its handler returns: by
   then the rating is committed to disk and shown. Target: p95 under 10 ms.
2. Imports a 10,000-row long-form CSV and XLSX into a fresh workshop file.
"""

from __future__ import annotations

import csv
import ctypes
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from figures import figure  # benchmarks/figures.py, beside this script

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from digitalmotor_desktop.gui.session import WorkshopSession  # noqa: E402
from digitalmotor_desktop.gui.stages.maturity import MaturityStage  # noqa: E402
from digitalmotor_desktop.ops.import_ratings import import_ratings  # noqa: E402
from digitalmotor_desktop.ops.ratings import capture_order, set_maturity  # noqa: E402
from digitalmotor_desktop.ops.workshop import create_workshop  # noqa: E402
from digitalmotor_desktop.store import ratings as store  # noqa: E402
from digitalmotor_desktop.store.document import open_document  # noqa: E402

KEY_PRESSES = 1000
IMPORT_ROWS = 10_000


def keep_none_alive() -> None:
    """PySide6 6.12 on Python 3.11 drops a reference to None (and True/False) on each call of a void C++ method (harmless
    from Python 3.12, where None is immortal); without this the run aborts with "deallocating None"
    after a few thousand Qt calls. The application needs the same fix (or another PySide6/Python)."""
    if sys.version_info < (3, 12):
        for singleton in (None, True, False):
            ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def key_to_commit(folder: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    path = folder / "capture.dmw"
    create_workshop(path, "fyrbodal-2020").close()
    session = WorkshopSession(open_document(path))
    view = MaturityStage()
    view.resize(1600, 900)
    view.set_session(session)
    view.show()
    app.processEvents()
    view.start.organisation.setEditText("Vänersborg")
    view.start.respondent.setEditText("IT-chef")
    view.start.share_group.setChecked(True)
    view.begin()
    timings = []
    for press in range(KEY_PRESSES):
        if view.pages.currentWidget() is not view.rating:
            view.go(0)
        key = Qt.Key_0 + press % 5
        started = time.perf_counter()
        QTest.keyClick(view.rating, key)
        timings.append((time.perf_counter() - started) * 1000)
        app.processEvents()
    (respondent,) = store.respondents(session.document)
    capabilities = capture_order(session.document)
    commits = []
    for press in range(KEY_PRESSES):  # the floor: the op's transaction alone, fsync included
        edit = set_maturity(session.document, respondent.id, capabilities[press % 55].id, press % 5)
        started = time.perf_counter()
        edit.redo(session.document)
        commits.append((time.perf_counter() - started) * 1000)
    view.set_session(None)
    session.close()
    print(f"key press → rating committed and shown ({KEY_PRESSES} presses, file on disk, synchronous=FULL):")
    report(timings)
    print("  of which the commit alone (the op's transaction, fsync included):")
    report(commits)
    figure("key press → rating committed and shown, p95", percentile(timings, 0.95), "ms", "< 10 ms",
           percentile(timings, 0.95) / percentile(commits, 0.95), "the commit alone (p95)")


def report(timings: list[float]) -> None:
    print(f"  p50 {statistics.median(timings):.2f} ms   p95 {percentile(timings, 0.95):.2f} ms   "
          f"p99 {percentile(timings, 0.99):.2f} ms   max {max(timings):.2f} ms   (target p95 < 10 ms)")


def long_form_rows(capabilities) -> list[list[object]]:
    rows, respondent = [], 0
    while len(rows) < IMPORT_ROWS:
        for index, capability in enumerate(capabilities):
            rows.append([f"Organisation {respondent % 15}", f"Respondent {respondent}", capability.name,
                         (respondent + index) % 5, 1 + index % 5, "", "group"])
        respondent += 1
    return rows[:IMPORT_ROWS]


def import_throughput(folder: Path) -> None:
    import openpyxl

    with create_workshop(None, "fyrbodal-2020") as document:
        rows = long_form_rows(capture_order(document))
    header = ["organisation", "respondent", "capability", "maturity", "importance", "comment", "share"]
    csv_path = folder / "ratings.csv"
    with csv_path.open("w", newline="", encoding="utf-8-sig") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    xlsx_path = folder / "ratings.xlsx"
    workbook.save(xlsx_path)

    for source in (csv_path, xlsx_path):
        workshop = folder / f"import-{source.suffix[1:]}.dmw"
        create_workshop(workshop, "fyrbodal-2020").close()
        with open_document(workshop) as document:
            started = time.perf_counter()
            report = import_ratings(document, source)
            seconds = time.perf_counter() - started
        print(f"import {source.suffix[1:].upper()} {report.rows} rows: {seconds:.2f} s = {report.rows / seconds:,.0f} rows/s "
              f"({report.ratings_added} ratings, {report.respondents_added} respondents added)")


def main() -> None:
    keep_none_alive()
    with tempfile.TemporaryDirectory() as folder:
        key_to_commit(Path(folder))
        import_throughput(Path(folder))


if __name__ == "__main__":
    main()
