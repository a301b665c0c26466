"""A workshop is made in its maker's language where the template has it.

The accident these prevent: an English-speaking facilitator picks "Empty
workshop" and gets a Swedish maturity scale, Swedish questions on the stage 1
board and Swedish scenario names; or a translation that drops a scale level or
a question, so the two languages' files no longer line up row by row.
"""

import pytest

from digitalmotor_desktop.core.templates import describe_template, load_template, template_names
from digitalmotor_desktop.gui.i18n import install_language
from digitalmotor_desktop.gui.main_window import MainWindow
from digitalmotor_desktop.gui.new_workshop_dialog import NewWorkshopDialog, create_new_workshop
from digitalmotor_desktop.store.document import open_document
from digitalmotor_desktop.store.workshop import workshop_row

#: What identifies a row of each translated list: a translation must keep it, in order.
KEYS = {"maturity_scale": "level", "prompts": "stage", "workshops": "stage", "collaboration_scenarios": "id"}


def texts_of(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for key, item in value.items() if key not in KEYS.values() for text in texts_of(item)]
    return [text for item in value for text in texts_of(item)]


def test_every_entry_of_the_empty_template_is_in_english_whole_and_in_the_same_order():
    swedish, english = load_template("empty"), load_template("empty", "en")
    translated = {key for key in english if english[key] != swedish[key]}
    assert {"title", "mission_question", "maturity_scale", "prompts", "municipal_domains", "workshops",
            "collaboration_scenarios"} <= translated
    for key in translated:
        if isinstance(swedish[key], list):
            assert len(english[key]) == len(swedish[key]), key
            if key in KEYS:
                assert [row[KEYS[key]] for row in english[key]] == [row[KEYS[key]] for row in swedish[key]], key
        assert not set(texts_of(english[key])) & set(texts_of(swedish[key])), key
        assert not [text for text in texts_of(english[key]) if set(text) & set("åäöÅÄÖ")], key


def test_a_language_the_template_has_no_translation_into_gets_the_template_as_written():
    assert load_template("empty", "de") == load_template("empty") == load_template("empty", "sv")
    assert load_template("fyrbodal-2020", "en") == load_template("fyrbodal-2020")  # the study's map, as written
    assert describe_template("empty", "en").title == "Empty workshop"
    assert describe_template("empty").title == "Tom workshop"
    assert all("translations" not in load_template(name, "en") for name in template_names())


@pytest.mark.parametrize("language, title, question, level", [
    ("en", "Empty workshop", "What is unique about us?", "Non-existent"),
    ("sv", "Tom workshop", "Vad är unikt för oss?", "Obefintlig"),
])
def test_new_workshop_from_the_empty_template_in_the_windows_language(qtbot, tmp_path, language, title, question,
                                                                      level):
    install_language(language)
    dialog = NewWorkshopDialog()
    qtbot.addWidget(dialog)
    dialog.ui.templateBox.setCurrentIndex(dialog.ui.templateBox.findData("empty"))
    assert dialog.ui.templateBox.currentText() == title
    assert dialog.ui.titleEdit.placeholderText() == title
    path = tmp_path / "new.dmw"
    create_new_workshop(path, dialog.template(), dialog.title())
    with open_document(path, read_only=True) as document:
        assert workshop_row(document)["title"] == title
        assert document.db.execute("SELECT label FROM scale_level WHERE level = 0").fetchone()[0] == level
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show()
    window.open_path(path, 1)
    qtbot.wait(1)
    questions = window.current_view().panel.prompt_box  # the board's question, as the facilitator picks it
    assert question in [questions.itemText(i) for i in range(questions.count())]
