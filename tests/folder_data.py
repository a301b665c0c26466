"""Capture files of one workshop, as laptops publish them, for the folder tests and the benchmark."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from digitalmotor_desktop.core.ids import new_id
from digitalmotor_desktop.ops import ratings as rating_ops
from digitalmotor_desktop.ops.workshop import create_workshop
from digitalmotor_desktop.store.document import open_document

from merge_data import add_organisations, capability_ids


def as_another_laptop(path: Path) -> None:
    """The file as a copy taken to another laptop: its own document and device ids from now on."""
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE document SET document_id = ?, device_id = ?", [new_id(), new_id()])
    connection.close()


def laptop_captures(folder: Path, laptops: int, respondents: int, *, edits: int = 0) -> list[Path]:
    """One workshop made on the lead's laptop, copied to ``laptops`` laptops, each capturing its own
    organisation (``respondents`` respondents rating every capability). With ``edits``, each laptop
    also re-rates that many capabilities of its neighbour's first respondent — from a copy of the
    neighbour's file, so the same rows differ between laptops (conflicts merge must settle)."""
    folder.mkdir(parents=True, exist_ok=True)
    lead = folder / "lead-original.dmw"
    create_workshop(lead, "fyrbodal-2020").close()
    files = []
    for number in range(laptops):
        path = folder / f"laptop-{number}.dmw"
        shutil.copyfile(lead, path)
        as_another_laptop(path)
        with open_document(path) as document:
            add_organisations(document, [f"Kommun {number}"], respondents=respondents, seed=number)
        files.append(path)
    for number in range(laptops if edits else 0):
        neighbour = files[(number + 1) % laptops]
        path = folder / f"laptop-{number}-edits.dmw"
        shutil.copyfile(neighbour, path)
        as_another_laptop(path)
        with open_document(path) as document:
            person = document.db.execute("SELECT id FROM respondent ORDER BY id LIMIT 1").fetchone()[0]
            for capability in capability_ids(document)[:edits]:
                rating_ops.set_maturity(document, person, capability, (number + 1) % 5).redo(document)
        files.append(path)
    return files



@pytest.fixture(scope="module")
def laptops(tmp_path_factory):
    """Three laptops' capture files of one workshop (module-wide: making them takes a while)."""
    return laptop_captures(tmp_path_factory.mktemp("laptops"), laptops=3, respondents=2)


@pytest.fixture
def synced(tmp_path):
    """An empty folder Syncthing syncs."""
    folder = tmp_path / "Sync"
    folder.mkdir()
    (folder / ".stfolder").mkdir()
    return folder
