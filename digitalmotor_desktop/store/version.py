"""The file format version this build reads and writes (``PRAGMA user_version``).

Kept apart from the migrations so that checking a file does not load
sqlite-utils; ``tests/test_schema.py`` checks it equals the number of migrations.
"""

SCHEMA_VERSION = 8
