"""Runs every benchmark and prints one table: ``python -m benchmarks [--markdown] [NAME …]``.

Each script runs in a process of its own (``QT_QPA_PLATFORM=offscreen``); the
table holds every figure a script reported with ``benchmarks.figures.figure``,
with its target and its ratio against the baseline measured in the same run.
Run it on a quiet machine: the figures are wall-clock times. ``--markdown``
prints the table as Markdown under a heading naming the machine, the date and
how busy the machine was (its load average), ready for the README.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.figures import parse  # noqa: E402


#: Scripts here that are not speed benchmarks (mutation testing takes an hour: run it on its own).
NOT_TIMED = ("__main__", "__init__", "figures", "sqlite_floor", "mutation")


def scripts() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.py") if p.stem not in NOT_TIMED)


def machine() -> str:
    cores = os.cpu_count()
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2 ** 30:.0f} GiB"
    except (ValueError, OSError, AttributeError):
        pass
    return f"{platform.system()} {platform.machine()}, {cores} cores{memory}, Python {platform.python_version()}"


def load() -> str:
    """How busy the machine was: the 1-minute load average per core (Unix), so a reader can judge the figures."""
    try:
        return f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    except (OSError, AttributeError):
        return "load not known"


def table(rows: list[tuple[str, dict]], markdown: bool, when: str, loads: list[str]) -> list[str]:
    lines = [f"Benchmarks on {machine()}, {when}, {' → '.join(loads)}", ""]
    if markdown:
        lines[0] = f"*{lines[0]}* (`python -m benchmarks --markdown`)"
    lines += ["| benchmark | figure | value | target | ratio |", "|---|---|---|---|---|"]
    for name, row in rows:
        ratio = f"{row['ratio']:.2f}× {row['baseline']}" if row["ratio"] is not None else ""
        value = f"{row['value']:.1f} {row['unit']}" if row["value"] is not None else ""
        target = row["target"].replace("<=", "≤").replace("|", "\\|") if markdown else row["target"]
        lines.append(f"| {name} | {row['name']} | {value} | {target} | {ratio} |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default: all of {', '.join(scripts())})")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown, for the README")
    args = parser.parse_args()
    when, loads = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"), [load()]
    chosen = args.names or scripts()
    rows, failed = [], []
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE.parent), os.environ.get("PYTHONPATH", "")]))}
    for name in chosen:
        started = time.perf_counter()
        print(f"running {name} …", file=sys.stderr, flush=True)
        done = subprocess.run([sys.executable, str(HERE / f"{name}.py")], capture_output=True, text=True, env=env)
        if done.returncode != 0:
            failed.append(f"{name}: exit {done.returncode}: {done.stderr.strip().splitlines()[-1:] or ''}")
            continue
        reported = parse(done.stdout)
        # a script that does not report through figures(): its lines that name a target or a ratio
        rows += [(name, row) for row in reported] or [
            (name, {"name": " ".join(line.split()), "value": None, "unit": "", "target": "", "ratio": None, "baseline": ""})
            for line in done.stdout.splitlines() if "target" in line or "ratio" in line or "×" in line]
        print(f"  {name}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    loads.append(load())
    print("\n".join(table(rows, args.markdown, when, loads)))
    for line in failed:
        print(f"\nfailed: {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
