"""Reading a folder that OneDrive, Nextcloud, ownCloud, Syncthing or Dropbox keeps in sync.

A sync engine sets traps for a program that reads its folder while it works:

* it downloads into a temporary name and renames when done — Syncthing
  ``.syncthing.NAME.tmp`` (``~syncthing~NAME.tmp`` on Windows), Nextcloud and
  ownCloud ``.NAME.~1a2b3c`` and ``NAME.part``, OneDrive ``NAME.tmp``, browsers
  and our own writer ``NAME.partial``; those are never read;
* some write the final name in place, so a file may still be growing: a file
  whose size or modification time differs between two looks (the previous scan,
  and before and after it is read) is left for the next scan;
* OneDrive and Nextcloud's virtual files leave placeholders whose bytes are not
  on this computer (no allocated blocks, Windows' offline/recall attributes,
  macOS's dataless flag, or Nextcloud/ownCloud's ``NAME.nextcloud`` stand-ins):
  reading one would start a download, so it is skipped;
* a workshop someone has open in the folder has a ``-journal`` or ``-wal``
  beside it, and the main file alone may be inconsistent: skipped;
* on conflicts they keep both versions under another name — Syncthing
  ``NAME.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.dmw``, Nextcloud ``NAME (conflicted
  copy DATE TIME).dmw``, Dropbox ``NAME (HOST's conflicted copy DATE).dmw``,
  OneDrive ``NAME-HOSTNAME.dmw``: these are complete workshop files and are
  merged like any other (merge is idempotent, so a copy is harmless).

``scan_folder`` only looks (``stat``); it never opens a file SQLite could write
to, never follows a file that vanished (a vanished file is simply not listed:
nothing already merged is lost), and lists only names that belong to workshop
files (``store.synced_folder`` tells whether a path lies in a synced folder).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from digitalmotor_desktop import DOCUMENT_SUFFIX
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP

# Why a file is not read, for the preview (translated in the GUI; context "FolderScan").
TEMPORARY = QT_TRANSLATE_NOOP("FolderScan", "a temporary file of {engine} (still being downloaded)")
PARTIAL = QT_TRANSLATE_NOOP("FolderScan", "a partial file (still being written)")
LOCK = QT_TRANSLATE_NOOP("FolderScan", "a lock file of {engine}")
EMPTY = QT_TRANSLATE_NOOP("FolderScan", "empty (zero bytes)")
PLACEHOLDER = QT_TRANSLATE_NOOP("FolderScan", "a placeholder whose content is not on this computer yet")
OPEN_ELSEWHERE = QT_TRANSLATE_NOOP("FolderScan", "open in Digital motor desktop somewhere (a {companion} file lies beside it)")
GROWING = QT_TRANSLATE_NOOP("FolderScan", "still changing; it is read once it stays the same")
VANISHED = QT_TRANSLATE_NOOP("FolderScan", "gone before it could be read")

#: (pattern, reason, engine) for names never read; checked in order.
_NOT_READ = (
    (re.compile(r"^\.syncthing\..*\.tmp$", re.S), TEMPORARY, "Syncthing"),
    (re.compile(r"^~syncthing~.*\.tmp$", re.S), TEMPORARY, "Syncthing"),
    (re.compile(r"^\.~lock\..*#?$", re.S), LOCK, "Nextcloud/ownCloud"),
    (re.compile(r"^\..*\.~[0-9a-f]+$", re.S | re.I), TEMPORARY, "Nextcloud/ownCloud"),
    (re.compile(r"^~\$.*$", re.S), LOCK, "OneDrive"),
    (re.compile(r".*\.part$", re.S | re.I), TEMPORARY, "Nextcloud/ownCloud"),
    (re.compile(r".*\.tmp$", re.S | re.I), TEMPORARY, "OneDrive"),
    (re.compile(r".*\.partial$", re.S | re.I), PARTIAL, ""),
    (re.compile(r".*\.(nextcloud|owncloud)$", re.S | re.I), PLACEHOLDER, "Nextcloud/ownCloud"),  # virtual files
    (re.compile(r".*\.dmw-(journal|wal|shm)$", re.S), None, ""),  # a companion: its main file says why
)

#: Conflict copies, by engine, for the preview ("a conflict copy made by Syncthing").
_CONFLICTS = (
    (re.compile(r"\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]+", re.I), "Syncthing"),
    (re.compile(r" \(conflicted copy [^)]*\)", re.I), "Nextcloud/ownCloud"),
    (re.compile(r" \([^)]*'s conflicted copy [^)]*\)", re.I), "Dropbox"),
    (re.compile(r" \(conflict [^)]*\)", re.I), "Nextcloud"),
)

#: Windows: FILE_ATTRIBUTE_OFFLINE, RECALL_ON_OPEN, RECALL_ON_DATA_ACCESS (OneDrive files on demand).
_NOT_LOCAL_ATTRIBUTES = 0x1000 | 0x40000 | 0x400000
#: macOS: SF_DATALESS (File Provider placeholders of OneDrive, Dropbox, iCloud).
_DATALESS_FLAG = 0x40000000

@dataclass(frozen=True)
class FileLook:
    """What ``stat`` says of a file: compared between scans to see whether it still changes."""

    size: int
    modified_ns: int
    local: bool  # its bytes are on this computer (not a placeholder)


@dataclass(frozen=True)
class Candidate:
    """A name in the folder that belongs to a workshop file, and whether it may be read."""

    path: Path
    look: FileLook | None
    skip: str = ""  # a reason template (above), empty if the file may be read
    engine: str = ""  # fills {engine} in the reason
    companion: str = ""  # fills {companion}
    conflict_of: str = ""  # the engine that made this conflict copy, if it is one

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def readable(self) -> bool:
        return not self.skip


def look(path: Path) -> FileLook | None:
    """``stat`` of a file, or None if it is gone (or a folder)."""
    try:
        info = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    blocks = getattr(info, "st_blocks", None)
    attributes = getattr(info, "st_file_attributes", 0)
    dataless = getattr(info, "st_flags", 0) & _DATALESS_FLAG
    local = not (attributes & _NOT_LOCAL_ATTRIBUTES) and not dataless and not (blocks == 0 and info.st_size > 0)
    return FileLook(info.st_size, info.st_mtime_ns, local)


def conflict_engine(name: str) -> str:
    """The engine whose conflict-copy pattern ``name`` has, or ""; OneDrive's host-name suffix is not
    recognisable by name alone, and needs none: such a copy is merged like every file."""
    return next((engine for pattern, engine in _CONFLICTS if pattern.search(name)), "")


def _is_workshop_name(name: str) -> bool:
    return DOCUMENT_SUFFIX in name.lower()


def _companion(path: Path) -> str:
    """A live ``-journal`` or ``-wal`` beside the file (the one SQLite writes while it is open)."""
    for suffix in ("-journal", "-wal"):
        companion = Path(str(path) + suffix)
        try:
            if companion.stat().st_size > 0:
                return companion.name
        except OSError:
            continue
    return ""


def _files(folder: Path) -> Iterator[Path]:
    """Files in the folder and its subfolders, hidden folders (.stversions, .stfolder, …) left out."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith("."):
                    yield from _files(Path(entry.path))
            elif entry.is_file(follow_symlinks=False):
                yield Path(entry.path)
        except OSError:
            continue


def classify(path: Path, previous: dict[Path, FileLook] | None = None) -> Candidate | None:
    """One file of the folder; None for a name that is not a workshop's (or a companion)."""
    name = path.name
    if not _is_workshop_name(name):
        return None
    for pattern, reason, engine in _NOT_READ:
        if pattern.match(name):
            return None if reason is None else Candidate(path, look(path), reason, engine)
    if not name.lower().endswith(DOCUMENT_SUFFIX):
        return None
    found = look(path)
    conflict = conflict_engine(name)
    if found is None:
        return Candidate(path, None, VANISHED)
    if found.size == 0:
        return Candidate(path, found, EMPTY, conflict_of=conflict)
    if not found.local:
        return Candidate(path, found, PLACEHOLDER, conflict_of=conflict)
    companion = _companion(path)
    if companion:
        return Candidate(path, found, OPEN_ELSEWHERE, companion=companion, conflict_of=conflict)
    if previous is not None and path in previous and previous[path] != found:
        return Candidate(path, found, GROWING, conflict_of=conflict)
    return Candidate(path, found, conflict_of=conflict)


def scan_folder(folder: Path, previous: dict[Path, FileLook] | None = None,
                exclude: tuple[Path, ...] = ()) -> list[Candidate]:
    """Every workshop-file name in ``folder`` (subfolders too), sorted by path.

    ``previous``: the looks of the last scan; a file that changed since is reported as still
    changing. ``exclude``: files never listed (the merged output itself, when it lies there).
    """
    excluded = {p.resolve() for p in exclude}
    found = []
    for path in _files(folder):
        candidate = classify(path, previous)
        if candidate is not None and path.resolve() not in excluded:
            found.append(candidate)
    return found


def looks(candidates: list[Candidate]) -> dict[Path, FileLook]:
    """The looks of a scan, to pass as ``previous`` to the next one."""
    return {c.path: c.look for c in candidates if c.look is not None}


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return read_hashed(path)[0]


def read_hashed(path: Path) -> tuple[str, bytes]:
    """A file's bytes, read once, and their SHA-256: what is hashed is exactly what is kept."""
    data = Path(path).read_bytes()
    return hashlib.sha256(data).hexdigest(), data
