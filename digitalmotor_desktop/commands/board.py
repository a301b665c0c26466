"""``import-notes``: cards for the boards of stages 1 and 2 from a spreadsheet (CSV)."""

from __future__ import annotations

import argparse
from pathlib import Path

from digitalmotor_desktop.commands import tr
from digitalmotor_desktop.store.document import open_document


def register(subparsers: argparse._SubParsersAction) -> None:
    notes = subparsers.add_parser(
        "import-notes", help=tr("import board cards from CSV (header prompt,kind,text,cluster)"),
        description=tr("Adds the file's cards to the board of stage 1 (or --stage 2). A prompt is named by its text "
                       "or number; cards already on the board under that prompt are skipped, so importing again "
                       "adds nothing. The whole file is checked first: any problem is listed by line and nothing "
                       "is written."))
    notes.add_argument("file", type=Path, metavar=tr("FILE"), help=tr("the workshop file"))
    notes.add_argument("source", type=Path, metavar=tr("SOURCE"), help=tr("CSV with the columns prompt,kind,text,cluster"))
    notes.add_argument("--stage", type=int, choices=(1, 2), default=1, help=tr("the board: stage 1 or 2"))
    notes.add_argument("--dry-run", action="store_true", help=tr("check the source and report, write nothing"))
    notes.set_defaults(run=run_import_notes)


def run_import_notes(args: argparse.Namespace) -> int:
    from digitalmotor_desktop.ops.import_notes import import_notes

    # Checked read-only first: a bad source must leave the workshop file byte-identical.
    with open_document(args.file, read_only=True) as document:
        report = import_notes(document, args.source, args.stage, dry_run=True)
    if not args.dry_run:
        with open_document(args.file) as document:
            report = import_notes(document, args.source, args.stage)
    summary = (tr("Checked (dry run, nothing written) {source} ({rows} rows): {added} cards added, {skipped} already "
                  "on the board, {clusters} clusters added.", source=report.source, rows=report.rows,
                  added=report.added, skipped=report.skipped, clusters=report.clusters_added) if args.dry_run else
               tr("Imported {source} ({rows} rows): {added} cards added, {skipped} already on the board, {clusters} "
                  "clusters added.", source=report.source, rows=report.rows, added=report.added,
                  skipped=report.skipped, clusters=report.clusters_added))
    print(summary)
    return 0
