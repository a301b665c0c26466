"""``erase``: an organisation's or a respondent's data removed from a workshop file for good."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from digitalmotor_desktop.commands import tr


def register(subparsers: argparse._SubParsersAction) -> None:
    erase = subparsers.add_parser(
        "erase", help=tr("erase an organisation or one of its respondents from a workshop file for good"),
        description=tr("Removes the organisation's name (or the respondent's label), consent, ratings, importance "
                       "and comments; only the row's id, clock stamp and an erased mark stay, so the erasure travels "
                       "to every file this one is merged with. The old bytes are overwritten. Cannot be undone."))
    erase.add_argument("file", type=Path, metavar=tr("FILE"), help=tr("the workshop file"))
    erase.add_argument("--organisation", required=True, metavar=tr("NAME"), help=tr("the organisation to erase"))
    erase.add_argument("--respondent", metavar=tr("LABEL"), help=tr("erase only this respondent of the organisation"))
    erase.add_argument("--yes", action="store_true", help=tr("do not ask for confirmation"))
    erase.set_defaults(run=run_erase)


def describe(plan) -> str:
    """What will go, in one line (the GUI's confirmation says the same)."""
    what = []
    if plan.organisation_names:
        what.append(tr("the organisation {names}", names=", ".join(f"“{name}”" for name in plan.organisation_names)))
    people = len(plan.respondent_ids) + len(plan.removed_respondent_ids)
    what.append(tr("{count} respondent(s)", count=people) + (f" ({', '.join(plan.labels)})" if plan.labels else ""))
    what.append(tr("{answers} maturity answers, {importance} importance answers and {comments} comments",
                   answers=plan.answers, importance=plan.importance, comments=plan.comments))
    return "; ".join(what)


def run_erase(args: argparse.Namespace) -> int:
    from digitalmotor_desktop.ops.erasure import erase, plan_by_name
    from digitalmotor_desktop.store.document import open_document

    with open_document(args.file) as document:
        plan = plan_by_name(document, args.organisation, args.respondent)
        print(tr("Will erase from {file}: {what}. This cannot be undone.", file=args.file.name, what=describe(plan)))
        if not args.yes:
            if not sys.stdin.isatty():
                print("digitalmotor: " + tr("nothing was erased; confirm with --yes."), file=sys.stderr)
                return 2
            if input(tr("Erase for good? Type {yes}: ", yes=tr("yes"))).strip().casefold() not in {"yes", tr("yes")}:
                print(tr("Nothing was erased."))
                return 1
        erase(document, plan)
    print(tr("Erased; {file} was rewritten so the old bytes are gone.", file=args.file.name))
    return 0
