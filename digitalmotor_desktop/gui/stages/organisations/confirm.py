"""The confirmation before an erasure: it names what will go and says it cannot be undone.

The box is window-modal and opened with ``open()``, not ``exec()``: the window
keeps painting (and a test can read and press it); the erasure runs when the
facilitator presses "Erase for good". Cancel is the default button, so Enter
or Escape erases nothing.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from digitalmotor_desktop.store.erasure import ErasurePlan

#: Labels listed by name before the rest are counted.
SHOWN_LABELS = 6


def what_goes(plan: ErasurePlan) -> str:
    """The confirmation's list of what will be removed, one line each."""
    lines = []
    if plan.organisation_names:
        lines.append(QCoreApplication.translate("Erasure", "the organisation’s name: {names}").format(
            names=", ".join(f"“{name}”" for name in plan.organisation_names)))
    people = len(plan.respondent_ids) + len(plan.removed_respondent_ids)
    labels = ", ".join(plan.labels[:SHOWN_LABELS]) + (" …" if len(plan.labels) > SHOWN_LABELS else "")
    lines.append(QCoreApplication.translate("Erasure", "{count} respondent(s) with their labels and consents")
                 .format(count=people) + (f" ({labels})" if labels else ""))
    lines.append(QCoreApplication.translate(
        "Erasure", "{answers} maturity answer(s), {importance} importance answer(s) and {comments} comment(s)")
        .format(answers=plan.answers, importance=plan.importance, comments=plan.comments))
    return "\n".join(f"• {line}" for line in lines)


def confirm_erasure(parent: QWidget, subject: str, plan: ErasurePlan, erase: Callable[[], None]) -> QMessageBox:
    """Opens the confirmation; ``erase`` runs only if the facilitator presses "Erase for good"."""
    title = QCoreApplication.translate("Erasure", "Erase for good")
    question = QCoreApplication.translate("Erasure", "Erase {subject} from this file for good?")
    box = QMessageBox(QMessageBox.Warning, title, question.format(subject=subject), parent=parent)
    box.setInformativeText(
        QCoreApplication.translate("Erasure", "This removes:") + "\n" + what_goes(plan) + "\n\n"
        + QCoreApplication.translate(
            "Erasure", "Only an erased mark stays, so the erasure also reaches every file this one is merged with. "
                       "The file is rewritten so the old bytes are gone. This cannot be undone."))
    erase_button = box.addButton(title, QMessageBox.DestructiveRole)
    cancel = box.addButton(QMessageBox.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.buttonClicked.connect(lambda button: button is erase_button and erase())
    box.setObjectName("erasureConfirmation")
    box.open()
    return box
