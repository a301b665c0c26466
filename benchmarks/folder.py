"""Folder merge figures: 50 published files × 60 respondents × 55 capabilities.

Run: ``.venv/bin/python benchmarks/folder.py``

Times, in one process (so process start is not counted):
1. merging a synced folder of 50 capture files (one per laptop, 60 respondents
   each rating all 55 capabilities) into a new lead's file: scanned, hashed,
   every file checked as untrusted (from a copy of the hashed bytes in memory),
   joined with reports, written atomically, ledger recorded (target under 2 s);
2. merging the unchanged folder again into that file: scanned and hashed, every
   file found in the ledger, nothing read or written (target under 0.2 s);
3. one more laptop's file arriving, merged into that file in place (what the
   status bar's "merge now" does): only the new file is checked;
4. the plain SQLite floor for the rows of (1): one connection that ATTACHes each
   file and runs ``INSERT OR IGNORE … SELECT`` for every content table into a new
   file, with ``synchronous=OFF`` and no checks; and the ratio of (1) to it.
Prints the best of several runs of each.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from figures import figure  # benchmarks/figures.py, beside this script
from sqlite_floor import raw_merge_seconds  # benchmarks/sqlite_floor.py, beside this script

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from folder_data import laptop_captures  # noqa: E402

from digitalmotor_desktop.ops.folder import merge_folder_into_file  # noqa: E402

FILES = 50
RESPONDENTS = 60
RUNS = 3
REMERGE_RUNS = 5


def ours(folder: Path, output: Path) -> float:
    output.unlink(missing_ok=True)
    started = time.perf_counter()
    result = merge_folder_into_file(folder, output)
    elapsed = time.perf_counter() - started
    assert result.written and len(result.plan.new_files) == FILES
    return elapsed


def remerge(folder: Path, output: Path) -> float:
    started = time.perf_counter()
    result = merge_folder_into_file(folder, output)
    elapsed = time.perf_counter() - started
    assert not result.written and not result.plan.new_files
    return elapsed


def one_more(folder: Path, output: Path, arriving: Path, run: int) -> float:
    target = folder / f"late-{run}.dmw"
    shutil.copyfile(arriving, target)
    started = time.perf_counter()
    result = merge_folder_into_file(folder, output)
    elapsed = time.perf_counter() - started
    assert result.written and len(result.plan.new_files) == 1
    target.unlink()  # gone from the folder: nothing is deleted, and the next run's copy is new again
    with sqlite3.connect(output) as connection:
        connection.execute("DELETE FROM merged_file WHERE file_hash NOT IN (SELECT file_hash FROM merged_file"
                           " ORDER BY rowid LIMIT ?)", [FILES])
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        folder = root / "Sync"
        sources = laptop_captures(folder, laptops=FILES, respondents=RESPONDENTS)
        (folder / "lead-original.dmw").unlink()  # the lead's own file is not in the folder
        ratings = sum(sqlite3.connect(s).execute("SELECT count(*) FROM rating").fetchone()[0] for s in sources)
        megabytes = sum(s.stat().st_size for s in sources) / 1e6
        output = root / "lead.dmw"
        ours_best = min(ours(folder, output) for _ in range(RUNS))
        remerge_best = min(remerge(folder, output) for _ in range(REMERGE_RUNS))
        arriving = laptop_captures(root / "late", laptops=1, respondents=RESPONDENTS)[0]
        one_best = min(one_more(folder, output, arriving, run) for run in range(RUNS))
        floor_best = min(raw_merge_seconds(sources, root / "floor.dmw") for _ in range(RUNS))
    print(f"folder of {FILES} files × {RESPONDENTS} respondents × 55 capabilities "
          f"({ratings} ratings, {megabytes:.1f} MB); raw SQLite ATTACH + INSERT … SELECT of the same rows: "
          f"{floor_best * 1000:.1f} ms")
    figure(f"folder of {FILES} files merged into a new file (checked, joined, atomic, ledger)", ours_best * 1000, "ms",
           "< 2000 ms", ours_best / floor_best, "raw SQLite")
    figure("unchanged folder merged again (ledger)", remerge_best * 1000, "ms", "< 200 ms",
           remerge_best / floor_best, "raw SQLite")
    figure("one more file merged in place into the lead's file", one_best * 1000, "ms")

if __name__ == "__main__":
    main()
