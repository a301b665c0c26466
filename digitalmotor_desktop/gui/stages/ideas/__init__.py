"""Stage 2 — Förmågor, ta fram: the capability board and its goal links, areas and Move to the map."""

from digitalmotor_desktop.gui.stages.ideas.view import IdeasStage  # noqa: F401
