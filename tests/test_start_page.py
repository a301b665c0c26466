"""First run: the start page offers the demo, a new workshop, recent files and the guide (F1)."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from digitalmotor_desktop.gui.guide import GuideDialog
from digitalmotor_desktop.gui.i18n import install_language
from digitalmotor_desktop.gui.main_window import MainWindow


def window(qtbot) -> MainWindow:
    shown = MainWindow()
    qtbot.addWidget(shown)
    shown.resize(1280, 720)
    shown.show()
    return shown


def test_a_first_start_shows_where_to_begin(qtbot):
    install_language("sv")
    shown = window(qtbot)
    page = shown.start_page
    assert shown.ui.stageStack.currentWidget() is page
    assert not shown.ui.stageList.isEnabled()
    assert page.demo.text().startswith("Öppna demoworkshoppen")
    assert not page.recent.isVisible()  # nothing opened yet
    for button in (page.demo, page.new, page.open, page.guide):  # every button whole inside the window
        assert button.isVisible() and button.width() >= button.sizeHint().width()
        assert shown.rect().contains(button.mapTo(shown, button.rect().bottomRight()))


def test_the_demo_button_opens_the_demo_and_close_comes_back_with_it_listed(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    shown = window(qtbot)
    qtbot.mouseClick(shown.start_page.demo, Qt.LeftButton)
    assert shown.session is not None
    assert shown.session.document.path.is_relative_to(tmp_path / "data")
    assert shown.ui.stageStack.currentWidget() is not shown.start_page
    assert shown.ui.stageList.isEnabled()
    shown.ui.actionClose.trigger()
    assert shown.ui.stageStack.currentWidget() is shown.start_page
    assert [shown.start_page.recent.item(0).text()] == ["fyrbodal-demo.dmw"]


def test_f1_opens_the_guide_in_the_windows_language(qtbot):
    install_language("sv")
    shown = window(qtbot)
    assert shown.guide_action.shortcut() == QKeySequence(QKeySequence.HelpContents)  # F1
    assert shown.guide_action in shown.ui.menuHelp.actions()
    shown.guide_action.trigger()
    guides = [w for w in QApplication.topLevelWidgets() if isinstance(w, GuideDialog) and w.isVisible()]
    assert len(guides) == 1
    text = guides[0].browser.toPlainText()
    assert "Mognadsbedömning" in text and "Maturity assessment" not in text
    guides[0].close()
    install_language("en")
    english = GuideDialog()
    qtbot.addWidget(english)
    assert "Maturity assessment" in english.browser.toPlainText()
    assert "Mognadsbedömning" not in english.browser.toPlainText()
