"""``rating-form`` and ``import-ratings``."""

from __future__ import annotations

import argparse
from pathlib import Path

from digitalmotor_desktop.core.i18n import DEFAULT_LANGUAGE, LANGUAGES
from digitalmotor_desktop.export.rating_form import write_rating_form
from digitalmotor_desktop.ops.import_ratings import ImportReport, apply_import, plan_import
from digitalmotor_desktop.ops.rating_sources import FORM, read_source
from digitalmotor_desktop.store.document import open_document


def register(subparsers: argparse._SubParsersAction) -> None:
    rating_form = subparsers.add_parser("rating-form", help="write an offline rating form (XLSX) to fill in without the app")
    rating_form.add_argument("file", type=Path, help="the workshop file")
    rating_form.add_argument("--output", "-o", type=Path, required=True, metavar="XLSX")
    rating_form.add_argument("--organisation", metavar="NAME", help="fill in the organisation on the form")
    rating_form.add_argument("--lang", "--language", dest="language", choices=LANGUAGES, default=DEFAULT_LANGUAGE,
                             help=f"the form's language (default: {DEFAULT_LANGUAGE})")
    rating_form.set_defaults(run=run_rating_form)

    import_ratings = subparsers.add_parser(
        "import-ratings", help="import ratings from CSV or XLSX (long form or a filled rating form)")
    import_ratings.add_argument("file", type=Path, help="the workshop file")
    import_ratings.add_argument("source", type=Path, help="CSV or XLSX")
    import_ratings.add_argument("--dry-run", action="store_true", help="check the source and report, write nothing")
    import_ratings.set_defaults(run=run_import_ratings)


def run_rating_form(args: argparse.Namespace) -> int:
    with open_document(args.file, read_only=True) as document:
        count = write_rating_form(document, args.output, organisation=args.organisation, language=args.language)
    print(f"Wrote {args.output}: a rating form with {count} capabilities.")
    return 0


def describe(report: ImportReport) -> str:
    layout = "rating form" if report.layout == FORM else "long form"
    if report.encoding:
        separator = {"\t": "tab", ",": "comma", ";": "semicolon"}[report.separator]
        layout += f", {report.encoding}, separated by {separator}"
    return (f"{report.source} ({layout}, {report.rows} rows): "
            f"{report.organisations_added} organisations added; "
            f"{report.respondents_added} respondents added, {report.respondents_updated} updated; "
            f"{report.ratings_added} ratings added, {report.ratings_updated} updated, "
            f"{report.ratings_unchanged} unchanged.")


def run_import_ratings(args: argparse.Namespace) -> int:
    source = read_source(args.source)
    # Checked read-only first: a bad source must leave the workshop file byte-identical.
    with open_document(args.file, read_only=True) as document:
        report = plan_import(document, source).report
    if args.dry_run:
        print("Dry run, nothing written. " + describe(report))
        return 0
    with open_document(args.file) as document:
        report = apply_import(document, source)
    print("Imported " + describe(report))
    return 0
