"""Sources to merge are checked before anything is read; a refused one is never written to."""

import sqlite3
import struct
import subprocess
import sys

import pytest

from digitalmotor_desktop.core.errors import DamagedFile, NewerFileVersion, NotAWorkshopFile
from digitalmotor_desktop.ops.merge import plan_merge
from digitalmotor_desktop.store import untrusted
from digitalmotor_desktop.store.migrations import SCHEMA_VERSION
from digitalmotor_desktop.store.untrusted import FileImage, UnexpectedSchema, open_untrusted

from merge_data import capture_file, file_bytes_digest


@pytest.fixture
def good(tmp_path):
    return capture_file(tmp_path / "good.dmw", ["Vänersborg", "Åmål"], seed=3)


def _edit(path, source, *statements):
    path.write_bytes(source.read_bytes())
    connection = sqlite3.connect(path)
    connection.executescript(";".join(statements))
    connection.commit()
    connection.close()


def _truncated(path, source):
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _bit_flipped(path, source):
    data = bytearray(source.read_bytes())
    (page_size,) = struct.unpack(">H", data[16:18])
    for page in range(1, len(data) // page_size):  # every b-tree page header but the first
        data[page * page_size] ^= 0x5A
    path.write_bytes(bytes(data))


def _free_page_list_broken(path, source):
    """A disk error in the header's free-page count: every row still reads, only SQLite's own check sees it."""
    data = bytearray(source.read_bytes())
    (free_pages,) = struct.unpack(">I", data[36:40])
    data[36:40] = struct.pack(">I", free_pages + 3)
    path.write_bytes(bytes(data))


def _stale_index(path, source):
    """Every row moved to one organisation behind its index's back (a lost write inside the index pages):
    each page is well formed, so only the thorough check, which compares every index with its table, sees it."""
    index = "respondent_organisation"
    _edit(path, source, "PRAGMA writable_schema = ON",
          f"UPDATE sqlite_master SET sql = 'CREATE INDEX {index} ON respondent (label)' WHERE name = '{index}'")
    _edit(path, path, "PRAGMA foreign_keys = OFF",
          "UPDATE respondent SET organisation_id = (SELECT min(id) FROM organisation)", "PRAGMA writable_schema = ON",
          f"UPDATE sqlite_master SET sql = 'CREATE INDEX {index} ON respondent (organisation_id)' WHERE name = '{index}'")


def _other_application(path, source):
    data = bytearray(source.read_bytes())
    data[68:72] = struct.pack(">I", 0x12345678)
    path.write_bytes(bytes(data))


def _extra_table(path, source):
    _edit(path, source, "CREATE TABLE extra (x)")


def _changed_table(path, source):
    _edit(path, source, "ALTER TABLE rating ADD COLUMN secret TEXT")


def _trap_view(path, source):
    _edit(path, source, "CREATE VIEW organisation_names AS SELECT evil(name) AS name FROM organisation")


def _trap_trigger(path, source):
    _edit(path, source, "CREATE TRIGGER steal AFTER UPDATE ON rating BEGIN SELECT evil(new.comment); END")


def _table_replaced_by_view(path, source):
    _edit(path, source, "PRAGMA foreign_keys = OFF", "DROP TABLE merge_source",
          "CREATE VIEW merge_source AS SELECT evil(document_id) AS document_id, 0 AS merged_on, 0 AS organisations,"
          " 0 AS respondents, 0 AS ratings, 0 AS anonymised FROM document")


def _text(path, _source):
    path.write_text("organisation;respondent\nVänersborg;IT-chef\n", encoding="utf-8")


def _newer(path, source):
    _edit(path, source, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")


def _dangling(path, source):
    _edit(path, source, "PRAGMA foreign_keys = OFF",
          "INSERT INTO respondent (id, organisation_id, hlc) VALUES ('r', 'no-such-organisation', 'x')")


def _malformed_stamp(path, source):
    _edit(path, source, "UPDATE organisation SET hlc = 'yesterday'")


def _blob_for_an_id(path, source):
    _edit(path, source, "INSERT INTO organisation (id, name, hlc) VALUES (x'01', 'Blob', '000000000000001.00000.d')")


def _huge_capability_name(path, source):  # a hand-out returned with a 10 MB capability name
    _edit(path, source, "UPDATE capability SET name = printf('%.*c', 10000000, 'x') WHERE position = 0")


def _long_comment(path, source):
    _edit(path, source, "UPDATE rating SET comment = printf('%.*c', 4001, 'x')")


def _no_workshop(path, source):
    _edit(path, source, "PRAGMA foreign_keys = OFF", "DELETE FROM workshop")


BAD = {
    "truncated": (_truncated, DamagedFile, "cut off"),
    "bit-flipped": (_bit_flipped, DamagedFile, "damaged"),
    "free-page-list-broken": (_free_page_list_broken, DamagedFile, "integrity check failed"),
    "stale-index": (_stale_index, DamagedFile, "integrity check failed"),
    "other-application": (_other_application, NotAWorkshopFile, "another program"),
    "extra-table": (_extra_table, UnexpectedSchema, "refused for safety"),
    "changed-table": (_changed_table, UnexpectedSchema, "refused for safety"),
    "trap-view": (_trap_view, UnexpectedSchema, "refused for safety"),
    "trap-trigger": (_trap_trigger, UnexpectedSchema, "refused for safety"),
    "table-replaced-by-view": (_table_replaced_by_view, UnexpectedSchema, "refused for safety"),
    "text": (_text, NotAWorkshopFile, "not a Digital motor workshop file"),
    "newer": (_newer, NewerFileVersion, "newer version"),
    "dangling-reference": (_dangling, DamagedFile, "refer to rows that do not exist"),
    "no-workshop": (_no_workshop, NotAWorkshopFile, "is not a complete Digital motor workshop file."),
    "malformed-stamp": (_malformed_stamp, DamagedFile, "values are not of the kind"),
    "blob-for-an-id": (_blob_for_an_id, DamagedFile, "values are not of the kind"),
    "huge-capability-name": (_huge_capability_name, DamagedFile, "a name in its capability is longer than 200 characters"),
    "long-comment": (_long_comment, DamagedFile, "a comment in its rating is longer than 4,000 characters"),
}


@pytest.fixture(params=sorted(BAD))
def bad(request, tmp_path, good):
    make, error, phrase = BAD[request.param]
    path = tmp_path / f"{request.param}.dmw"
    make(path, good)
    return path, error, phrase


@pytest.fixture
def evil_calls(monkeypatch):
    """Every connection the checks open gets an ``evil`` function that records its calls."""
    calls = []
    real_connect = sqlite3.connect

    def connect(*args, **kwargs):
        connection = real_connect(*args, **kwargs)
        connection.create_function("evil", 1, lambda value: calls.append(value) or value)
        return connection

    monkeypatch.setattr(untrusted.sqlite3, "connect", connect)
    return calls


def test_refused_with_one_sentence_and_left_untouched(bad, evil_calls):
    path, error, phrase = bad
    before = file_bytes_digest(path)
    with pytest.raises(error, match=phrase) as raised:
        with open_untrusted(path):
            pass
    sentence = str(raised.value)
    assert path.name in sentence and "\n" not in sentence and sentence.endswith(".")
    assert evil_calls == []
    assert file_bytes_digest(path) == before
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name)) == [path.name]


def test_a_good_file_opens_read_only_and_stays_untouched(monkeypatch, good):
    monkeypatch.chdir(good.parent)  # opened in memory: not even an empty file in the working folder
    before = file_bytes_digest(good)
    with open_untrusted(good) as document:
        assert document.read_only
        assert document.db.execute("SELECT count(*) FROM organisation").fetchone()[0] == 2
    assert file_bytes_digest(good) == before
    assert sorted(p.name for p in good.parent.iterdir()) == [good.name]


def test_a_file_read_once_is_refused_as_the_file_itself(bad):
    """The folder scan reads each file once (to hash it) and checks those bytes: the same sentence."""
    path, error, phrase = bad
    with pytest.raises(error, match=phrase) as raised:
        with open_untrusted(FileImage(path.name, path.read_bytes())):
            pass
    assert path.name in str(raised.value)


@pytest.mark.parametrize(("replace", "error", "sentence"), [
    (_text, NotAWorkshopFile, "“open.dmw” is not a Digital motor workshop file."),
    (_newer, NewerFileVersion, "“open.dmw” was saved by a newer version"),
])
def test_a_file_replaced_while_it_is_opened_is_checked_as_what_was_read(monkeypatch, tmp_path, good, replace,
                                                                         error, sentence):
    """A synced folder swaps the file after its header passed and before its bytes are read."""
    source = tmp_path / "open.dmw"
    source.write_bytes(good.read_bytes())
    read_header = untrusted.filecheck.read_header

    def header_then_swap(path):
        facts = read_header(path)
        replace(source, good)
        return facts

    monkeypatch.setattr(untrusted.filecheck, "read_header", header_then_swap)
    with pytest.raises(error) as refused:
        with open_untrusted(source):
            pass
    assert str(refused.value).startswith(sentence)


def test_planner_statistics_are_not_a_schema_change(tmp_path, good):
    analysed = tmp_path / "analysed.dmw"
    _edit(analysed, good, "ANALYZE")
    with open_untrusted(analysed) as document:
        assert document.db.execute("SELECT count(*) FROM organisation").fetchone()[0] == 2


def test_unsaved_changes_in_the_wal_are_read_without_touching_the_source(tmp_path, good):
    source = tmp_path / "open.dmw"
    source.write_bytes(good.read_bytes())
    writer = sqlite3.connect(source)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE organisation SET name = 'Renamed' WHERE name = 'Åmål'")
    writer.commit()  # the change lives in open.dmw-wal only; the writer stays open
    try:
        before = {p.name: file_bytes_digest(p) for p in tmp_path.iterdir() if p.name.startswith("open.dmw")}
        with open_untrusted(source) as document:
            names = {row[0] for row in document.db.execute("SELECT name FROM organisation")}
        assert "Renamed" in names
        assert {p.name: file_bytes_digest(p) for p in tmp_path.iterdir() if p.name.startswith("open.dmw")} == before
    finally:
        writer.close()


def test_a_file_whose_wal_was_checkpointed_is_not_copied_to_disk(monkeypatch, tmp_path, good):
    """An app still holds the file open after saving everything (its -wal emptied): the rows are all in the
    file, so it is read in memory and no copy of the workshop is written anywhere, not even a private one."""
    source = tmp_path / "open.dmw"
    source.write_bytes(good.read_bytes())
    writer = sqlite3.connect(source)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("UPDATE organisation SET name = 'Renamed' WHERE name = 'Åmål'")
    writer.commit()
    writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    copies = []
    monkeypatch.setattr(untrusted, "private_folder", lambda: copies.append("copy") or tmp_path)
    try:
        assert (tmp_path / "open.dmw-wal").stat().st_size == 0
        with open_untrusted(source) as document:
            assert "Renamed" in {row[0] for row in document.db.execute("SELECT name FROM organisation")}
        assert copies == []
    finally:
        writer.close()


@pytest.mark.parametrize(("change", "error", "sentence"), [
    ("PRAGMA application_id = 305419896", NotAWorkshopFile, "“open.dmw” is not a Digital motor workshop file."),
    (f"PRAGMA user_version = {SCHEMA_VERSION + 1}", NewerFileVersion, "newer version"),
])
def test_a_header_changed_in_the_unsaved_wal_is_checked_again(tmp_path, good, change, error, sentence):
    """The file's own header passes; the first page waiting in its -wal says otherwise."""
    source = tmp_path / "open.dmw"
    source.write_bytes(good.read_bytes())
    writer = sqlite3.connect(source)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute(change)
    writer.commit()
    try:
        with pytest.raises(error) as refused:
            with open_untrusted(source):
                pass
        assert str(refused.value) == sentence if sentence.startswith("“") else sentence in str(refused.value)
    finally:
        writer.close()


def test_a_hand_out_saved_by_an_older_version_is_refused_until_opened_once(monkeypatch, good):
    """A facilitator returns a hand-out from last year's app while this one is a migration ahead:
    its tables differ from ours only because it is older, and the sentence says how to bring it up to date."""
    monkeypatch.setattr(untrusted, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    before = file_bytes_digest(good)
    with pytest.raises(NotAWorkshopFile) as refused:
        with open_untrusted(good):
            pass
    assert str(refused.value) == ("“good.dmw” was saved by an older version of Digital motor desktop; "
                                  "open it in this version once, then try again.")
    assert file_bytes_digest(good) == before


def test_plan_refuses_bad_sources_and_keeps_the_good_ones(bad, good):
    path, _error, phrase = bad
    plan = plan_merge([good, path])
    assert [r.name for r in plan.refused] == [path.name]
    assert phrase in str(plan.refused[0].refusal)
    assert len(plan.sources) == 1


def test_cli_refuses_and_writes_nothing(tmp_path, bad, good):
    path, _error, phrase = bad
    output = tmp_path / "merged.dmw"
    before = file_bytes_digest(path)
    result = subprocess.run([sys.executable, "-m", "digitalmotor_desktop", "merge", str(good), str(path),
                             "--output", str(output)], capture_output=True, text=True)
    assert result.returncode == 2
    assert phrase in result.stdout
    assert "nothing was written" in result.stderr
    assert not any(p.name.startswith("merged.dmw") for p in tmp_path.iterdir())
    assert file_bytes_digest(path) == before
