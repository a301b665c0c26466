"""Building and revising the capability map with the ops: every step undoable, history kept."""

import pytest

from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.ops import map as map_ops
from digitalmotor_desktop.ops import ratings as rating_ops
from digitalmotor_desktop.ops.workshop import create_workshop
from digitalmotor_desktop.store import map_edit
from digitalmotor_desktop.store.map_edit import AREA, CAPABILITY, GROUP
from digitalmotor_desktop.store.workshop import capability_map, goals, summary


@pytest.fixture
def empty():
    document = create_workshop(None, "empty")
    yield document
    document.close()


def outline(document):
    """The map as nested names: what a facilitator sees."""
    return [(a.name, [(g.name, [c.name for c in g.capabilities]) for g in a.groups])
            for a in capability_map(document).areas]


def run(document, edit, done):
    edit.redo(document)
    done.append(edit)
    return edit.extra.get("id")


def test_an_empty_workshop_is_built_into_a_map_and_every_step_undoes_and_redoes(empty):
    done, seen = [], [outline(empty)]
    lead = run(empty, map_ops.add_item(empty, AREA, "", "Ledningsförmågor"), done)
    seen.append(outline(empty))
    core = run(empty, map_ops.add_item(empty, AREA, "", "Kärnförmågor"), done)
    seen.append(outline(empty))
    leda = run(empty, map_ops.add_item(empty, GROUP, lead, "Leda"), done)
    seen.append(outline(empty))
    styra = run(empty, map_ops.add_item(empty, GROUP, core, "Styra"), done)
    seen.append(outline(empty))
    culture = run(empty, map_ops.add_item(empty, CAPABILITY, leda, "Bygga kultur", description="Vi kan …"), done)
    seen.append(outline(empty))
    run(empty, map_ops.add_item(empty, CAPABILITY, leda, "Förändra", index=0), done)
    seen.append(outline(empty))
    run(empty, map_ops.move_item(empty, CAPABILITY, culture, styra, 0), done)
    seen.append(outline(empty))
    run(empty, map_ops.move_item(empty, AREA, core, "", 0), done)
    seen.append(outline(empty))
    run(empty, map_ops.edit_map_text(empty, GROUP, styra, "name", "  Styra  och  följa upp "), done)
    seen.append(outline(empty))
    run(empty, map_ops.delete_item(empty, GROUP, leda), done)
    seen.append(outline(empty))
    assert seen[-1] == [("Kärnförmågor", [("Styra och följa upp", ["Bygga kultur"])]), ("Ledningsförmågor", [])]
    assert summary(empty).counts["capabilities"] == 1

    for edit, before in zip(reversed(done), reversed(seen[:-1])):
        edit.undo(empty)
        assert outline(empty) == before
    assert outline(empty) == []
    for edit, after in zip(done, seen[1:]):
        edit.redo(empty)
        assert outline(empty) == after


def test_moves_by_index_keep_order_and_undo_puts_it_back(fyrbodal):
    group = capability_map(fyrbodal).groups()[0]
    names = [c.name for c in group.capabilities]
    last = group.capabilities[-1]
    edit = map_ops.move_item(fyrbodal, CAPABILITY, last.id, group.id, 0)
    edit.redo(fyrbodal)
    assert [c.name for c in capability_map(fyrbodal).groups()[0].capabilities] == [names[-1], *names[:-1]]
    edit.undo(fyrbodal)
    assert [c.name for c in capability_map(fyrbodal).groups()[0].capabilities] == names
    with pytest.raises(InvalidInput):
        map_ops.move_item(fyrbodal, CAPABILITY, last.id, group.id, len(names) - 1)


def test_many_moves_into_the_same_gap_renumber_instead_of_losing_order(empty):
    area = map_ops.add_item(empty, AREA, "", "A")
    area.redo(empty)
    group = map_ops.add_item(empty, GROUP, area.extra["id"], "G")
    group.redo(empty)
    group_id = group.extra["id"]
    for name in ("first", "last"):
        map_ops.add_item(empty, CAPABILITY, group_id, name).redo(empty)
    for number in range(80):  # floating point runs out of midpoints after about 50
        map_ops.add_item(empty, CAPABILITY, group_id, f"n{number}", index=1).redo(empty)
    shown = [c.name for c in capability_map(empty).groups()[0].capabilities]
    assert shown == ["first", *(f"n{number}" for number in reversed(range(80))), "last"]


def test_deleting_a_rated_capability_says_how_many_ratings_it_hides(fyrbodal):
    capability = capability_map(fyrbodal).capabilities()[0]
    added = rating_ops.add_organisation(fyrbodal, "Orust")
    added.redo(fyrbodal)
    person = rating_ops.add_respondent(fyrbodal, added.extra["id"], "", "group")
    person.redo(fyrbodal)
    rating_ops.set_maturity(fyrbodal, person.extra["id"], capability.id, 2).redo(fyrbodal)
    assert map_ops.delete_item(fyrbodal, CAPABILITY, capability.id).extra["ratings"] == 1
    assert map_ops.delete_item(fyrbodal, GROUP, capability.group_id).extra["ratings"] == 1
    assert map_ops.delete_item(fyrbodal, CAPABILITY, capability_map(fyrbodal).capabilities()[1].id).extra["ratings"] == 0


def test_deleted_rows_stay_as_tombstones(fyrbodal):
    group = capability_map(fyrbodal).groups()[0]
    map_ops.delete_item(fyrbodal, GROUP, group.id).redo(fyrbodal)
    rows = fyrbodal.db.execute("SELECT deleted FROM capability WHERE group_id = ?", [group.id]).fetchall()
    assert rows and all(deleted == 1 for (deleted,) in rows)
    with pytest.raises(InvalidInput):
        map_ops.add_item(fyrbodal, CAPABILITY, group.id, "Into a deleted group")


def test_goal_links_toggle_and_undo(fyrbodal):
    capability = capability_map(fyrbodal).capabilities()[0]
    goal = goals(fyrbodal)[2]
    edit = map_ops.link_goal(fyrbodal, capability.id, goal.id, True)
    edit.redo(fyrbodal)
    assert map_edit.linked_goals(fyrbodal, capability.id) == {goal.id}
    edit.undo(fyrbodal)
    assert map_edit.linked_goals(fyrbodal, capability.id) == set()


def test_the_history_of_one_capability_lists_its_edits_newest_first(fyrbodal):
    capability, other = capability_map(fyrbodal).capabilities()[:2]
    map_ops.edit_map_text(fyrbodal, CAPABILITY, capability.id, "name", "Leda kultur").redo(fyrbodal)
    map_ops.edit_map_text(fyrbodal, CAPABILITY, other.id, "name", "Annat").redo(fyrbodal)
    map_ops.move_item(fyrbodal, CAPABILITY, capability.id, capability_map(fyrbodal).groups()[1].id, 0).redo(fyrbodal)
    history = map_edit.revisions(fyrbodal, capability.id)
    assert [r.field for r in history] == [map_edit.MOVED, "name"]
    assert history[1].old_value == capability.name and history[1].new_value == "Leda kultur"
    assert len(map_edit.revisions(fyrbodal)) == 3


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_a_pasted_name_that_is_empty_or_huge_is_refused_and_nothing_changes(fyrbodal, name):
    before = outline(fyrbodal)
    group = capability_map(fyrbodal).groups()[0]
    with pytest.raises(InvalidInput):
        map_ops.add_item(fyrbodal, CAPABILITY, group.id, name)
    with pytest.raises(InvalidInput):
        map_ops.edit_map_text(fyrbodal, GROUP, group.id, "name", name)
    assert outline(fyrbodal) == before


def test_two_laptops_reordering_one_group_keep_both_moves_in_either_merge_order(tmp_path):
    """A moves the last capability to the top and the second to another group, B moves the first to the
    bottom and deletes the second: the merged map holds both moves and the tombstone, whichever file comes first."""
    from digitalmotor_desktop.ops.merge import write_handout
    from digitalmotor_desktop.store.document import open_document
    from merge_data import file_hash, merge

    lead = tmp_path / "lead.dmw"
    create_workshop(lead, "fyrbodal-2020").close()
    a, b = tmp_path / "a.dmw", tmp_path / "b.dmw"
    write_handout(lead, a)
    write_handout(lead, b)
    with open_document(a) as document:
        group = capability_map(document).groups()[0]
        names = [c.name for c in group.capabilities]
        map_ops.move_item(document, CAPABILITY, group.capabilities[-1].id, group.id, 0).redo(document)
        map_ops.move_item(document, CAPABILITY, group.capabilities[1].id, capability_map(document).groups()[1].id,
                          0).redo(document)
    with open_document(b) as document:
        map_ops.move_item(document, CAPABILITY, group.capabilities[0].id, group.id, len(names) - 1).redo(document)
        map_ops.delete_item(document, CAPABILITY, group.capabilities[1].id).redo(document)
    first, second = merge(tmp_path / "ab.dmw", a, b), merge(tmp_path / "ba.dmw", b, a)
    assert file_hash(first) == file_hash(second)
    with open_document(first, read_only=True) as document:
        merged = capability_map(document)
    assert [c.name for c in merged.groups()[0].capabilities] == [names[-1], *names[2:-1], names[0]]
    assert names[1] not in [c.name for c in merged.capabilities()]


def test_alt_arrows_move_within_a_group_then_across_and_stop_at_the_ends(fyrbodal):
    shown = capability_map(fyrbodal)
    leda, styra = shown.groups()[:2]
    first, last = leda.capabilities[0], leda.capabilities[-1]
    assert map_ops.step(shown, CAPABILITY, first.id, "down") == (leda.id, 1)
    assert map_ops.step(shown, CAPABILITY, last.id, "down") == (styra.id, 0)
    assert map_ops.step(shown, CAPABILITY, leda.capabilities[4].id, "right") == (styra.id, 4)  # Styra has 4
    assert map_ops.step(shown, CAPABILITY, first.id, "up") is None  # the very first capability
    assert map_ops.step(shown, CAPABILITY, first.id, "left") is None
    assert map_ops.step(shown, GROUP, leda.id, "right") == (shown.areas[1].id, 0)
    assert map_ops.step(shown, AREA, shown.areas[0].id, "right") is None
    assert map_ops.step(shown, AREA, shown.areas[2].id, "up") == ("", 1)


def test_a_drop_lands_where_it_was_aimed_and_a_meaningless_one_is_ignored(fyrbodal):
    shown = capability_map(fyrbodal)
    leda, styra = shown.groups()[:2]
    moving = leda.capabilities[0].id
    assert map_ops.drop_place(shown, CAPABILITY, moving, GROUP, styra.id, -1) == (styra.id, 4)
    assert map_ops.drop_place(shown, CAPABILITY, moving, GROUP, leda.id, 3) == (leda.id, 2)  # its old place leaves
    assert map_ops.drop_place(shown, CAPABILITY, moving, CAPABILITY, styra.capabilities[0].id, -1) == (styra.id, 1)
    assert map_ops.drop_place(shown, CAPABILITY, moving, AREA, shown.areas[0].id, -1) is None
    assert map_ops.drop_place(shown, AREA, shown.areas[0].id, "", "", 3) == ("", 2)
    assert map_ops.drop_place(shown, GROUP, leda.id, CAPABILITY, moving, -1) is None


def test_a_capability_moved_into_a_group_another_laptop_deleted_is_neither_shown_nor_counted(fyrbodal, tmp_path):
    group = capability_map(fyrbodal).groups()[1]
    moved = capability_map(fyrbodal).groups()[0].capabilities[0]
    map_ops.delete_item(fyrbodal, GROUP, group.id).redo(fyrbodal)
    # What a merge makes of A's move and B's deletion: the capability live, its group a tombstone.
    fyrbodal.db.execute("UPDATE capability SET group_id = ?, deleted = 0 WHERE id = ?", [group.id, moved.id])
    assert moved.id not in [c.id for c in capability_map(fyrbodal).capabilities()]
    assert summary(fyrbodal).counts["capabilities"] == len(capability_map(fyrbodal).capabilities()) == 55 - 5
