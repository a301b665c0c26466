"""The demo workshop the README opens: the Fyrbodal map with 15 organisations' ratings."""

from digitalmotor_desktop.core.statistics import bottom, capability_statistics, top
from digitalmotor_desktop.demo import create_demo
from digitalmotor_desktop.store import board
from digitalmotor_desktop.store.document import open_document
from digitalmotor_desktop.store.results import observations
from digitalmotor_desktop.store.workshop import capability_map, summary


def test_demo_holds_the_study_joint_result(tmp_path):
    path = tmp_path / "demo.dmw"
    create_demo(path)
    with open_document(path, read_only=True) as document:
        counts = summary(document).counts
        assert (counts["organisations"], counts["respondents"], counts["ratings"]) == (15, 15, 825)
        rows = capability_statistics(observations(document), [c.id for c in capability_map(document).capabilities()])
        names = {c.id: c.name for c in capability_map(document).capabilities()}
        found = observations(document)
    assert [round(r.stats.mean, 2) for r in top(rows)] == [3.00, 2.73, 2.67, 2.67, 2.67]
    assert [round(r.stats.mean, 2) for r in bottom(rows)] == [1.47, 1.53, 1.80, 1.87, 1.93]
    assert names[bottom(rows)[0].stats.capability_id] == "Avveckla"
    assert all(r.n == 15 for r in rows)
    # Two organisations share with the facilitator only: the privacy rules have something to hide.
    assert len({o.organisation_id for o in found if o.consent == "facilitator"}) == 2


def test_demo_boards_hold_answers_under_every_question_and_clusters_to_try(tmp_path):
    """A new user opening stage 1 or 2 of the demo sees a board to work, not only the questions."""
    path = tmp_path / "demo.dmw"
    create_demo(path)
    with open_document(path, read_only=True) as document:
        goals_board, ideas_board = board.board(document, 1), board.board(document, 2)
    answered = {note.prompt_id for note in goals_board.notes.values()}
    assert answered == {prompt.id for prompt in goals_board.prompts} and len(goals_board.notes) == 28
    assert {cluster.name for cluster in goals_board.clusters.values()} == {
        "Kompetens", "Trygg drift", "Tjänster dygnet runt", "Effektivisering", "Natur och kust"}
    assert {note.kind for note in ideas_board.notes.values()} == {"capability"} and len(ideas_board.clusters) == 4
    assert not any(note.hidden for note in (*goals_board.notes.values(), *ideas_board.notes.values()))


def test_demo_without_a_window_makes_the_file_and_exits(tmp_path, capsys):
    from digitalmotor_desktop.cli import main

    assert main(["demo", "--output", str(tmp_path / "d"), "--no-window"]) == 0
    assert (tmp_path / "d" / "fyrbodal-demo.dmw").stat().st_size > 0
    assert "15 organisations" in capsys.readouterr().out
