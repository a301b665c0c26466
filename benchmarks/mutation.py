"""Mutation testing: the share of small planted bugs the fast tests kill, per module.

    .venv/bin/pip install -e ".[test,mutation]"
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/mutation.py [core/privacy.py …] [--report]

mutmut (configured in pyproject.toml, ``[tool.mutmut]``) changes one operator,
constant or call at a time in the modules below and runs only the fast tests
that call the changed function (its first run records which those are), of
the module's own test files named below (tests/conftest.py deselects the
rest), so a mutant that only slower tests could kill counts as a survivor. Each
module runs on its own, on one core, so the run shares a machine politely;
results stay in ``mutants/`` (not in git), so running again retests only what
changed. Not part of the test run: a full run takes tens of minutes.

``--report`` prints the figures of the last run without running anything.
Prints, per module, the mutants killed (a test failed or timed out) out of all,
and the kill rate; the target is at least 90 %. The survivors, each with the
reason it is left alive, are kept in ``tests/mutation/survivors.md``
(``mutmut show NAME`` prints a survivor's change).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTMUT = Path(sys.executable).with_name("mutmut")
#: Each module and the fast tests its mutants run (those of them that call the changed function).
MODULES = {
    "core/pseudonyms.py": ["tests/test_gap_privacy.py", "tests/test_anonymise.py"],
    "core/privacy.py": ["tests/test_gap_privacy.py", "tests/test_results_export.py"],
    "core/statistics.py": ["tests/test_statistics.py", "tests/test_gap_privacy.py", "tests/test_results_export.py"],
    "store/untrusted.py": ["tests/test_untrusted.py"],
    "ops/rating_sources.py": ["tests/test_import_ratings.py", "tests/test_import_properties.py"],
    "ops/import_ratings.py": ["tests/test_import_ratings.py", "tests/test_import_properties.py"],
    "store/merge.py": ["tests/test_merge.py", "tests/test_merge_properties.py", "tests/test_anonymise.py"],
}
KILLED = {1, 3, 36, 24, -24, 152, 255}  # a test failed, pytest broke, or a test ran out of time
TARGET = 0.90


def outcomes(module: str) -> dict[str, int | None]:
    meta = ROOT / "mutants" / "digitalmotor_desktop" / f"{module}.meta"
    return json.loads(meta.read_text())["exit_code_by_key"] if meta.exists() else {}


def run(module: str) -> float:
    dotted = "digitalmotor_desktop." + module.removesuffix(".py").replace("/", ".")
    started = time.perf_counter()
    with (ROOT / "mutants" / "run.log").open("a") as log:  # mutmut's own progress and any failure
        result = subprocess.run([str(MUTMUT), "run", "--max-children", "1", f"{dotted}.*"], cwd=ROOT,
                                stdout=log, stderr=subprocess.STDOUT, check=False,
                                env={**os.environ, "DIGITALMOTOR_MUTATION_TESTS": ",".join(MODULES[module])})
    if result.returncode:
        print(f"{module}: mutmut stopped (exit {result.returncode}); see mutants/run.log", flush=True)
    return time.perf_counter() - started


def report(module: str, seconds: float | None = None) -> float | None:
    codes = outcomes(module)
    checked = [code for code in codes.values() if code is not None]
    if not checked:
        print(f"{module:24} not run yet")
        return None
    killed = sum(code in KILLED for code in checked)
    rate = killed / len(checked)
    timing = f"  {seconds:6.0f} s" if seconds is not None else ""
    unchecked = f"  ({len(codes) - len(checked)} not checked yet)" if len(checked) < len(codes) else ""
    print(f"{module:24} {killed:4} / {len(checked):4} killed  {rate:6.1%}{'' if rate >= TARGET else '  < 90 %'}"
          f"{timing}{unchecked}", flush=True)
    return rate


def main(argv: list[str]) -> int:
    report_only = "--report" in argv
    named = [arg for arg in argv if not arg.startswith("--")]
    rates = []
    for module in [m for m in MODULES if not named or m in named]:
        rates.append(report(module, None if report_only else run(module)))
    return 0 if all(rate is not None and rate >= TARGET for rate in rates) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
