"""Importing ratings from CSV/XLSX files: validate everything, then write once.

``plan_import`` checks every row against the workshop and raises one
``InvalidInput`` listing the bad rows by line if anything is wrong, before a
single row is written. ``apply_import`` writes the plan in one transaction.
Respondents are found by organisation and label, so importing the same file
again updates them and duplicates nothing.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from digitalmotor_desktop.core import limits
from digitalmotor_desktop.core import rating_form_layout as form
from digitalmotor_desktop.core.errors import InvalidInput, UserError
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.ids import new_id
from digitalmotor_desktop.core.model import CONSENT_GROUP, Capability
from digitalmotor_desktop.core.ratings import IMPORTANCE_LEVELS, Organisation, Rating, Respondent, name_key
from digitalmotor_desktop.ops.changes import ORGANISATIONS, RATINGS, Changes
from digitalmotor_desktop.ops.rating_sources import RatingSource, SourceRow, read_source
from digitalmotor_desktop.ops.ratings import capture_order, maturity_levels, ratings_by_capability, refuse_if_anonymised
from digitalmotor_desktop.store import ratings as store
from digitalmotor_desktop.store.document import Document

#: More problems than this are summed up in one last line.
MOST_PROBLEMS_LISTED = 50
_LEADING_NUMBER = re.compile(r"\s*(-?\d+)(?:[.,]0+)?(?:\s*[–—-]\s*.*)?\s*$", re.DOTALL)


@dataclass
class ImportReport:
    source: str
    layout: str
    encoding: str = ""  # CSV only: the encoding and separator it was read with
    separator: str = ""
    rows: int = 0
    organisations_added: int = 0
    respondents_added: int = 0
    respondents_updated: int = 0
    ratings_added: int = 0
    ratings_updated: int = 0
    ratings_unchanged: int = 0
    #: The clock after the import, for another connection to the same file to observe.
    clock: str = ""

    @property
    def changes(self) -> Changes:
        return Changes.of(ORGANISATIONS, RATINGS)


class RowProblems:
    """Row problems in file order, each sentence once; past ``MOST_PROBLEMS_LISTED`` only counted,
    so a file of a million bad rows is refused in bounded memory."""

    def __init__(self) -> None:
        self.found: dict[str, UserError] = {}  # by the sentence
        self.more = 0

    @property
    def full(self) -> bool:
        return len(self.found) >= MOST_PROBLEMS_LISTED

    def add(self, template: str, **values: object) -> None:
        if self.full:
            self.more += 1
            return
        problem = UserError(template, **values)
        self.found.setdefault(str(problem), problem)

    def raise_if_any(self, source: RatingSource) -> None:
        if not self.found:
            return
        listed = list(self.found.values())
        if self.more:
            listed.append(UserError(QT_TRANSLATE_NOOP("UserError", "… and {count} more problems."), count=self.more))
        raise InvalidInput(
            QT_TRANSLATE_NOOP("UserError", "“{name}” was not imported: {count} problem(s) were found, so nothing was changed."),
            problems=listed, name=source.name, count=len(self.found) + self.more)


#: ``name_key`` for the names a file repeats on every row (its organisations, respondents and
#: capabilities); bounded, so a file of a million different names holds no more.
_key = lru_cache(maxsize=4096)(name_key)


def _parse_whole(text: str) -> int | None:
    match = _LEADING_NUMBER.match(text)
    return int(match.group(1)) if match else None


class _Checker:
    """Turns one row's texts into values, noting problems against its line."""

    def __init__(self, document: Document, problems: RowProblems):
        self.problems = problems
        self.levels = maturity_levels(document)
        order = capture_order(document)
        self.capabilities: dict[str, Capability] = {}  # by id and by name key
        self.order = order
        self.position = {capability.id: index for index, capability in enumerate(order)}
        for capability in order:
            self.capabilities[capability.id] = capability
            self.capabilities.setdefault(name_key(capability.name), capability)
        self.names = {name_key(c.name): c.name for c in order}

    def capability(self, row: SourceRow) -> Capability | None:
        found = self.capabilities.get(row.capability.strip()) or self.capabilities.get(_key(row.capability))
        if found is None and not row.capability.strip():
            self.problems.add(QT_TRANSLATE_NOOP("UserError", "Line {line}: the capability is empty."), line=row.line)
        elif found is None:
            close = [] if self.problems.full else difflib.get_close_matches(name_key(row.capability), list(self.names), n=3, cutoff=0.6)
            if close:
                self.problems.add(QT_TRANSLATE_NOOP("UserError", "Line {line}: unknown capability “{name}”; did you mean {suggestions}?"),
                                  line=row.line, name=row.capability, suggestions=", ".join(f"“{self.names[c]}”" for c in close))
            else:
                self.problems.add(QT_TRANSLATE_NOOP("UserError", "Line {line}: unknown capability “{name}”."),
                                  line=row.line, name=row.capability)
        return found

    def maturity(self, row: SourceRow) -> tuple[bool, int | None]:
        """(rated, level); rated with level None is "vet ej"."""
        text = row.maturity.strip()
        if not text:
            return row.blank_means_dont_know, None
        if text.casefold() in form.DONT_KNOW_WORDS:
            return True, None
        level = _parse_whole(text)
        if level not in self.levels:
            self.problems.add(QT_TRANSLATE_NOOP("UserError", "Line {line}: maturity “{value}” is not one of {levels} (leave it empty for “don't know”)."),
                              line=row.line, value=text, levels=", ".join(map(str, self.levels)))
        return True, level

    def importance(self, row: SourceRow) -> int | None:
        text = row.importance.strip()
        if not text:
            return None
        value = _parse_whole(text)
        if value not in IMPORTANCE_LEVELS:
            self.problems.add(QT_TRANSLATE_NOOP("UserError", "Line {line}: importance “{value}” is not 1–5 (or empty)."),
                              line=row.line, value=text)
        return value

    def consent(self, row: SourceRow) -> str | None:
        """The consent the row states, or None where the share cell is empty."""
        text = " ".join(row.share.split()).casefold()
        if not text:
            return None
        consent = form.SHARE_WORDS.get(text)
        if consent is None:
            self.problems.add(QT_TRANSLATE_NOOP("UserError", "Line {line}: share “{value}” must be “group” or “facilitator” (or empty)."),
                              line=row.line, value=row.share)
        return consent


_NO_LEVEL = 255  # in ``_Person.maturity``: "vet ej" or not rated


class _Person:
    """A respondent the file speaks of, matched with the workshop's or new, and its answers.

    The answers are kept in arrays indexed by capability (a byte per value), not as
    objects per row: a million-row file holds a few bytes per rating.
    """

    def __init__(self, respondent: Respondent, is_new: bool, capabilities: int):
        self.respondent = respondent
        self.is_new = is_new
        self.consent: str | None = None  # as stated in the file
        self.consent_line = 0
        self.lines = array("l", bytes(8 * capabilities))  # the line each capability was rated on; 0: not in the file
        self.rated = bytearray(capabilities)
        self.maturity = bytearray([_NO_LEVEL]) * capabilities
        self.importance = bytearray(capabilities)  # 0: none
        self.comments: dict[int, str] = {}
        self.write = bytearray(capabilities)  # 1: differs from what the workshop holds

    def answer(self, index: int, line: int, rated: bool, maturity: int | None, importance: int | None,
               comment: str) -> None:
        self.lines[index] = line
        self.rated[index] = rated
        self.maturity[index] = _NO_LEVEL if maturity is None else maturity
        self.importance[index] = importance or 0
        if comment:
            self.comments[index] = comment

    def rating(self, index: int, capability_id: str) -> Rating:
        maturity, importance = self.maturity[index], self.importance[index]
        return Rating(self.respondent.id, capability_id, bool(self.rated[index]),
                      None if maturity == _NO_LEVEL else maturity, importance or None, self.comments.get(index, ""))


@dataclass
class ImportPlan:
    report: ImportReport
    capability_ids: list[str]
    organisations: list[Organisation] = field(default_factory=list)
    respondents: list[Respondent] = field(default_factory=list)
    people: list[_Person] = field(default_factory=list)

    def ratings(self) -> Iterator[Rating]:
        """The ratings to write, made one at a time."""
        for person in self.people:
            for index in range(len(self.capability_ids)):
                if person.write[index]:
                    yield person.rating(index, self.capability_ids[index])


def plan_import(document: Document, source: RatingSource) -> ImportPlan:
    """Checks the whole source against the workshop; raises InvalidInput listing every bad row."""
    refuse_if_anonymised(document)
    problems = RowProblems()
    checker = _Checker(document, problems)
    capabilities = len(checker.order)
    organisations = {name_key(o.name): o for o in store.organisations(document)}
    known: dict[tuple[str, str], list[Respondent]] = {}
    for respondent in store.respondents(document):
        known.setdefault((respondent.organisation_id, name_key(respondent.label)), []).append(respondent)

    plan = ImportPlan(ImportReport(source.name, source.layout, encoding=source.encoding, separator=source.separator),
                      [c.id for c in checker.order])
    people: dict[tuple[str, str], _Person] = {}  # by (organisation key, label key)
    for row in source.rows():
        plan.report.rows += 1
        organisation_name = " ".join(row.organisation.split())
        if not organisation_name:
            problems.add(QT_TRANSLATE_NOOP("UserError", "Line {line}: the organisation is empty."), line=row.line)
            continue
        capability = checker.capability(row)
        is_rated, maturity = checker.maturity(row)
        importance = checker.importance(row)
        consent = checker.consent(row)

        organisation_key = _key(organisation_name)
        organisation = organisations.get(organisation_key)
        if organisation is None:
            organisation = Organisation(new_id(), organisation_name)
            organisations[organisation_key] = organisation
            plan.organisations.append(organisation)
        key = (organisation_key, _key(row.respondent))
        person = people.get(key)
        if person is None:
            if len(people) >= limits.RESPONDENTS_MAX:
                raise InvalidInput(QT_TRANSLATE_NOOP(
                    "UserError", "“{name}” speaks of more than {limit} respondents (line {line}); split it into smaller files."),
                    name=source.name, limit=f"{limits.RESPONDENTS_MAX:,}", line=row.line)
            matches = known.get((organisation.id, key[1]), [])
            if len(matches) > 1:
                problems.add(QT_TRANSLATE_NOOP("UserError", "Line {line}: “{organisation}” has several respondents labelled “{label}”; give them different labels first."),
                             line=row.line, organisation=organisation.name, label=row.respondent)
            person = people[key] = _Person(
                matches[0] if matches else Respondent(new_id(), organisation.id, " ".join(row.respondent.split())),
                not matches, capabilities)
        if consent is not None:
            if person.consent not in (None, consent):
                problems.add(QT_TRANSLATE_NOOP("UserError", "Line {line}: share differs from line {first} for the same respondent."),
                             line=row.line, first=person.consent_line)
            elif person.consent is None:
                person.consent, person.consent_line = consent, row.line
        if capability is None:
            continue
        index = checker.position[capability.id]
        if person.lines[index]:
            problems.add(QT_TRANSLATE_NOOP("UserError", "Line {line}: “{capability}” is rated twice for the same respondent (first on line {first})."),
                         line=row.line, capability=capability.name, first=person.lines[index])
            continue
        person.answer(index, row.line, is_rated, maturity, importance, row.comment.strip())
    problems.raise_if_any(source)

    plan.report.organisations_added = len(plan.organisations)
    plan.people = list(people.values())
    for person in plan.people:
        # An empty share keeps an existing respondent's consent: re-importing never widens what is shown.
        consent = person.consent or (CONSENT_GROUP if person.is_new else person.respondent.consent)
        if person.is_new or consent != person.respondent.consent:
            plan.respondents.append(dataclasses.replace(person.respondent, consent=consent))
            if person.is_new:
                plan.report.respondents_added += 1
            else:
                plan.report.respondents_updated += 1
        existing = {} if person.is_new else ratings_by_capability(document, person.respondent.id)
        for index, capability_id in enumerate(plan.capability_ids):
            if not person.lines[index]:
                continue
            rating = person.rating(index, capability_id)
            if rating.empty:  # a form row left blank changes nothing
                continue
            before = existing.get(capability_id)
            if before == rating:
                plan.report.ratings_unchanged += 1
                continue
            person.write[index] = 1
            if before is None:
                plan.report.ratings_added += 1
            else:
                plan.report.ratings_updated += 1
    return plan


def apply_import(document: Document, source: RatingSource) -> ImportReport:
    """Checks the source and writes it in one ``BEGIN IMMEDIATE`` transaction: all of it or, on failure,
    nothing. The check runs inside the transaction, so two imports at once cannot both create the
    same organisation or respondent: the second waits, then finds what the first wrote."""
    with document.transaction():
        plan = plan_import(document, source)
        store.save(document, organisations=plan.organisations, respondents=plan.respondents, ratings=plan.ratings())
    plan.report.clock = document.clock.last
    return plan.report


def import_ratings(document: Document, path: Path | str) -> ImportReport:
    """Reads, checks and imports a rating file; nothing is written if any row is wrong."""
    return apply_import(document, read_source(path))
