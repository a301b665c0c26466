"""Reading and seeding a workshop's map, scale, goals and counts."""

from __future__ import annotations

import json
from typing import Any

from digitalmotor_desktop.core.hlc import TEMPLATE_STAMP
from digitalmotor_desktop.core.ids import new_id, template_id
from digitalmotor_desktop.core.model import (
    Area,
    Capability,
    CapabilityGroup,
    CapabilityMap,
    Goal,
    MunicipalDomain,
    Scenario,
    ScaleLevel,
    WorkshopSummary,
)
from digitalmotor_desktop.store.document import Document
from digitalmotor_desktop.store.version import SCHEMA_VERSION

#: Tables whose rows make up the workshop's content, as hashed by ``content_hash``
#: and joined by merge (store.merge), in an order that satisfies their references.
#: The export ledger (``export_record``, ``export_cell``) is content: what may
#: still be published depends on it, so it travels in merges, hand-outs and
#: copies, and two files that differ only in their exports differ in hash.
#: ``document`` (this file's own ids) and ``merge_source`` (which files this one
#: was merged from — a file merged in two steps has other intermediate files
#: than one merged at once) describe the file, not the workshop.
CONTENT_TABLES = (
    "workshop", "scale_level", "municipal_domain", "scenario", "goal", "area", "capability_group",
    "board", "prompt", "cluster", "note", "note_goal", "not_duplicate",
    "capability", "capability_goal", "capability_note", "map_revision",
    "organisation", "respondent", "rating", "decision", "vote", "export_record", "export_cell",
    "scenario_plan", "scenario_participant", "expected_organisation", "attendance",
)


def seed_from_template(document: Document, data: dict[str, Any], *, title: str | None = None) -> None:
    """Fills a new document from template data; template rows get stable ids."""
    name = data["id"]
    stamp = TEMPLATE_STAMP
    with document.transaction() as db:
        db.execute(
            "INSERT INTO workshop (id, title, template, horizon_year, mission_question, pseudonym_seed, hlc)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [new_id(), title or data["title"], name, data.get("horizon_year"), data.get("mission_question", ""),
             new_id(), document.stamp()],
        )
        db.conn.executemany(
            "INSERT INTO scale_level (level, label, description, hlc) VALUES (?, ?, ?, ?)",
            [(s["level"], s["label"], s.get("description", ""), stamp) for s in data["maturity_scale"]],
        )
        db.conn.executemany(
            "INSERT INTO municipal_domain (id, position, name, examples, hlc) VALUES (?, ?, ?, ?, ?)",
            [(template_id(name, "domain", i), i, d["name"], d.get("examples", ""), stamp)
             for i, d in enumerate(data.get("municipal_domains", []))],
        )
        db.conn.executemany(
            "INSERT INTO scenario (number, name, summary, pilot_capability, hlc) VALUES (?, ?, ?, ?, ?)",
            [(s["id"], s["name"], s.get("summary", ""), s.get("pilot_capability"), stamp)
             for s in data.get("collaboration_scenarios", [])],
        )
        db.conn.executemany(
            "INSERT INTO goal (id, position, text, hlc) VALUES (?, ?, ?, ?)",
            [(template_id(name, "goal", i), i, text, stamp) for i, text in enumerate(data.get("goals", []))],
        )
        db.conn.executemany(
            "INSERT INTO prompt (id, stage, position, text, hlc) VALUES (?, ?, ?, ?, ?)",
            [(template_id(name, "prompt", i), p["stage"], i, p["text"], stamp)
             for i, p in enumerate(data.get("prompts", []))],
        )
        for a, area in enumerate(data.get("areas", [])):
            area_id = template_id(name, "area", a)
            db.execute(
                "INSERT INTO area (id, position, name, title, hlc) VALUES (?, ?, ?, ?, ?)",
                [area_id, a, area["name"], area.get("title", ""), stamp],
            )
            for g, group in enumerate(area["groups"]):
                group_id = template_id(name, "group", a, g)
                db.execute(
                    "INSERT INTO capability_group (id, area_id, position, name, hlc) VALUES (?, ?, ?, ?, ?)",
                    [group_id, area_id, g, group["name"], stamp],
                )
                db.conn.executemany(
                    "INSERT INTO capability (id, group_id, position, name, description, hlc) VALUES (?, ?, ?, ?, ?, ?)",
                    [(template_id(name, "capability", a, g, c), group_id, c, cap["name"], cap.get("description", ""), stamp)
                     for c, cap in enumerate(group["capabilities"])],
                )


def capability_map(document: Document) -> CapabilityMap:
    """The live (not deleted) map in map order (db/FORMAT.md, "Map order"); a live capability or group
    under a tombstone (two laptops' edits merged: one moved it there, the other deleted its parent) is not shown."""
    db = document.db
    caps: dict[str, list[Capability]] = {}
    for cap_id, group_id, name, description in db.execute(
        "SELECT id, group_id, name, description FROM capability WHERE deleted = 0 ORDER BY position, name, id"
    ).fetchall():
        caps.setdefault(group_id, []).append(Capability(cap_id, group_id, name, description))
    groups: dict[str, list[CapabilityGroup]] = {}
    for group_id, area_id, name in db.execute(
        "SELECT id, area_id, name FROM capability_group WHERE deleted = 0 ORDER BY position, name, id"
    ).fetchall():
        groups.setdefault(area_id, []).append(CapabilityGroup(group_id, area_id, name, tuple(caps.get(group_id, []))))
    areas = tuple(
        Area(area_id, name, title, tuple(groups.get(area_id, [])))
        for area_id, name, title in db.execute(
            "SELECT id, name, title FROM area WHERE deleted = 0 ORDER BY position, name, id"
        ).fetchall()
    )
    return CapabilityMap(areas)


def scale(document: Document) -> list[ScaleLevel]:
    return [ScaleLevel(*row) for row in document.db.execute(
        "SELECT level, label, description FROM scale_level ORDER BY level")]


def goals(document: Document) -> list[Goal]:
    return [Goal(*row) for row in document.db.execute(
        "SELECT id, text FROM goal WHERE deleted = 0 ORDER BY position, text")]


def municipal_domains(document: Document) -> list[MunicipalDomain]:
    return [MunicipalDomain(*row) for row in document.db.execute(
        "SELECT id, name, examples FROM municipal_domain WHERE deleted = 0 ORDER BY position, name")]


def scenarios(document: Document) -> list[Scenario]:
    return [Scenario(*row) for row in document.db.execute(
        "SELECT number, name, summary, pilot_capability FROM scenario ORDER BY number")]


def workshop_row(document: Document) -> dict[str, Any]:
    cursor = document.db.execute("SELECT * FROM workshop")
    columns = [c[0] for c in cursor.description]
    row = cursor.fetchone()
    return dict(zip(columns, row)) if row else {}


def _count(document: Document, table: str) -> int:
    return document.db.execute(f"SELECT count(*) FROM {table} WHERE deleted = 0").fetchone()[0]


def _damaged_value(value: object) -> str:
    """A blob where a workshop holds text or numbers (a damaged or hand-edited file) still hashes."""
    return value.hex() if isinstance(value, bytes) else repr(value)


def content_hash(document: Document) -> str:
    """SHA-256 of the workshop's content, independent of row order and file identity."""
    import hashlib  # OpenSSL's library is loaded for ``info`` and merging, not for every window opened

    digest = hashlib.sha256()
    for table in CONTENT_TABLES:
        columns = [row[1] for row in document.db.execute(f'PRAGMA table_info("{table}")')]
        column_list = ", ".join(f'"{c}"' for c in columns)
        rows = document.db.execute(f"SELECT {column_list} FROM {table} ORDER BY {column_list}").fetchall()
        digest.update(json.dumps([table, columns, rows], ensure_ascii=False, separators=(",", ":"),
                                 default=_damaged_value).encode())
    return digest.hexdigest()


def summary(document: Document) -> WorkshopSummary:
    from digitalmotor_desktop.store.board import counts as board_counts  # the board's model: not for opening a map

    workshop = workshop_row(document)
    ratings = document.db.execute(
        "SELECT count(*) FROM rating r JOIN respondent p ON p.id = r.respondent_id"
        " WHERE r.deleted = 0 AND p.deleted = 0 AND r.rated = 1"
    ).fetchone()[0]
    shown = capability_map(document)
    counts = {
        "areas": len(shown.areas),
        "groups": len(shown.groups()),
        "capabilities": len(shown.capabilities()),
        "goals": _count(document, "goal"),
        "organisations": _count(document, "organisation"),
        "respondents": _count(document, "respondent"),
        "ratings": ratings,
        **board_counts(document),
    }
    return WorkshopSummary(
        schema_version=SCHEMA_VERSION,
        document_id=document.document_id,
        workshop_id=workshop.get("id", ""),
        title=workshop.get("title", ""),
        template=workshop.get("template", ""),
        anonymised=document.anonymised,
        min_group_size=workshop.get("min_group_size", 5),
        counts=counts,
        levels=scale(document),
        content_hash=content_hash(document),
    )
