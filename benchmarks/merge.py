"""Merge figures: 20 files × 15 respondents × 55 capabilities.

Run: ``.venv/bin/python benchmarks/merge.py``

Times our merge (every source checked as untrusted, joined key by key with
reports, written to a temporary file and moved into place) next to the plain
SQLite floor for the same rows: one connection that ATTACHes each source and
runs ``INSERT OR IGNORE … SELECT`` for every content table into a new file,
with ``synchronous=OFF`` (ours syncs to disk before moving the file in place).
Prints the best of several runs of each and the ratio. Targets: under 1 s,
within 3× of the floor.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from sqlite_floor import raw_merge_seconds  # benchmarks/sqlite_floor.py, beside this script

from figures import figure  # benchmarks/figures.py, beside this script

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from merge_data import MUNICIPALITIES, capture_file  # noqa: E402

from digitalmotor_desktop.ops.merge import plan_merge, write_merge  # noqa: E402

FILES = 20
ORGANISATIONS = 5
RESPONDENTS_EACH = 3  # 15 respondents per file
RUNS = 5


def make_sources(folder: Path) -> list[Path]:
    return [capture_file(folder / f"facilitator-{i:02d}.dmw",
                         [f"{MUNICIPALITIES[i]} {j}" for j in range(ORGANISATIONS)],
                         respondents=RESPONDENTS_EACH, seed=i) for i in range(FILES)]


def ours(sources: list[Path], output: Path) -> float:
    started = time.perf_counter()
    plan = plan_merge(sources)
    write_merge(plan, output, sources)
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        sources = make_sources(root)
        rows = sum(sqlite3.connect(s).execute("SELECT count(*) FROM rating").fetchone()[0] for s in sources)
        ours_best = min(ours(sources, root / f"ours-{run}.dmw") for run in range(RUNS))
        floor_best = min(raw_merge_seconds(sources, root / "floor.dmw") for _ in range(RUNS))
    print(f"merge of {FILES} files × {ORGANISATIONS * RESPONDENTS_EACH} respondents × 55 capabilities "
          f"({rows} ratings), best of {RUNS}:")
    print(f"  raw SQLite ATTACH + INSERT … SELECT:      {floor_best * 1000:7.1f} ms")
    figure(f"merge {FILES} files (checked, joined, reported, atomic)", ours_best * 1000, "ms", "< 1000 ms; <= 3x",
           ours_best / floor_best, "raw SQLite ATTACH + INSERT…SELECT")


if __name__ == "__main__":
    main()
