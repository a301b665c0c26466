"""No text of the other language on screen: every stage rendered in Swedish and in English.

The texts are read back from the widgets a person sees (labels, buttons,
tabs, headers, menus, combo boxes), after a real language switch, and
compared with the translation dictionaries: in Swedish no English source
string that has a Swedish translation may show, in English no Swedish
translation. Strings built with ``{field}`` placeholders are matched as
patterns, so a text assembled from an untranslated template is caught too.
"""

import html
import importlib.util
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QComboBox, QGroupBox, QLabel, QLineEdit, QMenu,
                               QTabWidget, QWidget)

from digitalmotor_desktop.demo import create_demo
from digitalmotor_desktop.gui.i18n import install_language
from digitalmotor_desktop.gui.main_window import MainWindow
from digitalmotor_desktop.gui.stages.registry import STAGES

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("update_translations", ROOT / "packaging" / "update_translations.py")
update_translations = importlib.util.module_from_spec(spec)
spec.loader.exec_module(update_translations)


def normalised(text: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("&", "")
    return re.sub(r"\s+", " ", text).strip().rstrip(":").strip()


PLACEHOLDER = r"\{[a-z_0-9]*\}|%\d"


def pattern(template: str) -> re.Pattern:
    """A whole text for one word; for a phrase, anywhere in a text (texts are often assembled from several)."""
    text = normalised(template)
    parts = re.split(f"({PLACEHOLDER})", text)
    # a number's placeholder stands for digits: "{count} förmågor" must not match the words "Vilka förmågor"
    body = "".join(re.escape(part) if index % 2 == 0 else
                   (r"[\d.,]+" if re.fullmatch(r"\{(count|n|number|k|floor|hidden|level|rows|total)\}|%\d", part)
                    else ".+?") for index, part in enumerate(parts))
    parts = parts[::2]
    if len(parts) == 1 and len(text.split()) < 2:
        return re.compile(body + r"\Z", re.S)
    return re.compile(r"(?:\A|.*?\W)" + body + r"(?:\W|\Z)", re.S)


def patterns(dictionary: dict[str, str], *, english: bool) -> list[tuple[re.Pattern, str]]:
    """What must not show: English sources in Swedish, Swedish texts in English (those that differ)."""
    found = []
    swedish_values = {normalised(v) for v in dictionary.values()}
    english_keys = {normalised(k) for k in dictionary}
    for source, swedish in dictionary.items():
        shown, other = (swedish, source) if english else (source, swedish)
        text = normalised(shown)
        if normalised(other) == text or len(re.sub(PLACEHOLDER, "", text)) < 4:
            continue
        if text in (english_keys if english else swedish_values):  # the same word in both languages
            continue
        found.append((pattern(shown), shown))
    return found


def visible_texts(window: QWidget) -> set[str]:
    texts: set[str] = {window.windowTitle()}
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.add(widget.text())
        if isinstance(widget, QGroupBox):
            texts.add(widget.title())
        if isinstance(widget, QLineEdit):
            texts.add(widget.placeholderText())
        if isinstance(widget, QComboBox):
            texts.update(widget.itemText(i) for i in range(widget.count()))
        if isinstance(widget, QTabWidget):
            texts.update(widget.tabText(i) for i in range(widget.count()))
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            try:
                columns = model.columnCount(widget.rootIndex())
            except TypeError:  # list models keep columnCount private: one column
                columns = 1
            texts.update(str(model.headerData(i, Qt.Horizontal) or "") for i in range(columns))
            texts.update(str(model.index(row, column, widget.rootIndex()).data() or "")
                         for row in range(min(model.rowCount(widget.rootIndex()), 60)) for column in range(columns))
    for menu in window.findChildren(QMenu):
        texts.update(action.text() for action in menu.actions())
    return {normalised(t) for t in texts if t and t.strip()}


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.dmw"
    create_demo(path)
    return path


@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_text_of_the_other_language_on_any_stage(qtbot, demo_file, language):
    install_language(language)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show()
    texts = visible_texts(window)  # the start page
    window.open_path(demo_file)
    for entry in STAGES:
        window.ui.stageList.setCurrentRow(STAGES.index(entry))
        qtbot.wait(1)
        texts |= visible_texts(window)
    forbidden = patterns(update_translations.swedish_dictionary(), english=language == "en")
    wrong = sorted({f"{text!r} (is {source!r})" for text in texts for regex, source in forbidden if regex.match(text)})
    assert wrong == []


def test_no_translated_string_hides_where_lupdate_cannot_find_it():
    """lupdate does not look inside f-strings: a tr() there is never translated."""
    import ast

    hidden = []
    for path in sorted((ROOT / "digitalmotor_desktop").rglob("*.py")):
        if "forms" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Call) and getattr(inner.func, "attr", getattr(inner.func, "id", "")) in (
                            "tr", "translate", "QT_TRANSLATE_NOOP"):
                        hidden.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert hidden == []


def cli_runs(folder: Path, demo: Path) -> list[list[str]]:
    """Every command once, with its help, its summary and a refusal: what a user of the command line reads."""
    import shutil

    from digitalmotor_desktop import cli

    work = folder / "work.dmw"
    shutil.copy(demo, work)
    ratings = folder / "ratings.csv"
    ratings.write_text("organisation,respondent,capability,maturity,importance,comment,share\n"
                       "Kommun X,A,Bygga kultur,3,4,,group\n", encoding="utf-8")
    bad = folder / "bad.csv"
    bad.write_text("organisation,respondent,capability,maturity,importance,comment,share\n"
                   "Kommun X,A,No such capability,9,4,,group\n", encoding="utf-8")
    notes = folder / "notes.csv"
    notes.write_text("prompt,kind,text,cluster\n1,expectation,Snabbare beslut,\n", encoding="utf-8")
    commands = [command for owned in cli.COMMAND_MODULES.values() for command in owned]
    return [["--help"], *([command, "--help"] for command in commands), ["nosuch"], ["info"],
            ["templates"], ["new", str(folder / "new.dmw")], ["info", str(work)], ["info", str(folder / "none.dmw")],
            ["export", str(work), "--format", "csv", "--output", str(folder / "result.csv")],
            ["export", str(work), "--format", "csv", "--what", "notes", "--output", str(folder / "notes-out.csv")],
            ["export", str(work), "--format", "pdf", "--what", "notes", "--output", str(folder / "notes.pdf")],
            ["rating-form", str(work), "--output", str(folder / "form.xlsx")],
            ["import-ratings", str(work), str(ratings), "--dry-run"], ["import-ratings", str(work), str(ratings)],
            ["import-ratings", str(work), str(bad)], ["import-notes", str(work), str(notes)],
            ["handout", str(work), "--output", str(folder / "handout.dmw")],
            ["merge", "--output", str(folder / "joint.dmw"), str(work), str(folder / "handout.dmw"), "--dry-run"],
            ["merge", "--output", str(folder / "joint.dmw"), str(work), str(folder / "handout.dmw")],
            ["publish", str(work), "--to", str(folder / "sync")],
            ["merge", "--output", str(folder / "lead.dmw"), "--folder", str(folder / "sync"), "--dry-run"],
            ["erase", str(work), "--organisation", "Kommun X", "--yes"], ["erase", str(work), "--organisation", "Y"],
            ["demo", "--output", str(folder / "demo"), "--no-window"], ["gui", "--size", "10x10"]]


def cli_output(capsys, argv: list[str]) -> list[str]:
    from digitalmotor_desktop import cli

    try:
        cli.main(argv)
    except SystemExit:  # --help and argparse's refusals
        pass
    captured = capsys.readouterr()
    return (captured.out + captured.err).splitlines()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_text_of_the_other_language_in_what_the_command_line_says(capsys, tmp_path, demo_file, language):
    """Help, summaries, refusals and argparse's own words, every command: ``--lang`` decides them all."""
    from digitalmotor_desktop import cli

    lines = []
    for argv in cli_runs(tmp_path, demo_file):
        lines += cli_output(capsys, [*argv, "--lang", language])
    assert len(lines) > 300
    # a line is often assembled: "usage: …", "file: skipped — why", "  areas   3"; each piece is a text too
    texts = {normalised(piece) for line in lines for piece in re.split(r": | — |\s{2,}", line) + [line]}
    texts -= {command for owned in cli.COMMAND_MODULES.values() for command in owned}  # names, in every language
    forbidden = patterns(update_translations.swedish_dictionary(), english=language == "en")
    wrong = sorted({f"{text!r} (is {source!r})" for text in texts for regex, source in forbidden if regex.match(text)})
    assert wrong == [], "\n".join(wrong)


def test_the_command_line_speaks_the_saved_language_then_the_systems(capsys, tmp_path, monkeypatch):
    """No ``--lang``: the language the window saved, else the locale's (English in the C locale)."""
    from digitalmotor_desktop.commands import choose_language

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    assert choose_language(["info", "x.dmw"]) == "sv"
    assert "användning" in " ".join(cli_output(capsys, ["info"]))
    for locale_name, language in (("en_GB.UTF-8", "en"), ("C.UTF-8", "en"), ("POSIX", "en"), ("de_DE.UTF-8", "sv"),
                                  ("ca_ES.UTF-8", "sv")):
        monkeypatch.setenv("LANG", locale_name)
        assert choose_language([]) == language, locale_name
    settings = tmp_path / "Digital motor" / "Digital motor desktop.conf"
    settings.parent.mkdir()
    settings.write_text("[General]\nlanguage=sv\nrecentFiles=/a.dmw\n", encoding="utf-8")  # as QSettings writes it
    assert choose_language(["templates"]) == "sv"
    assert choose_language(["templates", "--lang", "en"]) == "en"
    assert choose_language(["export", "w.dmw", "--lang=en"]) == "en"
