"""Whether a workshop file lies in a folder a sync engine keeps in sync.

A live workshop is not worked on there: SQLite's write-ahead log does not
survive file sync. Opening a file asks this first, so it is kept apart from the
folder scanner (``store.folder_scan``): a window opened on a workshop loads
neither the scanner's patterns nor its hashing.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP

#: A published file: ``<workshop>__<device>__<sequence>.dmw`` (store.publish).
PUBLISHED_NAME = re.compile(r"^(?P<workshop>.+?)__(?P<device>[0-9a-z]+)__(?P<sequence>\d+)\.dmw$")

#: Marker files or folders a sync engine keeps in the folder it syncs (or in a parent of it).
_MARKERS = (
    (".stfolder", "Syncthing"),
    (".stignore", "Syncthing"),
    (".nextcloudsync.log", "Nextcloud"),
    (".owncloudsync.log", "ownCloud"),
    (".dropbox", "Dropbox"),
    (".dropbox.cache", "Dropbox"),
    (".sync", "Resilio Sync"),
)
#: Journals Nextcloud and ownCloud keep at the root of a synced folder.
_JOURNAL = re.compile(r"^\.?_?sync_[0-9a-f]+\.db$", re.I)
#: Folder names the engines create for the user ("OneDrive - Kommunen", "Nextcloud", "Dropbox").
_FOLDER_NAMES = (
    (re.compile(r"^onedrive( - .*)?$", re.I), "OneDrive"),
    (re.compile(r"^sharepoint( - .*)?$", re.I), "OneDrive"),
    (re.compile(r"^nextcloud$", re.I), "Nextcloud"),
    (re.compile(r"^owncloud$", re.I), "ownCloud"),
    (re.compile(r"^dropbox( \(.*\))?$", re.I), "Dropbox"),
    (re.compile(r"^sync$", re.I), "Syncthing"),
)


def sync_engine(path: Path) -> str:
    """The sync engine whose folder holds ``path`` ("Syncthing", "OneDrive", …), or "".

    Looks for the engines' marker files in the path's folder and every parent,
    the folder names they create, the OneDrive folders Windows names in the
    environment, and a folder that already holds published workshop files.
    """
    folder = Path(path).resolve()
    folder = folder if folder.is_dir() else folder.parent
    for variable in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        root = os.environ.get(variable)
        if root and (folder == Path(root).resolve() or Path(root).resolve() in folder.parents):
            return "OneDrive"
    for place in (folder, *folder.parents):
        for marker, engine in _MARKERS:
            if (place / marker).exists():
                return engine
        for pattern, engine in _FOLDER_NAMES:
            if pattern.match(place.name):
                return engine
    try:
        names = os.listdir(folder)
    except OSError:
        return ""
    if any(_JOURNAL.match(name) for name in names):
        return "Nextcloud/ownCloud"
    if any(PUBLISHED_NAME.match(name) for name in names):
        return QT_TRANSLATE_NOOP("FolderScan", "it holds published workshop files")
    return ""
