"""``erase``: an organisation's or a respondent's data removed from a workshop file for good."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    erase = subparsers.add_parser(
        "erase", help="erase an organisation or one of its respondents from a workshop file for good",
        description="Removes the organisation's name (or the respondent's label), consent, ratings, importance and "
                    "comments; only the row's id, clock stamp and an erased mark stay, so the erasure travels "
                    "to every file this one is merged with. The old bytes are overwritten. Cannot be undone.")
    erase.add_argument("file", type=Path, help="the workshop file")
    erase.add_argument("--organisation", required=True, metavar="NAME")
    erase.add_argument("--respondent", metavar="LABEL", help="erase only this respondent of the organisation")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.set_defaults(run=run_erase)


def describe(plan) -> str:
    """What will go, in one line (the GUI's confirmation says the same)."""
    what = []
    if plan.organisation_names:
        what.append("organisation " + ", ".join(f"“{name}”" for name in plan.organisation_names))
    people = len(plan.respondent_ids) + len(plan.removed_respondent_ids)
    what.append(f"{people} respondent(s)" + (f" ({', '.join(plan.labels)})" if plan.labels else ""))
    what.append(f"{plan.answers} maturity answers, {plan.importance} importance answers and {plan.comments} comments")
    return "; ".join(what)


def run_erase(args: argparse.Namespace) -> int:
    from digitalmotor_desktop.ops.erasure import erase, plan_by_name
    from digitalmotor_desktop.store.document import open_document

    with open_document(args.file) as document:
        plan = plan_by_name(document, args.organisation, args.respondent)
        print(f"Will erase from {args.file.name}: {describe(plan)}. This cannot be undone.")
        if not args.yes:
            if not sys.stdin.isatty():
                print("digitalmotor: nothing was erased; confirm with --yes.", file=sys.stderr)
                return 2
            if input("Erase for good? Type yes: ").strip().casefold() != "yes":
                print("Nothing was erased.")
                return 1
        erase(document, plan)
    print(f"Erased; {args.file.name} was rewritten so the old bytes are gone.")
    return 0
