"""Stage 1 — Mål och vision: the board in ``view``, the målbild beside it in ``malbild``."""

from digitalmotor_desktop.gui.stages.goals.view import GoalsStage  # noqa: F401
