"""The ``digitalmotor`` command line: the same ops as the GUI.

Each command module in ``digitalmotor_desktop.commands`` registers its
sub-commands. Only the module of the sub-command asked for is imported (all of
them for the overview ``--help``), so ``digitalmotor info`` never loads
openpyxl, sqlite-utils, reportlab, numpy or Qt. A ``UserError`` becomes one line on stderr and a non-zero exit;
no traceback reaches a user (set DIGITALMOTOR_DEBUG=1 to see one).

Everything it says is in one language (``choose_language``): ``--lang``, else
the language saved by the window (read without Qt), else the system locale —
including argparse's own words ("usage", "the following arguments are required").
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys

from digitalmotor_desktop import __version__
from digitalmotor_desktop.commands import choose_language, sentence, tr, translate, use_language
from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.core.i18n import LANGUAGES, QT_TRANSLATE_NOOP

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
#: As a shell reports a program its reader hung up on (128 + SIGPIPE).
EXIT_BROKEN_PIPE = 141

#: argparse's own words a user meets (Python 3.11), in the command line's language too.
ARGPARSE_TEXTS = (
    QT_TRANSLATE_NOOP("argparse", "usage: "),
    QT_TRANSLATE_NOOP("argparse", "positional arguments"),
    QT_TRANSLATE_NOOP("argparse", "options"),
    QT_TRANSLATE_NOOP("argparse", "show this help message and exit"),
    QT_TRANSLATE_NOOP("argparse", "show program's version number and exit"),
    QT_TRANSLATE_NOOP("argparse", "%(prog)s: error: %(message)s\n"),
    QT_TRANSLATE_NOOP("argparse", "the following arguments are required: %s"),
    QT_TRANSLATE_NOOP("argparse", "unrecognized arguments: %s"),
    QT_TRANSLATE_NOOP("argparse", "invalid choice: %(value)r (choose from %(choices)s)"),
    QT_TRANSLATE_NOOP("argparse", "invalid %(type)s value: %(value)r"),
    QT_TRANSLATE_NOOP("argparse", "argument %(argument_name)s: %(message)s"),
    QT_TRANSLATE_NOOP("argparse", "expected one argument"),
    QT_TRANSLATE_NOOP("argparse", "expected at most one argument"),
    QT_TRANSLATE_NOOP("argparse", "expected at least one argument"),
    QT_TRANSLATE_NOOP("argparse", "expected %s argument"),
    QT_TRANSLATE_NOOP("argparse", "expected %s arguments"),
    QT_TRANSLATE_NOOP("argparse", "ambiguous option: %(option)s could match %(matches)s"),
    QT_TRANSLATE_NOOP("argparse", "not allowed with argument %s"),
    QT_TRANSLATE_NOOP("argparse", "one of the arguments %s is required"),
    QT_TRANSLATE_NOOP("argparse", "ignored explicit argument %r"),
)


def speak(language: str) -> None:
    """This run's output, argparse's included, in ``language``."""
    use_language(language)
    argparse._ = lambda text: translate("argparse", text)
    argparse.ngettext = lambda singular, plural, count: translate("argparse", singular if count == 1 else plural)


def modules_for(argv: list[str]) -> tuple[str, ...]:
    """The command modules needed to parse ``argv``: the one that owns its sub-command, else all."""
    command = next((word for word in argv if not word.startswith("-")), None)
    owner = tuple(module for module, commands in COMMAND_MODULES.items() if command in commands)
    return owner or tuple(COMMAND_MODULES)


def build_parser(modules: tuple[str, ...] = tuple(COMMAND_MODULES)) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="digitalmotor",
        description=tr("Digital motor desktop: capability-based planning workshops, offline."),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help=translate("argparse", "show program's version number and exit"))
    parser.add_argument("--lang", dest="output_language", choices=LANGUAGES,
                        help=tr("the language of what the command line says (default: the window's, else the "
                                "system's)"))
    subparsers = parser.add_subparsers(dest="command", metavar=tr("COMMAND"))
    for name in modules:
        importlib.import_module(f"digitalmotor_desktop.commands.{name}").register(subparsers)
    for command in subparsers.choices.values():  # ``--lang`` after any command too (choose_language reads it)
        if "--lang" not in command._option_string_actions:
            command.add_argument("--lang", dest="output_language", choices=LANGUAGES,
                                 help=tr("the language of what the command line says (default: the window's, else "
                                         "the system's)"))
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    speak(choose_language(argv))
    parser = build_parser(modules_for(argv))
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    try:
        return args.run(args) or 0
    except UserError as error:
        print(f"digitalmotor: {sentence(error)}", file=sys.stderr)
        for problem in getattr(error, "problems", []):
            print(f"  {sentence(problem)}", file=sys.stderr)
        return error.exit_code
    except sqlite3.DatabaseError as error:  # damage no check before reading can see (text that is not UTF-8)
        print("digitalmotor: " + tr("the workshop file is damaged and could not be read ({error}); nothing was "
                                     "changed.", error=error), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("digitalmotor: " + tr("interrupted; nothing partial was written."), file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader stopped early (``| head``): not an error of ours, and nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # the exit's flush must not fail again
        return EXIT_BROKEN_PIPE
    except Exception as error:  # the last line of defence: one sentence, never a traceback
        if os.environ.get("DIGITALMOTOR_DEBUG"):
            import traceback

            traceback.print_exc()
        print("digitalmotor: " + tr("unexpected internal error ({error}); please report it. Nothing already saved "
                                     "was changed.", error=f"{type(error).__name__}: {error}"), file=sys.stderr)
        return EXIT_INTERNAL_ERROR
