"""Reading ratings for the joint result; decisions, target level and the export ledger."""

from __future__ import annotations

from typing import Collection

from digitalmotor_desktop.core.ids import new_id
from digitalmotor_desktop.core.model import CONSENT_WITHDRAWN
from digitalmotor_desktop.core.privacy import EarlierExport, LedgerCells
from digitalmotor_desktop.core.scenarios import Decision
from digitalmotor_desktop.core.statistics import Observation
from digitalmotor_desktop.store.document import Document, today


def observations(document: Document, capability_ids: Collection[str] | None = None) -> list[Observation]:
    """Every live rating (level or "vet ej") of a live respondent, organisation and capability (of those
    given, else of all); a respondent who withdrew consent counts nowhere."""
    chosen = "" if capability_ids is None else f" AND r.capability_id IN ({', '.join('?' * len(capability_ids))})"
    rows = document.db.execute(
        "SELECT o.id, p.id, p.consent, r.capability_id, r.maturity, r.importance"
        " FROM rating r"
        f" JOIN respondent p ON p.id = r.respondent_id AND p.deleted = 0 AND p.consent != '{CONSENT_WITHDRAWN}'"
        " JOIN organisation o ON o.id = p.organisation_id AND o.deleted = 0"
        " JOIN capability c ON c.id = r.capability_id AND c.deleted = 0"
        " WHERE r.deleted = 0 AND r.rated = 1" + chosen, list(capability_ids or ())
    ).fetchall()
    return list(map(Observation._make, rows))


def organisation_names(document: Document) -> dict[str, str]:
    return dict(document.db.execute("SELECT id, name FROM organisation WHERE deleted = 0").fetchall())


def decisions(document: Document) -> dict[str, Decision]:
    out = {}
    for cap, develop, jointly, scenario, target, note in document.db.execute(
        "SELECT capability_id, develop, jointly, scenario, target_level, note FROM decision WHERE deleted = 0"
    ).fetchall():
        out[cap] = Decision(None if develop is None else bool(develop), None if jointly is None else bool(jointly),
                            scenario, target, note)
    return out


def write_decision(document: Document, capability_id: str, decision: Decision | None) -> None:
    """Stores (or, with None, tombstones) the decision for a capability."""
    with document.transaction() as db:
        if decision is None:
            db.execute("UPDATE decision SET deleted = 1, hlc = ? WHERE capability_id = ?",
                       [document.stamp(), capability_id])
            return
        db.execute(
            "INSERT INTO decision (capability_id, develop, jointly, scenario, target_level, note, hlc, deleted)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 0)"
            " ON CONFLICT (capability_id) DO UPDATE SET develop = excluded.develop, jointly = excluded.jointly,"
            " scenario = excluded.scenario, target_level = excluded.target_level, note = excluded.note,"
            " hlc = excluded.hlc, deleted = 0",
            [capability_id, decision.develop, decision.jointly, decision.scenario, decision.target_level,
             decision.note, document.stamp()])


def scenario_pilots(document: Document) -> dict[int, str]:
    """Scenario number → the pilot capability the room chose (a live capability)."""
    return dict(document.db.execute(
        "SELECT p.scenario, p.pilot_capability_id FROM scenario_plan p"
        " JOIN capability c ON c.id = p.pilot_capability_id AND c.deleted = 0 WHERE p.deleted = 0").fetchall())


def write_scenario_pilot(document: Document, scenario: int, capability_id: str | None) -> None:
    """Chooses (or, with None, clears) the pilot capability of a scenario."""
    with document.transaction() as db:
        db.execute(
            "INSERT INTO scenario_plan (scenario, pilot_capability_id, hlc, deleted) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (scenario) DO UPDATE SET pilot_capability_id = excluded.pilot_capability_id,"
            " hlc = excluded.hlc, deleted = excluded.deleted",
            [scenario, capability_id, document.stamp(), int(capability_id is None)])


def scenario_participants(document: Document) -> dict[int, frozenset[str]]:
    """Scenario number → the live organisations taking part; an organisation a merge combined with a
    same-named one counts as the one it was merged into."""
    out: dict[int, set[str]] = {}
    for scenario, organisation in document.db.execute(
        "SELECT p.scenario, coalesce(o.merged_into_id, o.id) FROM scenario_participant p"
        " JOIN organisation o ON o.id = p.organisation_id"
        " JOIN organisation live ON live.id = coalesce(o.merged_into_id, o.id) AND live.deleted = 0"
        " WHERE p.deleted = 0"
    ).fetchall():
        out.setdefault(scenario, set()).add(organisation)
    return {scenario: frozenset(organisations) for scenario, organisations in out.items()}


def write_participant(document: Document, scenario: int, organisation_id: str, taking_part: bool) -> None:
    with document.transaction() as db:
        db.execute(
            "INSERT INTO scenario_participant (scenario, organisation_id, hlc, deleted) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (scenario, organisation_id) DO UPDATE SET hlc = excluded.hlc, deleted = excluded.deleted",
            [scenario, organisation_id, document.stamp(), int(not taking_part)])


def capability_exists(document: Document, capability_id: str) -> bool:
    return document.db.execute(
        "SELECT 1 FROM capability WHERE id = ? AND deleted = 0", [capability_id]).fetchone() is not None


def set_workshop_target(document: Document, level: int) -> None:
    with document.transaction() as db:
        db.execute("UPDATE workshop SET target_level = ?, hlc = ?", [level, document.stamp()])


def set_workshop_min_group_size(document: Document, k: int) -> None:
    with document.transaction() as db:
        db.execute("UPDATE workshop SET min_group_size = ?, hlc = ?", [k, document.stamp()])


def export_records(document: Document) -> list[EarlierExport]:
    """Every earlier export in the ledger (merged ones too), with its published cells' contributions."""
    exports: dict[str, EarlierExport] = {}
    for export_id, key, capability_id, organisation_id, maturity, importance in document.db.execute(
        "SELECT r.id, r.ledger_key, c.capability_id, c.organisation_id, c.maturity, c.importance"
        " FROM export_record r JOIN export_cell c ON c.export_id = r.id AND c.deleted = 0 WHERE r.deleted = 0"
    ):
        export = exports.get(export_id)
        if export is None:
            export = exports[export_id] = EarlierExport(key, {})
        export.cells.setdefault(capability_id, {})[organisation_id] = (maturity, importance)
    return list(exports.values())


def record_export(document: Document, fmt: str, min_n: int, key: str, cells: LedgerCells) -> None:
    """Adds an export to the ledger: one row for it, one per published cell and contributing organisation."""
    export_id = new_id()
    with document.transaction() as db:
        db.execute("INSERT INTO export_record (id, created_on, format, min_group_size, ledger_key, hlc)"
                   " VALUES (?, ?, ?, ?, ?, ?)", [export_id, today(), fmt, min_n, key, document.stamp()])
        db.conn.executemany(
            "INSERT INTO export_cell (export_id, capability_id, organisation_id, maturity, importance, hlc)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(export_id, capability_id, organisation_id, maturity, importance, document.stamp())
             for capability_id, contributions in cells.items()
             for organisation_id, (maturity, importance) in contributions.items()])
