"""Command-line start: ``digitalmotor info FILE --json`` against the bare interpreter.

The baseline is a fresh interpreter importing what ``info`` cannot do without
(argparse, json, sqlite3, hashlib); the ratio is what the app's own modules
add. Target ≤ 2.5×. The package is compiled to bytecode first, as an
installed copy has it (this machine sets PYTHONDONTWRITEBYTECODE).

    python benchmarks/cli.py [--runs N]
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import figure  # benchmarks/figures.py, beside this script

BASELINE = "import argparse, json, sqlite3, hashlib"


def seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    import digitalmotor_desktop
    from digitalmotor_desktop.ops.workshop import create_workshop

    compileall.compile_dir(Path(digitalmotor_desktop.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        workshop = Path(folder) / "fyrbodal.dmw"
        create_workshop(workshop, "fyrbodal-2020").close()
        commands = {"baseline": [sys.executable, "-c", BASELINE],
                    "info": [sys.executable, "-m", "digitalmotor_desktop", "info", str(workshop), "--json"]}
        for command in commands.values():  # warm the OS file cache
            seconds(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):  # interleaved, so drift in machine load hits both alike
            for name, command in commands.items():
                times[name].append(seconds(command))
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"python -c '{BASELINE}': {median['baseline'] * 1000:6.1f} ms (median of {args.runs})")
    figure("digitalmotor info --json", median["info"] * 1000, "ms", "<= 2.5x", median["info"] / median["baseline"],
           "python with argparse, json, sqlite3, hashlib")


if __name__ == "__main__":
    main()
