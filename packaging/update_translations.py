"""Refreshes the Swedish Qt translation file from the sources.

1. ``pyside6-lupdate`` collects every ``tr()``, ``translate()`` and
   ``QT_TRANSLATE_NOOP`` string from the package and the Designer forms;
2. the Swedish texts are filled in from ``resources/translations/sv/*.json``
   ({"English source": "svensk text"}, one file per part of the app);
3. the result is written to ``resources/translations/digitalmotor_sv.ts``,
   which the build compiles to ``.qm`` (setup.py), and the dictionary to
   ``digitalmotor_desktop/core/translations/sv.json`` for the Qt-free command line.

Run: ``python packaging/update_translations.py``; it prints the strings that
still lack a translation. ``tests/test_translations.py`` fails while any do.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_FILE = ROOT / "resources" / "translations" / "digitalmotor_sv.ts"
DICTIONARIES = ROOT / "resources" / "translations" / "sv"
CATALOGUE = ROOT / "digitalmotor_desktop" / "core" / "translations" / "sv.json"


def _lupdate() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent / "lupdate"


def source_files() -> list[Path]:
    package = ROOT / "digitalmotor_desktop"
    files = [p for p in package.rglob("*.py") if "forms" not in p.parts]
    return sorted(files) + sorted((ROOT / "ui").glob("*.ui"))


def swedish_dictionary() -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted(DICTIONARIES.glob("*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def write_catalogue() -> Path:
    """The Swedish texts for code that runs without Qt (the command line, files it writes): the same
    dictionary the .qm is filled from, read by ``core.i18n.translator``."""
    CATALOGUE.parent.mkdir(exist_ok=True)
    CATALOGUE.write_text(json.dumps(swedish_dictionary(), ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
    return CATALOGUE


def extract(ts_path: Path) -> None:
    subprocess.run([str(_lupdate()), "-silent", "-no-obsolete", "-locations", "none",
                    *map(str, source_files()), "-ts", str(ts_path)], check=True)


def fill(ts_path: Path, dictionary: dict[str, str]) -> list[tuple[str, str]]:
    """Writes Swedish texts into the .ts; returns (context, source) still missing."""
    tree = ET.parse(ts_path)
    root = tree.getroot()
    root.set("language", "sv_SE")
    root.set("sourcelanguage", "en")
    missing = []
    for context in root.iter("context"):
        context_name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if source in dictionary:
                translation.text = dictionary[source]
                translation.attrib.pop("type", None)
            else:
                translation.text = None
                translation.set("type", "unfinished")
                missing.append((context_name, source))
    ET.indent(tree)
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return missing


def generate(target: Path) -> list[tuple[str, str]]:
    target.unlink(missing_ok=True)
    extract(target)
    return fill(target, swedish_dictionary())


def main() -> int:
    missing = generate(TS_FILE)
    write_catalogue()
    for context, source in missing:
        print(f"untranslated [{context}]: {source}")
    print(f"{TS_FILE.relative_to(ROOT)}: {len(missing)} untranslated")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
