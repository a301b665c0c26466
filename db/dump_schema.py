"""Prints the schema a freshly migrated document has: ``python db/dump_schema.py > db/schema.sql``.

``tests/test_schema.py`` checks ``db/schema.sql`` against this output, so the
reference schema and the migrations never drift apart.
"""

from digitalmotor_desktop.store.schema import migrated_schema_sql

if __name__ == "__main__":
    print(migrated_schema_sql(), end="")
