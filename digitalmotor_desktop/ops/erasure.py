"""Erasure (issue 18): an organisation's or a respondent's data removed for good.

Unlike every other op, erasing returns no ``Edit``: it cannot be undone, and the
GUI empties its undo stack after it (undo steps hold the old names and labels).
``plan_*`` says what will go, for the confirmation; ``erase`` does it
(store.erasure has the rules). Finding by name matches deleted organisations
too: a tombstone still holds its name until it is erased.
"""

from __future__ import annotations

from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.ops.changes import ORGANISATIONS, RATINGS, Changes
from digitalmotor_desktop.store import erasure as store
from digitalmotor_desktop.store.document import Document
from digitalmotor_desktop.store.erasure import ErasurePlan


def plan_organisation(document: Document, organisation_id: str) -> ErasurePlan:
    return store.plan_erasure(document, organisation_ids=[organisation_id])


def plan_respondent(document: Document, respondent_id: str) -> ErasurePlan:
    return store.plan_erasure(document, respondent_ids=[respondent_id])


def plan_by_name(document: Document, organisation: str, respondent: str | None = None) -> ErasurePlan:
    """The organisation called ``organisation`` (every row of that name), or its respondent labelled ``respondent``."""
    organisation_ids = store.organisations_named(document, organisation)
    if not organisation_ids:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "There is no organisation called “{name}” in this file."),
                           name=organisation)
    if respondent is None:
        return store.plan_erasure(document, organisation_ids=organisation_ids)
    people = store.respondents_labelled(document, organisation_ids, respondent)
    if not people:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "“{organisation}” has no respondent labelled “{label}”."),
                           organisation=organisation, label=respondent)
    return store.plan_erasure(document, respondent_ids=people)


def plan_identities(document: Document) -> ErasurePlan:
    """Every organisation the file holds (deleted ones too) with its respondents: "finish the workshop"."""
    return store.plan_erasure(document, organisation_ids=store.unerased_organisations(document))


def erase(document: Document, plan: ErasurePlan) -> Changes:
    """Erases what ``plan`` names and overwrites the old bytes. Not undoable."""
    store.erase(document, plan)
    return Changes.of(ORGANISATIONS, RATINGS, ids=[*plan.organisation_ids, *plan.respondent_ids,
                                                   *plan.removed_respondent_ids])
