"""The workshop document: creation from templates, ids, pragmas, content hash."""

import json
import sqlite3
import subprocess
import sys

import pytest

from digitalmotor_desktop.core.errors import UnknownTemplate, UserError
from digitalmotor_desktop.core.templates import template_names
from digitalmotor_desktop.ops.workshop import create_workshop
from digitalmotor_desktop.store.document import open_document
from digitalmotor_desktop.store.filecheck import APPLICATION_ID
from digitalmotor_desktop.store.migrations import SCHEMA_VERSION
from digitalmotor_desktop.store.workshop import capability_map, content_hash, summary


def cli(*args, check=True):
    result = subprocess.run([sys.executable, "-m", "digitalmotor_desktop", *map(str, args)],
                            capture_output=True, text=True)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_fyrbodal_template_counts(fyrbodal):
    info = summary(fyrbodal)
    # The study's map (Bilaga 5) has 13 groups: Leda, Styra, Planera, Förnya, Samverka,
    # Förstå behov, Inspirera och engagera, Förändra, Förvalta, Försörja, Kommunicera,
    # Upprätthålla rätt kompetens, Vara en attraktiv arbetsplats.
    assert info.counts == {"areas": 3, "groups": 13, "capabilities": 55, "goals": 7,
                           "organisations": 0, "respondents": 0, "ratings": 0,
                           "prompts": 4, "notes": 0, "clusters": 0, "votes": 0}
    assert [level.level for level in info.levels] == [0, 1, 2, 3, 4]
    assert info.levels[4].label == "Branschledande"


def test_map_order_follows_the_study(fyrbodal):
    areas = capability_map(fyrbodal).areas
    assert [a.name for a in areas] == ["Ledningsförmågor", "Kärnförmågor", "Stödförmågor"]
    assert [g.name for g in areas[0].groups] == ["Leda", "Styra", "Planera", "Förnya", "Samverka"]
    assert areas[1].groups[3].capabilities[-1].name == "Upprätthålla stabil och tillförlitlig driftsleverans"


def test_empty_template_has_scale_and_domains_only():
    with create_workshop(None, "empty") as document:
        info = summary(document)
    assert info.counts["capabilities"] == info.counts["goals"] == 0
    assert len(info.levels) == 5
    assert template_names() == ["fyrbodal-2020", "empty"]


def test_unknown_template_leaves_no_file(tmp_path):
    with pytest.raises(UnknownTemplate, match="fyrbodal-2020"):
        create_workshop(tmp_path / "x.dmw", "fyrbodal-2021")
    assert list(tmp_path.iterdir()) == []


def test_cli_new_and_info_report_the_study(tmp_path):
    first, second = tmp_path / "a.dmw", tmp_path / "b.dmw"
    cli("new", first, "--template", "fyrbodal-2020")
    cli("new", second, "--template", "fyrbodal-2020", "--title", "Andra")
    info = json.loads(cli("info", first, "--json").stdout)
    assert (info["areas"], info["groups"], info["capabilities"], info["goals"]) == (3, 13, 55, 7)
    assert [lv["level"] for lv in info["levels"]] == [0, 1, 2, 3, 4]
    assert info["schema_version"] == SCHEMA_VERSION and info["template"] == "fyrbodal-2020"
    assert (info["organisations"], info["respondents"], info["ratings"]) == (0, 0, 0)
    with open_document(first, read_only=True) as a, open_document(second, read_only=True) as b:
        assert summary(b).title == "Andra" and info["title"] == summary(a).title != "Andra"
        assert info["content_hash"] == content_hash(a)
        assert [c.id for c in capability_map(a).capabilities()] == [c.id for c in capability_map(b).capabilities()]
        assert a.document_id != b.document_id  # two workshops, not one file copied


def test_two_files_from_one_template_share_capability_ids(tmp_path):
    ids = []
    for name in ("a.dmw", "b.dmw"):
        with create_workshop(tmp_path / name, "fyrbodal-2020") as document:
            ids.append([c.id for c in capability_map(document).capabilities()])
    assert ids[0] == ids[1] and len(set(ids[0])) == 55


def test_new_refuses_to_overwrite(tmp_path):
    path = tmp_path / "w.dmw"
    cli("new", path)
    before = path.read_bytes()
    result = cli("new", path, check=False)
    assert result.returncode != 0 and "already exists" in result.stderr
    assert path.read_bytes() == before


def test_document_pragmas(fyrbodal_file):
    with open_document(fyrbodal_file) as document:
        pragma = lambda name: document.connection.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("synchronous") == 2  # FULL
        assert pragma("application_id") == APPLICATION_ID
        assert pragma("user_version") == SCHEMA_VERSION


def test_content_hash_ignores_row_order_and_file_identity(tmp_path):
    hashes = []
    for name in ("a.dmw", "b.dmw"):
        with create_workshop(tmp_path / name, "fyrbodal-2020") as document:
            document.db.execute("UPDATE workshop SET id = 'same', pseudonym_seed = 'same', hlc = 'same'")
            document.db.conn.commit()
            hashes.append(content_hash(document))
    assert hashes[0] == hashes[1]
    # Rows physically stored in another order hash the same.
    with open_document(tmp_path / "a.dmw") as document:
        with document.transaction() as db:
            rows = db.execute("SELECT * FROM goal").fetchall()
            db.execute("DELETE FROM goal")
            db.conn.executemany("INSERT INTO goal VALUES (?, ?, ?, ?, ?)", list(reversed(rows)))
        assert content_hash(document) == hashes[0]


def test_read_only_open_refuses_edits(fyrbodal_file):
    with open_document(fyrbodal_file, read_only=True) as document:
        with pytest.raises(UserError, match="read-only"):
            with document.transaction():
                pass


def test_save_copy_is_a_complete_workshop(fyrbodal_file, tmp_path):
    copy = tmp_path / "copy.dmw"
    with open_document(fyrbodal_file) as document:
        document.save_copy(copy)
        original = content_hash(document)
    with open_document(copy) as document:
        assert content_hash(document) == original
    assert sqlite3.connect(copy).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_opening_and_closing_changes_nothing(fyrbodal_file):
    before = fyrbodal_file.read_bytes()
    with open_document(fyrbodal_file):
        pass
    assert fyrbodal_file.read_bytes() == before


def test_info_reads_a_file_from_before_the_last_migration_without_touching_it(tmp_path):
    """A colleague's file from last month's version: ``info`` reads it (its newer tables as empty) and the file stays
    as it was; it is migrated, after a backup, only when opened for editing."""
    from sqlite_utils import Database

    from digitalmotor_desktop.store.migrations import migrations

    path = tmp_path / "older.dmw"
    create_workshop(path, "fyrbodal-2020").close()
    last = migrations.pending(Database(memory=True, execute_plugins=False))[-1].name
    before_last = Database(memory=True, execute_plugins=False)
    migrations.apply(before_last, stop_before=last)
    with create_workshop(None, "empty") as fresh:
        newer = {row[0] for row in fresh.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    newer -= set(before_last.table_names())
    with sqlite3.connect(path) as older:
        for table in newer:
            older.execute(f"DROP TABLE {table}")
        older.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [last])
        older.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    older.close()
    kept = path.read_bytes()
    info = json.loads(cli("info", path, "--json").stdout)
    assert info["capabilities"] == 55 and info["content_hash"]
    assert path.read_bytes() == kept and not list(tmp_path.glob("*.bak"))
