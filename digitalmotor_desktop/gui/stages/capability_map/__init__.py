"""Stage 3 — Förmågekarta: the map editor (tree, details, history) beside the drawn map."""

from digitalmotor_desktop.gui.stages.capability_map.view import CapabilityMapStage

__all__ = ["CapabilityMapStage"]
