"""Start-up time: process start → main window shown with the Fyrbodal workshop open.

Compared with a bare PySide6 QMainWindow started the same way (a fresh
``python -c`` process that shows a window, prints once its event loop runs and
exits). Prints the medians of several runs and the ratio; target ≤ 1.5×.

A third line is a floor: a PySide6 window with the same kinds of widgets and
55 boxes but none of the app's code or data. What it costs over the bare
window is PySide6 creating the Python types and enums those Qt classes need
(the ``Qt`` namespace alone is about 20 ms on CPython 3.11), which any window
showing a capability map pays.

The package is compiled to bytecode first, as an installed copy (or any
second start) runs it; PySide6 itself was compiled by pip.

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

SHOW_AND_REPORT = """
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
def report():
    print("shown", flush=True)
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
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QApplication, QGraphicsRectItem, QGraphicsScene, QGraphicsView, QListWidget,
                               QMainWindow, QSplitter)
app = QApplication([])
window = QMainWindow()
splitter = QSplitter(Qt.Horizontal)
window.setCentralWidget(splitter)
navigator = QListWidget()
navigator.addItems([f"stage {n}" for n in range(6)])
splitter.addWidget(navigator)
scene = QGraphicsScene()
splitter.addWidget(QGraphicsView(scene))
for n in range(55):
    box = QGraphicsRectItem(QRectF(n * 28, 0, 26, 46))
    box.setBrush(QBrush(QColor("#ffffff")))
    box.setToolTip("description")
    scene.addItem(box)
    scene.addSimpleText(f"capability {n}").setPos(n * 28, 50)
window.resize(1600, 900)
window.show()
""" + SHOW_AND_REPORT

OURS = """
import sys
from pathlib import Path
from digitalmotor_desktop.gui.app import application
from digitalmotor_desktop.gui.i18n import install_language
app = application()
install_language("sv")
from digitalmotor_desktop.gui.main_window import MainWindow
window = MainWindow()
window.resize(1600, 900)
window.open_path(Path(sys.argv[1]))
window.show()
""" + SHOW_AND_REPORT


def time_to_shown(code: str, *arguments: str) -> float:
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code, *arguments], stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")})
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.wait()
    if line.strip() != "shown":
        raise SystemExit(f"the window did not report being shown (exit {process.returncode})")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    import digitalmotor_desktop
    from digitalmotor_desktop.ops.workshop import create_workshop

    compileall.compile_dir(Path(digitalmotor_desktop.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        workshop = Path(folder) / "fyrbodal.dmw"
        create_workshop(workshop, "fyrbodal-2020").close()
        runs = {"bare": (BARE,), "floor": (QT_FLOOR,), "ours": (OURS, str(workshop))}
        for command in runs.values():  # warm the OS file cache
            time_to_shown(*command)
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.runs):  # interleaved, so drift in machine load hits all alike
            for name, command in runs.items():
                times[name].append(time_to_shown(*command))
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"bare PySide6 window shown:              {median['bare'] * 1000:7.1f} ms (median of {args.runs})")
    print(f"PySide6 window with the same widgets:   {median['floor'] * 1000:7.1f} ms "
          f"({median['floor'] / median['bare']:.2f}x, no app code or data)")
    print(f"Digital motor with Fyrbodal workshop:    {median['ours'] * 1000:7.1f} ms (median of {args.runs})")
    print(f"ratio: {median['ours'] / median['bare']:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
