"""Erasure figures: one organisation erased from the lead's merged file (100 respondents × 55 capabilities).

Run: ``.venv/bin/python benchmarks/erasure.py``

Erasing runs on the UI thread (it is one confirmed step that must finish
before anything else is shown), so it must stay short. Times our erasure
(secure_delete, VACUUM rewriting the file, TRUNCATE checkpoint) next to the
baseline the same file pays for an ordinary, undoable delete of the same
organisation (a tombstone update). Prints the best of several runs of each
and the ratio. Target: under 100 ms.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from figures import figure  # benchmarks/figures.py, beside this script

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from merge_data import MUNICIPALITIES, capture_file  # noqa: E402

from digitalmotor_desktop.ops import erasure  # noqa: E402
from digitalmotor_desktop.ops.ratings import delete_organisation  # noqa: E402
from digitalmotor_desktop.store import ratings as store  # noqa: E402
from digitalmotor_desktop.store.document import open_document  # noqa: E402

ORGANISATIONS = 20
RESPONDENTS_EACH = 5
RUNS = 5


def timed(template: Path, copy: Path, action) -> float:
    shutil.copyfile(template, copy)
    with open_document(copy) as document:
        organisation = store.organisations(document)[0].id
        started = time.perf_counter()
        action(document, organisation)
        elapsed = time.perf_counter() - started
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    return elapsed


def erase(document, organisation: str) -> None:
    erasure.erase(document, erasure.plan_organisation(document, organisation))


def delete(document, organisation: str) -> None:
    delete_organisation(document, organisation).redo(document)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        template = capture_file(root / "lead.dmw", MUNICIPALITIES[:ORGANISATIONS], respondents=RESPONDENTS_EACH,
                                comment="kommentar från {label}")
        size = template.stat().st_size
        ours = min(timed(template, root / "erase.dmw", erase) for _ in range(RUNS))
        baseline = min(timed(template, root / "delete.dmw", delete) for _ in range(RUNS))
    print(f"erasing 1 of {ORGANISATIONS} organisations ({ORGANISATIONS * RESPONDENTS_EACH} respondents × 55 "
          f"capabilities, {size // 1024} KiB file), best of {RUNS}:")
    print(f"  an undoable delete (tombstones): {baseline * 1000:7.1f} ms")
    figure("erase 1 organisation (secure_delete, VACUUM, TRUNCATE checkpoint)", ours * 1000, "ms", "< 100 ms",
           ours / baseline, "an undoable delete of it")


if __name__ == "__main__":
    main()
