"""Merge is idempotent, commutative and associative, whatever was edited where (and an
anonymised merge does not depend on the order of its sources).

Three hand-outs of one workshop are edited independently with the real ops —
organisations (some with the same name written differently), respondents,
ratings, consent changes, deletions, capability renames, the attendance
register (expected organisations, who took part in which meeting) — and now and then
one laptop pulls another's file in (a merge), so the files share history and
disagree about it. ``content_hash`` must then not depend on the order or the
grouping of the sources, and every respondent's merged consent is the most
restrictive one any source holds (the field rule), named or anonymised.
"""

import tempfile
from itertools import count
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.ops import attendance as attendance_ops
from digitalmotor_desktop.ops import ratings as rating_ops
from digitalmotor_desktop.ops import map as map_ops
from digitalmotor_desktop.ops.map import edit_map_text
from digitalmotor_desktop.ops.merge import write_handout
from digitalmotor_desktop.ops.workshop import create_workshop
from digitalmotor_desktop.store import ratings as store_ratings
from digitalmotor_desktop.store.document import open_document
from digitalmotor_desktop.store.map_edit import AREA, CAPABILITY, GROUP
from digitalmotor_desktop.store.merge import derived_id
from digitalmotor_desktop.store.workshop import capability_map

from merge_data import capability_ids, file_hash, merge, respondent_versions, strictest_consents

NAMES = ["Kungälv", "kungälv ", "KUNGÄLV", "Orust", "Tanum"]
FILES = st.integers(0, 2)
PICK = st.integers(0, 50)

EDITS = st.one_of(
    st.tuples(st.just("organisation"), FILES, st.sampled_from(NAMES), st.sampled_from(["group", "facilitator"])),
    st.tuples(st.just("rate"), FILES, PICK, PICK, st.sampled_from([None, 0, 1, 2, 3, 4])),
    st.tuples(st.just("consent"), FILES, PICK),
    st.tuples(st.just("delete respondent"), FILES, PICK),
    st.tuples(st.just("delete organisation"), FILES, PICK),
    st.tuples(st.just("rename capability"), FILES, PICK, st.sampled_from(["Styra", "Leda"])),
    st.tuples(st.just("rename organisation"), FILES, PICK, st.sampled_from(NAMES)),
    st.tuples(st.just("add capability"), FILES, PICK, st.integers(0, 8), st.sampled_from(["Styra", "Ny förmåga"])),
    st.tuples(st.just("move capability"), FILES, PICK, PICK, st.integers(0, 8)),
    st.tuples(st.just("move group"), FILES, PICK, PICK, st.integers(0, 8)),
    st.tuples(st.just("move area"), FILES, PICK, st.integers(0, 2)),
    st.tuples(st.just("delete capability"), FILES, PICK),
    st.tuples(st.just("delete group"), FILES, PICK),
    st.tuples(st.just("expect"), FILES, PICK, st.booleans()),
    st.tuples(st.just("attend"), FILES, PICK, st.integers(1, 5), st.booleans()),
    st.tuples(st.just("pull"), FILES, FILES),
)


def _pick(items, index):
    return sorted(items, key=lambda item: item.id)[index % len(items)] if items else None


def _apply(path: Path, edit, files, scratch) -> None:
    kind, where = edit[0], edit[1]
    if kind == "pull":
        source = files[edit[2]]
        if source != path:
            merged = merge(scratch(), path, source)
            merged.replace(path)
        return
    with open_document(path) as document:
        people = store_ratings.respondents(document)
        orgs = store_ratings.organisations(document)
        caps = capability_ids(document)
        try:
            if kind == "organisation":
                added = rating_ops.add_organisation(document, edit[2])
                added.redo(document)
                rating_ops.add_respondent(document, added.extra["id"], "IT-chef", edit[3]).redo(document)
            elif kind == "rate" and people and caps:
                cap = caps[edit[3] % len(caps)]
                rating_ops.set_maturity(document, _pick(people, edit[2]).id, cap, edit[4]).redo(document)
            elif kind == "consent" and people:
                person = _pick(people, edit[2])
                rating_ops.set_consent(document, person.id, "group" if person.consent != "group" else "facilitator").redo(document)
            elif kind == "delete respondent" and people:
                rating_ops.delete_respondent(document, _pick(people, edit[2]).id).redo(document)
            elif kind == "delete organisation" and orgs:
                rating_ops.delete_organisation(document, _pick(orgs, edit[2]).id).redo(document)
            elif kind == "rename organisation" and orgs:
                rating_ops.rename_organisation(document, _pick(orgs, edit[2]).id, edit[3]).redo(document)
            elif kind == "expect" and orgs:
                attendance_ops.set_expected(document, _pick(orgs, edit[2]).id, edit[3]).redo(document)
            elif kind == "attend" and orgs:
                attendance_ops.set_took_part(document, _pick(orgs, edit[2]).id, edit[3], edit[4]).redo(document)
            elif kind == "rename capability" and caps:
                cap = caps[edit[2] % len(caps)]
                edit_map_text(document, "capability", cap, "name", edit[3]).redo(document)
            elif kind != "rename capability":
                _edit_map(document, edit)
        except InvalidInput:
            pass  # e.g. a name already taken in this file: the op refuses, as in the app


def _edit_map(document, edit) -> None:
    """Structure edits: adds, moves within and between groups and areas, deletions (tombstones)."""
    shown = capability_map(document)
    kind, capabilities, groups = edit[0], shown.capabilities(), shown.groups()
    if kind == "add capability" and groups:
        map_ops.add_item(document, CAPABILITY, _pick(groups, edit[2]).id, edit[4], index=edit[3]).redo(document)
    elif kind == "move capability" and capabilities and groups:
        map_ops.move_item(document, CAPABILITY, _pick(capabilities, edit[2]).id, _pick(groups, edit[3]).id,
                          edit[4]).redo(document)
    elif kind == "move group" and groups:
        map_ops.move_item(document, GROUP, _pick(groups, edit[2]).id, _pick(shown.areas, edit[3]).id,
                          edit[4]).redo(document)
    elif kind == "move area" and shown.areas:
        map_ops.move_item(document, AREA, _pick(shown.areas, edit[2]).id, "", edit[3]).redo(document)
    elif kind == "delete capability" and capabilities:
        map_ops.delete_item(document, CAPABILITY, _pick(capabilities, edit[2]).id).redo(document)
    elif kind == "delete group" and groups:
        map_ops.delete_item(document, GROUP, _pick(groups, edit[2]).id).redo(document)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(NAMES), min_size=3, max_size=3), st.lists(EDITS, min_size=1, max_size=12))
def test_merge_is_idempotent_commutative_and_associative(first_organisations, edits):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        numbers = count()
        scratch = lambda: root / f"scratch-{next(numbers)}.dmw"  # noqa: E731
        create_workshop(root / "lead.dmw", "fyrbodal-2020").close()
        files = [root / f"{name}.dmw" for name in "abc"]
        for path, name in zip(files, first_organisations):
            write_handout(root / "lead.dmw", path)
            _apply(path, ("organisation", 0, name, "group"), files, scratch)
            _apply(path, ("rate", 0, 0, 0, 2), files, scratch)
        for edit in edits:
            _apply(files[edit[1]], edit, files, scratch)
        a, b, c = files

        together = file_hash(merge(scratch(), a, b, c))
        assert file_hash(merge(scratch(), c, a, b)) == together
        assert file_hash(merge(scratch(), b, c, a)) == together
        assert file_hash(merge(scratch(), merge(scratch(), a, b), c)) == together
        assert file_hash(merge(scratch(), a, merge(scratch(), c, b))) == together

        anonymised = file_hash(merge(scratch(), a, b, c, anonymised=True))
        assert file_hash(merge(scratch(), c, b, a, anonymised=True)) == anonymised

        merged = merge(scratch(), a, b, c)
        assert file_hash(merge(scratch(), merged, a)) == together
        assert file_hash(merge(scratch(), merged, merged)) == together
        assert file_hash(merge(scratch(), a, a)) == file_hash(merge(scratch(), a))

        _assert_strictest_consents(merged, files, merge(scratch(), b, a, c, anonymised=True))


def _assert_strictest_consents(merged, sources, anonymised):
    """Every respondent (tombstones too) has the most restrictive consent any source holds, also anonymised."""
    strictest = strictest_consents(*sources)
    assert {person: row["consent"] for person, row in respondent_versions(merged).items()} == strictest
    with open_document(merged, read_only=True) as document:
        secret = document.db.execute("SELECT pseudonym_seed FROM workshop").fetchone()[0]
    assert ({person: row["consent"] for person, row in respondent_versions(anonymised).items()}
            == {derived_id(secret, person): consent for person, consent in strictest.items()})


PEOPLE = st.integers(0, 2)
CONSENT_EDITS = st.one_of(
    st.tuples(st.just("consent"), FILES, PEOPLE, st.sampled_from(["group", "facilitator"])),
    st.tuples(st.just("relabel"), FILES, PEOPLE, st.sampled_from(["IT-chef", "CIO", "Förvaltningschef"])),
    st.tuples(st.just("delete"), FILES, PEOPLE),
    st.tuples(st.just("expect"), FILES, PICK, st.booleans()),
    st.tuples(st.just("attend"), FILES, PICK, st.integers(1, 5), st.booleans()),
    st.tuples(st.just("pull"), FILES, FILES),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["group", "facilitator"]), min_size=3, max_size=3),
       st.lists(CONSENT_EDITS, min_size=1, max_size=10))
def test_the_merged_consent_is_the_strictest_any_source_holds_whatever_the_order(first_consents, edits):
    """The same three respondents in three laptops' files, consents narrowed and widened, relabelled
    and deleted independently: consent is the most restrictive seen, every other column the last writer's."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        numbers = count()
        scratch = lambda: root / f"scratch-{next(numbers)}.dmw"  # noqa: E731
        with create_workshop(root / "lead.dmw", "fyrbodal-2020") as document:
            added = rating_ops.add_organisation(document, "Orust")
            added.redo(document)
            for number, consent in enumerate(first_consents):
                rating_ops.add_respondent(document, added.extra["id"], f"Respondent {number}", consent).redo(document)
        files = [root / f"{name}.dmw" for name in "abc"]
        for path in files:  # each hand-out is a file of its own laptop
            write_handout(root / "lead.dmw", path, "Orust")
        for edit in edits:
            _apply_consent_edit(files[edit[1]], edit, files, scratch)
        a, b, c = files

        together = merge(scratch(), a, b, c)
        for grouping in (lambda: merge(scratch(), c, b, a), lambda: merge(scratch(), b, merge(scratch(), c, a)),
                         lambda: merge(scratch(), merge(scratch(), a, b), c, a)):
            assert file_hash(grouping()) == file_hash(together)
        _assert_strictest_consents(together, files, merge(scratch(), c, a, b, anonymised=True))

        versions = [respondent_versions(path) for path in files]
        for person, row in respondent_versions(together).items():
            latest = max((v[person] for v in versions if person in v), key=lambda v: (v["deleted"], v["hlc"]))
            assert (row["label"], row["deleted"], row["hlc"]) == (latest["label"], latest["deleted"], latest["hlc"])


def _apply_consent_edit(path: Path, edit, files, scratch) -> None:
    kind = edit[0]
    if kind == "pull":
        _apply(path, edit, files, scratch)
        return
    with open_document(path) as document:
        person = _pick(store_ratings.respondents(document), edit[2])
        if person is None:
            return  # all deleted here
        target = person.id
        try:
            if kind == "consent":
                rating_ops.set_consent(document, target, edit[3]).redo(document)
            elif kind == "relabel":
                rating_ops.relabel_respondent(document, target, edit[3]).redo(document)
            elif kind == "delete":
                rating_ops.delete_respondent(document, target).redo(document)
        except InvalidInput:
            pass  # a label already taken in this organisation: the op refuses, as in the app
