"""Organisations and participants: who takes part, their consent, erasure and the file's personal data."""

from digitalmotor_desktop.gui.stages.organisations.view import *  # noqa: F401,F403
