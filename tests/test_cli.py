"""The command line starts light: a sub-command loads only what it needs."""

import argparse
import importlib
import json
import subprocess
import sys

from digitalmotor_desktop import cli

#: Libraries that cost tens to hundreds of milliseconds to import; `info` needs none of them.
HEAVY = ("openpyxl", "sqlite_utils", "reportlab", "PySide6", "shiboken6", "numpy", "pyqtgraph", "aiohttp", "qasync")


def test_the_command_table_names_what_each_module_registers():
    for module, commands in cli.COMMAND_MODULES.items():
        parser = argparse.ArgumentParser()
        subparsers = parser.add_subparsers()
        importlib.import_module(f"digitalmotor_desktop.commands.{module}").register(subparsers)
        assert tuple(subparsers.choices) == commands, module


def test_info_loads_no_heavy_library(fyrbodal_file):
    """An import hook: the modules loaded by `info --json` are listed after it ran."""
    code = ("import sys, json, contextlib, io\n"
            "from digitalmotor_desktop import cli\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    code = cli.main(['info', {str(fyrbodal_file)!r}, '--json'])\n"
            "print(json.dumps([code, sorted(m for m in sys.modules)]))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    exit_code, modules = json.loads(result.stdout)
    assert exit_code == 0
    assert [m for m in modules if m.split(".")[0] in HEAVY] == []


def test_the_overview_still_lists_every_command():
    listed = set(cli.build_parser()._subparsers._group_actions[0].choices)
    assert listed == {c for commands in cli.COMMAND_MODULES.values() for c in commands}


def test_output_piped_into_a_reader_that_stops_early_is_no_internal_error(fyrbodal_file):
    """``digitalmotor info w.dmw --json | head -c 100``: the reader hangs up, and the user is not told to
    report a bug."""
    process = subprocess.Popen([sys.executable, "-m", "digitalmotor_desktop", "info", str(fyrbodal_file), "--json",
                                "--lang", "en"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # as head does once it has its lines: here before info has written any
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) in (0, cli.EXIT_BROKEN_PIPE)
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr
