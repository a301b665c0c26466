"""``rating-form`` and ``import-ratings``."""

from __future__ import annotations

import argparse
from pathlib import Path

from digitalmotor_desktop.commands import tr
from digitalmotor_desktop.core.i18n import DEFAULT_LANGUAGE, LANGUAGES
from digitalmotor_desktop.export.rating_form import write_rating_form
from digitalmotor_desktop.ops.import_ratings import ImportReport, apply_import, plan_import
from digitalmotor_desktop.ops.rating_sources import FORM, read_source
from digitalmotor_desktop.store.document import open_document


def register(subparsers: argparse._SubParsersAction) -> None:
    rating_form = subparsers.add_parser("rating-form",
                                        help=tr("write an offline rating form (XLSX) to fill in without the app"))
    rating_form.add_argument("file", type=Path, metavar=tr("FILE"), help=tr("the workshop file"))
    rating_form.add_argument("--output", "-o", type=Path, required=True, metavar="XLSX", help=tr("the form to write"))
    rating_form.add_argument("--organisation", metavar=tr("NAME"), help=tr("fill in the organisation on the form"))
    rating_form.add_argument("--lang", "--language", dest="language", choices=LANGUAGES, default=DEFAULT_LANGUAGE,
                             help=tr("the form's language, and the command line's (default: Swedish)"))
    rating_form.set_defaults(run=run_rating_form)

    import_ratings = subparsers.add_parser(
        "import-ratings", help=tr("import ratings from CSV or XLSX (long form or a filled rating form)"))
    import_ratings.add_argument("file", type=Path, metavar=tr("FILE"), help=tr("the workshop file"))
    import_ratings.add_argument("source", type=Path, metavar=tr("SOURCE"), help=tr("CSV or XLSX"))
    import_ratings.add_argument("--dry-run", action="store_true", help=tr("check the source and report, write nothing"))
    import_ratings.set_defaults(run=run_import_ratings)


def run_rating_form(args: argparse.Namespace) -> int:
    with open_document(args.file, read_only=True) as document:
        count = write_rating_form(document, args.output, organisation=args.organisation,
                                  language=args.language)
    print(tr("Wrote {file}: a rating form with {count} capabilities.", file=args.output, count=count))
    return 0


def describe(report: ImportReport) -> str:
    layout = tr("rating form") if report.layout == FORM else tr("long form")
    if report.encoding:
        separator = {"\t": tr("tab"), ",": tr("comma"), ";": tr("semicolon")}[report.separator]
        layout += ", " + tr("{encoding}, separated by {separator}", encoding=report.encoding, separator=separator)
    return tr("{source} ({layout}, {rows} rows): {organisations} organisations added; {respondents} respondents "
              "added, {respondents_updated} updated; {ratings} ratings added, {ratings_updated} updated, {unchanged} "
              "unchanged.", source=report.source, layout=layout, rows=report.rows,
              organisations=report.organisations_added, respondents=report.respondents_added,
              respondents_updated=report.respondents_updated, ratings=report.ratings_added,
              ratings_updated=report.ratings_updated, unchanged=report.ratings_unchanged)


def run_import_ratings(args: argparse.Namespace) -> int:
    source = read_source(args.source)
    # Checked read-only first: a bad source must leave the workshop file byte-identical.
    with open_document(args.file, read_only=True) as document:
        report = plan_import(document, source).report
    if args.dry_run:
        print(tr("Dry run, nothing written.") + " " + describe(report))
        return 0
    with open_document(args.file) as document:
        report = apply_import(document, source)
    print(tr("Imported {summary}", summary=describe(report)))
    return 0
