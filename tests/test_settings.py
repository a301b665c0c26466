"""Settings: kept between runs, never the user's real ones in a test, and --lang for one run only."""

from pathlib import Path

from PySide6.QtCore import QSettings

from digitalmotor_desktop.gui import settings
from digitalmotor_desktop.gui.app import run


def test_a_test_never_reaches_the_users_settings(qapp, private_settings):
    assert Path(QSettings().fileName()).is_relative_to(private_settings)


def test_lang_on_the_command_line_is_for_that_run_only(qapp, fyrbodal_file, tmp_path):
    settings.set_language("sv")
    assert run(file=fyrbodal_file, lang="en", screenshot=tmp_path / "en.png") == 0
    assert settings.language() == "sv"


def test_an_unknown_saved_language_falls_back_to_swedish(qapp):
    QSettings().setValue("language", "klingon")
    assert settings.language() == "sv"


def test_recent_files_newest_first_without_repeats_or_vanished_files(qapp, tmp_path):
    files = [tmp_path / f"w{n}.dmw" for n in range(3)]
    for file in files:
        file.write_bytes(b"")
    for file in (*files, files[0]):
        settings.remember_file(file)
    files[1].unlink()
    assert settings.recent_files() == [str(files[0].resolve()), str(files[2].resolve())]


def test_the_window_comes_back_where_it_was_left(qtbot):
    from digitalmotor_desktop.gui.main_window import MainWindow

    first = MainWindow()
    qtbot.addWidget(first)
    untouched = MainWindow()
    qtbot.addWidget(untouched)
    first.resize(700, 503)  # inside the offscreen screen (800 × 600), which clamps restored geometry
    first.show()
    left = first.size()
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    second.restore_layout()
    # the offscreen screen is 800 px wide and narrower than the window's minimum: compare the height
    assert second.height() == left.height() != untouched.height()


def test_presenter_font_size_is_kept_within_bounds(qapp):
    settings.set_presenter_font_size(30)
    assert settings.presenter_font_size() == 30
    QSettings().setValue("presenterFontSize", 4000)
    assert settings.presenter_font_size() == settings.DEFAULT_PRESENTER_FONT_SIZE
