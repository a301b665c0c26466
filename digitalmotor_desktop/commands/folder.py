"""``publish`` and ``merge --folder``: a synced folder as the way between laptops."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

#: How often the folder is planned again when the output changed while it was read.
ATTEMPTS = 3


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
        print(f"digitalmotor: warning: {args.file.name} lies in a folder synced by {engine}; work on a local copy "
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
    from digitalmotor_desktop.ops.folder import StaleFolderPlan, merge_folder_edit, plan_folder, write_new_file
    from digitalmotor_desktop.store.document import open_document
    from digitalmotor_desktop.store.folder_ledger import merged_hashes
    from digitalmotor_desktop.store.untrusted import private_folder

    if args.sources:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Give either workshop files or --folder, not both."))
    output: Path = args.output
    exclude = (output,)
    if not output.exists():
        plan = plan_folder(args.folder, exclude=exclude)
        for entry in plan.entries:
            print(describe(entry))
        if args.dry_run or plan.merge is None:
            print("Nothing to merge in the folder; nothing was written." if plan.merge is None else "")
            return 0
        write_new_file(plan, output)
        print(f"Wrote {output} from {len(plan.new_files)} files.")
        return 0
    with open_document(output) as document, private_folder() as private:
        def snapshot() -> Path:
            copy = private / output.name
            copy.unlink(missing_ok=True)
            document.save_copy(copy)
            return copy

        for attempt in range(ATTEMPTS):
            plan = plan_folder(args.folder, base=snapshot, ledger=merged_hashes(document), exclude=exclude)
            if attempt == 0:
                for entry in plan.entries:
                    print(describe(entry))
            if plan.merge is None or args.dry_run:
                if plan.merge is None:
                    print(f"Nothing new in the folder; {output.name} is unchanged.")
                return 0
            edit = merge_folder_edit(plan)
            try:
                edit.redo(document)
            except StaleFolderPlan:
                continue
            print(f"Merged {len(plan.new_files)} new files into {output.name} ({edit.extra['rows']} rows changed).")
            return 0
    raise StaleFolderPlan(QT_TRANSLATE_NOOP("UserError", "The workshop kept changing while the folder was read; try again."))
