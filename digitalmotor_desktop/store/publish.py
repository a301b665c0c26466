"""Publishing a workshop into a synced folder: one self-contained file, written once.

A file sync engine copies whatever bytes it finds, whenever it likes. SQLite's
WAL mode keeps recent commits in a ``-wal`` file beside the database, and a
copy of the main file taken mid-transaction can be corrupt, so the live
workshop is never what travels. Publishing writes a snapshot instead:

1. ``VACUUM INTO`` a file in a local temporary folder (one consistent read
   transaction of the live document; no free pages, no ``-wal``);
2. that copy is switched to ``journal_mode=DELETE`` (the header no longer asks
   for a WAL), passes ``quick_check`` and is synced to disk;
3. it is copied into the folder under a hidden ``.NAME.partial`` name (which
   every reader skips), synced, and given its final name by a rename that never
   replaces an existing file (a hard link where the file system has them);
4. the name is ``<workshop>__<device>__<sequence>.dmw``: a published file is
   never rewritten; the next publish takes the next sequence number. If nothing
   changed since this laptop's last published file (same bytes), nothing is
   written.

The published file keeps the live document's ``document_id``: it is a
snapshot of that document, and the merged file's ledger names it so.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from digitalmotor_desktop import DOCUMENT_SUFFIX
from digitalmotor_desktop.core.errors import InvalidInput, UserError
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.store import filecheck
from digitalmotor_desktop.store.document import Document
from digitalmotor_desktop.store.folder_scan import file_hash
from digitalmotor_desktop.store.synced_folder import PUBLISHED_NAME
from digitalmotor_desktop.store.workshop import workshop_row

#: Longest workshop part of a published name (names must stay well under every file system's limit).
MAX_STEM = 40


@dataclass(frozen=True)
class Published:
    path: Path  # the published file (or this laptop's latest one, if nothing changed)
    written: bool  # False when nothing had changed since that file


def _slug(title: str) -> str:
    """The title in ASCII letters, digits and dashes: safe on every file system and sync engine."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^0-9a-z]+", "-", ascii_text).strip("-")[:MAX_STEM].strip("-") or "workshop"


def name_prefix(document: Document) -> str:
    """``<workshop>__<device>``: the part of a published name that stays the same on this laptop."""
    device = document.db.execute("SELECT device_id FROM document").fetchone()[0]
    return f"{_slug(workshop_row(document).get('title', ''))}__{re.sub(r'[^0-9a-z]', '', device.lower())[:8]}"


def snapshot(document: Document, target: Path) -> None:
    """A consistent, self-contained copy of the live document (run on the document's own thread)."""
    document.db.execute("VACUUM INTO ?", [str(target)])


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _seal(copy: Path) -> None:
    """Rollback-journal mode, checked, on disk."""
    connection = sqlite3.connect(copy, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = DELETE")
        filecheck.quick_check(connection, copy)
    finally:
        connection.close()
    _fsync(copy)


def _published(folder: Path, prefix: str) -> dict[int, Path]:
    """This laptop's published files in the folder, by sequence number."""
    found = {}
    for path in folder.glob(f"{prefix}__*{DOCUMENT_SUFFIX}"):
        match = PUBLISHED_NAME.match(path.name)
        if match and f"{match['workshop']}__{match['device']}" == prefix:
            found[int(match["sequence"])] = path
    return found


def _link_once(partial: Path, final: Path) -> bool:
    """Gives ``partial`` the name ``final`` unless a file has it already (then False)."""
    try:
        os.link(partial, final)
    except FileExistsError:
        return False
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        if final.exists():  # no hard links here (FAT, some network drives): a check, then a rename
            return False
        os.rename(partial, final)
        return True
    partial.unlink()
    return True


def place(sealed: Path, folder: Path, prefix: str) -> Published:
    """Puts a sealed snapshot into the folder under the next free sequence number."""
    existing = _published(folder, prefix)
    digest = file_hash(sealed)
    if existing and file_hash(existing[max(existing)]) == digest:
        return Published(existing[max(existing)], False)
    sequence = max(existing, default=0) + 1
    while True:
        final = folder / f"{prefix}__{sequence:04d}{DOCUMENT_SUFFIX}"
        partial = folder / f".{final.name}.partial"
        try:
            shutil.copyfile(sealed, partial)
            _fsync(partial)
            if _link_once(partial, final):
                break
        finally:
            partial.unlink(missing_ok=True)
        sequence += 1
    if hasattr(os, "O_DIRECTORY"):
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    return Published(final, True)


def check_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "The folder “{name}” does not exist."), name=str(folder))


def _not_written(folder: Path, error: OSError) -> UserError:
    return UserError(QT_TRANSLATE_NOOP("UserError", "Nothing could be published to “{name}” ({reason}); nothing was changed."),
                     name=folder.name, reason=error.strerror or error)


def publish_snapshot(sealed_from: Path, folder: Path, prefix: str) -> Published:
    """Seals a snapshot taken with ``snapshot`` and places it in ``folder`` (any thread)."""
    check_folder(folder)
    try:
        _seal(sealed_from)
        return place(sealed_from, folder, prefix)
    except OSError as error:
        raise _not_written(folder, error) from None


def publish(document: Document, folder: Path) -> Published:
    """Snapshot, seal and place in one go (the command line)."""
    folder = Path(folder)
    check_folder(folder)
    with tempfile.TemporaryDirectory(prefix="digitalmotor-publish-") as temporary:
        copy = Path(temporary) / f"snapshot{DOCUMENT_SUFFIX}"
        try:
            snapshot(document, copy)
        except sqlite3.Error as error:
            raise _not_written(folder, OSError(str(error))) from None
        return publish_snapshot(copy, folder, name_prefix(document))
