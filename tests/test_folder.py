"""Publishing to and merging from a synced folder: the traps sync engines set, and the accidents.

Each test is a thing that happens to a folder OneDrive, Nextcloud or
Syncthing keeps in sync: a download in progress, a cut-off copy, a workshop
someone has open there, a placeholder, a file still growing, conflict copies.
After each, the lead's file holds every rating it held before (0 lost) and
nothing half-read (0 corrupt merges).
"""

import os
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from digitalmotor_desktop.cli import main
from digitalmotor_desktop.ops import ratings as rating_ops
from digitalmotor_desktop.ops.folder import (
    ALREADY_MERGED, MERGED, REFUSED, SKIPPED, merge_folder_into_file, plan_folder,
)
from digitalmotor_desktop.store import folder_scan, synced_folder
from digitalmotor_desktop.store.document import open_document
from digitalmotor_desktop.store.folder_ledger import ledger_rows
from digitalmotor_desktop.store.publish import publish

from folder_data import laptops, synced  # noqa: F401 - fixtures
from merge_data import capability_ids, file_hash, merge


def _ratings(path: Path) -> set[tuple]:
    with open_document(path, read_only=True) as document:
        return set(document.db.execute("SELECT respondent_id, capability_id, maturity, hlc FROM rating WHERE rated = 1"))


def _statuses(plan) -> dict[str, tuple[str, str]]:
    return {entry.name: (entry.status, entry.why) for entry in plan.entries}


def _lead(tmp_path, synced, files) -> Path:
    for path in files:
        shutil.copyfile(path, synced / path.name)
    output = tmp_path / "lead.dmw"
    assert merge_folder_into_file(synced, output).written
    return output


# --- publishing ---------------------------------------------------------------------------------

def test_publishing_writes_a_sealed_file_once_and_the_next_sequence_after_an_edit(tmp_path, synced, laptops):
    working = tmp_path / "mine.dmw"
    shutil.copyfile(laptops[0], working)
    with open_document(working) as document:
        first = publish(document, synced)
        unchanged = publish(document, synced)
        person = document.db.execute("SELECT id FROM respondent LIMIT 1").fetchone()[0]
        rating_ops.set_maturity(document, person, capability_ids(document)[0], 4).redo(document)
        second = publish(document, synced)
    assert first.written and not unchanged.written and unchanged.path == first.path
    assert synced_folder.PUBLISHED_NAME.match(first.path.name) and first.path.name.endswith("__0001.dmw")
    assert second.path.name == first.path.name.replace("__0001", "__0002")
    for published in (first.path, second.path):
        header = published.read_bytes()[:100]
        assert header[18:20] == b"\x01\x01"  # rollback journal, not WAL: a synced copy needs nothing beside it
    assert sorted(p.name for p in synced.iterdir()) == sorted([".stfolder", first.path.name, second.path.name])
    assert file_hash(second.path) == file_hash(working)


def test_a_published_name_taken_meanwhile_is_never_overwritten(tmp_path, synced, laptops):
    working = tmp_path / "mine.dmw"
    shutil.copyfile(laptops[0], working)
    with open_document(working) as document:
        first = publish(document, synced)
        squatter = first.path.with_name(first.path.name.replace("__0001", "__0002"))
        squatter.write_bytes(b"another laptop's file")  # arrived by sync between our look and our rename
        person = document.db.execute("SELECT id FROM respondent LIMIT 1").fetchone()[0]
        rating_ops.set_maturity(document, person, capability_ids(document)[0], 4).redo(document)
        second = publish(document, synced)
    assert squatter.read_bytes() == b"another laptop's file"
    assert second.path.name.endswith("__0003.dmw")


def test_publish_and_merge_from_the_command_line(tmp_path, synced, laptops, capsys):
    for number, path in enumerate(laptops):
        assert main(["publish", str(path), "--to", str(synced)]) == 0
    assert main(["publish", str(laptops[0]), "--to", str(synced)]) == 0
    out = capsys.readouterr().out
    assert out.count("Published ") == 3 and "nothing was published" in out
    lead = tmp_path / "lead.dmw"
    assert main(["merge", "--output", str(lead), "--folder", str(synced)]) == 0
    out = capsys.readouterr().out
    assert out.count(": merged") == 3 and "Merged 3 new files" in out
    assert file_hash(lead) == file_hash(merge(tmp_path / "expected.dmw", *laptops))
    assert main(["merge", "--output", str(lead), "--folder", str(synced)]) == 0
    out = capsys.readouterr().out
    assert out.count(": already merged") == 3 and "Nothing new in the folder; lead.dmw is unchanged." in out
    assert main(["merge", "--output", str(lead)]) == 2
    assert "Name the workshop files to merge, or a folder with --folder." in capsys.readouterr().err


def test_the_ledger_holds_hashes_and_document_ids_never_names(tmp_path, synced, laptops):
    lead = _lead(tmp_path, synced, laptops)
    with open_document(lead, read_only=True) as document:
        rows = ledger_rows(document)
    assert len(rows) == 3 and all(len(h) == 64 and len(d) == 36 for h, d, _on in rows)
    assert not any("laptop" in str(value) for row in rows for value in row)


# --- what a sync engine leaves in the folder ----------------------------------------------------

ENGINE_TEMPORARIES = {
    ".syncthing.laptop-9.dmw.tmp": "Syncthing",
    "~syncthing~laptop-9.dmw.tmp": "Syncthing",
    ".laptop-9.dmw.~3f2a91c0": "Nextcloud/ownCloud",
    "laptop-9.dmw.part": "Nextcloud/ownCloud",
    "laptop-9.dmw.tmp": "OneDrive",
    "laptop-9.dmw.partial": "",
    ".~lock.laptop-9.dmw#": "Nextcloud/ownCloud",
    "~$laptop-9.dmw": "OneDrive",
    "laptop-9.dmw.nextcloud": "Nextcloud/ownCloud",  # a virtual file's stand-in
}

CONFLICT_COPIES = {
    "laptop-9.sync-conflict-20261202-101530-7QXKZ2M.dmw": "Syncthing",
    "laptop-9 (conflicted copy 2026-12-02 101530).dmw": "Nextcloud/ownCloud",
    "laptop-9 (Anna's conflicted copy 2026-12-02).dmw": "Dropbox",
    "laptop-9-KOMMUNLAPTOP7.dmw": "",  # OneDrive's host-name suffix: an ordinary name
}


def test_each_engines_temporary_files_are_never_read_even_when_complete(tmp_path, synced, laptops):
    lead = _lead(tmp_path, synced, laptops[:1])
    before = _ratings(lead)
    for name in ENGINE_TEMPORARIES:  # a complete new capture under each temporary name
        shutil.copyfile(laptops[1], synced / name)
    result = merge_folder_into_file(synced, lead)
    statuses = _statuses(result.plan)
    for name, engine in ENGINE_TEMPORARIES.items():
        assert statuses[name][0] == SKIPPED, name
        entry = next(e for e in result.plan.entries if e.name == name)
        assert entry.values["engine"] == engine
    assert not result.written and _ratings(lead) == before


def test_conflict_copies_of_every_engine_are_merged_and_harmless(tmp_path, synced, laptops):
    lead = _lead(tmp_path, synced, laptops[:1])
    for number, name in enumerate(CONFLICT_COPIES):
        shutil.copyfile(laptops[number % 3], synced / name)
    result = merge_folder_into_file(synced, lead)
    by_name = {entry.name: entry for entry in result.plan.entries}
    for name, engine in CONFLICT_COPIES.items():
        assert by_name[name].status in (MERGED, ALREADY_MERGED, SKIPPED) and by_name[name].conflict_of == engine
    # the copies of laptop 0 are identical to the file merged before; a second copy of laptop 1 is one merge
    assert by_name["laptop-9.sync-conflict-20261202-101530-7QXKZ2M.dmw"].status == ALREADY_MERGED
    assert by_name["laptop-9-KOMMUNLAPTOP7.dmw"].status == ALREADY_MERGED
    shutil.copyfile(laptops[1], synced / "laptop-9 (conflicted copy 2026-12-02 101531).dmw")
    shutil.copyfile(laptops[1], synced / "laptop-9 (conflicted copy 2026-12-02 101532).dmw")
    statuses = _statuses(merge_folder_into_file(synced, lead).plan)
    assert statuses["laptop-9 (conflicted copy 2026-12-02 101531).dmw"][0] == ALREADY_MERGED
    assert {statuses["laptop-9 (conflicted copy 2026-12-02 101532).dmw"][0]} == {ALREADY_MERGED}
    assert file_hash(lead) == file_hash(merge(tmp_path / "expected.dmw", *laptops))


def test_old_versions_the_engine_keeps_in_hidden_folders_are_not_listed_but_subfolders_are(synced, laptops):
    (synced / ".stversions").mkdir()
    shutil.copyfile(laptops[0], synced / ".stversions" / "laptop-0~20261202-101530.dmw")
    (synced / "Uddevalla").mkdir()
    shutil.copyfile(laptops[1], synced / "Uddevalla" / "laptop-1.dmw")
    assert [(e.name, e.status) for e in plan_folder(synced, join=False).entries] == [("Uddevalla/laptop-1.dmw", MERGED)]


def test_two_files_with_the_same_bytes_are_read_once(tmp_path, synced, laptops):
    shutil.copyfile(laptops[1], synced / "a.dmw")
    shutil.copyfile(laptops[1], synced / "b (conflicted copy 2026-12-02 101530).dmw")
    plan = plan_folder(synced)
    assert [(e.status, e.why, e.values.get("other")) for e in plan.entries] == [
        (MERGED, "", None), (SKIPPED, "identical to {other}", "a.dmw")]
    assert len(plan.merge.sources) == 1


def test_empty_files_placeholders_and_a_live_journal_or_wal_are_skipped(tmp_path, synced, laptops):
    lead = _lead(tmp_path, synced, laptops[:1])
    before = _ratings(lead)
    (synced / "empty.dmw").write_bytes(b"")
    placeholder = synced / "placeholder.dmw"
    with open(placeholder, "wb") as stream:  # OneDrive/Nextcloud virtual file: a size but no local blocks
        stream.truncate(laptops[1].stat().st_size)
    if placeholder.stat().st_blocks != 0:
        pytest.skip("this file system allocates blocks for sparse files")
    for companion in ("-journal", "-wal"):
        name = f"open{companion}.dmw"
        shutil.copyfile(laptops[2], synced / name)
        Path(f"{synced / name}{companion}").write_bytes(os.urandom(4096))
    statuses = _statuses(merge_folder_into_file(synced, lead).plan)
    assert statuses["empty.dmw"] == (SKIPPED, folder_scan.EMPTY)
    assert statuses["placeholder.dmw"] == (SKIPPED, folder_scan.PLACEHOLDER)
    assert statuses["open-journal.dmw"] == (SKIPPED, folder_scan.OPEN_ELSEWHERE)
    assert statuses["open-wal.dmw"] == (SKIPPED, folder_scan.OPEN_ELSEWHERE)
    assert _ratings(lead) == before


def test_a_file_growing_between_two_scans_waits_for_the_next_one(tmp_path, synced, laptops):
    arriving = synced / "arriving.dmw"
    data = laptops[1].read_bytes()
    arriving.write_bytes(data[: len(data) // 2])
    first = plan_folder(synced, join=False)
    arriving.write_bytes(data)  # the engine wrote the rest in place
    second = plan_folder(synced, previous=first.looks, join=False)
    assert _statuses(second)["arriving.dmw"] == (SKIPPED, folder_scan.GROWING)
    third = plan_folder(synced, previous=second.looks, join=False)
    assert _statuses(third)["arriving.dmw"][0] == MERGED


def test_a_file_that_changes_while_it_is_read_is_not_merged(tmp_path, synced, laptops, monkeypatch):
    lead = _lead(tmp_path, synced, laptops[:1])
    before = _ratings(lead)
    shutil.copyfile(laptops[1], synced / "arriving.dmw")
    real_read = folder_scan.read_hashed

    def read_then_grow(path):
        read = real_read(path)
        if path.name == "arriving.dmw":
            with open(path, "ab") as stream:
                stream.write(b"\0" * 4096)
        return read

    monkeypatch.setattr("digitalmotor_desktop.ops.folder.read_hashed", read_then_grow)
    result = merge_folder_into_file(synced, lead)
    assert _statuses(result.plan)["arriving.dmw"] == (SKIPPED, folder_scan.GROWING)
    assert _ratings(lead) == before


def test_every_truncated_prefix_is_refused_and_nothing_is_lost(tmp_path, synced, laptops):
    lead = _lead(tmp_path, synced, laptops[:1])
    before, before_hash = _ratings(lead), file_hash(lead)
    data = laptops[1].read_bytes()
    page = 4096
    cuts = sorted({*range(1, len(data), page), *range(page, len(data), page),
                   *random.Random(15).sample(range(1, len(data)), 60)})
    for cut in cuts:
        (synced / f"cut-{cut:07d}.dmw").write_bytes(data[:cut])
    plan = merge_folder_into_file(synced, lead).plan
    cut_entries = [entry for entry in plan.entries if entry.name.startswith("cut-")]
    assert len(cut_entries) == len(cuts) and {entry.status for entry in cut_entries} == {REFUSED}
    assert _ratings(lead) == before and file_hash(lead) == before_hash


def test_a_file_damaged_inside_is_refused(tmp_path, synced, laptops):
    lead = _lead(tmp_path, synced, laptops[:1])
    before = _ratings(lead)
    data = bytearray(laptops[1].read_bytes())
    for offset in range(len(data) // 2, len(data) // 2 + 8192):
        data[offset] ^= 0x5A
    (synced / "damaged.dmw").write_bytes(bytes(data))
    assert _statuses(merge_folder_into_file(synced, lead).plan)["damaged.dmw"][0] == REFUSED
    assert _ratings(lead) == before


def test_a_file_that_vanishes_from_the_folder_deletes_nothing(tmp_path, synced, laptops):
    lead = _lead(tmp_path, synced, laptops)
    before = _ratings(lead)
    for path in synced.glob("*.dmw"):
        path.unlink()
    result = merge_folder_into_file(synced, lead)
    assert not result.written and result.plan.entries == [] and _ratings(lead) == before


def test_a_file_of_another_program_or_version_is_refused_with_its_reason(tmp_path, synced, laptops):
    lead = _lead(tmp_path, synced, laptops[:1])
    connection = sqlite3.connect(synced / "other.dmw")
    connection.execute("CREATE TABLE x (y)")
    connection.commit()
    connection.close()
    entry = next(e for e in merge_folder_into_file(synced, lead).plan.entries if e.name == "other.dmw")
    assert entry.status == REFUSED and "another program" in str(entry.refusal)


# --- where a live workshop must not be ----------------------------------------------------------

@pytest.mark.parametrize("marker, engine", [
    (".stfolder", "Syncthing"), (".nextcloudsync.log", "Nextcloud"), (".owncloudsync.log", "ownCloud"),
    ("._sync_0123abcd.db", "Nextcloud/ownCloud"), (".dropbox", "Dropbox"),
])
def test_a_synced_folder_is_recognised_by_its_engines_marker(tmp_path, marker, engine):
    root = tmp_path / "somewhere"
    (root / "deep").mkdir(parents=True)
    (root / marker).write_text("")
    where = root if marker.startswith("._sync") else root / "deep"
    assert synced_folder.sync_engine(where / "workshop.dmw") == engine


def test_a_synced_folder_is_recognised_by_its_name_or_its_published_files(tmp_path, monkeypatch):
    for variable in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        monkeypatch.delenv(variable, raising=False)
    for name, engine in (("OneDrive - Uddevalla kommun", "OneDrive"), ("Nextcloud", "Nextcloud"),
                         ("Dropbox", "Dropbox")):
        (tmp_path / name / "Workshops").mkdir(parents=True)
        assert synced_folder.sync_engine(tmp_path / name / "Workshops" / "w.dmw") == engine
    shared = tmp_path / "shared"
    shared.mkdir()
    assert synced_folder.sync_engine(shared / "w.dmw") == ""
    (shared / "fyrbodal__ab12cd34__0001.dmw").write_bytes(b"")
    assert synced_folder.sync_engine(shared / "w.dmw")
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    monkeypatch.setenv("OneDrive", str(elsewhere))
    assert synced_folder.sync_engine(elsewhere / "w.dmw") == "OneDrive"


def test_a_rating_entered_while_the_folder_is_read_is_never_overwritten(tmp_path, synced, laptops):
    from digitalmotor_desktop.ops.folder import StaleFolderPlan, merge_folder_edit
    from digitalmotor_desktop.store.folder_ledger import merged_hashes

    lead = _lead(tmp_path, synced, laptops[:1])
    shutil.copyfile(laptops[1], synced / "new.dmw")
    with open_document(lead) as document:
        plan = plan_folder(synced, base=lead, ledger=merged_hashes(document), exclude=(lead,))
        person, capability = document.db.execute("SELECT respondent_id, capability_id FROM rating LIMIT 1").fetchone()
        rating_ops.set_maturity(document, person, capability, 4).redo(document)  # typed while the folder was read
        entered = _ratings(lead)
        with pytest.raises(StaleFolderPlan):
            merge_folder_edit(plan).redo(document)
        assert _ratings(lead) == entered and plan.new_files[0].file_hash not in merged_hashes(document)
    result = merge_folder_into_file(synced, lead)
    assert result.written and entered <= _ratings(lead)
    assert (person, capability, 4) in {row[:3] for row in _ratings(lead)}


def test_anonymising_is_not_mixed_into_a_folder_merge(tmp_path, synced, laptops, capsys):
    assert main(["merge", "--output", str(tmp_path / "out.dmw"), "--folder", str(synced), "--anonymise"]) == 2
    assert "--anonymise" in capsys.readouterr().err
