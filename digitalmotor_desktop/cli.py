"""The ``digitalmotor`` command line: the same ops as the GUI.

Each command module in ``digitalmotor_desktop.commands`` registers its
sub-commands. Only the module of the sub-command asked for is imported (all of
them for the overview ``--help``), so ``digitalmotor info`` never loads
openpyxl, sqlite-utils, reportlab, numpy or Qt. A ``UserError`` becomes one line on stderr and a non-zero exit;
no traceback reaches a user (set DIGITALMOTOR_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
import traceback

from digitalmotor_desktop import __version__
from digitalmotor_desktop.core.errors import UserError

#: Modules under ``digitalmotor_desktop.commands``, in help order, and the sub-commands each registers
#: (tests/test_cli.py checks the two agree).
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "workshop": ("new", "info", "templates", "demo", "gui"),
    "results": ("export",),
    "ratings": ("rating-form", "import-ratings"),
    "board": ("import-notes",),
    "merge": ("merge", "handout"),
    "folder": ("publish",),
    "erasure": ("erase",),
    "serve": ("serve",),
}

EXIT_INTERNAL_ERROR = 70


def modules_for(argv: list[str]) -> tuple[str, ...]:
    """The command modules needed to parse ``argv``: the one that owns its sub-command, else all."""
    command = next((word for word in argv if not word.startswith("-")), None)
    owner = tuple(module for module, commands in COMMAND_MODULES.items() if command in commands)
    return owner or tuple(COMMAND_MODULES)


def build_parser(modules: tuple[str, ...] = tuple(COMMAND_MODULES)) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="digitalmotor",
        description="Digital motor desktop: capability-based planning workshops, offline.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules:
        importlib.import_module(f"digitalmotor_desktop.commands.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(modules_for(argv))
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    try:
        return args.run(args) or 0
    except UserError as error:
        print(f"digitalmotor: {error}", file=sys.stderr)
        for problem in getattr(error, "problems", []):
            print(f"  {problem}", file=sys.stderr)
        return error.exit_code
    except sqlite3.DatabaseError as error:  # damage no check before reading can see (text that is not UTF-8)
        print(f"digitalmotor: the workshop file is damaged and could not be read ({error}); nothing was changed.",
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("digitalmotor: interrupted; nothing partial was written.", file=sys.stderr)
        return 130
    except Exception as error:  # the last line of defence: one sentence, never a traceback
        if os.environ.get("DIGITALMOTOR_DEBUG"):
            traceback.print_exc()
        print(f"digitalmotor: unexpected internal error ({type(error).__name__}: {error}); "
              "please report it. Nothing already saved was changed.", file=sys.stderr)
        return EXIT_INTERNAL_ERROR
