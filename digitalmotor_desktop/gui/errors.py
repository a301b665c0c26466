"""The one place that shows a user's mistake: a translated sentence, never a traceback."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.core.i18n import filled


def user_sentence(error: UserError) -> str:
    return filled(QCoreApplication.translate("UserError", error.template), **error.values)


def show_user_error(parent: QWidget | None, error: UserError) -> None:
    box = QMessageBox(QMessageBox.Warning, QCoreApplication.translate("ErrorPresenter", "Digital motor desktop"),
                      user_sentence(error), QMessageBox.Ok, parent)
    problems = getattr(error, "problems", [])
    if problems:
        box.setDetailedText("\n".join(map(user_sentence, problems)))
    box.exec()
