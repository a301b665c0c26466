"""Stage 4 — Mognadsbedömning: the view in ``view``, its pages in ``pages``."""

from digitalmotor_desktop.gui.stages.maturity.view import *  # noqa: F401,F403
