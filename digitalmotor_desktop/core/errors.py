"""Errors a user can cause. Each carries one sentence fit to show as it is.

The GUI shows them through one error presenter and the CLI prints them as one
line with a non-zero exit; nothing else ever reaches a user as a traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem caused by input the user gave us; ``str()`` is the sentence.

    ``template`` is the untranslated sentence (marked with QT_TRANSLATE_NOOP in
    context "UserError") and ``values`` fill its ``{fields}``, so the GUI can
    show it translated while the CLI prints it as it is.
    """

    exit_code = 2

    def __init__(self, template: str, **values: object):
        self.template = template
        self.values = values
        super().__init__(template.format(**values))


class NotAWorkshopFile(UserError):
    """The file is not a Digital motor workshop (text, other database, truncated)."""


class NewerFileVersion(UserError):
    """The file was written by a newer version of the app."""


class DamagedFile(UserError):
    """The file is a workshop but fails SQLite's integrity checks."""


class UnknownTemplate(UserError):
    """No built-in template by that name."""


class InvalidInput(UserError):
    """Bad values in an import, a command-line argument or an edit.

    ``problems`` details the sentence (an import's bad rows), each a
    ``UserError`` of its own so it is translated the same way.
    """

    def __init__(self, template: str, problems: list[UserError] | None = None, **values: object):
        super().__init__(template, **values)
        self.problems = problems or []


class ReadOnlyDocument(UserError):
    """An edit was attempted where the document does not allow it."""


class WriteFailed(UserError):
    """The disk refused a write (full, read-only, failing); the transaction was rolled back."""


class Cancelled(Exception):
    """The user cancelled long work; nothing was written. Not a UserError: there is nothing to show."""
