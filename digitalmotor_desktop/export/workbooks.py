"""Saving an openpyxl workbook so that a full or failing disk is one sentence, not a traceback.

openpyxl writing straight to a file leaves, when the disk refuses a write, a
half-written zip whose clean-up fails again when Python exits and prints a
traceback on stderr. The workbook is built in memory (a form or a result is a
few hundred kilobytes) and written in one go, so a failure is one ``OSError``
for the caller to turn into a sentence.
"""

from __future__ import annotations

import io
from pathlib import Path


def save_workbook(workbook, path: Path | str) -> None:
    buffer = io.BytesIO()
    workbook.save(buffer)
    Path(path).write_bytes(buffer.getvalue())
