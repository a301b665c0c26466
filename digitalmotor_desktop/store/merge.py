"""Merging workshop documents: rows matched by key, last writer wins by HLC.

The rules (also in db/FORMAT.md, "Merge rules"):

* Every content table row is matched by its primary key (UUIDs; ``level`` of a
  scale level, ``number`` of a scenario, the pair of a rating or link); the
  ``workshop`` row is a singleton.
* Of two versions of a row the one with the greater ``hlc`` wins ("last writer
  wins"; the HLC's device id breaks ties between laptops). A row with a UUID
  ``id`` that is a tombstone in any version stays deleted: a deleted item never
  comes back. Ratings, decisions and capability–goal links are plain last
  writer wins (they are cleared and set again in normal use). Equal stamps with
  different content (only possible with hand-edited files) resolve to the
  deleted version, then to the greater content, so the result never depends on
  order.
* A respondent's ``consent`` is merged field by field: the most restrictive
  value any version holds is kept ("facilitator" over "group"), whatever the
  stamps; the row's other columns come from the version chosen above. So a
  consent narrowed on one laptop survives a later edit of the same respondent
  on another — and a consent widened again is overruled by any file that still
  holds the narrower one (privacy first).
* Versions written by the same laptop are an *update* (the later one saw the
  earlier); different content from different laptops is a *conflict*: the
  later edit is kept and the conflict reported.
* After joining, live organisations whose names match ignoring case and
  spacing become one: the smallest id survives, the others become tombstones
  with ``merged_into_id`` and their respondents point to the survivor, keeping
  the organisation they were captured under in ``merged_from_id``. Reading a
  source undoes this first, so merging stays associative.
* Live capabilities with the same name in the same group but different ids
  are reported as possible duplicates (never combined automatically).
* An *erased* organisation or respondent (store.erasure) beats every version
  of its row whatever the stamps and holds no content; what it owned (an
  organisation's respondents, a respondent's ratings) is removed from the
  result (``withhold_erased``), so merging an old copy into an erased file
  brings nothing back.

This choice of a per-row join (a maximum under one total order for the row, and
a maximum under the restrictiveness order for each field-rule column: a product
of two semilattices) is what makes merge idempotent, commutative and
associative; ``content_hash`` proves it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import itemgetter
from typing import Callable, Collection

from digitalmotor_desktop.core.hlc import TEMPLATE_STAMP, parse_stamp
from digitalmotor_desktop.core.model import CONSENTS
from digitalmotor_desktop.core.pseudonyms import assign_pseudonyms
from digitalmotor_desktop.core.ratings import name_key
from digitalmotor_desktop.store.document import Document, create_document
from digitalmotor_desktop.store.workshop import CONTENT_TABLES

#: Who took part in which meeting names organisations: an anonymised file holds none of it.
ATTENDANCE_TABLES = ("expected_organisation", "attendance")
#: The device part of every stamp in an anonymised file.
ANONYMISED_DEVICE = "anonymised"

Row = tuple
Key = tuple

#: Columns merged field by field: the most restrictive value of any version wins, whatever the stamps.
#: Each lists its values least restrictive first.
MOST_RESTRICTIVE: dict[tuple[str, str], tuple[str, ...]] = {("respondent", "consent"): CONSENTS}


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[str, ...]
    key: tuple[int, ...]  # column positions; () for the singleton workshop row
    hlc: int
    deleted: int | None
    sticky: bool  # a tombstone wins whatever its stamp
    #: (column position, its values least restrictive first) of the columns merged by MOST_RESTRICTIVE
    restrictive: tuple[tuple[int, tuple[str, ...]], ...] = ()
    erased: int | None = None  # the ``erased`` mark's position: an erased version beats every other

    def index(self, column: str) -> int:
        return self.columns.index(column)

    @property
    def key_of(self) -> Callable[[Row], Key]:
        """The row's key as a tuple (a fast getter: merge calls it for every row)."""
        if len(self.key) > 1:
            return itemgetter(*self.key)
        if self.key:
            index = self.key[0]
            return lambda row: (row[index],)
        return lambda row: ()

    def rank(self, row: Row) -> tuple:
        deleted = row[self.deleted] if self.deleted is not None else 0
        erased = row[self.erased] if self.erased is not None else 0
        return (erased, deleted if self.sticky else 0, row[self.hlc], deleted)

    def without_restrictive(self, row: Row) -> Row:
        """The row with its field-rule columns blanked: what last-writer-wins compares."""
        if not self.restrictive:
            return row
        blanked = list(row)
        for index, _order in self.restrictive:
            blanked[index] = None
        return tuple(blanked)


@lru_cache(maxsize=1)
def table_specs() -> tuple[TableSpec, ...]:
    """The merged tables (content_hash's tables) in an order that satisfies their references."""
    specs = []
    with create_document(None) as fresh:
        infos = {name: fresh.db.execute(f"PRAGMA table_info({name})").fetchall() for name in CONTENT_TABLES}
    for name, info in infos.items():
        columns = tuple(row[1] for row in info)
        key = () if name == "workshop" else tuple(
            columns.index(row[1]) for row in sorted(info, key=lambda r: r[5]) if row[5])
        deleted = columns.index("deleted") if "deleted" in columns else None
        sticky = deleted is not None and len(key) == 1 and columns[key[0]] == "id"
        restrictive = tuple((columns.index(column), order) for (table, column), order in MOST_RESTRICTIVE.items()
                            if table == name)
        erased = columns.index("erased") if "erased" in columns else None
        specs.append(TableSpec(name, columns, key, columns.index("hlc"), deleted, sticky, restrictive, erased))
    return tuple(specs)


def spec(name: str) -> TableSpec:
    return next(s for s in table_specs() if s.name == name)


def _device(stamp: str) -> str:
    return stamp.split(".", 2)[2] if stamp.count(".") >= 2 else ""


def wins(table: TableSpec, new: Row, old: Row) -> bool:
    """Whether ``new``'s columns replace ``old``'s (a total order: same answer whatever the order of arrival).

    Field-rule columns (``MOST_RESTRICTIVE``) take no part: ``joined`` merges them on their own.
    """
    a, b = table.rank(new), table.rank(old)
    if a != b:
        return a > b
    return repr(table.without_restrictive(new)) > repr(table.without_restrictive(old))


def joined(table: TableSpec, old: Row, new: Row) -> tuple[bool, Row]:
    """Whether ``new`` wins (``wins``), and the join of the two versions: the winner's columns, with
    each field-rule column set to the most restrictive value of the two."""
    won = wins(table, new, old)
    row = new if won else old
    for index, order in table.restrictive:
        strictest = max(old[index], new[index], key=order.index)
        if row[index] != strictest:
            row = (*row[:index], strictest, *row[index + 1:])
    return won, row


# --- reading a source ----------------------------------------------------------------------------

@dataclass
class SourceRows:
    """Everything merge needs from one source, as plain tuples (safe to pass between threads)."""

    document_id: str
    anonymised: bool
    template: str
    levels: tuple[int, ...]
    tables: dict[str, list[Row]]
    merge_sources: list[Row]
    #: Live organisations, respondents and answered ratings ("vet ej" included), as the file shows them.
    counts: tuple[int, int, int] = (0, 0, 0)


def read_source(document: Document, *, as_captured: bool = True, ratings_of: Collection[str] | None = None) -> SourceRows:
    """Reads every merged table; same-named organisations combined by an earlier merge are separated
    again (``as_captured``) so the join sees rows as they were captured. ``ratings_of``: read only
    these respondents' ratings (a folder merge into a workshop changes no other rating)."""
    db = document.db

    def rows(table: TableSpec) -> list[Row]:
        sql = f"SELECT {', '.join(table.columns)} FROM {table.name}"
        if table.name == "rating" and ratings_of is not None:
            return db.execute(sql + " WHERE respondent_id IN (SELECT value FROM json_each(?))",
                              [json.dumps(sorted(ratings_of))]).fetchall()
        return db.execute(sql).fetchall()

    tables = {s.name: rows(s) for s in table_specs()}
    counts = tuple(db.execute(sql).fetchone()[0] for sql in (
        "SELECT count(*) FROM organisation WHERE deleted = 0",
        "SELECT count(*) FROM respondent WHERE deleted = 0",
        "SELECT count(*) FROM rating WHERE deleted = 0 AND rated = 1"))
    if as_captured:
        _separate_organisations(tables)
    workshop = tables["workshop"][0]
    return SourceRows(
        document_id=document.document_id,
        anonymised=document.anonymised,
        template=workshop[spec("workshop").index("template")],
        levels=tuple(sorted(row[0] for row in tables["scale_level"])),
        tables=tables,
        merge_sources=db.execute(
            "SELECT document_id, merged_on, organisations, respondents, ratings, anonymised FROM merge_source").fetchall(),
        counts=counts,
    )


def as_captured(source: SourceRows) -> SourceRows:
    """A source read as stored (``as_captured=False``), as ``read_source`` would read it as captured."""
    tables = dict(source.tables)
    _separate_organisations(tables)
    return replace(source, tables=tables)


def _separate_organisations(tables: dict[str, list[Row]]) -> None:
    """Undoes ``combine_organisations``: rows as they were captured (in place)."""
    orgs, people = spec("organisation"), spec("respondent")
    into, deleted = orgs.index("merged_into_id"), orgs.deleted
    combined = {row[0]: row[into] for row in tables["organisation"] if row[into] is not None and row[deleted]}
    tables["organisation"] = [_replace(orgs, row, deleted=0, merged_into_id=None) if row[0] in combined else
                              _replace(orgs, row, merged_into_id=None) for row in tables["organisation"]]
    org, origin = people.index("organisation_id"), people.index("merged_from_id")
    separated = []
    for row in tables["respondent"]:
        if row[origin] is not None:
            captured = row[origin] if combined.get(row[origin]) == row[org] else row[org]
            row = _replace(people, row, organisation_id=captured, merged_from_id=None)
        separated.append(row)
    tables["respondent"] = separated


def _replace(table: TableSpec, row: Row, **values: object) -> Row:
    changed = list(row)
    for column, value in values.items():
        changed[table.index(column)] = value
    return tuple(changed)


# --- joining --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Conflict:
    """Two laptops edited the same row differently; ``kept_this`` says whether this source's version won.

    ``stricter_kept``: the columns of ``columns`` merged by ``MOST_RESTRICTIVE`` (a consent), whose most
    restrictive value was kept whichever version won. A consent widened again on the same laptop but
    overruled by an older, narrower one is listed too, with just those columns.
    """

    table: str
    key: Key
    columns: tuple[str, ...]
    kept_this: bool
    label: str  # a name to show: the capability, organisation, … (or the key)
    stricter_kept: tuple[str, ...] = ()

    @property
    def later_columns(self) -> tuple[str, ...]:
        """The differing columns taken from the version that won by last writer."""
        return tuple(column for column in self.columns if column not in self.stricter_kept)


@dataclass
class SourceReport:
    """What one source adds to the merge (counted against the sources before it)."""

    name: str
    document_id: str = ""
    anonymised: bool = False
    refusal: Exception | None = None  # a UserError: one sentence
    organisations: int = 0
    respondents: int = 0
    ratings: int = 0
    new_respondents: int = 0
    new_rows: int = 0
    updated: int = 0
    duplicates: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    erased: int = 0  # rows withheld or removed because an organisation or respondent is erased

    @property
    def accepted(self) -> bool:
        return self.refusal is None


@dataclass(frozen=True)
class CombinedOrganisation:
    name: str
    surviving_id: str
    combined_ids: tuple[str, ...]


@dataclass(frozen=True)
class PossibleDuplicate:
    group: str
    name: str
    capability_ids: tuple[str, ...]


def _label(table: TableSpec, row: Row) -> str:
    for column in ("name", "title", "text", "label"):
        if column in table.columns and row[table.index(column)]:
            return str(row[table.index(column)])
    return " / ".join(str(part) for part in table.key_of(row))


class Join:
    """The join of any number of sources: for every table and key, the winning row."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[Key, Row]] = {s.name: {} for s in table_specs()}
        self.merge_sources: dict[str, Row] = {}

    @property
    def tables(self) -> dict[str, list[Row]]:
        return {name: list(rows.values()) for name, rows in self.rows.items()}

    def add(self, source: SourceRows | Join, report: SourceReport | None = None) -> None:
        """Joins a source's rows (or another join's) into this one, counting what it adds in ``report``."""
        report = report or SourceReport("")
        tables = source.tables
        for table in table_specs():
            current, key_of = self.rows[table.name], table.key_of
            incoming = dict(zip(map(key_of, tables[table.name]), tables[table.name]))  # keys are unique
            met = [key for key in incoming if key in current] if incoming.keys() & current.keys() else []
            new = [(key, row) for key, row in incoming.items() if key not in current] if met else incoming.items()
            current.update(new)  # rows of keys not seen before, in one go (most rows of most sources)
            report.new_rows += len(new)
            if table.name == "respondent":
                report.new_respondents += sum(not row[table.deleted] for _key, row in new)
            for key in met:  # in the source's order, so conflicts are listed in it
                row, old = incoming[key], current[key]
                if old == row:
                    report.duplicates += 1
                    continue
                won, result = joined(table, old, row)
                current[key] = result
                old_device, new_device = _device(old[table.hlc]), _device(row[table.hlc])
                if old_device == new_device or old[table.hlc] == TEMPLATE_STAMP or row[table.hlc] == TEMPLATE_STAMP:
                    if result != old:
                        report.updated += 1
                    else:
                        report.duplicates += 1
                    later = row if won else old
                    overruled = tuple(table.columns[i] for i, _order in table.restrictive if later[i] != result[i])
                    if overruled:  # a later, wider consent from the same laptop: say that it was not kept
                        report.conflicts.append(Conflict(table.name, key, overruled, won, _label(table, result),
                                                         overruled))
                    continue
                columns = tuple(c for i, c in enumerate(table.columns) if old[i] != row[i] and i != table.hlc)
                stricter = tuple(table.columns[i] for i, _order in table.restrictive if old[i] != row[i])
                report.conflicts.append(Conflict(table.name, key, columns, won, _label(table, result), stricter))
        for row in (source.merge_sources.values() if isinstance(source, Join) else source.merge_sources):
            self._record(row)
        report.erased += withhold_erased(self)

    def record(self, source: SourceRows, merged_on: str) -> None:
        """Adds the merge_source row of a source merged now: its document id and counts, never its path."""
        self._record((source.document_id, merged_on, *source.counts, int(source.anonymised)))

    def _record(self, row: Row) -> None:
        old = self.merge_sources.get(row[0])
        if old is None or (row[1], repr(row)) > (old[1], repr(old)):
            self.merge_sources[row[0]] = row

    def table(self, name: str) -> list[Row]:
        return list(self.rows[name].values())

    def clock(self) -> str:
        return max((row[s.hlc] for s in table_specs() for row in self.rows[s.name].values()), default="")


# --- erasure ---------------------------------------------------------------------------------------

def withhold_erased(join: Join) -> int:
    """Erasure reaches what the erased row owned (in place): respondents of an erased organisation and
    ratings of an erased or so removed respondent are removed, and the organisation's scenario
    participations become tombstones (their stamps kept); returns how many rows went or ended.

    An erased version already beats every other by rank (``TableSpec.rank``) and holds no content
    (the schema's CHECK). Removing, rather than marking, what it owned keeps merge a join: the
    result is the join of every row with what an erased row covers taken away, and the erased
    rows that decide it stay in the join, so the order and grouping of sources do not matter.
    """
    orgs, people = spec("organisation"), spec("respondent")
    erased_orgs = {key[0] for key, row in join.rows["organisation"].items() if row[orgs.erased]}
    respondents = join.rows["respondent"]
    owner, origin = people.index("organisation_id"), people.index("merged_from_id")
    gone = [key for key, row in respondents.items()
            if not row[people.erased] and (row[owner] in erased_orgs or row[origin] in erased_orgs)]
    for key in gone:
        del respondents[key]
    ended = _end_participations(join, erased_orgs)
    erased_people = {key[0] for key, row in respondents.items() if row[people.erased]} | {key[0] for key in gone}
    if not erased_people:
        return len(gone) + ended
    ratings = join.rows["rating"]
    dropped = [key for key in ratings if key[0] in erased_people]
    for key in dropped:
        del ratings[key]
    return len(gone) + ended + len(dropped)


def _end_participations(join: Join, erased_orgs: set[str]) -> int:
    """Live scenario participations of erased organisations become tombstones (in place).

    Only the deleted mark changes and the stamp stays, so the result depends on the greatest stamp
    of the row alone, as without the rule: merge stays a join whatever the order of the sources.
    """
    if not erased_orgs:
        return 0
    taking_part = spec("scenario_participant")
    organisation, deleted = taking_part.index("organisation_id"), taking_part.deleted
    rows = join.rows["scenario_participant"]
    ended = [key for key, row in rows.items() if row[organisation] in erased_orgs and not row[deleted]]
    for key in ended:
        rows[key] = _replace(taking_part, rows[key], deleted=1)
    return len(ended)


def combine_organisations(join: Join) -> list[CombinedOrganisation]:
    """Live organisations with the same name (ignoring case and spacing) become one (in place)."""
    orgs, people = spec("organisation"), spec("respondent")
    by_name: dict[str, list[Row]] = defaultdict(list)
    for row in join.rows["organisation"].values():
        if not row[orgs.deleted]:
            by_name[name_key(row[orgs.index("name")])].append(row)
    survivor_of: dict[str, str] = {}
    combined = []
    for rows in by_name.values():
        if len(rows) < 2:
            continue
        rows.sort(key=lambda r: r[0])
        survivor = rows[0][0]
        for row in rows[1:]:
            survivor_of[row[0]] = survivor
            join.rows["organisation"][(row[0],)] = _replace(orgs, row, deleted=1, merged_into_id=survivor)
        combined.append(CombinedOrganisation(rows[0][orgs.index("name")], survivor, tuple(r[0] for r in rows)))
    org = people.index("organisation_id")
    for key, row in list(join.rows["respondent"].items()):
        if row[org] in survivor_of:
            join.rows["respondent"][key] = _replace(people, row, organisation_id=survivor_of[row[org]],
                                                    merged_from_id=row[org])
    return sorted(combined, key=lambda c: name_key(c.name))


def possible_duplicates(join: Join) -> list[PossibleDuplicate]:
    """Live capabilities added independently with the same name in the same group."""
    caps, groups = spec("capability"), spec("capability_group")
    found: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in join.rows["capability"].values():
        if not row[caps.deleted]:
            found[(row[caps.index("group_id")], name_key(row[caps.index("name")]))].append(row)
    result = []
    for (group_id, _), rows in found.items():
        if len(rows) > 1:
            group = join.rows["capability_group"].get((group_id,))
            result.append(PossibleDuplicate(group[groups.index("name")] if group else "", rows[0][caps.index("name")],
                                            tuple(sorted(r[0] for r in rows))))
    return sorted(result, key=lambda d: (d.group, d.name))


# --- anonymising ----------------------------------------------------------------------------------

def derived_id(secret: str, value: str) -> str:
    """A UUID that stands for ``value`` and cannot be traced back to it without ``secret``."""
    digest = hmac.new(secret.encode(), value.encode(), hashlib.sha256).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def _day_stamp(stamp: str) -> str:
    """An HLC cut to its date, with no device: ordering within a day is given up for privacy."""
    if stamp == TEMPLATE_STAMP:
        return stamp
    millis, _counter, _device_id = parse_stamp(stamp)
    day = millis - millis % 86_400_000
    return f"{day:015d}.{0:05d}.{ANONYMISED_DEVICE}"


def anonymise(join: Join, *, keep_comments: bool) -> Join:
    """A new join holding only what an anonymised file may hold (see FORMAT.md, "Merge rules").

    Organisation, respondent and source document ids are replaced by ids
    derived with the workshop's secret seed (so anonymising the same rows
    twice gives the same ids, and anonymised files of one workshop merge
    without double counting); names are set by ``label_organisations``.
    """
    workshop_spec = spec("workshop")
    workshop = join.table("workshop")[0]
    secret = workshop[workshop_spec.index("pseudonym_seed")]
    anonymous = Join()
    ident = lambda value: None if value is None else derived_id(secret, value)  # noqa: E731
    survivors = {row[0]: row for row in join.table("organisation") if row[spec("organisation").index("merged_into_id")] is None}
    merged_organisations = {row[0]: row[spec("organisation").index("merged_into_id")]
                            for row in join.table("organisation") if row[0] not in survivors}
    for table in table_specs():
        if table.name in ("note", "cluster", "note_goal", "not_duplicate", "capability_note") and not keep_comments \
                or table.name in ATTENDANCE_TABLES:
            continue
        if table.name == "vote":
            continue  # a dot says which organisation liked what: never in an anonymised file
        target = anonymous.rows[table.name]
        for row in join.table(table.name):
            values: dict[str, object] = {"hlc": _day_stamp(row[table.hlc])}
            if table.name == "workshop":
                values["pseudonym_seed"] = derived_id(secret, "pseudonym seed")
            elif table.name == "organisation":
                if row[0] not in survivors:
                    continue  # a same-named duplicate: its respondents already point to the survivor
                values.update(id=ident(row[0]), name="", merged_into_id=None)
            elif table.name == "respondent":
                values.update(id=ident(row[0]), organisation_id=ident(row[table.index("organisation_id")]),
                              label="", merged_from_id=None)
            elif table.name == "rating":
                values.update(respondent_id=ident(row[0]))
                if not keep_comments:
                    values["comment"] = ""
            elif table.name == "decision" and not keep_comments:
                values["note"] = ""
            elif table.name == "scenario_participant":
                # Only survivors are written: a same-named duplicate takes part as the one it was merged into.
                organisation = row[table.index("organisation_id")]
                merged_into = merged_organisations.get(organisation)
                values["organisation_id"] = ident(merged_into or organisation)
            elif table.name == "export_cell":  # the ledger names organisations by the ids they have here
                values["organisation_id"] = ident(row[table.index("organisation_id")])
            elif table.name == "capability" and not keep_comments:
                values["source_note_id"] = None
            new = _replace(table, row, **values)
            key = table.key_of(new)
            if key not in target or wins(table, new, target[key]):  # two duplicates' rows may meet in one key
                target[key] = new
    for document_id, row in join.merge_sources.items():
        new_id = ident(document_id)
        anonymous.merge_sources[new_id] = (new_id, *row[1:5], 1)
    return anonymous


def label_organisations(join: Join) -> None:
    """Names every organisation of an anonymised join with a shuffled pseudonym (in place)."""
    orgs = spec("organisation")
    seed = join.table("workshop")[0][spec("workshop").index("pseudonym_seed")]
    live = [row[0] for row in join.rows["organisation"].values() if not row[orgs.deleted]]
    names = assign_pseudonyms(live, seed)
    for key, row in list(join.rows["organisation"].items()):
        join.rows["organisation"][key] = _replace(orgs, row, name=names.get(row[0], ""))


# --- writing --------------------------------------------------------------------------------------

def write_join(document: Document, join: Join, progress: Callable[[float], None] = lambda fraction: None, *,
               handout_organisation_id: str | None = None) -> None:
    """Writes the joined rows and merge_source records into a new, empty document, in one transaction."""
    specs = table_specs()
    db = document.db
    db.execute("PRAGMA foreign_keys = OFF")  # self-references (notes, organisations) need no insert order
    try:
        with document.transaction():
            # an index built once over all rows costs less than one kept up to date row by row
            indexes = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                                 " AND tbl_name IN (SELECT value FROM json_each(?))",
                                 [json.dumps([table.name for table in specs])]).fetchall()
            for name, _sql in indexes:
                db.execute(f'DROP INDEX "{name}"')
            for number, table in enumerate(specs):
                marks = ", ".join("?" * len(table.columns))
                db.conn.executemany(f"INSERT INTO {table.name} ({', '.join(table.columns)}) VALUES ({marks})",
                                    join.rows[table.name].values())
                progress((number + 1) / len(specs))
            for _name, sql in indexes:
                db.execute(sql)
            db.conn.executemany("INSERT INTO merge_source (document_id, merged_on, organisations, respondents,"
                                " ratings, anonymised) VALUES (?, ?, ?, ?, ?, ?)", join.merge_sources.values())
            document.clock.observe(join.clock())
            db.execute("UPDATE document SET handout_organisation_id = ?", [handout_organisation_id])
            if document.anonymised:
                db.execute("UPDATE _sqlite_migrations SET applied_at = substr(applied_at, 1, 10)")
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        db.execute("PRAGMA foreign_keys = ON")
    if problems:  # every source passed its own check, so this is our bug, never the user's
        raise RuntimeError(f"merged rows break references: {problems[:3]}")
