"""Workshops 1 and 2 in the window, as a facilitator runs them: from the `empty` template to a målbild
and a map, by key presses and mouse gestures on the real widgets, then undone to nothing and redone."""

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QColor

from digitalmotor_desktop.gui.board.canvas import BoardScene
from digitalmotor_desktop.gui.board.items import CARD_TEXT_PX, CLUSTER_NAME_PX
from digitalmotor_desktop.gui.main_window import MainWindow
from digitalmotor_desktop.ops import board as board_ops
from digitalmotor_desktop.ops import ratings as rating_ops
from digitalmotor_desktop.ops.workshop import create_workshop
from digitalmotor_desktop.store import board as store
from digitalmotor_desktop.store import map_edit
from digitalmotor_desktop.store.workshop import capability_map, goals

from board_data import runner, snapshot

ANSWERS = [  # ten per question (QTest types ASCII only)
    ["Fler e-tjanster dygnet runt", "Brist pa IT-kompetens", "Aldre invanare utan dator", "Krav pa informationssakerhet",
     "Sma kommuner med fa specialister", "Gamla verksamhetssystem", "Digitala tjanster dygnet runt",
     "Okade kostnader for licenser", "Svart att rekrytera", "Splittrad IT-miljo"],
    ["Sammanhallen digital service", "Stod vid upphandling", "Gemensam drift", "Oppna data", "E-legitimation overallt",
     "Automatiserad handlaggning", "Mobil kommunikation", "Tillganglighet for alla", "Radgivning om AI",
     "Gemensam arkitektur"],
    ["Narhet till naturen", "Starkt foreningsliv", "Stor skargard", "Gransen mot Norge", "Manga fritidshus",
     "Liten och snabb organisation", "Turism pa sommaren", "Aktivt naringsliv", "Lang kust", "Industrihistoria"],
]
GOALS = ["Sammanhallen service", "Kompetens", "Trygg drift", "Oppen data", "Snabb handlaggning",
         "Tillganglighet", "Lokal styrka"]
CAPABILITIES = [  # five clusters of three capabilities; the first is broken into two parts
    ("Leda", "Ledningsformagor", ["Utveckla digitala tjanster", "Leda digitalisering"]),
    ("Styra", "Ledningsformagor", ["Styra leverantorer", "Folja upp nytta", "Prioritera investeringar"]),
    ("Utveckla", "Karnformagor", ["Forsta behov", "Designa losningar", "Infora tjanster"]),
    ("Forvalta", "Karnformagor", ["Forvalta system", "Hantera data", "Sakra information"]),
    ("Stodja", "Stodformagor", ["Erbjuda anvandarstod", "Upprathalla drift", "Utbilda medarbetare"]),
]


def open_window(qtbot, tmp_path, path, size=(1600, 900)):
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(*size)
    window.open_path(path)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, tmp_path):
    path = tmp_path / "tom.dmw"
    create_workshop(path, "empty").close()
    window = open_window(qtbot, tmp_path, path)
    yield window
    window.close()


def centre(view, item):
    view.ensureVisible(item, 10, 10)
    return view.mapFromScene(item.sceneBoundingRect().center())


def drag(qtbot, view, item, to_item, offset=QPointF(0, 0)):
    """A real mouse drag: press on ``item``, move in steps, release over ``to_item``'s centre."""
    start = centre(view, item)
    qtbot.mousePress(view.viewport(), Qt.LeftButton, pos=start)
    end = view.mapFromScene(to_item.sceneBoundingRect().center() + offset)
    for step in range(1, 6):
        qtbot.mouseMove(view.viewport(), start + (end - start) * step / 5)
    qtbot.mouseRelease(view.viewport(), Qt.LeftButton, pos=end)


def click_cards(qtbot, panel, ids):
    """Selects cards by clicking them, Ctrl held after the first."""
    for number, note_id in enumerate(ids):
        item = panel.scene.cards[note_id]
        qtbot.mouseClick(panel.view.viewport(), Qt.LeftButton,
                         Qt.ControlModifier if number else Qt.NoModifier, centre(panel.view, item))
    assert set(panel.scene.selected_cards()) == set(ids)
    panel.view.setFocus()  # offscreen windows are not active, so a click does not move focus


def by_text(panel, text):
    return next(n.id for n in panel.board.notes.values() if n.text == text)


class Recorder:
    """The document after every step on the undo stack, to check undo and redo against."""

    def __init__(self, window):
        self.window = window
        self.stack = window.session.undo_stack
        self.states = {0: snapshot(window.session.document)}

    def step(self):
        self.states[self.stack.index()] = snapshot(self.window.session.document)
        assert_scene_current(self.window.current_view().panel)


def assert_scene_current(panel):
    """The items the canvas updated edit by edit stand and look as on a canvas drawn afresh."""
    fresh = BoardScene(panel.scene.kind_labels)
    fresh.show_board(panel.board, panel.current_prompt(), "")
    assert fresh.cards.keys() == panel.scene.cards.keys() and fresh.clusters.keys() == panel.scene.clusters.keys()
    for note_id, item in fresh.cards.items():
        kept = panel.scene.cards[note_id]
        assert (kept.pos(), kept.look) == (item.pos(), item.look), panel.board.notes[note_id].text
    for cluster_id, item in fresh.clusters.items():
        kept = panel.scene.clusters[cluster_id]
        assert (kept.pos(), kept.frame, kept.name, kept.votes) == (item.pos(), item.frame, item.name, item.votes)


def type_card(qtbot, panel, text):
    qtbot.keyClicks(panel.capture, text)
    qtbot.keyClick(panel.capture, Qt.Key_Return)


def test_a_malbild_and_a_map_from_the_empty_template_undone_to_nothing_and_redone(qtbot, window, tmp_path):
    recorder = Recorder(window)
    problems = []
    window.session.error.connect(problems.append)
    document = window.session.document
    stack = window.session.undo_stack
    window.show_stage(1)
    stage = window.current_view()
    panel = stage.panel

    # -- stage 1: thirty answers typed under the three questions, focus staying in the field
    for prompt, answers in enumerate(ANSWERS):
        panel.prompt_box.setCurrentIndex(prompt)
        panel.capture.setFocus()
        for number, text in enumerate(answers):
            if number == 5:
                qtbot.keyClick(panel.capture, Qt.Key_K, Qt.ControlModifier)  # the next kind
            type_card(qtbot, panel, text)
            recorder.step()
            assert panel.capture.hasFocus() and panel.capture.text() == ""
    board = store.board(document, 1)
    assert len(board.notes) == 30
    assert {n.kind for n in board.notes.values()} == {"expectation", "challenge", "unique"}
    assert len(panel.scene.cards) == 30

    # a duplicate found by the suggestions and merged, keeping both texts
    qtbot.keyClick(panel.view, Qt.Key_D, Qt.ControlModifier | Qt.ShiftModifier)
    assert "look alike" in panel.suggestion_label.text()
    assert set(panel.suggestion) == {by_text(panel, "Fler e-tjanster dygnet runt"),
                                     by_text(panel, "Digitala tjanster dygnet runt")}
    qtbot.mouseClick(panel.merge_button, Qt.LeftButton)
    recorder.step()
    assert len(panel.scene.cards) == 29
    merged = store.board(document, 1).merged_into(by_text(panel, "Fler e-tjanster dygnet runt"))
    assert [n.text for n in merged] == ["Digitala tjanster dygnet runt"]

    # clusters: a card dropped on a card, a card dragged into the cluster, Group from the keyboard
    first = panel.scene.cards[by_text(panel, "Brist pa IT-kompetens")]
    drag(qtbot, panel.view, first, panel.scene.cards[by_text(panel, "Svart att rekrytera")])
    recorder.step()
    assert stack.undoText().startswith("Group")
    (cluster_id,) = panel.board.clusters
    drag(qtbot, panel.view, panel.scene.cards[by_text(panel, "Sma kommuner med fa specialister")],
         panel.scene.clusters[cluster_id])
    recorder.step()
    assert len(panel.board.members(cluster_id)) == 3
    # name it by typing on it
    panel.scene.select_only([cluster_id])
    panel.view.setFocus()
    qtbot.keyClicks(panel.view, "K")
    qtbot.keyClicks(panel.editor, "ompetens")
    qtbot.keyClick(panel.editor, Qt.Key_Return)
    recorder.step()
    assert panel.board.clusters[cluster_id].name == "Kompetens"
    groups = [["Sammanhallen digital service", "Fler e-tjanster dygnet runt", "E-legitimation overallt"],
              ["Gemensam drift", "Gamla verksamhetssystem", "Splittrad IT-miljo"],
              ["Oppna data", "Gemensam arkitektur"],
              ["Automatiserad handlaggning", "Okade kostnader for licenser"],
              ["Tillganglighet for alla", "Aldre invanare utan dator"],
              ["Narhet till naturen", "Stor skargard", "Lang kust"]]
    for texts in groups:
        click_cards(qtbot, panel, [by_text(panel, t) for t in texts])
        qtbot.keyClick(panel.view, Qt.Key_G, Qt.ControlModifier)
        recorder.step()
    assert len(panel.board.clusters) == 7
    # a card lifted with Space, moved with the arrows and put back with Esc changes nothing
    panel.scene.select_only([by_text(panel, "Radgivning om AI")])
    panel.view.setFocus()
    before = snapshot(document)
    for key in (Qt.Key_Space, Qt.Key_Right, Qt.Key_Right, Qt.Key_Escape):
        qtbot.keyClick(panel.view, key)
    assert snapshot(document) == before and stack.index() == max(recorder.states)
    # … and dropped with Enter on the board: one undo step
    for key in (Qt.Key_Space, Qt.Key_Down, Qt.Key_Down, Qt.Key_Return):
        qtbot.keyClick(panel.view, key)
    recorder.step()
    assert stack.undoText().startswith("Move cards")

    # names for the clusters made by Group (F2 edits the focused cluster's name)
    names = dict(zip([c.id for c in sorted(panel.board.clusters.values(), key=lambda c: c.y) if not c.name],
                     GOALS[:1] + GOALS[2:]))
    for cluster, name in names.items():
        panel.scene.select_only([cluster])
        panel.view.setFocus()
        qtbot.keyClick(panel.view, Qt.Key_F2)
        panel.editor.selectAll()
        qtbot.keyClicks(panel.editor, name)
        qtbot.keyClick(panel.editor, Qt.Key_Return)
        recorder.step()

    # dot voting: two organisations with three dots each, by key and by click
    for name in ("Orust", "Tanum"):
        window.session.apply(rating_ops.add_organisation(document, name))
        recorder.step()
    panel.budget.setValue(3)
    panel.budget.editingFinished.emit()
    recorder.step()
    kompetens = panel.scene.clusters[cluster_id]
    panel.voter.setCurrentIndex(panel.voter.findText("Orust"))
    panel.scene.select_only([cluster_id])
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key_Plus)
    recorder.step()
    panel.actions_["vote_mode"].setChecked(True)
    panel.voter.setCurrentIndex(panel.voter.findText("Tanum"))
    for _ in range(2):
        qtbot.mouseClick(panel.view.viewport(), Qt.LeftButton, pos=centre(panel.view, kompetens))
        recorder.step()
    panel.actions_["vote_mode"].setChecked(False)
    panel.actions_["show_votes"].trigger()
    recorder.step()
    assert panel.board.vote_totals()[cluster_id] == 3
    stage.side.setCurrentWidget(panel.card_list)  # the board in words, as a screen reader reads it
    assert "3 dots" in panel.card_model.rows[0][1] and "Kompetens" in panel.card_model.rows[0][1]

    stage.side.setCurrentIndex(0)
    # the målbild: six clusters and one typed goal, seven in all, one moved up
    for cluster in sorted(panel.board.clusters.values(), key=lambda c: c.y)[:6]:
        panel.scene.select_only([cluster.id])
        qtbot.keyClick(panel.view, Qt.Key_M, Qt.ControlModifier | Qt.ShiftModifier)
        recorder.step()
    qtbot.keyClicks(stage.goals.new_goal, "Lokal styrka")
    qtbot.keyClick(stage.goals.new_goal, Qt.Key_Return)
    recorder.step()
    stage.goals.list.setCurrentRow(6)
    qtbot.keyClick(stage.goals.list, Qt.Key_Up, Qt.AltModifier)
    recorder.step()
    assert len(goals(document)) == 7 and goals(document)[5].text == "Lokal styrka"

    # -- stage 2: fifteen capabilities, one broken down, linked to goals, clustered under areas
    window.show_stage(2)
    ideas = window.current_view()
    board2 = ideas.panel
    board2.capture.setFocus()
    for _group, _area, texts in CAPABILITIES:
        for text in texts:
            type_card(qtbot, board2, text)
            recorder.step()
    parent = by_text(board2, "Utveckla digitala tjanster")
    board2.scene.select_only([parent])
    qtbot.keyClick(board2.view, Qt.Key_B, Qt.ControlModifier)
    assert board2.capture.hasFocus() and board2.parent_label.isVisible()
    type_card(qtbot, board2, "Bygga tjanster")
    recorder.step()
    assert store.board(document, 2).notes[by_text(board2, "Bygga tjanster")].parent_id == parent
    board2.set_parent_card(None)
    click_cards(qtbot, board2, [parent, by_text(board2, "Leda digitalisering")])
    item = ideas.goals.list.item(0)
    item.setCheckState(Qt.Checked)
    recorder.step()
    assert all(store.board(document, 2).note_goals[n] for n in (parent, by_text(board2, "Leda digitalisering")))
    for group, area, texts in CAPABILITIES:
        click_cards(qtbot, board2, [by_text(board2, t) for t in texts])
        qtbot.keyClick(board2.view, Qt.Key_G, Qt.ControlModifier)
        recorder.step()
        assert not problems and stack.undoText().startswith("Group")
        cluster = next(c for c in board2.board.clusters.values() if not c.name)
        board2.scene.select_only([cluster.id])
        board2.view.setFocus()
        qtbot.keyClick(board2.view, Qt.Key_F2)
        qtbot.keyClicks(board2.editor, group)
        qtbot.keyClick(board2.editor, Qt.Key_Return)
        recorder.step()
        board2.scene.select_only([cluster.id])
        ideas.area.setCurrentText(area)
        qtbot.mouseClick(ideas.put_under, Qt.LeftButton)
        recorder.step()
    qtbot.mouseClick(ideas.to_map, Qt.LeftButton)
    recorder.step()
    built = capability_map(document)
    assert [a.name for a in built.areas] == ["Ledningsformagor", "Karnformagor", "Stodformagor"]
    assert [g.name for g in built.groups()] == [c[0] for c in CAPABILITIES]
    assert len(built.capabilities()) == 15
    developed = built.groups()[0].capabilities
    assert [c.name for c in developed] == ["Utveckla digitala tjanster", "Bygga tjanster", "Leda digitalisering"]
    assert developed[0].description == "Vi kan utveckla digitala tjanster."
    assert store.capability_goal_ids(document, developed[0].id) == [goals(document)[0].id]
    assert map_edit.source_card_texts(document, developed[1].id) == ["Bygga tjanster"]

    # -- undo every step, back to the empty workshop, checking the document after each; then redo
    top = stack.index()
    assert sorted(recorder.states) == list(range(top + 1))
    window.show_stage(1)
    panel.capture.setFocus()
    qtbot.keyClick(panel.capture, Qt.Key_Z, Qt.ControlModifier)  # Ctrl+Z in the capture field undoes the board
    assert stack.index() == top - 1 and snapshot(document) == recorder.states[top - 1]
    for index in range(top - 1, 0, -1):
        stack.undo()
        assert snapshot(document) == recorder.states[index - 1], stack.text(index - 1)
        assert_scene_current(panel)
    assert snapshot(document) == recorder.states[0]
    assert store.board(document, 1).notes == {} and capability_map(document).areas == ()
    assert panel.scene.cards == {} and panel.scene.clusters == {}
    for index in range(1, top + 1):
        stack.redo()
        assert snapshot(document) == recorder.states[index], stack.text(index - 1)
        assert_scene_current(panel)
    assert len(capability_map(document).capabilities()) == 15


@pytest.mark.parametrize("size", [(1600, 900), (1280, 720)])
@pytest.mark.parametrize("stage_number", [1, 2])
def test_card_text_and_cluster_names_are_projector_sized_and_whole(qtbot, tmp_path, size, stage_number):
    """At 100 % on a projector: card text at least 16 px and cluster names at least 20 px on screen,
    every card's text inside its card, the name inside its cluster's title band."""
    from digitalmotor_desktop.ops import board as ops

    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    path = tmp_path / "w.dmw"
    with create_workshop(path, "fyrbodal-2020") as document:
        prompt = store.board(document, stage_number).prompts[0].id
        kind = "capability" if stage_number == 2 else "expectation"
        ids = []
        for text in ["Invanarna forvantar sig sammanhallen digital service dygnet runt, aret om, " * 2,
                     "Kort", "Data delas"]:
            edit = ops.add_note(document, stage_number, prompt, text, kind)
            edit.redo(document)
            ids.append(edit.extra["id"])
        ops.group_notes(document, stage_number, ids[1:], "Gemensamma tjanster och oppna data for alla").redo(document)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(*size)
    window.open_path(path)
    window.show_stage(stage_number)
    window.show()
    qtbot.waitExposed(window)
    panel = window.current_view().panel
    view = panel.view
    scale = view.transform().m11()
    assert CARD_TEXT_PX * scale >= 16 and CLUSTER_NAME_PX * scale >= 20
    image = view.viewport().grab().toImage()
    for note_id, item in panel.scene.cards.items():
        view.ensureVisible(item, 0, 0)
        image = view.viewport().grab().toImage()
        box = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
        text = view.mapFromScene(item.mapRectToScene(item.text_rect())).boundingRect()
        dark = [(x, y) for x in range(text.left(), text.right(), 2) for y in range(text.top(), text.bottom(), 2)
                if QColor(image.pixel(x, y)).lightness() < 90]
        assert dark, "a card shows its text"
        assert item.shown_text().endswith("…") == (len(panel.board.notes[note_id].text) > 100)
        # the card's edge is drawn all round: nothing of the card is cut off by the view at 100 %
        assert box.width() >= 250 and box.height() >= 120
    cluster = next(iter(panel.scene.clusters.values()))
    view.ensureVisible(cluster, 0, 0)
    image = view.viewport().grab().toImage()
    title = view.mapFromScene(cluster.mapRectToScene(cluster.title_rect())).boundingRect()
    colours = {image.pixel(x, title.center().y()) for x in range(title.left(), title.right(), 3)}
    assert len(colours) > 2, "the cluster's name is drawn in its title band"
    window.close()


def test_questions_duplicates_and_focus_without_a_mouse(qtbot, window):
    """Add and remove a question, split a merged duplicate back out, walk the cards with the arrows and hear them."""
    window.show_stage(1)
    panel = window.current_view().panel
    stack = window.session.undo_stack
    panel.capture.setFocus()
    qtbot.keyClicks(panel.capture, "Vad saknar vi?")
    panel.actions_["add_prompt"].trigger()
    assert [p.text for p in panel.board.prompts][-1] == "Vad saknar vi?" and panel.current_prompt() is not None
    panel.actions_["delete_prompt"].trigger()
    assert len(panel.board.prompts) == 3
    panel.prompt_box.setCurrentIndex(0)
    for text in ("Oppna data", "oppna data!", "Trygg drift"):
        type_card(qtbot, panel, text)
    first, second, third = (by_text(panel, t) for t in ("Oppna data", "oppna data!", "Trygg drift"))
    panel.scene.select_only([first, second])
    panel.scene.setFocusItem(panel.scene.cards[first])
    qtbot.keyClick(panel.view, Qt.Key_D, Qt.ControlModifier)
    assert "oppna data!" in panel.scene.cards[first].toolTip() and second not in panel.scene.cards
    panel.scene.select_only([first])
    panel.actions_["separate"].trigger()
    assert second in panel.scene.cards and stack.undoText() == "Separate duplicates"
    # arrows walk from card to card; the view tells a screen reader which one has focus
    panel.scene.select_only([first])
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key_Down)
    focused = panel.scene.focusItem()
    assert focused.id in (second, third) and focused.id != first
    assert panel.board.notes[focused.id].text in panel.view.accessibleDescription()


@pytest.fixture
def room_board(tmp_path):
    """A stage 1 board with a named cluster that two organisations dotted, written privately: one card still hidden."""
    path = tmp_path / "rum.dmw"
    with create_workshop(path, "fyrbodal-2020") as document:
        run = runner(document)
        prompts = [p.id for p in store.board(document, 1).prompts]
        ids = [run(board_ops.add_note(document, 1, prompts[n % 3], text)) for n, text in enumerate(ANSWERS[0])]
        cluster = run(board_ops.group_notes(document, 1, ids[1:4], "Kompetens"))
        for name in ("Orust", "Tanum"):
            run(board_ops.add_vote(document, 1, run(rating_ops.add_organisation(document, name)), cluster))
        run(board_ops.set_private_writing(document, 1, True))
        run(board_ops.add_note(document, 1, prompts[0], "Hemlig lapp om budget"))
        run(board_ops.add_note(document, 2, None, "Styra leverantorer"))
    return path


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_room_sees_the_board_in_large_type_hidden_cards_blank_and_dots_once_shown(qtbot, tmp_path, room_board,
                                                                                      size):
    from digitalmotor_desktop.gui.room.audience import LEAST_TEXT_SHARE, AudienceWindow

    window = open_window(qtbot, tmp_path, room_board, (1280, 720))
    window.show_stage(1)
    document = window.session.document
    audience = AudienceWindow(window.room.timer)
    qtbot.addWidget(audience)
    audience.resize(*size)
    room = window.current_view().audience_widget()
    audience.show_content(room)
    audience.show()
    qtbot.waitUntil(lambda: room.text_px > 0)

    def shown():
        return " | ".join(audience.texts())

    assert "Kompetens" in shown() and ANSWERS[0][0] in shown() and ANSWERS[0][2] in shown()
    assert "Hemlig lapp" not in shown(), "a card written privately stays blank for the room"
    assert "●" not in shown(), "no dots before they are shown"
    assert "Orust" not in shown() and "Tanum" not in shown()
    assert room.text_px >= size[1] * LEAST_TEXT_SHARE and room.left_out == 0
    image = audience.grab().toImage()
    image.save(str(tmp_path / f"room-{size[0]}x{size[1]}.png"))
    text = next(i for i in room.scene.items() if getattr(i, "toPlainText", lambda: "")() == ANSWERS[0][0])
    assert text.font().pixelSize() >= size[1] * LEAST_TEXT_SHARE
    box = room.view.mapFromScene(text.sceneBoundingRect()).boundingRect().translated(room.view.mapTo(audience, QPoint()))
    assert len({image.pixel(x, box.center().y()) for x in range(box.left(), box.right())}) > 2  # its text is drawn

    # the facilitator reveals the cards and shows the dots: the room's view follows
    window.session.apply(board_ops.reveal(document, 1))
    window.session.apply(board_ops.show_votes(document, 1, True))
    qtbot.waitUntil(lambda: "Hemlig lapp om budget" in shown())
    assert "Kompetens   ● 2" in shown()
    assert "Orust" not in shown() and "Tanum" not in shown()
    normal = room.text_px
    audience.set_large_type(True)
    qtbot.waitUntil(lambda: room.text_px > normal)


def test_present_renders_the_board_for_the_room_from_the_command_line(room_board, tmp_path):
    """``gui FILE --stage 1|2 --present --screenshot``: the room's board, not the stage's bare title."""
    import subprocess
    import sys

    from PySide6.QtGui import QImage

    for stage in (1, 2):
        png = tmp_path / f"room{stage}.png"
        command = ["gui", str(room_board), "--stage", str(stage), "--lang", "sv", "--present", "--screenshot", str(png)]
        done = subprocess.run([sys.executable, "-m", "digitalmotor_desktop", *command], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        image = QImage(str(png))
        colours = {image.pixel(x, y) for x in range(0, image.width(), 4) for y in range(0, image.height(), 20)}
        assert image.size().toTuple() == (1920, 1080) and len(colours) > 3, stage  # cards drawn, not a blank page


def test_not_duplicates_is_one_undo_step_kept_in_the_file(qtbot, tmp_path, room_board):
    window = open_window(qtbot, tmp_path, room_board, (1280, 720))
    window.show_stage(1)
    panel = window.current_view().panel
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts go to the active window
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key_D, Qt.ControlModifier | Qt.ShiftModifier)
    assert "Fler e-tjanster dygnet runt" in panel.suggestion_label.text()
    qtbot.mouseClick(panel.dismiss_button, Qt.LeftButton)
    assert panel.suggestion_label.text() == "No cards look alike."
    assert window.session.undo_stack.undoText().startswith("Not duplicates")
    window.close_workshop()
    window.open_path(room_board)  # after lunch: the suggestion does not come back
    window.show_stage(1)
    panel = window.current_view().panel
    panel.suggest_duplicates()
    assert panel.suggestion_label.text() == "No cards look alike."


def test_a_cluster_dragged_by_its_name_carries_its_cards_and_the_middle_button_pans(qtbot, tmp_path, room_board):
    window = open_window(qtbot, tmp_path, room_board)
    window.show_stage(1)
    panel = window.current_view().panel
    view = panel.view
    (cluster_id,) = panel.board.clusters
    cluster = panel.scene.clusters[cluster_id]
    cards = [panel.scene.cards[n.id] for n in panel.board.members(cluster_id)]
    offsets = [card.pos() - cluster.pos() for card in cards]
    view.ensureVisible(cluster)
    name = view.mapFromScene(cluster.mapToScene(cluster.title_rect().center()))
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=name)
    qtbot.mousePress(view.viewport(), Qt.LeftButton, pos=name)
    for step in range(1, 6):
        qtbot.mouseMove(view.viewport(), name + QPoint(0, 30 * step))
        assert [card.pos() - cluster.pos() for card in cards] == offsets  # the cards keep up on every move
    qtbot.mouseRelease(view.viewport(), Qt.LeftButton, pos=name + QPoint(0, 150))
    assert window.session.undo_stack.undoText().startswith("Move")
    moved = store.board(window.session.document, 1).clusters[cluster_id]
    assert (moved.x, moved.y) == (cluster.pos().x(), cluster.pos().y()) and moved.y > 0
    assert [card.pos() - cluster.pos() for card in cards] == offsets
    window.session.undo_stack.undo()
    assert [card.pos() - cluster.pos() for card in cards] == offsets

    bar = view.horizontalScrollBar()
    bar.setValue(bar.maximum())
    start = bar.value()
    centre = view.viewport().rect().center()
    qtbot.mousePress(view.viewport(), Qt.MiddleButton, pos=centre)
    qtbot.mouseMove(view.viewport(), centre + QPoint(120, 0))
    qtbot.mouseRelease(view.viewport(), Qt.MiddleButton, pos=centre + QPoint(120, 0))
    assert bar.value() == start - 120
    qtbot.mouseMove(view.viewport(), centre)  # released: moving no longer pans
    assert bar.value() == start - 120


def test_a_board_too_big_for_the_screen_shows_what_fits_in_readable_type_and_counts_the_rest(qtbot, tmp_path):
    from digitalmotor_desktop.gui.room.audience import LEAST_TEXT_SHARE, AudienceWindow

    path = tmp_path / "stor.dmw"
    with create_workshop(path, "fyrbodal-2020") as document:
        run = runner(document)
        prompt = store.board(document, 1).prompts[0].id
        for number in range(300):
            run(board_ops.add_note(document, 1, prompt, f"Kort {number} om digitala tjanster"))
    window = open_window(qtbot, tmp_path, path, (1280, 720))
    window.show_stage(1)
    audience = AudienceWindow(window.room.timer)
    qtbot.addWidget(audience)
    audience.resize(1280, 720)
    room = window.current_view().audience_widget()
    audience.show_content(room)
    audience.show()
    qtbot.waitUntil(lambda: room.text_px > 0)
    texts = audience.texts()
    cards = [t for t in texts if t.startswith("Kort ")]
    assert 20 < len(cards) < 300 and room.left_out == 300 - len(cards)
    assert f"+ {300 - len(cards)} more cards" in texts
    assert any(t.endswith("(continued)") for t in texts)  # the question goes on in the next column
    assert room.text_px >= 720 * LEAST_TEXT_SHARE
    items = [i for i in room.scene.items() if hasattr(i, "font")]
    assert min(i.font().pixelSize() for i in items) >= 720 * LEAST_TEXT_SHARE
    assert all(room.view.sceneRect().contains(i.sceneBoundingRect()) for i in items)  # nothing off the screen


def test_a_double_click_edits_a_card_in_place_and_a_click_in_vote_mode_gives_a_dot(qtbot, tmp_path, room_board):
    window = open_window(qtbot, tmp_path, room_board)
    window.show_stage(1)
    panel = window.current_view().panel
    card = panel.scene.cards[by_text(panel, ANSWERS[0][0])]
    qtbot.mouseDClick(panel.view.viewport(), Qt.LeftButton, pos=centre(panel.view, card))
    assert panel.editor is not None and panel.editor.text() == ANSWERS[0][0]
    panel.editor.selectAll()
    qtbot.keyClicks(panel.editor, "Fler e-tjanster hela dygnet")
    qtbot.keyClick(panel.editor, Qt.Key_Return)
    assert panel.board.notes[card.id].text == "Fler e-tjanster hela dygnet"
    assert window.session.undo_stack.undoText().startswith("Edit card")
    panel.voter.setCurrentIndex(panel.voter.findText("Orust"))
    panel.actions_["vote_mode"].setChecked(True)
    qtbot.mouseClick(panel.view.viewport(), Qt.LeftButton, pos=centre(panel.view, card))
    qtbot.mouseClick(panel.view.viewport(), Qt.LeftButton, Qt.ShiftModifier, pos=centre(panel.view, card))  # taken back
    qtbot.mouseClick(panel.view.viewport(), Qt.LeftButton, pos=centre(panel.view, card))
    assert panel.board.vote_totals().get(card.id) == 1
    panel.actions_["vote_mode"].setChecked(False)
    qtbot.mouseClick(panel.view.viewport(), Qt.LeftButton, pos=centre(panel.view, card))  # selects, gives nothing
    assert panel.board.vote_totals().get(card.id) == 1 and panel.scene.selected_cards() == [card.id]


def test_the_rooms_reading_order_clusters_by_dots_once_shown_with_their_areas_then_cards_by_question(room_board):
    from digitalmotor_desktop.gui.stages.goals.audience import room_blocks
    from digitalmotor_desktop.ops.board_to_map import set_cluster_area
    from digitalmotor_desktop.store.document import open_document

    with open_document(room_board) as document:
        run = runner(document)
        board = store.board(document, 1)
        hidden = [b.text for b in room_blocks(board, "Loose", {}) if not b.title]
        assert "" in hidden and "Hemlig lapp om budget" not in hidden  # a blank card, not its text
        assert all(b.dots == 0 for b in room_blocks(board, "Loose", {}))  # dots not shown yet
        run(board_ops.show_votes(document, 1, True))
        first = room_blocks(store.board(document, 1), "Loose", {})[0]
        assert (first.text, first.title, first.dots) == ("Kompetens", True, 2)
        capabilities = [run(board_ops.add_note(document, 2, None, text)) for text in ("Styra", "Leda")]
        cluster = run(board_ops.group_notes(document, 2, capabilities, "Styrning"))
        run(set_cluster_area(document, cluster, "Ledningsförmågor"))
        blocks = room_blocks(store.board(document, 2), "Loose", dict(store.live_areas(document)))
        assert [(b.text, b.title) for b in blocks] == [("Styrning – Ledningsförmågor", True), ("Styra", False),
                                                       ("Leda", False), ("Loose", True), ("Styra leverantorer", False)]
