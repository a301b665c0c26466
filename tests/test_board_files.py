"""Boards travel in files: hand-outs keep only their organisation's dots, anonymised files none,
and a board made in one file merges into another with its cards, clusters and links."""

from digitalmotor_desktop.ops import board as ops
from digitalmotor_desktop.ops import ratings as rating_ops
from digitalmotor_desktop.ops.board_to_map import move_to_map, set_cluster_area
from digitalmotor_desktop.ops.merge import write_handout
from digitalmotor_desktop.ops.workshop import create_workshop
from digitalmotor_desktop.store import board as store
from digitalmotor_desktop.store.document import open_document

from board_data import voted_board
from merge_data import merge


def _count(path, table):
    with open_document(path, read_only=True) as document:
        return document.db.execute(f"SELECT count(*) FROM {table} WHERE deleted = 0").fetchone()[0]


def test_a_handout_carries_only_its_organisations_dots(tmp_path):
    lead = voted_board(tmp_path / "lead.dmw")
    handout = tmp_path / "orust.dmw"
    write_handout(lead, handout, "Orust")
    with open_document(handout, read_only=True) as document:
        board = store.board(document, 1)
        names = {o.id: o.name for o in rating_ops.store.organisations(document)}
    assert [names[v.organisation_id] for v in board.votes] == ["Orust"]
    assert _count(handout, "note") == 3 and _count(handout, "capability_note") == 2
    # and it merges back without losing the other organisation's dot
    assert _count(merge(tmp_path / "back.dmw", lead, handout), "vote") == 2


def test_an_anonymised_file_holds_no_dots_and_no_card_links(tmp_path):
    """A dot says which organisation favoured which idea; an anonymised file keeps none of that."""
    lead = voted_board(tmp_path / "lead.dmw")
    anonymous = merge(tmp_path / "anon.dmw", lead, anonymised=True)
    for table in ("vote", "note", "cluster", "note_goal", "capability_note"):
        assert _count(anonymous, table) == 0, table
    assert _count(anonymous, "prompt") == 4 and _count(anonymous, "capability_goal") >= 1
    kept = merge(tmp_path / "kept.dmw", lead, anonymised=True, keep_comments=True)
    assert _count(kept, "note") == 3 and _count(kept, "vote") == 0


def test_two_copies_that_each_put_a_cluster_under_an_area_merge_into_one_area(tmp_path):
    lead = tmp_path / "lead.dmw"
    create_workshop(lead, "empty").close()
    copies = []
    for name, text in (("a", "Styra leverantörer"), ("b", "Förvalta system")):
        copy = tmp_path / f"{name}.dmw"
        write_handout(lead, copy)
        with open_document(copy) as document:
            cards = []
            for part in (text, text + " väl"):
                edit = ops.add_note(document, 2, None, part)
                edit.redo(document)
                cards.append(edit.extra["id"])
            cluster = ops.group_notes(document, 2, cards, name.upper())
            cluster.redo(document)
            set_cluster_area(document, cluster.extra["id"], "Kärnförmågor").redo(document)
            move_to_map(document).redo(document)
        copies.append(copy)
    merged = merge(tmp_path / "merged.dmw", *copies)
    with open_document(merged, read_only=True) as document:
        from digitalmotor_desktop.store.workshop import capability_map

        (area,) = capability_map(document).areas
    assert area.name == "Kärnförmågor" and sorted(g.name for g in area.groups) == ["A", "B"]
