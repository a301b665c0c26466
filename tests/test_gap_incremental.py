"""Stage 5 updated one rating at a time shows exactly what a full recompute shows (hypothesis).

The attack: a sequence of ratings, "vet ej" answers, answers taken back, consent
narrowed and widened, respondents deleted and undone, in which one change moves a
figure the incremental path did not recompute — most likely through the rules that
look across capabilities (which organisations may be shown) or across time (an
earlier export). Each step is compared with everything computed again from scratch.
"""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QPoint
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.core.model import CONSENT_GROUP, CONSENT_WITHDRAWN, CONSENTS
from digitalmotor_desktop.core.privacy import EarlierExport, LiveResult, compile_result, ledger_key
from digitalmotor_desktop.core.scenarios import Decision
from digitalmotor_desktop.core.statistics import Observation
from digitalmotor_desktop.gui.main_window import MainWindow
from digitalmotor_desktop.gui.session import WorkshopSession
from digitalmotor_desktop.gui.stages import gap
from digitalmotor_desktop.ops.decisions import decide
from digitalmotor_desktop.ops.ratings import (add_organisation, add_respondent, clear_maturity, delete_respondent,
                                              set_consent, set_importance, set_maturity)
from digitalmotor_desktop.ops import results
from digitalmotor_desktop.ops.results import LiveGapReport, gap_report
from digitalmotor_desktop.ops.workshop import create_workshop
from digitalmotor_desktop.store import ratings as rating_store
from digitalmotor_desktop.store.document import open_document
from digitalmotor_desktop.store.results import set_workshop_min_group_size
from digitalmotor_desktop.store.workshop import capability_map
from gap_data import csv_rows, insert_ratings

full = results._gap_report  # what a full recompute runs
ORGANISATIONS = [f"o{i}" for i in range(5)]
RESPONDENTS = {f"r{i}": ORGANISATIONS[i % len(ORGANISATIONS)] for i in range(8)}  # r5–r7: a second respondent
CAPABILITIES = ["c0", "c1", "c2", "c3"]
LEVELS = st.one_of(st.none(), st.integers(0, 4))  # None: "vet ej"
IMPORTANCE = st.one_of(st.none(), st.integers(1, 5))

respondent = st.sampled_from(sorted(RESPONDENTS))
capability = st.sampled_from(CAPABILITIES)
step = st.one_of(
    st.tuples(st.just("rate"), respondent, capability, LEVELS, IMPORTANCE),
    st.tuples(st.just("clear"), respondent, capability),
    st.tuples(st.just("consent"), respondent, st.sampled_from(CONSENTS)),
    st.tuples(st.just("delete"), respondent),
    st.tuples(st.just("target"), capability, st.one_of(st.none(), st.integers(0, 4))),  # the room decides
    st.tuples(st.just("undo")),
)


@dataclasses.dataclass
class Workshop:
    """Ratings as the store holds them: (respondent, capability) → (maturity, importance), per respondent a
    consent, the deleted respondents, and the target levels the room decided."""

    ratings: dict = dataclasses.field(default_factory=dict)
    consent: dict = dataclasses.field(default_factory=lambda: dict.fromkeys(RESPONDENTS, CONSENT_GROUP))
    deleted: set = dataclasses.field(default_factory=set)
    targets: dict = dataclasses.field(default_factory=lambda: {"c1": 4})

    def copy(self) -> "Workshop":
        return Workshop(dict(self.ratings), dict(self.consent), set(self.deleted), dict(self.targets))

    def observations(self) -> list[Observation]:
        """As ``store.results.observations`` reads them: a withdrawn or deleted respondent counts nowhere."""
        return [Observation(RESPONDENTS[person], person, self.consent[person], cap, maturity, importance)
                for (person, cap), (maturity, importance) in sorted(self.ratings.items())
                if person not in self.deleted and self.consent[person] != CONSENT_WITHDRAWN]

    def apply(self, change: tuple) -> None:
        kind, subject, *rest = change  # subject: a respondent, or a capability for "target"
        if kind == "rate":
            self.ratings[(subject, rest[0])] = (rest[1], rest[2])
        elif kind == "clear":
            self.ratings.pop((subject, rest[0]), None)
        elif kind == "consent":
            self.consent[subject] = rest[0]
        elif kind == "target":
            targets = {**self.targets, subject: rest[0]}
            self.targets = {cap: level for cap, level in targets.items() if level is not None}
        else:
            self.deleted ^= {subject}


def by_capability(observations: list[Observation]) -> dict[str, list[Observation]]:
    grouped: dict[str, list[Observation]] = {cap: [] for cap in CAPABILITIES}
    for observation in observations:
        grouped[observation.capability_id].append(observation)
    return grouped


@settings(max_examples=300, deadline=None)
@given(start=st.lists(st.tuples(st.just("rate"), respondent, capability, LEVELS, IMPORTANCE), max_size=24),
       steps=st.lists(step, min_size=1, max_size=30), k=st.sampled_from([3, 4]), anonymised=st.booleans(),
       exported=st.sampled_from(["none", "this workshop", "another workshop"]))
def test_any_sequence_of_changes_gives_the_result_of_a_full_recompute(start, steps, k, anonymised, exported):
    workshop = Workshop()
    for change in start:
        workshop.apply(change)
    rules = dict(min_n=k, anonymised=anonymised, names={o: f"Kommun {o}" for o in ORGANISATIONS},
                 pseudonym_seed="seed", levels=5, default_target=3)
    earlier = []
    if exported != "none":  # the start was exported: later cells that differ by fewer than K are withheld
        secret = "seed" if exported == "this workshop" else "other"
        ledger = compile_result(workshop.observations(), CAPABILITIES, target_levels=workshop.targets,
                                **dict(rules, pseudonym_seed=secret)).ledger
        earlier = [EarlierExport(ledger_key(secret), ledger)]
    live = LiveResult(workshop.observations(), CAPABILITIES, earlier_exports=earlier, target_levels=workshop.targets,
                      **rules)
    history = []
    for change in steps:
        before = workshop.observations()
        if change[0] == "undo":
            if not history:
                continue
            workshop = history.pop()
        else:
            history.append(workshop.copy())
            workshop.apply(change)
        now = by_capability(workshop.observations())
        then = by_capability(before)
        touched = {cap: rows for cap, rows in now.items() if sorted(rows) != sorted(then[cap])}
        live.update(touched)
        live.retarget(workshop.targets)
        assert live.result() == compile_result(workshop.observations(), CAPABILITIES, earlier_exports=earlier,
                                               target_levels=workshop.targets, **rules)


# Through the ops and the store: the Changes an edit reports are all the live report is told. -------------------

@pytest.fixture(scope="module")
def capability_ids():
    with create_workshop(None, "fyrbodal-2020") as document:
        return [c.id for c in capability_map(document).capabilities()][:4]


edit = st.one_of(
    st.tuples(st.just("rate"), st.integers(0, 5), st.integers(0, 3), LEVELS),
    st.tuples(st.just("importance"), st.integers(0, 5), st.integers(0, 3), IMPORTANCE),
    st.tuples(st.just("clear"), st.integers(0, 5), st.integers(0, 3)),
    st.tuples(st.just("consent"), st.integers(0, 5), st.sampled_from(CONSENTS)),
    st.tuples(st.just("delete"), st.integers(0, 5)),
    st.tuples(st.just("decide"), st.integers(0, 5), st.integers(0, 3), st.one_of(st.none(), st.integers(0, 4))),
    st.tuples(st.just("undo")),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(edit, min_size=1, max_size=25), anonymised=st.booleans())
def test_the_live_report_follows_every_edit_as_a_fresh_report_would(capability_ids, edits, anonymised):
    with create_workshop(None, "fyrbodal-2020") as document:
        set_workshop_min_group_size(document, 3)
        people = []
        for i in range(3):
            organisation = add_organisation(document, f"Kommun {i}")
            organisation.redo(document)
            for label in ("IT", "Rektor"):
                person = add_respondent(document, organisation.extra["id"], label, CONSENT_GROUP)
                person.redo(document)
                people.append(person.extra["id"])
        for person in people:
            for cap in capability_ids:
                set_maturity(document, person, cap, 2).redo(document)
        live = LiveGapReport(document, anonymised)
        live.refresh()
        done = []
        for kind, *args in edits:
            if kind == "undo":
                if not done:
                    continue
                changes = done.pop().undo(document)
            else:
                person = people[args[0]]
                try:
                    change = {"rate": lambda: set_maturity(document, person, capability_ids[args[1]], args[2]),
                              "importance": lambda: set_importance(document, person, capability_ids[args[1]], args[2]),
                              "clear": lambda: clear_maturity(document, person, capability_ids[args[1]]),
                              "consent": lambda: set_consent(document, person, args[1]),
                              "delete": lambda: delete_respondent(document, person),
                              "decide": lambda: decide(document, capability_ids[args[1]],
                                                       Decision(True, None, None, args[2]))}[kind]()
                except UserError:  # a deleted respondent can be neither rated nor deleted again
                    continue
                changes = change.redo(document)
                done.append(change)
            live.refresh(changes)
            assert live.report == gap_report(document, anonymised=anonymised)


# In the window: after many ratings the heat map and the scatter show what a freshly opened stage shows. --------

def _shown(stage, page: int) -> dict:
    """What the page shows, as values: the heat map's boxes, the scatter's points, labels and quadrant lines
    with the priority table beside it, or a table's rows; and the rule under the side panel."""
    shown = {"rule": stage.rule.text()}
    if page == gap.PAGE_MAP:
        shown["boxes"] = {cap: box.style for cap, box in stage.canvas.boxes.items()}
    elif page == gap.PAGE_SCATTER:
        shown.update(points=stage.scatter.shown(), labels=stage.scatter.labels.shown(),
                     quadrants=(stage.scatter.x_line.value(), stage.scatter.y_line.value()))
    model = {gap.PAGE_SCATTER: stage.priority_model, gap.PAGE_TABLE: stage.joint_model,
             gap.PAGE_ORGANISATIONS: stage.organisation_model}.get(page)
    if model is not None:
        shown["table"] = (model.headers, model.keys, model.rows, model.dimmed)
    return shown


def _picture(stage, page: int):
    """The heat map or the scatter as the window shows it: read back from the window's backing store, not
    painted anew, so a box or point left unpainted shows. (Tables are sized when first filled, so their
    columns may differ; their values are compared instead.)"""
    widget = stage.canvas.viewport() if page == gap.PAGE_MAP else stage.scatter
    corner = widget.mapTo(stage.window(), QPoint(0, 0))
    return stage.screen().grabWindow(stage.window().winId(), corner.x(), corner.y(), widget.width(),
                                     widget.height()).toImage()


def _open(qtbot, session, page: int):
    stage = gap.GapStage()
    qtbot.addWidget(stage)
    stage.resize(1600, 900)
    stage.set_session(session)
    stage.show()
    qtbot.waitExposed(stage)
    stage.pages.setCurrentIndex(page)
    return stage


@pytest.mark.parametrize("page", [gap.PAGE_MAP, gap.PAGE_SCATTER, gap.PAGE_TABLE, gap.PAGE_ORGANISATIONS])
def test_after_ratings_vet_ej_decisions_and_undo_the_page_on_show_equals_a_fresh_stage(qtbot, fyrbodal, tmp_path,
                                                                                          page):
    # Kommun 03 shares with the facilitator only and rated 20 capabilities: those are withheld per organisation
    facilitator_only = [dict(r, consent="facilitator") for r in csv_rows() if r["organisation"] == "Kommun 03"][:20]
    insert_ratings(fyrbodal, [r for r in csv_rows() if r["organisation"] != "Kommun 03"] + facilitator_only)
    session = WorkshopSession(fyrbodal)
    stage = _open(qtbot, session, page)
    people = [p.id for p in rating_store.respondents(fyrbodal)]
    caps = [c.id for c in capability_map(fyrbodal).capabilities()]
    levels = [None, 0, 1, 2, 3, 4]
    for i in range(40):  # "vet ej", levels, answers taken back, decisions, undo: the page updates in place
        session.apply(set_maturity(fyrbodal, people[(7 * i) % len(people)], caps[(11 * i) % len(caps)],
                                   levels[i % len(levels)]))
        if i % 3 == 0:
            session.apply(clear_maturity(fyrbodal, people[(5 * i) % len(people)], caps[(3 * i) % len(caps)]))
        if i % 5 == 0:  # the room decides a target level: the gap moves
            session.apply(decide(fyrbodal, caps[i], Decision(True, None, None, i % 5)))
        if i % 7 == 0:
            session.undo_stack.undo()
        qtbot.wait(1)  # each change reaches the screen, as in the room
    assert page not in stage._stale  # it was updated, not left to redraw
    assert stage.live.report == gap_report(fyrbodal)
    mine = _picture(stage, page) if page in (gap.PAGE_MAP, gap.PAGE_SCATTER) else None  # before another
    # window opens (which may repaint this one)

    fresh = _open(qtbot, session, page)
    fresh.select(stage.selected)
    fresh.canvas.verticalScrollBar().setValue(stage.canvas.verticalScrollBar().value())
    qtbot.wait(20)
    assert _shown(stage, page) == _shown(fresh, page)
    if mine is not None:
        theirs = _picture(fresh, page)
        mine.save(str(tmp_path / "updated.png"))
        theirs.save(str(tmp_path / "fresh.png"))
        assert mine == theirs


@pytest.fixture
def full_recomputes(monkeypatch):
    """Every full recompute of the report from here on."""
    calls = []
    monkeypatch.setattr(results, "_gap_report", lambda *args: calls.append(args) or full(*args))
    return calls


def test_the_room_s_heat_map_follows_ratings_box_by_box_and_equals_a_fresh_one(qtbot, fyrbodal, full_recomputes):
    insert_ratings(fyrbodal, csv_rows())
    session = WorkshopSession(fyrbodal)
    stage = _open(qtbot, session, gap.PAGE_MAP)
    room = stage.audience_widget()
    qtbot.addWidget(room)
    room.resize(1280, 720)
    room.show()
    qtbot.waitExposed(room)
    boxes = dict(room.canvas.boxes)
    people = [p.id for p in rating_store.respondents(fyrbodal)]
    caps = [c.id for c in capability_map(fyrbodal).capabilities()]
    full_recomputes.clear()
    for i, level in enumerate([None, 0, 4, None, 1]):
        session.apply(set_maturity(fyrbodal, people[i], caps[i], level))
    assert room.canvas.boxes == boxes and full_recomputes == []  # recomputed and restyled box by box
    session.apply(set_consent(fyrbodal, people[0], "facilitator"))  # not a rating: all computed again
    session.apply(delete_respondent(fyrbodal, people[1]))
    session.undo_stack.undo()
    session.apply(set_maturity(fyrbodal, people[2], caps[0], 3))
    fresh = stage.audience_widget()
    qtbot.addWidget(fresh)
    fresh.resize(1280, 720)
    fresh.show()
    qtbot.waitExposed(fresh)
    assert {cap: box.style for cap, box in room.canvas.boxes.items()} == \
        {cap: box.style for cap, box in fresh.canvas.boxes.items()}
    assert room.selected.text() == fresh.selected.text()


def test_ratings_captured_while_stage_5_is_hidden_show_when_it_comes_back(qtbot, fyrbodal_file, full_recomputes):
    """The hidden stage gathers the ratings' Changes and catches up once, on their capabilities only."""
    with open_document(fyrbodal_file) as document:
        insert_ratings(document, csv_rows())
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.open_path(fyrbodal_file)
    window.show_stage(5)
    window.show()
    qtbot.waitExposed(window)
    stage = window.current_view()
    boxes = dict(stage.canvas.boxes)
    window.show_stage(4)
    session, document = stage.session, stage.session.document
    people = [p.id for p in rating_store.respondents(document)]
    caps = [c.id for c in capability_map(document).capabilities()]
    full_recomputes.clear()
    for i in range(12):
        session.apply(set_maturity(document, people[i], caps[i % 4], [None, 0, 4][i % 3]))
    window.show_stage(5)
    assert window.current_view() is stage and stage.canvas.boxes == boxes  # restyled, not laid out again
    assert full_recomputes == []
    fresh = _open(qtbot, session, gap.PAGE_MAP)
    assert _shown(stage, gap.PAGE_MAP) == _shown(fresh, gap.PAGE_MAP)
