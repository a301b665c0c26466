"""``merge`` and ``handout``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.model import CONSENT_WITHDRAWN
from digitalmotor_desktop.ops.merge import MergePlan, kept_consent, plan_merge, write_handout, write_merge

#: Conflicts listed one per line before the rest are summed up.
SHOWN_CONFLICTS = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    merge = subparsers.add_parser("merge", help="merge workshop files (from other laptops or hand-outs) into a new file")
    merge.add_argument("sources", nargs="*", type=Path, metavar="SOURCE")
    merge.add_argument("--output", "-o", required=True, type=Path, help="the merged file to write (replaced if it exists)")
    merge.add_argument("--folder", type=Path, metavar="FOLDER",
                       help="merge every complete workshop file in a synced folder into OUTPUT (kept and updated "
                            "in place if it exists; files merged before are recognised and skipped)")
    merge.add_argument("--anonymise", action="store_true",
                       help="write an anonymised file: pseudonyms, no labels, comments or exact times")
    merge.add_argument("--keep-comments", action="store_true", help="with --anonymise: keep free-text comments and notes")
    merge.add_argument("--skip-refused", action="store_true",
                       help="merge the files that pass the checks even if others are refused")
    merge.add_argument("--dry-run", action="store_true", help="show the preview only; write nothing")
    merge.set_defaults(run=run_merge)

    handout = subparsers.add_parser("handout", help="write a participant's file: map, scale and goals, no other organisation's data")
    handout.add_argument("file", type=Path)
    handout.add_argument("--output", "-o", required=True, type=Path)
    handout.add_argument("--organisation", metavar="NAME", help="the organisation that will rate in this file")
    handout.set_defaults(run=run_handout)


def print_plan(plan: MergePlan) -> None:
    for report in plan.reports:
        if not report.accepted:
            print(f"{report.name}: refused — {report.refusal}")
            continue
        kind = " (anonymised)" if report.anonymised else ""
        print(f"{report.name}{kind}: {report.organisations} organisations, {report.respondents} respondents "
              f"({report.new_respondents} new), {report.ratings} ratings; {report.updated} rows updated, "
              f"{report.duplicates} duplicates skipped, {len(report.conflicts)} conflicts")
        for conflict in report.conflicts[:SHOWN_CONFLICTS]:
            if conflict.table == "workshop" and "id" in conflict.columns:
                print("  created as a workshop of its own: its organisations and ratings are merged, "
                      "the title and settings of the latest edited workshop are kept")
                continue
            kept = []
            if conflict.later_columns:
                kept.append("kept this file's later edit" if conflict.kept_this else "kept the later edit from an earlier file")
            if conflict.stricter_kept:
                withdrawn = kept_consent(plan, conflict) == CONSENT_WITHDRAWN
                kept.append("kept the stricter consent, " + ("withdrawn" if withdrawn else "facilitator only"))
            print(f"  conflict: {conflict.table} “{conflict.label}” ({', '.join(conflict.columns)}): {'; '.join(kept)}")
        if len(report.conflicts) > SHOWN_CONFLICTS:
            print(f"  … and {len(report.conflicts) - SHOWN_CONFLICTS} more conflicts")
        if report.erased:
            print(f"  {report.erased} rows left out: they belong to an erased organisation or respondent")
    for combined in plan.combined:
        print(f"Same organisation in several files: “{combined.name}” ({len(combined.combined_ids)} become one)")
    for duplicate in plan.duplicates:
        print(f"Possible duplicate capability in “{duplicate.group}”: “{duplicate.name}” "
              f"({len(duplicate.capability_ids)} capabilities; combine them in the map editor)")


def run_merge(args: argparse.Namespace) -> int:
    if args.folder is not None:
        from digitalmotor_desktop.commands.folder import run_folder_merge

        return run_folder_merge(args)
    if not args.sources:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Name the workshop files to merge, or a folder with --folder."))
    plan = plan_merge(args.sources)
    print_plan(plan)
    if args.dry_run:
        return 0
    if plan.refused and not args.skip_refused:
        print(f"digitalmotor: {len(plan.refused)} of {len(plan.reports)} files were refused, so nothing was written "
              "(use --skip-refused to merge the others).", file=sys.stderr)
        return 2
    anonymised = write_merge(plan, args.output, args.sources, anonymised=args.anonymise, keep_comments=args.keep_comments)
    print(f"Wrote {args.output} from {len(plan.sources)} files{' (anonymised)' if anonymised else ''}.")
    return 0


def run_handout(args: argparse.Namespace) -> int:
    write_handout(args.file, args.output, args.organisation)
    whom = f" for “{args.organisation}”" if args.organisation else ""
    print(f"Wrote the hand-out {args.output}{whom}.")
    return 0
