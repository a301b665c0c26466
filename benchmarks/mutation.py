"""Mutation testing: the share of small planted bugs the fast tests kill, per module.

    .venv/bin/pip install -e ".[test,mutation]"
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/mutation.py [store/untrusted.py …] [--survivors] [--report]

mutmut (configured in pyproject.toml, ``[tool.mutmut]``) changes one operator,
constant or call at a time in the modules below and runs, for each change,
the tests of that module's selection (``MODULES``; tests/conftest.py deselects
the rest) that call the changed function. A mutant that only slower tests
could kill counts as a survivor. One module at a time, one mutant at a time,
at ``nice`` 10: the run shares a two-core machine politely. Results stay in
``mutants/`` (not in git). Not part of the test run.

Texts marked for translation (``QT_TRANSLATE_NOOP(context, text)``) are not
mutated: the context is read from the source by ``pyside6-lupdate`` and
ignored at run time, so every change to it is equivalent, and the English
wording is the translators' and reviewers' to judge, not the tests'. The
values filled into a sentence (``name=…``, ``line=…``) are mutated as usual.

Prints, per module, the mutants killed (a test failed or timed out), the
survivors listed as equivalent in ``tests/mutation/survivors.md`` (each with
its one-line reason), and the kill rate: killed / (mutants − equivalent); the
target is at least 90 %. Survivors not listed there are printed by name
(``mutmut show NAME`` prints the change): each is a test still to write, or an
equivalent mutant to list with its reason. A listed name that was killed, or
no longer exists, is printed too, so the list stays true.

``--survivors`` reruns only the mutants the last run did not kill, or did not
get to (after writing tests for them, or to finish a stopped run); ``--report`` prints the figures of the last run without running anything.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SURVIVORS = ROOT / "tests" / "mutation" / "survivors.md"
PACKAGE = "digitalmotor_desktop"
#: Each module and its test selection: the fast tests about it (of those, each mutant runs the ones that
#: call the function it changed). Every file here is also in pyproject's pytest_add_cli_args_test_selection.
MODULES = {
    "core/pseudonyms.py": ["tests/test_gap_privacy.py", "tests/test_anonymise.py"],
    "core/privacy.py": ["tests/test_gap_privacy.py", "tests/test_results_export.py"],
    "core/statistics.py": ["tests/test_statistics.py", "tests/test_gap_privacy.py", "tests/test_results_export.py"],
    "store/untrusted.py": ["tests/test_untrusted.py"],
    "ops/rating_sources.py": ["tests/test_import_ratings.py", "tests/test_hostile_imports.py",
                              "tests/test_rating_form.py", "tests/test_import_properties.py",
                              "tests/test_import_notes.py"],  # its CSV reader, csv_table
    "ops/import_ratings.py": ["tests/test_import_ratings.py", "tests/test_hostile_imports.py",
                              "tests/test_rating_form.py", "tests/test_import_properties.py"],
    # The merge property runs (tests/test_merge_properties.py) take 100 s a mutant: the rules' own tests here.
    "store/merge.py": ["tests/test_merge.py", "tests/test_anonymise.py"],
}
KILLED = {1, 3, 36, 24, -24, 152, 255}  # a test failed, pytest broke, or a test ran out of time
NOT_CHECKED = {None, 33}  # not run yet; no test of the selection calls the function
TARGET = 0.90
_MUTANT = re.compile(r"`(x_\w+__mutmut_\d+)`")


def _dotted(module: str) -> str:
    return f"{PACKAGE}." + module.removesuffix(".py").replace("/", ".")


def outcomes(module: str) -> dict[str, int | None]:
    meta = ROOT / "mutants" / PACKAGE / f"{module}.meta"
    return json.loads(meta.read_text())["exit_code_by_key"] if meta.exists() else {}


def listed_equivalents() -> dict[str, set[str]]:
    """Per module (its ``## module`` heading in survivors.md), the mutants listed as equivalent."""
    listed: dict[str, set[str]] = {}
    module = None
    for line in SURVIVORS.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            module = line[3:].strip()
        elif module in MODULES and line.lstrip().startswith("- "):
            listed.setdefault(module, set()).update(f"{_dotted(module)}.{name}" for name in _MUTANT.findall(line))
    return listed


def _mutmut(args: list[str], tests: list[str]) -> int:
    """Runs mutmut (through this script, so translatable texts stay unmutated) at low priority."""
    with (ROOT / "mutants").joinpath("run.log").open("a") as log:
        return subprocess.run([sys.executable, __file__, "--mutmut", *args], cwd=ROOT, stdout=log,
                              stderr=subprocess.STDOUT, check=False,
                              env={**os.environ, "DIGITALMOTOR_MUTATION_TESTS": ",".join(tests)}).returncode


def run(module: str, only: list[str] | None = None) -> float:
    started = time.perf_counter()
    (ROOT / "mutants").mkdir(exist_ok=True)
    code = _mutmut(["run", "--max-children", "1", *(only or [f"{_dotted(module)}.*"])], MODULES[module])
    if code:
        print(f"{module}: mutmut stopped (exit {code}); see mutants/run.log", flush=True)
    return time.perf_counter() - started


def report(module: str, equivalent: set[str], seconds: float | None = None) -> float | None:
    codes = outcomes(module)
    checked = {name: code for name, code in codes.items() if code not in NOT_CHECKED}
    if not checked:
        print(f"{module:22} not run yet")
        return None
    killed = {name for name, code in checked.items() if code in KILLED}
    survivors = set(checked) - killed
    counted = len(checked) - len(survivors & equivalent)
    rate = len(killed) / counted if counted else 1.0
    timing = f"  {seconds / 60:5.1f} min" if seconds is not None else ""
    unchecked = len(codes) - len(checked)
    print(f"{module:22} {len(killed):4} killed / {len(checked):4} mutants ({len(killed) / len(checked):6.1%}),"
          f" {len(survivors & equivalent):3} equivalent: kill rate {rate:6.1%}{'' if rate >= TARGET else ' < 90 %'}{timing}"
          f"{f'  ({unchecked} not checked: not run, or no test calls them)' if unchecked else ''}", flush=True)
    for name in sorted(survivors - equivalent):
        print(f"    survivor, not listed: {name.rsplit('.', 1)[1]}")
    for name in sorted(equivalent - survivors):
        print(f"    listed, but {'killed' if name in killed else 'not a mutant of this run'}: {name.rsplit('.', 1)[1]}")
    return rate


def _check_selection() -> None:
    selection = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]["pytest_add_cli_args_test_selection"]
    missing = {test for tests in MODULES.values() for test in tests} - set(selection)
    if missing:
        sys.exit(f"add to pyproject.toml's pytest_add_cli_args_test_selection: {', '.join(sorted(missing))}")


def main(argv: list[str]) -> int:
    report_only, survivors_only = "--report" in argv, "--survivors" in argv
    named = [arg for arg in argv if not arg.startswith("--")]
    unknown = set(named) - set(MODULES)
    if unknown:
        sys.exit(f"not a mutated module: {', '.join(sorted(unknown))} (known: {', '.join(MODULES)})")
    _check_selection()
    if not report_only:
        os.nice(10)
    equivalents = listed_equivalents()
    rates = []
    started = time.perf_counter()
    for module in [m for m in MODULES if not named or m in named]:
        seconds = None
        if not report_only:
            only = None
            if survivors_only:
                only = [name for name, code in outcomes(module).items() if code not in KILLED]
            if only != []:
                seconds = run(module, only)
        rates.append(report(module, equivalents.get(module, set()), seconds))
    if not report_only:
        print(f"whole run {(time.perf_counter() - started) / 60:.1f} min")
    return 0 if all(rate is not None and rate >= TARGET for rate in rates) else 1


def _mutmut_cli(args: list[str]) -> None:
    """mutmut's command line, with translatable texts added to the calls it never mutates."""
    from mutmut.__main__ import cli
    from mutmut.mutation import file_mutation

    file_mutation.NEVER_MUTATE_FUNCTION_CALLS.add("QT_TRANSLATE_NOOP")  # mutmut 3.8 (pyproject.toml pins 3.x)
    cli(args)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--mutmut"]:
        _mutmut_cli(sys.argv[2:])
    sys.exit(main(sys.argv[1:]))
