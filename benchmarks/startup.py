"""Start-up time: process start → main window shown with the Fyrbodal workshop open.

Each real entry a facilitator uses — ``digitalmotor gui FILE``,
``digitalmotor demo`` and ``digitalmotor-desktop FILE`` — is started as a
fresh process that reports once its event loop runs and the first frame is
painted (``DIGITALMOTOR_EXIT_WHEN_SHOWN``; without the paint, the floor would
report before it drew a box while the app had already measured its texts)
and compared with the Qt floor (in wall-clock time, and in the CPU time each
process reports it had used by then): a PySide6 window with the same kinds of
widgets as the first screen all three show (stage 3, the map editor: menus
with shortcuts, the stage navigator, a tool bar, an outline tree of 3 areas,
13 groups and 55 capabilities, the details tabs with a form, a status bar and
a map of 16 panels and 55 boxes painting wrapped bold names) but none of the
app's code or data, started the same way.
What the floor costs over a bare window (also printed) is PySide6 creating
the Python types and enums those Qt classes need, which any window showing a
capability map pays. Target ≤ 1.25× the floor for every entry.

The package is compiled to bytecode first, as an installed copy (or any
second start) runs it; PySide6 itself was compiled by pip. Without a display,
every process gets Qt's offscreen platform with one 1920×1080 screen, a
facilitator's laptop: on its default 800×600 screen the window the app
restores from its settings would be squeezed to half the floor's 1600×900
and lay out a different map than the floor draws.

    python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from digitalmotor_desktop.gui.app import EXIT_WHEN_SHOWN

from figures import figure  # benchmarks/figures.py, beside this script

SHOW_AND_REPORT = """
import time
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
def report():
    QGuiApplication.instance().processEvents()  # the first frame painted (the expose waits behind this timer)
    print(f"shown {time.process_time()}", flush=True)
    QGuiApplication.instance().quit()
QTimer.singleShot(0, report)
app.exec()
"""

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1600, 900)
window.show()
""" + SHOW_AND_REPORT

QT_FLOOR = """
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence, QStandardItem, QStandardItemModel, QTextOption
from PySide6.QtWidgets import (QApplication, QFormLayout, QGraphicsRectItem, QGraphicsScene, QGraphicsView, QLabel,
                               QLineEdit, QListWidget, QMainWindow, QPlainTextEdit, QSplitter, QTabWidget, QToolBar,
                               QTreeView, QVBoxLayout, QWidget)

class Box(QGraphicsRectItem):  # a capability: its name wrapped and centred, in bold
    font = QFont()
    font.setBold(True)
    def __init__(self, rect, name):
        super().__init__(rect)
        self.name = name
    def paint(self, painter, option, widget=None):
        super().paint(painter, option, widget)
        painter.setFont(self.font)
        wrap = QTextOption(Qt.AlignCenter)
        wrap.setWrapMode(QTextOption.WordWrap)
        painter.drawText(self.rect(), self.name, wrap)

app = QApplication([])
window = QMainWindow()
for menu_name in ("File", "Edit", "View", "Help"):  # the menus, their actions and shortcuts
    menu = window.menuBar().addMenu(menu_name)
    for n in range(8):
        action = QAction(f"{menu_name} {n}", window)
        action.setShortcut(QKeySequence(f"Ctrl+Shift+{n}"))
        menu.addAction(action)
window.statusBar().addPermanentWidget(QLabel("saved"))
splitter = QSplitter(Qt.Horizontal)
window.setCentralWidget(splitter)
navigator = QListWidget()
navigator.addItems([f"stage {n}" for n in range(6)])
splitter.addWidget(navigator)
editor = QWidget()  # the map editor: tool bar, outline, details
column = QVBoxLayout(editor)
tools = QToolBar()
for name in ("+ capability", "+ group", "+ area", "delete"):
    tools.addAction(name)
column.addWidget(tools)
outline = QStandardItemModel()
tree = QTreeView()
tree.setStyleSheet("QTreeView { font-size: 16px; } QTreeView::item { padding: 3px 0; }")
tree.setHeaderHidden(True)
tree.setModel(outline)
areas = [QStandardItem(f"area {n}") for n in range(3)]
for area in areas:
    outline.appendRow(area)
groups = []
for n in range(13):
    group = QStandardItem(f"group {n}")
    areas[n % 3].appendRow(group)
    groups.append(group)
for n in range(55):
    groups[n % 13].appendRow(QStandardItem(f"capability {n}"))
tree.expandAll()
column.addWidget(tree, 3)
tabs = QTabWidget()
details = QWidget()
form = QFormLayout(details)
form.addRow("Name", QLineEdit())
form.addRow("Description", QPlainTextEdit())
form.addRow(QLabel("Choose a capability to read or revise it."))
tabs.addTab(details, "Details")
tabs.addTab(QListWidget(), "Goals")
tabs.addTab(QListWidget(), "History")
column.addWidget(tabs, 2)
splitter.addWidget(editor)
scene = QGraphicsScene()
splitter.addWidget(QGraphicsView(scene))
for n in range(16):  # areas and groups
    scene.addRect(QRectF(n * 100, 0, 96, 600)).setBrush(QBrush(QColor("#e8f0f8")))
    scene.addSimpleText(f"group {n}").setPos(n * 100, 0)
for n in range(55):
    box = Box(QRectF(n % 11 * 140, n // 11 * 50 + 30, 130, 46), f"capability number {n} of the map")
    box.setBrush(QBrush(QColor("#ffffff")))
    box.setToolTip("description")
    scene.addItem(box)
window.resize(1600, 900)
window.show()
""" + SHOW_AND_REPORT

def script(name: str) -> str:
    """A console script of this environment (pip put it beside the interpreter)."""
    return str(Path(sys.executable).with_name(name))


LAPTOP_SCREEN = '{"screens": [{"name": "Laptop", "x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96}]}'


def platform_for(folder: Path) -> str:
    """The Qt platform every process starts on: the user's display if there is one set, else an offscreen laptop."""
    chosen = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    if chosen != "offscreen":
        return chosen
    screens = folder / "screens.json"
    screens.write_text(LAPTOP_SCREEN)
    return f"offscreen:configfile={screens}"


def time_to_shown(command: list[str], folder: Path, settings: str, platform: str) -> tuple[float, float]:
    """Seconds from process start to the line "shown" (any line before it, such as the demo's, is skipped),
    and the CPU seconds the process says it had used by then: unlike the wall clock, hardly changed by
    other work on the machine.

    Each entry keeps settings of its own (the user's are neither read nor written): it starts again on the
    workshop it opened last, as a facilitator does, instead of rewriting a recent-files list another entry
    changed a moment ago."""
    env = {**os.environ, "QT_QPA_PLATFORM": platform, EXIT_WHEN_SHOWN: "1",
           "XDG_CONFIG_HOME": str(folder / "settings" / settings)}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=folder, env=env)
    cpu = None
    for line in process.stdout:
        if line.startswith("shown "):
            cpu = float(line.split()[1])
            break
    elapsed = time.perf_counter() - started
    process.wait()
    if process.returncode != 0 or cpu is None:
        raise SystemExit(f"{' '.join(command)} did not report being shown (exit {process.returncode})")
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    import digitalmotor_desktop
    from digitalmotor_desktop.ops.workshop import create_workshop

    compileall.compile_dir(Path(digitalmotor_desktop.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        workshop = folder / "fyrbodal.dmw"
        create_workshop(workshop, "fyrbodal-2020").close()
        platform = platform_for(folder)
        runs = {
            "bare PySide6 window": [sys.executable, "-c", BARE],
            "Qt floor (same widgets, no app)": [sys.executable, "-c", QT_FLOOR],
            "digitalmotor gui FILE": [script("digitalmotor"), "gui", str(workshop)],
            "digitalmotor demo": [script("digitalmotor"), "demo", "--output", str(folder / "demo")],
            "digitalmotor-desktop FILE": [script("digitalmotor-desktop"), str(workshop)],
        }
        for name, command in runs.items():  # warm the OS file cache (and make the demo file once)
            time_to_shown(command, folder, name, platform)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
        for _ in range(args.runs):  # interleaved, so drift in machine load hits all alike
            for name, command in runs.items():
                times[name].append(time_to_shown(command, folder, name, platform))
    print(f"start-up to window shown, median of {args.runs} runs (ratio to the Qt floor; target <= 1.25x)")
    for clock, suffix in ((0, ""), (1, ", CPU time")):
        median = {name: statistics.median(run[clock] for run in values) for name, values in times.items()}
        floor = median["Qt floor (same widgets, no app)"]
        for name, value in median.items():
            figure(name + suffix, value * 1000, "ms", "<= 1.25x" if name.startswith("digitalmotor") else "",
                   value / floor, "the Qt floor")


if __name__ == "__main__":
    main()
