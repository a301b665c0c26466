"""Every user-visible string has a Swedish translation, and the .ts file is current."""

import importlib.util
import re
from pathlib import Path

import pytest

from digitalmotor_desktop.core.i18n import filled

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("update_translations", ROOT / "packaging" / "update_translations.py")
update_translations = importlib.util.module_from_spec(spec)
spec.loader.exec_module(update_translations)


def test_every_string_is_translated_to_swedish(tmp_path):
    missing = update_translations.generate(tmp_path / "fresh.ts")
    assert missing == [], "add these to resources/translations/sv/*.json, then run packaging/update_translations.py"


def test_every_swedish_text_keeps_the_fields_of_its_english_source():
    fields = re.compile(r"\{(\w*)\}")
    broken = {source: text for source, text in update_translations.swedish_dictionary().items()
              if sorted(fields.findall(source)) != sorted(fields.findall(text))}
    assert broken == {}


def test_one_placeholder_style_in_the_sources():
    """``{field}`` filled by ``core.i18n.filled``; Qt's ``%1`` + ``replace`` is not used."""
    old_style = re.compile(r"""\.replace\(\s*["']%\d""")
    found = [str(path.relative_to(ROOT)) for path in update_translations.source_files()
             if path.suffix == ".py" and old_style.search(path.read_text(encoding="utf-8"))]
    assert found == []
    assert not [source for source in update_translations.swedish_dictionary() if re.search(r"%\d", source)]


@pytest.mark.parametrize(("translation", "shown"), [
    ("Importerade {file}: {count} rader.", "Importerade a.csv: 3 rader."),
    ("Importerade {fil}: {count} rader.", "Importerade {fil}: 3 rader."),  # a misspelt field: the rest still filled
    ("Importerade {file: {count} rader.", "Importerade {file: 3 rader."),  # a broken brace
    ("Importerade {0}.", "Importerade {0}."),
])
def test_a_broken_translation_still_shows_a_sentence(translation, shown):
    assert filled(translation, file="a.csv", count=3) == shown
