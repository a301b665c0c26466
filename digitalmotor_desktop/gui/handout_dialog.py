"""File → Make a hand-out: a workshop file for one organisation to rate on its own laptop.

The hand-out holds the capability map, the scale and the goals of the open
workshop and no other organisation's data (ops.merge.write_handout); opened in
the app it goes straight to rating. It is written from a consistent copy of
the open workshop; writing one takes milliseconds, so no worker thread.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from digitalmotor_desktop import DOCUMENT_SUFFIX
from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.core.i18n import filled
from digitalmotor_desktop.gui.errors import show_user_error
from digitalmotor_desktop.ops.merge import write_handout
from digitalmotor_desktop.store import ratings as store_ratings

translate = QCoreApplication.translate


def file_name_for(organisation: str | None) -> str:
    """A file name from an organisation's name: letters, digits and dashes only."""
    stem = re.sub(r"\W+", "-", organisation or "").strip("-")
    return (stem or "handout") + DOCUMENT_SUFFIX


def open_handout_dialog(parent_window: QWidget, session) -> Path | None:
    """File → Make a hand-out: asks for the organisation (one of the workshop's, a new name, or
    none) and the file, and writes it from the open workshop (``session``).

    Returns the hand-out's path, or None without a workshop, if the user cancelled, or if it was
    refused (the reason is shown).
    """
    if session is None:
        return None
    names = ["", *(o.name for o in store_ratings.organisations(session.document))]
    name, ok = QInputDialog.getItem(
        parent_window, translate("HandoutDialog", "Make a hand-out"),
        translate("HandoutDialog", "The organisation that will rate in the hand-out (choose, type a new one, "
                  "or leave empty for the participant to add):"), names, 0, True)
    if not ok:
        return None
    name = " ".join(name.split()) or None
    path, _ = QFileDialog.getSaveFileName(
        parent_window, translate("HandoutDialog", "Save the hand-out as"), file_name_for(name),
        filled(translate("HandoutDialog", "Workshops (*{suffix});;All files (*)"), suffix=DOCUMENT_SUFFIX))
    if not path:
        return None
    output = Path(path).with_suffix(DOCUMENT_SUFFIX)
    with tempfile.TemporaryDirectory(prefix="digitalmotor-handout-") as folder:
        copy = Path(folder) / (session.document.path.name if session.document.path else f"workshop{DOCUMENT_SUFFIX}")
        session.document.save_copy(copy)
        try:  # an existing output is replaced only once the new one is complete
            write_handout(copy, output, name, protected=[session.document.path] if session.document.path else [])
        except UserError as error:
            show_user_error(parent_window, error)
            return None
    text = (filled(translate("HandoutDialog", "The hand-out {file} is ready for {organisation}. The participant opens "
                             "it, rates, and sends it back; add it with File → Merge."), file=output.name, organisation=name)
            if name else
            filled(translate("HandoutDialog", "The hand-out {file} is ready. The participant opens it, adds their "
                             "organisation, rates, and sends it back; add it with File → Merge."), file=output.name))
    QMessageBox.information(parent_window, translate("HandoutDialog", "Make a hand-out"), text)
    return output
