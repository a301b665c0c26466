"""Stage 5 edits: the room's decision per capability, the target level, the smallest group size K, and per
scenario its pilot and who takes part."""

from __future__ import annotations

from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.privacy import check_min_group_size
from digitalmotor_desktop.core.scenarios import Decision
from digitalmotor_desktop.ops.changes import DECISIONS, WORKSHOP, Changes, Edit
from digitalmotor_desktop.store import ratings as rating_store
from digitalmotor_desktop.store import results as store
from digitalmotor_desktop.store.document import Document
from digitalmotor_desktop.store.workshop import capability_map, scale, scenarios, workshop_row


def _check_level(document: Document, level: int | None) -> None:
    levels = [s.level for s in scale(document)]
    if level is not None and level not in levels:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "The target level must be one of the scale's levels ({levels})."),
                           levels=", ".join(map(str, levels)))


def decide(document: Document, capability_id: str, decision: Decision | None) -> Edit:
    """An undoable decision for one capability (None clears it)."""
    names = {c.id: c.name for c in capability_map(document).capabilities()}
    if capability_id not in names:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "That capability is no longer on the map."))
    if decision is not None:
        numbers = [s.number for s in scenarios(document)]
        if decision.scenario is not None and decision.scenario not in numbers:
            raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "There is no collaboration scenario {number}."),
                               number=decision.scenario)
        _check_level(document, decision.target_level)
        decision = Decision(decision.develop, decision.jointly, decision.scenario, decision.target_level,
                            decision.note.strip())
    old = store.decisions(document).get(capability_id)

    def apply(value: Decision | None):
        def run(doc: Document) -> Changes:
            store.write_decision(doc, capability_id, value)
            return Changes.of(DECISIONS, ids=[capability_id])
        return run

    return Edit(action=QT_TRANSLATE_NOOP("Edit", "Decide"), subject=names[capability_id],
                redo=apply(decision), undo=apply(old), merge_key=f"decision:{capability_id}")


def _workshop_setting(action: str, value: int, old: int, write, merge_key: str) -> Edit:
    """An undoable change of one whole-workshop number, written by ``write(document, value)``."""

    def apply(number: int):
        def run(doc: Document) -> Changes:
            write(doc, number)
            return Changes.of(WORKSHOP, DECISIONS)
        return run

    return Edit(action=action, subject=str(value), redo=apply(value), undo=apply(old), merge_key=merge_key)


def set_target_level(document: Document, level: int) -> Edit:
    """An undoable change of the workshop's default target level."""
    _check_level(document, level)
    return _workshop_setting(QT_TRANSLATE_NOOP("Edit", "Set target level"), level,
                             workshop_row(document).get("target_level", 3), store.set_workshop_target, "target-level")


def set_min_group_size(document: Document, k: int) -> Edit:
    """An undoable change of the workshop's K: figures over fewer organisations are never shown (K ≥ 3)."""
    return _workshop_setting(QT_TRANSLATE_NOOP("Edit", "Set the smallest group size"), check_min_group_size(k),
                             workshop_row(document).get("min_group_size", 5), store.set_workshop_min_group_size,
                             "min-group-size")


def _check_scenario(document: Document, number: int) -> str:
    """The scenario's name, or a user error if the workshop has no such scenario."""
    name = next((s.name for s in scenarios(document) if s.number == number), None)
    if name is None:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "There is no collaboration scenario {number}."),
                           number=number)
    return name


def choose_pilot(document: Document, scenario: int, capability_id: str | None) -> Edit:
    """An undoable choice of a scenario's pilot capability (None: back to the template's suggestion)."""
    name = _check_scenario(document, scenario)
    if capability_id is not None and not store.capability_exists(document, capability_id):
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "That capability is no longer on the map."))
    old = store.scenario_pilots(document).get(scenario)

    def apply(value: str | None):
        def run(doc: Document) -> Changes:
            store.write_scenario_pilot(doc, scenario, value)
            return Changes.of(DECISIONS)
        return run

    return Edit(action=QT_TRANSLATE_NOOP("Edit", "Choose pilot"), subject=name, redo=apply(capability_id),
                undo=apply(old), merge_key=f"pilot:{scenario}")


def take_part(document: Document, scenario: int, organisation_id: str, taking_part: bool) -> Edit:
    """An undoable change of whether an organisation takes part in a scenario."""
    name = _check_scenario(document, scenario)
    if not any(o.id == organisation_id for o in rating_store.organisations(document)):
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "That organisation is no longer in the workshop."))
    was = organisation_id in store.scenario_participants(document).get(scenario, frozenset())

    def apply(value: bool):
        def run(doc: Document) -> Changes:
            store.write_participant(doc, scenario, organisation_id, value)
            return Changes.of(DECISIONS)
        return run

    return Edit(action=QT_TRANSLATE_NOOP("Edit", "Take part"), subject=name, redo=apply(taking_part),
                undo=apply(was))
