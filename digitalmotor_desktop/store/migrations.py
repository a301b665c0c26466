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



@migrations(name="0002_export_ledger")
def m0002_export_ledger(db: Database) -> None:
    """The export ledger becomes mergeable content: a row per export and per published cell and
    organisation, each with its own stamp and tombstone, so merges, hand-outs and copies carry it.

    An older ledger (organisation sets as JSON, no contributions) is kept: its cells get contributions
    NULL ("not known"), which the guard compares by the set of organisations alone.
    """
    import json

    old = db.execute("SELECT id, created_on, format, min_group_size, cells FROM export_record").fetchall()
    db.executescript(
        """
DROP TABLE export_record;

CREATE TABLE export_record (
    id TEXT PRIMARY KEY,
    created_on TEXT NOT NULL,           -- date only
    format TEXT NOT NULL,
    min_group_size INTEGER NOT NULL,
    ledger_key TEXT NOT NULL DEFAULT '',  -- names the secret that keyed the contributions (not the secret itself)
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);

CREATE TABLE export_cell (
    export_id TEXT NOT NULL REFERENCES export_record (id),
    capability_id TEXT NOT NULL,        -- no reference: the ledger outlives a deleted capability
    organisation_id TEXT NOT NULL,      -- no reference: the ledger outlives a deleted or erased organisation
    maturity TEXT,                      -- keyed digest of the organisation's combined maturity; NULL: not known
    importance TEXT,                    -- keyed digest of its combined importance where the cell published one
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    PRIMARY KEY (export_id, capability_id, organisation_id)
);

CREATE INDEX export_cell_capability ON export_cell (capability_id);
"""
    )
    stamp = "000000000000001.00000.migrated"  # older than any edit: the ledger's rows never change
    for export_id, created_on, fmt, min_n, cells in old:
        db.execute("INSERT INTO export_record (id, created_on, format, min_group_size, hlc) VALUES (?, ?, ?, ?, ?)",
                   [export_id, created_on, fmt, min_n, stamp])
        for capability_id, organisations in json.loads(cells).items():
            for organisation_id in organisations:
                db.execute("INSERT INTO export_cell (export_id, capability_id, organisation_id, hlc) VALUES (?, ?, ?, ?)",
                           [export_id, capability_id, organisation_id, stamp])


@migrations(name="0003_erasure")
def m0003_erasure(db: Database) -> None:
    """An ``erased`` mark on organisations and respondents, and a third consent, ``withdrawn``.

    An erased row is a bare tombstone: the CHECKs hold it to its id, clock stamp and the
    mark (no name, label, organisation or consent of its own), so no file can carry an
    erased row with content. The respondent table is rebuilt for its new consent CHECK. Its
    ratings are set aside meanwhile, so dropping the old table breaks no reference with
    foreign keys on; statement by statement, in the migration's transaction
    (``executescript`` would commit first).
    """
    statements = """
ALTER TABLE organisation ADD COLUMN erased INTEGER NOT NULL DEFAULT 0
    CHECK (erased IN (0, 1) AND (erased = 0 OR (deleted = 1 AND name = '' AND merged_into_id IS NULL)));

CREATE TABLE respondent_0003 (
    id TEXT PRIMARY KEY,
    organisation_id TEXT REFERENCES organisation (id),  -- NULL only on an erased respondent
    label TEXT NOT NULL DEFAULT '',     -- optional, e.g. a role; no personal data needed
    -- group: named result shown to the group; facilitator: joint result only; withdrawn: counted nowhere
    consent TEXT NOT NULL DEFAULT 'group' CHECK (consent IN ('group', 'facilitator', 'withdrawn')),
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    merged_from_id TEXT REFERENCES organisation (id),  -- set by merge: the organisation captured, before same-named ones were combined
    erased INTEGER NOT NULL DEFAULT 0 CHECK (
        erased = 0 AND organisation_id IS NOT NULL
        OR erased = 1 AND deleted = 1 AND label = '' AND consent = 'withdrawn'
           AND organisation_id IS NULL AND merged_from_id IS NULL)
);
INSERT INTO respondent_0003 (id, organisation_id, label, consent, hlc, deleted, merged_from_id)
    SELECT id, organisation_id, label, consent, hlc, deleted, merged_from_id FROM respondent;
CREATE TEMP TABLE rating_0003 AS SELECT * FROM rating;
DELETE FROM rating;
DROP TABLE respondent;
ALTER TABLE respondent_0003 RENAME TO respondent;
CREATE INDEX respondent_organisation ON respondent (organisation_id);
INSERT INTO rating SELECT * FROM temp.rating_0003;
DROP TABLE temp.rating_0003
"""
    for statement in statements.split(";\n"):
        db.execute(statement)

@migrations(name="0004_board")
def m0004_board(db: Database) -> None:
    """The boards of stages 1 and 2 (core/board.py): prompts, votes, hidden cards, links to goals and the map."""
    db.executescript(
        """
CREATE TABLE prompt (
    id TEXT PRIMARY KEY,
    stage INTEGER NOT NULL CHECK (stage IN (1, 2)),
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    domain_id TEXT REFERENCES municipal_domain (id),  -- an optional SCB municipal domain tag
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);

CREATE TABLE board (
    stage INTEGER PRIMARY KEY CHECK (stage IN (1, 2)),
    vote_budget INTEGER NOT NULL DEFAULT 5 CHECK (vote_budget BETWEEN 0 AND 99),  -- dots per organisation
    private_writing INTEGER NOT NULL DEFAULT 0 CHECK (private_writing IN (0, 1)),  -- new cards shown blank
    votes_shown INTEGER NOT NULL DEFAULT 0 CHECK (votes_shown IN (0, 1)),
    hlc TEXT NOT NULL
);

CREATE TABLE vote (
    id TEXT PRIMARY KEY,                -- one dot; taking it back is a tombstone
    stage INTEGER NOT NULL CHECK (stage IN (1, 2)),
    organisation_id TEXT NOT NULL REFERENCES organisation (id),
    note_id TEXT REFERENCES note (id),
    cluster_id TEXT REFERENCES cluster (id),
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    CHECK ((note_id IS NULL) <> (cluster_id IS NULL))
);

CREATE TABLE note_goal (
    note_id TEXT NOT NULL REFERENCES note (id),  -- a stage 2 capability card and a goal it serves
    goal_id TEXT NOT NULL REFERENCES goal (id),
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    PRIMARY KEY (note_id, goal_id)
);

CREATE TABLE capability_note (
    capability_id TEXT NOT NULL REFERENCES capability (id),  -- the card(s) a capability came from
    note_id TEXT NOT NULL REFERENCES note (id),
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    PRIMARY KEY (capability_id, note_id)
);

ALTER TABLE note ADD COLUMN prompt_id TEXT REFERENCES prompt (id);
ALTER TABLE note ADD COLUMN position INTEGER NOT NULL DEFAULT 0;  -- capture order
ALTER TABLE note ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1));  -- written privately, not yet revealed
ALTER TABLE cluster ADD COLUMN goal_id TEXT REFERENCES goal (id);  -- stage 1: the goal it became
ALTER TABLE cluster ADD COLUMN area_id TEXT REFERENCES area (id);  -- stage 2: the area its group goes under
ALTER TABLE cluster ADD COLUMN group_id TEXT REFERENCES capability_group (id);  -- stage 2: the group it became

CREATE INDEX vote_note ON vote (note_id);
CREATE INDEX vote_cluster ON vote (cluster_id);
"""
    )


@migrations(name="0005_merged_file")
def m0005_merged_file(db: Database) -> None:
    """The ledger of files merged from a synced folder (store/folder_ledger.py): never paths."""
    db.executescript(
        """
CREATE TABLE merged_file (
    file_hash TEXT PRIMARY KEY,         -- SHA-256 of the merged file's bytes, as checked and merged
    document_id TEXT NOT NULL,          -- the document the file was a copy of (document.document_id)
    merged_on TEXT NOT NULL             -- date only
);
"""
    )


@migrations(name="0006_scenario_plan")
def m0006_scenario_plan(db: Database) -> None:
    """Stage 5's scenario view: the room's pilot capability per scenario and who takes part in each."""
    db.executescript(
        """
CREATE TABLE scenario_plan (
    scenario INTEGER PRIMARY KEY,       -- a collaboration scenario's number
    pilot_capability_id TEXT REFERENCES capability (id),  -- NULL: the template's suggestion stands
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);

CREATE TABLE scenario_participant (
    scenario INTEGER NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisation (id),
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),  -- 1: no longer taking part
    PRIMARY KEY (scenario, organisation_id)
);
"""
    )


@migrations(name="0007_attendance")
def m0007_attendance(db: Database) -> None:
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


@migrations(name="0008_not_duplicate")
def m0008_not_duplicate(db: Database) -> None:
    """Pairs of cards the facilitator said are not duplicates: the similarity suggestions leave them apart.

    Keyed by the pair (the smaller note id first), like a link: dismissing, undoing and dismissing again is
    last writer wins, so two laptops that dismissed the same pair hold one row.
    """
    db.executescript(
        """
CREATE TABLE not_duplicate (
    note_id TEXT NOT NULL REFERENCES note (id),
    other_note_id TEXT NOT NULL REFERENCES note (id),
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),  -- 1: suggested as duplicates again
    PRIMARY KEY (note_id, other_note_id),
    CHECK (note_id < other_note_id)
);
"""
    )


#: How many migrations there are; store/version.py's SCHEMA_VERSION must equal it (tested).
MIGRATION_COUNT = len(migrations.pending(Database(memory=True, execute_plugins=False)))
