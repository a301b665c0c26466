"""Merge is idempotent, commutative and associative, whatever was edited where (and an
anonymised merge does not depend on the order of its sources).

Three hand-outs of one workshop are edited independently with the real ops —
organisations (some with the same name written differently), respondents,
ratings, consent changes, deletions, capability renames, exports (the
ledger), the attendance register (expected organisations, who took part in which meeting) — and now and then one laptop pulls another's file in (a merge), so
the files share history and disagree about it. ``content_hash`` must then not depend on the order or the
grouping of the sources, and every respondent's merged consent is the most
restrictive one any source holds (the field rule), named or anonymised.
Organisations and respondents are erased now and then too: erased stays
erased in every merge, nothing an erased row owned comes back, and an erased
organisation takes part in no scenario.
"""

import tempfile
from itertools import count
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.ops import attendance as attendance_ops
from digitalmotor_desktop.ops import decisions as decision_ops
from digitalmotor_desktop.ops import erasure, ratings as rating_ops
from digitalmotor_desktop.ops import map as map_ops
from digitalmotor_desktop.ops.map import edit_map_text
from digitalmotor_desktop.ops.merge import write_handout
from digitalmotor_desktop.ops.results import export_results
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
    st.tuples(st.just("pilot"), FILES, st.integers(1, 5), st.one_of(st.none(), PICK)),
    st.tuples(st.just("take part"), FILES, st.integers(0, 5), PICK, st.booleans()),
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
    st.tuples(st.just("erase organisation"), FILES, PICK),
    st.tuples(st.just("erase respondent"), FILES, PICK),
    st.tuples(st.just("export"), FILES),
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
            elif kind == "pilot":
                cap = None if edit[3] is None or not caps else caps[edit[3] % len(caps)]
                decision_ops.choose_pilot(document, edit[2], cap).redo(document)
            elif kind == "take part" and orgs:
                decision_ops.take_part(document, edit[2], _pick(orgs, edit[3]).id, edit[4]).redo(document)
            elif kind == "erase organisation":
                if orgs:
                    erasure.erase(document, erasure.plan_organisation(document, _pick(orgs, edit[2]).id))
            elif kind == "erase respondent":
                if people:
                    erasure.erase(document, erasure.plan_respondent(document, _pick(people, edit[2]).id))
            elif kind == "expect" and orgs:
                attendance_ops.set_expected(document, _pick(orgs, edit[2]).id, edit[3]).redo(document)
            elif kind == "attend" and orgs:
                attendance_ops.set_took_part(document, _pick(orgs, edit[2]).id, edit[3], edit[4]).redo(document)
            elif kind == "rename capability" and caps:
                cap = caps[edit[2] % len(caps)]
                edit_map_text(document, "capability", cap, "name", edit[3]).redo(document)
            elif kind == "export":  # the export ledger is merged content too (a union)
                export_results(document, scratch().with_suffix(".csv"), "csv")
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
        with create_workshop(root / "lead.dmw", "fyrbodal-2020") as lead:  # K = 3: three files publish cells
            lead.db.execute("UPDATE workshop SET min_group_size = 3")
            lead.db.conn.commit()
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
        _assert_erased_stays_erased(merged, files)
        _assert_erased_stays_erased(merge(scratch(), c, a, b, anonymised=True), files, named=merged)


def erased_in(sources) -> tuple[dict[str, set[str]], set[str]]:
    """The organisations and respondents erased in any source, and the respondents such an organisation owned."""
    erased = {"organisation": set(), "respondent": set()}
    owners = []
    for path in sources:
        with open_document(path, read_only=True) as document:
            for table in erased:
                erased[table].update(row[0] for row in document.db.execute(f"SELECT id FROM {table} WHERE erased = 1"))
            owners += document.db.execute("SELECT id, organisation_id FROM respondent").fetchall()
    return erased, {person for person, org in owners if org in erased["organisation"]}


def _assert_erased_stays_erased(merged, sources, *, named=None):
    """An organisation or respondent erased in any source is erased in the merge; what it owned is gone
    (in an anonymised merge: under the ids derived from theirs with the secret the merge keeps, which the
    ``named`` merge of the same sources holds: a hand-out has a seed of its own)."""
    erased, owned = erased_in(sources)
    if named is not None:
        with open_document(named, read_only=True) as document:
            secret = document.db.execute("SELECT pseudonym_seed FROM workshop").fetchone()[0]
        erased = {table: {derived_id(secret, row_id) for row_id in ids} for table, ids in erased.items()}
        owned = {derived_id(secret, person) for person in owned}
    with open_document(merged, read_only=True) as document:
        for table, ids in erased.items():
            held = dict(document.db.execute(f"SELECT id, erased FROM {table}"))
            assert all(held.get(row_id) == 1 for row_id in ids), table
        people = {row[0] for row in document.db.execute("SELECT id FROM respondent")}
        rated = {row[0] for row in document.db.execute("SELECT respondent_id FROM rating")}
        taking_part = {row[0] for row in document.db.execute(
            "SELECT organisation_id FROM scenario_participant WHERE deleted = 0")}
    assert not taking_part & erased["organisation"]  # not even when a later edit elsewhere signed it up
    assert not (owned - erased["respondent"]) & people
    assert not rated & (owned | erased["respondent"])


def _assert_strictest_consents(merged, sources, anonymised):
    """Every respondent (tombstones too) has the most restrictive consent any source holds, also anonymised;
    but one an erased organisation owned is gone from the merge altogether."""
    erased, owned = erased_in(sources)
    gone = owned - erased["respondent"]
    strictest = {person: consent for person, consent in strictest_consents(*sources).items() if person not in gone}
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


BOARD_EDITS = st.one_of(
    st.tuples(st.just("card"), FILES, st.sampled_from([1, 2]), st.sampled_from(["E-tjänster", "Öppna data", "Drift"])),
    st.tuples(st.just("group"), FILES, PICK, PICK),
    st.tuples(st.just("vote"), FILES, PICK),
    st.tuples(st.just("merge"), FILES, PICK, PICK),
    st.tuples(st.just("not duplicates"), FILES, PICK, PICK, st.booleans()),
    st.tuples(st.just("goal"), FILES, PICK),
    st.tuples(st.just("prompt"), FILES, st.sampled_from(["Ny fråga", "Annan fråga"])),
    st.tuples(st.just("delete"), FILES, PICK),
    st.tuples(st.just("reveal"), FILES),
    st.tuples(st.just("to the map"), FILES, st.sampled_from(["Kärnförmågor", "Stödförmågor"])),
    st.tuples(st.just("pull"), FILES, FILES),
)


def _board_rows(path: Path) -> dict[str, set]:
    """Every key of the board tables in a file, tombstones too; with whether a pair is dismissed as not duplicates."""
    with open_document(path, read_only=True) as document:
        rows = {table: set(row[0] for row in document.db.execute(f"SELECT * FROM {table}"))
                for table in ("prompt", "note", "cluster", "vote", "note_goal", "board", "capability_note",
                              "capability_group")}
        rows["not_duplicate"] = set(document.db.execute("SELECT note_id, other_note_id FROM not_duplicate"))
        return rows


def _apply_board_edit(path: Path, edit, files, scratch) -> None:
    from digitalmotor_desktop.ops import board as board_ops
    from digitalmotor_desktop.store import board as board_store

    kind = edit[0]
    if kind == "pull":
        _apply(path, edit, files, scratch)
        return
    with open_document(path) as document:
        stage = edit[2] if kind == "card" else 1 + files.index(path) % 2
        board = board_store.board(document, stage)
        cards = sorted(board.visible_notes(), key=lambda n: n.id)
        try:
            if kind == "card":
                prompt = board.prompts[0].id if board.prompts else None
                board_ops.add_note(document, stage, prompt, edit[3]).redo(document)
                if stage == 2 and cards:
                    board_ops.link_goal(document, [cards[0].id], board_store.goal_rows(document)[0].id).redo(document)
            elif kind in ("group", "merge") and len(cards) >= 2:
                chosen = {cards[edit[2] % len(cards)].id, cards[edit[3] % len(cards)].id}
                if len(chosen) == 2:
                    make = board_ops.group_notes if kind == "group" else board_ops.merge_duplicates
                    make(document, stage, sorted(chosen)).redo(document)
            elif kind == "not duplicates" and len(cards) >= 2:
                pair = {cards[edit[2] % len(cards)].id, cards[edit[3] % len(cards)].id}
                if len(pair) == 2:
                    dismissed = board_ops.dismiss_duplicates(document, stage, sorted(pair))
                    dismissed.redo(document)
                    if edit[4]:
                        dismissed.undo(document)  # suggested again: a tombstone, which travels too
            elif kind == "vote" and cards:
                organisation = store_ratings.organisations(document)[0].id
                board_ops.add_vote(document, stage, organisation, cards[edit[2] % len(cards)].id).redo(document)
            elif kind == "goal" and cards:
                board_ops.goal_from(document, stage, cards[edit[2] % len(cards)].id).redo(document)
            elif kind == "prompt":
                board_ops.add_prompt(document, stage, edit[2]).redo(document)
            elif kind == "delete" and cards:
                board_ops.delete_notes(document, stage, [cards[edit[2] % len(cards)].id]).redo(document)
            elif kind == "reveal":
                board_ops.reveal(document, stage).redo(document)
            elif kind == "to the map":
                from digitalmotor_desktop.ops.board_to_map import move_to_map, set_cluster_area

                capabilities = sorted(board_store.board(document, 2).visible_notes(), key=lambda n: n.id)
                free = [n.id for n in capabilities if n.cluster_id is None][:2]
                if len(free) == 2:
                    cluster = board_ops.group_notes(document, 2, free, "Grupp")
                    cluster.redo(document)
                    set_cluster_area(document, cluster.extra["id"], edit[2]).redo(document)
                    move_to_map(document).redo(document)
        except InvalidInput:
            pass  # a budget spent, a question without cards: refused as in the app


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(BOARD_EDITS, min_size=1, max_size=12))
def test_boards_edited_apart_merge_with_every_note_vote_and_cluster_in_any_order(edits):
    """Three laptops' copies of one board (hand-outs of one organisation), edited apart and now and then
    pulling each other: the merge keeps every row any of them made, whatever the order and grouping."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        numbers = count()
        scratch = lambda: root / f"scratch-{next(numbers)}.dmw"  # noqa: E731
        with create_workshop(root / "lead.dmw", "fyrbodal-2020") as document:
            rating_ops.add_organisation(document, "Orust").redo(document)
        files = [root / f"{name}.dmw" for name in "abc"]
        for path in files:
            write_handout(root / "lead.dmw", path, "Orust")
        for edit in edits:
            _apply_board_edit(files[edit[1]], edit, files, scratch)
        a, b, c = files

        together = merge(scratch(), a, b, c)
        assert file_hash(merge(scratch(), c, b, a)) == file_hash(together)
        assert file_hash(merge(scratch(), b, merge(scratch(), c, a))) == file_hash(together)
        assert file_hash(merge(scratch(), together, b)) == file_hash(together)
        seen = [_board_rows(path) for path in files]
        assert _board_rows(together) == {table: set().union(*(s[table] for s in seen)) for table in seen[0]}
        latest: dict[tuple, tuple] = {}  # "not duplicates" said and unsaid: the later word stands
        for path in files:
            for pair, said in _dismissals(path).items():
                latest[pair] = max(latest.get(pair, said), said)
        assert _dismissals(together) == latest


def _dismissals(path: Path) -> dict[tuple, tuple]:
    with open_document(path, read_only=True) as document:
        return {(a, b): (stamp, deleted) for a, b, stamp, deleted in document.db.execute(
            "SELECT note_id, other_note_id, hlc, deleted FROM not_duplicate")}
