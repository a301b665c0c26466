"""Start-up time: process start → main window shown with the Fyrbodal workshop open.

Compared with a bare PySide6 QMainWindow started the same way (a fresh
``python -c`` process that shows a window, waits until it is exposed, prints
and exits). Prints the medians of several runs and the ratio; target ≤ 1.5×.

    python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
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
    from digitalmotor_desktop.ops.workshop import create_workshop

    with tempfile.TemporaryDirectory() as folder:
        workshop = Path(folder) / "fyrbodal.dmw"
        create_workshop(workshop, "fyrbodal-2020").close()
        time_to_shown(BARE), time_to_shown(OURS, str(workshop))  # warm the OS file cache
        bare, ours = [], []
        for _ in range(args.runs):  # interleaved, so drift in machine load hits both alike
            bare.append(time_to_shown(BARE))
            ours.append(time_to_shown(OURS, str(workshop)))
    bare_median, ours_median = statistics.median(bare), statistics.median(ours)
    print(f"bare PySide6 window shown:           {bare_median * 1000:7.1f} ms (median of {args.runs})")
    print(f"Digital motor with Fyrbodal workshop: {ours_median * 1000:7.1f} ms (median of {args.runs})")
    print(f"ratio: {ours_median / bare_median:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
