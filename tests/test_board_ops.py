"""Stage 1 and 2 board ops, without Qt: every gesture undoes to exactly what was there."""

import pytest

from digitalmotor_desktop.core import board as rules
from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.ops import board as ops
from digitalmotor_desktop.ops import ratings as rating_ops
from digitalmotor_desktop.ops.board_to_map import move_to_map, set_cluster_area
from digitalmotor_desktop.ops.workshop import create_workshop
from digitalmotor_desktop.store import board as store
from digitalmotor_desktop.store import map_edit
from digitalmotor_desktop.store.document import open_document
from digitalmotor_desktop.store.workshop import capability_map, goals, summary

from board_data import snapshot

QUESTIONS = ["Vilka kommer vara kommunens stora utmaningar för att leverera god invånarservice 2030?",
             "Vilket stöd kommer kommunen och invånarna förvänta sig från en digitalisering av verksamheten?",
             "Vad är unikt för din kommun?"]


@pytest.fixture
def empty():
    document = create_workshop(None, "empty")
    yield document
    document.close()


def run(document, edit):
    """Applies the edit, checks that undo and redo give back the document before and after it."""
    before = snapshot(document)
    edit.redo(document)
    after = snapshot(document)
    edit.undo(document)
    assert snapshot(document) == before
    edit.redo(document)
    assert snapshot(document) == after
    return edit


def add(document, text, prompt=0, stage=1, **options):
    prompt_id = store.board(document, stage).prompts[prompt].id
    return run(document, ops.add_note(document, stage, prompt_id, text, **options)).extra["id"]


def test_the_fyrbodal_template_asks_the_study_questions_and_empty_has_editable_defaults(fyrbodal, empty):
    assert [p.text for p in store.board(fyrbodal, 1).prompts] == QUESTIONS
    defaults = store.board(empty, 1).prompts
    assert len(defaults) == 3 and len(store.board(empty, 2).prompts) == 1
    run(empty, ops.edit_prompt(empty, 1, defaults[0].id, "Vad väntar invånarna sig?"))
    run(empty, ops.add_prompt(empty, 1, "En fjärde fråga"))
    run(empty, ops.tag_prompt(empty, 1, defaults[1].id, store.board(empty, 1).prompts[0].id and None))
    assert [p.text for p in store.board(empty, 1).prompts][::3] == ["Vad väntar invånarna sig?", "En fjärde fråga"]
    assert summary(empty).counts["prompts"] == 5


def test_cards_captured_under_a_prompt_never_cover_each_other(empty):
    ids = [add(empty, f"Kort {i}", prompt=i % 3) for i in range(12)]
    board = store.board(empty, 1)
    rects = [rules.card_rect(board.notes[i].x, board.notes[i].y) for i in ids]
    assert not any(a.intersects(b) for n, a in enumerate(rects) for b in rects[n + 1:])
    columns = [rules.prompt_rect(i) for i in range(3)]
    for number, note_id in enumerate(ids):
        assert columns[number % 3].x <= board.notes[note_id].x < columns[number % 3].right


def test_an_empty_or_huge_card_is_refused_and_nothing_is_written(empty):
    prompt = store.board(empty, 1).prompts[0].id
    with pytest.raises(InvalidInput, match="Write something"):
        ops.add_note(empty, 1, prompt, "   ")
    with pytest.raises(InvalidInput, match="at most"):
        ops.add_note(empty, 1, prompt, "x" * 5000)
    with pytest.raises(InvalidInput, match="not a kind"):
        ops.add_note(empty, 1, prompt, "Hej", kind="capability")
    assert summary(empty).counts["notes"] == 0


def test_group_move_take_out_and_a_cluster_that_empties_goes(empty):
    a, b, c = (add(empty, t) for t in ("Fler e-tjänster", "Öppna data", "Trygg drift"))
    cluster = run(empty, ops.group_notes(empty, 1, [a, b], "Tjänster")).extra["id"]
    assert [n.id for n in store.board(empty, 1).members(cluster)] == [a, b]
    run(empty, ops.move_to_cluster(empty, 1, [c], cluster))
    run(empty, ops.rename_cluster(empty, 1, cluster, "Digitala tjänster"))
    run(empty, ops.take_out_of_cluster(empty, 1, [a]))
    run(empty, ops.move_notes(empty, 1, {b: (16.0, 900.0), c: (1200.0, 700.0)}))
    board = store.board(empty, 1)
    assert cluster not in board.clusters and (board.notes[b].x, board.notes[b].y) == (16.0, 900.0)
    run(empty, ops.tidy_up(empty, 1))  # the cards close up under their question, in the order they stand
    board = store.board(empty, 1)
    column = sorted((n for n in board.notes.values() if n.x < rules.COLUMN_WIDTH), key=lambda n: n.y)
    assert [n.id for n in column] == [a, c, b] and column[0].y == rules.PROMPT_HEIGHT + rules.GAP


def test_merged_duplicates_keep_every_text_and_their_votes(empty):
    organisation = rating_ops.add_organisation(empty, "Orust")
    organisation.redo(empty)
    org = organisation.extra["id"]
    a, b, c = (add(empty, t) for t in ("Bättre e-tjänster", "bättre E-tjänster!", "E-tjänster som är bättre"))
    run(empty, ops.add_vote(empty, 1, org, b))
    run(empty, ops.merge_duplicates(empty, 1, [a, b]))
    run(empty, ops.merge_duplicates(empty, 1, [c, a]))
    board = store.board(empty, 1)
    assert [n.id for n in board.visible_notes()] == [c]
    assert sorted(n.text for n in board.merged_into(c)) == ["Bättre e-tjänster", "bättre E-tjänster!"]
    assert board.vote_totals()[c] == 1
    run(empty, ops.separate_duplicate(empty, 1, b))
    assert len(store.board(empty, 1).visible_notes()) == 2


def test_similar_cards_are_suggested_across_case_order_and_filler_and_can_be_dismissed(empty):
    a = add(empty, "Digitala tjänster för invånarna")
    b = add(empty, "invånarna och digitala tjänster", prompt=1)
    add(empty, "Säker drift av IT", prompt=2)
    c = add(empty, "Digitala Tjänster för invånarna!")
    assert ops.similar_cards(empty, 1) == [[a, b, c]]
    run(empty, ops.dismiss_duplicates(empty, 1, [a, b]))
    run(empty, ops.dismiss_duplicates(empty, 1, [c, b]))
    assert ops.similar_cards(empty, 1) == [[a, c]]
    run(empty, ops.dismiss_duplicates(empty, 1, [a, c]))
    assert ops.similar_cards(empty, 1) == []
    with pytest.raises(InvalidInput):
        ops.dismiss_duplicates(empty, 1, [a])


def test_not_duplicates_stays_said_after_reopening_and_undo_brings_the_suggestion_back(tmp_path):
    """A facilitator dismissed a suggestion, closed the laptop for lunch, and opened the file again."""
    path = tmp_path / "lunch.dmw"
    with create_workshop(path, "empty") as document:
        a, b = (add(document, text) for text in ("Digitala tjänster för invånarna", "Digitala tjänster, invånarna"))
        dismissed = ops.dismiss_duplicates(document, 1, [b, a])
        dismissed.redo(document)
    with open_document(path) as document:
        assert ops.similar_cards(document, 1) == []
        dismissed.undo(document)
        assert ops.similar_cards(document, 1) == [[a, b]]
        assert store.not_duplicate(document, frozenset((a, b))).deleted, "undone: a tombstone that travels too"


def test_private_writing_shows_blank_cards_until_revealed(empty):
    run(empty, ops.set_private_writing(empty, 1, True))
    hidden = add(empty, "Min egen tanke")
    assert store.board(empty, 1).notes[hidden].hidden
    assert ops.similar_cards(empty, 1) == []
    run(empty, ops.reveal(empty, 1))
    board = store.board(empty, 1)
    assert not board.notes[hidden].hidden and not board.settings.private_writing


def test_dot_voting_keeps_to_the_budget_and_totals_order_clusters(empty):
    orgs = []
    for name in ("Orust", "Tanum"):
        edit = rating_ops.add_organisation(empty, name)
        edit.redo(empty)
        orgs.append(edit.extra["id"])
    run(empty, ops.set_vote_budget(empty, 1, 2))
    a, b, c, d = (add(empty, t) for t in ("A", "B", "C", "D"))
    first = run(empty, ops.group_notes(empty, 1, [a, b], "Först")).extra["id"]
    second = run(empty, ops.group_notes(empty, 1, [c, d], "Sedan")).extra["id"]
    run(empty, ops.add_vote(empty, 1, orgs[0], d))
    run(empty, ops.add_vote(empty, 1, orgs[0], second))
    with pytest.raises(InvalidInput, match="used all its 2 dots"):
        ops.add_vote(empty, 1, orgs[0], a)
    run(empty, ops.add_vote(empty, 1, orgs[1], a))
    board = store.board(empty, 1)
    assert [c.id for c in rules.clusters_by_votes(board)] == [second, first]
    run(empty, ops.tidy_up(empty, 1))
    board = store.board(empty, 1)
    assert board.clusters[second].y < board.clusters[first].y
    assert sorted(n.y for n in board.visible_notes() if n.cluster_id is None) == []
    run(empty, ops.remove_vote(empty, 1, orgs[0], second))
    run(empty, ops.show_votes(empty, 1, True))
    assert summary(empty).counts["votes"] == 2


def test_cards_and_clusters_become_the_ordered_malbild(empty):
    a, b = add(empty, "Invånarna möter en sammanhållen kommun"), add(empty, "Data delas säkert")
    cluster = run(empty, ops.group_notes(empty, 1, [a, b], "Sammanhållen service")).extra["id"]
    first = run(empty, ops.goal_from(empty, 1, cluster)).extra["id"]
    second = run(empty, ops.goal_from(empty, 1, b)).extra["id"]
    run(empty, ops.add_goal(empty, "Kompetens i hela organisationen"))
    run(empty, ops.move_goal(empty, second, 0))
    run(empty, ops.edit_goal(empty, first, "En sammanhållen service"))
    assert [g.text for g in goals(empty)] == ["Data delas säkert", "En sammanhållen service",
                                               "Kompetens i hela organisationen"]
    run(empty, ops.delete_goal(empty, second))
    assert store.board(empty, 1).notes[b].goal_id is None


def test_stage_two_cards_break_down_link_to_goals_and_move_to_the_map(empty):
    goal = run(empty, ops.add_goal(empty, "Digitala tjänster")).extra["id"]
    parent = add(empty, "Utveckla digitala tjänster", stage=2)
    parts = [run(empty, ops.add_note(empty, 2, None, t, parent_id=parent)).extra["id"]
             for t in ("Designa tjänster", "Bygga tjänster")]
    other = add(empty, "Styra leverantörer", stage=2)
    duplicate = add(empty, "Leverantörsstyrning", stage=2)
    run(empty, ops.merge_duplicates(empty, 2, [other, duplicate]))
    run(empty, ops.link_goal(empty, [parent, parts[0]], goal))
    cluster = run(empty, ops.group_notes(empty, 2, [parent, other], "Tjänsteutveckling")).extra["id"]
    assert {n.id for n in store.board(empty, 2).members(cluster)} == {parent, *parts, other}
    run(empty, set_cluster_area(empty, cluster, "Kärnförmågor"))
    with pytest.raises(InvalidInput, match="at most"):
        set_cluster_area(empty, cluster, "x" * 300)
    run(empty, move_to_map(empty))
    (area,) = capability_map(empty).areas
    (group,) = area.groups
    assert (area.name, group.name) == ("Kärnförmågor", "Tjänsteutveckling")
    assert [c.name for c in group.capabilities] == ["Utveckla digitala tjänster", "Designa tjänster",
                                                    "Bygga tjänster", "Styra leverantörer"]
    assert group.capabilities[1].description == "Vi kan designa tjänster."
    designed, steered = group.capabilities[1], group.capabilities[3]
    assert store.capability_goal_ids(empty, designed.id) == [goal]
    assert set(map_edit.source_card_texts(empty, steered.id)) == {"Styra leverantörer", "Leverantörsstyrning"}
    with pytest.raises(InvalidInput, match="nothing is ready"):
        move_to_map(empty)


def test_deleting_cards_takes_their_duplicates_parts_and_votes(empty):
    organisation = rating_ops.add_organisation(empty, "Orust")
    organisation.redo(empty)
    parent = add(empty, "Utveckla tjänster", stage=2)
    run(empty, ops.add_note(empty, 2, None, "Designa", parent_id=parent))
    run(empty, ops.add_vote(empty, 2, organisation.extra["id"], parent))
    run(empty, ops.delete_notes(empty, 2, [parent]))
    assert store.board(empty, 2).notes == {} and summary(empty).counts["votes"] == 0


@pytest.mark.parametrize("attack", ["=HYPERLINK(\"http://x\")", "\x00\x07", "🙂" * 10, "a\nb\tc"])
def test_odd_text_is_kept_as_text(empty, attack):
    note = add(empty, f"x {attack}")
    assert store.board(empty, 1).notes[note].text == f"x {attack}".strip()
