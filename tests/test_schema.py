"""db/schema.sql is exactly what the migrations produce."""

from pathlib import Path

from digitalmotor_desktop.store.schema import migrated_schema_sql

REFERENCE = Path(__file__).resolve().parent.parent / "db" / "schema.sql"


def test_reference_schema_matches_migrations():
    assert REFERENCE.read_text(encoding="utf-8") == migrated_schema_sql(), (
        "db/schema.sql is stale: run `python db/dump_schema.py > db/schema.sql`")


def test_migrated_document_has_the_reference_schema(fyrbodal):
    from digitalmotor_desktop.store.schema import schema_entries

    fresh_tables = {name for kind, name, _ in schema_entries(fyrbodal.db) if kind == "table"}
    assert {"workshop", "capability", "rating", "respondent", "decision", "merge_source"} <= fresh_tables


def test_version_constant_counts_the_migrations():
    from digitalmotor_desktop.store.migrations import MIGRATION_COUNT
    from digitalmotor_desktop.store.version import SCHEMA_VERSION

    assert SCHEMA_VERSION == MIGRATION_COUNT
