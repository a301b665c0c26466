"""``merge`` and ``handout``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from digitalmotor_desktop.commands import sentence, tr
from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.model import CONSENT_WITHDRAWN
from digitalmotor_desktop.ops.merge import MergePlan, kept_consent, plan_merge, write_handout, write_merge

#: Conflicts listed one per line before the rest are summed up.
SHOWN_CONFLICTS = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    merge = subparsers.add_parser("merge", help=tr("merge workshop files (from other laptops or hand-outs) into a new file"))
    merge.add_argument("sources", nargs="*", type=Path, metavar=tr("SOURCE"))
    merge.add_argument("--output", "-o", required=True, type=Path, metavar=tr("OUTPUT"),
                       help=tr("the merged file to write (replaced if it exists)"))
    merge.add_argument("--folder", type=Path, metavar=tr("FOLDER"),
                       help=tr("merge every complete workshop file in a synced folder into OUTPUT (kept and updated "
                               "in place if it exists; files merged before are recognised and skipped)"))
    merge.add_argument("--anonymise", action="store_true",
                       help=tr("write an anonymised file: pseudonyms, no labels, comments or exact times"))
    merge.add_argument("--keep-comments", action="store_true",
                       help=tr("with --anonymise: keep free-text comments and notes"))
    merge.add_argument("--skip-refused", action="store_true",
                       help=tr("merge the files that pass the checks even if others are refused"))
    merge.add_argument("--dry-run", action="store_true", help=tr("show the preview only; write nothing"))
    merge.set_defaults(run=run_merge)

    handout = subparsers.add_parser(
        "handout", help=tr("write a participant's file: map, scale and goals, no other organisation's data"))
    handout.add_argument("file", type=Path, metavar=tr("FILE"))
    handout.add_argument("--output", "-o", required=True, type=Path, metavar=tr("OUTPUT"),
                         help=tr("the hand-out file to write"))
    handout.add_argument("--organisation", metavar=tr("NAME"), help=tr("the organisation that will rate in this file"))
    handout.set_defaults(run=run_handout)


def print_plan(plan: MergePlan) -> None:
    for report in plan.reports:
        if not report.accepted:
            print(tr("{file}: refused — {why}", file=report.name, why=sentence(report.refusal)))
            continue
        kind = " " + tr("(anonymised)") if report.anonymised else ""
        print(report.name + kind + ": " + tr(
            "{organisations} organisations, {respondents} respondents ({new} new), {ratings} ratings; {updated} rows "
            "updated, {duplicates} duplicates skipped, {conflicts} conflicts", organisations=report.organisations,
            respondents=report.respondents, new=report.new_respondents, ratings=report.ratings,
            updated=report.updated, duplicates=report.duplicates, conflicts=len(report.conflicts)))
        for conflict in report.conflicts[:SHOWN_CONFLICTS]:
            if conflict.table == "workshop" and "id" in conflict.columns:
                print("  " + tr("created as a workshop of its own: its organisations and ratings are merged, "
                                "the title and settings of the latest edited workshop are kept"))
                continue
            kept = []
            if conflict.later_columns:
                kept.append(tr("kept this file's later edit") if conflict.kept_this
                            else tr("kept the later edit from an earlier file"))
            if conflict.stricter_kept:
                withdrawn = kept_consent(plan, conflict) == CONSENT_WITHDRAWN
                kept.append(tr("kept the stricter consent, withdrawn") if withdrawn
                            else tr("kept the stricter consent, facilitator only"))
            print("  " + tr("conflict: {table} “{label}” ({columns}): {kept}", table=conflict.table,
                            label=conflict.label, columns=", ".join(conflict.columns), kept="; ".join(kept)))
        if len(report.conflicts) > SHOWN_CONFLICTS:
            print("  " + tr("… and {count} more conflicts", count=len(report.conflicts) - SHOWN_CONFLICTS))
        if report.erased:
            print("  " + tr("{count} rows left out: they belong to an erased organisation or respondent",
                            count=report.erased))
    for combined in plan.combined:
        print(tr("Same organisation in several files: “{name}” ({count} become one)", name=combined.name,
                 count=len(combined.combined_ids)))
    for duplicate in plan.duplicates:
        print(tr("Possible duplicate capability in “{group}”: “{name}” ({count} capabilities; combine them in the map "
                 "editor)", group=duplicate.group, name=duplicate.name, count=len(duplicate.capability_ids)))


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
        print("digitalmotor: " + tr("{refused} of {count} files were refused, so nothing was written (use "
                                     "--skip-refused to merge the others).", refused=len(plan.refused),
                                     count=len(plan.reports)), file=sys.stderr)
        return 2
    anonymised = write_merge(plan, args.output, args.sources, anonymised=args.anonymise, keep_comments=args.keep_comments)
    print(tr("Wrote {file} from {count} files (anonymised).", file=args.output, count=len(plan.sources)) if anonymised
          else tr("Wrote {file} from {count} files.", file=args.output, count=len(plan.sources)))
    return 0


def run_handout(args: argparse.Namespace) -> int:
    write_handout(args.file, args.output, args.organisation)
    print(tr("Wrote the hand-out {file} for “{organisation}”.", file=args.output, organisation=args.organisation)
          if args.organisation else tr("Wrote the hand-out {file}.", file=args.output))
    return 0
