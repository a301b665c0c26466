"""The floor the merge benchmarks compare with: raw SQLite ATTACH + INSERT … SELECT of every content table."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from digitalmotor_desktop.store.schema import migrated_schema_sql
from digitalmotor_desktop.store.workshop import CONTENT_TABLES


def raw_merge_seconds(sources: list[Path], output: Path) -> float:
    """Seconds to copy every source's rows into a fresh ``output``, unchecked and without durability."""
    output.unlink(missing_ok=True)
    started = time.perf_counter()
    connection = sqlite3.connect(output, isolation_level=None)
    connection.execute("PRAGMA journal_mode = MEMORY")  # the floor at its fastest: no durability asked
    connection.execute("PRAGMA synchronous = OFF")
    connection.executescript(migrated_schema_sql())
    for source in sources:
        connection.execute("ATTACH DATABASE ? AS source", [source.resolve().as_uri() + "?mode=ro"])
        connection.execute("BEGIN")
        for table in CONTENT_TABLES:
            connection.execute(f"INSERT OR IGNORE INTO main.{table} SELECT * FROM source.{table}")
        connection.execute("COMMIT")
        connection.execute("DETACH DATABASE source")
    connection.close()
    return time.perf_counter() - started
