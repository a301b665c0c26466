"""``publish`` and ``merge --folder``: a synced folder as the way between laptops."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from digitalmotor_desktop.commands import sentence, tr, translate


def register(subparsers: argparse._SubParsersAction) -> None:
    publish = subparsers.add_parser(
        "publish", help=tr("write a snapshot of a workshop into a synced folder as <workshop>__<device>__<n>.dmw"))
    publish.add_argument("file", type=Path, metavar=tr("FILE"))
    publish.add_argument("--to", required=True, type=Path, metavar=tr("FOLDER"), help=tr("the synced folder"))
    publish.set_defaults(run=run_publish)


def run_publish(args: argparse.Namespace) -> int:
    from digitalmotor_desktop.store.document import open_document
    from digitalmotor_desktop.store.synced_folder import sync_engine
    from digitalmotor_desktop.store.publish import publish

    engine = sync_engine(args.file)
    if engine:
        print("digitalmotor: " + tr("warning: {file} lies in a synced folder ({engine}); work on a local copy and "
                                     "publish it there instead.", file=args.file.name,
                                     engine=translate("FolderScan", engine)), file=sys.stderr)
    with open_document(args.file) as document:
        result = publish(document, args.to)
    if result.written:
        print(tr("Published {file} as {name}.", file=args.file.name, name=result.path.name))
    else:
        print(tr("Nothing changed since {name}; nothing was published.", name=result.path.name))
    return 0


def describe(entry) -> str:
    """One line of the preview for the command line."""
    from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP, filled
    from digitalmotor_desktop.ops.folder import ALREADY_MERGED, MERGED, REFUSED, SKIPPED

    status = {MERGED: QT_TRANSLATE_NOOP("", "merged"), ALREADY_MERGED: QT_TRANSLATE_NOOP("", "already merged"),
              SKIPPED: QT_TRANSLATE_NOOP("", "skipped")}
    copy = tr(" (a conflict copy made by {engine})", engine=entry.conflict_of) if entry.conflict_of else ""
    if entry.status == REFUSED:
        return tr("{file}: refused — {why}", file=entry.name, why=sentence(entry.refusal))
    if entry.status == MERGED or not entry.why:
        return f"{entry.name}: " + tr(status[entry.status]) + copy
    return tr("{file}: skipped — {why}", file=entry.name,
              why=filled(translate("FolderScan", entry.why), **entry.values)) + copy


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
    files = tr("1 new file") if new == 1 else tr("{count} new files", count=new)
    if result.written:
        print(tr("Merged {files} into {file} ({rows} rows changed).", files=files, file=args.output.name,
                 rows=result.rows))
    elif not new:
        print(tr("Nothing new in the folder; {file} is unchanged.", file=args.output.name))
    else:
        print(tr("Dry run: {files} would be merged; nothing was written.", files=files))
    return 0
