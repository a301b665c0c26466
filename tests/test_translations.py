"""Every user-visible string has a Swedish translation, and the .ts file is current."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("update_translations", ROOT / "packaging" / "update_translations.py")
update_translations = importlib.util.module_from_spec(spec)
spec.loader.exec_module(update_translations)


def test_every_string_is_translated_to_swedish(tmp_path):
    missing = update_translations.generate(tmp_path / "fresh.ts")
    assert missing == [], "add these to resources/translations/sv/*.json, then run packaging/update_translations.py"
