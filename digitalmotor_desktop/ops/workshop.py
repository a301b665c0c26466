"""Creating and describing workshops."""

from __future__ import annotations

from pathlib import Path

from digitalmotor_desktop.core.templates import load_template
from digitalmotor_desktop.store.document import Document, create_document, remove_document_files
from digitalmotor_desktop.store.workshop import seed_from_template


def create_workshop(path: Path | str | None, template: str, title: str | None = None,
                    language: str | None = None) -> Document:
    """A new workshop file from a built-in template (``path=None``: in memory), in ``language`` where the
    template has it.

    The template is loaded before the file is created, so an unknown template
    leaves nothing behind.
    """
    data = load_template(template, language)
    document = create_document(path)
    try:
        seed_from_template(document, data, title=title)
    except BaseException:
        document.close()
        if path is not None:
            remove_document_files(path)
        raise
    return document
