"""Stage 4 ops: organisations, respondents, consent and ratings.

Each factory checks its input and returns an undoable ``Edit``; running
``redo`` commits the change in its own transaction, so a rating is saved the
moment it is entered. Kiosk mode runs ``redo`` without the undo stack.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.ids import new_id
from digitalmotor_desktop.core.limits import NAME_MAX, TEXT_MAX, check_length
from digitalmotor_desktop.core.model import CONSENT_WITHDRAWN, CONSENTS, Capability
from digitalmotor_desktop.core.ratings import IMPORTANCE_LEVELS, Organisation, Progress, Rating, Respondent, name_key
from digitalmotor_desktop.ops.changes import ORGANISATIONS, RATINGS, Changes, Edit
from digitalmotor_desktop.store import ratings as store
from digitalmotor_desktop.store.document import Document
from digitalmotor_desktop.store.workshop import capability_map, scale

def _saving(changes: Changes, **rows) -> Callable[[Document], Changes]:
    def run(document: Document) -> Changes:
        store.save(document, **rows)
        return changes
    return run


def _creating(changes: Changes, check: Callable[[Document], object], **rows) -> Callable[[Document], Changes]:
    """Find-or-create: checks the name is still free and saves, in one ``BEGIN IMMEDIATE`` transaction,
    so another process (an import, a second window) cannot add the same name in between."""
    def run(document: Document) -> Changes:
        with document.transaction():
            check(document)
            store.save(document, **rows)
        return changes
    return run


def refuse_if_anonymised(document: Document) -> None:
    """An anonymised file promises to hold no identities: nobody is added to it."""
    if document.anonymised:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "This workshop file is anonymised; capture and import ratings in a facilitator's own file."))


# Organisations ---------------------------------------------------------------

def _checked_organisation_name(document: Document, name: str, keep_id: str = "") -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "An organisation needs a name."))
    check_length(name, NAME_MAX, QT_TRANSLATE_NOOP("UserError", "The organisation's name is longer than {limit} characters."))
    if any(name_key(o.name) == name_key(name) and o.id != keep_id for o in store.organisations(document)):
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "There is already an organisation called “{name}”."), name=name)
    return name


def _live_organisation(document: Document, organisation_id: str) -> Organisation:
    found = store.organisation(document, organisation_id)
    if found is None or found.deleted:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "That organisation no longer exists."))
    return found


def add_organisation(document: Document, name: str) -> Edit:
    """A new organisation; ``edit.extra["id"]`` is its id."""
    refuse_if_anonymised(document)
    added = Organisation(new_id(), _checked_organisation_name(document, name))
    changes = Changes.of(ORGANISATIONS, ids=[added.id])
    return Edit(QT_TRANSLATE_NOOP("Edit", "Add organisation"), added.name,
                redo=_creating(changes, lambda now: _checked_organisation_name(now, added.name), organisations=[added]),
                undo=_saving(changes, organisations=[dataclasses.replace(added, deleted=True)]),
                extra={"id": added.id})


def rename_organisation(document: Document, organisation_id: str, name: str) -> Edit:
    refuse_if_anonymised(document)  # a pseudonym must not become a name again
    old = _live_organisation(document, organisation_id)
    new = dataclasses.replace(old, name=_checked_organisation_name(document, name, keep_id=organisation_id))
    changes = Changes.of(ORGANISATIONS, ids=[organisation_id])
    return Edit(QT_TRANSLATE_NOOP("Edit", "Rename"), old.name,
                redo=_saving(changes, organisations=[new]), undo=_saving(changes, organisations=[old]))


def delete_organisation(document: Document, organisation_id: str) -> Edit:
    """Tombstones the organisation and its respondents; undo brings back exactly those."""
    old = _live_organisation(document, organisation_id)
    members = store.respondents(document, organisation_id)
    changes = Changes.of(ORGANISATIONS, RATINGS, ids=[organisation_id, *(p.id for p in members)])
    return Edit(QT_TRANSLATE_NOOP("Edit", "Delete organisation"), old.name,
                redo=_saving(changes, organisations=[dataclasses.replace(old, deleted=True)],
                             respondents=[dataclasses.replace(p, deleted=True) for p in members]),
                undo=_saving(changes, organisations=[old], respondents=members))


# Respondents -----------------------------------------------------------------

def _checked_consent(consent: str) -> str:
    if consent not in CONSENTS:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Consent must be “group”, “facilitator” or “withdrawn”, not “{value}”."),
                           value=consent)
    return consent


def _checked_label(document: Document, organisation_id: str, label: str, keep_id: str = "") -> str:
    """Labels are unique within an organisation: an import finds a respondent by organisation and label."""
    label = " ".join(label.split())
    check_length(label, NAME_MAX, QT_TRANSLATE_NOOP("UserError", "The respondent's label is longer than {limit} characters."))
    if any(name_key(p.label) == name_key(label) and p.id != keep_id
           for p in store.respondents(document, organisation_id)):
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "This organisation already has a respondent labelled “{label}”."),
                           label=label)
    return label


def _live_respondent(document: Document, respondent_id: str) -> Respondent:
    found = store.respondent(document, respondent_id)
    if found is None or found.deleted:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "That respondent no longer exists."))
    return found


def add_respondent(document: Document, organisation_id: str, label: str, consent: str) -> Edit:
    """A new respondent; ``edit.extra["id"]`` is its id."""
    refuse_if_anonymised(document)
    _live_organisation(document, organisation_id)
    added = Respondent(new_id(), organisation_id, _checked_label(document, organisation_id, label),
                       _checked_consent(consent))
    changes = Changes.of(ORGANISATIONS, ids=[added.id])

    def still_free(now: Document) -> None:
        _live_organisation(now, organisation_id)
        _checked_label(now, organisation_id, added.label)

    return Edit(QT_TRANSLATE_NOOP("Edit", "Add respondent"), added.label,
                redo=_creating(changes, still_free, respondents=[added]),
                undo=_saving(changes, respondents=[dataclasses.replace(added, deleted=True)]),
                extra={"id": added.id})


def next_label(document: Document, organisation_id: str, template: str = "Respondent {number}") -> str:
    """A label nobody in the organisation has yet (``template`` in the UI's language), for a respondent who gave none."""
    taken = {name_key(p.label) for p in store.respondents(document, organisation_id)}
    number = len(taken) + 1
    while name_key(template.format(number=number)) in taken:
        number += 1
    return template.format(number=number)


def _respondent_edit(action: str, old: Respondent, new: Respondent) -> Edit:
    # Consent decides what views may show, so ratings views refresh too.
    changes = Changes.of(ORGANISATIONS, RATINGS, ids=[old.id])
    return Edit(action, old.label, redo=_saving(changes, respondents=[new]), undo=_saving(changes, respondents=[old]))


def relabel_respondent(document: Document, respondent_id: str, label: str) -> Edit:
    refuse_if_anonymised(document)
    old = _live_respondent(document, respondent_id)
    new = dataclasses.replace(old, label=_checked_label(document, old.organisation_id, label, keep_id=respondent_id))
    return _respondent_edit(QT_TRANSLATE_NOOP("Edit", "Rename"), old, new)


def set_consent(document: Document, respondent_id: str, consent: str) -> Edit:
    """A narrower consent is a withdrawal (to facilitator only, or from the joint result), an edit of its own."""
    old = _live_respondent(document, respondent_id)
    new = dataclasses.replace(old, consent=_checked_consent(consent))
    narrower = CONSENTS.index(new.consent) > CONSENTS.index(old.consent)
    action = QT_TRANSLATE_NOOP("Edit", "Withdraw consent") if narrower else QT_TRANSLATE_NOOP("Edit", "Change consent")
    return _respondent_edit(action, old, new)


def withdraw_consent(document: Document, respondent_id: str) -> Edit:
    """The respondent's ratings stay in this file but count nowhere, not even in the joint result (undoable)."""
    return set_consent(document, respondent_id, CONSENT_WITHDRAWN)


def delete_respondent(document: Document, respondent_id: str) -> Edit:
    old = _live_respondent(document, respondent_id)
    return _respondent_edit(QT_TRANSLATE_NOOP("Edit", "Delete respondent"), old, dataclasses.replace(old, deleted=True))


# Ratings ---------------------------------------------------------------------

def maturity_levels(document: Document) -> list[int]:
    return [level.level for level in scale(document)]


def _rating_edit(document: Document, action: str, respondent_id: str, capability_id: str, **fields) -> Edit:
    _live_respondent(document, respondent_id)
    if not store.capability_is_live(document, capability_id):
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "That capability is not in the map any more."))
    old = store.rating(document, respondent_id, capability_id)
    before = old or Rating(respondent_id, capability_id, deleted=True)
    after = dataclasses.replace(before, deleted=False, **fields)
    if after.empty:
        after = dataclasses.replace(after, deleted=True)
    changes = Changes.of(RATINGS, ids=[respondent_id, capability_id])
    return Edit(action, "", redo=_saving(changes, ratings=[after]), undo=_saving(changes, ratings=[before]),
                extra={"rating": after})


def set_maturity(document: Document, respondent_id: str, capability_id: str, level: int | None) -> Edit:
    """Rates the capability at ``level``; ``None`` is "vet ej" (not a 0)."""
    if level is not None and level not in maturity_levels(document):
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Maturity {value} is not on this workshop's scale."), value=level)
    return _rating_edit(document, QT_TRANSLATE_NOOP("Edit", "Rate"), respondent_id, capability_id,
                        rated=True, maturity=level)


def clear_maturity(document: Document, respondent_id: str, capability_id: str) -> Edit:
    """Takes back the answer: the capability is unrated again (importance and comment stay)."""
    return _rating_edit(document, QT_TRANSLATE_NOOP("Edit", "Clear rating"), respondent_id, capability_id,
                        rated=False, maturity=None)


def set_importance(document: Document, respondent_id: str, capability_id: str, importance: int | None) -> Edit:
    if importance is not None and importance not in IMPORTANCE_LEVELS:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Importance must be 1–5, not {value}."), value=importance)
    return _rating_edit(document, QT_TRANSLATE_NOOP("Edit", "Set importance"), respondent_id, capability_id,
                        importance=importance)


def set_comment(document: Document, respondent_id: str, capability_id: str, comment: str) -> Edit:
    check_length(comment.strip(), TEXT_MAX, QT_TRANSLATE_NOOP("UserError", "A comment may be at most {limit} characters."))
    return _rating_edit(document, QT_TRANSLATE_NOOP("Edit", "Edit comment"), respondent_id, capability_id,
                        comment=comment.strip())


# Reading for capture -----------------------------------------------------------

def capture_order(document: Document) -> list[Capability]:
    """The live capabilities in map order: the order a respondent rates them."""
    return capability_map(document).capabilities()


def ratings_by_capability(document: Document, respondent_id: str) -> dict[str, Rating]:
    return {capability_id: rating for (_, capability_id), rating in store.ratings_of(document, [respondent_id]).items()}


def first_unrated(document: Document, respondent_id: str, after: str | None = None) -> Capability | None:
    """The first capability (after ``after``, wrapping round) without a maturity answer."""
    order = capture_order(document)
    answered = {c for c, r in ratings_by_capability(document, respondent_id).items() if r.rated}
    start = next((i + 1 for i, c in enumerate(order) if c.id == after), 0)
    for capability in order[start:] + order[:start]:
        if capability.id not in answered:
            return capability
    return None


def progress(document: Document, respondent_id: str) -> Progress:
    return Progress(store.rated_counts(document, respondent_id).get(respondent_id, 0), len(capture_order(document)))
