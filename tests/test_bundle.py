"""The installer bundle: PyInstaller builds the one-folder app, which starts headless from outside the source tree."""

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"


@pytest.mark.slow
def test_the_bundle_builds_and_renders_a_workshop_headless(tmp_path):
    if shutil.which("pyinstaller", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("PyInstaller is not installed (pip install -e '.[test]' brings it)")
    from PySide6.QtGui import QImage

    build = subprocess.run(
        [str(Path(sys.executable).parent / "pyinstaller"), "--noconfirm", "--log-level", "ERROR",
         "--workpath", str(tmp_path / "work"), "--distpath", str(tmp_path / "dist"), str(PACKAGING / "digitalmotor.spec")],
        capture_output=True, text=True, timeout=280)
    assert build.returncode == 0, build.stderr[-2000:]
    program = tmp_path / "dist" / "digitalmotor-desktop" / "digitalmotor-desktop"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    run = lambda *args: subprocess.run([str(program), *args], cwd=elsewhere, env=env, capture_output=True, text=True,
                                       timeout=60)
    created = run("new", "w.dmw")
    assert created.returncode == 0 and "55 capabilities" in created.stdout, created.stderr
    shown = run("gui", "w.dmw", "--stage", "3", "--screenshot", "map.png")
    assert shown.returncode == 0, shown.stderr
    image = QImage(str(elsewhere / "map.png"))
    assert (image.width(), image.height()) == (1600, 900)
    assert len({image.pixel(x, 450) for x in range(0, 1600, 7)}) > 3  # the map is drawn, not a blank window


def test_the_desktop_entry_opens_workshop_files():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(PACKAGING / "digitalmotor-desktop.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert "application/x-digitalmotor-workshop" in section["MimeType"].split(";")
    assert section["Exec"].endswith("%f")
    mime = (PACKAGING / "digitalmotor-workshop.xml").read_text(encoding="utf-8")
    assert 'type="application/x-digitalmotor-workshop"' in mime and 'pattern="*.dmw"' in mime
    assert (ROOT / "resources" / "icons" / "digitalmotor.svg").exists()
