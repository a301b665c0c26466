"""Import figures: peak memory and time for big and hostile rating files.

Run: ``.venv/bin/python benchmarks/import.py`` (takes a few minutes; writes ~150 MB to a temporary folder).

Each case runs in a fresh subprocess, so its peak resident memory
(``ru_maxrss``: Python, SQLite and everything else) is its own:

* a valid CSV of 1,000,000 rows (18,182 respondents × the 55 capabilities of
  the Fyrbodal map), imported into a new workshop file — checked read-only
  first and then written in one transaction, as ``digitalmotor import-ratings`` does;
* a CSV of 1,000,000 bad rows (every maturity out of range), refused;
* a 300 KB XLSX whose one cell unpacks to 300 MB, refused;

next to the floor: reading the same CSV with the ``csv`` module alone
(every row iterated, nothing kept). Prints each figure and the ratio to the
floor. Targets: under 200 MB peak each; the bomb refused in under 1 s.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import figure  # benchmarks/figures.py, beside this script
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

ROWS = 1_000_000


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def measure(kind: str, workshop: str, source: str) -> dict:
    """Runs one case in this (fresh) process and returns its figures."""
    started = time.perf_counter()
    outcome = "imported"
    if kind == "csv-module":
        import csv

        with open(source, encoding="utf-8", newline="") as stream:
            rows = sum(1 for _ in csv.reader(stream))
        outcome = f"{rows:,} rows read"
    else:
        from digitalmotor_desktop.core.errors import UserError
        from digitalmotor_desktop.ops.import_ratings import apply_import, plan_import
        from digitalmotor_desktop.ops.rating_sources import read_source
        from digitalmotor_desktop.store.document import open_document

        try:
            rating_source = read_source(source)
            with open_document(workshop, read_only=True) as document:
                plan_import(document, rating_source)
            with open_document(workshop) as document:
                report = apply_import(document, rating_source)
            outcome = f"{report.ratings_added:,} ratings added"
        except UserError as error:
            outcome = f"refused: {str(error)[:90]}"
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb(), "outcome": outcome}


def run_case(kind: str, workshop: Path, source: Path) -> dict:
    result = subprocess.run([sys.executable, __file__, "--measure", kind, str(workshop), str(source)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def main() -> None:
    from hostile_files import cell_bomb, long_form_csv

    from digitalmotor_desktop.ops.ratings import capture_order
    from digitalmotor_desktop.ops.workshop import create_workshop

    with tempfile.TemporaryDirectory(prefix="import-benchmark-") as folder:
        folder = Path(folder)
        with create_workshop(folder / "template.dmw", "fyrbodal-2020") as document:
            names = [c.name for c in capture_order(document)]
        valid = long_form_csv(folder / "valid.csv", names, ROWS)
        bad = long_form_csv(folder / "bad.csv", names, ROWS, bad=True)
        bomb = cell_bomb(folder / "bomb.xlsx")
        print(f"valid CSV {valid.stat().st_size / 1e6:.0f} MB, bad CSV {bad.stat().st_size / 1e6:.0f} MB, "
              f"bomb {bomb.stat().st_size / 1e3:.0f} KB on disk (one cell of 300 MB unpacked)")

        floor = run_case("csv-module", folder / "template.dmw", valid)
        print(f"{'csv module alone, valid CSV':<34}{floor['peak_mb']:7.0f} MB {floor['seconds']:7.2f} s   "
              f"{floor['outcome']}")
        for label, source in (("import, valid 1,000,000 rows", valid), ("import, 1,000,000 bad rows", bad),
                              ("import, 300 KB bomb", bomb)):
            workshop = folder / f"{source.stem}.dmw"
            workshop.write_bytes((folder / "template.dmw").read_bytes())
            figures = run_case("import", workshop, source)
            print(f"{label:<34}{figures['outcome']}")
            figure(f"{label}: peak memory", figures["peak_mb"], "MB", "", figures["peak_mb"] / floor["peak_mb"],
                   "the csv module alone")
            figure(f"{label}: time", figures["seconds"], "s", "", figures["seconds"] / floor["seconds"],
                   "the csv module alone")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(*sys.argv[2:5])))
    else:
        main()
