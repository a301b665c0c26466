"""``export``: the anonymised joint result as a PDF report, map images and posters, charts or spreadsheets.

Files for people (PDF, XLSX, the texts in SVG and PNG) are written in ``--lang``
(Swedish by default, like the app), from the build's Swedish catalogue without
Qt; CSV columns are English identifiers in every language.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from digitalmotor_desktop.commands import tr
from digitalmotor_desktop.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, QT_TRANSLATE_NOOP, english, translator
from digitalmotor_desktop.ops.deliverables import FORMATS, HEAT_MODES, PAPERS, WHATS, ExportRequest, export_file
from digitalmotor_desktop.store.document import open_document

#: Names of ``--what`` kept from before the deliverables: the joint result for spreadsheets, and a board's cards.
RESULTS, NOTES = "results", "notes"


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser(
        "export", help=tr("export the anonymised joint result (stage 5): PDF report, map SVG/PNG/poster, CSV or XLSX"),
        description=tr("Writes the joint result with the privacy rules applied: pseudonyms, group consent only, "
                       "figures over fewer than K organisations suppressed. The export is recorded in the workshop "
                       "file so a later export cannot be compared with it to reveal a rating. "
                       "--what: report (pdf, csv, xlsx), map or heatmap (pdf poster, svg, png), chart (the "
                       "importance, mean and SD chart: pdf, svg, png), organisation (pdf: one organisation's own "
                       "report, with --organisation), form (pdf: a printable rating form), notes (csv: the cards of "
                       "the --stage board)."))
    export.add_argument("file", type=Path, metavar=tr("FILE"), help=tr("the workshop file"))
    export.add_argument("--format", choices=FORMATS, required=True, help=tr("the kind of file to write"))
    export.add_argument("--output", type=Path, required=True, metavar=tr("OUT"), help=tr("the file to write"))
    export.add_argument("--what", choices=(*WHATS, RESULTS, NOTES),
                        help=tr("what to export (default: report for pdf/csv/xlsx, map for svg/png; {results} is the "
                                "report of csv/xlsx)", results=RESULTS))
    export.add_argument("--stage", type=int, choices=(1, 2), default=1, help=tr("the board of --what notes"))
    export.add_argument("--organisation", metavar=tr("NAME"),
                        help=tr("the organisation of --what organisation (or form)"))
    export.add_argument("--heat", choices=HEAT_MODES, default="maturity",
                        help=tr("what a heat map shows (default: maturity)"))
    export.add_argument("--min-n", type=int, metavar="K",
                        help=tr("suppress figures over fewer than K organisations (default and minimum: the "
                                "workshop's)"))
    export.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE,
                        help=tr("language of the file, and of the command line (default: Swedish); CSV columns are "
                                "English identifiers in every language"))
    export.add_argument("--dpi", type=int, default=150, metavar="N", help=tr("PNG resolution (default: 150)"))
    export.add_argument("--paper", choices=PAPERS, default="A4", help=tr("poster paper size (default: A4)"))
    export.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    if args.what == NOTES:
        return run_export_notes(args)
    translate = english if args.format == "csv" else translator(args.lang)
    request = ExportRequest(args.format, None if args.what == RESULTS else args.what, args.organisation, args.min_n,
                            args.lang, args.dpi, args.paper, args.heat)
    with open_document(args.file) as document:
        outcome = export_file(document, args.output, request, translate)
    rows = outcome.report.result.rows
    suppressed = sum(1 for r in rows if r.suppressed)
    report = outcome.report
    written = tr("Wrote {file}, {pages} pages", file=args.output, pages=outcome.pages) if outcome.pages > 1 else \
        tr("Wrote {file}", file=args.output)
    print(written + ": " + tr("{count} capabilities, {suppressed} suppressed (n < {k} or too close to an earlier "
                              "export).", count=len(rows), suppressed=suppressed, k=report.result.min_n))
    if report.changed_organisations:
        print(tr("{count} organisation(s) changed since the last export (added, erased or withdrawn from the joint "
                 "result).", count=report.changed_organisations))
    return 0


def run_export_notes(args: argparse.Namespace) -> int:
    from digitalmotor_desktop.core.errors import InvalidInput
    from digitalmotor_desktop.ops.import_notes import export_notes

    if args.format != "csv":
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Cards are exported as CSV: use --format csv with --what notes."))
    with open_document(args.file, read_only=True) as document:
        count = export_notes(document, args.output, args.stage)
    print(tr("Wrote {file}: {count} cards of the stage {stage} board.", file=args.output, count=count, stage=args.stage))
    return 0
