"""``publish`` and ``merge --folder``: a synced folder as the way between laptops."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

def register(subparsers: argparse._SubParsersAction) -> None:
    publish = subparsers.add_parser(
        "publish", help="write a snapshot of a workshop into a synced folder as <workshop>__<device>__<n>.dmw")
    publish.add_argument("file", type=Path, metavar="FILE")
    publish.add_argument("--to", required=True, type=Path, metavar="FOLDER", help="the synced folder")
    publish.set_defaults(run=run_publish)


def run_publish(args: argparse.Namespace) -> int:
    from digitalmotor_desktop.store.document import open_document
    from digitalmotor_desktop.store.folder_scan import sync_engine
    from digitalmotor_desktop.store.publish import publish

    engine = sync_engine(args.file)
    if engine:
        print(f"digitalmotor: warning: {args.file.name} lies in a synced folder ({engine}); work on a local copy "
              "and publish it there instead.", file=sys.stderr)
    with open_document(args.file) as document:
        result = publish(document, args.to)
    if result.written:
        print(f"Published {args.file.name} as {result.path.name}.")
    else:
        print(f"Nothing changed since {result.path.name}; nothing was published.")
    return 0


def describe(entry) -> str:
    """One line of the preview for the command line."""
    from digitalmotor_desktop.ops.folder import MERGED, REFUSED

    copy = f" (a conflict copy made by {entry.conflict_of})" if entry.conflict_of else ""
    if entry.status == REFUSED:
        return f"{entry.name}: refused — {entry.refusal}"
    if entry.status == MERGED or not entry.why:
        return f"{entry.name}: {entry.status}{copy}"
    return f"{entry.name}: skipped — {entry.why.format(**entry.values)}{copy}"


def run_folder_merge(args: argparse.Namespace) -> int:
    from digitalmotor_desktop.core.errors import InvalidInput
    from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
    from digitalmotor_desktop.ops.folder import merge_folder_into_file

    if args.sources:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Give either workshop files or --folder, not both."))
    if args.anonymise:
        raise InvalidInput(QT_TRANSLATE_NOOP(
            "UserError", "A folder is merged into a facilitator's own file; anonymise that file afterwards with "
                         "merge --anonymise."))
    result = merge_folder_into_file(args.folder, args.output, dry_run=args.dry_run)
    for entry in result.plan.entries:
        print(describe(entry))
    new = len(result.plan.new_files)
    files = "1 new file" if new == 1 else f"{new} new files"
    if result.written:
        print(f"Merged {files} into {args.output.name} ({result.rows} rows changed).")
    elif not new:
        print(f"Nothing new in the folder; {args.output.name} is unchanged.")
    else:
        print(f"Dry run: {files} would be merged; nothing was written.")
    return 0
