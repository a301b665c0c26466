"""Numbered schema migrations for the workshop document.

Each migration is applied once, inside a transaction, by sqlite-utils'
``Migrations``; ``PRAGMA user_version`` mirrors the number applied so that a
file written by a newer version can be recognised before anything is read.
``db/schema.sql`` is the reference result and a test keeps the two in step.

Every row that can travel between laptops carries:
  * ``id``  — a UUID (text), never an autoincrement integer;
  * ``hlc`` — the hybrid logical clock of its last edit (core.hlc), used by
    merge as "last writer wins" with the device id as tie-break;
  * ``deleted`` — 1 for a tombstone, so a deletion travels with a merge.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from digitalmotor_desktop.store.version import SCHEMA_VERSION  # noqa: F401 - the version these migrations reach

MIGRATION_SET = "digitalmotor"
migrations = Migrations(MIGRATION_SET)


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    db.executescript(
        """
CREATE TABLE document (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    document_id TEXT NOT NULL,          -- this file; replaced in every copy made by merge/handout
    device_id TEXT NOT NULL,            -- the laptop that writes; HLC tie-break
    created_on TEXT NOT NULL,           -- date only (YYYY-MM-DD)
    anonymised INTEGER NOT NULL DEFAULT 0 CHECK (anonymised IN (0, 1)),
    handout_organisation_id TEXT,       -- set in a hand-out file: capture goes straight to this organisation
    clock TEXT NOT NULL DEFAULT ''      -- the highest HLC this file has issued or seen
);

CREATE TABLE workshop (
    id TEXT PRIMARY KEY,                -- the workshop: shared by its hand-outs and merged files
    title TEXT NOT NULL,
    template TEXT NOT NULL,
    horizon_year INTEGER,
    mission_question TEXT NOT NULL DEFAULT '',
    min_group_size INTEGER NOT NULL DEFAULT 5 CHECK (min_group_size >= 3),
    target_level INTEGER NOT NULL DEFAULT 3,
    pseudonym_seed TEXT NOT NULL,       -- orders the random organisation pseudonyms of shared views
    hlc TEXT NOT NULL
);

CREATE TABLE scale_level (
    level INTEGER PRIMARY KEY CHECK (level BETWEEN 0 AND 9),
    label TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    hlc TEXT NOT NULL
);

CREATE TABLE municipal_domain (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    examples TEXT NOT NULL DEFAULT '',
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);

CREATE TABLE scenario (
    number INTEGER PRIMARY KEY CHECK (number BETWEEN 0 AND 9),
    name TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    pilot_capability TEXT,
    hlc TEXT NOT NULL
);

CREATE TABLE goal (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);

CREATE TABLE cluster (
    id TEXT PRIMARY KEY,
    stage INTEGER NOT NULL CHECK (stage IN (1, 2)),
    name TEXT NOT NULL DEFAULT '',
    x REAL NOT NULL DEFAULT 0,
    y REAL NOT NULL DEFAULT 0,
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);

CREATE TABLE note (
    id TEXT PRIMARY KEY,
    stage INTEGER NOT NULL CHECK (stage IN (1, 2)),
    kind TEXT NOT NULL DEFAULT 'idea',  -- stage 1: expectation / challenge; stage 2: capability
    text TEXT NOT NULL,
    domain_id TEXT REFERENCES municipal_domain (id),
    cluster_id TEXT REFERENCES cluster (id),
    goal_id TEXT REFERENCES goal (id),
    parent_id TEXT REFERENCES note (id),  -- a broken-down capability points at the larger one
    merged_into_id TEXT REFERENCES note (id),  -- a duplicate merged into another note
    x REAL NOT NULL DEFAULT 0,
    y REAL NOT NULL DEFAULT 0,
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);

CREATE TABLE area (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);

CREATE TABLE capability_group (
    id TEXT PRIMARY KEY,
    area_id TEXT NOT NULL REFERENCES area (id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);

CREATE TABLE capability (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES capability_group (id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    source_note_id TEXT REFERENCES note (id),
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);

CREATE TABLE capability_goal (
    capability_id TEXT NOT NULL REFERENCES capability (id),
    goal_id TEXT NOT NULL REFERENCES goal (id),
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    PRIMARY KEY (capability_id, goal_id)
);

CREATE TABLE map_revision (
    id TEXT PRIMARY KEY,
    hlc TEXT NOT NULL,
    entity TEXT NOT NULL,               -- area / capability_group / capability
    entity_id TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);

CREATE TABLE organisation (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    merged_into_id TEXT REFERENCES organisation (id)  -- set by merge (with deleted = 1) on a same-named duplicate
);

CREATE TABLE respondent (
    id TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisation (id),
    label TEXT NOT NULL DEFAULT '',     -- optional, e.g. a role; no personal data needed
    consent TEXT NOT NULL DEFAULT 'group' CHECK (consent IN ('group', 'facilitator')),
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    merged_from_id TEXT REFERENCES organisation (id)  -- set by merge: the organisation captured, before same-named ones were combined
);

CREATE TABLE rating (
    respondent_id TEXT NOT NULL REFERENCES respondent (id),
    capability_id TEXT NOT NULL REFERENCES capability (id),
    rated INTEGER NOT NULL DEFAULT 1 CHECK (rated IN (0, 1)),  -- 1 with maturity NULL = "vet ej"
    maturity INTEGER CHECK (maturity BETWEEN 0 AND 9),
    importance INTEGER CHECK (importance BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    PRIMARY KEY (respondent_id, capability_id)
);

CREATE TABLE decision (
    capability_id TEXT PRIMARY KEY REFERENCES capability (id),
    develop INTEGER CHECK (develop IN (0, 1)),
    jointly INTEGER CHECK (jointly IN (0, 1)),
    scenario INTEGER,
    target_level INTEGER,
    note TEXT NOT NULL DEFAULT '',
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);

CREATE TABLE merge_source (
    document_id TEXT PRIMARY KEY,       -- the merged document's id, never its path
    merged_on TEXT NOT NULL,            -- date only
    organisations INTEGER NOT NULL DEFAULT 0,
    respondents INTEGER NOT NULL DEFAULT 0,
    ratings INTEGER NOT NULL DEFAULT 0,
    anonymised INTEGER NOT NULL DEFAULT 0 CHECK (anonymised IN (0, 1))
);

CREATE TABLE export_record (
    id TEXT PRIMARY KEY,
    created_on TEXT NOT NULL,
    format TEXT NOT NULL,
    min_group_size INTEGER NOT NULL,
    cells TEXT NOT NULL DEFAULT '{}'    -- JSON: capability id -> sorted organisation ids counted
);

CREATE INDEX capability_group_area ON capability_group (area_id);
CREATE INDEX capability_group_id ON capability (group_id);
CREATE INDEX respondent_organisation ON respondent (organisation_id);
CREATE INDEX rating_capability ON rating (capability_id);
CREATE INDEX note_cluster ON note (cluster_id);
"""
    )



@migrations(name="0005_attendance")
def m0005_attendance(db: Database) -> None:
    """The study's attendance table: which organisations the series expects, and which took part in each meeting.

    Both are keyed by the organisation (and the meeting): a live row means "expected" / "took part", a
    tombstone "no longer" — last writer wins, so marking and unmarking on two laptops merges like a rating.
    """
    db.executescript(
        """
CREATE TABLE expected_organisation (
    organisation_id TEXT PRIMARY KEY REFERENCES organisation (id),
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);

CREATE TABLE attendance (
    organisation_id TEXT NOT NULL REFERENCES organisation (id),
    meeting INTEGER NOT NULL CHECK (meeting BETWEEN 1 AND 5),  -- the series' workshop (mötestillfälle) 1–5
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    PRIMARY KEY (organisation_id, meeting)
);
"""
    )

#: How many migrations there are; store/version.py's SCHEMA_VERSION must equal it (tested).
MIGRATION_COUNT = len(migrations.pending(Database(memory=True, execute_plugins=False)))
