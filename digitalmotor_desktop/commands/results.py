"""``export``: the anonymised joint result for spreadsheets.

An XLSX workbook is written in ``--lang`` (Swedish by default, like the app).
The Swedish texts are compiled for Qt, so writing one loads QtCore (never a
window); CSV needs no translation and no Qt.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from digitalmotor_desktop.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, QT_TRANSLATE_NOOP, english
from digitalmotor_desktop.ops.results import EXPORT_FORMATS, export_results
from digitalmotor_desktop.store.document import open_document


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser(
        "export", help="export the anonymised joint result (stage 5) as CSV or XLSX",
        description="Writes the joint result with the privacy rules applied: pseudonyms, group consent only, "
                    "figures over fewer than K organisations suppressed. The export is recorded in the workshop "
                    "file so a later export cannot be compared with it to reveal a rating.")
    export.add_argument("file", type=Path, help="the workshop file")
    export.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    export.add_argument("--what", choices=("results", "notes"), default="results",
                        help="results: the joint result (default); notes: the cards of a board, CSV only")
    export.add_argument("--stage", type=int, choices=(1, 2), default=1, help="the board of --what notes")
    export.add_argument("--output", type=Path, required=True, metavar="OUT")
    export.add_argument("--min-n", type=int, metavar="K",
                        help="suppress figures over fewer than K organisations (default and minimum: the workshop's)")
    export.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE,
                        help=f"language of the XLSX workbook (default: {DEFAULT_LANGUAGE}); "
                             "CSV columns are English identifiers in every language")
    export.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    if args.what == "notes":
        return run_export_notes(args)
    translate = english
    if args.format == "xlsx":
        from digitalmotor_desktop.gui.i18n import translator

        translate = translator(args.lang)
    with open_document(args.file) as document:
        report = export_results(document, args.output, args.format, args.min_n, translate)
    rows = report.result.rows
    suppressed = sum(1 for r in rows if r.suppressed)
    print(f"Wrote {args.output}: {len(rows)} capabilities, {suppressed} suppressed (n < {report.result.min_n}"
          " or too close to an earlier export).")
    if report.changed_organisations:
        print(f"{report.changed_organisations} organisation(s) changed since the last export "
              "(added, erased or withdrawn from the joint result).")
    return 0


def run_export_notes(args: argparse.Namespace) -> int:
    from digitalmotor_desktop.core.errors import InvalidInput
    from digitalmotor_desktop.ops.import_notes import export_notes

    if args.format != "csv":
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Cards are exported as CSV: use --format csv with --what notes."))
    with open_document(args.file, read_only=True) as document:
        count = export_notes(document, args.output, args.stage)
    print(f"Wrote {args.output}: {count} cards of the stage {args.stage} board.")
    return 0
