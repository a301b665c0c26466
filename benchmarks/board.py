"""Board figures on a stage 1 board of 2,000 cards, against a bare QGraphicsScene in the same run.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/board.py``

1. Opening: the workshop file opened and stage 1 built and painted once (target under 1 s).
2. Dragging: a mouse drag in 60 steps of one card, then of one of 50 selected cards; each frame is
   a mouse move event plus a synchronous repaint of the viewport (p95, target under 16 ms), and
   the same drags on a bare QGraphicsScene of 2,000 movable rect items (the ratio, target ≤ 1.5×).
3. Enter → card shown: text typed into the capture field, Enter pressed, until the new card is
   committed, in the scene and painted (p95 of 30, target under 50 ms); beside it the floor, the
   op's own transaction (synchronous=FULL: the card is on disk when it is shown).

The machine is shared, so each drag is measured in ROUNDS interleaved with the bare scene's; the p95 of
all their frames is printed, and the median beside it (a p95 on a busy machine measures its neighbours).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QPointF, Qt  # noqa: E402
from PySide6.QtGui import QBrush, QColor  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QGraphicsItem, QGraphicsScene, QGraphicsView  # noqa: E402

from capture import keep_none_alive, percentile  # noqa: E402
from digitalmotor_desktop.core import board as rules  # noqa: E402
from digitalmotor_desktop.core.board import Note  # noqa: E402
from digitalmotor_desktop.core.ids import new_id  # noqa: E402
from digitalmotor_desktop.gui.session import WorkshopSession  # noqa: E402
from digitalmotor_desktop.gui.stages.goals import GoalsStage  # noqa: E402
from digitalmotor_desktop.ops.board import add_note  # noqa: E402
from digitalmotor_desktop.ops.workshop import create_workshop  # noqa: E402
from digitalmotor_desktop.store import board as store  # noqa: E402
from digitalmotor_desktop.store.document import open_document  # noqa: E402

CARDS = 2000
STEPS = 60
SELECTED = 50
ENTERS = 30
ROUNDS = 3
SIZE = (1600, 900)


def board_file(path: Path) -> Path:
    """2,000 cards under the three questions, written in one transaction."""
    with create_workshop(path, "fyrbodal-2020") as document:
        prompts = store.board(document, 1).prompts
        notes, occupied = [], [[] for _ in prompts]
        for number in range(CARDS):
            column = number % len(prompts)
            x, y = rules.free_slot(column, occupied[column])
            occupied[column].append(rules.card_rect(x, y))
            notes.append(Note(new_id(), 1, f"Kort nummer {number}: digitala tjänster för invånarna", "expectation",
                              prompts[column].id, x=x, y=y, position=number))
        store.save(document, notes=notes)
    return path


def frame_times(app: QApplication, view: QGraphicsView, start: QPointF) -> list[float]:
    """A left-button drag from ``start`` (viewport coordinates) in STEPS moves; each frame timed."""
    viewport = view.viewport()
    point = start.toPoint()
    QTest.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, point)  # on a selected item: the selection stays
    app.processEvents()
    times = []
    for step in range(1, STEPS + 1):
        target = point + QPointF(step * 4, step * 3).toPoint()
        started = time.perf_counter()
        QTest.mouseMove(viewport, target)
        viewport.repaint()
        times.append((time.perf_counter() - started) * 1000)
    QTest.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, point + QPointF(STEPS * 4, STEPS * 3).toPoint())
    app.processEvents()
    return times


def select(scene: QGraphicsScene, items: list[QGraphicsItem]) -> None:
    scene.clearSelection()
    for item in items:
        item.setSelected(True)


def board_run(app: QApplication, path: Path) -> dict[str, float]:
    started = time.perf_counter()
    session = WorkshopSession(open_document(path))
    stage = GoalsStage()
    stage.resize(*SIZE)
    stage.set_session(session)
    stage.show()
    app.processEvents()
    stage.panel.view.viewport().repaint()
    opened = (time.perf_counter() - started) * 1000
    panel = stage.panel
    view = panel.view
    visible = [item for item in panel.scene.items(view.visible_scene_rect()) if hasattr(item, "look")]
    one = visible[0]
    chosen = list(dict.fromkeys(visible[:10] + list(panel.scene.cards.values())))[:SELECTED]
    drags = {"one": [], "many": []}
    for _round in range(ROUNDS):
        for key, items in (("one", [one]), ("many", chosen)):
            session.undo_stack.clear()
            select(panel.scene, items)
            drags[key] += frame_times(app, view, QPointF(view.mapFromScene(one.sceneBoundingRect().center())))
    session.undo_stack.clear()
    enters = []
    for number in range(ENTERS):
        panel.capture.setText(f"Ny lapp {number}")
        before = len(panel.scene.cards)
        started = time.perf_counter()
        QTest.keyClick(panel.capture, Qt.Key_Return)
        view.viewport().repaint()
        assert len(panel.scene.cards) == before + 1
        enters.append((time.perf_counter() - started) * 1000)
    commits = []
    for number in range(ENTERS):
        edit = add_note(session.document, 1, panel.current_prompt(), f"Lapp {number}")
        started = time.perf_counter()
        edit.redo(session.document)
        commits.append((time.perf_counter() - started) * 1000)
    stage.set_session(None)
    session.close()
    stage.close()
    return {"open": opened, **_figures(drags), "enter": percentile(enters, 0.95),
            "enter median": statistics.median(enters), "commit": percentile(commits, 0.95)}


def _figures(drags: dict[str, list[float]]) -> dict[str, float]:
    """p95 and median of every frame of the rounds, per drag."""
    figures = {}
    for key, frames in drags.items():
        figures[key] = percentile(frames, 0.95)
        figures[key + " median"] = statistics.median(frames)
    return figures


def bare_run(app: QApplication) -> dict[str, float]:
    """The floor: the same drags on 2,000 plain movable rectangles."""
    scene = QGraphicsScene()
    rects = []
    for number in range(CARDS):
        column = number % 3
        item = scene.addRect(0, 0, rules.CARD_WIDTH, rules.CARD_HEIGHT, brush=QBrush(QColor("#fff1a8")))
        item.setPos(column * (rules.COLUMN_WIDTH + rules.GAP), (number // 3) * (rules.CARD_HEIGHT + rules.GAP))
        item.setFlags(QGraphicsItem.ItemIsMovable | QGraphicsItem.ItemIsSelectable)
        rects.append(item)
    view = QGraphicsView(scene)
    view.setAlignment(Qt.AlignLeft | Qt.AlignTop)
    view.resize(SIZE[0] - 600, SIZE[1] - 150)
    view.show()
    app.processEvents()
    drags = {"one": [], "many": []}
    for _round in range(ROUNDS):
        for key, items in (("one", rects[:1]), ("many", rects[:SELECTED])):
            select(scene, items)
            drags[key] += frame_times(app, view, QPointF(view.mapFromScene(rects[0].sceneBoundingRect().center())))
    view.close()
    return _figures(drags)


def main() -> None:
    keep_none_alive()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        path = board_file(Path(folder) / "board.dmw")
        board = board_run(app, path)
    bare = bare_run(app)
    print(f"board of {CARDS} cards, {SIZE[0]}x{SIZE[1]}, offscreen:")
    print(f"  open workshop + stage 1 painted   {board['open']:8.1f} ms   (target < 1000 ms)")
    print(f"  Enter → card shown, p95           {board['enter']:8.1f} ms   (target < 50 ms)"
          f"   median {board['enter median']:.1f} ms; the commit alone, p95 {board['commit']:.1f} ms")
    for key, label in (("one", "drag 1 card"), ("many", f"drag {SELECTED} cards")):
        for figure in (key, key + " median"):
            ratio = board[figure] / bare[figure] if bare[figure] else float("inf")
            name = f"{label}, frame {'median' if figure.endswith('median') else 'p95'}"
            print(f"  {name:<32}  {board[figure]:8.1f} ms   bare QGraphicsScene {bare[figure]:6.1f} ms"
                  f"   ratio {ratio:4.2f}×   (targets < 16 ms, ≤ 1.5×)")

if __name__ == "__main__":
    main()
