"""The built-in guide to the five workshops (F1), one HTML page per language."""

from __future__ import annotations

from importlib import resources

from digitalmotor_desktop.core.i18n import LANGUAGES


def guide_html(language: str) -> str:
    """The guide in ``language`` (Swedish or English)."""
    chosen = language if language in LANGUAGES else "sv"
    return resources.files(__package__).joinpath(f"{chosen}.html").read_text(encoding="utf-8")
