"""The facilitator's settings, kept by QSettings between runs.

One place names every key and its default, so nothing else reads QSettings by
a string of its own. Tests move the whole store to a temporary folder
(tests/conftest.py), so a test run never changes a user's settings; a
command-line ``--lang`` applies to that run only and is not saved.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from digitalmotor_desktop.core.i18n import DEFAULT_LANGUAGE, LANGUAGES

MAX_RECENT_FILES = 8
#: Presenter (projector) text size in points, and its bounds.
DEFAULT_PRESENTER_FONT_SIZE = 24
PRESENTER_FONT_SIZES = range(12, 73)
DEFAULT_TEMPLATE = "fyrbodal-2020"


def language() -> str:
    value = QSettings().value("language", DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def set_language(value: str) -> None:
    QSettings().setValue("language", value)


def recent_files() -> list[str]:
    """Workshops opened lately, newest first (those that still exist)."""
    return [p for p in QSettings().value("recentFiles", [], list) if Path(p).exists()]


def remember_file(path: Path) -> None:
    resolved = str(path.resolve())
    settings = QSettings()
    listed = settings.value("recentFiles", [], list)
    recent = [resolved, *(p for p in listed if p != resolved)][:MAX_RECENT_FILES]
    if recent != listed:  # writing the settings file costs about 10 ms: not when the file was the last opened
        settings.setValue("recentFiles", recent)


def presenter_font_size() -> int:
    value = QSettings().value("presenterFontSize", DEFAULT_PRESENTER_FONT_SIZE, int)
    return value if value in PRESENTER_FONT_SIZES else DEFAULT_PRESENTER_FONT_SIZE


def set_presenter_font_size(value: int) -> None:
    QSettings().setValue("presenterFontSize", int(value))


def default_min_group_size() -> int | None:
    """The K new workshops start with (None: the template's)."""
    value = QSettings().value("defaultMinGroupSize", 0, int)
    return value if value >= 3 else None


def set_default_min_group_size(value: int | None) -> None:
    QSettings().setValue("defaultMinGroupSize", int(value or 0))


def default_template() -> str:
    return QSettings().value("defaultTemplate", DEFAULT_TEMPLATE, str)


def set_default_template(value: str) -> None:
    QSettings().setValue("defaultTemplate", value)


def window_layout() -> tuple[QByteArray | None, QByteArray | None]:
    """The main window's saved geometry and state (toolbars, docks), if any."""
    settings = QSettings()
    return settings.value("window/geometry", None), settings.value("window/state", None)


def save_window_layout(geometry: QByteArray, state: QByteArray) -> None:
    settings = QSettings()
    settings.setValue("window/geometry", geometry)
    settings.setValue("window/state", state)


def _flag(key: str) -> bool:
    return QSettings().value(key, False, bool)


def room_high_contrast() -> bool:
    """The audience window's white-and-yellow-on-black theme."""
    return _flag("room/highContrast")


def set_room_high_contrast(value: bool) -> None:
    QSettings().setValue("room/highContrast", bool(value))


def room_large_type() -> bool:
    return _flag("room/largeType")


def set_room_large_type(value: bool) -> None:
    QSettings().setValue("room/largeType", bool(value))


def room_screen() -> str:
    """The name of the screen the audience window went on last (empty: the first other screen)."""
    return QSettings().value("room/screen", "", str)


def set_room_screen(name: str) -> None:
    QSettings().setValue("room/screen", name)


DEFAULT_EXERCISE_MINUTES = 10


def exercise_minutes() -> int:
    value = QSettings().value("room/exerciseMinutes", DEFAULT_EXERCISE_MINUTES, int)
    return value if 1 <= value <= 240 else DEFAULT_EXERCISE_MINUTES


def set_exercise_minutes(value: int) -> None:
    QSettings().setValue("room/exerciseMinutes", int(value))


def hotspot() -> tuple[str, str]:
    """The laptop's hotspot (name, password) the audience window offers as a second QR code; ("", "") if none.

    Kept here, on this computer, never in a workshop file: the file travels, the hotspot does not.
    """
    settings = QSettings()
    return settings.value("phones/hotspotName", "", str), settings.value("phones/hotspotPassword", "", str)


def set_hotspot(name: str, password: str) -> None:
    settings = QSettings()
    settings.setValue("phones/hotspotName", name)
    settings.setValue("phones/hotspotPassword", password)
