"""A workshop's state never follows the facilitator into the next one.

The accident: with workshop A open, names are typed on every stage; File → New
or Open shows workshop B. Nothing typed or shown in A may appear in any stage
of B, and nothing of it may be written into B (pressing Start on stage 4 must
not create A's organisation in B). After Close, the greyed views are empty.
"""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QTextEdit

from digitalmotor_desktop.gui.main_window import MainWindow
from digitalmotor_desktop.gui.stages.registry import STAGES
from digitalmotor_desktop.ops.workshop import create_workshop
from gap_data import csv_rows, insert_ratings

TYPED = "Hemliga Kommunen A"
A_ONLY = ["Bygga kultur", "Kommun 01", "Upprätthålla stabil och tillförlitlig driftsleverans", TYPED]


def shown_texts(widget) -> str:
    """Every text a person can see or that a field holds, in the widget and its children."""
    texts = []
    for child in [widget, *widget.findChildren(object)]:
        if isinstance(child, (QLabel, QAbstractButton)):
            texts.append(child.text())
        elif isinstance(child, QLineEdit):
            texts.append(child.text())
        elif isinstance(child, (QPlainTextEdit, QTextEdit)):
            texts.append(child.toPlainText())
        elif isinstance(child, QComboBox):
            texts += [child.currentText(), *(child.itemText(i) for i in range(child.count()))]
        elif hasattr(child, "model") and callable(child.model) and hasattr(child.model(), "rowCount"):
            model = child.model()
            try:
                columns = model.columnCount()
            except TypeError:  # a list model keeps columnCount private: one column
                columns = 1
            for row in range(min(model.rowCount(), 200)):
                for column in range(columns):
                    texts.append(str(model.data(model.index(row, column)) or ""))
    scene = getattr(getattr(widget, "canvas", None), "scene", None)
    if callable(scene):
        texts += [item.toPlainText() for item in scene().items() if hasattr(item, "toPlainText")]
    boxes = getattr(getattr(widget, "canvas", None), "boxes", {})
    texts += [box.capability.name for box in getattr(boxes, "values", lambda: [])()]
    return "\n".join(texts)


def type_everywhere(window, qtbot) -> None:
    """On every stage: type into every field (as a facilitator would), pick a consent."""
    for row in range(len(STAGES)):
        window.ui.stageList.setCurrentRow(row)
        view = window.current_view()
        for field in view.findChildren(QLineEdit):
            if field.isVisibleTo(view) and field.isEnabled() and not field.isReadOnly():
                field.setFocus()
                qtbot.keyClicks(field, TYPED)
        for box in view.findChildren(QComboBox):
            if box.isEditable() and box.isVisibleTo(view):
                box.setEditText(TYPED)
        for editor in view.findChildren(QPlainTextEdit):
            if editor.isVisibleTo(view) and not editor.isReadOnly():
                editor.setPlainText(TYPED)
    window.show_stage(4)
    start = window.current_view().start
    start.organisation.setEditText(TYPED)
    start.respondent.setEditText(TYPED)
    start.share_facilitator.setChecked(True)


@pytest.fixture
def two_workshops(tmp_path):
    a = tmp_path / "a.dmw"
    with create_workshop(a, "fyrbodal-2020") as document:
        insert_ratings(document, [dict(r, consent="group") for r in csv_rows()])
    b = tmp_path / "b.dmw"
    create_workshop(b, "empty").close()
    return a, b


@pytest.fixture
def window(qtbot, tmp_path):
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_opening_b_after_typing_in_a_shows_and_writes_nothing_of_a(window, qtbot, two_workshops, tmp_path):
    a, b = two_workshops
    window.open_path(a)
    type_everywhere(window, qtbot)
    assert TYPED in shown_texts(window.current_view())  # the typing landed
    window.open_path(b)
    for row in range(len(STAGES)):
        window.ui.stageList.setCurrentRow(row)
        view = window.current_view()
        texts = shown_texts(view)
        assert not [text for text in A_ONLY if text in texts], (STAGES[row].title, texts[:400])
        assert len(getattr(getattr(view, "canvas", None), "boxes", {})) == 0  # no map of A drawn
    window.show_stage(3)  # look at it: B's map has no capability, so the canvas draws no box of A's
    window.grab().save(str(tmp_path / "b-stage3.png"))
    canvas = window.current_view().canvas.viewport().grab().toImage()
    colours = {canvas.pixel(x, y) for x in range(0, canvas.width(), 8) for y in range(0, canvas.height(), 8)}
    assert len(colours) == 1, len(colours)
    window.show_stage(4)
    stage = window.current_view()
    assert stage.start.chosen_consent() is None
    stage.start.start.click()  # Start with nothing typed in B: refused, nothing created
    window.close_workshop()
    connection = sqlite3.connect(b)
    dump = "\n".join(connection.iterdump())
    connection.close()
    assert TYPED not in dump and "Kommun 01" not in dump


def test_after_close_no_view_of_the_closed_workshop_is_left(window, qtbot, two_workshops):
    a, _ = two_workshops
    window.open_path(a)
    type_everywhere(window, qtbot)
    window.close_workshop()
    for row in range(len(STAGES)):  # the start page stays: no stage is made for no workshop
        window.ui.stageList.setCurrentRow(row)
        assert window.current_view() is None
        texts = shown_texts(window.ui.stageStack.currentWidget())
        assert not [text for text in A_ONLY if text in texts], (STAGES[row].title, texts[:400])
