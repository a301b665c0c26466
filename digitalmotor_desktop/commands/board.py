"""``import-notes``: cards for the boards of stages 1 and 2 from a spreadsheet (CSV)."""

from __future__ import annotations

import argparse
from pathlib import Path

from digitalmotor_desktop.store.document import open_document


def register(subparsers: argparse._SubParsersAction) -> None:
    notes = subparsers.add_parser(
        "import-notes", help="import board cards from CSV (header prompt,kind,text,cluster)",
        description="Adds the file's cards to the board of stage 1 (or --stage 2). A prompt is named by its text "
                    "or number; cards already on the board under that prompt are skipped, so importing again "
                    "adds nothing. The whole file is checked first: any problem is listed by line and nothing "
                    "is written.")
    notes.add_argument("file", type=Path, help="the workshop file")
    notes.add_argument("source", type=Path, help="CSV with the columns prompt,kind,text,cluster")
    notes.add_argument("--stage", type=int, choices=(1, 2), default=1)
    notes.add_argument("--dry-run", action="store_true", help="check the source and report, write nothing")
    notes.set_defaults(run=run_import_notes)


def run_import_notes(args: argparse.Namespace) -> int:
    from digitalmotor_desktop.ops.import_notes import import_notes

    # Checked read-only first: a bad source must leave the workshop file byte-identical.
    with open_document(args.file, read_only=True) as document:
        report = import_notes(document, args.source, args.stage, dry_run=True)
    if not args.dry_run:
        with open_document(args.file) as document:
            report = import_notes(document, args.source, args.stage)
    verb = "Checked (dry run, nothing written)" if args.dry_run else "Imported"
    print(f"{verb} {report.source} ({report.rows} rows): {report.added} cards added, "
          f"{report.skipped} already on the board, {report.clusters_added} clusters added.")
    return 0
